/* tcpopt.c - TCP options: one table drives encoding, decoding, printing,
 * parsing and completion.
 *
 * Every decoded option keeps its value bytes in data[], and a malformed one
 * is kept as raw bytes with its length byte as it was, so decoding and
 * encoding again reproduces the wire bytes exactly and a printed line can be
 * typed back.  The raw forms are:
 *   kind K hex HEX                  any kind, length byte = 2 + bytes
 *   kind K hex HEX [bad len N]      length byte N whatever the data
 *   kind K [bad len missing]        the kind byte alone at the very end
 *   hex HEX [after eol]             bytes after EOL, written verbatim
 */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "errbuf.h"
#include "lex.h"
#include "rd.h"
#include "seg.h"
#include "tcpopt.h"

#define OPTSPACE	40

/* A growing string that never writes past cap; len counts what was
 * actually written so the caller can return it. */
struct sbuf {
	char	*p;
	size_t	 cap;
	size_t	 len;
};

static void sb_printf(struct sbuf *, const char *, ...)
	    __attribute__((format(printf, 2, 3)));

static void
sb_printf(struct sbuf *sb, const char *fmt, ...)
{
	va_list ap;
	int n;

	if (sb->cap == 0 || sb->len >= sb->cap - 1)
		return;
	va_start(ap, fmt);
	n = vsnprintf(sb->p + sb->len, sb->cap - sb->len, fmt, ap);
	va_end(ap);
	if (n < 0)
		return;
	sb->len += (size_t)n;
	if (sb->len > sb->cap - 1)
		sb->len = sb->cap - 1;
}

static void
sb_hex(struct sbuf *sb, const uint8_t *d, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		sb_printf(sb, "%02x", d[i]);
}

/* Per-kind operations.  enc writes the value bytes (after kind and length)
 * and returns their count; dec fills the union from data[] and fails when
 * the size is wrong for the kind; parse reads the tokens after the name. */
struct optdef {
	uint8_t		 kind;
	const char	*name;
	uint8_t		 len;		/* fixed total length; 0 variable */
	int		(*enc)(const struct tcpopt *, uint8_t *,
			    struct errbuf *);
	int		(*dec)(struct tcpopt *);
	void		(*fmt)(struct sbuf *, const struct tcpopt *,
			    const struct optctx *);
	int		(*parse)(const struct token *, int, int,
			    struct tcpopt *, struct errbuf *);
};

static int	enc_none(const struct tcpopt *, uint8_t *, struct errbuf *);
static int	enc_mss(const struct tcpopt *, uint8_t *, struct errbuf *);
static int	enc_wscale(const struct tcpopt *, uint8_t *, struct errbuf *);
static int	enc_ts(const struct tcpopt *, uint8_t *, struct errbuf *);
static int	enc_sack(const struct tcpopt *, uint8_t *, struct errbuf *);
static int	dec_none(struct tcpopt *);
static int	dec_mss(struct tcpopt *);
static int	dec_wscale(struct tcpopt *);
static int	dec_ts(struct tcpopt *);
static int	dec_sack(struct tcpopt *);
static void	fmt_name(struct sbuf *, const struct tcpopt *,
		    const struct optctx *);
static void	fmt_mss(struct sbuf *, const struct tcpopt *,
		    const struct optctx *);
static void	fmt_wscale(struct sbuf *, const struct tcpopt *,
		    const struct optctx *);
static void	fmt_ts(struct sbuf *, const struct tcpopt *,
		    const struct optctx *);
static void	fmt_sack(struct sbuf *, const struct tcpopt *,
		    const struct optctx *);
static int	parse_none(const struct token *, int, int, struct tcpopt *,
		    struct errbuf *);
static int	parse_mss(const struct token *, int, int, struct tcpopt *,
		    struct errbuf *);
static int	parse_wscale(const struct token *, int, int, struct tcpopt *,
		    struct errbuf *);
