/* test_wire.c - encode/decode round trips, truncation, lies, link layers */
#include <stdint.h>
#include <stdlib.h>

#include "t.h"
#include "tnet.h"

#include "cksum.h"
#include "errbuf.h"
#include "seg.h"
#include "wire.h"

#define LO	0x7f000001

/* The SYN of test_cksum.c: tcpdump and tshark call its checksums good. */
static const uint8_t syn[60] = {
	0x45, 0x00, 0x00, 0x3c, 0x1c, 0x46, 0x40, 0x00, 0x40, 0x06,
	0x20, 0x74, 0x7f, 0x00, 0x00, 0x01, 0x7f, 0x00, 0x00, 0x01,
	0x9c, 0x40, 0x4e, 0x20, 0x01, 0x02, 0x03, 0x04, 0x00, 0x00,
	0x00, 0x00, 0xa0, 0x02, 0xff, 0xd7, 0x61, 0x9a, 0x00, 0x00,
	0x02, 0x04, 0xff, 0xd7, 0x04, 0x02, 0x08, 0x0a, 0x00, 0x00,
	0x00, 0x01, 0x00, 0x00, 0x00, 0x00, 0x01, 0x03, 0x03, 0x07,
};

static void
basic(struct seg *s)
{
	seg_init(s);
	s->saddr.v4 = 0x0a000001;
	s->daddr.v4 = 0x0a000002;
	s->sport = 40000;
	s->dport = 80;
	s->seq = 1000;
	s->ack = 2000;
	s->flags = TH_ACK;
	s->win = 512;
	s->id = 7;
	s->frag = IP_DF;
}

TEST(wire_decode_real_syn)
{
	struct seg s, t;
	struct errbuf e;
	uint8_t out[100];
	size_t len;

	T_EQ(wire_decode(syn, sizeof(syn), &s), 0);
	T_EQ(s.anno, 0);
	T_EQ(s.ver, 4);
	T_EQ(s.ihl, 5);
	T_EQ(s.tot_len, 60);
	T_EQ(s.id, 0x1c46);
	T_EQ(s.frag, IP_DF);
	T_EQ(s.ttl, 64);
	T_EQ(s.proto, 6);
	T_EQ(s.ip_sum, 0x2074);
	T_EQ(s.saddr.v4, LO);
	T_EQ(s.daddr.v4, LO);
	T_EQ(s.sport, 40000);
	T_EQ(s.dport, 20000);
	T_EQ(s.seq, 0x01020304);
	T_EQ(s.ack, 0);
	T_EQ(s.doff, 10);
	T_EQ(s.flags, TH_SYN);
	T_EQ(s.win, 65495);
	T_EQ(s.sum, 0x619a);
	T_EQ(s.nopt, 5);
	T_EQ(s.optlen, 20);
	T_EQ(s.opt[0].u.mss, 65495);
	T_EQ(s.opt[4].u.wscale, 7);
	T_EQ(s.datalen, 0);

	/* re-encoding what was decoded gives the same bytes */
	t = s;
	T_EQ(wire_encode(&t, out, sizeof(out), &len, &e), 0);
	T_EQ(len, 60);
	T_MEMEQ(out, syn, 60);
}

