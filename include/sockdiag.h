/* sockdiag.h - does the kernel hold a TCP socket on this 4-tuple?
 *
 * One exact lookup through NETLINK_SOCK_DIAG instead of reading
 * /proc/net/tcp, which walks the kernel's whole established hash (most
 * of a scripted session's time went there: measured with perf).
 */
#ifndef TC_SOCKDIAG_H
#define TC_SOCKDIAG_H

#include <stdint.h>
#include "ipaddr.h"

/* 1 when a TCP socket in any state, TIME-WAIT included, has local
 * la:lp and remote ra:rp (ports in host order; an IPv6 la asks the
 * kernel's IPv6 tables, ra of af 0 is la's family's unspecified
 * address); 0 when none does; -1 when the kernel could not be asked
 * (the caller falls back to /proc). */
int	sockdiag_tcp_exists(const struct ipaddr *la, uint16_t lp,
	    const struct ipaddr *ra, uint16_t rp);
/* What sockdiag_tcp_owner found. */
struct sockdiag_sock {
	uint32_t	uid;		/* its owner, as the kernel says */
	int		state;		/* TCP_*, as ss shows it */
	int		exact;		/* the 4-tuple's, not a listener */
	int		orphan;		/* no file: closed by its owner, the
					 * kernel finishing it (TIME-WAIT and
					 * orphaned FIN-WAIT-2 show uid 0) */
};

/* Which socket would take a segment from ra:rp to la:lp: the 4-tuple's
 * (TIME-WAIT included) or else the listener on la:lp.  1 with *sk; 0
 * when none would; -1 when the kernel could not be asked.  An embryonic
 * connection shows as SYN-RECV with uid 0: its listener (ra, rp 0)
 * owns it. */
int	sockdiag_tcp_owner(uint32_t la, uint16_t lp, uint32_t ra,
	    uint16_t rp, struct sockdiag_sock *sk);
int	sockdiag_tcp_owner_ip(const struct ipaddr *la, uint16_t lp,
	    const struct ipaddr *ra, uint16_t rp, struct sockdiag_sock *sk);

#endif
