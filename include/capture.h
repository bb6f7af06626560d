/* capture.h - write every sent and received packet to a pcap file */
#ifndef TC_CAPTURE_H
#define TC_CAPTURE_H

#include <stddef.h>
#include <stdint.h>
#include <sys/time.h>

#include "errbuf.h"

struct capture;

/* Opens path for writing as pcap with LINKTYPE_RAW (bare IPv4 or IPv6
 * packets), which tcpdump and Wireshark read; a path ending in .pcapng
 * is written as pcapng instead (pcapng.c), with a comment per packet. */
struct capture	*capture_open(const char *path, struct errbuf *e);
void	capture_write(struct capture *c, const struct timeval *ts,
	    const uint8_t *pkt, size_t len);
/* As capture_write; a FILE.pcapng also gets dir (1 in, 2 out, 0 not
 * known) and comment (NULL: none) on the packet. */
void	capture_write_note(struct capture *c, const struct timeval *ts,
	    const uint8_t *pkt, size_t len, int dir, const char *comment);
void	capture_close(struct capture *c);

#endif