TEST(wire_roundtrip_fields)
{
	static const uint8_t flagsets[] = {
		TH_SYN, TH_SYN | TH_ACK, TH_ACK, TH_PSH | TH_ACK,
		TH_FIN | TH_ACK, TH_RST, TH_RST | TH_ACK, 0, 0xff,
		TH_URG | TH_ACK, TH_SYN | TH_ECE | TH_CWR,
	};
	static const uint32_t dlens[] = { 0, 1, 2, 3, 100, 1460 };
	static const uint8_t ipoptlens[] = { 0, 3, 4, 40 };
	static uint8_t payload[1460], out[2000];
	struct seg s, d, t;
	struct errbuf e;
	size_t fi, di, ii, len, len2, count = 0;
	uint8_t out2[2000];
	int oi;

	for (len = 0; len < sizeof(payload); len++)
		payload[len] = (uint8_t)(len * 7 + 1);
	for (fi = 0; fi < sizeof(flagsets); fi++)
	for (di = 0; di < sizeof(dlens) / sizeof(dlens[0]); di++)
	for (ii = 0; ii < sizeof(ipoptlens); ii++)
	for (oi = 0; oi < 4; oi++) {
		basic(&s);
		s.flags = flagsets[fi];
		s.seq = 0xfffffff0u + (uint32_t)fi;
		s.ack = (uint32_t)di * 0x10001u;
		s.win = (uint16_t)(fi * 1000);
		s.urp = (uint16_t)oi;
		s.tos = (uint8_t)(ii << 2);
		s.ttl = (uint8_t)(1 + fi);
		s.res = (uint8_t)(oi & 0x0f);
		s.ipoptlen = ipoptlens[ii];
		memset(s.ipopt, 1, s.ipoptlen);
		s.data = payload;
		s.datalen = dlens[di];
		if (oi >= 1) {
			s.opt[s.nopt].kind = TCPOPT_MSS;
			s.opt[s.nopt++].u.mss = 1460;
		}
		if (oi >= 2) {
			s.opt[s.nopt++].kind = TCPOPT_SACKOK;
			s.opt[s.nopt].kind = TCPOPT_TS;
			s.opt[s.nopt].u.ts.val = 0xdeadbeef;
			s.opt[s.nopt++].u.ts.ecr = 42;
		}
		if (oi >= 3) {
			s.opt[s.nopt].kind = TCPOPT_SACK;
			s.opt[s.nopt].nsack = 2;
			s.opt[s.nopt].u.sack[0].left = 1;
			s.opt[s.nopt].u.sack[0].right = 2;
			s.opt[s.nopt].u.sack[1].left = 3;
			s.opt[s.nopt++].u.sack[1].right = 0xffffffff;
		}
		if (wire_encode(&s, out, sizeof(out), &len, &e) != 0) {
			t_fail(__FILE__, __LINE__, "encode: %s", e.msg);
			continue;
		}
		T_EQ(len, s.tot_len);
		T_EQ(s.ihl * 4, 20 + ((s.ipoptlen + 3) & ~3));
		T_EQ(wire_decode(out, len, &d), 0);
		T_EQ(d.anno, 0);
		T_EQ(d.ihl, s.ihl);
		T_EQ(d.tos, s.tos);
		T_EQ(d.tot_len, s.tot_len);
		T_EQ(d.id, 7);
		T_EQ(d.frag, IP_DF);
		T_EQ(d.ttl, s.ttl);
		T_EQ(d.ip_sum, s.ip_sum);
		T_EQ(d.ipoptlen, s.ipoptlen);
		T_EQ(d.sport, 40000);
		T_EQ(d.dport, 80);
		T_EQ(d.seq, s.seq);
		T_EQ(d.ack, s.ack);
		T_EQ(d.doff, s.doff);
		T_EQ(d.res, s.res);
		T_EQ(d.flags, s.flags);
		T_EQ(d.win, s.win);
		T_EQ(d.sum, s.sum);
		T_EQ(d.urp, s.urp);
		T_EQ(d.optlen, s.optlen);
		T_MEMEQ(d.optbytes, s.optbytes, s.optlen);
		T_EQ(d.datalen, s.datalen);
		if (s.datalen > 0)
			T_ASSERT(d.data == out + len - s.datalen);
		if (oi == 3) {
			/* mss sackOK TS sack: 4+2+10+18 = 34, +2 EOL */
			T_EQ(d.nopt, 5);
			T_EQ(d.opt[3].u.sack[1].right, 0xffffffff);
			T_EQ(d.opt[4].kind, TCPOPT_EOL);
		}
		/* and the decoded segment encodes to the same bytes */
		t = d;
		T_EQ(wire_encode(&t, out2, sizeof(out2), &len2, &e), 0);
		T_EQ(len2, len);
		T_MEMEQ(out2, out, len);
		count++;
	}
	T_EQ(count, 11 * 6 * 4 * 4);
}

