/* test_flood.c - flood's pure parts: in-place patches with incremental
 * checksums, the token bucket, the flood/probe argument parser */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "t.h"
#include "tnet.h"

#include "cmdtab.h"
#include "floodarg.h"
#include "lex.h"
#include "pktpatch.h"
#include "pktstore.h"
#include "seg.h"
#include "tbucket.h"
#include "wire.h"

static void
syn_seg(struct seg *g)
{
	seg_init(g);
	g->saddr.v4 = 0x7f000001;
	g->daddr.v4 = 0x7f000001;
	g->sport = 40000;
	g->dport = 25001;
	g->seq = 0x01020304;
	g->flags = TH_SYN;
	g->win = 65535;
	g->id = 7;
	g->frag = IP_DF;
	g->nopt = 1;
	g->opt[0].kind = TCPOPT_MSS;
	g->opt[0].len = 4;
	g->opt[0].u.mss = 1460;
}

/* 2000 random patches of every field of a, the encoding of g: after
 * each, a must be the very bytes a full encode of g gives, checksums
 * included.  IPv6 has no id: patching one must change nothing. */
static void
patches_equal_encode(struct seg *g, struct pktpatch *pp, uint8_t *a,
    size_t alen, uint64_t *x)
{
	struct errbuf e;
	uint8_t b[256];
	size_t blen;
	int i;

	for (i = 0; i < 2000; i++) {
		*x ^= *x << 13;
		*x ^= *x >> 7;
		*x ^= *x << 17;
		g->sport = (uint16_t)*x;
		g->dport = (uint16_t)(*x >> 16);
		g->seq = (uint32_t)(*x >> 32);
		g->ack = (uint32_t)*x ^ 0x5a5a5a5a;
		g->win = (uint16_t)(*x >> 24);
		if (g->ver != 6)
			g->id = (uint16_t)(*x >> 40);
		g->ttl = (uint8_t)(*x >> 56);
		g->fixed = 0;
		pktpatch_set(pp, a, PP_SPORT, g->sport);
		pktpatch_set(pp, a, PP_DPORT, g->dport);
		pktpatch_set(pp, a, PP_SEQ, g->seq);
		pktpatch_set(pp, a, PP_ACK, g->ack);
		pktpatch_set(pp, a, PP_WIN, g->win);
		pktpatch_set(pp, a, PP_ID, g->ver == 6 ? (uint32_t)*x : g->id);
		pktpatch_set(pp, a, PP_TTL, g->ttl);
		T_EQ(wire_encode(g, b, sizeof(b), &blen, &e), 0);
		T_EQ(alen, blen);
		if (memcmp(a, b, blen) != 0) {
			T_MEMEQ(a, b, blen);
			break;
		}
	}
}

TEST(pktpatch_equals_reencode)
{
	struct seg g, d;
	struct pktpatch pp;
	struct errbuf e;
	uint8_t a[128];
	size_t alen;
	uint64_t x = 88172645463325252ull;

	syn_seg(&g);
	T_EQ(wire_encode(&g, a, sizeof(a), &alen, &e), 0);
	T_EQ(pktpatch_init(&pp, a, alen, 1, 1, &e), 0);
	patches_equal_encode(&g, &pp, a, alen, &x);
	T_EQ(wire_decode(a, alen, &d), 0);
	T_EQ(d.anno & (SEG_A_SUM_BAD | SEG_A_IPSUM_BAD), 0);
	T_EQ(pktpatch_get(&pp, a, PP_SEQ), g.seq);
	T_EQ(pktpatch_get(&pp, a, PP_SPORT), g.sport);
	T_EQ(pktpatch_get(&pp, a, PP_TTL), g.ttl);
}

static void
syn_seg6(struct seg *g)
{
	static const uint8_t lo[16] = { [15] = 1 };
	static const uint8_t ula[16] = { 0xfd, 0x00, 0x7c, [15] = 2 };

	syn_seg(g);
	g->ver = 6;
	g->saddr = ipaddr_v6(lo);
	g->daddr = ipaddr_v6(ula);
	g->frag = 0;
	g->id = 0;
	g->ttl = 64;
}

/* The same on IPv6, with and without an extension chain: the TCP header
 * is found past it and the pseudo-header's 128-bit addresses stay in
 * the sum; the hop limit is byte 7 and there is no id to patch. */
