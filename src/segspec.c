/* segspec.c - segment notation: field overrides for sending, patterns for
 * expect; the field table and the parser
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The notation is tcpdump's one-line output, so whatever the shell printed
 * can be pasted back.  Parsing fills a struct segspec with a set bit per
 * field; building (build.c) and matching (segspec_match.c) look only at
 * the fields that are set.  Payload words are segspec_payload.c's.
 */
#include <ctype.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "errbuf.h"
#include "lex.h"
#include "print.h"
#include "seg.h"
#include "segspec.h"
#include "segspec_priv.h"
#include "tcpopt.h"

/*
 * The field table.  Notation rows first, in the order help, completion
 * and "did you mean" list them; then the values only $NAME.FIELD reads.
 * Aliases are the other spellings people bring from tcpdump -v,
 * Wireshark and RFC 9293, and the "len" $NAME.FIELD took before.
 */
#define S	SF_SPEC
#define V	SF_VAR
#define H	SF_HEX
#define F4	SF_V4
#define F6	SF_V6
#define MAXDATA	SEGSPEC_MAXDATA
const struct segfield segfields[] = {
	{ "flags",   NULL,       SP_FLAGS,    VK_FLAGS, S|V,      0xff },
	{ "seq",     NULL,       SP_SEQ,      VK_SEQ,   S|V,      0xffffffff },
	{ "ack",     NULL,       SP_ACK,      VK_NUM,   S|V,      0xffffffff },
	{ "win",     "window",   SP_WIN,      VK_NUM,   S|V,      65535 },
	{ "urg",     "urp",      SP_URG,      VK_NUM,   S|V,      65535 },
	{ "options", NULL,       SP_OPTS,     VK_OPTS,  S,        0 },
	{ "length",  "len",      SP_LEN,      VK_NUM,   S|V,      MAXDATA },
	{ "ttl",     NULL,       SP_TTL,      VK_NUM,   S|V|F4,   255 },
	{ "tos",     NULL,       SP_TOS,      VK_NUM,   S|V|H|F4, 255 },
	{ "id",      NULL,       SP_ID,       VK_NUM,   S|V|F4,   65535 },
	{ "iplen",   NULL,       SP_IPLEN,    VK_NUM,   S|F4,     65535 },
	{ "ipsum",   NULL,       SP_IPSUM,    VK_SUM,   S|H|F4,   65535 },
	{ "ihl",     NULL,       SP_IHL,      VK_NUM,   S|F4,     15 },
	{ "ver",     NULL,       SP_VER,      VK_NUM,   S,        15 },
	{ "proto",   NULL,       SP_PROTO,    VK_NUM,   S,        255 },
	{ "df",      NULL,       SP_DF,       VK_BIT,   S|F4,     1 },
	{ "mf",      NULL,       SP_MF,       VK_BIT,   S|F4,     1 },
	{ "rf",      NULL,       SP_RF,       VK_BIT,   S|F4,     1 },
	{ "frag",    "offset",   SP_FRAG,     VK_NUM,   S|F4,     IP_OFFMASK },
	{ "src",     NULL,       SP_SRC,      VK_ADDR,  S|V,      0xffffffff },
	{ "dst",     NULL,       SP_DST,      VK_ADDR,  S|V,      0xffffffff },
	{ "sport",   NULL,       SP_SPORT,    VK_NUM,   S|V,      65535 },
	{ "dport",   NULL,       SP_DPORT,    VK_NUM,   S|V,      65535 },
	{ "doff",    NULL,       SP_DOFF,     VK_NUM,   S,        15 },
	{ "res",     NULL,       SP_RES,      VK_NUM,   S,        15 },
	{ "cksum",   "checksum", SP_SUM,      VK_SUM,   S|H,      65535 },
	{ "optbytes", NULL,       SP_OPTBYTES, VK_HEX,   S,        0 },
	{ "ipopts",  NULL,       SP_IPOPTS,   VK_HEX,   S|F4,     0 },
	{ "tc",      "class",    SP_TC,       VK_NUM,   S|V|H|F6, 255 },
	{ "flow",    "flowlabel", SP_FLOW,     VK_NUM,   S|V|H|F6, 0xfffff },
	{ "hlim",    "hoplimit", SP_HLIM,     VK_NUM,   S|V|F6,   255 },
	{ "plen",    NULL,       SP_PLEN,     VK_NUM,   S|V|F6,   65535 },
	{ "nxt",     NULL,       SP_NXT,      VK_NUM,   S|V|F6,   255 },
	{ "ext",     NULL,       SP_EXT,      VK_EXT,   S|F6,     0 },
	{ "rawseq",  NULL,       SP_RAWSEQ,   VK_NUM,   V,        0xffffffff },
	{ "rawack",  NULL,       SP_RAWACK,   VK_NUM,   V,        0xffffffff },
	{ "mss",     NULL,       SP_MSS,      VK_NUM,   V,        65535 },
	{ "wscale",  NULL,       SP_WSCALE,   VK_NUM,   V,        255 },
	{ "tsval",   NULL,       SP_TSVAL,    VK_NUM,   V,        0xffffffff },
	{ "tsecr",   NULL,       SP_TSECR,    VK_NUM,   V,        0xffffffff },
	{ "mtu",     NULL,       SP_MTU,      VK_NUM,   V,        65535 },
	{ "from",    NULL,       SP_FROM,     VK_ADDR,  V,        0xffffffff },
	{ NULL }
};
#undef S
#undef V
#undef H
#undef F4
#undef F6
#undef MAXDATA