TEST(wire_truncated_every_length)
{
	static const uint8_t data[5] = "hello";
	uint8_t out[200];
	struct seg s, d;
	struct errbuf e;
	size_t len, n;
	int rc;

	basic(&s);
	s.flags = TH_SYN;
	s.opt[0].kind = TCPOPT_MSS;
	s.opt[0].u.mss = 1460;
	s.opt[1].kind = TCPOPT_TS;
	s.nopt = 2;
	s.ipoptlen = 4;
	memset(s.ipopt, 1, 4);
	s.data = data;
	s.datalen = 5;
	T_EQ(wire_encode(&s, out, sizeof(out), &len, &e), 0);
	T_EQ(len, 24 + 20 + 16 + 5);

	for (n = 0; n <= len; n++) {
		rc = decode_copy(out, n, &d);
		if (n == len) {
			T_EQ(rc, 0);
			T_EQ(d.anno, 0);
			T_EQ(d.datalen, 5);
			continue;
		}
		T_ASSERT(d.anno != 0);
		if (n < 20) {
			T_EQ(rc, -1);
			T_EQ(d.anno, SEG_A_TRUNC_IP);
		} else if (n < 24) {
			T_EQ(rc, -1);
			T_EQ(d.anno, SEG_A_BAD_IHL | SEG_A_TRUNC);
		} else if (n < 44) {
			T_EQ(rc, -1);
			T_EQ(d.anno, SEG_A_TRUNC | SEG_A_TRUNC_TCP);
			T_EQ(d.ipoptlen, 4);
		} else {
			T_EQ(rc, 0);
			T_EQ(d.anno, SEG_A_TRUNC | SEG_A_SUM_UNCHK);
			T_EQ(d.sport, 40000);
			T_EQ(d.seq, 1000);
			T_EQ(d.doff, 9);
			T_EQ(d.optlen, n < 60 ? n - 44 : 16);
			T_EQ(d.datalen, n > 60 ? n - 60 : 0);
		}
	}
}

/* A 4-byte-data, 8-byte-option segment with its doff forced to every
 * value; checksums are computed after, so only doff is wrong. */
TEST(wire_bad_doff)
{
	static const uint8_t data[4] = { 'a', 'b', 'c', 'd' };
	uint8_t out[200];
	struct seg s, d;
	struct errbuf e;
	size_t len;
	unsigned doff;
	int rc;

	for (doff = 0; doff <= 15; doff++) {
		basic(&s);
		s.flags = TH_PSH | TH_ACK;
		s.opt[0].kind = TCPOPT_MSS;
		s.opt[0].u.mss = 1460;
		s.opt[1].kind = TCPOPT_SACKOK;
		s.nopt = 2;
		s.data = data;
		s.datalen = 4;
		s.doff = (uint8_t)doff;
		s.fixed = SEG_FIX_DOFF;
		T_EQ(wire_encode(&s, out, sizeof(out), &len, &e), 0);
		T_EQ(len, 52);
		T_EQ(out[32] >> 4, doff);
		rc = decode_copy(out, len, &d);
		T_EQ(rc, 0);
		T_EQ(d.doff, doff);
		/* the checksum covers the segment whatever doff says */
		T_ASSERT(!(d.anno & (SEG_A_SUM_BAD | SEG_A_SUM_UNCHK)));
		if (doff < 5) {
			T_EQ(d.anno, SEG_A_BAD_DOFF);
			T_EQ(d.optlen, 0);
			T_EQ(d.datalen, 12);
		} else if (doff <= 7) {
			T_EQ(d.anno, 0);
			T_EQ(d.optlen, (doff - 5) * 4);
			T_EQ(d.datalen, 12 - (doff - 5) * 4);
		} else if (doff == 8) {
			/* "abcd" is read as option bytes after the EOL */
			T_EQ(d.anno, SEG_A_BAD_OPT);
			T_EQ(d.datalen, 0);
		} else {
			T_EQ(d.anno, SEG_A_BAD_DOFF);
			T_EQ(d.optlen, 12);
			T_EQ(d.datalen, 0);
		}
	}
	T_EQ(len, 52);
}

TEST(wire_bad_option_bytes)
{
	static const uint8_t bad[][8] = {
		{ 2, 9, 5, 0xb4, 0, 0, 0, 0 },	/* runs past */
		{ 2, 1, 5, 0xb4, 0, 0, 0, 0 },	/* len < 2 */
		{ 2, 3, 5, 1, 0, 0, 0, 0 },	/* wrong size for mss */
		{ 1, 1, 1, 1, 1, 1, 1, 2 },	/* kind with no length */
		{ 0, 0, 0, 0, 0, 0, 0, 9 },	/* junk after eol */
	};
	uint8_t out[100];
	struct seg s, d;
	struct errbuf e;
	size_t i, len;

	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		basic(&s);
		memcpy(s.optbytes, bad[i], 8);
		s.optlen = 8;
		T_EQ(wire_encode(&s, out, sizeof(out), &len, &e), 0);
		T_EQ(s.doff, 7);
		T_MEMEQ(out + 40, bad[i], 8);
		T_EQ(decode_copy(out, len, &d), 0);
		T_EQ(d.anno, SEG_A_BAD_OPT);
		T_MEMEQ(d.optbytes, bad[i], 8);
	}

	/* raw option bytes that are not whole words are zero-padded */
	basic(&s);
	s.optbytes[0] = 1;
	s.optlen = 1;
	T_EQ(wire_encode(&s, out, sizeof(out), &len, &e), 0);
	T_EQ(s.optlen, 4);
	T_EQ(len, 44);
	T_EQ(out[40], 1);
	T_EQ(out[41], 0);
}

