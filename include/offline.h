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
 * The session reaches it through backend_off (backend.h's ops), the table
 * at the end of offline.c.
 */
#ifndef TC_OFFLINE_H
#define TC_OFFLINE_H

#include <stddef.h>
#include <stdint.h>
#include <sys/time.h>

#include "errbuf.h"

struct session;
struct offline;
struct backend_ops;

/* The offline backends (backend.h): alone, and in a lab shell with the
 * lab NIC's addressing (-i IFACE). */
extern const struct backend_ops backend_off, backend_off_lab;

struct offline	*offline_open(const char *path, struct errbuf *e);
void	offline_close(struct offline *o);
/* Back to the start of the capture and of time (--tap: each script). */
void	offline_rewind(struct offline *o);

#endif