static int
is_name(const char *nm, const char *s, size_t len)
{
	/* the first letter first: a script's every word passes here */
	return len > 0 && tolower((unsigned char)*nm) ==
	    tolower((unsigned char)*s) && strlen(nm) == len &&
	    strncasecmp(nm, s, len) == 0;
}

const struct segfield *
segfield_lookup(const char *name, size_t len, unsigned use)
{
	const struct segfield *f;

	for (f = segfields; f->name != NULL; f++)
		if ((f->use & use) && (is_name(f->name, name, len) ||
		    (f->alias != NULL && is_name(f->alias, name, len))))
			return f;
	return NULL;
}

const struct segfield *
segfield_of(int field)
{
	const struct segfield *f;

	for (f = segfields; f->name != NULL; f++)
		if (f->field == field)
			return f;
	return NULL;
}

const char *
segfield_name(size_t i, unsigned use)
{
	const struct segfield *f;

	for (f = segfields; f->name != NULL; f++)
		if ((f->use & use) && i-- == 0)
			return f->name;
	return NULL;
}

size_t
segfield_names(char *buf, size_t cap, unsigned use, const char *sep)
{
	const char *nm;
	size_t i, n = 0;

	if (cap == 0)
		return 0;
	buf[0] = '\0';
	for (i = 0; (nm = segfield_name(i, use)) != NULL && n < cap; i++)
		n += (size_t)snprintf(buf + n, cap - n, "%s%s",
		    i > 0 ? sep : "", nm);
	return strlen(buf);
}

uint8_t
segfield_opt(const struct segfield *f)
{
	switch (f->field) {
	case SP_MSS:	return TCPOPT_MSS;
	case SP_WSCALE:	return TCPOPT_WSCALE;
	case SP_TSVAL:
	case SP_TSECR:	return TCPOPT_TS;
	}
	return 0;
}

/* An option's value: the last option of its kind that parsed, as the
 * receiver's TCP would take it */
static int
opt_get(const struct segfield *f, const struct seg *g, uint32_t *v)
{
	const struct tcpopt *o;
	uint8_t kind = segfield_opt(f);
	int i, found = -1;

	for (i = 0; i < g->nopt && i < SEG_MAXOPT; i++) {
		o = &g->opt[i];
		if (o->bad || o->raw || o->kind != kind)
			continue;
		found = 0;
		switch (f->field) {
		case SP_MSS:	*v = o->u.mss; break;
		case SP_WSCALE:	*v = o->u.wscale; break;
		case SP_TSVAL:	*v = o->u.ts.val; break;
		case SP_TSECR:	*v = o->u.ts.ecr; break;
		default:	found = -1; break;
		}
	}
	return found;
}

/* A flag bit of frag: set or cleared as typed */
static void
put_bit(struct seg *g, uint16_t bit, uint32_t v)
{
	if (v)
		g->frag |= bit;
	else
		g->frag &= (uint16_t)~bit;
}

int
segfield_get_addr(const struct segfield *f, const struct seg *g,
    struct ipaddr *a)
{
	if (f->field != SP_SRC && f->field != SP_DST)
		return -1;
	*a = f->field == SP_SRC ? g->saddr : g->daddr;
	return 0;
}

int
segfield_get(const struct segfield *f, const struct seg *g,
    const struct print_ctx *pc, uint32_t *v)
{
	int rel = pc != NULL && pc->relative;

	if (!segfield_fits(f, g, NULL, 0))
		return -1;
	if (segfield_opt(f) != 0)
		return opt_get(f, g, v);
	switch (f->field) {
	case SP_FLAGS:	*v = g->flags; break;
	case SP_SEQ:	*v = rel ? g->seq - pc->seq_base : g->seq; break;
	case SP_ACK:	*v = rel ? g->ack - pc->ack_base : g->ack; break;
	case SP_RAWSEQ:	*v = g->seq; break;
	case SP_RAWACK:	*v = g->ack; break;
	case SP_WIN:	*v = g->win; break;
	case SP_URG:	*v = g->urp; break;
	case SP_LEN:	*v = g->datalen; break;
	case SP_TTL:	*v = g->ttl; break;
	case SP_TOS:	*v = g->tos; break;
	case SP_ID:	*v = g->id; break;
	case SP_IPLEN:	*v = g->tot_len; break;
	case SP_IPSUM:	*v = g->ip_sum; break;
	case SP_IHL:	*v = g->ihl; break;
	case SP_VER:	*v = g->ver; break;
	case SP_PROTO:	*v = g->proto; break;
	case SP_DF:	*v = (g->frag & IP_DF) != 0; break;
	case SP_MF:	*v = (g->frag & IP_MF) != 0; break;
	case SP_RF:	*v = (g->frag & IP_RF) != 0; break;
	case SP_FRAG:	*v = g->frag & IP_OFFMASK; break;
	case SP_SRC:
	case SP_DST:
		/* an IPv6 address is no one number */
		if (SEG_IS6(g))
			return -1;
		*v = f->field == SP_SRC ? g->saddr.v4 : g->daddr.v4;
		break;
	case SP_TC:	*v = g->tos; break;
	case SP_FLOW:	*v = g->flow & 0xfffff; break;
	case SP_HLIM:	*v = g->ttl; break;
	case SP_PLEN:	*v = g->plen; break;
	case SP_NXT:	*v = g->nxt; break;
	case SP_SPORT:	*v = g->sport; break;
	case SP_DPORT:	*v = g->dport; break;
	case SP_DOFF:	*v = g->doff; break;
	case SP_RES:	*v = g->res; break;
	case SP_SUM:	*v = g->sum; break;
	default:	return -1;	/* options, raw bytes: no one number */
	}
	return 0;
}

