/* test_icmp6.c - ICMPv6 errors: decode, tcpdump's words, the path MTU */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <netinet/in.h>

#include "icmp.h"
#include "ipaddr.h"
#include "nd.h"
#include "t.h"
#include "tnet.h"
#include "tcb.h"

/* fd00:1::1 (the router), fd00:1::10 (us), fd00:2::20 (the peer) */
static const uint8_t ROUTER[16] = { 0xfd, 0, 0, 1, [15] = 0x01 };
static const uint8_t US[16] = { 0xfd, 0, 0, 1, [15] = 0x10 };
static const uint8_t PEER[16] = { 0xfd, 0, 0, 2, [15] = 0x20 };

static void
ip6hdr(uint8_t *p, uint16_t plen, uint8_t nxt, const uint8_t *src,
    const uint8_t *dst)
{
	memset(p, 0, 40);
	p[0] = 0x60;
	put16(p + 4, plen);
	p[6] = nxt;
	p[7] = 64;
	memcpy(p + 8, src, 16);
	memcpy(p + 24, dst, 16);
}

/* Our segment from port 40000 to 20000 at seq, 1440 bytes of data, with
 * next the chain's first header (ext[0..extlen) before TCP); returns
 * the bytes written (the header, the chain and 20 of TCP: what a quote
 * needs). */
static size_t
quote(uint8_t *q, uint32_t seq, const uint8_t *ext, size_t extlen,
    uint8_t first)
{
	uint8_t *t;

	ip6hdr(q, (uint16_t)(extlen + 20 + 1440), extlen ? first : 6, US,
	    PEER);
	if (extlen > 0)
		memcpy(q + 40, ext, extlen);
	t = q + 40 + extlen;
	memset(t, 0, 20);
	put16(t, 40000);
	put16(t + 2, 20000);
	put32(t + 4, seq);
	t[12] = 0x50;
	t[13] = 0x18;		/* PSH ACK */
	return 40 + extlen + 20;
}

/* An ICMPv6 error from the router quoting q[0..qlen), its checksum
 * right. */
static size_t
icmp6_pkt(uint8_t *p, uint8_t type, uint8_t code, uint32_t rest,
    const uint8_t *q, size_t qlen)
{
	size_t n = 8 + qlen;

	ip6hdr(p, (uint16_t)n, 58, ROUTER, US);
	p[40] = type;
	p[41] = code;
	put16(p + 42, 0);
	put32(p + 44, rest);
	memcpy(p + 48, q, qlen);
	put16(p + 42, icmp6_sum(p, p + 40, n));
	return 40 + n;
}

static char line[256];

static const char *
words(uint8_t type, uint8_t code, uint32_t rest)
{
	uint8_t q[200], p[300];
	struct icmp_msg m;
	size_t n;

	n = icmp6_pkt(p, type, code, rest, q, quote(q, 1001, NULL, 0, 0));
	if (icmp_decode(p, n, &m) != 0)
		return "(not decoded)";
	T_EQ(m.anno, 0);
	icmp_line(line, sizeof(line), &m);
	return line;
}