static int	parse_ts(const struct token *, int, int, struct tcpopt *,
		    struct errbuf *);
static int	parse_sack(const struct token *, int, int, struct tcpopt *,
		    struct errbuf *);

/* The table.  TCPOPT_TABLE expands once into optdefs[] and once into the
 * completion names so the two cannot drift apart. */
#define TCPOPT_TABLE(X)							\
	X(TCPOPT_EOL, "eol", 1, enc_none, dec_none, fmt_name, parse_none) \
	X(TCPOPT_NOP, "nop", 1, enc_none, dec_none, fmt_name, parse_none) \
	X(TCPOPT_MSS, "mss", 4, enc_mss, dec_mss, fmt_mss, parse_mss)	\
	X(TCPOPT_WSCALE, "wscale", 3, enc_wscale, dec_wscale, fmt_wscale, \
	    parse_wscale)						\
	X(TCPOPT_SACKOK, "sackOK", 2, enc_none, dec_none, fmt_name,	\
	    parse_none)							\
	X(TCPOPT_SACK, "sack", 0, enc_sack, dec_sack, fmt_sack, parse_sack) \
	X(TCPOPT_TS, "TS", 10, enc_ts, dec_ts, fmt_ts, parse_ts)

#define OPTDEF(k, n, l, e, d, f, p)	{ k, n, l, e, d, f, p },
static const struct optdef optdefs[] = {
	TCPOPT_TABLE(OPTDEF)
};
#define NOPTDEFS	(sizeof(optdefs) / sizeof(optdefs[0]))

#define OPTNAME(k, n, l, e, d, f, p)	n,
const char *const tcpopt_names[] = {
	TCPOPT_TABLE(OPTNAME)
	"kind",
	NULL
};

static const struct optdef *
tcpopt_def(uint8_t kind)
{
	size_t i;

	for (i = 0; i < NOPTDEFS; i++)
		if (optdefs[i].kind == kind)
			return &optdefs[i];
	return NULL;
}

const char *
tcpopt_name(uint8_t kind)
{
	const struct optdef *d = tcpopt_def(kind);

	return d != NULL ? d->name : NULL;
}

/* ---- per-kind encoders: value bytes only ---- */

static void
put_be16(uint8_t *p, uint16_t v)
{
	p[0] = (uint8_t)(v >> 8);
	p[1] = (uint8_t)v;
}

static void
put_be32(uint8_t *p, uint32_t v)
{
	p[0] = (uint8_t)(v >> 24);
	p[1] = (uint8_t)(v >> 16);
	p[2] = (uint8_t)(v >> 8);
	p[3] = (uint8_t)v;
}

static int
enc_none(const struct tcpopt *o, uint8_t *v, struct errbuf *e)
{
	(void)o; (void)v; (void)e;
	return 0;
}

static int
enc_mss(const struct tcpopt *o, uint8_t *v, struct errbuf *e)
{
	(void)e;
	put_be16(v, o->u.mss);
	return 2;
}

static int
enc_wscale(const struct tcpopt *o, uint8_t *v, struct errbuf *e)
{
	(void)e;
	v[0] = o->u.wscale;
	return 1;
}

static int
enc_ts(const struct tcpopt *o, uint8_t *v, struct errbuf *e)
{
	(void)e;
	put_be32(v, o->u.ts.val);
	put_be32(v + 4, o->u.ts.ecr);
	return 8;
}

static int
enc_sack(const struct tcpopt *o, uint8_t *v, struct errbuf *e)
{
	int i;

	if (o->nsack < 1 || o->nsack > SEG_MAXSACK)
		return err_set(e, 0, "sack needs 1 to %d blocks, not %d",
		    SEG_MAXSACK, o->nsack);
	for (i = 0; i < o->nsack; i++) {
		put_be32(v + 8 * i, o->u.sack[i].left);
		put_be32(v + 8 * i + 4, o->u.sack[i].right);
	}
	return 8 * o->nsack;
}