TEST(wire_bad_ihl)
{
	uint8_t out[200];
	static uint8_t data[100];
	struct seg s, d;
	struct errbuf e;
	size_t len;
	unsigned ihl;

	for (ihl = 0; ihl < 5; ihl++) {
		basic(&s);
		s.ihl = (uint8_t)ihl;
		s.fixed = SEG_FIX_IHL;
		T_EQ(wire_encode(&s, out, sizeof(out), &len, &e), 0);
		T_EQ(out[0], 0x40 | ihl);
		T_EQ(decode_copy(out, len, &d), 0);
		/* the segment after the 20 bytes is still checked */
		T_EQ(d.anno, SEG_A_BAD_IHL);
		T_EQ(d.ihl, ihl);
		T_EQ(d.seq, 1000);	/* read as if ihl were 5 */
	}
	/* ihl past the captured bytes */
	basic(&s);
	s.ihl = 15;
	s.fixed = SEG_FIX_IHL | SEG_FIX_TOTLEN;
	s.tot_len = 40;
	T_EQ(wire_encode(&s, out, sizeof(out), &len, &e), 0);
	T_EQ(decode_copy(out, len, &d), -1);
	T_EQ(d.anno, SEG_A_BAD_IHL | SEG_A_BAD_TOTLEN);
	/* ihl longer than the real header but inside the packet: the
	 * receiver sees TCP bytes as IP options and a short TCP header */
	basic(&s);
	s.ihl = 15;
	s.fixed = SEG_FIX_IHL;
	s.data = data;
	s.datalen = sizeof(data);
	T_EQ(wire_encode(&s, out, sizeof(out), &len, &e), 0);
	T_EQ(decode_copy(out, len, &d), 0);
	T_EQ(d.ipoptlen, 40);
	T_EQ(d.anno & SEG_A_IPSUM_BAD, 0);	/* summed over 60 bytes */
	T_ASSERT(d.anno & SEG_A_SUM_BAD);
}

TEST(wire_totlen_lies)
{
	static const uint8_t data[10] = "0123456789";
	uint8_t out[200], padded[200];
	struct seg s, d;
	struct errbuf e;
	size_t len;

	/* longer than the packet: looks truncated */
	basic(&s);
	s.tot_len = 100;
	s.fixed = SEG_FIX_TOTLEN;
	T_EQ(wire_encode(&s, out, sizeof(out), &len, &e), 0);
	T_EQ(len, 40);
	T_EQ(decode_copy(out, len, &d), 0);
	T_EQ(d.anno, SEG_A_TRUNC | SEG_A_SUM_UNCHK);

	/* shorter than the IP header */
	s.tot_len = 19;
	T_EQ(wire_encode(&s, out, sizeof(out), &len, &e), 0);
	T_EQ(decode_copy(out, len, &d), 0);
	T_EQ(d.anno, SEG_A_BAD_TOTLEN | SEG_A_SUM_UNCHK);
	T_EQ(d.tot_len, 19);

	/* shorter than the TCP header */
	s.tot_len = 30;
	T_EQ(wire_encode(&s, out, sizeof(out), &len, &e), 0);
	T_EQ(decode_copy(out, len, &d), -1);
	T_EQ(d.anno, SEG_A_TRUNC_TCP);

	/* cuts the data: the rest is taken for link padding, and the
	 * checksum (computed over all 10 bytes) no longer matches */
	basic(&s);
	s.data = data;
	s.datalen = 10;
	s.tot_len = 45;
	s.fixed = SEG_FIX_TOTLEN;
	T_EQ(wire_encode(&s, out, sizeof(out), &len, &e), 0);
	T_EQ(len, 50);
	T_EQ(decode_copy(out, len, &d), 0);
	T_EQ(d.datalen, 5);
	T_EQ(d.anno, SEG_A_SUM_BAD);

	/* honest length plus Ethernet padding: nothing wrong */
	basic(&s);
	s.data = data;
	s.datalen = 2;
	T_EQ(wire_encode(&s, out, sizeof(out), &len, &e), 0);
	memset(padded, 0, sizeof(padded));
	memcpy(padded, out, len);
	T_EQ(decode_copy(padded, 46, &d), 0);
	T_EQ(d.anno, 0);
	T_EQ(d.datalen, 2);
}

