/* pktflood.c - the minimal C flood on an Ethernet link: one packet
 * socket with PACKET_QDISC_BYPASS, frames from a PACKET_TX_RING (or,
 * "mmsg", sendmmsg in batches of 64); what tcpcraft's flood through a
 * lab NIC is measured against.
 *   pktflood IFACE DSTMAC SRC DST PORT COUNT [ring|mmsg]  ->  "pps N"
 * SRC and DST are IPv4 addresses; make bench runs it in a namespace of
 * its own, towards a veth peer in another.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#include <sys/mman.h>
#include <sys/socket.h>
#include <arpa/inet.h>
#include <linux/if_ether.h>
#include <linux/if_packet.h>
#include <net/if.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#include "bench.h"

#define FRAME_SZ	256	/* a TPACKET_V2 slot: header and a 58-byte frame */
#define NFRAMES		4096
#define BATCH		64

static int
parse_mac(const char *s, uint8_t m[6])
{
	unsigned v[6];
	int i;

	if (sscanf(s, "%x:%x:%x:%x:%x:%x", &v[0], &v[1], &v[2], &v[3],
	    &v[4], &v[5]) != 6)
		return -1;
	for (i = 0; i < 6; i++)
		m[i] = (uint8_t)v[i];
	return 0;
}

/* The SYN of bench.h, its addresses changed, in an Ethernet frame. */
static size_t
make_frame(uint8_t *f, const uint8_t dmac[6], const uint8_t smac[6],
    uint32_t src, uint32_t dst, uint16_t dport)
{
	uint8_t *p = f + 14, ph[12];
	uint32_t s = 0;
	uint16_t c;
	int i;

	memcpy(f, dmac, 6);
	memcpy(f + 6, smac, 6);
	f[12] = 0x08;
	f[13] = 0x00;
	make_syn(p, 40404, dport, 1);
	memcpy(p + 12, &src, 4);
	memcpy(p + 16, &dst, 4);
	p[10] = p[11] = 0;
	c = sum16(p, 20, 0);
	p[10] = (uint8_t)(c >> 8); p[11] = (uint8_t)c;
	p[36] = p[37] = 0;
	memcpy(ph, p + 12, 8);
	ph[8] = 0; ph[9] = 6; ph[10] = 0; ph[11] = 24;
	for (i = 0; i < 12; i += 2)
		s += (uint32_t)(ph[i] << 8 | ph[i + 1]);
	c = sum16(p + 20, 24, s);
	p[36] = (uint8_t)(c >> 8); p[37] = (uint8_t)c;
	return 14 + 44;
}

static int
ring(int fd, const uint8_t *frame, size_t len, unsigned long count)
{
	struct tpacket_req req;
	struct tpacket2_hdr *h;
	uint8_t *map;
	unsigned long sent = 0, k = 0, pending = 0;
	int v = TPACKET_V2;
	struct pollfd pfd = { fd, POLLOUT, 0 };

	memset(&req, 0, sizeof(req));
	req.tp_block_size = 4096;
	req.tp_frame_size = FRAME_SZ;
	req.tp_block_nr = NFRAMES * FRAME_SZ / 4096;
	req.tp_frame_nr = NFRAMES;
	if (setsockopt(fd, SOL_PACKET, PACKET_VERSION, &v, sizeof(v)) < 0 ||
	    setsockopt(fd, SOL_PACKET, PACKET_TX_RING, &req,
	    sizeof(req)) < 0) {
		perror("PACKET_TX_RING");
		return -1;
	}
	map = mmap(NULL, (size_t)NFRAMES * FRAME_SZ, PROT_READ | PROT_WRITE,
	    MAP_SHARED, fd, 0);
	if (map == MAP_FAILED)
		return -1;
	while (sent < count) {
		h = (struct tpacket2_hdr *)(map + (k % NFRAMES) * FRAME_SZ);
		if (h->tp_status != TP_STATUS_AVAILABLE) {
			/* the kernel still has it: send what is queued */
			if (pending && send(fd, NULL, 0, 0) < 0)
				return -1;
			pending = 0;
			if (h->tp_status != TP_STATUS_AVAILABLE)
				(void)poll(&pfd, 1, 10);
			continue;
		}
		memcpy((uint8_t *)h + TPACKET2_HDRLEN - sizeof(struct
		    sockaddr_ll), frame, len);
		h->tp_len = (unsigned)len;
		__atomic_store_n(&h->tp_status, TP_STATUS_SEND_REQUEST,
		    __ATOMIC_RELEASE);
		k++;
		sent++;
		if (++pending == BATCH) {
			if (send(fd, NULL, 0, 0) < 0)
				return -1;
			pending = 0;
		}
	}
	if (pending && send(fd, NULL, 0, 0) < 0)
		return -1;
	return 0;
}

static int
mmsg(int fd, const uint8_t *frame, size_t len, unsigned long count)
{
	static struct mmsghdr msg[BATCH];
	struct iovec iov = { (void *)frame, len };
	unsigned long sent = 0, k;
	int r;

	for (k = 0; k < BATCH; k++) {
		msg[k].msg_hdr.msg_iov = &iov;
		msg[k].msg_hdr.msg_iovlen = 1;
	}
	while (sent < count) {
		k = count - sent < BATCH ? count - sent : BATCH;
		if ((r = sendmmsg(fd, msg, (unsigned)k, 0)) <= 0)
			return -1;
		sent += (unsigned long)r;
	}
	return 0;
}

int
main(int argc, char **argv)
{
	uint8_t frame[64], dmac[6], smac[6];
	struct sockaddr_ll sll;
	struct in_addr src, dst;
	unsigned long port, count;
	uint64_t t0, t1;
	size_t len;
	int fd, one = 1, rc;

	if (argc < 7 || parse_mac(argv[2], dmac) != 0 ||
	    inet_pton(AF_INET, argv[3], &src) != 1 ||
	    inet_pton(AF_INET, argv[4], &dst) != 1)
		return 2;
	port = strtoul(argv[5], NULL, 10);
	count = strtoul(argv[6], NULL, 10);
	if (port == 0 || port > 65535 || count == 0 || count > 100000000)
		return 2;
	if ((fd = socket(AF_PACKET, SOCK_RAW, 0)) < 0) {
		perror("socket");
		return 1;
	}
	memset(&sll, 0, sizeof(sll));
	sll.sll_family = AF_PACKET;
	sll.sll_ifindex = (int)if_nametoindex(argv[1]);
	if (sll.sll_ifindex == 0 ||
	    bind(fd, (struct sockaddr *)&sll, sizeof(sll)) < 0) {
		perror(argv[1]);
		return 1;
	}
	(void)setsockopt(fd, SOL_PACKET, PACKET_QDISC_BYPASS, &one,
	    sizeof(one));
	memset(smac, 0, sizeof(smac));
	smac[0] = 0x02;
	len = make_frame(frame, dmac, smac, src.s_addr, dst.s_addr,
	    (uint16_t)port);
	t0 = now_ns();
	rc = argc > 7 && strcmp(argv[7], "mmsg") == 0 ?
	    mmsg(fd, frame, len, count) : ring(fd, frame, len, count);
	t1 = now_ns();
	if (rc != 0) {
		perror("send");
		return 1;
	}
	printf("pps %.0f\n", (double)count * 1e9 / (double)(t1 - t0));
	return 0;
}
