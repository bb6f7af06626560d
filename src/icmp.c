/* icmp.c - ICMP errors about our segments: decode, words, whose they are
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Every byte goes through the bounded reader: the outer IP header's
 * length fields and the quoted header's are believed only as far as the
 * bytes go, so a lying quote narrows what is read and never widens it.
 */
#include <stdio.h>
#include <string.h>

#include "cksum.h"
#include "icmp.h"
#include "print.h"
#include "rd.h"
#include "sbuf.h"

#define IPHDR		20
#define IP_PROTO_ICMP	1
#define IP_PROTO_TCP	6
#define MIN_MTU		68	/* RFC 791: every host forwards this much */

/* The quoted IP header and the first 8 bytes of TCP. */
static void
decode_quote(struct rd *r, struct icmp_msg *m)
{
	struct rd tcp;
	size_t hl;
	uint8_t b;

	b = rd_u8(r);
	m->q_ihl = b & 0x0f;
	rd_skip(r, 1);
	m->q_totlen = rd_be16(r);
	m->q_id = rd_be16(r);
	m->q_frag = rd_be16(r);
	m->q_ttl = rd_u8(r);
	m->q_proto = rd_u8(r);
	rd_skip(r, 2);
	m->q_saddr = rd_be32(r);
	m->q_daddr = rd_be32(r);
	if (r->err) {
		m->anno |= ICMP_A_Q_TRUNC_IP;
		return;
	}
	if (b >> 4 != 4) {
		m->anno |= ICMP_A_Q_BAD_VER;
		return;
	}
	m->q_ip = 1;
	hl = (size_t)m->q_ihl * 4;
	if (hl < IPHDR) {
		m->anno |= ICMP_A_Q_BAD_IHL;
		hl = IPHDR;	/* read on as tcpdump would, noted */
	}
	/* the quoted length is the original packet's, usually more than
	 * the quote holds; less than its own header is a lie */
	if (m->q_totlen < hl)
		m->anno |= ICMP_A_Q_BAD_TOTLEN;
	if (m->q_proto != IP_PROTO_TCP) {
		m->anno |= ICMP_A_Q_NOT_TCP;
		return;
	}
	if (m->q_frag & 0x1fff) {
		m->anno |= ICMP_A_Q_FRAG;
		return;
	}
	rd_skip(r, hl - IPHDR);
	if (r->err) {
		m->anno |= ICMP_A_Q_TRUNC_IP;
		return;
	}
	tcp = rd_sub(r, rd_left(r));
	m->q_sport = rd_be16(&tcp);
	m->q_dport = rd_be16(&tcp);
	m->q_seq = rd_be32(&tcp);
	if (tcp.err) {
		m->anno |= ICMP_A_Q_TRUNC_TCP;
		return;
	}
	m->q_tcp = 1;
	rd_skip(&tcp, 5);	/* ack, data offset */
	b = rd_u8(&tcp);
	m->q_have_flags = !tcp.err;
	m->q_flags = m->q_have_flags ? b : 0;
}

int
icmp_decode(const uint8_t *pkt, size_t len, struct icmp_msg *m)
{
	struct rd r, body;
	size_t hl, end;
	uint16_t totlen, frag;
	uint8_t b, proto;

	memset(m, 0, sizeof(*m));
	rd_init(&r, pkt, len);
	b = rd_u8(&r);
	rd_skip(&r, 1);
	totlen = rd_be16(&r);
	rd_skip(&r, 2);
	frag = rd_be16(&r);
	m->ttl = rd_u8(&r);
	proto = rd_u8(&r);
	rd_skip(&r, 2);
	m->saddr = rd_be32(&r);
	m->daddr = rd_be32(&r);
	hl = (size_t)(b & 0x0f) * 4;
	if (r.err || b >> 4 != 4 || proto != IP_PROTO_ICMP || hl < IPHDR)
		return -1;
	if (frag & 0x1fff)
		return -1;	/* a later fragment: no ICMP header */
	if (frag & 0x2000)
		m->anno |= ICMP_A_FRAG;
	rd_skip(&r, hl - IPHDR);
	if (r.err)
		return -1;
	/* the packet ends at its total length when that is believable */
	end = totlen >= hl && totlen <= len ? totlen : len;
	body = rd_sub(&r, end - hl);
	m->len = (uint32_t)body.len;
	if (body.len >= 8 &&
	    cksum_fold(cksum_add(0, body.p, body.len)) != 0xffff)
		m->anno |= ICMP_A_SUM_BAD;
	m->type = rd_u8(&body);
	m->code = rd_u8(&body);
	m->sum = rd_be16(&body);
	if (m->type != ICMP_UNREACH && m->type != ICMP_TIMXCEED &&
	    m->type != ICMP_PARAMPROB)
		return -1;
	m->pptr = rd_u8(&body);		/* parameter problem's pointer */
	rd_skip(&body, 1);
	m->mtu = rd_be16(&body);	/* need-frag's next-hop MTU */
	if (m->type != ICMP_PARAMPROB)
		m->pptr = 0;
	if (m->type != ICMP_UNREACH || m->code != ICMP_UNREACH_NEEDFRAG)
		m->mtu = 0;
	if (body.err) {
		m->anno |= ICMP_A_TRUNC;
		return -1;
	}
	decode_quote(&body, m);
	return m->q_ip ? 0 : -1;
}