TEST(wire_checksums)
{
	uint8_t out[200];
	struct seg s, d;
	struct errbuf e;
	size_t len;
	uint32_t i, part = 0;
	uint16_t good, ipgood;

	/* loopback's CHECKSUM_PARTIAL: the folded pseudo-header sum */
	basic(&s);
	s.saddr.v4 = s.daddr.v4 = LO;
	s.sum = cksum_fold(cksum_pseudo4(LO, LO, 6, 20));
	s.fixed = SEG_FIX_TCPSUM;
	T_EQ(wire_encode(&s, out, sizeof(out), &len, &e), 0);
	T_EQ(decode_copy(out, len, &d), 0);
	T_EQ(d.anno, SEG_A_SUM_PART);

	/* its inverse is just wrong */
	s.sum = (uint16_t)~s.sum;
	T_EQ(wire_encode(&s, out, sizeof(out), &len, &e), 0);
	T_EQ(decode_copy(out, len, &d), 0);
	T_EQ(d.anno, SEG_A_SUM_BAD);

	/* a fixed IP checksum of zero */
	basic(&s);
	s.fixed = SEG_FIX_IPSUM;
	T_EQ(wire_encode(&s, out, sizeof(out), &len, &e), 0);
	T_EQ(out[10], 0);
	T_EQ(out[11], 0);
	T_EQ(decode_copy(out, len, &d), 0);
	T_EQ(d.anno, SEG_A_IPSUM_BAD);

	/* "cksum bad" and "ipsum bad" are bad whatever the checksum was,
	 * and never mistaken for a partial checksum; the decoder knows what
	 * each should have been (tcpdump -v's "incorrect -> 0x...") */
	for (i = 0; i < 70000; i++) {
		basic(&s);
		s.seq = i;
		T_EQ(wire_encode(&s, out, sizeof(out), &len, &e), 0);
		good = s.sum;
		ipgood = (uint16_t)(out[10] << 8 | out[11]);
		if ((uint16_t)(good ^ 1) ==
		    cksum_fold(cksum_pseudo4(s.saddr.v4, s.daddr.v4, 6, 20)))
			part++;
		s.fixed = SEG_BAD_TCPSUM | SEG_BAD_IPSUM;
		T_EQ(wire_encode(&s, out, sizeof(out), &len, &e), 0);
		T_ASSERT(s.sum != good);
		T_EQ(wire_decode(out, len, &d), 0);
		if (d.anno != (SEG_A_SUM_BAD | SEG_A_IPSUM_BAD) ||
		    d.sum_ok != good || d.ip_sum_ok != ipgood) {
			t_fail(__FILE__, __LINE__, "seq %u: anno 0x%x, should "
			    "be 0x%04x 0x%04x, not 0x%04x 0x%04x", i, d.anno,
			    good, ipgood, d.sum_ok, d.ip_sum_ok);
			break;
		}
	}
	/* the loop did reach the case that must avoid looking partial */
	T_ASSERT(part > 0);
}

TEST(wire_not_tcp)
{
	uint8_t out[200];
	struct seg s, d;
	struct errbuf e;
	size_t len;

	basic(&s);
	s.proto = 17;
	s.fixed = SEG_FIX_PROTO;
	T_EQ(wire_encode(&s, out, sizeof(out), &len, &e), 0);
	T_EQ(decode_copy(out, len, &d), -1);
	T_EQ(d.anno, SEG_A_NOT_TCP);

	basic(&s);
	s.ver = 6;
	s.fixed = SEG_FIX_VER;
	T_EQ(wire_encode(&s, out, sizeof(out), &len, &e), 0);
	T_EQ(out[0], 0x65);
	/* the version nibble decides: read as an IPv6 header */
	(void)decode_copy(out, len, &d);
	T_ASSERT(SEG_IS6(&d));

	/* first fragment: decoded, checksum not checkable */
	basic(&s);
	s.frag = IP_MF;
	T_EQ(wire_encode(&s, out, sizeof(out), &len, &e), 0);
	T_EQ(decode_copy(out, len, &d), 0);
	T_EQ(d.anno, SEG_A_FRAG | SEG_A_SUM_UNCHK);
	T_EQ(d.seq, 1000);

	/* a later fragment has no TCP header */
	s.frag = 5;
	T_EQ(wire_encode(&s, out, sizeof(out), &len, &e), 0);
	T_EQ(decode_copy(out, len, &d), -1);
	T_EQ(d.anno, SEG_A_FRAG);
	T_EQ(d.seq, 0);
}