TEST(pktpatch6_equals_reencode)
{
	struct seg g, d;
	struct pktpatch pp;
	struct errbuf e;
	uint8_t a[256];
	size_t alen;
	uint64_t x = 88172645463325252ull;
	int chain;

	for (chain = 0; chain < 2; chain++) {
		syn_seg6(&g);
		if (chain) {
			g.next = 2;
			g.ext[0].type = IP6_NXT_HOPOPTS;
			g.ext[0].len = 16;
			g.ext[1].type = IP6_NXT_DSTOPTS;
			g.ext[1].len = 8;
		}
		T_EQ(wire_encode(&g, a, sizeof(a), &alen, &e), 0);
		T_EQ(pktpatch_init(&pp, a, alen, 1, 1, &e), 0);
		T_EQ(pp.th, chain ? 64u : 40u);
		patches_equal_encode(&g, &pp, a, alen, &x);
		T_EQ(wire_decode(a, alen, &d), 0);
		T_EQ(d.anno & SEG_A_SUM_BAD, 0);
		T_EQ(pktpatch_get(&pp, a, PP_TTL), g.ttl);
		T_EQ(pktpatch_get(&pp, a, PP_DPORT), g.dport);
		T_EQ(pktpatch_get(&pp, a, PP_ID), 0);
	}
	/* a later fragment carries no TCP header; a short chain fails */
	syn_seg6(&g);
	g.next = 1;
	g.ext[0].type = IP6_NXT_FRAG;
	g.ext[0].fragoff = 8;
	T_EQ(wire_encode(&g, a, sizeof(a), &alen, &e), 0);
	T_EQ(pktpatch_init(&pp, a, alen, 1, 1, &e), -1);
	T_EQ(pktpatch_init(&pp, a, 45, 1, 1, &e), -1);
	a[6] = 17;
	T_EQ(pktpatch_init(&pp, a, alen, 1, 1, &e), -1);	/* UDP */
}

/* A checksum given on purpose stays as given; a bad one stays bad. */
TEST(pktpatch_kept_and_bad_checksums)
{
	struct seg g, d;
	struct pktpatch pp;
	struct errbuf e;
	uint8_t a[128];
	size_t alen;

	syn_seg(&g);
	g.fixed = SEG_BAD_TCPSUM;
	T_EQ(wire_encode(&g, a, sizeof(a), &alen, &e), 0);
	T_EQ(pktpatch_init(&pp, a, alen, 1, 1, &e), 0);
	pktpatch_set(&pp, a, PP_SEQ, 12345);
	wire_decode(a, alen, &d);
	T_ASSERT(d.anno & SEG_A_SUM_BAD);

	syn_seg(&g);
	g.fixed = SEG_FIX_TCPSUM;
	g.sum = 0xbeef;
	T_EQ(wire_encode(&g, a, sizeof(a), &alen, &e), 0);
	T_EQ(pktpatch_init(&pp, a, alen, 0, 1, &e), 0);
	pktpatch_set(&pp, a, PP_SPORT, 1);
	T_EQ(a[20 + 16] << 8 | a[20 + 17], 0xbeef);

	T_EQ(pktpatch_init(&pp, a, 30, 1, 1, &e), -1);	/* no whole TCP */
	a[9] = 17;
	T_EQ(pktpatch_init(&pp, a, alen, 1, 1, &e), -1);	/* UDP */
}

TEST(pktpatch_adjust_rfc1624)
{
	/* RFC 1624 section 4: HC 0xdd2f, m 0x5555 -> m' 0x3285 gives
	 * 0x0000 (eqn. 3), not -0 0xffff as eqn. 2 would */
	T_EQ(pktpatch_adjust(0xdd2f, 0x5555, 0x3285), 0x0000);
	T_EQ(pktpatch_adjust(0x1234, 0xabcd, 0xabcd), 0x1234);
}

/* Simulated clock: sleeps overshoot like nanosleep does; the rate holds
 * within 0.5% from 1k to 100k per second. */
TEST(tbucket_holds_rate)
{
	static const double rates[] = { 1000, 10000, 100000 };
	struct tbucket tb;
	uint64_t now, sent, end, w;
	double got;
	int i;

	for (i = 0; i < 3; i++) {
		now = 1000000000ull;
		tbucket_init(&tb, rates[i], rates[i] / 100 > 64 ?
		    rates[i] / 100 : 64, now);
		end = now + 2000000000ull;	/* 2 s */
		sent = 0;
		while (now < end) {
			w = tbucket_take(&tb, now, 64);
			sent += w;
			if (w == 0)
				now += tbucket_wait_ns(&tb, 1, 10000000) + 57000;
			else
				now += 3000 * w;	/* the send itself */
		}
		got = (double)sent / 2.0;
		T_ASSERT(got > rates[i] * 0.995 && got < rates[i] * 1.005);
	}
}

