/* sockdiag.h - does the kernel hold a TCP socket on this 4-tuple?
 *
 * One exact lookup through NETLINK_SOCK_DIAG instead of reading
 * /proc/net/tcp, which walks the kernel's whole established hash (most
 * of a scripted session's time went there: measured with perf).
 */
#ifndef TC_SOCKDIAG_H
#define TC_SOCKDIAG_H

#include <stdint.h>

/* 1 when a TCP socket in any state, TIME-WAIT included, has local
 * la:lp and remote ra:rp (host order); 0 when none does; -1 when the
 * kernel could not be asked (the caller falls back to /proc). */
int	sockdiag_tcp_exists(uint32_t la, uint16_t lp, uint32_t ra,
	    uint16_t rp);

#endif