/* ---- per-kind decoders: from data[] through a bounded reader ---- */

static int
dec_none(struct tcpopt *o)
{
	return o->datalen == 0 ? 0 : -1;
}

static int
dec_mss(struct tcpopt *o)
{
	struct rd r;

	rd_init(&r, o->data, o->datalen);
	o->u.mss = rd_be16(&r);
	return r.err || rd_left(&r) ? -1 : 0;
}

static int
dec_wscale(struct tcpopt *o)
{
	struct rd r;

	rd_init(&r, o->data, o->datalen);
	o->u.wscale = rd_u8(&r);
	return r.err || rd_left(&r) ? -1 : 0;
}

static int
dec_ts(struct tcpopt *o)
{
	struct rd r;

	rd_init(&r, o->data, o->datalen);
	o->u.ts.val = rd_be32(&r);
	o->u.ts.ecr = rd_be32(&r);
	return r.err || rd_left(&r) ? -1 : 0;
}

static int
dec_sack(struct tcpopt *o)
{
	struct rd r;
	int i;

	if (o->datalen == 0 || o->datalen % 8 != 0 ||
	    o->datalen / 8 > SEG_MAXSACK)
		return -1;
	rd_init(&r, o->data, o->datalen);
	o->nsack = o->datalen / 8;
	for (i = 0; i < o->nsack; i++) {
		o->u.sack[i].left = rd_be32(&r);
		o->u.sack[i].right = rd_be32(&r);
	}
	return r.err ? -1 : 0;
}

/* ---- per-kind formatters, tcpdump's words ---- */

static void
fmt_name(struct sbuf *sb, const struct tcpopt *o, const struct optctx *oc)
{
	(void)oc;
	sb_printf(sb, "%s", tcpopt_name(o->kind));
}

static void
fmt_mss(struct sbuf *sb, const struct tcpopt *o, const struct optctx *oc)
{
	(void)oc;
	sb_printf(sb, "mss %u", o->u.mss);
}

static void
fmt_wscale(struct sbuf *sb, const struct tcpopt *o, const struct optctx *oc)
{
	(void)oc;
	sb_printf(sb, "wscale %u", o->u.wscale);
}

static void
fmt_ts(struct sbuf *sb, const struct tcpopt *o, const struct optctx *oc)
{
	(void)oc;
	sb_printf(sb, "TS val %u ecr %u", o->u.ts.val, o->u.ts.ecr);
}

static void
fmt_sack(struct sbuf *sb, const struct tcpopt *o, const struct optctx *oc)
{
	uint32_t base = oc != NULL && oc->relative ? oc->sack_base : 0;
	int i;

	sb_printf(sb, "sack %d ", o->nsack);
	for (i = 0; i < o->nsack && i < SEG_MAXSACK; i++)
		sb_printf(sb, "{%u:%u}", o->u.sack[i].left - base,
		    o->u.sack[i].right - base);
}

static void
fmt_raw(struct sbuf *sb, const struct tcpopt *o)
{
	size_t n = o->datalen <= sizeof(o->data) ? o->datalen :
	    sizeof(o->data);

	if (o->raw == TCPOPT_RAW_VERBATIM) {
		sb_printf(sb, "hex ");
		sb_hex(sb, o->data, n);
		if (o->bad)
			sb_printf(sb, " [after eol]");
		return;
	}
	sb_printf(sb, "kind %u", o->kind);
	if (n > 0) {
		sb_printf(sb, " hex ");
		sb_hex(sb, o->data, n);
	}
	if (o->bad == OPTBAD_TRUNC)
		sb_printf(sb, " [bad len missing]");
	else if (o->bad)
		sb_printf(sb, " [bad len %u]", o->len);
}

static void
tcpopt_format1(struct sbuf *sb, const struct tcpopt *o,
    const struct optctx *oc)
{
	const struct optdef *d = tcpopt_def(o->kind);

	if (o->raw || o->bad || d == NULL)
		fmt_raw(sb, o);
	else
		d->fmt(sb, o, oc);
}

