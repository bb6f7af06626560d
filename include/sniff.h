/* sniff.h - the sniffer: live on one interface, or from a file */
#ifndef TC_SNIFF_H
#define TC_SNIFF_H

#include <stddef.h>
#include <stdint.h>
#include <sys/time.h>

#include "errbuf.h"

struct sniffer;

typedef void	(*sniff_cb)(void *arg, const struct timeval *ts,
		    const uint8_t *frame, size_t caplen, size_t wirelen);

/* Opens ifname live: on Ethernet and loopback a packet socket without a
 * ring (no RCU wait to open, one to close), elsewhere libpcap in
 * immediate mode; non-blocking, a snaplen and buffer that hold
 * loopback's 64 KiB frames, direction in+out, filter "ip proto 6 and
 * not ip" (nothing) until sniff_set_filter. */
struct sniffer	*sniff_open_live(const char *ifname, struct errbuf *e);
/* Opens a pcap or pcapng file for reading (tests, replay). */
struct sniffer	*sniff_open_file(const char *path, struct errbuf *e);
/* The selectable fd to poll (-1 for files). */
int	sniff_fd(const struct sniffer *s);
int	sniff_datalink(const struct sniffer *s);	/* DLT_* */
/* Compiles and installs a BPF filter (not on the per-packet path: call it
 * when the set of connections changes). */
int	sniff_set_filter(struct sniffer *s, const char *bpf, struct errbuf *e);
/* Asks the kernel for each frame's receive time from now on (once the
 * filter lets in more than the link layer's own: see sniff.c); until
 * then a frame carries the time it was read. */
int	sniff_stamp(struct sniffer *s, struct errbuf *e);
/* Delivers every packet ready now without blocking; returns the count, or
 * -1 with e set.  For files: all packets up to the end, then 0. */
int	sniff_dispatch(struct sniffer *s, sniff_cb cb, void *arg,
	    struct errbuf *e);
/* What poll said of sniff_fd just now: the next sniff_dispatch reads
 * nothing when it was not readable (a packet socket's readiness is
 * exact; libpcap's ring's is not, and is not trusted). */
void	sniff_polled(struct sniffer *s, int readable);
/* Packets the kernel dropped for this handle so far. */
unsigned	sniff_drops(struct sniffer *s);
void	sniff_close(struct sniffer *s);

#endif
