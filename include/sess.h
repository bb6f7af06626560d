/* sess.h - a running session's own services: its clock and random
 * numbers, the edges opened once, the packet log, the capture filter,
 * the kernel-RST guard and the TIME-WAIT timers of its connections
 *
 * What a session holds is session.h's; starting and ending one is
 * sess_init.h's.  These sit just above the backends' interface
 * (backend.h), so that backends, the send and receive paths and the
 * loop can all call them.
 */
#ifndef TC_SESS_H
#define TC_SESS_H

#include <stddef.h>
#include <stdint.h>
#include <sys/time.h>

#include "errbuf.h"
#include "pktlog.h"

struct session;
struct conn;

uint64_t	 sess_now(const struct session *s);	/* us since start */
uint32_t	 sess_rand(struct session *s);
/* The MSS our SYN offers on a connection of family af: set mss, or,
 * until it is set, the default's IPv6 twin, what fits the same Ethernet
 * MTU under IPv6's 40-byte header (1460 -> 1440). */
uint16_t	 sess_mss(const struct session *s, int af);
/* The edges for segments through ifname, opened once (backend.h). */
int		 sess_net(struct session *s, const char *ifname,
		    struct errbuf *e);
void		 sess_refilter(struct session *s);
void		 sess_guard_conn(struct session *s, struct conn *c);
int		 sess_guard_ready(struct session *s);	/* opens it once */
void		 sess_unguard_conn(struct session *s, struct conn *c);
/* The guard deletes sess_unguard_conn put off, now (the loop, before it
 * may block). */
void		 sess_guard_flush(struct session *s);
struct pkt_rec	*sess_log_add(struct session *s, enum pkt_dir dir,
		    const struct conn *c, const uint8_t *pkt, size_t len,
		    const struct timeval *ts);
/* The log's record number i + 1 (i counts from 0 for the session), NULL
 * when set loglimit dropped it (i < s->logbase) or there is none yet. */
struct pkt_rec	*sess_log_at(const struct session *s, size_t i);
/* The absolute index of r, a record in the log. */
size_t		 sess_log_idx(const struct session *s, const struct pkt_rec *r);
/* After anything that may change c->tcb.tw_deadline (tcb_on_send,
 * tcb_on_recv, tcb_tick): queues the TIME-WAIT deadline, so rx_timers and
 * rx_next_timer need not visit every connection. */
void		 sess_timer_sync(struct session *s, struct conn *c);
/* A command failed while it ran (flood, probe, replay, connect, a
 * command's task): says why (e; NULL when its own summary said so, as a
 * run cut short does), marks the session failed for the exit status;
 * returns cmdtab.h's EXEC_FAIL. */
int		 sess_cmd_failed(struct session *s, struct errbuf *e);

#endif
