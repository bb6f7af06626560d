/* test_cksum.c - RFC 1071 vectors and a real IPv4/TCP SYN's checksums */
#include <stdint.h>

#include "t.h"

#include "cksum.h"

/* 127.0.0.1:40000 > 127.0.0.1:20000 SYN, seq 16909060, win 65495,
 * options [mss 65495,sackOK,TS val 1 ecr 0,nop,wscale 7]: a Linux-style
 * SYN whose checksums tcpdump -vv and tshark report as correct
 * (ip 0x2074, tcp 0x619a). */
static const uint8_t syn[60] = {
	0x45, 0x00, 0x00, 0x3c, 0x1c, 0x46, 0x40, 0x00, 0x40, 0x06,
	0x20, 0x74, 0x7f, 0x00, 0x00, 0x01, 0x7f, 0x00, 0x00, 0x01,
	0x9c, 0x40, 0x4e, 0x20, 0x01, 0x02, 0x03, 0x04, 0x00, 0x00,
	0x00, 0x00, 0xa0, 0x02, 0xff, 0xd7, 0x61, 0x9a, 0x00, 0x00,
	0x02, 0x04, 0xff, 0xd7, 0x04, 0x02, 0x08, 0x0a, 0x00, 0x00,
	0x00, 0x01, 0x00, 0x00, 0x00, 0x00, 0x01, 0x03, 0x03, 0x07,
};

TEST(cksum_rfc1071_example)
{
	/* RFC 1071 section 3: 00 01 f2 03 f4 f5 f6 f7 sums to ddf2 */
	static const uint8_t b[] = {
		0x00, 0x01, 0xf2, 0x03, 0xf4, 0xf5, 0xf6, 0xf7
	};

	T_EQ(cksum_fold(cksum_add(0, b, sizeof(b))), 0xddf2);
	T_EQ(cksum_finish(cksum_add(0, b, sizeof(b))), 0x220d);
	/* chained on even pieces gives the same sum */
	T_EQ(cksum_fold(cksum_add(cksum_add(0, b, 2), b + 2, 6)), 0xddf2);
	T_EQ(cksum_fold(cksum_add(cksum_add(0, b, 4), b + 4, 4)), 0xddf2);
}

TEST(cksum_odd_length)
{
	static const uint8_t b[] = { 0x12, 0x34, 0x56 };
	static const uint8_t one[] = { 0xab };

	/* the odd byte is the high half of a zero-padded word */
	T_EQ(cksum_fold(cksum_add(0, b, 3)), 0x1234 + 0x5600);
	T_EQ(cksum_fold(cksum_add(0, one, 1)), 0xab00);
	T_EQ(cksum_fold(cksum_add(0, b, 0)), 0);
	T_EQ(cksum_finish(0), 0xffff);
}

TEST(cksum_fold_carries)
{
	static uint8_t ff[4096];

	T_EQ(cksum_fold(0x1fffe), 0xffff);
	T_EQ(cksum_fold(0x10000), 0x0001);
	T_EQ(cksum_fold(0xffffffff), 0xffff);
	memset(ff, 0xff, sizeof(ff));
	T_EQ(cksum_fold(cksum_add(0, ff, sizeof(ff))), 0xffff);
	/* a large starting sum must not overflow across calls */
	T_EQ(cksum_fold(cksum_add(0xfffff000u, ff, sizeof(ff))),
	    cksum_fold(0xfffff000u));
}

TEST(cksum_ip_header_wikipedia)
{
	/* the classic example header with checksum b861 */
	uint8_t h[20] = {
		0x45, 0x00, 0x00, 0x73, 0x00, 0x00, 0x40, 0x00, 0x40, 0x11,
		0x00, 0x00, 0xc0, 0xa8, 0x00, 0x01, 0xc0, 0xa8, 0x00, 0xc7,
	};

	T_EQ(cksum_finish(cksum_add(0, h, 20)), 0xb861);
	h[10] = 0xb8;
	h[11] = 0x61;
	T_EQ(cksum_fold(cksum_add(0, h, 20)), 0xffff);
}

TEST(cksum_real_syn)
{
	uint8_t p[60];

	memcpy(p, syn, sizeof(p));
	/* the whole header including its checksum verifies to 0xffff */
	T_EQ(cksum_fold(cksum_add(0, p, 20)), 0xffff);
	p[10] = p[11] = 0;
	T_EQ(cksum_finish(cksum_add(0, p, 20)), 0x2074);

	T_EQ(cksum_pseudo4(0x7f000001, 0x7f000001, 6, 40), 0xfe30);
	T_EQ(cksum_fold(cksum_add(cksum_pseudo4(0x7f000001, 0x7f000001, 6,
	    40), p + 20, 40)), 0xffff);
	p[36] = p[37] = 0;
	T_EQ(cksum_tcp4(0x7f000001, 0x7f000001, p + 20, 40), 0x619a);
	/* a flipped bit changes it */
	p[25] ^= 0x01;
	T_ASSERT(cksum_tcp4(0x7f000001, 0x7f000001, p + 20, 40) != 0x619a);
}

TEST(cksum_tcp_odd_payload)
{
	/* header (sum field zero) plus 3 data bytes; checked against an
	 * independent word-by-word sum written out here */
	uint8_t t[23] = {
		0x04, 0xd2, 0x00, 0x50, 0x00, 0x00, 0x03, 0xe8, 0x00, 0x00,
		0x07, 0xd0, 0x50, 0x18, 0x02, 0x00, 0x00, 0x00, 0x00, 0x00,
		'a', 'b', 'c',
	};
	uint32_t s;

	s = 0x0a00 + 0x0001 + 0x0a00 + 0x0002 + 6 + 23;
	s += 0x04d2 + 0x0050 + 0x0000 + 0x03e8 + 0x0000 + 0x07d0 + 0x5018 +
	    0x0200 + 0x6162 + 0x6300;
	T_EQ(cksum_tcp4(0x0a000001, 0x0a000002, t, sizeof(t)),
	    (uint16_t)~cksum_fold(s));
}