int
segfield_put(const struct segfield *f, struct seg *g, uint32_t v)
{
	switch (f->field) {
	case SP_FLAGS:	g->flags = (uint8_t)v; break;
	case SP_SEQ:	g->seq = v; break;
	case SP_ACK:	g->ack = v; break;
	case SP_WIN:	g->win = (uint16_t)v; break;
	case SP_URG:	g->urp = (uint16_t)v; break;
	case SP_TTL:	g->ttl = (uint8_t)v; break;
	case SP_TOS:	g->tos = (uint8_t)v; break;
	case SP_ID:	g->id = (uint16_t)v; break;
	case SP_IPLEN:	g->tot_len = (uint16_t)v; break;
	case SP_IPSUM:	g->ip_sum = (uint16_t)v; break;
	case SP_IHL:	g->ihl = (uint8_t)v; break;
	case SP_VER:	g->ver = (uint8_t)v; break;
	case SP_PROTO:	g->proto = (uint8_t)v; break;
	case SP_DF:	put_bit(g, IP_DF, v); break;
	case SP_MF:	put_bit(g, IP_MF, v); break;
	case SP_RF:	put_bit(g, IP_RF, v); break;
	case SP_FRAG:
		g->frag = (uint16_t)((g->frag & ~IP_OFFMASK) | v);
		break;
	case SP_SRC:	g->saddr = ipaddr_v4(v); break;
	case SP_DST:	g->daddr = ipaddr_v4(v); break;
	case SP_TC:	g->tos = (uint8_t)v; break;
	case SP_FLOW:	g->flow = v & 0xfffff; break;
	case SP_HLIM:	g->ttl = (uint8_t)v; break;
	case SP_PLEN:	g->plen = (uint16_t)v; break;
	case SP_NXT:	g->nxt = (uint8_t)v; break;
	case SP_SPORT:	g->sport = (uint16_t)v; break;
	case SP_DPORT:	g->dport = (uint16_t)v; break;
	case SP_DOFF:	g->doff = (uint8_t)v; break;
	case SP_RES:	g->res = (uint8_t)v; break;
	case SP_SUM:	g->sum = (uint16_t)v; break;
	default:	return -1;	/* the payload's length, options */
	}
	return 0;
}

/* The other IP version's name for what a field holds */
static const char *
twin_hint(int field)
{
	switch (field) {
	case SP_TTL:	return " (its hop limit is hlim)";
	case SP_TOS:	return " (its traffic class is tc)";
	case SP_HLIM:	return " (its time to live is ttl)";
	case SP_TC:	return " (its type of service is tos)";
	case SP_PLEN:	return " (its length is iplen)";
	case SP_IPLEN:	return " (its payload length is plen)";
	}
	return "";
}

int
segfield_fits(const struct segfield *f, const struct seg *s, char *why,
    size_t whylen)
{
	int six = SEG_IS6(s);

	if (((f->use & SF_V4) && !six) || ((f->use & SF_V6) && six) ||
	    !(f->use & (SF_V4 | SF_V6)))
		return 1;
	if (why != NULL && whylen > 0)
		snprintf(why, whylen, "%s is an IPv%d field; this segment is "
		    "IPv%d%s", f->name, six ? 4 : 6, six ? 6 : 4,
		    twin_hint(f->field));
	return 0;
}

/* What typing a field fixes that the encoder would otherwise compute */
static uint16_t
fix_of(int field)
{
	switch (field) {
	case SP_IPLEN:	return SEG_FIX_TOTLEN;
	case SP_IPSUM:	return SEG_FIX_IPSUM;
	case SP_IHL:	return SEG_FIX_IHL;
	case SP_VER:	return SEG_FIX_VER;
	case SP_PROTO:	return SEG_FIX_PROTO;
	case SP_DOFF:	return SEG_FIX_DOFF;
	case SP_SUM:	return SEG_FIX_TCPSUM;
	case SP_PLEN:	return SEG_FIX_PLEN;
	case SP_NXT:	return SEG_FIX_NXT;
	}
	return 0;
}

/* src or dst: an address of the segment's own family */
static int
put_addr(const struct segspec *sp, const struct segfield *f, struct seg *g,
    struct errbuf *e)
{
	const struct ipaddr *a6 = &sp->addr6[f->field == SP_DST];
	struct ipaddr *to = f->field == SP_DST ? &g->daddr : &g->saddr;
	char buf[IPADDR_STRLEN];

	if (a6->af == AF_INET6) {
		if (!SEG_IS6(g))
			return err_set(e, sp->col[f->field], "%s %s is an IPv6 "
			    "address; this segment is IPv4", f->name,
			    ipaddr_str(a6, buf, sizeof(buf)));
		*to = *a6;
		return 1;
	}
	if (SEG_IS6(g))
		return err_set(e, sp->col[f->field], "%s %s is an IPv4 "
		    "address; this segment is IPv6", f->name,
		    ipaddr_str(IPADDR4(sp->v[f->field].lo), buf, sizeof(buf)));
	*to = ipaddr_v4(sp->v[f->field].lo);
	return 1;
}

int
segspec_put(const struct segspec *sp, const struct segfield *f,
    struct seg *g, struct errbuf *e)
{
	char why[128];

