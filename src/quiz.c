/* quiz.c - quiz mode: hide fields of arriving segments, check answers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include "quiz.h"

static const struct {
	unsigned	 bit;
	const char	*name;	/* as print_seg writes it */
	const char	*alias;
	const char	*hint;
} fields[] = {
	{ QZ_SEQ, "seq", NULL,
	  "seq numbers the segment's first byte: the sender's ISN (0 "
	  "relative), +1 for its SYN, + every byte it sent before" },
	{ QZ_ACK, "ack", NULL,
	  "ack is the next byte the sender expects from the other side: that "
	  "side's ISN + 1 for the SYN + the bytes received in order (+1 for "
	  "a FIN)" },
	{ QZ_WIN, "win", "window",
	  "win is the room left in the sender's receive buffer, as it "
	  "advertises it (shifted by the window scale after the handshake)" },
	{ QZ_LEN, "length", "len",
	  "length is the number of data bytes in the segment; SYN and FIN "
	  "take a sequence number each but no length" },
};
#define NFIELDS	(sizeof(fields) / sizeof(fields[0]))

int
quiz_parse_fields(const char *val)
{
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
		for (i = 0; i < NFIELDS; i++)
			if ((strlen(fields[i].name) == n &&
			    strncmp(fields[i].name, p, n) == 0) ||
			    (fields[i].alias != NULL &&
			    strlen(fields[i].alias) == n &&
			    strncmp(fields[i].alias, p, n) == 0))
				break;
		if (i == NFIELDS)
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
			    n ? "," : "", fields[i].name);
	return strlen(buf);
}

const char *
quiz_field_name(unsigned bit)
{
	size_t i;

	for (i = 0; i < NFIELDS; i++)
		if (fields[i].bit == bit)
			return fields[i].name;
	return "?";
}

const char *
quiz_hint(unsigned bit)
{
	size_t i;

	for (i = 0; i < NFIELDS; i++)
		if (fields[i].bit == bit)
			return fields[i].hint;
	return "";
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
				nl = strlen(fields[k].name);
				if ((mask & fields[k].bit) &&
				    strncmp(line + i, fields[k].name, nl) == 0 &&
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
	switch (bit) {
	case QZ_SEQ:
		return pc->relative ? g->seq - pc->seq_base : g->seq;
	case QZ_ACK:
		return pc->relative ? g->ack - pc->ack_base : g->ack;
	case QZ_WIN:
		return g->win;
	case QZ_LEN:
		return g->datalen;
	}
	return 0;
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
