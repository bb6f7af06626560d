/* timerq.h - a binary min-heap of (deadline, connection id)
 *
 * The event loop's timers: the next one is at the top, so a wakeup costs
 * O(1) to look and O(log n) per timer fired or set, where walking every
 * connection cost O(n).  Entries name a connection by id, never by
 * pointer: the connection may be gone when its entry comes up, and the
 * owner (conn.c) checks each one against the connection as it is now.
 */
#ifndef TC_TIMERQ_H
#define TC_TIMERQ_H

#include <stddef.h>
#include <stdint.h>

struct tq_ent {
	uint64_t	at;		/* deadline, us */
	unsigned	id;		/* conn id */
};

struct timerq {
	struct tq_ent	*v;
	size_t		 n, cap;
};

/* A zeroed struct timerq is an empty queue. */
int			 timerq_push(struct timerq *q, uint64_t at, unsigned id);
/* The earliest entry (ties: the lower id), NULL when empty. */
const struct tq_ent	*timerq_top(const struct timerq *q);
void			 timerq_pop(struct timerq *q);
void			 timerq_free(struct timerq *q);

#endif
