/* sessc.c - the minimal C sessions: what the kernel allows.  The same
 * sessions as make bench's script (handshake, "AB" echoed, we close, the
 * peer closes) from a raw socket and a packet socket, with no shell, no
 * TCB and no printing: one session after the other, each segment built
 * in place, each answer waited for with poll.
 *   sessc PORT COUNT  ->  "sessions_per_s X"
 * Every packet goes to 127.0.0.1.  The kernel's RSTs to the peer's
 * segments (it has no socket for our ports) must be dropped by the
 * caller's firewall, as tcpcraft's guard does.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#include <sys/socket.h>
#include <arpa/inet.h>
#include <linux/filter.h>
#include <linux/if_ether.h>
#include <linux/if_packet.h>
#include <net/if.h>
#include <netinet/in.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#include "bench.h"

#define TH_FIN	0x01
#define TH_SYN	0x02
#define TH_PUSH	0x08
#define TH_ACK	0x10
#define WAIT_MS	2000	/* a session that waits longer failed */

struct sess {
	int		 raw, cap;
	uint16_t	 sport, dport;
	uint32_t	 snd_nxt, rcv_nxt;
};

static void
put32(uint8_t *p, uint32_t v)
{
	p[0] = (uint8_t)(v >> 24);
	p[1] = (uint8_t)(v >> 16);
	p[2] = (uint8_t)(v >> 8);
	p[3] = (uint8_t)v;
}

static uint32_t
get32(const uint8_t *p)
{
	return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 |
	    (uint32_t)p[2] << 8 | p[3];
}

/* 127.0.0.1:sport > 127.0.0.1:dport, flags, seq snd_nxt, ack rcv_nxt,
 * the payload; snd_nxt moves past what it occupies. */
static int
tx(struct sess *s, uint8_t flags, const char *data, size_t len)
{
	uint8_t p[64];
	struct sockaddr_in sin;
	size_t tot = 40 + len;
	uint32_t ps;
	uint16_t c;

	memset(p, 0, 40);
	p[0] = 0x45;
	p[2] = (uint8_t)(tot >> 8);
	p[3] = (uint8_t)tot;
	p[6] = 0x40;
	p[8] = 64;
	p[9] = 6;
	p[12] = 127; p[15] = 1;
	p[16] = 127; p[19] = 1;
	c = sum16(p, 20, 0);
	p[10] = (uint8_t)(c >> 8); p[11] = (uint8_t)c;
	p[20] = (uint8_t)(s->sport >> 8); p[21] = (uint8_t)s->sport;
	p[22] = (uint8_t)(s->dport >> 8); p[23] = (uint8_t)s->dport;
	put32(p + 24, s->snd_nxt);
	put32(p + 28, flags & TH_ACK ? s->rcv_nxt : 0);
	p[32] = 5 << 4;
	p[33] = flags;
	p[34] = 0xff; p[35] = 0xff;
	memcpy(p + 40, data, len);
	/* pseudo-header: both addresses, protocol, TCP length */
	ps = 2 * 0x7f00 + 2 * 0x0001 + 6 + (uint32_t)(tot - 20);
	c = sum16(p + 20, tot - 20, ps);
	p[36] = (uint8_t)(c >> 8); p[37] = (uint8_t)c;
	s->snd_nxt += (uint32_t)len + ((flags & (TH_SYN | TH_FIN)) != 0);
	memset(&sin, 0, sizeof(sin));
	sin.sin_family = AF_INET;
	sin.sin_addr.s_addr = htonl(0x7f000001);
	return sendto(s->raw, p, tot, 0, (struct sockaddr *)&sin,
	    sizeof(sin)) == (ssize_t)tot ? 0 : -1;
}

/* Waits for the peer's segment to our port with any of the flags in want
 * (or, want 0, with data); rcv_nxt moves past it. */