/* each line as tcpdump 4.99 prints the same packet */
TEST(icmp6_words)
{
	T_STREQ(words(1, 0, 0), "IP6 fd00:1::1 > fd00:1::10: ICMP6, "
	    "destination unreachable, unreachable route fd00:2::20, "
	    "length 68");
	T_STREQ(words(1, 1, 0), "IP6 fd00:1::1 > fd00:1::10: ICMP6, "
	    "destination unreachable,  unreachable prohibited fd00:2::20, "
	    "length 68");
	T_STREQ(words(1, 2, 0), "IP6 fd00:1::1 > fd00:1::10: ICMP6, "
	    "destination unreachable, beyond scope fd00:2::20, source "
	    "address fd00:1::10, length 68");
	T_STREQ(words(1, 3, 0), "IP6 fd00:1::1 > fd00:1::10: ICMP6, "
	    "destination unreachable, unreachable address fd00:2::20, "
	    "length 68");
	T_STREQ(words(1, 4, 0), "IP6 fd00:1::1 > fd00:1::10: ICMP6, "
	    "destination unreachable, unreachable port, fd00:2::20 tcp "
	    "port 20000, length 68");
	T_STREQ(words(1, 5, 0), "IP6 fd00:1::1 > fd00:1::10: ICMP6, "
	    "destination unreachable, unknown unreach code (5), length 68");
	T_STREQ(words(1, 6, 0), "IP6 fd00:1::1 > fd00:1::10: ICMP6, "
	    "destination unreachable, unknown unreach code (6), length 68");
	T_STREQ(words(2, 0, 1280), "IP6 fd00:1::1 > fd00:1::10: ICMP6, "
	    "packet too big, mtu 1280, length 68");
	T_STREQ(words(3, 0, 0), "IP6 fd00:1::1 > fd00:1::10: ICMP6, "
	    "time exceeded in-transit for fd00:2::20, length 68");
	T_STREQ(words(3, 1, 0), "IP6 fd00:1::1 > fd00:1::10: ICMP6, "
	    "time exceeded in-transit (reassembly), length 68");
	T_STREQ(words(3, 2, 0), "IP6 fd00:1::1 > fd00:1::10: ICMP6, "
	    "time exceeded in-transit, unknown code (2), length 68");
	T_STREQ(words(4, 0, 40), "IP6 fd00:1::1 > fd00:1::10: ICMP6, "
	    "parameter problem, erroneous - octet 40, length 68");
	T_STREQ(words(4, 1, 6), "IP6 fd00:1::1 > fd00:1::10: ICMP6, "
	    "parameter problem, next header - octet 6, length 68");
	T_STREQ(words(4, 2, 41), "IP6 fd00:1::1 > fd00:1::10: ICMP6, "
	    "parameter problem, option - octet 41, length 68");
	T_STREQ(words(4, 3, 7), "IP6 fd00:1::1 > fd00:1::10: ICMP6, "
	    "parameter problem, incomplete header chain - octet 7, "
	    "length 68");
	/* not errors: an echo request, Neighbor Discovery */
	T_STREQ(words(128, 0, 0), "(not decoded)");
	T_STREQ(words(135, 0, 0), "(not decoded)");
}

TEST(icmp6_decode_fields)
{
	uint8_t q[200], p[300];
	struct icmp_msg m;
	char a[IPADDR_STRLEN];
	size_t n;

	n = icmp6_pkt(p, 2, 0, 1400, q, quote(q, 0x01020304, NULL, 0, 0));
	T_EQ(icmp_decode(p, n, &m), 0);
	T_EQ(m.af, AF_INET6);
	T_EQ(m.type, ICMP6_PACKET_TOO_BIG);
	T_EQ(m.mtu, 1400);
	T_EQ(m.ttl, 64);
	T_EQ(m.q_ip, 1);
	T_EQ(m.q_tcp, 1);
	T_EQ(m.q_proto, 6);
	T_STREQ(ipaddr_str(&m.src, a, sizeof(a)), "fd00:1::1");
	T_STREQ(ipaddr_str(&m.q_src, a, sizeof(a)), "fd00:1::10");
	T_STREQ(ipaddr_str(&m.q_dst, a, sizeof(a)), "fd00:2::20");
	T_EQ(m.q_sport, 40000);
	T_EQ(m.q_dport, 20000);
	T_EQ(m.q_seq, 0x01020304);
	T_EQ(m.q_have_flags, 1);
	T_EQ(m.q_flags, 0x18);
	T_STREQ(icmp_kind_word(&m), "packet-too-big");
	/* a parameter problem's pointer is 32 bits */
	n = icmp6_pkt(p, 4, 0, 70000, q, quote(q, 1, NULL, 0, 0));
	T_EQ(icmp_decode(p, n, &m), 0);
	T_EQ(m.pptr, 70000);
	T_EQ(m.mtu, 0);
}

