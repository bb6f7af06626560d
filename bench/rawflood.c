/* rawflood.c - the minimal C flood: one raw socket, one SYN, sendmmsg
 * in batches; what tcpcraft's flood is measured against.
 *   rawflood PORT COUNT [BATCH [6]]   ->  "pps N"
 * Every packet goes to 127.0.0.1, or with 6 to ::1 (an IPv6 raw
 * socket, IPPROTO_RAW, as tcpcraft's).
 * SPDX-License-Identifier: GPL-3.0-or-later */
#include <sys/socket.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>

#include "bench.h"

#define MAXBATCH 1024

int
main(int argc, char **argv)
{
	static struct mmsghdr msg[MAXBATCH];
	static struct iovec iov;
	static uint8_t pkt[64];
	struct sockaddr_in sin;
	struct sockaddr_in6 sin6;
	unsigned long port, count, batch = 64, sent = 0, k;
	uint64_t t0, t1;
	int fd, r, v6;

	if (argc < 3)
		return 2;
	port = strtoul(argv[1], NULL, 10);
	count = strtoul(argv[2], NULL, 10);
	if (argc > 3)
		batch = strtoul(argv[3], NULL, 10);
	v6 = argc > 4 && strcmp(argv[4], "6") == 0;
	if (port == 0 || port > 65535 || count == 0 || count > 100000000 ||
	    batch == 0 || batch > MAXBATCH)
		return 2;
	if ((fd = socket(v6 ? AF_INET6 : AF_INET, SOCK_RAW, IPPROTO_RAW)) < 0) {
		perror("socket");
		return 1;
	}
	memset(&sin, 0, sizeof(sin));
	sin.sin_family = AF_INET;
	sin.sin_addr.s_addr = htonl(0x7f000001);
	memset(&sin6, 0, sizeof(sin6));
	sin6.sin6_family = AF_INET6;
	sin6.sin6_addr = in6addr_loopback;
	iov.iov_base = pkt;
	iov.iov_len = v6 ? make_syn6(pkt, 40404, (uint16_t)port, 1) :
	    make_syn(pkt, 40404, (uint16_t)port, 1);
	for (k = 0; k < batch; k++) {
		msg[k].msg_hdr.msg_name = v6 ? (void *)&sin6 : (void *)&sin;
		msg[k].msg_hdr.msg_namelen = v6 ? sizeof(sin6) : sizeof(sin);
		msg[k].msg_hdr.msg_iov = &iov;
		msg[k].msg_hdr.msg_iovlen = 1;
	}
	t0 = now_ns();
	while (sent < count) {
		k = count - sent < batch ? count - sent : batch;
		if ((r = sendmmsg(fd, msg, (unsigned)k, 0)) <= 0) {
			perror("sendmmsg");
			return 1;
		}
		sent += (unsigned long)r;
	}
	t1 = now_ns();
	printf("pps %.0f\n", (double)sent * 1e9 / (double)(t1 - t0));
	return 0;
}