static int
rx(struct sess *s, uint8_t want)
{
	uint8_t p[2048];
	struct pollfd pfd = { s->cap, POLLIN, 0 };
	ssize_t n;
	size_t hl, dl;
	uint8_t fl;

	for (;;) {
		if ((n = recv(s->cap, p, sizeof(p), MSG_DONTWAIT)) < 0) {
			if (poll(&pfd, 1, WAIT_MS) != 1)
				return -1;
			continue;
		}
		if (n < 40 || (p[22] << 8 | p[23]) != s->sport)
			continue;
		hl = (size_t)(p[0] & 0xf) * 4;
		dl = (size_t)(p[2] << 8 | p[3]) - hl - (size_t)(p[hl + 12] >> 4) * 4;
		fl = p[hl + 13];
		if (!(want ? (fl & want) : dl > 0))
			continue;
		s->rcv_nxt = get32(p + hl + 4) + (uint32_t)dl +
		    ((fl & (TH_SYN | TH_FIN)) != 0);
		return 0;
	}
}

static int
session(struct sess *s)
{
	return tx(s, TH_SYN, NULL, 0) || rx(s, TH_SYN) ||
	    tx(s, TH_ACK, NULL, 0) || tx(s, TH_PUSH | TH_ACK, "AB", 2) ||
	    rx(s, 0) || tx(s, TH_ACK, NULL, 0) ||
	    tx(s, TH_FIN | TH_ACK, NULL, 0) || rx(s, TH_FIN) ||
	    tx(s, TH_ACK, NULL, 0);
}

/* tcp from the peer's port: the IPv4 packet from its first byte
 * (SOCK_DGRAM), no fragments */
static int
capture(uint16_t port)
{
	struct sock_filter f[] = {
		{ 0x30, 0, 0, 9 },		/* ldb [9] */
		{ 0x15, 0, 6, 6 },		/* jeq #6 */
		{ 0x28, 0, 0, 6 },		/* ldh [6] */
		{ 0x45, 4, 0, 0x1fff },		/* jset #0x1fff */
		{ 0xb1, 0, 0, 0 },		/* ldxb 4*([0]&0xf) */
		{ 0x48, 0, 0, 0 },		/* ldh [x+0] */
		{ 0x15, 0, 1, port },		/* jeq #port */
		{ 0x06, 0, 0, 65535 },		/* ret #65535 */
		{ 0x06, 0, 0, 0 },		/* ret #0 */
	};
	struct sock_fprog fp = { sizeof(f) / sizeof(f[0]), f };
	struct sockaddr_ll sll;
	int fd, one = 1;

	if ((fd = socket(AF_PACKET, SOCK_DGRAM, 0)) < 0 ||
	    setsockopt(fd, SOL_SOCKET, SO_ATTACH_FILTER, &fp,
	    sizeof(fp)) < 0)
		return -1;
	(void)setsockopt(fd, SOL_PACKET, PACKET_IGNORE_OUTGOING, &one,
	    sizeof(one));
	memset(&sll, 0, sizeof(sll));
	sll.sll_family = AF_PACKET;
	sll.sll_protocol = htons(ETH_P_IP);
	sll.sll_ifindex = (int)if_nametoindex("lo");
	if (bind(fd, (struct sockaddr *)&sll, sizeof(sll)) < 0)
		return -1;
	return fd;
}

int
main(int argc, char **argv)
{
	struct sess s;
	unsigned long port, count, i;
	uint64_t t0, t1;

	if (argc < 3)
		return 2;
	port = strtoul(argv[1], NULL, 10);
	count = strtoul(argv[2], NULL, 10);
	if (port == 0 || port > 65535 || count == 0 || count > 20000)
		return 2;
	memset(&s, 0, sizeof(s));
	s.dport = (uint16_t)port;
	if ((s.raw = socket(AF_INET, SOCK_RAW, IPPROTO_RAW)) < 0 ||
	    (s.cap = capture(s.dport)) < 0) {
		perror("socket");
		return 1;
	}
	t0 = now_ns();
	for (i = 0; i < count; i++) {
		/* a port of its own each: the peer keeps no state of the
		 * last one in the way */
		s.sport = (uint16_t)(20000 + i);
		s.snd_nxt = (uint32_t)(i * 100000u + 1);
		s.rcv_nxt = 0;
		if (session(&s) != 0) {
			fprintf(stderr, "sessc: session %lu failed\n", i);
			return 1;
		}
	}
	t1 = now_ns();
	printf("sessions_per_s %.1f\n", (double)count * 1e9 /
	    (double)(t1 - t0));
	return 0;
}
