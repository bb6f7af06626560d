/* rx.h - the receive path: frame -> segment -> connection -> TCB ->
 * expect, and the connections' timers
 */
#ifndef TC_RX_H
#define TC_RX_H

#include <stddef.h>
#include <stdint.h>
#include <sys/time.h>

struct session;

/* One captured frame (arg: the session). */
void	rx_frame(void *arg, const struct timeval *ts, const uint8_t *frame,
	    size_t caplen, size_t wirelen);
/* What the backends hand over: to the command that listens for its own
 * (s->rx_tap: probe's replies, flood's copies), which passes on what is
 * not its own to rx_frame; else to rx_frame. */
void	rx_input(void *arg, const struct timeval *ts, const uint8_t *frame,
	    size_t caplen, size_t wirelen);
void	rx_timers(struct session *s);
uint64_t rx_next_timer(struct session *s);	/* 0: none */

#endif
