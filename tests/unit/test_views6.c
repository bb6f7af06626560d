/* test_views6.c - files and teaching views on IPv6: replay's target;
 * the ladder, explain and the quiz on IPv6 segments (the same as on IPv4
 * but for the addresses); a malformed extension chain kept away from the
 * TCB.
 */
#include <stdlib.h>
#include <string.h>

#include "cmdtab.h"
#include "errbuf.h"
#include "explain.h"
#include "ipaddr.h"
#include "ladder.h"
#include "lex.h"
#include "pktlog.h"
#include "print.h"
#include "quiz.h"
#include "replayarg.h"
#include "t.h"
#include "tnet.h"
#include "tcb.h"
#include "trust.h"
#include "wire.h"

#define ISS	1000u
#define IRS	5000u

static const uint8_t us6[16] = { 0x20, 0x01, 0x0d, 0xb8, [15] = 0x0a };
static const uint8_t peer6[16] = { 0x20, 0x01, 0x0d, 0xb8, [15] = 0x02 };
#define US4	0x0a4d0a0au	/* 10.77.10.10 */
#define PEER4	0x0a4d0a02u	/* 10.77.10.2 */

TEST(replay_target_ipv6)
{
	static const uint8_t one[16] = { [15] = 1 };
	struct ipaddr lo6 = ipaddr_v6(one);
	struct cmd c;
	struct errbuf e;

	T_EQ(parse("replay a.pcap to [::1]:7000", &c, &e), 0);
	T_EQ(c.have_target, REPLAY_ADDR_PORT);
	T_ASSERT(ipaddr_eq(&c.addr, &lo6));
	T_EQ(c.port, 7000);
	cmd_free(&c);
	T_EQ(parse("replay a.pcap server on localhost6:7001", &c, &e), 0);
	T_ASSERT(ipaddr_eq(&c.addr, &lo6));
	T_STREQ(c.key, "server");
	cmd_free(&c);
	/* a port alone: replay picks the capture's family */
	T_EQ(parse("replay a.pcap to 7002", &c, &e), 0);
	T_EQ(c.have_target, REPLAY_PORT_ONLY);
	T_EQ(c.addr.af, AF_INET);
	T_EQ(c.addr.v4, 0x7f000001);
	cmd_free(&c);
	T_EQ(parse("replay a.pcap to 127.0.0.2:80", &c, &e), 0);
	T_EQ(c.have_target, REPLAY_ADDR_PORT);
	T_EQ(c.addr.v4, 0x7f000002);
	cmd_free(&c);
	/* an IPv6 address with no brackets reads as address and port
	 * both ways: refused */
	T_EQ(parse("replay a.pcap to ::1:7000", &c, &e), -1);
	T_ASSERT(strstr(e.msg, "brackets") != NULL);
	cmd_free(&c);
	T_EQ(parse("replay a.pcap to [::1]", &c, &e), -1);
	cmd_free(&c);
	T_EQ(parse("replay a.pcap to [::1]:0", &c, &e), -1);
	cmd_free(&c);
}

/* ----- the same short session on IPv4 and on IPv6 ----- */

static void
mkseg(struct seg *g, int v6, enum pkt_dir dir, uint8_t flags, uint32_t seq,
    uint32_t ack, const char *data)
{
	int in = dir == DIR_IN;

	if (v6) {
		seg_init6(g);
		g->saddr = ipaddr_v6(in ? peer6 : us6);
		g->daddr = ipaddr_v6(in ? us6 : peer6);
	} else {
		seg_init(g);
		g->saddr = ipaddr_v4(in ? PEER4 : US4);
		g->daddr = ipaddr_v4(in ? US4 : PEER4);
	}
	g->sport = in ? 7 : 40000;
	g->dport = in ? 40000 : 7;
	g->seq = seq;
	g->ack = ack;
	g->flags = flags;
	g->win = in ? 65464 : 65535;
	g->data = (const uint8_t *)data;
	g->datalen = data != NULL ? (uint32_t)strlen(data) : 0;
	if (flags & TH_SYN) {
		g->opt[0].kind = TCPOPT_MSS;
		g->opt[0].len = 4;
		g->opt[0].u.mss = 1440;
		g->nopt = 1;
	}
}

