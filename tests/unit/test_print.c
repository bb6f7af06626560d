/* test_print.c - tcpdump's one-line format, annotations, tree, hex */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "t.h"

#include "print.h"
#include "sbuf.h"
#include "seg.h"
#include "wire.h"

#define ISS	3000000000u	/* ours */
#define IRS	1000000u	/* theirs */

static const char *
line(const struct seg *s, const struct print_ctx *pc)
{
	static char buf[1024];

	print_seg(buf, sizeof(buf), s, pc);
	return buf;
}

static void
linux_opts(struct seg *s, uint16_t mss)
{
	s->opt[0].kind = TCPOPT_MSS;
	s->opt[0].u.mss = mss;
	s->opt[1].kind = TCPOPT_SACKOK;
	s->opt[2].kind = TCPOPT_TS;
	s->opt[2].u.ts.val = 1;
	s->opt[2].u.ts.ecr = 0;
	s->opt[3].kind = TCPOPT_NOP;
	s->opt[4].kind = TCPOPT_WSCALE;
	s->opt[4].u.wscale = 7;
	s->nopt = 5;
}

TEST(print_syn)
{
	struct print_ctx rel = { 1, ISS, IRS, 1 };
	struct seg s;

	seg_init(&s);
	s.flags = TH_SYN;
	s.seq = ISS;
	s.win = 65535;
	linux_opts(&s, 1460);
	T_STREQ(line(&s, &rel), "Flags [S], seq 0, win 65535, options "
	    "[mss 1460,sackOK,TS val 1 ecr 0,nop,wscale 7], length 0");
	T_STREQ(line(&s, NULL), "Flags [S], seq 3000000000, win 65535, "
	    "options [mss 1460,sackOK,TS val 1 ecr 0,nop,wscale 7], "
	    "length 0");
}

/* The whole line out, flood and probe print, and where its fields start */
TEST(print_line_hosts)
{
	struct seg s;
	char buf[256];
	size_t off = 0;

	seg_init(&s);
	s.flags = TH_SYN;
	s.seq = 1;
	s.win = 512;
	s.saddr.v4 = 0x7f000001;
	s.daddr.v4 = 0x7f000002;
	s.sport = 40000;
	s.dport = 20000;
	T_EQ(print_line(buf, sizeof(buf), &s, NULL, &off), strlen(buf));
	T_STREQ(buf, "IP 127.0.0.1.40000 > 127.0.0.2.20000: Flags [S], "
	    "seq 1, win 512, length 0");
	T_STREQ(buf + off, "Flags [S], seq 1, win 512, length 0");
	/* truncated, never past the end */
	print_line(buf, 12, &s, NULL, NULL);
	T_STREQ(buf, "IP 127.0.0.");
}

TEST(print_synack)
{
	/* their SYN-ACK: seq relative to their ISN, ack to ours */
	struct print_ctx rel = { 1, IRS, ISS, 0 };
	struct print_ctx abs = { 0, IRS, ISS, 0 };
	struct seg s;

	seg_init(&s);
	s.flags = TH_SYN | TH_ACK;
	s.seq = IRS;
	s.ack = ISS + 1;
	s.win = 65535;
	linux_opts(&s, 65495);
	T_STREQ(line(&s, &rel), "Flags [S.], seq 0, ack 1, win 65535, "
	    "options [mss 65495,sackOK,TS val 1 ecr 0,nop,wscale 7], "
	    "length 0");
	T_STREQ(line(&s, &abs), "Flags [S.], seq 1000000, ack 3000000001, "
	    "win 65535, options [mss 65495,sackOK,TS val 1 ecr 0,nop,"
	    "wscale 7], length 0");
}

