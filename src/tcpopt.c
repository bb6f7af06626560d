/* tcpopt.c - TCP options: one table (tcpopt_priv.h) drives encoding,
 * decoding, printing, parsing, pattern comparison and completion.
 *
 * Every decoded option keeps its value bytes in data[], and a malformed one
 * is kept as raw bytes with its length byte as it was, so decoding and
 * encoding again reproduces the wire bytes exactly and a printed line can be
 * typed back (tcpopt_parse.c reads these forms).  The raw forms are:
 *   kind K hex HEX                  any kind, length byte = 2 + bytes
 *   kind K hex HEX [bad len N]      length byte N whatever the data
 *   kind K [bad len missing]        the kind byte alone at the very end
 *   hex HEX [after eol]             bytes after EOL, written verbatim
 */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "errbuf.h"
#include "rd.h"
#include "seg.h"
#include "sbuf.h"
#include "tcpopt.h"
#include "tcpopt_priv.h"

#define OPTSPACE	40

#define OPTDEF(k, n, l, enc, dec, fmt, parse, eq, s1, s2)		\
	{ k, n, l, enc, dec, fmt, parse, eq, { s1, s2 } },
const struct optdef tcpopt_defs[] = {
	TCPOPT_TABLE(OPTDEF)
};
const size_t tcpopt_ndefs = sizeof(tcpopt_defs) / sizeof(tcpopt_defs[0]);

/* The names again, for completion: the same table, so they cannot drift */
#define OPTNAME(k, n, l, enc, dec, fmt, parse, eq, s1, s2)	n,
const char *const tcpopt_names[] = {
	TCPOPT_TABLE(OPTNAME)
	"kind",
	NULL
};

const struct optdef *
tcpopt_def(uint8_t kind)
{
	size_t i;

	for (i = 0; i < tcpopt_ndefs; i++)
		if (tcpopt_defs[i].kind == kind)
			return &tcpopt_defs[i];
	return NULL;
}

const char *
tcpopt_name(uint8_t kind)
{
	const struct optdef *d = tcpopt_def(kind);

	return d != NULL ? d->name : NULL;
}