/* the quote's chain: hop-by-hop, destination options, then TCP */
TEST(icmp6_quote_chain)
{
	static const uint8_t ext[] = {
		60, 0, 1, 4, 0, 0, 0, 0,	/* hop-by-hop, PadN */
		6, 0, 1, 4, 0, 0, 0, 0,		/* dst opts, PadN */
	};
	static const uint8_t frag0[] = { 6, 0, 0, 1, 0, 0, 0, 9 };
	static const uint8_t frag8[] = { 6, 0, 0, 8, 0, 0, 0, 9 };
	static const uint8_t badopt[] = { 6, 0, 1, 9, 0, 0, 0, 0 };
	static const uint8_t udp[] = { 17, 0, 1, 4, 0, 0, 0, 0 };
	uint8_t q[200], p[300];
	struct icmp_msg m;
	size_t n;

	n = icmp6_pkt(p, 1, 4, 0, q, quote(q, 77, ext, sizeof(ext), 0));
	T_EQ(icmp_decode(p, n, &m), 0);
	T_EQ(m.q_tcp, 1);
	T_EQ(m.q_seq, 77);
	T_EQ(m.q_dport, 20000);
	icmp_line(line, sizeof(line), &m);
	T_STREQ(line, "IP6 fd00:1::1 > fd00:1::10: ICMP6, destination "
	    "unreachable, unreachable port, fd00:2::20 tcp port 20000, "
	    "length 84");
	/* a first fragment holds the TCP header; a later one does not */
	n = icmp6_pkt(p, 2, 0, 1280, q, quote(q, 78, frag0, 8, 44));
	T_EQ(icmp_decode(p, n, &m), 0);
	T_EQ(m.q_tcp, 1);
	T_EQ(m.q_seq, 78);
	n = icmp6_pkt(p, 2, 0, 1280, q, quote(q, 78, frag8, 8, 44));
	T_EQ(icmp_decode(p, n, &m), 0);
	T_EQ(m.q_tcp, 0);
	T_ASSERT(m.anno & ICMP_A_Q_FRAG);
	/* an option past its header: noted, no TCP read */
	n = icmp6_pkt(p, 1, 4, 0, q, quote(q, 79, badopt, 8, 60));
	T_EQ(icmp_decode(p, n, &m), 0);
	T_EQ(m.q_tcp, 0);
	T_ASSERT(m.anno & ICMP_A_Q_BAD_EXT);
	icmp_anno(line, sizeof(line), &m);
	T_STREQ(line, "quote: bad extension header");
	/* a chain ending in UDP */
	n = icmp6_pkt(p, 1, 4, 0, q, quote(q, 80, udp, 8, 0));
	T_EQ(icmp_decode(p, n, &m), 0);
	T_EQ(m.q_tcp, 0);
	T_ASSERT(m.anno & ICMP_A_Q_NOT_TCP);
}

TEST(icmp6_bad_checksum)
{
	uint8_t q[200], p[300];
	struct icmp_msg m;
	size_t n;

	n = icmp6_pkt(p, 2, 0, 1280, q, quote(q, 1, NULL, 0, 0));
	T_EQ(icmp_decode(p, n, &m), 0);
	T_EQ(m.anno & ICMP_A_SUM_BAD, 0);
	p[n - 1] ^= 1;		/* a quoted byte */
	T_EQ(icmp_decode(p, n, &m), 0);
	T_ASSERT(m.anno & ICMP_A_SUM_BAD);
	icmp_anno(line, sizeof(line), &m);
	T_STREQ(line, "bad icmp cksum");
	/* the pseudo-header counts: another destination, another sum */
	p[n - 1] ^= 1;
	p[39] ^= 2;
	T_EQ(icmp_decode(p, n, &m), 0);
	T_ASSERT(m.anno & ICMP_A_SUM_BAD);
}

/* Cut at every length: never a read past the end (the sanitizer build
 * says), decoded only once the quote's fixed header is whole, its TCP
 * part only once 8 bytes of it are. */
TEST(icmp6_truncation)
{
	static const uint8_t ext[] = {
		60, 0, 1, 4, 0, 0, 0, 0,
		6, 0, 1, 4, 0, 0, 0, 0,
	};
	uint8_t q[200], p[300], *cut;
	struct icmp_msg m;
	size_t n, len;
	int rc;

	n = icmp6_pkt(p, 2, 0, 1280, q, quote(q, 5, ext, sizeof(ext), 0));
	for (len = 0; len <= n; len++) {
		/* a copy of exactly len bytes, so that ASan sees a read past */
		cut = malloc(len ? len : 1);
		T_ASSERT(cut != NULL);
		memcpy(cut, p, len);
		rc = icmp_decode(cut, len, &m);
		if (len < 40 + 8 + 40)
			T_EQ(rc, -1);
		else
			T_EQ(rc, 0);
		if (len >= 40 + 8 + 40 + 16 + 8)
			T_EQ(m.q_tcp, 1);
		else if (rc == 0)
			T_EQ(m.q_tcp, 0);
		if (rc == 0 && len < n)
			T_EQ(m.anno & ICMP_A_SUM_BAD, 0);	/* unchecked */
		free(cut);
	}
}

