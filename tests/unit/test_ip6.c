/* test_ip6.c - the IPv6 codec: known packets, every extension header
 * kind, truncation at every length, malformed chains, pseudo-header
 * checksums; how print shows them
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The packets below were written once by a python3 script (struct.pack,
 * the RFC 1071 sum over the RFC 8200 8.1 pseudo-header) and checked with
 * tcpdump 4.99.3 -v ("cksum 0xafcb (correct)") and tshark 4.0
 * (tcp.checksum.status 1, "good") before being pasted here.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "t.h"
#include "tnet.h"

#include "cksum.h"
#include "errbuf.h"
#include "ip6.h"
#include "print.h"
#include "seg.h"
#include "wire.h"

/* ::1.40000 > ::1.20000 SYN seq 1000 win 65535 [mss 65476], class 0xb8,
 * flow label 0x12345, hop limit 64: TCP checksum 0xafcb */
static const uint8_t v_syn[] = {
	0x6b, 0x81, 0x23, 0x45, 0x00, 0x18, 0x06, 0x40,
	0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1,
	0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1,
	0x9c, 0x40, 0x4e, 0x20, 0x00, 0x00, 0x03, 0xe8, 0x00, 0x00, 0x00, 0x00,
	0x60, 0x02, 0xff, 0xff, 0xaf, 0xcb, 0x00, 0x00, 0x02, 0x04, 0xff, 0xc4,
};

/* ::1.40000 > 2001:db8::2.80 P. seq 1:6 ack 2 win 512 "hello", hop
 * limit 255: TCP checksum 0x9fa6 */
static const uint8_t v_data[] = {
	0x60, 0x00, 0x00, 0x00, 0x00, 0x19, 0x06, 0xff,
	0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1,
	0x20, 0x01, 0x0d, 0xb8, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 2,
	0x9c, 0x40, 0x00, 0x50, 0x00, 0x00, 0x00, 0x01, 0x00, 0x00, 0x00, 0x02,
	0x50, 0x18, 0x02, 0x00, 0x9f, 0xa6, 0x00, 0x00,
	'h', 'e', 'l', 'l', 'o',
};

/* the SYN of v_syn (checksum unchanged: extension headers are not in the
 * pseudo-header) behind hop-by-hop (PadN 4), destination options (PadN
 * 4) and a fragment header (offset 0, no M, id 0): tcpdump -v prints
 * "HBH (padn) DSTOPT (padn) frag (0x00000000:0|24)" */
static const uint8_t v_chain[] = {
	0x60, 0x00, 0x00, 0x00, 0x00, 0x30, 0x00, 0x40,
	0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1,
	0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1,
	0x3c, 0x00, 0x01, 0x04, 0x00, 0x00, 0x00, 0x00,
	0x2c, 0x00, 0x01, 0x04, 0x00, 0x00, 0x00, 0x00,
	0x06, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
	0x9c, 0x40, 0x4e, 0x20, 0x00, 0x00, 0x03, 0xe8, 0x00, 0x00, 0x00, 0x00,
	0x60, 0x02, 0xff, 0xff, 0xaf, 0xcb, 0x00, 0x00, 0x02, 0x04, 0xff, 0xc4,
};

/* Linux 6.18.44's own SYN on lo (IPV6_TCLASS 0xb8, its automatic flow
 * label), captured with tcpdump in a network namespace: the checksum
 * field holds the pseudo-header sum only (CHECKSUM_PARTIAL), which
 * tcpdump -v calls "incorrect -> 0x0b04" */
static const uint8_t v_kernel[] = {
	0x6b, 0x8d, 0xb0, 0xd6, 0x00, 0x28, 0x06, 0x40, 0x00, 0x00, 0x00, 0x00,
	0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x01,
	0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
	0x00, 0x00, 0x00, 0x01, 0xcf, 0x3c, 0x5d, 0xbe, 0x9c, 0x96, 0x98, 0xdd,
	0x00, 0x00, 0x00, 0x00, 0xa0, 0x02, 0xff, 0xc4, 0x00, 0x30, 0x00, 0x00,
	0x02, 0x04, 0xff, 0xc4, 0x04, 0x02, 0x08, 0x0a, 0xa0, 0x5d, 0x40, 0x55,
	0x00, 0x00, 0x00, 0x00, 0x01, 0x03, 0x03, 0x0a,
};

static const uint8_t one[16] = { [15] = 1 };

