/* pdpkt.h - a script's packet line against the wire, both ways
 *
 * Pure.  Inbound: the script's '<' line becomes the segment to write
 * into the tun device (its ack and SACK edges, and its TS ecr, mapped
 * to the live connection).  Outbound: a segment read from the tun device
 * is put in the script's space and compared with the '>' line, field by
 * field in packetdrill's order, naming the first that differs.
 */
#ifndef TC_PDPKT_H
#define TC_PDPKT_H

#include <stddef.h>
#include <stdint.h>

#include "ipaddr.h"
#include "pdmap.h"
#include "pdscript.h"
#include "seg.h"

/* The connection a line belongs to: addresses and ports on the wire. */
struct pdconn {
	struct ipaddr	 laddr, raddr;	/* the kernel's, the remote's */
	uint16_t	 lport, rport;
	struct pdmap	 map;
};

/* Fills *g (seg_init'ed here) for the '<' line p on c; data is p->len
 * bytes of payload the caller provides (zeros).  -1 with msg when the
 * TS ecr names no TS val seen on a '>' line (with scaled, an unseen one
 * is counted from the first TS val instead: --tcp_ts_ecr_scaled). */
int	pdpkt_inbound(const struct pd_packet *p, struct pdconn *c,
	    int scaled, const uint8_t *data, struct seg *g, char *msg,
	    size_t cap);

/* The live outbound segment g in the script's space, as a '>' line
 * would write it: *out; learns the ISN from a SYN and the TS val
 * mapping (hence c not const).  want is the line it is compared with
 * (its TS val is the script's name for the live one). */
void	pdpkt_to_script(const struct seg *g, const struct pd_packet *want,
	    struct pdconn *c, struct pd_packet *out);

/* Compares got (from pdpkt_to_script) with want, as packetdrill does:
 * flags, reserved bits, seq, length, ack (with or without ACK: 0 when
 * the script gives none), window when given, urgent pointer, and the
 * options kind by kind, values but the timestamp's; its TS val only
 * when ts_slack >= 0, within ts_slack ticks (--tcp_ts_tick_usecs), its
 * TS ecr never.  0 when they match, else -1 and msg names the first
 * field that differs: "TCP flags: expected S., got S". */
int	pdpkt_compare(const struct pd_packet *want,
	    const struct pd_packet *got, int64_t ts_slack, char *msg,
	    size_t cap);

#endif
