/* rawflood.c - the minimal C flood: one raw socket, one SYN, sendmmsg
 * in batches; what tcpcraft's flood is measured against.
 *   rawflood PORT COUNT [BATCH]   ->  "pps N"
 * Every packet goes to 127.0.0.1.
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
	unsigned long port, count, batch = 64, sent = 0, k;
	uint64_t t0, t1;
	int fd, r;

	if (argc < 3)
		return 2;
	port = strtoul(argv[1], NULL, 10);
	count = strtoul(argv[2], NULL, 10);
	if (argc > 3)
		batch = strtoul(argv[3], NULL, 10);
	if (port == 0 || port > 65535 || count == 0 || count > 100000000 ||
	    batch == 0 || batch > MAXBATCH)
		return 2;
	if ((fd = socket(AF_INET, SOCK_RAW, IPPROTO_RAW)) < 0) {
		perror("socket");
		return 1;
	}
	memset(&sin, 0, sizeof(sin));
	sin.sin_family = AF_INET;
	sin.sin_addr.s_addr = htonl(0x7f000001);
	iov.iov_base = pkt;
	iov.iov_len = make_syn(pkt, 40404, (uint16_t)port, 1);
	for (k = 0; k < batch; k++) {
		msg[k].msg_hdr.msg_name = &sin;
		msg[k].msg_hdr.msg_namelen = sizeof(sin);
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
