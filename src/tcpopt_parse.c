/* tcpopt_parse.c - the inside of "options [ ... ]" typed as tcpdump
 * prints it, back into struct tcpopt.
 *
 * Names come from the option table (tcpopt_priv.h); each kind's value
 * words are read here, and data[] is filled by encoding the result so a
 * parsed option looks like a decoded one.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "errbuf.h"
#include "lex.h"
#include "seg.h"
#include "sbuf.h"
#include "tcpopt.h"
#include "tcpopt_priv.h"

/* Parses an unsigned number (decimal or 0x hex) no larger than max. */
static int
parse_num(const struct token *t, uint32_t max, const char *what,
    uint32_t *v, struct errbuf *e)
{
	unsigned long long x;
	char *end, clip[LEX_CLIPBUF];

	*v = 0;
	if (t->kind != TOK_WORD || t->text[0] < '0' || t->text[0] > '9')
		return err_set(e, t->col, "%s: expected a number, not \"%s\"",
		    what, lex_clip(t->text, clip));
	errno = 0;
	x = strtoull(t->text, &end, 0);
	if (*end != '\0')
		return err_set(e, t->col, "%s: bad number \"%s\"", what,
		    lex_clip(t->text, clip));
	/* too large is a range to state, not a bad number (ERANGE) */
	if (errno != 0 || x > max)
		return err_set(e, t->col, "%s %s out of range (0..%u)", what,
		    lex_clip(t->text, clip), max);
	*v = (uint32_t)x;
	return 0;
}

/* The column just after the item, for "missing value" errors; namecol is
 * the column just after the option's name. */
static int
end_col(const struct token *t, int n, int namecol)
{
	if (n == 0)
		return namecol;
	return t[n - 1].col + (int)t[n - 1].len;
}

static int
want_end(const struct token *t, int n, int i, struct errbuf *e)
{
	if (i < n)
		return err_set(e, t[i].col, "unexpected \"%s\"", t[i].text);
	return 0;
}

static int
want_word(const struct token *t, int n, int i, int namecol, const char *w,
    struct errbuf *e)
{
	if (i >= n)
		return err_set(e, end_col(t, n, namecol), "expected \"%s\"", w);
	if (t[i].kind != TOK_WORD || strcasecmp(t[i].text, w) != 0)
		return err_set(e, t[i].col, "expected \"%s\", not \"%s\"", w,
		    t[i].text);
	return 0;
}

static int
is_star(const struct token *t)
{
	return t->kind == TOK_WORD && strcmp(t->text, "*") == 0;
}

static int
want_num(const struct token *t, int n, int i, int namecol, uint32_t max,
    const char *what, uint32_t *v, struct errbuf *e)
{
	if (i >= n)
		return err_set(e, end_col(t, n, namecol), "%s needs a value",
		    what);
	return parse_num(&t[i], max, what, v, e);
}

/* A value an expect pattern may leave open: "*" sets bit in *w (w is
 * NULL outside patterns) and reads as 0. */
static int
want_val(const struct token *t, int n, int i, int namecol, uint32_t max,
    const char *what, uint32_t *v, uint8_t *w, uint8_t bit,
    struct errbuf *e)
{
	if (w != NULL && i < n && is_star(&t[i])) {
		*w |= bit;
		*v = 0;
		return 0;
	}
	return want_num(t, n, i, namecol, max, what, v, e);
}

int
opt_parse_none(const struct token *t, int n, int namecol, struct tcpopt *o,
    uint8_t *w, struct errbuf *e)
{
	(void)namecol; (void)o; (void)w;
	return want_end(t, n, 0, e);
}

int
opt_parse_mss(const struct token *t, int n, int namecol, struct tcpopt *o,
    uint8_t *w, struct errbuf *e)
{
	uint32_t v = 0;

	if (want_val(t, n, 0, namecol, 0xffff, "mss", &v, w, TCPOPT_WILD1,
	    e) == -1)
		return -1;
	o->u.mss = (uint16_t)v;
	return want_end(t, n, 1, e);
}