static void
syn6(struct seg *s)
{
	seg_init6(s);
	s->saddr = ipaddr_v6(one);
	s->daddr = ipaddr_v6(one);
	s->sport = 40000;
	s->dport = 20000;
	s->seq = 1000;
	s->flags = TH_SYN;
	s->win = 65535;
	s->nopt = 1;
	s->opt[0].kind = TCPOPT_MSS;
	s->opt[0].u.mss = 65476;
}

static const char *
line(const struct seg *s, int v)
{
	static char buf[1024];

	if (v)
		print_line_v(buf, sizeof(buf), s, NULL, NULL);
	else
		print_line(buf, sizeof(buf), s, NULL, NULL);
	return buf;
}

static const char *
tree(const struct seg *s)
{
	static char buf[4096];
	FILE *f = fmemopen(buf, sizeof(buf), "w");

	print_tree(f, s, NULL);
	fclose(f);
	return buf;
}

TEST(ip6_known_vectors)
{
	struct seg s;

	T_EQ(decode_copy(v_syn, sizeof(v_syn), &s), 0);
	T_EQ(s.anno, 0);
	T_EQ(s.ver, 6);
	T_EQ(s.tos, 0xb8);
	T_EQ(s.flow, 0x12345);
	T_EQ(s.plen, 24);
	T_EQ(s.nxt, 6);
	T_EQ(s.ttl, 64);
	T_EQ(s.sum, 0xafcb);
	T_EQ(s.nopt, 1);
	T_EQ(s.opt[0].u.mss, 65476);
	T_EQ(decode_copy(v_data, sizeof(v_data), &s), 0);
	T_EQ(s.anno, 0);
	T_EQ(s.datalen, 5);
	T_EQ(s.sum, 0x9fa6);
	T_EQ(s.daddr.v6[0], 0x20);
	T_EQ(decode_copy(v_chain, sizeof(v_chain), &s), 0);
	T_EQ(s.anno, 0);
	T_EQ(s.next, 3);
	T_EQ(s.ext[0].type, IP6_NXT_HOPOPTS);
	T_EQ(s.ext[1].type, IP6_NXT_DSTOPTS);
	T_EQ(s.ext[2].type, IP6_NXT_FRAG);
	T_EQ(s.ext[2].off, 16);
	T_EQ(s.extlen, 24);
	T_EQ(s.proto, 6);
}

/* Encoding the vectors' fields gives the vectors' bytes, checksum and
 * all: the pseudo-header sum is right. */
TEST(ip6_encode_vectors)
{
	uint8_t out[256];
	struct errbuf e;
	struct seg s;
	size_t len;

	syn6(&s);
	s.tos = 0xb8;
	s.flow = 0x12345;
	T_EQ(wire_encode(&s, out, sizeof(out), &len, &e), 0);
	T_EQ(len, sizeof(v_syn));
	T_MEMEQ(out, v_syn, sizeof(v_syn));

	syn6(&s);
	s.next = 3;
	s.ext[0].type = IP6_NXT_HOPOPTS;
	s.ext[1].type = IP6_NXT_DSTOPTS;
	s.ext[2].type = IP6_NXT_FRAG;
	T_EQ(wire_encode(&s, out, sizeof(out), &len, &e), 0);
	T_EQ(len, sizeof(v_chain));
	T_MEMEQ(out, v_chain, sizeof(v_chain));
}

TEST(ip6_pseudo_header)
{
	uint8_t k[sizeof(v_kernel)];
	struct seg s;
	uint32_t sum;

	/* the kernel's partial sum is told apart from a wrong one; with
	 * tcpdump's correct value in its place the checksum verifies */
	T_EQ(decode_copy(v_kernel, sizeof(v_kernel), &s), 0);
	T_EQ(s.anno, SEG_A_SUM_PART);
	T_EQ(s.flow, 0xdb0d6);
	T_EQ(s.tos, 0xb8);
	T_STREQ(line(&s, 1), "IP6 (class 0xb8, flowlabel 0xdb0d6, hlim 64, "
	    "next-header TCP (6) payload length: 40) ::1.53052 > ::1.23998: "
	    "Flags [S], cksum 0x0030 (partial), seq 2627115229, win 65476, "
	    "options [mss 65476,sackOK,TS val 2690465877 ecr 0,nop,wscale "
	    "10], length 0");
	memcpy(k, v_kernel, sizeof(k));
	k[56] = 0x0b;
	k[57] = 0x04;
	T_EQ(decode_copy(k, sizeof(k), &s), 0);
	T_EQ(s.anno, 0);

	T_EQ(decode_copy(v_data, sizeof(v_data), &s), 0);
	/* the sum over the pseudo-header and the segment is all ones */
	sum = ip6_pseudo(&s, 25);
	T_EQ(cksum_fold(cksum_add(sum, v_data + 40, 25)), 0xffff);
	/* a wrong one is told apart from loopback's partial one */
	{
		uint8_t b[sizeof(v_data)];

		memcpy(b, v_data, sizeof(b));
		b[40 + 16] ^= 1;
		T_EQ(decode_copy(b, sizeof(b), &s), 0);
		T_ASSERT(s.anno & SEG_A_SUM_BAD);
		sum = ip6_pseudo(&s, 25);
		b[40 + 16] = (uint8_t)(cksum_fold(sum) >> 8);
		b[40 + 17] = (uint8_t)cksum_fold(sum);
		T_EQ(decode_copy(b, sizeof(b), &s), 0);
		T_EQ(s.anno, SEG_A_SUM_PART);
	}
}

