/* pcapng.h - a minimal pcapng writer: one section, one interface of
 * LINKTYPE_RAW (bare IPv4 or IPv6), enhanced packet blocks with a
 * direction flag and a comment each.  libpcap reads pcapng but cannot
 * write comments. */
#ifndef TC_PCAPNG_H
#define TC_PCAPNG_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <sys/time.h>

#include "errbuf.h"

#define PCAPNG_DIR_NONE	0
#define PCAPNG_DIR_IN	1	/* epb_flags inbound */
#define PCAPNG_DIR_OUT	2	/* epb_flags outbound */

struct pcapng;

/* Writes the section header (shb_userappl names the application) and
 * the interface description block. */
struct pcapng	*pcapng_open(const char *path, const char *appl,
		    struct errbuf *e);
/* One enhanced packet block; comment may be NULL.  Flushed at once so the
 * file can be read while it grows. */
int	pcapng_write(struct pcapng *p, const struct timeval *ts,
	    const uint8_t *pkt, size_t len, int dir, const char *comment);
void	pcapng_close(struct pcapng *p);

#endif