TEST(print_data)
{
	struct print_ctx rel = { 1, ISS, IRS, 1 };
	struct print_ctx nopay = { 1, ISS, IRS, 0 };
	static const uint8_t ab[2] = { 'A', 'B' };
	static uint8_t big[65];
	struct seg s;

	seg_init(&s);
	s.flags = TH_PSH | TH_ACK;
	s.seq = ISS + 1;
	s.ack = IRS + 1;
	s.win = 512;
	s.data = ab;
	s.datalen = 2;
	T_STREQ(line(&s, &rel),
	    "Flags [P.], seq 1:3, ack 1, win 512, length 2 \"AB\"");
	T_STREQ(line(&s, &nopay),
	    "Flags [P.], seq 1:3, ack 1, win 512, length 2");

	/* 64 bytes are previewed, 65 are not */
	memset(big, 'x', sizeof(big));
	s.data = big;
	s.datalen = 65;
	T_STREQ(line(&s, &rel),
	    "Flags [P.], seq 1:66, ack 1, win 512, length 65");
	s.datalen = 64;
	T_ASSERT(strstr(line(&s, &rel), "length 64 \"xxxx") != NULL);

	/* sequence wraps around 2^32 like tcpdump's %u */
	s.seq = 0xffffffffu;
	s.datalen = 2;
	s.data = ab;
	T_STREQ(line(&s, NULL), "Flags [P.], seq 4294967295:1, ack 1000001, "
	    "win 512, length 2");
}

TEST(print_payload_escapes)
{
	struct print_ctx pc = { 0, 0, 0, 1 };
	static const uint8_t d[] = {
		'G', '\r', '\n', '\t', '\\', '"', 0, 0xff, 0x7f, ' ', '1'
	};
	struct seg s;

	seg_init(&s);
	s.flags = TH_PSH | TH_ACK;
	s.seq = 1;
	s.ack = 1;
	s.win = 1;
	s.data = d;
	s.datalen = sizeof(d);
	T_STREQ(line(&s, &pc), "Flags [P.], seq 1:12, ack 1, win 1, "
	    "length 11 \"G\\r\\n\\t\\\\\\\"\\x00\\xff\\x7f 1\"");
}

TEST(print_rst_ack_fin)
{
	struct print_ctx rel = { 1, ISS, IRS, 1 };
	struct seg s;

	seg_init(&s);
	s.flags = TH_RST;
	s.seq = ISS + 5;
	T_STREQ(line(&s, &rel), "Flags [R], seq 5, win 0, length 0");
	s.flags = TH_RST | TH_ACK;
	s.ack = IRS + 1;
	T_STREQ(line(&s, &rel), "Flags [R.], seq 5, ack 1, win 0, length 0");
	/* tcpdump omits seq on a bare ACK */
	s.flags = TH_ACK;
	s.win = 502;
	T_STREQ(line(&s, &rel), "Flags [.], ack 1, win 502, length 0");
	s.flags = TH_FIN | TH_ACK;
	T_STREQ(line(&s, &rel), "Flags [F.], seq 5, ack 1, win 502, "
	    "length 0");
	s.flags = 0;
	T_STREQ(line(&s, &rel), "Flags [none], win 502, length 0");
}

TEST(print_urg)
{
	static const uint8_t d[1] = { '!' };
	struct seg s;

	seg_init(&s);
	s.flags = TH_URG | TH_PSH | TH_ACK;
	s.seq = 1;
	s.ack = 1;
	s.win = 512;
	s.urp = 1;
	s.data = d;
	s.datalen = 1;
	T_STREQ(line(&s, NULL),
	    "Flags [P.U], seq 1:2, ack 1, win 512, urg 1, length 1");
	/* the urgent pointer without URG is not shown */
	s.flags = TH_ACK;
	T_STREQ(line(&s, NULL), "Flags [.], seq 1:2, ack 1, win 512, "
	    "length 1");
}

TEST(print_flags_order)
{
	char b[16];

	T_STREQ(print_flags(TH_SYN, b), "S");
	T_STREQ(print_flags(TH_SYN | TH_ACK, b), "S.");
	T_STREQ(print_flags(TH_ACK, b), ".");
	T_STREQ(print_flags(TH_FIN | TH_ACK, b), "F.");
	T_STREQ(print_flags(0, b), "none");
	/* as tcpdump 4.99 prints them: [S.EW] and [FSRP.UEW] */
	T_STREQ(print_flags(TH_SYN | TH_ACK | TH_ECE | TH_CWR, b), "S.EW");
	T_STREQ(print_flags(0xff, b), "FSRP.UEW");
	T_STREQ(print_flags(TH_SYN | TH_ECE | TH_CWR, b), "SEW");
}