/* Every extension header kind round-trips with its fields */
TEST(ip6_every_ext_kind)
{
	uint8_t out[4096];
	struct errbuf e;
	struct seg s, d;
	size_t len;

	syn6(&s);
	s.next = 4;
	s.ext[0].type = IP6_NXT_HOPOPTS;
	s.ext[0].len = 16;
	s.ext[1].type = IP6_NXT_DSTOPTS;
	s.ext[1].len = 2048;
	s.ext[2].type = IP6_NXT_ROUTING;
	s.ext[2].rtype = 4;
	s.ext[2].segleft = 2;
	s.ext[3].type = IP6_NXT_FRAG;
	s.ext[3].mf = 1;
	s.ext[3].ident = 0xdeadbeef;
	T_EQ(wire_encode(&s, out, sizeof(out), &len, &e), 0);
	T_EQ(len, 40 + 16 + 2048 + 8 + 8 + 24);
	T_EQ(decode_copy(out, len, &d), 0);
	/* a first fragment: read, but its checksum cannot be checked */
	T_EQ(d.anno, SEG_A_FRAG | SEG_A_SUM_UNCHK);
	T_EQ(d.next, 4);
	T_EQ(d.ext[0].len, 16);
	T_EQ(d.ext[1].len, 2048);
	T_EQ(d.ext[1].bad, 0);	/* the PadNs of a long header fit it */
	T_EQ(d.ext[2].rtype, 4);
	T_EQ(d.ext[2].segleft, 2);
	T_EQ(d.ext[3].mf, 1);
	T_EQ(d.ext[3].ident, 0xdeadbeef);
	T_EQ(d.ext[3].nxt, 6);
	T_EQ(d.sport, 40000);
	/* a later fragment carries no TCP header */
	s.ext[3].fragoff = 3;
	T_EQ(wire_encode(&s, out, sizeof(out), &len, &e), 0);
	T_EQ(decode_copy(out, len, &d), -1);
	T_ASSERT(d.anno & SEG_A_FRAG);
	T_EQ(d.ext[3].fragoff, 3);
	/* impossible lengths are refused when sending */
	s.ext[0].len = 12;
	T_EQ(wire_encode(&s, out, sizeof(out), &len, &e), -1);
	T_ASSERT(strstr(e.msg, "multiple of 8") != NULL);
	s.ext[0].len = 8;
	s.ext[0].type = 17;
	T_EQ(wire_encode(&s, out, sizeof(out), &len, &e), -1);
	s.ext[0].type = IP6_NXT_HOPOPTS;
	s.next = SEG_MAXEXT + 1;
	T_EQ(wire_encode(&s, out, sizeof(out), &len, &e), -1);
}

/* Every cut of every vector is read safely and annotated */
TEST(ip6_truncated_every_length)
{
	static const struct { const uint8_t *p; size_t n; } v[] = {
		{ v_syn, sizeof(v_syn) }, { v_data, sizeof(v_data) },
		{ v_chain, sizeof(v_chain) },
	};
	struct seg s;
	size_t i, n;

	for (i = 0; i < sizeof(v) / sizeof(v[0]); i++)
		for (n = 0; n < v[i].n; n++) {
			if (decode_copy(v[i].p, n, &s) == 0) {
				/* the TCP header whole: only data is cut */
				T_ASSERT(n >= v[i].n - 5);
			}
			if (n > 0 && n < 40)
				T_EQ(s.anno, SEG_A_TRUNC_IP);
			else if (n >= 40)
				T_ASSERT(s.anno & SEG_A_TRUNC);
		}
}