	if (!segfield_fits(f, g, why, sizeof(why)))
		return err_set(e, sp->col[f->field], "%s", why);
	switch (f->field) {
	case SP_SRC:
	case SP_DST:
		return put_addr(sp, f, g, e);
	case SP_EXT:
		return segspec_ext_put(sp, g, e);
	}
	if (segfield_put(f, g, sp->v[f->field].lo) == -1)
		return 0;
	g->fixed |= fix_of(f->field);
	return 1;
}

const char *
segfield_format(const struct segfield *f, uint32_t v, char *buf,
    size_t cap)
{
	char tmp[16];

	if (f->kind == VK_ADDR)
		snprintf(buf, cap, "%s", print_addr(v, tmp));
	else if (f->kind == VK_FLAGS)
		snprintf(buf, cap, "%s", print_flags((uint8_t)v, tmp));
	else
		snprintf(buf, cap, "%u", v);
	return buf;
}

struct pstate {
	const struct token	*t;
	int			 n;
	int			 mode;
	struct segspec		*sp;
	struct errbuf		*e;
};

/* A word of the notation */
static const struct segfield *
fdesc_find(const char *word)
{
	return segfield_lookup(word, strlen(word), SF_SPEC);
}

/* -2 for a number too large: the user wants to hear the range, not that
 * 99999999999 is not a number. */
int
segspec_u32(const char *s, size_t len, uint32_t *out)
{
	uint64_t v = 0;
	size_t i = 0;
	int base = 10, d, big = 0;

	if (len > 2 && s[0] == '0' && (s[1] == 'x' || s[1] == 'X')) {
		base = 16;
		i = 2;
	}
	if (i >= len)
		return -1;
	for (; i < len; i++) {
		if (isdigit((unsigned char)s[i]))
			d = s[i] - '0';
		else if (base == 16 && isxdigit((unsigned char)s[i]))
			d = tolower((unsigned char)s[i]) - 'a' + 10;
		else
			return -1;
		v = v * (uint64_t)base + (uint64_t)d;
		if (v > 0xffffffffull) {
			big = 1;	/* and read on: junk still says -1 */
			v = 0;
		}
	}
	if (big)
		return -2;
	*out = (uint32_t)v;
	return 0;
}

/* A number as typed for a message: a long one is cut, as lex_clip does. */
#define CLIPLEN(len)	((int)((len) > LEX_CLIP ? LEX_CLIP : (len)))
#define CLIPDOTS(len)	((len) > LEX_CLIP ? "..." : "")

static int
parse_addr(const char *s, size_t len, uint32_t *out)
{
	uint32_t a = 0, part;
	int nparts = 0, ndig;
	size_t i = 0;

	while (nparts < 4) {
		part = 0;
		ndig = 0;
		while (i < len && isdigit((unsigned char)s[i]) && ndig < 4) {
			part = part * 10 + (uint32_t)(s[i++] - '0');
			ndig++;
		}
		if (ndig == 0 || ndig > 3 || part > 255)
			return -1;
		a = a << 8 | part;
		if (++nparts < 4) {
			if (i >= len || s[i] != '.')
				return -1;
			i++;
		}
	}
	if (i != len)
		return -1;
	*out = a;
	return 0;
}

/* One bound of a value: a number, or an address for VK_ADDR fields. */
static int
parse_bound(struct pstate *ps, const struct token *nt, const char *what,
    const struct segfield *fd, const char *s, size_t len, uint32_t *out)
{
	int rc;

	if (fd->kind == VK_ADDR) {
		if (parse_addr(s, len, out) == -1)
			return err_set(ps->e, nt->col,
			    "%s: '%.*s' is not an address (A.B.C.D or IPv6)",
			    what, CLIPLEN(len), s);
		return 0;
	}
	if ((rc = segspec_u32(s, len, out)) == -1)
		return err_set(ps->e, nt->col, "%s: '%.*s%s' is not a number",
		    what, CLIPLEN(len), s, CLIPDOTS(len));
	if (rc == -2 || *out > fd->max)
		return err_set(ps->e, nt->col, "%s %.*s%s out of range (0..%u)",
		    what, CLIPLEN(len), s, CLIPDOTS(len), fd->max);
	return 0;
}

/* A value token: N, or in patterns "*" or "A..B". */
static int
parse_value(struct pstate *ps, const struct token *nt, const char *what,
    const struct segfield *fd, struct sp_val *v, int *wild)
{
	const char *s = nt->text, *dots = strstr(s, "..");
	char clip[LEX_CLIPBUF];

	*wild = 0;
	if (fd->kind == VK_ADDR && strchr(s, ':') != NULL) {
		/* IPv6: one address, no range (a pattern's "*" is above) */
		if (ipaddr_parse(s, AF_INET6, &ps->sp->addr6[fd->field ==
		    SP_DST]) == -1)
			return err_set(ps->e, nt->col, "%s: '%s' is not an "
			    "IPv6 address", what, lex_clip(s, clip));
		v->lo = v->hi = 0;
		return 0;
	}
	if (strcmp(s, "*") == 0 || dots != NULL) {
		if (ps->mode != SPM_PATTERN)
			return err_set(ps->e, nt->col,
			    "wildcards only in expect patterns");
		if (s[0] == '*') {
			*wild = 1;
			v->lo = 0;
			v->hi = fd->max;
			return 0;
		}
		if (parse_bound(ps, nt, what, fd, s, (size_t)(dots - s),
		    &v->lo) == -1 ||
		    parse_bound(ps, nt, what, fd, dots + 2, strlen(dots + 2),
		    &v->hi) == -1)
			return -1;
		if (v->lo > v->hi)
			return err_set(ps->e, nt->col,
			    "%s: range %s is empty", what, lex_clip(s, clip));
		return 0;
	}
	if (parse_bound(ps, nt, what, fd, s, nt->len, &v->lo) == -1)
		return -1;
	v->hi = v->lo;
	return 0;
}

