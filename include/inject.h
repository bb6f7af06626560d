/* inject.h - the injector: exact bytes out, raw IPv4 (libnet), raw IPv6
 * or link layer */
#ifndef TC_INJECT_H
#define TC_INJECT_H

#include <stddef.h>
#include <stdint.h>

#include "errbuf.h"

/* Every packet we inject carries this socket mark (SO_MARK), so the
 * kernel-RST guard can drop the kernel's RSTs and never ours. */
#define INJECT_MARK	0x7463	/* "tc" */

struct injector;

/* Opens a libnet raw IPv4 injector (LIBNET_RAW4_ADV) with SO_MARK set.
 * ifname is the interface for link-layer injection (opened lazily, when
 * first needed), "lo" when NULL. */
struct injector	*inject_open(const char *ifname, struct errbuf *e);
/* Sends the IPv4 or IPv6 packet pkt[0..len) (by its version) as it is:
 * through the family's raw socket, or,
 * when link is set, in a link-layer frame (Ethernet header with the
 * interface's address, destination MAC from the neighbour table, zeros on
 * loopback).  Returns 0, or -1 with libnet's message in e. */
int	inject_send(struct injector *in, const uint8_t *pkt, size_t len,
	    int link, struct errbuf *e);
/* Sends n finished packets of one family pkts[i][0..lens[i]) through the raw
 * socket, batched (sendmmsg, INJECT_BATCH per system call): the flood
 * path.  No link layer, no per-packet checks beyond the IPv4 header.
 * Returns how many the kernel took (fewer when a signal or an error came
 * after the first), or -1 with e set when it took none. */
#define INJECT_BATCH	64
int	inject_sendmany(struct injector *in, uint8_t *const *pkts,
	    const size_t *lens, unsigned n, struct errbuf *e);
void	inject_close(struct injector *in);
/* ip's hardware address on ifname from the kernel's neighbour (ARP)
 * table; complete entries only.  0, or -1 when there is none. */
int	inject_neigh(const char *ifname, uint32_t ip, uint8_t mac[6]);

#endif