TEST(icmp6_kinds)
{
	static const struct {
		const char *w;
		uint8_t af, type, code;
		int want;
	} v[] = {
		{ "packet-too-big", 6, 2, 0, 1 },
		{ "need-frag", 6, 2, 0, 1 },
		{ "packet-too-big", 4, 3, 4, 1 },
		{ "need-frag", 6, 1, 4, 0 },
		{ "unreachable", 6, 1, 4, 1 },
		{ "unreachable", 6, 1, 0, 1 },
		{ "unreachable", 6, 2, 0, 0 },
		{ "unreachable", 4, 3, 1, 1 },
		{ "port-unreachable", 6, 1, 4, 1 },
		{ "port-unreachable", 6, 1, 1, 0 },
		{ "port-unreachable", 4, 3, 3, 1 },
		{ "admin-prohibited", 6, 1, 1, 1 },
		{ "admin-prohibited", 4, 3, 13, 1 },
		{ "admin-prohibited", 4, 3, 10, 1 },
		{ "admin-prohibited", 4, 3, 1, 0 },
		{ "no-route", 6, 1, 0, 1 },
		{ "no-route", 4, 3, 0, 1 },
		{ "addr-unreachable", 6, 1, 3, 1 },
		{ "addr-unreachable", 4, 3, 1, 1 },
		{ "beyond-scope", 6, 1, 2, 1 },
		{ "beyond-scope", 4, 3, 2, 0 },
		{ "policy-failed", 6, 1, 5, 1 },
		{ "policy-failed", 6, 1, 6, 0 },
		{ "policy-failed", 4, 3, 5, 0 },
		{ "reject-route", 6, 1, 6, 1 },
		{ "reject-route", 6, 1, 5, 0 },
		{ "reject-route", 4, 3, 6, 0 },
		{ "time-exceeded", 6, 3, 0, 1 },
		{ "time-exceeded", 6, 11, 0, 0 },
		{ "time-exceeded", 4, 3, 0, 0 },
		{ "param-problem", 6, 4, 1, 1 },
		{ "param-problem", 4, 4, 0, 0 },
	};
	struct icmp_msg m;
	int kind, code;
	size_t i;

	for (i = 0; i < sizeof(v) / sizeof(v[0]); i++) {
		memset(&m, 0, sizeof(m));
		m.af = v[i].af == 6 ? AF_INET6 : AF_INET;
		m.type = v[i].type;
		m.code = v[i].code;
		T_EQ(icmp_kind_parse(v[i].w, &kind, &code), 0);
		if (icmp_kind_match(&m, kind, code) != v[i].want)
			fprintf(stderr, "# %s af %u type %u code %u\n",
			    v[i].w, v[i].af, v[i].type, v[i].code);
		T_EQ(icmp_kind_match(&m, kind, code), v[i].want);
	}
	memset(&m, 0, sizeof(m));
	m.af = AF_INET6;
	m.type = 1;
	T_STREQ(icmp_kind_word(&m), "unreachable");
	m.type = 3;
	T_STREQ(icmp_kind_word(&m), "time-exceeded");
	m.type = 4;
	T_STREQ(icmp_kind_word(&m), "param-problem");
}

/* packet too big: down only, never below 1280, MSS = PMTU - 60 */
TEST(icmp6_pmtu)
{
	struct icmp_msg m;
	struct tcb t;

	memset(&m, 0, sizeof(m));
	m.af = AF_INET6;
	m.type = ICMP6_PACKET_TOO_BIG;
	T_EQ(icmp_is_pmtu(&m), 1);
	tcb_init(&t, TCB_CLIENT, 1000, 65535, 1440, 1000000);
	t.peer_mss = 1440;
	T_EQ(tcb_send_mss(&t), 1440);
	m.mtu = 1400;
	T_EQ(icmp_pmtu_apply(&t, &m), 1);
	T_EQ(t.pmtu, 1400);
	T_EQ(tcb_send_mss(&t), 1340);
	m.mtu = 1450;
	T_EQ(icmp_pmtu_apply(&t, &m), 0);	/* never up */
	m.mtu = 600;				/* below IPv6's floor */
	T_EQ(icmp_pmtu_apply(&t, &m), 1);
	T_EQ(t.pmtu, 1280);
	T_EQ(tcb_send_mss(&t), 1220);
	m.mtu = 68;
	T_EQ(icmp_pmtu_apply(&t, &m), 0);
	T_EQ(t.pmtu, 1280);
	m.type = ICMP6_UNREACH;
	T_EQ(icmp_is_pmtu(&m), 0);
}