static int
flag_bit(int c)
{
	switch (c) {
	case 'F': return TH_FIN;
	case 'S': return TH_SYN;
	case 'R': return TH_RST;
	case 'P': return TH_PSH;
	case 'U': return TH_URG;
	case 'E': return TH_ECE;
	case 'W': return TH_CWR;
	case '.':
	case 'A': return TH_ACK;
	}
	return 0;
}

/* tcpdump's flag string; returns the index of the first bad character,
 * or -1 when the whole word is flags. */
static int
parse_flags(const char *s, uint8_t *out)
{
	int i, b;

	*out = 0;
	if (strcmp(s, "none") == 0)
		return -1;
	if (s[0] == '\0')
		return 0;
	for (i = 0; s[i] != '\0'; i++) {
		if ((b = flag_bit((unsigned char)s[i])) == 0)
			return i;
		*out |= (uint8_t)b;
	}
	return -1;
}


/* Is t[i] the value of the field before it, or is the value missing? */
static const struct token *
value_tok(struct pstate *ps, int i)
{
	if (i >= ps->n || ps->t[i].kind != TOK_WORD ||
	    fdesc_find(ps->t[i].text) != NULL)
		return NULL;
	return &ps->t[i];
}

static int
is_time(const char *s)
{
	int dot = 0;

	if (!isdigit((unsigned char)*s))
		return 0;
	for (; *s != '\0'; s++) {
		if (*s == '.')
			dot = 1;
		else if (!isdigit((unsigned char)*s) && *s != ':')
			return 0;
	}
	return dot;
}

/* "127.0.0.1.41234" or "127.0.0.1.20000:" */
static int
is_addrport(const char *s)
{
	const char *p;
	char a6[IPADDR_STRLEN + 2];
	struct ipaddr x;
	uint32_t a, port;
	size_t len = strlen(s);

	if (len > 0 && s[len - 1] == ':')
		len--;
	for (p = s + len; p > s && p[-1] != '.'; p--)
		;
	if (p == s)
		return 0;
	if (memchr(s, ':', (size_t)(p - 1 - s)) != NULL &&
	    (size_t)(p - 1 - s) < sizeof(a6)) {
		memcpy(a6, s, (size_t)(p - 1 - s));
		a6[p - 1 - s] = '\0';
		if (ipaddr_parse(a6, AF_INET6, &x) == -1)
			return 0;
	} else if (parse_addr(s, (size_t)(p - 1 - s), &a) == -1)
		return 0;
	return segspec_u32(p, len - (size_t)(p - s), &port) == 0 &&
	    port <= 65535;
}

static int
is_direction(const char *s)
{
	return strcmp(s, "In") == 0 || strcmp(s, "Out") == 0 ||
	    strcmp(s, ">") == 0 || strcmp(s, "<") == 0;
}

/* tcpdump's IPv6 chain after "IP6 a > b:": "HBH DSTOPT RT6 (...)
 * frag (0|24) 40000 > 20000:" up to the ports' colon. */
static int
skip_chain(const struct token *t, int n, int i)
{
	static const char *const kw[] = { "HBH", "DSTOPT", "RT6", "frag" };
	size_t k;
	int j;

	if (i >= n || t[i].kind != TOK_WORD)
		return i;
	for (k = 0; k < sizeof(kw) / sizeof(kw[0]); k++)
		if (strcmp(t[i].text, kw[k]) == 0)
			break;
	if (k == sizeof(kw) / sizeof(kw[0]))
		return i;
	for (j = i + 1; j < n && j < i + 32; j++)
		if (t[j].kind == TOK_WORD && t[j].len > 1 &&
		    t[j].text[t[j].len - 1] == ':' &&
		    isdigit((unsigned char)t[j].text[0]))
			return j + 1;
	return i;
}

/* Skips what the shell (or tcpdump) prints before "Flags": the time, the
 * direction, an interface name before it (tcpdump -i any), "IP" and the
 * address pair, numeric or (without tcpdump -n) names. */
static int
skip_prefix(const struct token *t, int n)
{
	int i = 0, j;

	if (n > 0 && t[0].kind == TOK_WORD && is_time(t[0].text))
		i++;
	while (i < n && t[i].kind == TOK_WORD) {
		if (strcmp(t[i].text, "IP") == 0 ||
		    strcmp(t[i].text, "IP6") == 0) {
			/* "IP a.p > b.q:" - up to the word ending in ':' */
			for (j = i + 1; j < n && j <= i + 3 &&
			    t[j].kind == TOK_WORD; j++)
				if (t[j].text[t[j].len - 1] == ':') {
					i = j;
					break;
				}
			i++;
			i = skip_chain(t, n, i);
		} else if (is_direction(t[i].text) || is_addrport(t[i].text))
			i++;
		else if (i + 1 < n && t[i + 1].kind == TOK_WORD &&
		    (strcmp(t[i + 1].text, "In") == 0 ||
		    strcmp(t[i + 1].text, "Out") == 0) &&
		    fdesc_find(t[i].text) == NULL)
			i += 2;
		else
			break;
	}
	return i;
}

