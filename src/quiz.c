/* quiz.c - quiz mode: hide fields of arriving segments, check answers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "quiz.h"
#include "segspec.h"

/* The fields a quiz asks, by their rows in the field table (names,
 * aliases and values are the table's); quiz_explain knows each one's
 * arithmetic. */
static const struct {
	unsigned	 bit;
	int		 field;	/* SP_* */
} fields[] = {
	{ QZ_SEQ, SP_SEQ },
	{ QZ_ACK, SP_ACK },
	{ QZ_WIN, SP_WIN },
	{ QZ_LEN, SP_LEN },
};
#define NFIELDS	(sizeof(fields) / sizeof(fields[0]))

/* The field's name as print_seg writes it */
static const char *
name_of(size_t i)
{
	return segfield_of(fields[i].field)->name;
}

int
quiz_parse_fields(const char *val)
{
	const struct segfield *f;
	const char *p = val, *q;
	size_t n, i;
	int mask = 0;

	if (strcmp(val, "on") == 0)
		return QZ_ACK;
	if (strcmp(val, "off") == 0)
		return 0;
	if (strcmp(val, "all") == 0)
		return QZ_ALL;
	while (*p != '\0') {
		while (*p == ',' || *p == ' ')
			p++;
		if (*p == '\0')
			break;
		for (q = p; *q != '\0' && *q != ',' && *q != ' '; q++)
			;
		n = (size_t)(q - p);
		f = segfield_lookup(p, n, SF_SPEC);
		for (i = 0; f != NULL && i < NFIELDS; i++)
			if (fields[i].field == f->field)
				break;
		if (f == NULL || i == NFIELDS)
			return -1;
		mask |= (int)fields[i].bit;
		p = q;
	}
	return mask;
}

size_t
quiz_fields_str(unsigned mask, char *buf, size_t cap)
{
	size_t i, n = 0;

	if (cap == 0)
		return 0;
	buf[0] = '\0';
	for (i = 0; i < NFIELDS; i++)
		if ((mask & fields[i].bit) && n < cap)
			n += (size_t)snprintf(buf + n, cap - n, "%s%s",
			    n ? "," : "", name_of(i));
	return strlen(buf);
}

const char *
quiz_field_name(unsigned bit)
{
	size_t i;

	for (i = 0; i < NFIELDS; i++)
		if (fields[i].bit == bit)
			return name_of(i);
	return "?";
}

/* The line is "Flags [S.], seq 0, ack 1, win 65483, options [...],
 * length 0 ...": fields are the items between ", " at bracket depth 0. */
unsigned
quiz_mask(char *line, size_t cap, unsigned mask)
{
	char out[1024];
	size_t i = 0, o = 0, k, nl = 0;
	unsigned hidden = 0;
	int depth = 0, item_start = 1;

	while (line[i] != '\0' && o + 2 < sizeof(out)) {
		if (item_start && depth == 0) {
			for (k = 0; k < NFIELDS; k++) {
				nl = strlen(name_of(k));
				if ((mask & fields[k].bit) &&
				    strncmp(line + i, name_of(k), nl) == 0 &&
				    line[i + nl] == ' ' &&
				    isdigit((unsigned char)line[i + nl + 1]))
					break;
			}
			if (k < NFIELDS && o + nl + 3 < sizeof(out)) {
				memcpy(out + o, line + i, nl + 1);
				o += nl + 1;
				out[o++] = '?';
				i += nl + 1;
				while (line[i] != '\0' && line[i] != ',' &&
				    line[i] != ' ')
					i++;
				hidden |= fields[k].bit;
				item_start = 0;
				continue;
			}
		}
		item_start = 0;
		if (line[i] == '[')
			depth++;
		else if (line[i] == ']' && depth > 0)
			depth--;
		else if (line[i] == ',' && line[i + 1] == ' ' && depth == 0) {
			out[o++] = ',';
			out[o++] = ' ';
			i += 2;
			item_start = 1;
			continue;
		}
		out[o++] = line[i++];
	}
	/* the rest, should out have filled (it holds any print_seg line) */
	while (line[i] != '\0' && o + 1 < sizeof(out))
		out[o++] = line[i++];
	out[o] = '\0';
	if (cap > 0)
		snprintf(line, cap, "%s", out);
	return hidden;
}