/* After a gap the bucket holds a burst, not the time's worth. */
TEST(tbucket_resets_after_gap)
{
	struct tbucket tb;

	tbucket_init(&tb, 100000, 1000, 0);
	T_EQ(tbucket_take(&tb, 0, 64), 1);
	T_EQ(tbucket_take(&tb, 0, 64), 0);
	T_EQ(tbucket_take(&tb, 5000000000ull, 1000000), 1000);
	T_EQ(tbucket_take(&tb, 5000000000ull, 1), 0);
	T_EQ(tbucket_wait_ns(&tb, 1, 1000000000), 10000);
	T_EQ(tbucket_wait_ns(&tb, 5000, 1000000000), 10000000);
	T_EQ(tbucket_wait_ns(&tb, 1, 100), 100);
}

TEST(floodarg_flood)
{
	struct cmd c;
	struct errbuf e;

	T_EQ(parse("flood 127.0.0.1:25001 S count 1k rate 10k sport random "
	    "seq random win 0", &c, &e), 0);
	T_EQ(c.id, C_FLOOD);
	T_EQ(c.have_target, 1);
	T_EQ(c.addr.v4, 0x7f000001);
	T_EQ(c.port, 25001);
	T_EQ(c.count, 1000);
	T_EQ(c.rate, 10000);
	T_EQ(c.dur_us, FLOOD_CAP_US);
	T_EQ(c.rnd, (1u << PP_SPORT) | (1u << PP_SEQ));
	T_EQ(c.have_spec, 1);
	T_EQ(c.spec.v[SP_FLAGS].lo, TH_SYN);
	T_ASSERT(c.spec.set & SP_BIT(SP_WIN));
	T_EQ(c.spec.v[SP_WIN].lo, 0);
	cmd_free(&c);

	/* on the current connection, no flags: the defaults */
	T_EQ(parse("flood count 10 within 2s", &c, &e), 0);
	T_EQ(c.have_target, 0);
	T_EQ(c.have_spec, 0);
	T_EQ(c.dur_us, 2000000);
	cmd_free(&c);

	T_EQ(parse("flood S rate 5", &c, &e), -1);	/* unbounded */
	T_ASSERT(strstr(e.msg, "count") != NULL);
	cmd_free(&c);
	T_EQ(parse("flood S count 10000001", &c, &e), -1);
	T_EQ(e.col, 15);
	cmd_free(&c);
	T_EQ(parse("flood S count 0", &c, &e), -1);
	cmd_free(&c);
	T_EQ(parse("flood 127.0.0.1:0 count 1", &c, &e), -1);
	cmd_free(&c);
	T_EQ(parse("flood count 1 bogus 3", &c, &e), -1);	/* segspec's */
	cmd_free(&c);
}

/* [IPv6]:PORT; a bare "::1:80" is an address, not an endpoint */
TEST(floodarg_ipv6)
{
	static const uint8_t one[16] = { [15] = 1 };
	struct cmd c;
	struct errbuf e;

	T_EQ(parse("flood [::1]:25001 S count 5 sport random", &c, &e), 0);
	T_EQ(c.have_target, 1);
	T_EQ(c.addr.af, AF_INET6);
	T_MEMEQ(c.addr.v6, one, 16);
	T_EQ(c.port, 25001);
	T_EQ(c.count, 5);
	cmd_free(&c);
	T_EQ(parse("probe [::1]:7 count 2", &c, &e), 0);
	T_EQ(c.addr.af, AF_INET6);
	T_EQ(c.port, 7);
	cmd_free(&c);
	T_EQ(parse("probe localhost6:7", &c, &e), 0);
	T_EQ(c.addr.af, AF_INET6);
	cmd_free(&c);
	T_EQ(parse("flood ::1:80 count 1", &c, &e), -1);
	T_ASSERT(strstr(e.msg, "[IPv6]:PORT") != NULL);
	cmd_free(&c);
	T_EQ(parse("flood [::1]:0 count 1", &c, &e), -1);
	T_EQ(e.col, 13);	/* the port */
	cmd_free(&c);
	T_EQ(parse("probe [::g]:80", &c, &e), -1);
	cmd_free(&c);
}

