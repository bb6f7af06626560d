/* ladder.h - one connection as a sequence diagram, text or SVG
 *
 * Two columns, us and the peer, time going down, one arrow per segment
 * with its flags, relative seq/ack, window, length, the options of a SYN
 * and the SACK blocks of any segment, and notes (every retransmission
 * named, whether the TCB saw it or not); each side's state where it
 * changes, our last one too when no segment made it.  Our states are the TCB's (recorded with each
 * packet); the peer's are inferred from what crossed the wire, the way
 * RFC 9293's diagram says a correct stack moves, looking ahead at the
 * peer's next segment where only that tells (was our SYN refused, was
 * our RST accepted or challenged).  Pure: the caller passes the log and
 * a FILE *.
 */
#ifndef TC_LADDER_H
#define TC_LADDER_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "ipaddr.h"
#include "pktlog.h"

struct ladder_hdr {
	char		us[IPADDR_STRLEN + 8];	/* "127.0.0.1:47113",
						 * "[::1]:47113" */
	char		peer[IPADDR_STRLEN + 8];
	char		name[24];	/* "c1" */
	int		role;		/* TCB_CLIENT: the peer starts LISTEN */
	int		utf8;		/* box drawing; else ASCII */
	/* Our state now, when known: a change no segment made (TIME-WAIT
	 * over, a close) is drawn as a last row, with why. */
	int		have_now;
	enum tcb_state	us_now;
	char		why_now[96];	/* "TIME-WAIT over: 2*MSL elapsed" */
};

/* The rows of connection conn_id among log[0..n). */
void	ladder_text(FILE *f, const struct ladder_hdr *h,
	    const struct pkt_rec *log, size_t n, unsigned conn_id);
void	ladder_svg(FILE *f, const struct ladder_hdr *h,
	    const struct pkt_rec *log, size_t n, unsigned conn_id);

/* The peer's side as inferred from the wire (exposed for the unit test):
 * ladder_peer_step applies one segment, from_us giving its direction,
 * len its data bytes; accepted is 0 when the peer's next segment showed
 * that it ignored ours (a refused SYN, a challenged RST). */
struct ladder_peer {
	enum tcb_state	st;
	int		have_syn, have_fin;
	uint32_t	syn_end, fin_end;	/* the peer's SYN and FIN + 1 */
};
void	ladder_peer_step(struct ladder_peer *p, int from_us, uint8_t flags,
	    uint32_t seq, uint32_t ack, uint32_t len, int accepted);

#endif