uint32_t
quiz_value(const struct seg *g, const struct print_ctx *pc, unsigned bit)
{
	uint32_t v = 0;
	size_t i;

	for (i = 0; i < NFIELDS; i++)
		if (fields[i].bit == bit)
			(void)segfield_get(segfield_of(fields[i].field), g, pc,
			    &v);
	return v;
}

int
quiz_parse_answer(const char *text, uint32_t *v)
{
	char *end;
	unsigned long long n;

	while (*text == ' ' || *text == '\t')
		text++;
	if (!isdigit((unsigned char)*text))
		return -1;
	n = strtoull(text, &end, 10);
	while (*end == ' ' || *end == '\t')
		end++;
	if (*end != '\0' || n > 0xffffffffull)
		return -1;
	*v = (uint32_t)n;
	return 0;
}

/* ----- the arithmetic behind a value ----- */

static uint32_t
seq_space(const struct quiz_seg *q)
{
	return q->len + ((q->flags & TH_SYN) != 0) + ((q->flags & TH_FIN) != 0);
}

/* "its 5 bytes + 1 for its FIN" */
static void
span_words(char *buf, size_t cap, const struct quiz_seg *q)
{
	size_t n = 0;

	buf[0] = '\0';
	if (q->flags & TH_SYN)
		n += (size_t)snprintf(buf + n, cap - n, "1 for its SYN");
	if (q->len > 0 && n < cap)
		n += (size_t)snprintf(buf + n, cap - n, "%sits %u byte%s",
		    n ? " + " : "", q->len, q->len == 1 ? "" : "s");
	if ((q->flags & TH_FIN) && n < cap)
		snprintf(buf + n, cap - n, "%s1 for its FIN", n ? " + " : "");
}

/* The latest segment of a side (ours: 1, the peer's: 0) that took
 * sequence space and ends at v, or NULL. */
static const struct quiz_seg *
ending_at(const struct quiz_seg *before, size_t n, int ours, uint32_t v)
{
	while (n-- > 0)
		if (before[n].ours == ours && seq_space(&before[n]) > 0 &&
		    before[n].seq + seq_space(&before[n]) == v)
			return &before[n];
	return NULL;
}

static const struct quiz_seg *
latest(const struct quiz_seg *before, size_t n, int ours, uint32_t seq,
    int spaced)
{
	while (n-- > 0)
		if (before[n].ours == ours && before[n].seq == seq &&
		    (seq_space(&before[n]) > 0) == spaced)
			return &before[n];
	return NULL;
}

static size_t
why_ack(char *buf, size_t cap, const struct quiz_seg *g,
    const struct quiz_seg *before, size_t n)
{
	const struct quiz_seg *r;
	char span[64];

	if ((r = ending_at(before, n, 1, g->ack)) != NULL) {
		span_words(span, sizeof(span), r);
		return (size_t)snprintf(buf, cap, "ack = our #%zu's seq %u + "
		    "%s = %u: the next byte the peer expects from us", r->no,
		    r->seq, span, g->ack);
	}
	if (g->ack == 1)
		return (size_t)snprintf(buf, cap, "ack = our ISN 0 + 1 for "
		    "our SYN = 1");
	return (size_t)snprintf(buf, cap, "ack = %u: the next byte the peer "
	    "expects from us (1 for our SYN + the %u bytes of ours it holds "
	    "in order)", g->ack, g->ack - 1);
}

