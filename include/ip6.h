/* ip6.h - the IPv6 header and its extension-header chain (RFC 8200)
 *
 * wire.c calls these when a segment's addresses are IPv6; the TCP part
 * after the chain is shared with IPv4.
 */
#ifndef TC_IP6_H
#define TC_IP6_H

#include <stddef.h>
#include <stdint.h>

#include "errbuf.h"
#include "rd.h"
#include "seg.h"

#define IP6HDR	40

/* Bytes the chain in s->ext[] takes on the wire; -1 (e says why) when
 * a header is impossible (a length not a multiple of 8, over 2048). */
long	ip6_chain_len(const struct seg *s, struct errbuf *e);
/* Writes the fixed header and the chain (chainlen bytes, from
 * ip6_chain_len) at buf, for an upper layer of ulen bytes.  Fills in
 * plen, nxt and each header's nxt unless fixed (the last one's is TCP). */
void	ip6_encode(struct seg *s, uint8_t *buf, size_t chainlen, size_t ulen);
/* Reads the fixed header and walks the chain from r (the packet as
 * captured, caplen bytes).  On return *upper is a cursor over the upper
 * layer as far as the payload length and the capture allow, *claimed its
 * length by the payload length, *complete 0 when bytes are missing.
 * Returns 0 when the chain ends in TCP and is whole enough to read it,
 * -1 otherwise (annotated: SEG_A_NOT_TCP, SEG_A_BAD_EXT and
 * SEG_A_BAD_PLEN, SEG_A_FRAG for a later fragment, SEG_A_TRUNC_IP,
 * SEG_A_TRUNC_TCP when the capture ends inside the chain). */
int	ip6_decode(struct rd *r, struct seg *s, struct rd *upper,
	    size_t *claimed, int *complete);
/* The sum of the IPv6 pseudo-header (RFC 8200 section 8.1). */
uint32_t	ip6_pseudo(const struct seg *s, uint32_t ulen);
/* A fragment header in the chain with M set or an offset: its TCP
 * checksum cannot be checked alone. */
int	ip6_fragmented(const struct seg *s);
/* "hop-by-hop", "routing", "fragment", "destination options", or NULL */
const char	*ip6_ext_name(uint8_t type);

#endif
