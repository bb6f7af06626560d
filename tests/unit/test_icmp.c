/* test_icmp.c - the ICMP error decoder, its words, RFC 5927's check */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cksum.h"
#include "errbuf.h"
#include "icmp.h"
#include "ladder.h"
#include "pktlog.h"
#include "seg.h"
#include "t.h"
#include "tnet.h"
#include "tcb.h"
#include "wire.h"

#define ROUTER	0x0a4d0101u	/* 10.77.1.1 */
#define US	0x0a4d010au	/* 10.77.1.10 */
#define PEER	0x0a4d0202u	/* 10.77.2.2 */

/* Our segment seq:seq+datalen, 1460 bytes long on the wire unless
 * quoted shorter: the quote is its first qlen bytes. */
static size_t
quote(uint8_t *q, uint32_t seq, uint16_t datalen)
{
	static uint8_t data[1460];
	struct errbuf e;
	struct seg s;
	size_t n;

	seg_init(&s);
	s.saddr.v4 = US;
	s.daddr.v4 = PEER;
	s.sport = 40000;
	s.dport = 7;
	s.seq = seq;
	s.flags = TH_ACK | TH_PSH;
	s.frag = IP_DF;
	s.data = data;
	s.datalen = datalen;
	if (wire_encode(&s, q, 1600, &n, &e) != 0)
		return 0;
	return n;
}

/* An ICMP error from the router quoting qlen bytes of q. */
static size_t
icmp_pkt(uint8_t *p, uint8_t type, uint8_t code, uint32_t rest,
    const uint8_t *q, size_t qlen)
{
	size_t n = 20 + 8 + qlen;

	memset(p, 0, 28);
	p[0] = 0x45;
	put16(p + 2, (uint16_t)n);
	p[8] = 64;
	p[9] = 1;
	put32(p + 12, ROUTER);
	put32(p + 16, US);
	put16(p + 10, (uint16_t)~cksum_fold(cksum_add(0, p, 20)));
	p[20] = type;
	p[21] = code;
	put32(p + 24, rest);
	memcpy(p + 28, q, qlen);
	put16(p + 22, (uint16_t)~cksum_fold(cksum_add(0, p + 20, n - 20)));
	return n;
}

static char line[256];

static const char *
words(uint8_t type, uint8_t code, uint32_t rest)
{
	uint8_t q[1600], p[1700];
	struct icmp_msg m;
	size_t ql, n;

	ql = quote(q, 1001, 1460);
	n = icmp_pkt(p, type, code, rest, q, 28);
	(void)ql;
	if (icmp_decode(p, n, &m) != 0)
		return "(not decoded)";
	icmp_line(line, sizeof(line), &m);
	return line;
}

TEST(icmp_unreach_words)
{
	T_STREQ(words(3, 0, 0),
	    "IP 10.77.1.1 > 10.77.1.10: ICMP net 10.77.2.2 unreachable, "
	    "length 36");
	T_STREQ(words(3, 1, 0),
	    "IP 10.77.1.1 > 10.77.1.10: ICMP host 10.77.2.2 unreachable, "
	    "length 36");
	T_STREQ(words(3, 2, 0), "IP 10.77.1.1 > 10.77.1.10: ICMP "
	    "10.77.2.2 protocol 6 unreachable, length 36");
	T_STREQ(words(3, 3, 0), "IP 10.77.1.1 > 10.77.1.10: ICMP "
	    "10.77.2.2 tcp port 7 unreachable, length 36");
	T_STREQ(words(3, 4, 1400), "IP 10.77.1.1 > 10.77.1.10: ICMP "
	    "10.77.2.2 unreachable - need to frag (mtu 1400), length 36");
	T_STREQ(words(3, 4, 0), "IP 10.77.1.1 > 10.77.1.10: ICMP "
	    "10.77.2.2 unreachable - need to frag, length 36");
	T_STREQ(words(3, 9, 0), "IP 10.77.1.1 > 10.77.1.10: ICMP "
	    "net 10.77.2.2 unreachable - admin prohibited, length 36");
	T_STREQ(words(3, 10, 0), "IP 10.77.1.1 > 10.77.1.10: ICMP "
	    "host 10.77.2.2 unreachable - admin prohibited, length 36");
	T_STREQ(words(3, 13, 0), "IP 10.77.1.1 > 10.77.1.10: ICMP host "
	    "10.77.2.2 unreachable - admin prohibited filter, length 36");
	T_STREQ(words(3, 99, 0), "IP 10.77.1.1 > 10.77.1.10: ICMP "
	    "#99 10.77.2.2 unreachable, length 36");
}

