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
#include "ip6.h"
#include "nd.h"
#include "print.h"
#include "rd.h"
#include "sbuf.h"

#define IPHDR		20
#define IP_PROTO_ICMP	1
#define IP_PROTO_TCP	6
#define IP_PROTO_ICMP6	58
#define MIN_MTU		68	/* RFC 791: every host forwards this much */

static void	decode_quote_tcp(struct rd *, struct icmp_msg *);

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
	m->q_src = ipaddr_v4(m->q_saddr);
	m->q_dst = ipaddr_v4(m->q_daddr);
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
	decode_quote_tcp(&tcp, m);
}

/* The first 8 bytes of the quoted TCP header, and its flags if there. */
static void
decode_quote_tcp(struct rd *tcp, struct icmp_msg *m)
{
	uint8_t b;

	m->q_sport = rd_be16(tcp);
	m->q_dport = rd_be16(tcp);
	m->q_seq = rd_be32(tcp);
	if (tcp->err) {
		m->anno |= ICMP_A_Q_TRUNC_TCP;
		return;
	}
	m->q_tcp = 1;
	rd_skip(tcp, 5);	/* ack, data offset */
	b = rd_u8(tcp);
	m->q_have_flags = !tcp->err;
	m->q_flags = m->q_have_flags ? b : 0;
}

/* A fragment header with an offset: the upper layer's header is in
 * another packet. */
static int
later_frag(const struct seg *g)
{
	unsigned i;

	for (i = 0; i < g->next && i < SEG_MAXEXT; i++)
		if (g->ext[i].type == IP6_NXT_FRAG && g->ext[i].fragoff != 0)
			return 1;
	return 0;
}

/* The quoted IPv6 packet: ip6.c walks its extension chain as it walks
 * a segment's, within the quote (whose payload length is the original
 * packet's, usually more than the quote holds). */
static void
decode_quote6(struct rd *r, struct icmp_msg *m)
{
	struct seg q;
	struct rd tcp;
	size_t claimed;
	int complete;

	if (rd_left(r) > 0 && rd_ptr(r)[0] >> 4 != 6) {
		m->anno |= ICMP_A_Q_BAD_VER;
		return;
	}
	memset(&q, 0, sizeof(q));
	if (ip6_decode(r, &q, &tcp, &claimed, &complete) != 0 &&
	    (q.anno & SEG_A_TRUNC_IP)) {
		m->anno |= ICMP_A_Q_TRUNC_IP;
		return;
	}
	m->q_ip = 1;
	m->q_ttl = q.ttl;
	m->q_proto = q.proto;
	m->q_src = q.saddr;
	m->q_dst = q.daddr;
	if (q.anno & SEG_A_BAD_EXT)
		m->anno |= ICMP_A_Q_BAD_EXT;
	else if (q.anno & SEG_A_TRUNC_TCP)
		m->anno |= ICMP_A_Q_TRUNC_IP;	/* it ends in the chain */
	else if (later_frag(&q))
		m->anno |= ICMP_A_Q_FRAG;
	else if (q.proto != IP_PROTO_TCP)
		m->anno |= ICMP_A_Q_NOT_TCP;
	else
		decode_quote_tcp(&tcp, m);
}

/* An ICMPv6 error (RFC 4443): its header after the IPv6 one and its
 * chain, its checksum under the pseudo-header, the quote. */
static int
icmp6_decode(const uint8_t *pkt, size_t len, struct icmp_msg *m)
{
	struct seg g;
	struct rd r, body;
	size_t claimed, off, end;
	int complete;
	uint32_t w;

	m->af = AF_INET6;
	memset(&g, 0, sizeof(g));
	rd_init(&r, pkt, len);
	(void)ip6_decode(&r, &g, &body, &claimed, &complete);
	if (g.anno & (SEG_A_TRUNC_IP | SEG_A_BAD_EXT | SEG_A_TRUNC_TCP) ||
	    g.proto != IP_PROTO_ICMP6)
		return -1;
	if (later_frag(&g))
		return -1;	/* no ICMPv6 header in it */
	if (ip6_fragmented(&g))
		m->anno |= ICMP_A_FRAG;
	m->src = g.saddr;
	m->dst = g.daddr;
	m->ttl = g.ttl;
	off = IP6HDR + g.extlen;
	end = IP6HDR + (size_t)g.plen;
	if (end > len)
		end = len;
	if (off > end)
		return -1;
	rd_init(&body, pkt + off, end - off);
	m->len = (uint32_t)body.len;
	/* a whole message only: a cut one's sum says nothing */
	if (complete && !(m->anno & ICMP_A_FRAG) && body.len >= 8 &&
	    icmp6_sum(pkt, body.p, body.len) != 0)
		m->anno |= ICMP_A_SUM_BAD;
	m->type = rd_u8(&body);
	m->code = rd_u8(&body);
	m->sum = rd_be16(&body);
	if (m->type < ICMP6_UNREACH || m->type > ICMP6_PARAMPROB)
		return -1;
	w = rd_be32(&body);
	if (m->type == ICMP6_PACKET_TOO_BIG)
		m->mtu = w;
	else if (m->type == ICMP6_PARAMPROB)
		m->pptr = w;
	if (body.err) {
		m->anno |= ICMP_A_TRUNC;
		return -1;
	}
	decode_quote6(&body, m);
	return m->q_ip ? 0 : -1;
}

