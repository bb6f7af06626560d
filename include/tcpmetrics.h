/* tcpmetrics.h - forget what the kernel remembers of past connections
 *
 * Linux keeps, per destination address, the RTT, RTT variance, ssthresh
 * and window of connections that ended (tcp_metrics), and seeds a new
 * connection's retransmission timeout from them.  A kernel peer that
 * once waited 1.5 s for a person's ACK then waits 4.5 s before its first
 * retransmission to that address, on every later connection: a lab's
 * timing would depend on how the machine was used before.
 */
#ifndef TC_TCPMETRICS_H
#define TC_TCPMETRICS_H

#include <stdint.h>

#include "errbuf.h"
#include "ipaddr.h"

/* Deletes this network namespace's tcp_metrics entries for destination
 * daddr seen from saddr (either family; saddr NULL or any: from any address), through
 * the "tcp_metrics" generic netlink family.  Returns 1 when an entry was
 * deleted, with *rtt_us its cached RTT (0 when it held none), 0 when
 * there was nothing to delete, -1 with e set when the kernel could not
 * be asked (no CAP_NET_ADMIN, no such family). */
int	tcpmetrics_forget(const struct ipaddr *daddr,
	    const struct ipaddr *saddr, uint32_t *rtt_us, struct errbuf *e);

/* The connect and listen hook: forgets, for a kernel peer in this
 * namespace talking to our address ours (from peer; NULL or any: any), and says so
 * on a line of its own when something was cached.  Failures are a
 * warning: a session is still useful with the kernel's memory intact. */
void	tcpmetrics_fresh_peer(const struct ipaddr *ours,
	    const struct ipaddr *peer);

#endif