TEST(icmp_other_words)
{
	T_STREQ(words(11, 0, 0), "IP 10.77.1.1 > 10.77.1.10: ICMP "
	    "time exceeded in-transit, length 36");
	T_STREQ(words(11, 1, 0), "IP 10.77.1.1 > 10.77.1.10: ICMP "
	    "ip reassembly time exceeded, length 36");
	T_STREQ(words(12, 0, 20u << 24), "IP 10.77.1.1 > 10.77.1.10: ICMP "
	    "parameter problem - octet 20, length 36");
	T_STREQ(words(12, 1, 0), "IP 10.77.1.1 > 10.77.1.10: ICMP "
	    "parameter problem - code 1, length 36");
	/* not errors: nothing to match against a connection */
	T_STREQ(words(0, 0, 0), "(not decoded)");
	T_STREQ(words(8, 0, 0), "(not decoded)");
	T_STREQ(words(5, 1, 0), "(not decoded)");
}

TEST(icmp_quote_fields)
{
	uint8_t q[1600], p[1700];
	struct icmp_msg m;
	size_t n;

	quote(q, 0x01020304, 1460);
	n = icmp_pkt(p, 3, 4, 1400, q, 28);
	T_EQ(icmp_decode(p, n, &m), 0);
	T_EQ(m.saddr, ROUTER);
	T_EQ(m.daddr, US);
	T_EQ(m.mtu, 1400);
	T_EQ(m.q_ip, 1);
	T_EQ(m.q_tcp, 1);
	T_EQ(m.q_saddr, US);
	T_EQ(m.q_daddr, PEER);
	T_EQ(m.q_totlen, 1500);
	T_EQ(m.q_frag, IP_DF);
	T_EQ(m.q_sport, 40000);
	T_EQ(m.q_dport, 7);
	T_EQ(m.q_seq, 0x01020304);
	T_EQ(m.q_have_flags, 0);	/* 8 bytes: no flags */
	T_EQ(m.anno, 0);
	T_STREQ(icmp_kind_word(&m), "need-frag");
	/* Linux quotes as much as fits in 576 bytes */
	n = icmp_pkt(p, 3, 4, 1400, q, 548);
	T_EQ(icmp_decode(p, n, &m), 0);
	T_EQ(m.q_have_flags, 1);
	T_EQ(m.q_flags, TH_ACK | TH_PSH);
	T_EQ(m.len, 556);
}