static const char *const unreach_fmt[16] = {
	"net %s unreachable",
	"host %s unreachable",
	NULL,			/* protocol: its own words */
	NULL,			/* port */
	NULL,			/* need-frag */
	"%s unreachable - source route failed",
	"net %s unreachable - unknown",
	"host %s unreachable - unknown",
	"%s unreachable - source host isolated",
	"net %s unreachable - admin prohibited",
	"host %s unreachable - admin prohibited",
	"net %s unreachable - tos prohibited",
	"host %s unreachable - tos prohibited",
	"host %s unreachable - admin prohibited filter",
	"host %s unreachable - host precedence violation",
	"host %s unreachable - precedence cutoff",
};

/* tcpdump's wording (print-icmp.c), so that a line here and a line of
 * tcpdump on the same packet read the same. */
static void
unreach_words(struct sbuf *sb, const struct icmp_msg *m)
{
	char a[16];
	const char *dst = print_addr(m->q_daddr, a);

	switch (m->code) {
	case ICMP_UNREACH_PROTOCOL:
		sb_printf(sb, "%s protocol %u unreachable", dst, m->q_proto);
		return;
	case ICMP_UNREACH_PORT:
		if (m->q_proto == IP_PROTO_TCP)
			sb_printf(sb, "%s tcp port %u unreachable", dst,
			    m->q_dport);
		else
			sb_printf(sb, "%s protocol %u port %u unreachable",
			    dst, m->q_proto, m->q_dport);
		return;
	case ICMP_UNREACH_NEEDFRAG:
		if (m->mtu != 0)
			sb_printf(sb, "%s unreachable - need to frag (mtu %u)",
			    dst, m->mtu);
		else
			sb_printf(sb, "%s unreachable - need to frag", dst);
		return;
	}
	if (m->code < 16 && unreach_fmt[m->code] != NULL) {
		/* each format holds one %s, the address */
		const char *f = unreach_fmt[m->code], *p = strstr(f, "%s");

		sb_printf(sb, "%.*s%s%s", (int)(p - f), f, dst, p + 2);
	} else
		sb_printf(sb, "#%u %s unreachable", m->code, dst);
}

size_t
icmp_print(char *buf, size_t cap, const struct icmp_msg *m)
{
	struct sbuf sb;

	sb_init(&sb, buf, cap);
	switch (m->type) {
	case ICMP_UNREACH:
		unreach_words(&sb, m);
		break;
	case ICMP_TIMXCEED:
		if (m->code == 0)
			sb_printf(&sb, "time exceeded in-transit");
		else if (m->code == 1)
			sb_printf(&sb, "ip reassembly time exceeded");
		else
			sb_printf(&sb, "time exceeded-#%u", m->code);
		break;
	case ICMP_PARAMPROB:
		if (m->code != 0)
			sb_printf(&sb, "parameter problem - code %u", m->code);
		else
			sb_printf(&sb, "parameter problem - octet %u", m->pptr);
		break;
	default:
		sb_printf(&sb, "type-#%u", m->type);
		break;
	}
	sb_printf(&sb, ", length %u", m->len);
	return sb.len;
}