TEST(print_sack_relative)
{
	/* our ACK carrying SACK blocks over their data */
	struct print_ctx rel = { 1, ISS, IRS, 0 };
	struct seg s;

	seg_init(&s);
	s.flags = TH_ACK;
	s.seq = ISS + 1;
	s.ack = IRS + 1;
	s.win = 512;
	s.opt[0].kind = TCPOPT_NOP;
	s.opt[1].kind = TCPOPT_NOP;
	s.opt[2].kind = TCPOPT_SACK;
	s.opt[2].nsack = 2;
	s.opt[2].u.sack[0].left = IRS + 3;
	s.opt[2].u.sack[0].right = IRS + 5;
	s.opt[2].u.sack[1].left = IRS + 7;
	s.opt[2].u.sack[1].right = IRS + 9;
	s.nopt = 3;
	T_STREQ(line(&s, &rel), "Flags [.], ack 1, win 512, "
	    "options [nop,nop,sack 2 {3:5}{7:9}], length 0");
	T_STREQ(line(&s, NULL), "Flags [.], ack 1000001, win 512, "
	    "options [nop,nop,sack 2 {1000003:1000005}{1000007:1000009}], "
	    "length 0");
}

TEST(print_raw_optbytes)
{
	struct seg s;

	/* options given as bytes (nopt 0) are decoded for display */
	seg_init(&s);
	s.flags = TH_ACK;
	s.optbytes[0] = 2;
	s.optbytes[1] = 9;
	s.optbytes[2] = 5;
	s.optbytes[3] = 0xb4;
	s.optlen = 4;
	T_STREQ(line(&s, NULL), "Flags [.], ack 0, win 0, "
	    "options [kind 2 hex 05b4 [bad len 9]], length 0");
}

TEST(print_truncates)
{
	struct seg s;
	char buf[10];
	size_t n;

	seg_init(&s);
	s.flags = TH_SYN;
	n = print_seg(buf, sizeof(buf), &s, NULL);
	T_EQ(n, 9);
	T_STREQ(buf, "Flags [S]");
	T_EQ(print_seg(buf, 1, &s, NULL), 0);
	T_EQ(buf[0], '\0');
}

TEST(print_anno_words)
{
	struct seg s;
	char buf[256];

	seg_init(&s);
	T_EQ(print_anno(buf, sizeof(buf), &s), 0);
	T_STREQ(buf, "");
	s.anno = SEG_A_SUM_BAD;
	print_anno(buf, sizeof(buf), &s);
	T_STREQ(buf, "bad cksum");
	s.anno = SEG_A_SUM_PART;
	print_anno(buf, sizeof(buf), &s);
	T_STREQ(buf, "partial cksum");
	s.doff = 3;
	s.anno = SEG_A_BAD_DOFF | SEG_A_IPSUM_BAD | SEG_A_TRUNC;
	print_anno(buf, sizeof(buf), &s);
	T_STREQ(buf, "truncated, bad doff 3, bad ip cksum");
	s.anno = SEG_A_NOT_TCP | SEG_A_FRAG | SEG_A_BAD_OPT;
	print_anno(buf, sizeof(buf), &s);
	T_STREQ(buf, "not tcp, fragment, bad option");
	s.ihl = 4;
	s.tot_len = 12;
	s.anno = SEG_A_BAD_IHL | SEG_A_BAD_TOTLEN;
	print_anno(buf, sizeof(buf), &s);
	T_STREQ(buf, "bad ihl 4, bad totlen 12");
}