/* A payload length that lies, either way */
TEST(ip6_bad_plen)
{
	uint8_t b[sizeof(v_chain) + 8];
	struct seg s;

	/* shorter than the chain: the last header runs past it */
	memcpy(b, v_chain, sizeof(v_chain));
	b[5] = 20;
	T_EQ(decode_copy(b, sizeof(v_chain), &s), -1);
	T_ASSERT(s.anno & SEG_A_BAD_EXT);
	T_ASSERT(s.anno & SEG_A_BAD_PLEN);
	T_EQ(s.ext[2].bad, EXTBAD_TRUNC);
	/* longer than the capture: a cut packet */
	b[5] = 0x40;
	T_EQ(decode_copy(b, sizeof(v_chain), &s), 0);
	T_ASSERT(s.anno & SEG_A_TRUNC);
	T_ASSERT(s.anno & SEG_A_SUM_UNCHK);
	/* bytes past it are link padding */
	b[5] = 0x30;
	memset(b + sizeof(v_chain), 0xee, 8);
	T_EQ(decode_copy(b, sizeof(b), &s), 0);
	T_EQ(s.anno, 0);
}

/* Malformed chains: each annotated, none read as TCP */
TEST(ip6_malformed_chains)
{
	uint8_t b[sizeof(v_chain)], big[40 + 10 * 8 + 20];
	struct seg s;
	int i;

	/* an option running past its header */
	memcpy(b, v_chain, sizeof(b));
	b[43] = 9;
	T_EQ(decode_copy(b, sizeof(b), &s), -1);
	T_ASSERT(s.anno & SEG_A_BAD_EXT);
	T_EQ(s.ext[0].bad, EXTBAD_OPT);
	/* an option whose length byte is the header's last byte */
	memcpy(b, v_chain, sizeof(b));
	b[42] = 0;
	b[43] = 0;
	b[46] = 0;
	b[47] = 1;
	T_EQ(decode_copy(b, sizeof(b), &s), -1);
	T_EQ(s.ext[0].bad, EXTBAD_OPT);
	/* hop-by-hop not first */
	memcpy(b, v_chain, sizeof(b));
	b[6] = IP6_NXT_DSTOPTS;
	b[40] = IP6_NXT_HOPOPTS;
	b[48] = IP6_NXT_FRAG;
	T_EQ(decode_copy(b, sizeof(b), &s), -1);
	T_EQ(s.ext[1].bad, EXTBAD_ORDER);
	/* a header length past the payload */
	memcpy(b, v_chain, sizeof(b));
	b[49] = 200;
	T_EQ(decode_copy(b, sizeof(b), &s), -1);
	T_EQ(s.ext[1].bad, EXTBAD_TRUNC);
	T_ASSERT(s.anno & SEG_A_BAD_PLEN);
	/* too many headers: ten destination options */
	memset(big, 0, sizeof(big));
	memcpy(big, v_syn, 40);
	big[4] = 0;
	big[5] = 100;
	big[6] = IP6_NXT_DSTOPTS;
	for (i = 0; i < 10; i++) {
		big[40 + i * 8] = i < 9 ? IP6_NXT_DSTOPTS : 6;
		big[40 + i * 8 + 2] = 1;
		big[40 + i * 8 + 3] = 4;
	}
	memcpy(big + 120, v_syn + 40, 20);
	T_EQ(decode_copy(big, sizeof(big), &s), -1);
	T_ASSERT(s.anno & SEG_A_BAD_EXT);
	T_EQ(s.next, SEG_MAXEXT);
	T_EQ(s.extlen, 80);
	/* unknown next headers after the chain are not TCP */
	memcpy(b, v_chain, sizeof(b));
	b[56] = 17;
	T_EQ(decode_copy(b, sizeof(b), &s), -1);
	T_EQ(s.anno, SEG_A_NOT_TCP);
	T_EQ(s.proto, 17);
	b[56] = IP6_NXT_NONE;
	T_EQ(decode_copy(b, sizeof(b), &s), -1);
	T_EQ(s.anno, SEG_A_NOT_TCP);
	/* ESP (50) is no header tcpcraft walks */
	b[56] = 50;
	T_EQ(decode_copy(b, sizeof(b), &s), -1);
	T_EQ(s.anno, SEG_A_NOT_TCP);
}