static void
rec(struct pkt_rec *r, int v6, uint64_t t_us, enum pkt_dir dir,
    uint8_t flags, uint32_t seq, uint32_t ack, const char *data,
    enum tcb_state from, enum tcb_state to, uint32_t notes)
{
	struct seg g;

	mkseg(&g, v6, dir, flags, seq, ack, data);
	T_EQ(rec_of(r, &g, t_us, dir, 1, from, to, notes, ISS, IRS), 0);
}

static size_t
session(struct pkt_rec *r, int v6)
{
	const enum tcb_state E = TCB_ESTABLISHED;
	size_t n = 0;

	rec(&r[n++], v6, 100, DIR_OUT, TH_SYN, ISS, 0, NULL, TCB_CLOSED,
	    TCB_SYN_SENT, 0);
	rec(&r[n++], v6, 160, DIR_IN, TH_SYN | TH_ACK, IRS, ISS + 1, NULL,
	    TCB_SYN_SENT, E, TN_ACK_OWED);
	rec(&r[n++], v6, 200, DIR_OUT, TH_ACK, ISS + 1, IRS + 1, NULL, E, E,
	    0);
	rec(&r[n++], v6, 300, DIR_OUT, TH_PSH | TH_ACK, ISS + 1, IRS + 1,
	    "hello", E, E, 0);
	rec(&r[n++], v6, 340, DIR_IN, TH_PSH | TH_ACK, IRS + 1, ISS + 6,
	    "hello", E, E, TN_ACK_OWED);
	rec(&r[n++], v6, 400, DIR_OUT, TH_FIN | TH_ACK, ISS + 6, IRS + 6,
	    NULL, E, TCB_FIN_WAIT_1, 0);
	return n;
}

static char *
ladder_of(int v6, int svg, size_t *len)
{
	struct pkt_rec r[8];
	struct ladder_hdr h;
	struct ipaddr us, peer;
	char *buf = NULL;
	size_t n, i;
	FILE *f;

	n = session(r, v6);
	us = v6 ? ipaddr_v6(us6) : ipaddr_v4(US4);
	peer = v6 ? ipaddr_v6(peer6) : ipaddr_v4(PEER4);
	memset(&h, 0, sizeof(h));
	cmd_endpoint_str(&us, 40000, h.us, sizeof(h.us));
	cmd_endpoint_str(&peer, 7, h.peer, sizeof(h.peer));
	snprintf(h.name, sizeof(h.name), "c1");
	h.role = TCB_CLIENT;
	f = open_memstream(&buf, len);
	if (svg)
		ladder_svg(f, &h, r, n, 1);
	else
		ladder_text(f, &h, r, n, 1);
	fclose(f);
	for (i = 0; i < n; i++)
		free(r[i].pkt);
	return buf;
}

TEST(ladder_ipv6_only_the_addresses_differ)
{
	size_t l4, l6;
	char *a = ladder_of(0, 0, &l4), *b = ladder_of(1, 0, &l6);
	const char *ra = strchr(a, '\n'), *rb = strchr(b, '\n');
	char first[256];

	T_ASSERT(ra != NULL && rb != NULL);
	snprintf(first, sizeof(first), "%.*s", (int)(rb - b), b);
	T_STREQ(first, "              us [2001:db8::a]:40000"
	    "                    peer [2001:db8::2]:7");
	/* every other row is the same */
	T_STREQ(rb, ra);
	T_EQ(l4 - (size_t)(ra - a), l6 - (size_t)(rb - b));
	free(a);
	free(b);
	a = ladder_of(1, 1, &l6);
	T_ASSERT(strstr(a, "us [2001:db8::a]:40000") != NULL);
	T_ASSERT(strstr(a, "peer [2001:db8::2]:7") != NULL);
	free(a);
}

/* What arrived, decoded from its bytes as rx.c decodes it. */
static void
decoded(int v6, uint8_t flags, uint32_t seq, uint32_t ack,
    const char *data, uint8_t *buf, size_t cap, struct seg *out)
{
	struct errbuf e;
	struct seg g;
	size_t len = 0;

	mkseg(&g, v6, DIR_IN, flags, seq, ack, data);
	T_EQ(wire_encode(&g, buf, cap, &len, &e), 0);
	T_EQ(wire_decode(buf, len, out), 0);
	T_EQ(SEG_IS6(out), v6);
}

