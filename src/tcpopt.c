/* tcpopt.c - TCP options: one table drives encoding, decoding, printing,
 * parsing and completion.
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

#define OPTSPACE	40

/* Per-kind operations.  enc writes the value bytes (after kind and length)
 * and returns their count; dec fills the union from data[] and fails when
 * the size is wrong for the kind.  Parsing (tcpopt_parse.c) finds names
 * here through tcpopt_kind. */
struct optdef {
	uint8_t		 kind;
	const char	*name;
	uint8_t		 len;		/* fixed total length; 0 variable */
	int		(*enc)(const struct tcpopt *, uint8_t *,
			    struct errbuf *);
	int		(*dec)(struct tcpopt *);
	void		(*fmt)(struct sbuf *, const struct tcpopt *,
			    const struct optctx *);
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

/* The table.  TCPOPT_TABLE expands once into optdefs[] and once into the
 * completion names so the two cannot drift apart. */
#define TCPOPT_TABLE(X)							\
	X(TCPOPT_EOL,	 "eol",	   1, enc_none,	  dec_none,   fmt_name)	\
	X(TCPOPT_NOP,	 "nop",	   1, enc_none,	  dec_none,   fmt_name)	\
	X(TCPOPT_MSS,	 "mss",	   4, enc_mss,	  dec_mss,    fmt_mss)	\
	X(TCPOPT_WSCALE, "wscale", 3, enc_wscale, dec_wscale, fmt_wscale) \
	X(TCPOPT_SACKOK, "sackOK", 2, enc_none,	  dec_none,   fmt_name)	\
	X(TCPOPT_SACK,	 "sack",   0, enc_sack,	  dec_sack,   fmt_sack)	\
	X(TCPOPT_TS,	 "TS",	  10, enc_ts,	  dec_ts,     fmt_ts)

#define OPTDEF(k, n, l, e, d, f)	{ k, n, l, e, d, f },
static const struct optdef optdefs[] = {
	TCPOPT_TABLE(OPTDEF)
};
#define NOPTDEFS	(sizeof(optdefs) / sizeof(optdefs[0]))

#define OPTNAME(k, n, l, e, d, f)	n,
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

int
tcpopt_kind(const char *name)
{
	size_t i;

	for (i = 0; i < NOPTDEFS; i++)
		if (strcasecmp(optdefs[i].name, name) == 0)
			return optdefs[i].kind;
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
