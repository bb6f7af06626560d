/* capture.c - every packet sent and received, to a pcap file
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Bare IP packets with no link header: libpcap's DLT_RAW is written to
 * the file as LINKTYPE_RAW (101), which carries IPv4 and IPv6 alike (the
 * version nibble says which) and which tcpdump and Wireshark read.
 * The file is flushed after each packet so it can be read while the
 * shell is still running.
 */
#include <sys/types.h>
#include <sys/time.h>

#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <pcap/pcap.h>

#include "capture.h"
#include "errbuf.h"
#include "pcapng.h"

/* The largest IPv4 packet is 65535 bytes, an IPv6 one 40 more (its
 * payload length leaves the fixed header out): tcpdump's default
 * snapshot length holds both. */
#define CAPTURE_SNAPLEN	262144

struct capture {
	pcap_t		*p;
	pcap_dumper_t	*d;
	struct pcapng	*ng;	/* FILE.pcapng: our writer, with comments */
};

struct capture *
capture_open(const char *path, struct errbuf *e)
{
	struct capture *c;

	if ((c = calloc(1, sizeof(*c))) == NULL) {
		err_set(e, 0, "capture: %s", strerror(errno));
		return NULL;
	}
	if (strlen(path) > 7 && strcmp(path + strlen(path) - 7, ".pcapng") == 0) {
		if ((c->ng = pcapng_open(path, "tcpcraft " TC_VERSION, e)) == NULL) {
			free(c);
			return NULL;
		}
		return c;
	}
	if ((c->p = pcap_open_dead(DLT_RAW, CAPTURE_SNAPLEN)) == NULL) {
		err_set(e, 0, "capture: cannot make a pcap handle");
		free(c);
		return NULL;
	}
	if ((c->d = pcap_dump_open(c->p, path)) == NULL) {
		err_set(e, 0, "%s", pcap_geterr(c->p));
		pcap_close(c->p);
		free(c);
		return NULL;
	}
	/* The file header goes out now, so a reader sees a valid (empty)
	 * capture before the first packet. */
	(void)pcap_dump_flush(c->d);
	return c;
}

void
capture_write(struct capture *c, const struct timeval *ts,
    const uint8_t *pkt, size_t len)
{
	struct pcap_pkthdr h;

	if (c == NULL || pkt == NULL)
		return;
	if (c->ng != NULL) {
		capture_write_note(c, ts, pkt, len, 0, NULL);
		return;
	}
	memset(&h, 0, sizeof(h));
	if (ts != NULL) {
		h.ts.tv_sec = ts->tv_sec;
		h.ts.tv_usec = ts->tv_usec;
	} else
		gettimeofday(&h.ts, NULL);
	h.len = (bpf_u_int32)len;
	h.caplen = len > CAPTURE_SNAPLEN ? CAPTURE_SNAPLEN : (bpf_u_int32)len;
	pcap_dump((u_char *)c->d, &h, pkt);
	(void)pcap_dump_flush(c->d);
}

/* pcapng only: the direction flag and a comment per packet; a classic
 * pcap has room for neither. */
void
capture_write_note(struct capture *c, const struct timeval *ts,
    const uint8_t *pkt, size_t len, int dir, const char *comment)
{
	struct timeval now;

	if (c == NULL || pkt == NULL)
		return;
	if (c->ng == NULL) {
		capture_write(c, ts, pkt, len);
		return;
	}
	if (ts == NULL) {
		gettimeofday(&now, NULL);
		ts = &now;
	}
	(void)pcapng_write(c->ng, ts, pkt, len, dir, comment);
}

void
capture_close(struct capture *c)
{
	if (c == NULL)
		return;
	if (c->ng != NULL) {
		pcapng_close(c->ng);
		free(c);
		return;
	}
	pcap_dump_close(c->d);
	pcap_close(c->p);
	free(c);
}