TEST(explain_and_quiz_ipv6_as_ipv4)
{
	struct tcb t4, t6;
	struct tcb_ev ev4, ev6;
	struct explain_in in;
	struct print_ctx pc;
	struct seg g, s4, s6;
	uint8_t b4[256], b6[256];
	char x4[512], x6[512], l4[1024], l6[1024];
	size_t o4, o6;
	int v6;

	for (v6 = 0; v6 < 2; v6++) {
		struct tcb *t = v6 ? &t6 : &t4;

		tcb_init(t, TCB_CLIENT, ISS, 65535, v6 ? 65476 : 65495,
		    1000000);
		mkseg(&g, v6, DIR_OUT, TH_SYN, ISS, 0, NULL);
		tcb_on_send(t, &g, 0, NULL);
	}
	decoded(0, TH_SYN | TH_ACK, IRS, ISS + 1, NULL, b4, sizeof(b4), &s4);
	decoded(1, TH_SYN | TH_ACK, IRS, ISS + 1, NULL, b6, sizeof(b6), &s6);
	tcb_on_recv(&t4, &s4, 100, &ev4);
	tcb_on_recv(&t6, &s6, 100, &ev6);
	T_EQ(ev4.to, TCB_ESTABLISHED);
	T_EQ(ev6.to, TCB_ESTABLISHED);
	memset(&in, 0, sizeof(in));
	in.relative = 1;
	in.g = &s4;
	in.ev = &ev4;
	in.t = &t4;
	explain_arrival(&in, x4, sizeof(x4));
	in.g = &s6;
	in.ev = &ev6;
	in.t = &t6;
	explain_arrival(&in, x6, sizeof(x6));
	T_ASSERT(x4[0] != '\0');
	T_STREQ(x6, x4);

	/* quiz: the field hidden in the line after the addresses */
	decoded(0, TH_ACK, IRS + 1, ISS + 1, "x", b4, sizeof(b4), &s4);
	decoded(1, TH_ACK, IRS + 1, ISS + 1, "x", b6, sizeof(b6), &s6);
	memset(&pc, 0, sizeof(pc));
	pc.relative = 1;
	pc.seq_base = IRS;
	pc.ack_base = ISS;
	print_line(l4, sizeof(l4), &s4, &pc, &o4);
	print_line(l6, sizeof(l6), &s6, &pc, &o6);
	T_ASSERT(strncmp(l6, "IP6 2001:db8::2.7 > 2001:db8::a.40000: ",
	    o6) == 0);
	T_EQ(quiz_mask(l4 + o4, sizeof(l4) - o4, QZ_ACK), QZ_ACK);
	T_EQ(quiz_mask(l6 + o6, sizeof(l6) - o6, QZ_ACK), QZ_ACK);
	T_ASSERT(strstr(l6 + o6, "ack ?") != NULL);
	T_STREQ(l6 + o6, l4 + o4);
}

/* A hop-by-hop header that runs past the packet: shown by the decoder,
 * judged untrustworthy here, so no TCB moves on it. */
TEST(trust_ipv6_bad_chain_from_the_wire)
{
	struct errbuf e;
	struct seg g, d;
	uint8_t buf[256];
	size_t len = 0;

	mkseg(&g, 1, DIR_IN, TH_ACK, IRS + 1, ISS + 1, NULL);
	g.ext[0].type = IP6_NXT_HOPOPTS;
	g.next = 1;
	T_EQ(wire_encode(&g, buf, sizeof(buf), &len, &e), 0);
	T_EQ(wire_decode(buf, len, &d), 0);
	T_EQ(trust_seg(&d, len, len, NULL, 0), 1);
	/* its length byte now says 16 bytes more than there are */
	buf[40 + 1] = 2;
	wire_decode(buf, len, &d);
	T_ASSERT(d.anno & SEG_A_BAD_EXT);
	T_EQ(trust_seg(&d, len, len, NULL, 0), 0);
}