TEST(icmp_truncated_and_lying)
{
	uint8_t q[1600], p[1700];
	struct icmp_msg m;
	char a[128];
	size_t n, k;

	quote(q, 1001, 1460);
	/* every cut of a good packet: never more than what is there */
	n = icmp_pkt(p, 3, 1, 0, q, 28);
	for (k = 0; k < n; k++) {
		int rc = icmp_decode(p, k, &m);

		T_ASSERT(k >= 48 || rc == -1 || m.q_tcp == 0);
		T_ASSERT(rc == -1 || k >= 48);
	}
	/* the quote's IP header cut short: not matchable */
	n = icmp_pkt(p, 3, 1, 0, q, 12);
	T_EQ(icmp_decode(p, n, &m), -1);
	T_ASSERT(m.anno & ICMP_A_Q_TRUNC_IP);
	/* the IP header but only 4 bytes of TCP: no seq */
	n = icmp_pkt(p, 3, 1, 0, q, 24);
	T_EQ(icmp_decode(p, n, &m), 0);
	T_EQ(m.q_tcp, 0);
	T_ASSERT(m.anno & ICMP_A_Q_TRUNC_TCP);
	icmp_anno(a, sizeof(a), &m);
	T_STREQ(a, "quote: fewer than 8 bytes of tcp");
	/* a quoted ihl of 15 runs past the quote */
	q[0] = 0x4f;
	n = icmp_pkt(p, 3, 1, 0, q, 28);
	T_EQ(icmp_decode(p, n, &m), 0);
	T_EQ(m.q_tcp, 0);
	T_ASSERT(m.anno & ICMP_A_Q_TRUNC_IP);
	/* ihl 3: read as 20, said */
	q[0] = 0x43;
	n = icmp_pkt(p, 3, 1, 0, q, 28);
	T_EQ(icmp_decode(p, n, &m), 0);
	T_ASSERT(m.anno & ICMP_A_Q_BAD_IHL);
	T_EQ(m.q_tcp, 1);
	/* version 6 in the quote */
	q[0] = 0x65;
	n = icmp_pkt(p, 3, 1, 0, q, 28);
	T_EQ(icmp_decode(p, n, &m), -1);
	T_ASSERT(m.anno & ICMP_A_Q_BAD_VER);
	q[0] = 0x45;
	/* a quoted total length of 10, less than its own header */
	put16(q + 2, 10);
	n = icmp_pkt(p, 3, 1, 0, q, 28);
	T_EQ(icmp_decode(p, n, &m), 0);
	T_ASSERT(m.anno & ICMP_A_Q_BAD_TOTLEN);
	put16(q + 2, 1500);
	/* UDP quoted */
	q[9] = 17;
	n = icmp_pkt(p, 3, 3, 0, q, 28);
	T_EQ(icmp_decode(p, n, &m), 0);
	T_EQ(m.q_tcp, 0);
	T_ASSERT(m.anno & ICMP_A_Q_NOT_TCP);
	icmp_line(line, sizeof(line), &m);
	T_STREQ(line, "IP 10.77.1.1 > 10.77.1.10: ICMP 10.77.2.2 protocol "
	    "17 port 0 unreachable, length 36");
	q[9] = 6;
	/* a later fragment quoted */
	put16(q + 6, 100);
	n = icmp_pkt(p, 3, 1, 0, q, 28);
	T_EQ(icmp_decode(p, n, &m), 0);
	T_ASSERT(m.anno & ICMP_A_Q_FRAG);
	T_EQ(m.q_tcp, 0);
	put16(q + 6, IP_DF);
	/* a wrong ICMP checksum is noted, the rest decoded */
	n = icmp_pkt(p, 3, 1, 0, q, 28);
	p[22] ^= 0xff;
	T_EQ(icmp_decode(p, n, &m), 0);
	T_ASSERT(m.anno & ICMP_A_SUM_BAD);
	/* the outer total length lies: believed only up to the bytes */
	n = icmp_pkt(p, 3, 1, 0, q, 28);
	put16(p + 2, 60000);
	T_EQ(icmp_decode(p, n, &m), 0);
	T_EQ(m.len, 36);
	put16(p + 2, 30);	/* says 30: only 10 bytes of ICMP */
	T_EQ(icmp_decode(p, n, &m), -1);
	/* not ICMP at all */
	n = quote(q, 1, 10);
	T_EQ(icmp_decode(q, n, &m), -1);
}

TEST(icmp_rfc5927)
{
	uint8_t q[1600], p[1700];
	struct icmp_msg m;
	struct tcb t;
	char why[96];
	size_t n;

	memset(&t, 0, sizeof(t));
	t.state = TCB_ESTABLISHED;
	t.snd_una = 1001;
	t.snd_nxt = 2461;
	quote(q, 1001, 1460);
	n = icmp_pkt(p, 3, 4, 1400, q, 28);
	T_EQ(icmp_decode(p, n, &m), 0);
	T_EQ(icmp_acceptable(&m, &t, why, sizeof(why)), 1);
	m.q_seq = 2460;
	T_EQ(icmp_acceptable(&m, &t, why, sizeof(why)), 1);
	m.q_seq = 2461;		/* SND.NXT: never sent */
	T_EQ(icmp_acceptable(&m, &t, why, sizeof(why)), 0);
	T_STREQ(why, "quoted seq outside the window");
	m.q_seq = 1000;		/* acknowledged already */
	T_EQ(icmp_acceptable(&m, &t, why, sizeof(why)), 0);
	m.q_seq = 0x80001001;
	T_EQ(icmp_acceptable(&m, &t, why, sizeof(why)), 0);
	/* across the wrap */
	t.snd_una = 0xfffffff0;
	t.snd_nxt = 0x10;
	m.q_seq = 0x5;
	T_EQ(icmp_acceptable(&m, &t, why, sizeof(why)), 1);
	/* nothing in flight */
	t.snd_una = t.snd_nxt = 1001;
	m.q_seq = 1001;
	T_EQ(icmp_acceptable(&m, &t, why, sizeof(why)), 0);
	T_STREQ(why, "nothing of ours is in flight");
	/* no seq in the quote */
	m.q_tcp = 0;
	t.snd_nxt = 2461;
	T_EQ(icmp_acceptable(&m, &t, why, sizeof(why)), 0);
}