TEST(wire_encode_errors)
{
	uint8_t out[200];
	struct seg s;
	struct errbuf e;
	size_t len;
	int i;

	basic(&s);
	T_EQ(wire_encode(&s, out, 39, &len, &e), -1);
	T_EQ(wire_encode(&s, out, 40, &len, &e), 0);

	basic(&s);
	s.datalen = 10;
	T_EQ(wire_encode(&s, out, sizeof(out), &len, &e), -1);

	basic(&s);
	for (i = 0; i < 5; i++)
		s.opt[i].kind = TCPOPT_TS;
	s.nopt = 5;
	err_clear(&e);
	T_EQ(wire_encode(&s, out, sizeof(out), &len, &e), -1);
	T_ASSERT(strstr(e.msg, "TS") != NULL);

	basic(&s);
	s.datalen = 65535;
	s.data = out;
	T_EQ(wire_encode(&s, out, sizeof(out), &len, &e), -1);
}

/* frame = link header + the real SYN */
static size_t
frame(uint8_t *f, const uint8_t *hdr, size_t hlen)
{
	if (hlen > 0)
		memcpy(f, hdr, hlen);
	memcpy(f + hlen, syn, sizeof(syn));
	return hlen + sizeof(syn);
}

TEST(wire_link_layers)
{
	static const uint8_t eth[14] = {
		0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0x08, 0x00 };
	static const uint8_t vlan[18] = {
		1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 0x81, 0x00, 0, 5,
		0x08, 0x00 };
	static const uint8_t eth6[14] = {
		0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0x86, 0xdd };
	static const uint8_t null_le[4] = { 2, 0, 0, 0 };
	static const uint8_t null_be[4] = { 0, 0, 0, 2 };
	static const uint8_t null6[4] = { 30, 0, 0, 0 };
	static const uint8_t sll[16] = {
		0, 0, 0, 1, 0, 6, 1, 2, 3, 4, 5, 6, 0, 0, 0x08, 0x00 };
	static const uint8_t sll2[20] = {
		0x08, 0x00, 0, 0, 0, 0, 0, 1, 0, 1, 0, 6, 1, 2, 3, 4, 5, 6,
		0, 0 };
	static const struct {
		int		 dlt;
		const uint8_t	*hdr;
		size_t		 hlen;
		int		 ok;	/* 2: an IPv6 link type */
	} c[] = {
		{ WIRE_DLT_EN10MB, eth, sizeof(eth), 1 },
		{ WIRE_DLT_EN10MB, vlan, sizeof(vlan), 1 },
		{ WIRE_DLT_EN10MB, eth6, sizeof(eth6), 2 },
		{ WIRE_DLT_NULL, null_le, 4, 1 },
		{ WIRE_DLT_NULL, null_be, 4, 1 },
		{ WIRE_DLT_NULL, null6, 4, 2 },
		{ WIRE_DLT_RAW, NULL, 0, 1 },
		{ WIRE_DLT_RAW_ALT, NULL, 0, 1 },
		{ WIRE_LINKTYPE_RAW, NULL, 0, 1 },
		{ WIRE_DLT_LINUX_SLL, sll, sizeof(sll), 1 },
		{ WIRE_DLT_LINUX_SLL2, sll2, sizeof(sll2), 1 },
		{ 9999, eth, sizeof(eth), 0 },
	};
	uint8_t f[200];
	struct seg s;
	size_t i, n, cut, off;
	int rc;

	for (i = 0; i < sizeof(c) / sizeof(c[0]); i++) {
		n = frame(f, c[i].hdr, c[i].hlen);
		off = 99;
		rc = wire_decode_link(c[i].dlt, f, n, &s, &off);
		if (c[i].ok == 2) {
			/* the link layer says IPv6, the packet IPv4 */
			T_EQ(rc, -1);
			T_EQ(off, c[i].hlen);
			T_EQ(s.anno, SEG_A_BAD_VER);
			T_EQ(s.ver, 4);
		} else if (c[i].ok) {
			T_EQ(rc, 0);
			T_EQ(off, c[i].hlen);
			T_EQ(s.anno, 0);
			T_EQ(s.sport, 40000);
		} else {
			T_EQ(rc, -1);
			T_EQ(s.anno, SEG_A_BAD_LINK);
		}
		/* every cut of the frame is safe */
		for (cut = 0; cut < n; cut++) {
			uint8_t *p = malloc(cut ? cut : 1);

			memcpy(p, f, cut);
			rc = wire_decode_link(c[i].dlt, p, cut, &s, &off);
			T_ASSERT(s.anno != 0);
			if (cut < c[i].hlen)
				T_EQ(s.anno, SEG_A_BAD_LINK);
			free(p);
		}
	}
	/* raw IPv6 is read as IPv6 */
	f[0] = 0x60;
	(void)wire_decode_link(WIRE_LINKTYPE_RAW, f, 40, &s, &off);
	T_ASSERT(SEG_IS6(&s));
}