size_t
icmp_line(char *buf, size_t cap, const struct icmp_msg *m)
{
	struct sbuf sb;
	char a[16], b[16];

	sb_init(&sb, buf, cap);
	sb_printf(&sb, "IP %s > %s: ICMP ", print_addr(m->saddr, a),
	    print_addr(m->daddr, b));
	if (cap == 0)
		return 0;
	return sb.len + icmp_print(buf + sb.len, cap - sb.len, m);
}

size_t
icmp_line_pkt(char *buf, size_t cap, const uint8_t *pkt, size_t len)
{
	struct icmp_msg m;

	if (icmp_decode(pkt, len, &m) == 0)
		return icmp_line(buf, cap, &m);
	return sb_fmt(buf, cap, "ICMP (undecodable), length %zu",
	    len);
}

size_t
icmp_anno(char *buf, size_t cap, const struct icmp_msg *m)
{
	static const struct { uint32_t bit; const char *word; } aw[] = {
		{ ICMP_A_TRUNC, "truncated icmp" },
		{ ICMP_A_SUM_BAD, "bad icmp cksum" },
		{ ICMP_A_FRAG, "fragment" },
		{ ICMP_A_Q_TRUNC_IP, "quote: truncated ip" },
		{ ICMP_A_Q_BAD_VER, "quote: bad ip version" },
		{ ICMP_A_Q_BAD_IHL, "quote: bad ihl" },
		{ ICMP_A_Q_BAD_TOTLEN, "quote: bad totlen" },
		{ ICMP_A_Q_NOT_TCP, "quote: not tcp" },
		{ ICMP_A_Q_FRAG, "quote: a later fragment" },
		{ ICMP_A_Q_TRUNC_TCP, "quote: fewer than 8 bytes of tcp" },
	};
	struct sbuf sb;
	const char *sep = "";
	size_t i;

	sb_init(&sb, buf, cap);
	for (i = 0; i < sizeof(aw) / sizeof(aw[0]); i++) {
		if (!(m->anno & aw[i].bit))
			continue;
		sb_printf(&sb, "%s%s", sep, aw[i].word);
		sep = ", ";
	}
	return sb.len;
}

const char *
icmp_kind_word(const struct icmp_msg *m)
{
	switch (m->type) {
	case ICMP_UNREACH:
		return m->code == ICMP_UNREACH_NEEDFRAG ? "need-frag" :
		    "unreachable";
	case ICMP_TIMXCEED:
		return "time-exceeded";
	case ICMP_PARAMPROB:
		return "param-problem";
	}
	return "icmp";
}

int
icmp_kind_parse(const char *word, int *type, int *code)
{
	static const struct { const char *w; int type, code; } kw[] = {
		{ "need-frag", ICMP_UNREACH, ICMP_UNREACH_NEEDFRAG },
		{ "unreachable", ICMP_UNREACH, -1 },
		{ "time-exceeded", ICMP_TIMXCEED, -1 },
		{ "param-problem", ICMP_PARAMPROB, -1 },
	};
	size_t i;

	for (i = 0; i < sizeof(kw) / sizeof(kw[0]); i++)
		if (strcmp(word, kw[i].w) == 0) {
			*type = kw[i].type;
			*code = kw[i].code;
			return 0;
		}
	return -1;
}

int
icmp_acceptable(const struct icmp_msg *m, const struct tcb *t, char *why,
    size_t cap)
{
	if (!m->q_tcp) {
		snprintf(why, cap, "the quote holds no sequence number");
		return 0;
	}
	if (t->snd_una == t->snd_nxt) {
		snprintf(why, cap, "nothing of ours is in flight");
		return 0;
	}
	if (SEQ_LT(m->q_seq, t->snd_una) || SEQ_GEQ(m->q_seq, t->snd_nxt)) {
		snprintf(why, cap, "quoted seq outside the window");
		return 0;
	}
	if (cap > 0)
		why[0] = '\0';
	return 1;
}

int
icmp_pmtu_apply(struct tcb *t, uint16_t mtu)
{
	if (mtu < MIN_MTU)
		return 0;
	if (t->pmtu != 0 && mtu >= t->pmtu)
		return 0;	/* an ICMP never raises it (RFC 1191) */
	t->pmtu = mtu;
	return 1;
}