static int
set_flags_from(struct pstate *ps, const struct token *ft,
    const struct token *vt)
{
	struct segspec *sp = ps->sp;
	uint8_t fl;
	int bad;

	/* "..." would read as ACK thrice; like options [...] it is "any" */
	if (strcmp(vt->text, "*") == 0 || strcmp(vt->text, "...") == 0) {
		if (ps->mode != SPM_PATTERN)
			return err_set(ps->e, vt->col,
			    "wildcards only in expect patterns");
		sp->wild |= SP_BIT(SP_FLAGS);
		fl = 0;
	} else if ((bad = parse_flags(vt->text, &fl)) >= 0)
		return err_set(ps->e, vt->col + bad,
		    "'%c' is not a flag (F S R P U E W or . for ACK)",
		    vt->text[bad]);
	sp->v[SP_FLAGS].lo = sp->v[SP_FLAGS].hi = fl;
	sp->set |= SP_BIT(SP_FLAGS);
	sp->col[SP_FLAGS] = ft->col;
	return 0;
}

/* flags S. | flags [S.] | Flags [S.] ; returns tokens consumed */
static int
field_flags(struct pstate *ps, int i)
{
	const struct token *ft = &ps->t[i], *vt;

	if (i + 1 < ps->n && ps->t[i + 1].kind == TOK_LBRACK) {
		if (i + 3 >= ps->n || ps->t[i + 2].kind != TOK_WORD ||
		    ps->t[i + 3].kind != TOK_RBRACK)
			return err_set(ps->e, ps->t[i + 1].col,
			    "%s [...] takes one word of flags, like [S.]",
			    ft->text);
		if (set_flags_from(ps, ft, &ps->t[i + 2]) == -1)
			return -1;
		return 4;
	}
	if (i + 1 >= ps->n || ps->t[i + 1].kind != TOK_WORD)
		return err_set(ps->e, ft->col,
		    "%s needs flags, like S. or [S.]", ft->text);
	vt = &ps->t[i + 1];
	if (set_flags_from(ps, ft, vt) == -1)
		return -1;
	return 2;
}

/* "seq N:M": tcpdump's first:last+1 for a segment with data */
static int
field_seqrange(struct pstate *ps, const struct token *ft,
    const struct token *vt, const char *colon)
{
	struct segspec *sp = ps->sp;
	char clip[LEX_CLIPBUF];
	uint32_t a, b;
	int ra, rb;

	if (strchr(vt->text, '*') != NULL || strstr(vt->text, "..") != NULL)
		return err_set(ps->e, vt->col,
		    "%s N:M takes plain numbers", ft->text);
	ra = segspec_u32(vt->text, (size_t)(colon - vt->text), &a);
	rb = segspec_u32(colon + 1, strlen(colon + 1), &b);
	if (ra == -1 || rb == -1)
		return err_set(ps->e, vt->col, "%s: '%s' is not a number",
		    ft->text, lex_clip(vt->text, clip));
	if (ra == -2 || rb == -2)
		return err_set(ps->e, vt->col, "%s %s out of range "
		    "(0..4294967295)", ft->text, lex_clip(vt->text, clip));
	sp->v[SP_SEQ].lo = sp->v[SP_SEQ].hi = a;
	sp->seq_end_set = 1;
	sp->seq_end = b;
	return 0;
}

/* "*" inside options [...] is for patterns; which values take one is
 * the option table's business (tcpopt_parse_pat). */
static int
opts_nostar(struct pstate *ps, const struct token *t, int n)
{
	int i;

	for (i = 0; i < n; i++)
		if (t[i].kind == TOK_WORD && strcmp(t[i].text, "*") == 0)
			return err_set(ps->e, t[i].col,
			    "wildcards only in expect patterns");
	return 0;
}

static int
field_opts(struct pstate *ps, int i)
{
	struct segspec *sp = ps->sp;
	const struct token *ft = &ps->t[i], *lb;
	int j, nin, nopt;

	if (i + 1 < ps->n && ps->t[i + 1].kind == TOK_WORD &&
	    strcmp(ps->t[i + 1].text, "*") == 0) {
		if (ps->mode != SPM_PATTERN)
			return err_set(ps->e, ps->t[i + 1].col,
			    "wildcards only in expect patterns");
		sp->opts_any = 1;
		sp->wild |= SP_BIT(SP_OPTS);
		return 2;
	}
	if (i + 1 >= ps->n || ps->t[i + 1].kind != TOK_LBRACK)
		return err_set(ps->e, ft->col,
		    "%s needs [ ... ], like [mss 1460,sackOK]", ft->text);
	lb = &ps->t[i + 1];
	for (j = i + 2; j < ps->n && ps->t[j].kind != TOK_RBRACK; j++)
		if (ps->t[j].kind == TOK_LBRACK)
			return err_set(ps->e, ps->t[j].col, "unexpected '['");
	if (j >= ps->n)
		return err_set(ps->e, lb->col, "%s: missing ']'", ft->text);
	nin = j - (i + 2);
	if (nin == 1 && ps->t[i + 2].kind == TOK_WORD &&
	    strcmp(ps->t[i + 2].text, "...") == 0) {
		if (ps->mode != SPM_PATTERN)
			return err_set(ps->e, ps->t[i + 2].col,
			    "options [...] only in expect patterns");
		sp->opts_any = 1;
		sp->wild |= SP_BIT(SP_OPTS);
		return nin + 3;
	}
	if (nin == 0) {
		sp->nopt = 0;
		return 3;
	}
	if (ps->mode == SPM_PATTERN)
		nopt = tcpopt_parse_pat(&ps->t[i + 2], nin, sp->opt,
		    SEG_MAXOPT, sp->optwild, ps->e);
	else if (opts_nostar(ps, &ps->t[i + 2], nin) == -1)
		return -1;
	else
		nopt = tcpopt_parse(&ps->t[i + 2], nin, sp->opt, SEG_MAXOPT,
		    ps->e);
	if (nopt < 0)
		return -1;
	sp->nopt = nopt;
	return nin + 3;
}