/* tcpdump's lines, as tcpdump 4.99.3 printed the vectors */
TEST(ip6_print_lines)
{
	/* the SYN of v_syn behind a type 0 routing header with one
	 * address, ::1, segments left 1 */
	static const uint8_t rt[] = {
		0x06, 0x02, 0x00, 0x01, 0x00, 0x00, 0x00, 0x00,
		0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1,
	};
	uint8_t b6[sizeof(v_syn) + sizeof(rt)];
	struct seg s;
	char anno[256];

	memcpy(b6, v_syn, 40);
	b6[0] = 0x60;
	b6[1] = b6[2] = b6[3] = 0;
	b6[5] = 24 + 24;
	b6[6] = IP6_NXT_ROUTING;
	memcpy(b6 + 40, rt, sizeof(rt));
	memcpy(b6 + 40 + sizeof(rt), v_syn + 40, 24);
	T_EQ(decode_copy(b6, sizeof(b6), &s), 0);
	T_STREQ(line(&s, 0), "IP6 ::1 > ::1: RT6 (len=2, type=0 [Deprecated], "
	    "segleft=1, [0]::1) 40000 > 20000: Flags [S], seq 1000, "
	    "win 65535, options [mss 65476], length 0");
	T_STREQ(line(&s, 1), "IP6 (hlim 64, next-header Routing (43) payload "
	    "length: 48) ::1 > ::1: RT6 (len=2, type=0 [Deprecated], "
	    "segleft=1, rsv=0x0, [0]::1) 40000 > 20000: Flags [S], "
	    "cksum 0xafcb (correct), seq 1000, win 65535, "
	    "options [mss 65476], length 0");

	T_EQ(decode_copy(v_syn, sizeof(v_syn), &s), 0);
	T_STREQ(line(&s, 0), "IP6 ::1.40000 > ::1.20000: Flags [S], seq 1000, "
	    "win 65535, options [mss 65476], length 0");
	T_STREQ(line(&s, 1), "IP6 (class 0xb8, flowlabel 0x12345, hlim 64, "
	    "next-header TCP (6) payload length: 24) ::1.40000 > ::1.20000: "
	    "Flags [S], cksum 0xafcb (correct), seq 1000, win 65535, "
	    "options [mss 65476], length 0");
	T_EQ(decode_copy(v_data, sizeof(v_data), &s), 0);
	T_STREQ(line(&s, 1), "IP6 (hlim 255, next-header TCP (6) payload "
	    "length: 25) ::1.40000 > 2001:db8::2.80: Flags [P.], cksum 0x9fa6 "
	    "(correct), seq 1:6, ack 2, win 512, length 5");
	T_EQ(decode_copy(v_chain, sizeof(v_chain), &s), 0);
	T_STREQ(line(&s, 0), "IP6 ::1 > ::1: HBH DSTOPT frag (0|24) 40000 > "
	    "20000: Flags [S], seq 1000, win 65535, options [mss 65476], "
	    "length 0");
	T_STREQ(line(&s, 1), "IP6 (hlim 64, next-header Options (0) payload "
	    "length: 48) ::1 > ::1: HBH (padn) DSTOPT (padn) "
	    "frag (0x00000000:0|24) 40000 > 20000: Flags [S], "
	    "cksum 0xafcb (correct), seq 1000, win 65535, "
	    "options [mss 65476], length 0");
	/* a later fragment: tcpdump stops after the fragment header */
	{
		uint8_t b[sizeof(v_chain)];

		memcpy(b, v_chain, sizeof(b));
		b[58] = 0x00;
		b[59] = 0x18;
		T_EQ(decode_copy(b, sizeof(b), &s), -1);
		T_STREQ(line(&s, 0), "IP6 ::1 > ::1: HBH DSTOPT frag (24|24)");
		/* a chain that ends in something else */
		b[58] = 0;
		b[59] = 0;
		b[56] = IP6_NXT_NONE;
		T_EQ(decode_copy(b, sizeof(b), &s), -1);
		T_STREQ(line(&s, 0), "IP6 ::1 > ::1: HBH DSTOPT frag (0|24) "
		    "no next header");
		b[56] = 17;
		T_EQ(decode_copy(b, sizeof(b), &s), -1);
		T_STREQ(line(&s, 0), "IP6 ::1 > ::1: HBH DSTOPT frag (0|24) "
		    "ip-proto-17 24");
		/* a bad chain is named in the notes */
		b[43] = 9;
		T_EQ(decode_copy(b, sizeof(b), &s), -1);
		print_anno(anno, sizeof(anno), &s);
		T_STREQ(anno, "bad ext (hop-by-hop an option runs past it)");
		memcpy(b, v_chain, sizeof(b));
		b[5] = 20;
		T_EQ(decode_copy(b, sizeof(b), &s), -1);
		print_anno(anno, sizeof(anno), &s);
		T_STREQ(anno, "bad plen 20, bad ext (fragment runs past the "
		    "payload)");
	}
	/* an IPv4 line is as it was; -v gives tcpdump -v's header */
	seg_init(&s);
	s.saddr = ipaddr_v4(0x7f000001);
	s.daddr = ipaddr_v4(0x7f000001);
	s.sport = 1;
	s.dport = 2;
	s.flags = TH_SYN;
	s.frag = IP_DF;
	s.tot_len = 40;
	s.id = 7;
	T_STREQ(line(&s, 0), "IP 127.0.0.1.1 > 127.0.0.1.2: Flags [S], seq 0, "
	    "win 0, length 0");
	T_STREQ(line(&s, 1), "IP (tos 0x0, ttl 64, id 7, offset 0, flags [DF], "
	    "proto TCP (6), length 40) 127.0.0.1.1 > 127.0.0.1.2: Flags [S], "
	    "cksum 0x0000 (correct), seq 0, win 0, length 0");
}