int
opt_parse_wscale(const struct token *t, int n, int namecol, struct tcpopt *o,
    uint8_t *w, struct errbuf *e)
{
	uint32_t v = 0;

	if (want_val(t, n, 0, namecol, 0xff, "wscale", &v, w, TCPOPT_WILD1,
	    e) == -1)
		return -1;
	o->u.wscale = (uint8_t)v;
	return want_end(t, n, 1, e);
}

int
opt_parse_ts(const struct token *t, int n, int namecol, struct tcpopt *o,
    uint8_t *w, struct errbuf *e)
{
	if (want_word(t, n, 0, namecol, "val", e) == -1 ||
	    want_val(t, n, 1, namecol, 0xffffffff, "TS val", &o->u.ts.val,
	    w, TCPOPT_WILD1, e) == -1 ||
	    want_word(t, n, 2, namecol, "ecr", e) == -1 ||
	    want_val(t, n, 3, namecol, 0xffffffff, "TS ecr", &o->u.ts.ecr,
	    w, TCPOPT_WILD2, e) == -1)
		return -1;
	return want_end(t, n, 4, e);
}

static int
parse_edges(const struct token *t, uint32_t *l, uint32_t *r,
    struct errbuf *e)
{
	struct token half;
	char buf[64], *colon;
	size_t k;

	if (t->kind != TOK_WORD || t->len >= sizeof(buf) ||
	    (colon = strchr(t->text, ':')) == NULL)
		return err_set(e, t->col, "sack: expected L:R, not \"%s\"",
		    t->text);
	k = (size_t)(colon - t->text);
	memcpy(buf, t->text, t->len + 1);
	buf[k] = '\0';
	half = *t;
	half.text = buf;
	if (parse_num(&half, 0xffffffff, "sack", l, e) == -1)
		return -1;
	half.text = buf + k + 1;
	half.col = t->col + (int)k + 1;
	return parse_num(&half, 0xffffffff, "sack", r, e);
}

/* "sack 1:2 5:9" or tcpdump's "sack 2 {1:2}{5:9}" */
int
opt_parse_sack(const struct token *t, int n, int namecol, struct tcpopt *o,
    uint8_t *w, struct errbuf *e)
{
	uint32_t count = 0;
	int i = 0, braced, counted = 0;

	(void)w;
	if (n > 0 && t[0].kind == TOK_WORD &&
	    strspn(t[0].text, "0123456789") == t[0].len) {
		if (parse_num(&t[0], SEG_MAXSACK, "sack count", &count, e) ==
		    -1)
			return -1;
		counted = 1;
		i = 1;
	}
	while (i < n) {
		braced = t[i].kind == TOK_LBRACE;
		if (braced && ++i >= n)
			break;
		if (o->nsack == SEG_MAXSACK)
			return err_set(e, t[i].col, "sack: more than %d blocks",
			    SEG_MAXSACK);
		if (parse_edges(&t[i], &o->u.sack[o->nsack].left,
		    &o->u.sack[o->nsack].right, e) == -1)
			return -1;
		o->nsack++;
		i++;
		if (braced) {
			if (i >= n || t[i].kind != TOK_RBRACE)
				return err_set(e, i < n ? t[i].col :
				    end_col(t, n, namecol), "sack: expected }");
			i++;
		}
	}
	if (o->nsack == 0)
		return err_set(e, end_col(t, n, namecol),
		    "sack needs at least one L:R block");
	if (counted && count != o->nsack)
		return err_set(e, t[0].col, "sack: count %u but %d blocks",
		    count, o->nsack);
	return 0;
}

static int
parse_hex(const struct token *t, struct tcpopt *o, struct errbuf *e)
{
	const char *s = t->text;
	/* kind and length take 2 of the 40 bytes; after-EOL bytes take 1 */
	size_t i, n, max = o->raw == TCPOPT_RAW_VERBATIM ? 39 : 38;
	int hi, lo;

	if (t->kind != TOK_WORD)
		return err_set(e, t->col, "expected hex digits");
	if (s[0] == '0' && (s[1] == 'x' || s[1] == 'X'))
		s += 2;
	n = strlen(s);
	if (n % 2 != 0)
		return err_set(e, t->col, "odd number of hex digits");
	if (n / 2 > max)
		return err_set(e, t->col, "more than %zu bytes of hex", max);
	for (i = 0; i < n; i += 2) {
		hi = lex_hexval((unsigned char)s[i]);
		lo = lex_hexval((unsigned char)s[i + 1]);
		if (hi < 0 || lo < 0)
			return err_set(e, t->col + (int)(s - t->text) +
			    (int)i + (hi >= 0), "bad hex digit");
		o->data[i / 2] = (uint8_t)(hi << 4 | lo);
	}
	o->datalen = (uint8_t)(n / 2);
	return 0;
}