static int
field_hex(struct pstate *ps, int i, const struct segfield *fd)
{
	struct segspec *sp = ps->sp;
	const struct token *ft = &ps->t[i], *vt;
	uint8_t *buf = fd->field == SP_IPOPTS ? sp->ipopt : sp->optraw;
	size_t len;

	vt = i + 1 < ps->n ? &ps->t[i + 1] : NULL;
	if (vt == NULL || vt->kind != TOK_WORD ||
	    strncmp(vt->text, "hex:", 4) != 0)
		return err_set(ps->e, ft->col, "%s needs hex:.., like hex:%s",
		    ft->text, fd->field == SP_IPOPTS ? "01010100" : "01010000");
	if (segspec_hex(vt->text + 4, vt->col, buf, 40, &len, ft->text,
	    ps->e) == -1)
		return -1;
	if (len % 4 != 0)
		return err_set(ps->e, vt->col,
		    "%s: %s options need a multiple of 4 bytes (got %zu): "
		    "pad with 00 (eol) or 01 (nop)", ft->text,
		    fd->field == SP_IPOPTS ? "IP" : "TCP", len);
	if (fd->field == SP_IPOPTS)
		sp->ipoptlen = (uint8_t)len;
	else
		sp->optrawlen = (uint8_t)len;
	return 2;
}

/* One field at t[i]; returns tokens consumed or -1 */
static int
parse_field(struct pstate *ps, int i, const struct segfield *fd)
{
	struct segspec *sp = ps->sp;
	const struct token *ft = &ps->t[i], *vt;
	const char *colon;
	int wild, used = 2, rc;

	switch (fd->kind) {
	case VK_FLAGS:
		return field_flags(ps, i);
	case VK_OPTS:
		used = field_opts(ps, i);
		break;
	case VK_HEX:
		used = field_hex(ps, i, fd);
		break;
	case VK_EXT:
		used = segspec_ext_parse(ps->t, ps->n, i, ps->sp, ps->e);
		break;
	case VK_BIT:
		vt = value_tok(ps, i + 1);
		if (vt == NULL || (!isdigit((unsigned char)vt->text[0]) &&
		    vt->text[0] != '*')) {
			sp->v[fd->field].lo = sp->v[fd->field].hi = 1;
			used = 1;
			break;
		}
		if (parse_value(ps, vt, ft->text, fd, &sp->v[fd->field],
		    &wild) == -1)
			return -1;
		if (wild)
			sp->wild |= SP_BIT(fd->field);
		break;
	case VK_SUM:
		vt = value_tok(ps, i + 1);
		if (vt != NULL && strcmp(vt->text, "bad") == 0) {
			if (fd->field == SP_SUM)
				sp->sum_bad = 1;
			else
				sp->ipsum_bad = 1;
			break;
		}
		if (vt == NULL)
			return err_set(ps->e, ft->col,
			    "%s needs a number or 'bad'", ft->text);
		/* FALLTHROUGH */
	case VK_NUM:
	case VK_SEQ:
	case VK_ADDR:
		if ((vt = value_tok(ps, i + 1)) == NULL)
			return err_set(ps->e, ft->col, "%s needs %s", ft->text,
			    fd->kind == VK_ADDR ? "an address (A.B.C.D or "
			    "IPv6)" : "a number");
		if (fd->kind == VK_SEQ &&
		    (colon = strchr(vt->text, ':')) != NULL) {
			rc = field_seqrange(ps, ft, vt, colon);
			if (rc == -1)
				return -1;
			break;
		}
		if (parse_value(ps, vt, ft->text, fd, &sp->v[fd->field],
		    &wild) == -1)
			return -1;
		if (wild)
			sp->wild |= SP_BIT(fd->field);
		break;
	}
	if (used < 0)
		return -1;
	sp->set |= SP_BIT(fd->field);
	sp->col[fd->field] = ft->col;
	return used;
}

/* "length N", exactly, without a payload to count */
static int
exact_len(const struct segspec *sp, uint32_t *len)
{
	if ((sp->set & SP_BIT(SP_LEN)) && !(sp->wild & SP_BIT(SP_LEN)) &&
	    sp->v[SP_LEN].lo == sp->v[SP_LEN].hi) {
		*len = sp->v[SP_LEN].lo;
		return 1;
	}
	return 0;
}

static int
fill_data(struct segspec *sp, uint32_t n, int col, struct errbuf *e)
{
	if ((sp->data = malloc((size_t)n + 1)) == NULL)
		return err_set(e, col, "out of memory");
	segspec_fill(sp->data, n);
	sp->datalen = n;
	sp->set |= SP_BIT(SP_DATA);
	sp->col[SP_DATA] = col;
	return 0;
}