size_t
tcpopt_format(char *buf, size_t cap, const struct tcpopt *o, int n,
    const struct optctx *oc)
{
	struct sbuf sb = { buf, cap, 0 };
	int i;

	if (cap > 0)
		buf[0] = '\0';
	for (i = 0; i < n; i++) {
		if (i > 0)
			sb_printf(&sb, ",");
		tcpopt_format1(&sb, &o[i], oc);
	}
	return sb.len;
}

/* ---- encoding ---- */

size_t
tcpopt_wirelen(const struct tcpopt *o)
{
	const struct optdef *d;

	if (o->raw == TCPOPT_RAW_VERBATIM)
		return o->datalen;
	if (o->raw || o->bad) {
		if (o->bad == OPTBAD_TRUNC)
			return 1;
		return 2 + (size_t)o->datalen;
	}
	if (o->kind == TCPOPT_EOL || o->kind == TCPOPT_NOP)
		return 1;
	if ((d = tcpopt_def(o->kind)) == NULL)
		return 2 + (size_t)o->datalen;
	if (d->len != 0)
		return d->len;
	return 2 + 8 * (size_t)o->nsack;	/* sack */
}

/* Writes one option at out[0..]; room is what is left of the 40 bytes. */
static int
tcpopt_encode1(const struct tcpopt *o, uint8_t *out, size_t room,
    struct errbuf *e)
{
	const struct optdef *d = tcpopt_def(o->kind);
	uint8_t v[OPTSPACE];
	size_t need = tcpopt_wirelen(o);
	int n;

	if (o->datalen > sizeof(o->data))
		return err_set(e, 0, "kind %u: %u data bytes (max %zu)",
		    o->kind, o->datalen, sizeof(o->data));
	if (need > room)
		return -2;
	if (o->raw == TCPOPT_RAW_VERBATIM) {
		memcpy(out, o->data, o->datalen);
		return (int)need;
	}
	out[0] = o->kind;
	if (need == 1)
		return 1;
	if (o->raw || o->bad || d == NULL) {
		/* a deliberately bad length byte is written as given */
		out[1] = o->bad ? o->len : (uint8_t)(2 + o->datalen);
		memcpy(out + 2, o->data, o->datalen);
		return (int)need;
	}
	if ((n = d->enc(o, v, e)) < 0)
		return -1;
	out[1] = (uint8_t)(2 + n);
	memcpy(out + 2, v, (size_t)n);
	return 2 + n;
}

int
tcpopt_encode(const struct tcpopt *o, int n, uint8_t out[40],
    uint8_t *outlen, struct errbuf *e)
{
	char name[64];
	size_t off = 0;
	int i, k;

	*outlen = 0;
	for (i = 0; i < n; i++) {
		k = tcpopt_encode1(&o[i], out + off, OPTSPACE - off, e);
		if (k == -2) {
			tcpopt_format(name, sizeof(name), &o[i], 1, NULL);
			return err_set(e, 0, "options too long: \"%s\" needs "
			    "%zu bytes, only %zu of 40 left", name,
			    tcpopt_wirelen(&o[i]), OPTSPACE - off);
		}
		if (k < 0)
			return -1;
		off += (size_t)k;
	}
	/* Pad with EOL so the data offset counts whole words. */
	while (off % 4 != 0)
		out[off++] = TCPOPT_EOL;
	*outlen = (uint8_t)off;
	return 0;
}

/* ---- decoding ---- */