/* icmp_pmtu_apply of an IPv4 need-frag carrying mtu */
static int
needfrag(struct tcb *t, uint16_t mtu)
{
	struct icmp_msg m;

	memset(&m, 0, sizeof(m));
	m.af = AF_INET;
	m.type = ICMP_UNREACH;
	m.code = ICMP_UNREACH_NEEDFRAG;
	m.mtu = mtu;
	return icmp_pmtu_apply(t, &m);
}

TEST(icmp_pmtu)
{
	struct tcb t;

	tcb_init(&t, TCB_CLIENT, 1000, 65535, 1460, 1000000);
	t.peer_mss = 1460;
	T_EQ(tcb_send_mss(&t), 1460);
	T_EQ(needfrag(&t, 1400), 1);
	T_EQ(t.pmtu, 1400);
	T_EQ(tcb_send_mss(&t), 1360);
	T_EQ(needfrag(&t, 1450), 0);	/* never up */
	T_EQ(needfrag(&t, 1400), 0);
	T_EQ(needfrag(&t, 67), 0);	/* below 68 */
	T_EQ(needfrag(&t, 576), 1);
	T_EQ(tcb_send_mss(&t), 536);
	t.peer_mss = 500;			/* the peer's is smaller */
	T_EQ(tcb_send_mss(&t), 500);
}

TEST(icmp_kind_words)
{
	int type, code;

	struct icmp_msg m;

	memset(&m, 0, sizeof(m));
	m.af = AF_INET;
	m.type = 3;
	m.code = 4;
	T_EQ(icmp_kind_parse("need-frag", &type, &code), 0);
	T_EQ(code, -1);
	T_EQ(icmp_kind_match(&m, type, code), 1);
	T_EQ(icmp_kind_parse("unreachable", &type, &code), 0);
	T_EQ(icmp_kind_match(&m, type, code), 1);
	T_EQ(icmp_kind_parse("time-exceeded", &type, &code), 0);
	T_EQ(icmp_kind_match(&m, type, code), 0);
	m.type = 11;
	m.code = 0;
	T_EQ(icmp_kind_match(&m, type, code), 1);
	T_EQ(icmp_kind_parse("param-problem", &type, &code), 0);
	T_EQ(icmp_kind_match(&m, type, code), 0);
	m.type = 12;
	T_EQ(icmp_kind_match(&m, type, code), 1);
	T_EQ(icmp_kind_match(&m, 0, -1), 1);
	T_EQ(icmp_kind_parse("redirect", &type, &code), -1);
}

/* ladder: an ICMP error is drawn from the router's column to us */
TEST(icmp_ladder)
{
	static uint8_t q[1600], p[1700];
	struct pkt_rec log[2];
	struct ladder_hdr h;
	char *buf = NULL;
	size_t len = 0, n;
	FILE *f;

	memset(log, 0, sizeof(log));
	n = quote(q, 1001, 1460);
	log[0].dir = DIR_OUT;
	log[0].conn_id = 1;
	log[0].pkt = q;
	log[0].len = (uint32_t)n;
	log[0].ev.from = log[0].ev.to = TCB_ESTABLISHED;
	log[0].pc.relative = 1;
	log[0].pc.seq_base = 1000;
	log[1].dir = DIR_IN;
	log[1].conn_id = 1;
	log[1].icmp = 1;
	log[1].pkt = p;
	log[1].len = (uint32_t)icmp_pkt(p, 3, 4, 1400, q, 28);
	log[1].ev.from = log[1].ev.to = TCB_ESTABLISHED;
	snprintf(log[1].ev.detail, sizeof(log[1].ev.detail),
	    "quotes our segment 1:1461");
	memset(&h, 0, sizeof(h));
	snprintf(h.us, sizeof(h.us), "10.77.1.10:40000");
	snprintf(h.peer, sizeof(h.peer), "10.77.2.2:7");
	if ((f = open_memstream(&buf, &len)) == NULL)
		return;
	ladder_text(f, &h, log, 2, 1);
	fclose(f);
	T_ASSERT(strstr(buf, "router 10.77.1.1\n") != NULL);
	T_ASSERT(strstr(buf, "|  ICMP need-frag (mtu 1400)") != NULL);
	T_ASSERT(strstr(buf, "# quotes our segment 1:1461\n") != NULL);
	T_ASSERT(strstr(buf, "|<-------------------+                   |\n")
	    != NULL);
	free(buf);
	buf = NULL;
	if ((f = open_memstream(&buf, &len)) == NULL)
		return;
	ladder_svg(f, &h, log, 2, 1);
	fclose(f);
	T_ASSERT(strstr(buf, ">router 10.77.1.1<") != NULL);
	free(buf);
}