/* The tree of a decoded segment, captured through a memory stream. */
TEST(print_tree_fields)
{
	static const uint8_t ab[2] = { 'A', 'B' };
	struct print_ctx rel = { 1, ISS, IRS, 1 };
	uint8_t pkt[200];
	struct seg s, d;
	struct errbuf e;
	char *out = NULL;
	size_t outlen = 0, len;
	FILE *f;

	seg_init(&s);
	s.saddr.v4 = 0x7f000001;
	s.daddr.v4 = 0x7f000002;
	s.sport = 40000;
	s.dport = 20000;
	s.flags = TH_PSH | TH_ACK;
	s.seq = ISS + 1;
	s.ack = IRS + 1;
	s.win = 512;
	s.frag = IP_DF;
	s.opt[0].kind = TCPOPT_NOP;
	s.opt[1].kind = TCPOPT_MSS;
	s.opt[1].u.mss = 1460;
	s.nopt = 2;
	s.data = ab;
	s.datalen = 2;
	s.fixed = SEG_BAD_TCPSUM;
	T_EQ(wire_encode(&s, pkt, sizeof(pkt), &len, &e), 0);
	T_EQ(wire_decode(pkt, len, &d), 0);

	f = open_memstream(&out, &outlen);
	print_tree(f, &d, &rel);
	fclose(f);
	T_ASSERT(strstr(out, "IPv4 [0] 20 bytes\n") != NULL);
	T_ASSERT(strstr(out, "  [0]\tver 4, ihl 5 (20 bytes)\n") != NULL);
	T_ASSERT(strstr(out, "  [2]\tlen 50\n") != NULL);
	T_ASSERT(strstr(out, "  [6]\tflags DF, frag 0 (0x4000)\n") != NULL);
	T_ASSERT(strstr(out, "  [12]\tsrc 127.0.0.1\n") != NULL);
	T_ASSERT(strstr(out, "  [16]\tdst 127.0.0.2\n") != NULL);
	T_ASSERT(strstr(out, "TCP [20] 28 bytes\n") != NULL);
	T_ASSERT(strstr(out, "  [24]\tseq 1 (abs 3000000001)\n") != NULL);
	T_ASSERT(strstr(out, "  [28]\tack 1 (abs 1000001)\n") != NULL);
	T_ASSERT(strstr(out, "  [32]\tdoff 7 (28 bytes), res 0x0\n") != NULL);
	T_ASSERT(strstr(out, "  [33]\tflags 0x18 [P.]\n") != NULL);
	T_ASSERT(strstr(out, " (bad)\n") != NULL);
	T_ASSERT(strstr(out, "  [40]\toptions 8 bytes\n") != NULL);
	T_ASSERT(strstr(out, "  [40]\t  nop (kind 1)\n") != NULL);
	T_ASSERT(strstr(out, "  [41]\t  mss 1460 (kind 2 len 4)\n") != NULL);
	T_ASSERT(strstr(out, "  [45]\t  eol (kind 0)\n") != NULL);
	T_ASSERT(strstr(out, "data [48] 2 bytes \"AB\"\n") != NULL);
	T_ASSERT(strstr(out, "notes: bad cksum\n") != NULL);
	free(out);

	/* an undecodable one shows only what it has */
	T_EQ(wire_decode(pkt, 30, &d), -1);
	f = open_memstream(&out, &outlen);
	print_tree(f, &d, NULL);
	fclose(f);
	T_ASSERT(strstr(out, "TCP [") == NULL);
	T_ASSERT(strstr(out, "notes: truncated, truncated tcp\n") != NULL);
	free(out);
}

TEST(print_hex_dump)
{
	uint8_t b[20];
	char *out = NULL;
	size_t outlen = 0, i;
	FILE *f;

	for (i = 0; i < sizeof(b); i++)
		b[i] = (uint8_t)(0x41 + i);
	b[0] = 0x45;
	b[1] = 0x00;
	f = open_memstream(&out, &outlen);
	print_hex(f, b, sizeof(b));
	print_hex(f, b, 0);
	fclose(f);
	T_STREQ(out,
	    "0000  45 00 43 44 45 46 47 48  49 4a 4b 4c 4d 4e 4f 50  "
	    "E.CDEFGHIJKLMNOP\n"
	    "0010  51 52 53 54                                       QRST\n");
	free(out);
}