/* FIELD random: the field table's names and aliases; help names them */
TEST(floodarg_random_fields)
{
	const struct cmd_def *d = cmd_lookup("flood");
	struct cmd c;
	struct errbuf e;
	int i;

	T_EQ(parse("flood count 1 window random dport random", &c, &e), 0);
	T_EQ(c.rnd, (1u << PP_WIN) | (1u << PP_DPORT));
	T_EQ(c.have_spec, 0);
	cmd_free(&c);
	/* not one pktpatch rewrites: the notation's, where random is no
	 * number */
	T_EQ(parse("flood count 1 ttl random", &c, &e), -1);
	cmd_free(&c);
	for (i = 0; floodarg_rnd_name(i) != NULL; i++)
		T_ASSERT(d != NULL && strstr(d->help, floodarg_rnd_name(i)) !=
		    NULL);
	T_EQ(i, 6);
}

TEST(floodarg_probe)
{
	struct cmd c;
	struct errbuf e;

	T_EQ(parse("probe 127.0.0.1:25002 count 3 interval 10ms", &c, &e), 0);
	T_EQ(c.id, C_PROBE);
	T_EQ(c.port, 25002);
	T_EQ(c.count, 3);
	T_EQ(c.ival_us, 10000);
	cmd_free(&c);
	T_EQ(parse("probe localhost:80", &c, &e), 0);
	T_EQ(c.count, PROBE_DEFCOUNT);
	T_EQ(c.ival_us, PROBE_DEFIVAL);
	cmd_free(&c);
	T_EQ(parse("probe 80", &c, &e), -1);
	cmd_free(&c);
	T_EQ(parse("probe 127.0.0.1:80 count", &c, &e), -1);
	cmd_free(&c);
	T_EQ(parse("probe 127.0.0.1:80 count 100001", &c, &e), -1);
	cmd_free(&c);
}

TEST(floodarg_traceroute)
{
	struct cmd c;
	struct errbuf e;

	T_EQ(parse("traceroute 10.77.1.2:7 max 5 wait 2s", &c, &e), 0);
	T_EQ(c.id, C_TRACEROUTE);
	T_EQ(c.addr.v4, 0x0a4d0102);
	T_EQ(c.port, 7);
	T_EQ(c.count, 5);
	T_EQ(c.ival_us, 2000000);
	cmd_free(&c);
	T_EQ(parse("traceroute 10.77.1.2:7", &c, &e), 0);
	T_EQ(c.count, TRACE_DEFHOPS);
	T_EQ(c.ival_us, TRACE_DEFWAIT);
	cmd_free(&c);
	T_EQ(parse("traceroute", &c, &e), -1);
	T_ASSERT(strstr(e.msg, "usage: traceroute HOST:PORT") != NULL);
	cmd_free(&c);
	T_EQ(parse("traceroute 10.77.1.2:7 max 65", &c, &e), -1);
	T_ASSERT(strstr(e.msg, "max takes 1 to 64 hops") != NULL);
	cmd_free(&c);
	T_EQ(parse("traceroute 10.77.1.2:7 wait 11s", &c, &e), -1);
	T_ASSERT(strstr(e.msg, "up to 10s") != NULL);
	cmd_free(&c);
	T_EQ(parse("traceroute 10.77.1.2:7 count 3", &c, &e), -1);
	cmd_free(&c);
}

TEST(pktstore_keeps_every_packet)
{
	struct pktstore ps = { 0 };
	uint8_t *p[3000];
	size_t i, len;

	for (i = 0; i < 3000; i++) {
		/* small ones, and now and then one larger than a chunk */
		len = i % 1000 == 999 ? 300000 : i % 97;
		p[i] = pktstore_alloc(&ps, len);
		T_ASSERT(p[i] != NULL);
		T_EQ((uintptr_t)p[i] % 8, 0);
		memset(p[i], (int)(i & 0xff), len ? len : 1);
	}
	for (i = 0; i < 3000; i++) {
		len = i % 1000 == 999 ? 300000 : i % 97;
		if (len > 0 && (p[i][0] != (i & 0xff) ||
		    p[i][len - 1] != (i & 0xff))) {
			T_ASSERT(!"a packet was overwritten");
			break;
		}
	}
	pktstore_free(&ps);
	T_ASSERT(ps.head == NULL);
	T_ASSERT(pktstore_alloc(&ps, 0) != NULL);
	pktstore_free(&ps);
}
