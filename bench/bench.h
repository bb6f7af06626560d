/* bench.h - what the minimal C baselines share: a clock, a SYN, sums
 * SPDX-License-Identifier: GPL-3.0-or-later */
#ifndef BENCH_H
#define BENCH_H

#include <stdint.h>
#include <string.h>
#include <time.h>

static inline uint64_t
now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000000000ull + (uint64_t)ts.tv_nsec;
}

static inline uint16_t
sum16(const uint8_t *p, size_t n, uint32_t s)
{
	size_t i;

	for (i = 0; i + 1 < n; i += 2)
		s += (uint32_t)(p[i] << 8 | p[i + 1]);
	if (n & 1)
		s += (uint32_t)p[n - 1] << 8;
	while (s >> 16)
		s = (s & 0xffff) + (s >> 16);
	return (uint16_t)~s;
}

/* 127.0.0.1:sport > 127.0.0.1:dport, Flags [S], options [mss 1460]:
 * 44 bytes, as tcpcraft's flood template. */
static inline size_t
make_syn(uint8_t *p, uint16_t sport, uint16_t dport, uint32_t seq)
{
	uint8_t ph[12];
	uint32_t s;
	uint16_t c;

	memset(p, 0, 44);
	p[0] = 0x45;
	p[3] = 44;
	p[5] = 1;
	p[6] = 0x40;
	p[8] = 64;
	p[9] = 6;
	p[12] = 127; p[15] = 1;
	p[16] = 127; p[19] = 1;
	c = sum16(p, 20, 0);
	p[10] = (uint8_t)(c >> 8); p[11] = (uint8_t)c;
	p[20] = (uint8_t)(sport >> 8); p[21] = (uint8_t)sport;
	p[22] = (uint8_t)(dport >> 8); p[23] = (uint8_t)dport;
	p[24] = (uint8_t)(seq >> 24); p[25] = (uint8_t)(seq >> 16);
	p[26] = (uint8_t)(seq >> 8); p[27] = (uint8_t)seq;
	p[32] = 6 << 4;
	p[33] = 0x02;
	p[34] = 0xff; p[35] = 0xff;
	p[40] = 2; p[41] = 4; p[42] = 0x05; p[43] = 0xb4;
	memcpy(ph, p + 12, 8);
	ph[8] = 0; ph[9] = 6; ph[10] = 0; ph[11] = 24;
	s = 0;
	{
		size_t i;
		for (i = 0; i < 12; i += 2)
			s += (uint32_t)(ph[i] << 8 | ph[i + 1]);
	}
	c = sum16(p + 20, 24, s);
	p[36] = (uint8_t)(c >> 8); p[37] = (uint8_t)c;
	return 44;
}

/* [::1]:sport > [::1]:dport, Flags [S], options [mss 1460]: 64 bytes,
 * as tcpcraft's IPv6 flood template (no id, no header checksum; the
 * TCP checksum over the pseudo-header with 128-bit addresses). */
static inline size_t
make_syn6(uint8_t *p, uint16_t sport, uint16_t dport, uint32_t seq)
{
	uint32_t s = 0;
	uint16_t c;
	size_t i;

	memset(p, 0, 64);
	p[0] = 0x60;
	p[5] = 24;		/* payload length */
	p[6] = 6;		/* next header: TCP */
	p[7] = 64;		/* hop limit */
	p[23] = 1;		/* ::1 */
	p[39] = 1;		/* ::1 */
	p[40] = (uint8_t)(sport >> 8); p[41] = (uint8_t)sport;
	p[42] = (uint8_t)(dport >> 8); p[43] = (uint8_t)dport;
	p[44] = (uint8_t)(seq >> 24); p[45] = (uint8_t)(seq >> 16);
	p[46] = (uint8_t)(seq >> 8); p[47] = (uint8_t)seq;
	p[52] = 6 << 4;
	p[53] = 0x02;
	p[54] = 0xff; p[55] = 0xff;
	p[60] = 2; p[61] = 4; p[62] = 0x05; p[63] = 0xb4;
	for (i = 8; i < 40; i += 2)	/* the addresses */
		s += (uint32_t)(p[i] << 8 | p[i + 1]);
	s += 24 + 6;			/* upper-layer length, next header */
	c = sum16(p + 40, 24, s);
	p[56] = (uint8_t)(c >> 8); p[57] = (uint8_t)c;
	return 64;
}

#endif
