/* segspec_match.c - does a segment match an expect pattern, and if not,
 * the first field that differs, as "ack 5, expected 1"
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Only the fields the pattern gives are compared, in the order tcpdump
 * prints them.  Options compare through the option table (tcpopt_match).
 */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "print.h"
#include "seg.h"
#include "segspec.h"
#include "segspec_priv.h"
#include "tcpopt.h"

static void
fmt_val(char *buf, size_t cap, const struct segfield *fd, uint32_t v)
{
	if (fd->use & SF_HEX)
		snprintf(buf, cap, "0x%04x", v);
	else
		segfield_format(fd, v, buf, cap);
}

static void
fmt_expect(char *buf, size_t cap, const struct segfield *fd,
    const struct sp_val *v)
{
	char lo[20], hi[20];

	fmt_val(lo, sizeof(lo), fd, v->lo);
	fmt_val(hi, sizeof(hi), fd, v->hi);
	if (v->lo == v->hi)
		snprintf(buf, cap, "%s", lo);
	else
		snprintf(buf, cap, "%s..%s", lo, hi);
}

static int
why_set(char *why, size_t whylen, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

static int
why_set(char *why, size_t whylen, const char *fmt, ...)
{
	va_list ap;

	if (why != NULL && whylen > 0) {
		va_start(ap, fmt);
		vsnprintf(why, whylen, fmt, ap);
		va_end(ap);
	}
	return 0;
}

/* Options other than NOP and EOL: padding is the sender's business */
static int
real_opts(const struct tcpopt *in, int n, const struct tcpopt **out)
{
	int i, k = 0;

	for (i = 0; i < n; i++)
		if (in[i].raw || (in[i].kind != TCPOPT_NOP &&
		    in[i].kind != TCPOPT_EOL))
			out[k++] = &in[i];
	return k;
}

static int
match_opts(const struct segspec *p, const struct seg *s, uint32_t sack_base,
    int relative, char *why, size_t whylen)
{
	const struct tcpopt *po[SEG_MAXOPT], *so[SEG_MAXOPT];
	struct optctx oc = { relative, sack_base };
	char sb[256], pb[256];
	int np, ns, i, ok;

	np = real_opts(p->opt, p->nopt, po);
	ns = real_opts(s->opt, s->nopt < SEG_MAXOPT ? s->nopt : SEG_MAXOPT,
	    so);
	ok = np == ns;
	for (i = 0; ok && i < np; i++)
		ok = tcpopt_match(po[i], p->optwild[po[i] - p->opt], so[i],
		    sack_base);
	if (ok)
		return 1;
	tcpopt_format(sb, sizeof(sb), s->opt, s->nopt, &oc);
	/* the pattern's options as typed, "*" included */
	tcpopt_format_pat(pb, sizeof(pb), p->opt, p->nopt, p->optwild, NULL);
	why_set(why, whylen, "options [%s], expected [%s]", sb, pb);
	return 0;
}

static void
fmt_hex(char *buf, size_t cap, const uint8_t *b, size_t n)
{
	size_t i, off;

	off = (size_t)snprintf(buf, cap, "hex:");
	for (i = 0; i < n && off + 3 <= cap; i++)
		off += (size_t)snprintf(buf + off, cap - off, "%02x", b[i]);
}

static void
fmt_byte(char *buf, size_t cap, uint8_t c)
{
	if (c >= 0x20 && c < 0x7f && c != '\'' && c != '\\')
		snprintf(buf, cap, "'%c'", c);
	else
		snprintf(buf, cap, "0x%02x", c);
}

static int
match_bytes(const char *name, const uint8_t *sb, size_t sn,
    const uint8_t *pb, size_t pn, char *why, size_t whylen)
{
	char a[100], b[100];

	if (sn == pn && (pn == 0 || memcmp(sb, pb, pn) == 0))
		return 1;
	fmt_hex(a, sizeof(a), sb, sn);
	fmt_hex(b, sizeof(b), pb, pn);
	why_set(why, whylen, "%s %s, expected %s", name, a, b);
	return 0;
}

static int
match_data(const struct segspec *p, const struct seg *s, char *why,
    size_t whylen)
{
	char a[8], b[8];
	size_t i;

	if (s->datalen != p->datalen)
		return why_set(why, whylen, "length %u, expected %zu",
		    s->datalen, p->datalen);
	for (i = 0; i < p->datalen; i++)
		if (s->data[i] != p->data[i]) {
			fmt_byte(a, sizeof(a), s->data[i]);
			fmt_byte(b, sizeof(b), p->data[i]);
			return why_set(why, whylen,
			    "payload differs at byte %zu: %s, expected %s",
			    i, a, b);
		}
	return 1;
}

/* Fields in the order tcpdump prints them, then the rest */
static const int match_order[] = {
	SP_FLAGS, SP_SEQ, SP_ACK, SP_WIN, SP_URG, SP_OPTS, SP_OPTBYTES,
	SP_LEN, SP_DATA, SP_SRC, SP_DST, SP_SPORT, SP_DPORT, SP_TTL, SP_TOS,
	SP_HLIM, SP_TC, SP_FLOW, SP_PLEN, SP_NXT, SP_EXT,
	SP_ID, SP_IPLEN, SP_IPSUM, SP_IHL, SP_VER, SP_PROTO, SP_DF, SP_MF,
	SP_RF, SP_FRAG, SP_DOFF, SP_RES, SP_SUM, SP_IPOPTS
};

/* src or dst typed as an IPv6 address; 1 (matched) or 0 with why; -1
 * when the pattern's is IPv4, compared as a number by the caller */
static int
match_addr(const struct segspec *p, int f, const struct seg *s, char *why,
    size_t whylen)
{
	const struct ipaddr *want = &p->addr6[f == SP_DST];
	const struct ipaddr *got = f == SP_DST ? &s->daddr : &s->saddr;
	char a[IPADDR_STRLEN], b[IPADDR_STRLEN];

	if (want->af != AF_INET6 && !SEG_IS6(s))
		return -1;
	if (want->af == AF_INET6 && ipaddr_eq(want, got))
		return 1;
	if (want->af != AF_INET6)
		ipaddr_str(IPADDR4(p->v[f].lo), b, sizeof(b));
	else
		ipaddr_str(want, b, sizeof(b));
	return why_set(why, whylen, "%s %s, expected %s", f == SP_DST ? "dst" :
	    "src", ipaddr_str(got, a, sizeof(a)), b);
}

int
segspec_match(const struct segspec *p, const struct seg *s,
    const struct print_ctx *pc, char *why, size_t whylen)
{
	const struct segfield *fd;
	char got[32], exp[48], f1[16], f2[16], fam[128];
	uint32_t v, ackb = 0, end;
	size_t k;
	int f, rc, relative = pc != NULL && pc->relative;

	if (relative)
		ackb = pc->ack_base;	/* of the SACK edges */
	why_set(why, whylen, "%s", "");
	for (k = 0; k < sizeof(match_order) / sizeof(match_order[0]); k++) {
		f = match_order[k];
		if (!(p->set & SP_BIT(f)))
			continue;
		/* the other IP version's field: even "*" cannot match */
		fd = segfield_of(f);
		if (fd != NULL && !segfield_fits(fd, s, fam, sizeof(fam)))
			return why_set(why, whylen, "%s", fam);
		if (p->wild & SP_BIT(f))
			continue;
		switch (f) {
		case SP_EXT:
			if (!segspec_ext_match(p, s, why, whylen))
				return 0;
			continue;
		case SP_SRC:
		case SP_DST:
			if ((rc = match_addr(p, f, s, why, whylen)) == 0)
				return 0;
			if (rc == 1)
				continue;
			break;
		case SP_OPTS:
			if (!match_opts(p, s, ackb, relative, why, whylen))
				return 0;
			continue;
		case SP_OPTBYTES:
			if (!match_bytes("optbytes", s->optbytes, s->optlen,
			    p->optraw, p->optrawlen, why, whylen))
				return 0;
			continue;
		case SP_IPOPTS:
			if (!match_bytes("ipopts", s->ipopt, s->ipoptlen,
			    p->ipopt, p->ipoptlen, why, whylen))
				return 0;
			continue;
		case SP_DATA:
			if (!match_data(p, s, why, whylen))
				return 0;
			continue;
		case SP_SUM:
			if (p->sum_bad) {
				if (s->anno & SEG_A_SUM_BAD)
					continue;
				return why_set(why, whylen,
				    "cksum 0x%04x, expected bad", s->sum);
			}
			break;
		case SP_IPSUM:
			if (p->ipsum_bad) {
				if (s->anno & SEG_A_IPSUM_BAD)
					continue;
				return why_set(why, whylen,
				    "ipsum 0x%04x, expected bad", s->ip_sum);
			}
			break;
		}
		/* seq and ack relative as pc says: unsigned subtraction, so
		 * relative numbers survive the wrap */
		fd = segfield_of(f);
		(void)segfield_get(fd, s, pc, &v);
		if (f == SP_FLAGS) {
			if (v == p->v[f].lo)
				continue;
			return why_set(why, whylen,
			    "flags [%s], expected [%s]",
			    print_flags((uint8_t)v, f1),
			    print_flags((uint8_t)p->v[f].lo, f2));
		}
		if (v < p->v[f].lo || v > p->v[f].hi) {
			fmt_val(got, sizeof(got), fd, v);
			fmt_expect(exp, sizeof(exp), fd, &p->v[f]);
			return why_set(why, whylen, "%s %s, expected %s",
			    fd->name, got, exp);
		}
		if (f == SP_SEQ && p->seq_end_set) {
			end = v + s->datalen;
			if (end != p->seq_end)
				return why_set(why, whylen,
				    "seq %u:%u, expected %u:%u", v, end,
				    p->v[f].lo, p->seq_end);
		}
	}
	return 1;
}