int
tcpopt_decode(const uint8_t *buf, size_t len, struct tcpopt *o, int max,
    int *anybad)
{
	const struct optdef *d;
	struct tcpopt *t;
	struct rd r;
	size_t i, rest;
	int n = 0;

	*anybad = 0;
	/* The header cannot hold more; clamping keeps data[] in bounds. */
	rd_init(&r, buf, len < OPTSPACE ? len : OPTSPACE);
	while (rd_left(&r) > 0 && n < max) {
		t = &o[n++];
		memset(t, 0, sizeof(*t));
		t->kind = rd_u8(&r);
		t->len = 1;
		if (t->kind == TCPOPT_EOL) {
			/* Padding after EOL should be zero; anything else is
			 * kept verbatim so it is visible and re-sendable. */
			rest = rd_left(&r);
			for (i = 0; i < rest; i++)
				if (rd_ptr(&r)[i] != 0)
					break;
			if (i == rest || n == max)
				break;
			t = &o[n++];
			memset(t, 0, sizeof(*t));
			t->raw = TCPOPT_RAW_VERBATIM;
			t->bad = OPTBAD_LEN;
			t->datalen = (uint8_t)rd_bytes(&r, t->data, rest);
			*anybad = 1;
			break;
		}
		if (t->kind == TCPOPT_NOP)
			continue;
		if (!rd_have(&r, 1)) {
			t->raw = 1;
			t->bad = OPTBAD_TRUNC;
			t->len = 0;
			*anybad = 1;
			break;
		}
		t->len = rd_u8(&r);
		if (t->len < 2 || (size_t)t->len - 2 > rd_left(&r)) {
			/* Nothing after this can be delimited: keep the rest
			 * as its data so the bytes are all accounted for. */
			t->raw = 1;
			t->bad = OPTBAD_LEN;
			t->datalen = (uint8_t)rd_bytes(&r, t->data,
			    rd_left(&r));
			*anybad = 1;
			break;
		}
		t->datalen = (uint8_t)rd_bytes(&r, t->data, t->len - 2u);
		if ((d = tcpopt_def(t->kind)) == NULL)
			t->raw = 1;
		else if ((d->len != 0 && t->len != d->len) || d->dec(t) != 0) {
			t->raw = 1;
			t->bad = OPTBAD_SIZE;
			t->nsack = 0;
			memset(&t->u, 0, sizeof(t->u));
			*anybad = 1;
		}
	}
	return n;
}

/* ---- parsing ---- */