TEST(ip6_print_tree)
{
	struct seg s;
	const char *t;

	T_EQ(decode_copy(v_chain, sizeof(v_chain), &s), 0);
	t = tree(&s);
	T_ASSERT(strstr(t, "IPv6 [0] 40 bytes\n"
	    "  [0]\tver 6, tc 0x00, flow 0x00000\n"
	    "  [4]\tplen 48\n"
	    "  [6]\tnxt 0 (hop-by-hop)\n"
	    "  [7]\thlim 64\n"
	    "  [8]\tsrc ::1\n"
	    "  [24]\tdst ::1\n"
	    "hop-by-hop [40] 8 bytes\n"
	    "  [40]\tnxt 60 (destination options)\n"
	    "  [41]\tlen 0 (8 bytes)\n"
	    "  [42]\t  (padn)\n"
	    "destination options [48] 8 bytes\n") == t);
	T_ASSERT(strstr(t, "fragment [56] 8 bytes\n"
	    "  [56]\tnxt 6 (tcp)\n"
	    "  [58]\toffset 0 (0 bytes), mf 0\n"
	    "  [60]\tid 0x00000000\n"
	    "TCP [64] 24 bytes\n"
	    "  [64]\tsport 40000\n") != NULL);
	/* a broken header is named in the tree */
	{
		uint8_t b[sizeof(v_chain)];

		memcpy(b, v_chain, sizeof(b));
		b[43] = 9;
		T_EQ(decode_copy(b, sizeof(b), &s), -1);
		t = tree(&s);
		T_ASSERT(strstr(t, "hop-by-hop [40] 8 bytes (bad: an option "
		    "runs past it)\n") != NULL);
		T_ASSERT(strstr(t, "TCP [") == NULL);
		T_ASSERT(strstr(t, "notes: bad ext") != NULL);
	}
}

/* Random chains never crash the decoder or the printers (ASan/UBSan
 * watch): IPv6 headers whose next headers are mostly extension headers */
TEST(ip6_decode_random_chains)
{
	static const uint8_t kinds[] = { 0, 43, 44, 60, 6, 59, 17 };
	uint8_t buf[160];
	char out[1024];
	struct seg s;
	uint32_t x = 4242;
	size_t i, n, round;
	FILE *f = fopen("/dev/null", "w");

	for (round = 0; round < 20000; round++) {
		n = 40 + round % (sizeof(buf) - 40);
		for (i = 0; i < n; i++) {
			x = x * 1103515245u + 12345u;
			buf[i] = (uint8_t)(x >> 16);
		}
		buf[0] = 0x60;
		buf[4] = 0;
		buf[5] = (uint8_t)(round % 3 == 0 ? buf[5] : n - 40);
		buf[6] = kinds[round % sizeof(kinds)];
		/* small header lengths, known next headers, so chains go on */
		for (i = 40; i + 1 < n; i += 8) {
			buf[i] = kinds[(round + i) % sizeof(kinds)];
			buf[i + 1] &= round % 5 == 0 ? 0xff : 0x01;
		}
		(void)decode_copy(buf, n, &s);
		print_line_v(out, sizeof(out), &s, NULL, NULL);
		print_anno(out, sizeof(out), &s);
		if (f != NULL)
			print_tree(f, &s, NULL);
	}
	if (f != NULL)
		fclose(f);
	T_ASSERT(round == 20000);
}