/* The annotations tcpopt_format prints after a malformed option, accepted
 * back so a printed line re-sends the same bytes. */
static int
parse_anno(const struct token *t, int n, struct tcpopt *o, int verbatim,
    struct errbuf *e)
{
	uint32_t v = 0;

	/* t[0] is "[" */
	if (n < 3 || t[n - 1].kind != TOK_RBRACK)
		return err_set(e, t[0].col, "unexpected \"[\"");
	if (verbatim) {
		if (n != 4 || strcmp(t[1].text, "after") != 0 ||
		    strcmp(t[2].text, "eol") != 0)
			return err_set(e, t[1].col, "expected [after eol]");
		o->bad = OPTBAD_LEN;
		return 0;
	}
	if (n != 5 || strcmp(t[1].text, "bad") != 0 ||
	    strcmp(t[2].text, "len") != 0)
		return err_set(e, t[1].col, "expected [bad len N]");
	if (t[3].kind != TOK_WORD)
		return err_set(e, t[3].col, "expected a length");
	if (strcmp(t[3].text, "missing") == 0) {
		if (o->datalen != 0)
			return err_set(e, t[3].col,
			    "a missing length cannot have data");
		o->bad = OPTBAD_TRUNC;
		o->len = 0;
		return 0;
	}
	if (parse_num(&t[3], 0xff, "len", &v, e) == -1)
		return -1;
	o->len = (uint8_t)v;
	if (v != 2u + o->datalen)
		o->bad = OPTBAD_LEN;
	return 0;
}

/* "kind K [hex HEX] [[bad len N]]" and "hex HEX [[after eol]]" */
static int
parse_raw(const struct token *t, int n, int namecol, int verbatim,
    struct tcpopt *o, struct errbuf *e)
{
	uint32_t v = 0;
	int i = 0;

	if (verbatim) {
		o->raw = TCPOPT_RAW_VERBATIM;
		if (i >= n)
			return err_set(e, namecol, "hex needs digits");
		if (parse_hex(&t[i++], o, e) == -1)
			return -1;
	} else {
		if (want_num(t, n, i, namecol, 0xff, "kind", &v, e) == -1)
			return -1;
		o->kind = (uint8_t)v;
		o->raw = 1;
		i++;
		if (i < n && t[i].kind == TOK_WORD &&
		    strcasecmp(t[i].text, "hex") == 0) {
			if (++i >= n)
				return err_set(e, end_col(t, n, namecol),
				    "hex needs digits");
			if (parse_hex(&t[i++], o, e) == -1)
				return -1;
		}
		o->len = (uint8_t)(2 + o->datalen);
	}
	if (i < n && t[i].kind == TOK_LBRACK)
		return parse_anno(t + i, n - i, o, verbatim, e);
	return want_end(t, n, i, e);
}

static int
unknown_option(const struct token *t, struct errbuf *e)
{
	static const char *const raw[] = { "kind", "hex", NULL };
	struct lex_near nr;
	char hint[96], clip[LEX_CLIPBUF];

	lex_near_init(&nr, t->text);
	lex_near_addv(&nr, tcpopt_names);
	lex_near_addv(&nr, raw);
	return err_set(e, t->col, "unknown option \"%s\"%s",
	    lex_clip(t->text, clip), lex_near_hint(&nr, hint, sizeof(hint)));
}

/* Is word one after which the table allows "*" (mss *, TS val *)? */
static int
star_word(const char *word)
{
	size_t i, k;

	for (i = 0; i < tcpopt_ndefs; i++)
		for (k = 0; k < 2; k++)
			if (tcpopt_defs[i].star[k] != NULL &&
			    strcmp(tcpopt_defs[i].star[k], word) == 0)
				return 1;
	return 0;
}