static int
hexval(int c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

/* Parses an unsigned number (decimal or 0x hex) no larger than max. */
static int
parse_num(const struct token *t, uint32_t max, const char *what,
    uint32_t *v, struct errbuf *e)
{
	unsigned long long x;
	char *end;

	if (t->kind != TOK_WORD || t->text[0] < '0' || t->text[0] > '9')
		return err_set(e, t->col, "%s: expected a number, not \"%s\"",
		    what, t->text);
	errno = 0;
	x = strtoull(t->text, &end, 0);
	if (*end != '\0' || errno != 0)
		return err_set(e, t->col, "%s: bad number \"%s\"", what,
		    t->text);
	if (x > max)
		return err_set(e, t->col, "%s: %llu is larger than %u", what,
		    x, max);
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
want_num(const struct token *t, int n, int i, int namecol, uint32_t max,
    const char *what, uint32_t *v, struct errbuf *e)
{
	if (i >= n)
		return err_set(e, end_col(t, n, namecol), "%s needs a value",
		    what);
	return parse_num(&t[i], max, what, v, e);
}

static int
parse_none(const struct token *t, int n, int namecol, struct tcpopt *o,
    struct errbuf *e)
{
	(void)namecol; (void)o;
	return want_end(t, n, 0, e);
}

static int
parse_mss(const struct token *t, int n, int namecol, struct tcpopt *o,
    struct errbuf *e)
{
	uint32_t v;

	if (want_num(t, n, 0, namecol, 0xffff, "mss", &v, e) == -1)
		return -1;
	o->u.mss = (uint16_t)v;
	return want_end(t, n, 1, e);
}

static int
parse_wscale(const struct token *t, int n, int namecol, struct tcpopt *o,
    struct errbuf *e)
{
	uint32_t v;

	if (want_num(t, n, 0, namecol, 0xff, "wscale", &v, e) == -1)
		return -1;
	o->u.wscale = (uint8_t)v;
	return want_end(t, n, 1, e);
}

static int
parse_ts(const struct token *t, int n, int namecol, struct tcpopt *o,
    struct errbuf *e)
{
	if (want_word(t, n, 0, namecol, "val", e) == -1 ||
	    want_num(t, n, 1, namecol, 0xffffffff, "TS val", &o->u.ts.val,
	    e) == -1 ||
	    want_word(t, n, 2, namecol, "ecr", e) == -1 ||
	    want_num(t, n, 3, namecol, 0xffffffff, "TS ecr", &o->u.ts.ecr,
	    e) == -1)
		return -1;
	return want_end(t, n, 4, e);
}

static int
parse_edges(const struct token *t, uint32_t *l, uint32_t *r,
    struct errbuf *e)
{
	struct token half;
	char buf[64], *colon;

	if (t->kind != TOK_WORD || t->len >= sizeof(buf) ||
	    (colon = strchr(t->text, ':')) == NULL)
		return err_set(e, t->col, "sack: expected L:R, not \"%s\"",
		    t->text);
	memcpy(buf, t->text, t->len + 1);
	buf[colon - t->text] = '\0';
	half = *t;
	half.text = buf;
	if (parse_num(&half, 0xffffffff, "sack", l, e) == -1)
		return -1;
	half.text = buf + (colon - t->text) + 1;
	half.col = t->col + (int)(colon - t->text) + 1;
	return parse_num(&half, 0xffffffff, "sack", r, e);
}

/* "sack 1:2 5:9" or tcpdump's "sack 2 {1:2}{5:9}" */
static int
parse_sack(const struct token *t, int n, int namecol, struct tcpopt *o,
    struct errbuf *e)
{
	uint32_t count = 0;
	int i = 0, braced, counted = 0;

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
	size_t i, n;
	int hi, lo;

	if (t->kind != TOK_WORD)
		return err_set(e, t->col, "expected hex digits");
	if (s[0] == '0' && (s[1] == 'x' || s[1] == 'X'))
		s += 2;
	n = strlen(s);
	if (n % 2 != 0)
		return err_set(e, t->col, "odd number of hex digits");
	if (n / 2 > sizeof(o->data) - 2)
		return err_set(e, t->col, "more than %zu bytes of hex",
		    sizeof(o->data) - 2);
	for (i = 0; i < n; i += 2) {
		hi = hexval((unsigned char)s[i]);
		lo = hexval((unsigned char)s[i + 1]);
		if (hi < 0 || lo < 0)
			return err_set(e, t->col + (int)(s - t->text + i) +
			    (hi >= 0), "bad hex digit");
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
	uint32_t v;

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
	uint32_t v;
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

int
tcpopt_parse(const struct token *t, int ntok, struct tcpopt *o, int max,
    struct errbuf *e)
{
	const struct optdef *d = NULL;
	struct tcpopt *cur;
	size_t k;
	int i = 0, j, n = 0, rc, namecol;

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
		else {
			for (k = 0, d = NULL; k < NOPTDEFS; k++)
				if (strcasecmp(optdefs[k].name,
				    t[i].text) == 0)
					d = &optdefs[k];
			if (d == NULL)
				return err_set(e, t[i].col,
				    "unknown option \"%s\"", t[i].text);
			cur->kind = d->kind;
			rc = d->parse(t + i + 1, j - i - 1, namecol, cur, e);
			/* Fill data[] as decoding would, so a parsed option
			 * and a decoded one compare alike. */
			if (rc == 0 && (rc = d->enc(cur, cur->data, e)) >= 0) {
				cur->datalen = (uint8_t)rc;
				rc = 0;
			}
			cur->len = (uint8_t)tcpopt_wirelen(cur);
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