int
icmp_decode(const uint8_t *pkt, size_t len, struct icmp_msg *m)
{
	struct rd r, body;
	size_t hl, end;
	uint16_t totlen, frag;
	uint8_t b, proto;

	memset(m, 0, sizeof(*m));
	if (len > 0 && pkt[0] >> 4 == 6)
		return icmp6_decode(pkt, len, m);
	m->af = AF_INET;
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
	m->src = ipaddr_v4(m->saddr);
	m->dst = ipaddr_v4(m->daddr);
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

/* tcpdump's wording for ICMPv6 (print-icmp6.c), after "ICMP6, ", its
 * table's stray space before "unreachable prohibited" included, so that
 * a grep for tcpdump's line finds ours. */
static void
icmp6_words(struct sbuf *sb, const struct icmp_msg *m)
{
	static const char *const unreach[] = {
		"unreachable route", " unreachable prohibited",
		"beyond scope", "unreachable address", "unreachable port",
	};
	static const char *const param[] = {
		"erroneous", "next header", "option",
		"incomplete header chain",
	};
	char qd[IPADDR_STRLEN], qs[IPADDR_STRLEN];

	ipaddr_str(&m->q_dst, qd, sizeof(qd));
	ipaddr_str(&m->q_src, qs, sizeof(qs));
	switch (m->type) {
	case ICMP6_UNREACH:
		sb_printf(sb, "destination unreachable, ");
		if (m->code >= sizeof(unreach) / sizeof(unreach[0])) {
			/* tcpdump knows no words for 5 (source address
			 * failed policy) and 6 (reject route) */
			sb_printf(sb, "unknown unreach code (%u)", m->code);
			break;
		}
		sb_printf(sb, "%s", unreach[m->code]);
		if (m->code == ICMP6_UNREACH_BEYONDSCOPE)
			sb_printf(sb, " %s, source address %s", qd, qs);
		else if (m->code != ICMP6_UNREACH_PORT)
			sb_printf(sb, " %s", qd);
		else if (m->q_proto == IP_PROTO_TCP && m->q_tcp)
			sb_printf(sb, ", %s tcp port %u", qd, m->q_dport);
		else
			sb_printf(sb, ", %s", qd);
		break;
	case ICMP6_PACKET_TOO_BIG:
		sb_printf(sb, "packet too big, mtu %u", m->mtu);
		break;
	case ICMP6_TIMXCEED:
		sb_printf(sb, "time exceeded in-transit");
		if (m->code == 0)
			sb_printf(sb, " for %s", qd);
		else if (m->code == 1)
			sb_printf(sb, " (reassembly)");
		else
			sb_printf(sb, ", unknown code (%u)", m->code);
		break;
	case ICMP6_PARAMPROB:
		if (m->code < sizeof(param) / sizeof(param[0]))
			sb_printf(sb, "parameter problem, %s - octet %u",
			    param[m->code], m->pptr);
		else
			sb_printf(sb, "parameter problem, code-#%u - octet "
			    "%u", m->code, m->pptr);
		break;
	default:
		sb_printf(sb, "unknown icmp6 type (%u)", m->type);
		break;
	}
}

size_t
icmp_print(char *buf, size_t cap, const struct icmp_msg *m)
{
	struct sbuf sb;

	sb_init(&sb, buf, cap);
	if (m->af == AF_INET6) {
		icmp6_words(&sb, m);
		sb_printf(&sb, ", length %u", m->len);
		return sb.len;
	}
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
	char a[IPADDR_STRLEN], b[IPADDR_STRLEN];

	sb_init(&sb, buf, cap);
	if (m->af == AF_INET6)
		sb_printf(&sb, "IP6 %s > %s: ICMP6, ",
		    ipaddr_str(&m->src, a, sizeof(a)),
		    ipaddr_str(&m->dst, b, sizeof(b)));
	else
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
		{ ICMP_A_Q_BAD_EXT, "quote: bad extension header" },
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
	if (m->af == AF_INET6) {
		switch (m->type) {
		case ICMP6_UNREACH:
			return "unreachable";
		case ICMP6_PACKET_TOO_BIG:
			return "packet-too-big";
		case ICMP6_TIMXCEED:
			return "time-exceeded";
		case ICMP6_PARAMPROB:
			return "param-problem";
		}
		return "icmp";
	}
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

/* The names expect takes, each with the IPv4 and the IPv6 error it
 * means (type, code; -1 any code, -2 none in that family).  The same
 * meaning answers to one name in both families: need-frag and
 * packet-too-big are one kind, and ICMPv6's unreachable codes match
 * IPv4's nearest (no route: net unreachable; admin prohibited: codes
 * 9, 10 and 13, the one Linux sends for an nft reject). */
static const struct icmp_kind {
	const char	*w;
	int		 t4, c4, t6, c6;
} kinds[] = {
	{ "need-frag", ICMP_UNREACH, ICMP_UNREACH_NEEDFRAG,
	    ICMP6_PACKET_TOO_BIG, -1 },
	{ "unreachable", ICMP_UNREACH, -1, ICMP6_UNREACH, -1 },
	{ "time-exceeded", ICMP_TIMXCEED, -1, ICMP6_TIMXCEED, -1 },
	{ "param-problem", ICMP_PARAMPROB, -1, ICMP6_PARAMPROB, -1 },
	{ "packet-too-big", ICMP_UNREACH, ICMP_UNREACH_NEEDFRAG,
	    ICMP6_PACKET_TOO_BIG, -1 },
	{ "no-route", ICMP_UNREACH, ICMP_UNREACH_NET, ICMP6_UNREACH,
	    ICMP6_UNREACH_NOROUTE },
	{ "admin-prohibited", ICMP_UNREACH, -3, ICMP6_UNREACH,
	    ICMP6_UNREACH_ADMIN },
	{ "beyond-scope", ICMP_UNREACH, -2, ICMP6_UNREACH,
	    ICMP6_UNREACH_BEYONDSCOPE },
	{ "addr-unreachable", ICMP_UNREACH, ICMP_UNREACH_HOST, ICMP6_UNREACH,
	    ICMP6_UNREACH_ADDR },
	{ "port-unreachable", ICMP_UNREACH, ICMP_UNREACH_PORT, ICMP6_UNREACH,
	    ICMP6_UNREACH_PORT },
	{ "policy-failed", ICMP_UNREACH, -2, ICMP6_UNREACH,
	    ICMP6_UNREACH_POLICY },
	{ "reject-route", ICMP_UNREACH, -2, ICMP6_UNREACH,
	    ICMP6_UNREACH_REJECT },
};
#define NKINDS	(sizeof(kinds) / sizeof(kinds[0]))

void
icmp_kind_names(char *buf, size_t cap, const char *sep)
{
	struct sbuf sb;
	size_t i;

	sb_init(&sb, buf, cap);
	for (i = 0; i < NKINDS; i++)
		sb_printf(&sb, "%s%s", i > 0 ? sep : "", kinds[i].w);
}

int
icmp_kind_parse(const char *word, int *kind, int *code)
{
	size_t i;

	for (i = 0; i < NKINDS; i++)
		if (strcmp(word, kinds[i].w) == 0) {
			*kind = (int)i + 1;
			*code = -1;
			return 0;
		}
	return -1;
}

static int
code_match(int want, int code)
{
	if (want == -3)		/* IPv4's three administrative codes */
		return code == ICMP_UNREACH_NET_PROHIB ||
		    code == ICMP_UNREACH_HOST_PROHIB ||
		    code == ICMP_UNREACH_FILTER;
	return want == -1 || want == code;
}

int
icmp_kind_match(const struct icmp_msg *m, int kind, int code)
{
	const struct icmp_kind *k;

	if (kind == 0)
		return 1;
	if (kind < 0 || (size_t)kind > NKINDS)
		return 0;
	k = &kinds[kind - 1];
	if (code >= 0 && code != m->code)
		return 0;
	if (m->af == AF_INET6)
		return m->type == k->t6 && code_match(k->c6, m->code);
	return m->type == k->t4 && code_match(k->c4, m->code);
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
icmp_is_pmtu(const struct icmp_msg *m)
{
	if (m->af == AF_INET6)
		return m->type == ICMP6_PACKET_TOO_BIG;
	return m->type == ICMP_UNREACH && m->code == ICMP_UNREACH_NEEDFRAG;
}

int
icmp_pmtu_apply(struct tcb *t, const struct icmp_msg *m)
{
	uint32_t mtu = m->mtu;

	if (m->af == AF_INET6) {
		/* a smaller one is a lie or a translator's: the floor
		 * every IPv6 link carries (RFC 8201 section 4) */
		if (mtu < ICMP6_MIN_MTU)
			mtu = ICMP6_MIN_MTU;
		t->pmtu_hdrs = IP6HDR + 20;
	} else if (mtu < MIN_MTU)
		return 0;
	if (mtu > UINT16_MAX)
		return 0;	/* a jumbogram's: more than a TCB tracks */
	if (t->pmtu != 0 && mtu >= t->pmtu)
		return 0;	/* an ICMP never raises it (RFC 1191) */
	t->pmtu = (uint16_t)mtu;
	return 1;
}