/* "mss, wscale, TS val and TS ecr": the values the table lets be "*" */
static void
star_list(char *buf, size_t cap)
{
	struct sbuf sb = { buf, cap, 0 };
	const struct optdef *d;
	size_t i, k, n = 0, total = 0;

	for (i = 0; i < tcpopt_ndefs; i++)
		for (k = 0; k < 2; k++)
			total += tcpopt_defs[i].star[k] != NULL;
	buf[0] = '\0';
	for (i = 0; i < tcpopt_ndefs; i++) {
		d = &tcpopt_defs[i];
		for (k = 0; k < 2; k++) {
			if (d->star[k] == NULL)
				continue;
			if (n++ > 0)
				sb_printf(&sb, n < total ? ", " : " and ");
			if (strcmp(d->name, d->star[k]) == 0)
				sb_printf(&sb, "%s", d->name);
			else
				sb_printf(&sb, "%s %s", d->name, d->star[k]);
		}
	}
}

/* Every "*" follows a word that takes one, checked before any option is
 * read: a misplaced star is the error to report, whatever else is wrong. */
static int
check_stars(const struct token *t, int ntok, int max, struct errbuf *e)
{
	char list[128];
	int i, item = 0;

	for (i = 0; i < ntok; i++) {
		if (t[i].kind == TOK_COMMA)
			item++;
		if (!is_star(&t[i]))
			continue;
		if (item >= max)
			return err_set(e, t[i].col, "too many options");
		if (i > 0 && t[i - 1].kind == TOK_WORD &&
		    star_word(t[i - 1].text))
			continue;
		star_list(list, sizeof(list));
		return err_set(e, t[i].col, "'*' only for %s; options [...] "
		    "matches any", list);
	}
	return 0;
}

static int
parse_opts(const struct token *t, int ntok, struct tcpopt *o, int max,
    uint8_t *wild, struct errbuf *e)
{
	const struct optdef *d;
	struct tcpopt *cur;
	int i = 0, j, n = 0, rc, namecol, kind;

	while (i < ntok) {
		for (j = i; j < ntok && t[j].kind != TOK_COMMA; j++)
			;
		if (j == i)
			return err_set(e, t[i].col, "empty option");
		if (n == max)
			return err_set(e, t[i].col, "more than %d options",
			    max);
		if (t[i].kind != TOK_WORD)
			return err_set(e, t[i].col, "expected an option name");
		cur = &o[n];
		memset(cur, 0, sizeof(*cur));
		namecol = t[i].col + (int)t[i].len;
		if (strcasecmp(t[i].text, "kind") == 0)
			rc = parse_raw(t + i + 1, j - i - 1, namecol, 0, cur, e);
		else if (strcasecmp(t[i].text, "hex") == 0)
			rc = parse_raw(t + i + 1, j - i - 1, namecol, 1, cur, e);
		else if ((kind = tcpopt_kind(t[i].text)) < 0)
			return unknown_option(&t[i], e);
		else {
			cur->kind = (uint8_t)kind;
			d = tcpopt_def(cur->kind);
			rc = d->parse(t + i + 1, j - i - 1, namecol, cur,
			    wild != NULL ? &wild[n] : NULL, e);
			if (rc == 0)
				rc = tcpopt_sync(cur, e);
		}
		if (rc == -1)
			return -1;
		n++;
		if (j < ntok && j + 1 == ntok)
			return err_set(e, t[j].col, "option expected after \",\"");
		i = j + 1;
	}
	return n;
}

int
tcpopt_parse(const struct token *t, int ntok, struct tcpopt *o, int max,
    struct errbuf *e)
{
	return parse_opts(t, ntok, o, max, NULL, e);
}

int
tcpopt_parse_pat(const struct token *t, int ntok, struct tcpopt *o, int max,
    uint8_t *wild, struct errbuf *e)
{
	if (check_stars(t, ntok, max, e) == -1)
		return -1;
	return parse_opts(t, ntok, o, max, wild, e);
}