int
tcpopt_kind(const char *name)
{
	size_t i;

	for (i = 0; i < tcpopt_ndefs; i++)
		if (strcasecmp(tcpopt_defs[i].name, name) == 0)
			return tcpopt_defs[i].kind;
	return -1;
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

int
opt_enc_none(const struct tcpopt *o, uint8_t *v, struct errbuf *e)
{
	(void)o; (void)v; (void)e;
	return 0;
}

int
opt_enc_mss(const struct tcpopt *o, uint8_t *v, struct errbuf *e)
{
	(void)e;
	put_be16(v, o->u.mss);
	return 2;
}

int
opt_enc_wscale(const struct tcpopt *o, uint8_t *v, struct errbuf *e)
{
	(void)e;
	v[0] = o->u.wscale;
	return 1;
}

int
opt_enc_ts(const struct tcpopt *o, uint8_t *v, struct errbuf *e)
{
	(void)e;
	put_be32(v, o->u.ts.val);
	put_be32(v + 4, o->u.ts.ecr);
	return 8;
}

int
opt_enc_sack(const struct tcpopt *o, uint8_t *v, struct errbuf *e)
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

int
opt_dec_none(struct tcpopt *o)
{
	return o->datalen == 0 ? 0 : -1;
}

int
opt_dec_mss(struct tcpopt *o)
{
	struct rd r;

	rd_init(&r, o->data, o->datalen);
	o->u.mss = rd_be16(&r);
	return r.err || rd_left(&r) ? -1 : 0;
}

int
opt_dec_wscale(struct tcpopt *o)
{
	struct rd r;

	rd_init(&r, o->data, o->datalen);
	o->u.wscale = rd_u8(&r);
	return r.err || rd_left(&r) ? -1 : 0;
}

int
opt_dec_ts(struct tcpopt *o)
{
	struct rd r;

	rd_init(&r, o->data, o->datalen);
	o->u.ts.val = rd_be32(&r);
	o->u.ts.ecr = rd_be32(&r);
	return r.err || rd_left(&r) ? -1 : 0;
}

int
opt_dec_sack(struct tcpopt *o)
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

/* A value, or "*" where a pattern left it open */
static void
fmt_num(struct sbuf *sb, uint32_t v, int star)
{
	if (star)
		sb_printf(sb, "*");
	else
		sb_printf(sb, "%u", v);
}

void
opt_fmt_name(struct sbuf *sb, const struct tcpopt *o, const struct optctx *oc,
    uint8_t w)
{
	(void)oc; (void)w;
	sb_printf(sb, "%s", tcpopt_name(o->kind));
}

void
opt_fmt_mss(struct sbuf *sb, const struct tcpopt *o, const struct optctx *oc,
    uint8_t w)
{
	(void)oc;
	sb_printf(sb, "mss ");
	fmt_num(sb, o->u.mss, w & TCPOPT_WILD1);
}

void
opt_fmt_wscale(struct sbuf *sb, const struct tcpopt *o,
    const struct optctx *oc, uint8_t w)
{
	(void)oc;
	sb_printf(sb, "wscale ");
	fmt_num(sb, o->u.wscale, w & TCPOPT_WILD1);
}

void
opt_fmt_ts(struct sbuf *sb, const struct tcpopt *o, const struct optctx *oc,
    uint8_t w)
{
	(void)oc;
	sb_printf(sb, "TS val ");
	fmt_num(sb, o->u.ts.val, w & TCPOPT_WILD1);
	sb_printf(sb, " ecr ");
	fmt_num(sb, o->u.ts.ecr, w & TCPOPT_WILD2);
}

void
opt_fmt_sack(struct sbuf *sb, const struct tcpopt *o, const struct optctx *oc,
    uint8_t w)
{
	uint32_t base = oc != NULL && oc->relative ? oc->sack_base : 0;
	int i;

	(void)w;
	sb_printf(sb, "sack %d ", o->nsack);
	for (i = 0; i < o->nsack && i < SEG_MAXSACK; i++)
		sb_printf(sb, "{%u:%u}", o->u.sack[i].left - base,
		    o->u.sack[i].right - base);
}

/* ---- per-kind comparison of a pattern's option p with a segment's ---- */

int
opt_eq_none(const struct tcpopt *p, uint8_t w, const struct tcpopt *s,
    uint32_t sack_base)
{
	(void)p; (void)w; (void)s; (void)sack_base;
	return 1;
}

int
opt_eq_mss(const struct tcpopt *p, uint8_t w, const struct tcpopt *s,
    uint32_t sack_base)
{
	(void)sack_base;
	return (w & TCPOPT_WILD1) || p->u.mss == s->u.mss;
}

int
opt_eq_wscale(const struct tcpopt *p, uint8_t w, const struct tcpopt *s,
    uint32_t sack_base)
{
	(void)sack_base;
	return (w & TCPOPT_WILD1) || p->u.wscale == s->u.wscale;
}

int
opt_eq_ts(const struct tcpopt *p, uint8_t w, const struct tcpopt *s,
    uint32_t sack_base)
{
	(void)sack_base;
	return ((w & TCPOPT_WILD1) || p->u.ts.val == s->u.ts.val) &&
	    ((w & TCPOPT_WILD2) || p->u.ts.ecr == s->u.ts.ecr);
}

int
opt_eq_sack(const struct tcpopt *p, uint8_t w, const struct tcpopt *s,
    uint32_t sack_base)
{
	int i;

	(void)w;
	if (p->nsack != s->nsack)
		return 0;
	for (i = 0; i < p->nsack && i < SEG_MAXSACK; i++)
		if (p->u.sack[i].left != s->u.sack[i].left - sack_base ||
		    p->u.sack[i].right != s->u.sack[i].right - sack_base)
			return 0;
	return 1;
}

static int
data_eq(const struct tcpopt *p, const struct tcpopt *s)
{
	return p->datalen == s->datalen &&
	    memcmp(p->data, s->data, p->datalen) == 0;
}

int
tcpopt_match(const struct tcpopt *p, uint8_t w, const struct tcpopt *s,
    uint32_t sack_base)
{
	const struct optdef *d;

	if (p->kind != s->kind)
		return 0;
	/* "kind K hex ..." asks for those bytes, whatever they mean */
	if (p->raw)
		return data_eq(p, s);
	if (s->bad)
		return 0;
	if ((d = tcpopt_def(p->kind)) == NULL)
		return data_eq(p, s);
	return d->eq(p, w, s, sack_base);
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
    const struct optctx *oc, uint8_t w)
{
	const struct optdef *d = tcpopt_def(o->kind);

	if (o->raw || o->bad || d == NULL)
		fmt_raw(sb, o);
	else
		d->fmt(sb, o, oc, w);
}

size_t
tcpopt_format_pat(char *buf, size_t cap, const struct tcpopt *o, int n,
    const uint8_t *wild, const struct optctx *oc)
{
	struct sbuf sb = { buf, cap, 0 };
	int i;

	if (cap > 0)
		buf[0] = '\0';
	for (i = 0; i < n; i++) {
		if (i > 0)
			sb_printf(&sb, ",");
		tcpopt_format1(&sb, &o[i], oc, wild != NULL ? wild[i] : 0);
	}
	return sb.len;
}

size_t
tcpopt_format(char *buf, size_t cap, const struct tcpopt *o, int n,
    const struct optctx *oc)
{
	return tcpopt_format_pat(buf, cap, o, n, NULL, oc);
}

/* ---- encoding ---- */

size_t
tcpopt_wirelen(const struct tcpopt *o)
{
	const struct optdef *d;
	uint8_t v[OPTSPACE];
	int n;

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
	/* variable (sack): as long as its encoder makes it */
	n = d->enc(o, v, NULL);
	return 2 + (n > 0 ? (size_t)n : 0);
}

int
tcpopt_sync(struct tcpopt *o, struct errbuf *e)
{
	const struct optdef *d;
	int n;

	if (o->raw || (d = tcpopt_def(o->kind)) == NULL)
		return 0;
	if (d->len == 1) {
		o->len = 1;
		o->datalen = 0;
		return 0;
	}
	if ((n = d->enc(o, o->data, e)) < 0)
		return -1;
	o->datalen = (uint8_t)n;
	o->len = (uint8_t)(2 + n);
	return 0;
}

int
tcpopt_value(const struct tcpopt *in, struct tcpopt *out)
{
	const struct optdef *d;

	if (in->bad || in->raw == TCPOPT_RAW_VERBATIM ||
	    (d = tcpopt_def(in->kind)) == NULL)
		return -1;
	*out = *in;
	if (in->raw == 0)
		return 0;
	/* "kind 2 hex 05b4" is an MSS of 1460 all the same */
	out->raw = 0;
	out->nsack = 0;
	memset(&out->u, 0, sizeof(out->u));
	if (out->datalen > sizeof(out->data) || d->dec(out) != 0)
		return -1;
	return 0;
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
