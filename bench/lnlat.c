/* lnlat.c - the minimal C SYN -> SYN-ACK latency: libnet builds and
 * writes the SYN, libpcap in immediate mode with a 4-tuple filter sees
 * the answer.  Measured from before libnet_write to the reply in hand.
 *   lnlat PORT COUNT INTERVAL_US [6] ->  "median_us N min_us N max_us N"
 * Every packet goes to 127.0.0.1, or with 6 to ::1 (libnet's raw IPv6
 * socket).
 * SPDX-License-Identifier: GPL-3.0-or-later */
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#include <libnet.h>
#include <pcap/pcap.h>

#include "bench.h"

static uint32_t want_ack;
static int got;

static void
on_pkt(u_char *u, const struct pcap_pkthdr *h, const u_char *b)
{
	const u_char *ip = b + 14;	/* DLT_EN10MB on lo */
	const u_char *th;
	uint32_t ack;

	(void)u;
	if (h->caplen < 14 + 20 + 20)
		return;
	/* IPv6: the fixed header alone, as the SYN-ACK on lo has it */
	th = ip[0] >> 4 == 6 ? ip + 40 : ip + (ip[0] & 15) * 4;
	if (th + 20 > b + h->caplen)
		return;
	ack = (uint32_t)th[8] << 24 | (uint32_t)th[9] << 16 |
	    (uint32_t)th[10] << 8 | th[11];
	if (ack == want_ack && (th[13] & 0x12) == 0x12)
		got = 1;
}

static int
cmpd(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return x < y ? -1 : x > y;
}

int
main(int argc, char **argv)
{
	char err[LIBNET_ERRBUF_SIZE], perr[PCAP_ERRBUF_SIZE], filt[128];
	uint8_t opt[4] = { 2, 4, 0x05, 0xb4 };
	struct bpf_program prog;
	struct pollfd pfd;
	libnet_t *l;
	libnet_ptag_t tcp = 0, ip = 0;
	pcap_t *p;
	double *rtt;
	unsigned long port, count, ival, i, n = 0;
	uint64_t t0, t, next;
	uint16_t sport = 40405;
	uint32_t seq;
	struct libnet_in6_addr lo6;
	int v6;

	if (argc < 4)
		return 2;
	port = strtoul(argv[1], NULL, 10);
	count = strtoul(argv[2], NULL, 10);
	ival = strtoul(argv[3], NULL, 10);
	v6 = argc > 4 && strcmp(argv[4], "6") == 0;
	memset(&lo6, 0, sizeof(lo6));
	((uint8_t *)&lo6)[15] = 1;
	if (port == 0 || port > 65535 || count == 0 || count > 100000)
		return 2;
	rtt = calloc(count, sizeof(*rtt));
	if ((l = libnet_init(v6 ? LIBNET_RAW6 : LIBNET_RAW4, NULL, err)) ==
	    NULL) {
		fprintf(stderr, "%s", err);
		return 1;
	}
	if ((p = pcap_create("lo", perr)) == NULL)
		return 1;
	pcap_set_snaplen(p, 256);
	pcap_set_immediate_mode(p, 1);
	pcap_set_timeout(p, 1);
	if (pcap_activate(p) < 0) {
		pcap_perror(p, "pcap");
		return 1;
	}
	pcap_setnonblock(p, 1, perr);
	snprintf(filt, sizeof(filt), "tcp and src host %s and src port %lu "
	    "and dst host %s and dst port %u", v6 ? "::1" : "127.0.0.1", port,
	    v6 ? "::1" : "127.0.0.1", sport);
	if (pcap_compile(p, &prog, filt, 1, PCAP_NETMASK_UNKNOWN) != 0 ||
	    pcap_setfilter(p, &prog) != 0) {
		pcap_perror(p, "filter");
		return 1;
	}
	pfd.fd = pcap_get_selectable_fd(p);
	pfd.events = POLLIN;
	libnet_build_tcp_options(opt, 4, l, 0);
	next = now_ns();
	for (i = 0; i < count; i++) {
		seq = (uint32_t)random();
		tcp = libnet_build_tcp(sport, (uint16_t)port, seq, 0, TH_SYN,
		    65535, 0, 0, LIBNET_TCP_H + 4, NULL, 0, l, tcp);
		if (v6)
			ip = libnet_build_ipv6(0, 0, LIBNET_TCP_H + 4,
			    IPPROTO_TCP, 64, lo6, lo6, NULL, 0, l, ip);
		else
			ip = libnet_build_ipv4(LIBNET_IPV4_H + LIBNET_TCP_H + 4,
			    0, (uint16_t)i, 0x4000, 64, IPPROTO_TCP, 0,
			    htonl(0x7f000001), htonl(0x7f000001), NULL, 0, l,
			    ip);
		want_ack = seq + 1;
		got = 0;
		t0 = now_ns();
		if (libnet_write(l) < 0) {
			fprintf(stderr, "%s", libnet_geterror(l));
			return 1;
		}
		t = t0;
		while (!got && t - t0 < 1000000000ull) {
			if (pcap_dispatch(p, -1, on_pkt, NULL) > 0 && got)
				break;
			poll(&pfd, 1, 100);
			t = now_ns();
		}
		t = now_ns();
		if (got)
			rtt[n++] = (double)(t - t0) / 1e3;
		next += ival * 1000;
		while ((t = now_ns()) < next)
			usleep((useconds_t)((next - t) / 1000));
	}
	if (n == 0) {
		printf("median_us 0 min_us 0 max_us 0 answered 0\n");
		return 1;
	}
	qsort(rtt, n, sizeof(*rtt), cmpd);
	printf("median_us %.1f min_us %.1f max_us %.1f answered %lu\n",
	    rtt[n / 2], rtt[0], rtt[n - 1], n);
	return 0;
}