int
segspec_check_payload(const struct segspec *sp, struct errbuf *e)
{
	uint32_t span;

	if (!(sp->set & SP_BIT(SP_DATA)))
		return 0;
	if ((sp->set & SP_BIT(SP_LEN)) && !(sp->wild & SP_BIT(SP_LEN)) &&
	    (sp->datalen < sp->v[SP_LEN].lo || sp->datalen > sp->v[SP_LEN].hi))
		return err_set(e, sp->col[SP_LEN],
		    "length %u but the payload has %zu bytes",
		    sp->v[SP_LEN].lo, sp->datalen);
	span = sp->seq_end - sp->v[SP_SEQ].lo;
	if (sp->seq_end_set && span != (uint32_t)sp->datalen)
		return err_set(e, sp->col[SP_SEQ],
		    "seq %u:%u covers %u bytes but length is %u",
		    sp->v[SP_SEQ].lo, sp->seq_end, span,
		    (uint32_t)sp->datalen);
	return 0;
}

/* Fields that must agree with each other; in SEND mode a length without
 * a payload stands for that many pattern bytes. */
static int
cross_check(struct pstate *ps)
{
	struct segspec *sp = ps->sp;
	uint32_t len, span;

	/* a file: payload's length is known once the edge has read it */
	if (sp->set & SP_BIT(SP_DATA))
		return sp->nfiles > 0 ? 0 : segspec_check_payload(sp, ps->e);
	if (sp->seq_end_set) {
		span = sp->seq_end - sp->v[SP_SEQ].lo;
		if (exact_len(sp, &len)) {
			if (span != len)
				return err_set(ps->e, sp->col[SP_SEQ],
				    "seq %u:%u covers %u bytes but length "
				    "is %u", sp->v[SP_SEQ].lo, sp->seq_end,
				    span, len);
		} else if (ps->mode == SPM_SEND) {
			if (span > SEGSPEC_MAXDATA)
				return err_set(ps->e, sp->col[SP_SEQ],
				    "seq %u:%u covers %u bytes (at most %u)",
				    sp->v[SP_SEQ].lo, sp->seq_end, span,
				    SEGSPEC_MAXDATA);
			return fill_data(sp, span, sp->col[SP_SEQ], ps->e);
		}
	}
	if (ps->mode == SPM_SEND && (sp->set & SP_BIT(SP_LEN)))
		return fill_data(sp, sp->v[SP_LEN].lo, sp->col[SP_LEN], ps->e);
	return 0;
}

/* A word that is no field: say what it could have been.  kw holds the
 * other words the command takes here (within, as, ...). */
static void
unknown_word(struct pstate *ps, int i, const char *const *kw)
{
	const struct token *tok = &ps->t[i];
	struct lex_near nr;
	const char *nm;
	char hint[96], clip[LEX_CLIPBUF];
	size_t k;

	if (lex_squote(tok, ps->n - i, hint, sizeof(hint))) {
		err_set(ps->e, tok->col, "single quotes are not quotes here: "
		    "use %s", hint);
		return;
	}
	lex_near_init(&nr, tok->text);
	for (k = 0; (nm = segfield_name(k, SF_SPEC)) != NULL; k++)
		lex_near_add(&nr, nm);
	lex_near_addv(&nr, kw);
	err_set(ps->e, tok->col, "unknown field '%s'%s",
	    lex_clip(tok->text, clip), lex_near_hint(&nr, hint, sizeof(hint)));
}

int
segspec_parse(const struct token *t, int n, int mode, struct segspec *sp,
    struct errbuf *e)
{
	return segspec_parse_kw(t, n, mode, NULL, sp, e);
}

int
segspec_parse_kw(const struct token *t, int n, int mode,
    const char *const *kw, struct segspec *sp, struct errbuf *e)
{
	struct pstate ps = { t, n, mode, sp, e };
	const struct segfield *fd;
	const struct token *tok;
	uint8_t *buf, fl;
	size_t len;
	int i, r, nfields = 0;

	memset(sp, 0, sizeof(*sp));
	i = skip_prefix(t, n);
	while (i < n) {
		tok = &t[i];
		if (tok->kind == TOK_COMMA) {
			i++;
			continue;
		}
		if ((r = payload_parse(tok, &buf, &len, e)) == -1)
			goto fail;
		if (r != 0) {
			if (segspec_add_payload(sp, tok, buf, len, r == 2,
			    e) == -1)
				goto fail;
			i++;
			nfields++;
			continue;
		}
		if (tok->kind != TOK_WORD) {
			err_set(e, tok->col, "unexpected '%s'", tok->text);
			goto fail;
		}
		fd = fdesc_find(tok->text);
		/* "none" only inside Flags [...]: bare, it is "expect none" */
		if (fd == NULL && ((parse_flags(tok->text, &fl) < 0 &&
		    strcmp(tok->text, "none") != 0) ||
		    (nfields == 0 && strcmp(tok->text, "*") == 0)))
			fd = segfield_of(SP_FLAGS);
		if (fd == NULL) {
			unknown_word(&ps, i, kw);
			goto fail;
		}
		if ((sp->set & SP_BIT(fd->field)) && fd->field != SP_EXT) {
			err_set(e, tok->col, "%s given twice (first at column "
			    "%d)", fd->name, sp->col[fd->field]);
			goto fail;
		}
		if (fd->field == SP_FLAGS && fdesc_find(tok->text) == NULL) {
			/* bare flags: the token is its own value */
			if (set_flags_from(&ps, tok, tok) == -1)
				goto fail;
			r = 1;
		} else if ((r = parse_field(&ps, i, fd)) == -1)
			goto fail;
		i += r;
		nfields++;
	}
	if (cross_check(&ps) == -1)
		goto fail;
	return 0;
fail:
	segspec_free(sp);
	return -1;
}

void
segspec_free(struct segspec *sp)
{
	segspec_free_files(sp);
	free(sp->data);
	sp->data = NULL;
	sp->datalen = 0;
}
