/* pktpatch.h - rewrite fields of an encoded TCP packet (IPv4 or IPv6) in place,
 * checksums updated incrementally (RFC 1624), nothing re-encoded
 *
 * flood and probe build one template with build_segment/wire_encode and
 * then only change a port, a sequence number or an id per packet: two
 * stores and two checksum adjustments instead of a full encode.
 */
#ifndef TC_PKTPATCH_H
#define TC_PKTPATCH_H

#include <stddef.h>
#include <stdint.h>

#include "errbuf.h"

enum pp_field {
	PP_SPORT, PP_DPORT, PP_SEQ, PP_ACK, PP_WIN, PP_ID, PP_TTL,
	PP_NFIELDS
};

struct pktpatch {
	size_t	th;		/* offset of the TCP header */
	int	tcpsum;		/* keep the TCP checksum consistent */
	int	ipsum;		/* keep the IP header checksum consistent */
	int	v6;		/* IPv6: no id, no header checksum */
};

/* Checks that pkt[0..len) holds an IPv4 header, or an IPv6 header and
 * its extension chain (no later fragment), and a whole 20-byte TCP
 * header, and notes where.  keep_tcpsum / keep_ipsum 0: leave that
 * checksum exactly as it is (the user fixed its value).  A checksum that
 * was deliberately wrong stays wrong by the same amount.  Returns 0, or
 * -1 with e set. */
int	pktpatch_init(struct pktpatch *pp, const uint8_t *pkt, size_t len,
	    int keep_tcpsum, int keep_ipsum, struct errbuf *e);
/* Sets field f of pkt (as checked by pktpatch_init) to v (host order;
 * ports, window and id take the low 16 bits, ttl the low 8).  On IPv6
 * PP_TTL is the hop limit and PP_ID is no field: nothing changes. */
void	pktpatch_set(const struct pktpatch *pp, uint8_t *pkt,
	    enum pp_field f, uint32_t v);
/* The field's current value. */
uint32_t pktpatch_get(const struct pktpatch *pp, const uint8_t *pkt,
	    enum pp_field f);
/* RFC 1624 eqn. 3: the checksum after a 16-bit word changed from old to
 * new. */
uint16_t pktpatch_adjust(uint16_t sum, uint16_t old, uint16_t new_);

#endif
