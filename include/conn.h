/* conn.h - the connection table: many TCBs at once, keyed by 4-tuple
 *
 * A hash on the 4-tuple, so matching a captured segment costs the same with
 * ten or a million connections (bench/scale.c: 7.8, 7.9 and 8.0 ns with
 * 10, 100,000 and 1,000,000; 985 heap bytes a connection at 1,000,000).  A listening entry (listen PORT)
 * has no remote end; a SYN for it creates a new connection per 4-tuple.
 */
#ifndef TC_CONN_H
#define TC_CONN_H

#include <stddef.h>
#include <stdint.h>
#include <sys/time.h>

#include "errbuf.h"
#include "ipaddr.h"
#include "tcb.h"
#include "timerq.h"

#define CONN_NAMELEN	24

struct conn {
	char		 name[CONN_NAMELEN];
	unsigned	 id;
	struct ipaddr	 laddr, raddr;
	uint16_t	 lport, rport;	/* rport 0 on a listening entry */
	int		 listening;
	int		 guarded;	/* the kernel-RST guard covers it */
	/* in the same cache line as the 4-tuple: walking a chain reads
	 * one line per entry */
	struct conn	*hnext;		/* hash chain */
	uint64_t	 key_lo, key_hi;	/* the ends ordered (conn.c) */
	int		 key_flip;	/* our end is key_hi */
	struct tcb	 tcb;
	struct timeval	 since;		/* listening entry: when it began
					 * (a SYN captured before is stale) */
	size_t		 expect_from;	/* session log index: received
					 * segments before it are consumed */
	struct conn	*nnext;		/* name hash chain */
	struct conn	*inext;		/* id hash chain */
	struct conn	*next, *prev;	/* creation order */
	uint64_t	 tq_at;		/* the TIME-WAIT deadline queued
					 * last (0: none), so an unchanged
					 * one is not queued again */
};

struct conntab {
	struct conn	**bucket;
	size_t		  nbucket;	/* power of two */
	size_t		  count;
	struct conn	 *head, *tail;
	unsigned	  next_id;
	struct conn	**nbucket_name;	/* by name, nbucket of them too */
	struct conn	**ibucket;	/* by id, nbucket of them too */
	unsigned	  next_c, next_l;	/* numbers for "cN" / "lN" */
	/* TIME-WAIT deadlines, so a wakeup need not visit every
	 * connection; due has room for every entry of tq */
	struct timerq	  tq;
	unsigned	 *due;		/* ids conn_timer_expire took */
	size_t		  due_cap, ndue, due_pos;
};

int	conntab_init(struct conntab *ct, size_t expected);
void	conntab_free(struct conntab *ct);

/* Adds a connection (or, with rport 0, a listening entry).  name NULL picks
 * "c1", "c2", ... (listeners "l1", ...).  Fails on a duplicate 4-tuple or
 * name.  The TCB is zeroed: the caller runs tcb_init. */
struct conn	*conn_add(struct conntab *ct, const struct ipaddr *laddr,
		    uint16_t lport, const struct ipaddr *raddr, uint16_t rport,
		    const char *name,
		    struct errbuf *e);
/* The connection a segment belongs to, in either direction; *from_us is
 * set to 1 when saddr/sport is our end.  Moves it to the front of its
 * hash chain: a connection in conversation is found first, whatever
 * else shares its bucket. */
struct conn	*conn_lookup(struct conntab *ct, const struct ipaddr *saddr,
		    uint16_t sport, const struct ipaddr *daddr, uint16_t dport,
		    int *from_us);
/* The listening entry for daddr:dport (an entry bound to 0.0.0.0 or ::
 * matches any address of its family). */
struct conn	*conn_listener(const struct conntab *ct, const struct ipaddr *daddr,
		    uint16_t dport);
struct conn	*conn_by_name(const struct conntab *ct, const char *name);
struct conn	*conn_by_id(const struct conntab *ct, unsigned id);
void		 conn_del(struct conntab *ct, struct conn *c);

/* TIME-WAIT timers (conntimer.c).  After anything that may change
 * c->tcb.tw_deadline (tcb_on_send, tcb_on_recv, tcb_tick), conn_timer_sync
 * queues the new deadline; entries a later change or conn_del made stale
 * are dropped as they come up.  -1: out of memory, not queued. */
int		 conn_timer_sync(struct conntab *ct, struct conn *c);
/* The earliest deadline set, 0: none. */
uint64_t	 conn_timer_next(struct conntab *ct);
/* Takes the connections whose deadline is <= now off the queue and
 * returns how many; conn_timer_pop then hands them out one at a time in
 * creation order (as a walk over the list met them), each once, and NULL
 * after the last.  Syncing one meanwhile is allowed. */
size_t		 conn_timer_expire(struct conntab *ct, uint64_t now);
struct conn	*conn_timer_pop(struct conntab *ct);

#endif