TEST(print_addr_form)
{
	char b[16];

	T_STREQ(print_addr(0x7f000001, b), "127.0.0.1");
	T_STREQ(print_addr(0xffffffff, b), "255.255.255.255");
	T_STREQ(print_addr(0, b), "0.0.0.0");
}

/* tcpdump -v's IPv4 header: the fragment flags in its words and order,
 * ", " between them, and a bad header checksum with what it should be */
TEST(print_v_ip4_header)
{
	static const struct {
		uint16_t	 frag;
		const char	*words;
	} v[] = {
		{ 0, "none" }, { IP_DF, "DF" }, { IP_MF, "+" },
		{ IP_MF | IP_DF, "+, DF" }, { IP_DF | IP_RF, "DF, rsvd" },
		{ IP_MF | IP_DF | IP_RF, "+, DF, rsvd" },
	};
	char buf[512], want[256];
	uint8_t pkt[64];
	struct errbuf e;
	struct seg s, d;
	size_t i, len;

	for (i = 0; i < sizeof(v) / sizeof(v[0]); i++) {
		seg_init(&s);
		s.saddr.v4 = 0x0a000001;
		s.daddr.v4 = 0x0a000002;
		s.sport = 40000;
		s.dport = 80;
		s.flags = TH_SYN;
		s.id = 9;
		s.frag = v[i].frag;
		T_EQ(wire_encode(&s, pkt, sizeof(pkt), &len, &e), 0);
		T_EQ(wire_decode(pkt, len, &d), 0);
		print_line_v(buf, sizeof(buf), &d, NULL, NULL);
		snprintf(want, sizeof(want), "IP (tos 0x0, ttl 64, id 9, "
		    "offset %u, flags [%s], proto TCP (6), length 40) ",
		    (v[i].frag & IP_OFFMASK) * 8u, v[i].words);
		T_ASSERT(strncmp(buf, want, strlen(want)) == 0);
	}
	/* the IP checksum broken by one: tcpdump's "bad cksum" words */
	pkt[11] ^= 1;
	T_EQ(wire_decode(pkt, len, &d), 0);
	print_line_v(buf, sizeof(buf), &d, NULL, NULL);
	snprintf(want, sizeof(want), ", bad cksum %x (->%x)!) ",
	    (unsigned)(pkt[10] << 8 | pkt[11]),
	    (unsigned)(pkt[10] << 8 | (pkt[11] ^ 1)));
	T_ASSERT(strstr(buf, want) != NULL);
}

/* The printf-free putters of the packet lines say what snprintf says,
 * and stop at the buffer's end as sb_printf does. */
TEST(print_sbuf_putters)
{
	static const uint64_t v[] = { 0, 7, 10, 999999, 1000000,
	    4294967295u, 18446744073709551615ull };
	char got[64], want[64], small[6];
	struct sbuf sb;
	size_t i;

	for (i = 0; i < sizeof(v) / sizeof(v[0]); i++) {
		sb_init(&sb, got, sizeof(got));
		sb_uint(&sb, v[i], 0, 0);
		sb_putc(&sb, '|');
		sb_uint(&sb, v[i], 2, 0);
		sb_putc(&sb, '|');
		sb_uint(&sb, v[i] % 1000000, 6, 1);
		sb_puts(&sb, " end");
		snprintf(want, sizeof(want), "%llu|%2llu|%06llu end",
		    (unsigned long long)v[i], (unsigned long long)v[i],
		    (unsigned long long)(v[i] % 1000000));
		T_STREQ(got, want);
		T_EQ(sb.len, strlen(want));
	}
	sb_init(&sb, small, sizeof(small));
	sb_puts(&sb, "ab");
	sb_uint(&sb, 12345, 0, 0);
	sb_putc(&sb, 'x');
	T_STREQ(small, "ab123");
	T_EQ(sb.len, 5);
	sb_init(&sb, small, 0);		/* no room at all: nothing written */
	sb_puts(&sb, "ab");
	T_EQ(sb.len, 0);
}
