/* offline.h - --offline PEER.pcap: a session with no network at all
 *
 * The injector is replaced by a recorder (what would have left is counted
 * and logged, never sent), the sniffer by the peer's packets of a pcap
 * file, and the clock by a virtual one that jumps from event to event.
 * The peer's packets are released in the capture's order and pacing: each
 * one after the packets of ours that came before it in the capture have
 * been sent, as long after the previous packet as in the capture.  A
 * packet is ours when its source is the local end of one of the session's
 * connections.  Needs no privileges: golden tests run it in make check.
 */
#ifndef TC_OFFLINE_H
#define TC_OFFLINE_H

#include <stddef.h>
#include <stdint.h>
#include <sys/time.h>

#include "errbuf.h"

struct session;
struct offline;

struct offline	*offline_open(const char *path, struct errbuf *e);
void	offline_close(struct offline *o);
/* Back to the start of the capture and of time (--tap: each script). */
void	offline_rewind(struct offline *o);
uint64_t offline_now(const struct offline *o);
/* The capture's first timestamp plus the virtual time. */
void	offline_tv(const struct offline *o, struct timeval *tv);
/* sess_net's stand-in: no injector, sniffer or guard to open. */
int	offline_net(struct session *s, const char *ifname, struct errbuf *e);
/* The injector's stand-in. */
int	offline_sent(struct session *s, const uint8_t *pkt, size_t len);
/* loop_once's stand-in: delivers what is due, jumps the clock to the
 * next event (at most max_ms ahead when max_ms >= 0). */
int	offline_once(struct session *s, int extra_fd, int max_ms);

#endif
