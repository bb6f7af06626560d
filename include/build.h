/* build.h - a complete segment from the TCB, session defaults and the
 * user's overrides */
#ifndef TC_BUILD_H
#define TC_BUILD_H

#include <stddef.h>
#include <stdint.h>

#include "conn.h"
#include "errbuf.h"
#include "seg.h"
#include "segspec.h"

enum seg_kind {
	SK_SYN,		/* S   seq ISS, our SYN options */
	SK_SYNACK,	/* S.  seq ISS, ack RCV.NXT, our SYN options, answered */
	SK_ACK,		/* .   seq SND.NXT, ack RCV.NXT */
	SK_FIN,		/* F.  seq SND.NXT, ack RCV.NXT */
	SK_RST,		/* R   seq SND.NXT (R. with ack when in SYN-RECEIVED
			 *     or answering a SYN) */
	SK_DATA		/* P.  seq SND.NXT, ack RCV.NXT, the given data */
};

/* The payload of an IPv6 segment of ours: every packet the shell builds
 * is at most 65535 bytes (WIRE_MAXPKT), so 65535 - 40 (IPv6) - 20 (TCP).
 * The kernel offers one byte more on ::1 (loopback's MTU, 65536, less
 * 60): send splits at whichever is smaller. */
#define BUILD_MAXPAYLOAD6	65475

struct build_env {
	int			 relative;	/* spec seq/ack are relative */
	uint16_t		 ip_id;		/* IP id for this packet (!= 0) */
	uint8_t			 ttl;		/* default 64 */
	uint8_t			 df;		/* set DF by default (Linux does) */
	uint32_t		 ts_val;	/* our TSval now */
	const struct tcpopt	*synopts;	/* options our SYN offers */
	int			 nsynopts;
	struct tcpopt		 mss_opt;	/* room for a default [mss N] */
};

/* Fills out from the connection's addresses and TCB for kind k, then
 * applies every field set in sp (which may be NULL).  data/datalen is the
 * payload for SK_DATA (sp's data, if set, takes precedence for any kind).
 * Relative seq/ack in sp are mapped to absolute with the TCB's ISNs.
 * Options: SYN/SYN-ACK carry synopts (for SYN-ACK only those the peer
 * offered, like a real stack); later segments carry TS when negotiated and
 * SACK blocks while the TCB holds the peer's data beyond a gap and SACK
 * was negotiated; sp's options replace them all.  Writes a
 * human description of each way the result departs from what the TCB
 * expects into departs ("seq 5 != SND.NXT 1; ..."; empty when none).
 * out->data points into sp or data.  Returns 0 or -1 with e set. */
int	build_segment(enum seg_kind k, const struct conn *c,
	    const struct segspec *sp, const uint8_t *data, uint32_t datalen,
	    const struct build_env *env, struct seg *out, char *departs,
	    size_t dlen, struct errbuf *e);

/* Would a raw IPv4 socket (IP_HDRINCL) change the encoded packet pkt of s?
 * It rewrites total length and IP checksum, id when 0 without DF, a zero
 * source (raw(7)); a packet whose given values differ from those needs
 * link-layer injection. */
int	build_needs_link(const struct seg *s, const uint8_t *pkt, size_t len);

#endif
