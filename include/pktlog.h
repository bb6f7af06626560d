/* pktlog.h - one packet of a session's log
 *
 * The log (struct session's log[0..nlog), filled by sess_log_add) is
 * what log, show, hex, capture, expect, replay and ladder read.  A type
 * of its own, with no code, so that a pure module (ladder.c) can take
 * the log without the session.
 */
#ifndef TC_PKTLOG_H
#define TC_PKTLOG_H

#include <stdint.h>
#include <sys/time.h>

#include "conn.h"
#include "print.h"
#include "tcb.h"

enum pkt_dir { DIR_OUT, DIR_IN, DIR_KERNEL };

/* One packet of the session, for log, show, hex, capture and expect. */
struct pkt_rec {
	uint64_t	 t_us;		/* since the session started */
	struct timeval	 ts;		/* wall clock, for pcap */
	enum pkt_dir	 dir;
	unsigned	 conn_id;	/* 0: no connection */
	char		 conn[CONN_NAMELEN];
	uint8_t		*pkt;		/* the IPv4 packet, owned */
	uint32_t	 len;
	struct tcb_ev	 ev;
	struct print_ctx pc;		/* numbering when it happened */
	int		 link;		/* sent at the link layer */
	int		 icmp;		/* an ICMP error quoting a segment of
					 * conn (icmprx.c); its words in
					 * ev.detail */
	int		 consumed;	/* met an expect (or a replay's wait):
					 * no later expect counts it, on
					 * whichever connection it waits */
};

#endif