/* Random bytes never crash the decoder (ASan/UBSan watch). */
TEST(wire_decode_fuzz)
{
	uint8_t buf[128];
	struct seg s;
	uint32_t x = 12345;
	size_t i, n, round;

	for (round = 0; round < 20000; round++) {
		n = round % sizeof(buf);
		for (i = 0; i < n; i++) {
			x = x * 1103515245u + 12345u;
			buf[i] = (uint8_t)(x >> 16);
		}
		/* make most of them look like IPv4/TCP to go deeper */
		if (n > 10 && round % 4 != 0) {
			buf[0] = (uint8_t)(0x40 | (buf[0] & 0x0f));
			buf[9] = 6;
			buf[6] &= 0x40;
			buf[7] = 0;
		}
		(void)decode_copy(buf, n, &s);
	}
	T_ASSERT(round == 20000);
}

/* An IPv6 segment with a hop-by-hop and a fragment header round-trips,
 * and its checksum verifies under the IPv6 pseudo-header. */
TEST(wire_ipv6_roundtrip)
{
	static const uint8_t one[16] = { [15] = 1 };
	uint8_t out[256];
	struct seg s, d;
	struct errbuf e;
	size_t len;

	seg_init6(&s);
	s.saddr = ipaddr_v6(one);
	s.daddr = ipaddr_v6(one);
	s.sport = 40000;
	s.dport = 20000;
	s.seq = 1;
	s.flags = TH_SYN;
	s.flow = 0x12345;
	s.tos = 0xb8;
	s.next = 2;
	s.ext[0].type = IP6_NXT_HOPOPTS;
	s.ext[1].type = IP6_NXT_FRAG;
	s.ext[1].ident = 7;
	T_EQ(wire_encode(&s, out, sizeof(out), &len, &e), 0);
	T_EQ(len, 40 + 8 + 8 + 20);
	T_EQ(out[0], 0x6b);
	T_EQ(out[6], IP6_NXT_HOPOPTS);
	T_EQ(out[40], IP6_NXT_FRAG);
	T_EQ(out[48], 6);
	T_EQ(wire_decode(out, len, &d), 0);
	T_EQ(d.anno, 0);
	T_EQ(d.flow, 0x12345);
	T_EQ(d.tos, 0xb8);
	T_EQ(d.next, 2);
	T_EQ(d.ext[1].ident, 7);
	T_EQ(d.sport, 40000);
	T_ASSERT(ipaddr_eq(&d.saddr, &s.saddr));
	/* a hop-by-hop header after another is malformed */
	s.ext[0].type = IP6_NXT_DSTOPTS;
	s.ext[1].type = IP6_NXT_HOPOPTS;
	T_EQ(wire_encode(&s, out, sizeof(out), &len, &e), 0);
	T_EQ(wire_decode(out, len, &d), -1);
	T_ASSERT(d.anno & SEG_A_BAD_EXT);
	T_EQ(d.ext[1].bad, EXTBAD_ORDER);
	/* every cut is safe and annotated */
	for (; len > 0; len--) {
		(void)wire_decode(out, len - 1, &d);
		T_ASSERT(d.anno != 0);
	}
}