static size_t
why_seq(char *buf, size_t cap, const struct quiz_seg *g,
    const struct quiz_seg *before, size_t n)
{
	const struct quiz_seg *r;
	char span[64];

	if (seq_space(g) > 0 && (r = latest(before, n, 0, g->seq, 1)) !=
	    NULL)
		return (size_t)snprintf(buf, cap, "seq = %u, as in the "
		    "peer's #%zu: it sends the same again", g->seq, r->no);
	if ((r = ending_at(before, n, 0, g->seq)) != NULL) {
		span_words(span, sizeof(span), r);
		return (size_t)snprintf(buf, cap, "seq = the peer's #%zu's "
		    "seq %u + %s = %u", r->no, r->seq, span, g->seq);
	}
	if (g->flags & TH_SYN)
		return (size_t)snprintf(buf, cap, "seq = %u: the peer's ISN, "
		    "where its relative numbers start", g->seq);
	if ((r = latest(before, n, 0, g->seq, 0)) != NULL)
		return (size_t)snprintf(buf, cap, "seq = %u, as in the "
		    "peer's #%zu: a segment with no data, SYN or FIN takes no "
		    "sequence number", g->seq, r->no);
	return (size_t)snprintf(buf, cap, "seq = %u: the peer's ISN 0 + 1 "
	    "for its SYN + the %u bytes it sent before", g->seq,
	    g->seq > 0 ? g->seq - 1 : 0);
}

static size_t
why_len(char *buf, size_t cap, const struct quiz_seg *g)
{
	const char *sf = (g->flags & TH_SYN) && (g->flags & TH_FIN) ?
	    "its SYN and FIN take" : (g->flags & TH_SYN) ? "its SYN takes" :
	    (g->flags & TH_FIN) ? "its FIN takes" : NULL;

	if (g->len > 0)
		return (size_t)snprintf(buf, cap, "length = %u - %u = %u: the "
		    "data bytes, seq %u:%u%s%s", g->seq + g->len, g->seq,
		    g->len, g->seq, g->seq + g->len, sf ? "; " : "",
		    sf ? "a SYN or FIN takes a sequence number, no length" :
		    "");
	return (size_t)snprintf(buf, cap, "length = 0: no data%s%s%s",
	    sf ? " (" : "", sf ? sf : "", sf ? " a sequence number but no "
	    "length)" : "");
}

static size_t
why_win(char *buf, size_t cap, const struct quiz_seg *g,
    const struct quiz_seg *before, size_t n)
{
	size_t k = n, w;

	while (k-- > 0 && before[k].ours)
		;
	w = (size_t)snprintf(buf, cap, "win = %u: the room the peer "
	    "advertises in its receive buffer, the 16-bit field as sent%s",
	    g->win, g->flags & TH_SYN ? " (a SYN's window is never scaled)" :
	    " (its window scale, if any, multiplies it)");
	if (k < n && w < cap) {
		if (before[k].win == g->win)
			w += (size_t)snprintf(buf + w, cap - w, "; the same as "
			    "in the peer's #%zu", before[k].no);
		else
			w += (size_t)snprintf(buf + w, cap - w, "; the peer's "
			    "#%zu said %u (%+ld)", before[k].no, before[k].win,
			    (long)g->win - (long)before[k].win);
	}
	return w;
}

size_t
quiz_explain(char *buf, size_t cap, unsigned bit, const struct quiz_seg *g,
    const struct quiz_seg *before, size_t n)
{
	if (cap == 0)
		return 0;
	buf[0] = '\0';
	switch (bit) {
	case QZ_ACK:
		why_ack(buf, cap, g, before, n);
		break;
	case QZ_SEQ:
		why_seq(buf, cap, g, before, n);
		break;
	case QZ_LEN:
		why_len(buf, cap, g);
		break;
	case QZ_WIN:
		why_win(buf, cap, g, before, n);
		break;
	}
	return strlen(buf);
}

size_t
quiz_score_str(const struct quiz_score *sc, char *buf, size_t cap)
{
	if (cap == 0)
		return 0;
	if (sc->revealed > 0)
		snprintf(buf, cap, "score %u of %u (%u revealed, not scored)",
		    sc->right, sc->right + sc->wrong, sc->revealed);
	else
		snprintf(buf, cap, "score %u of %u", sc->right,
		    sc->right + sc->wrong);
	return strlen(buf);
}
