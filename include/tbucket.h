/* tbucket.h - a token bucket for rate limits, time passed in
 *
 * As masscan's throttler: sleeps are the caller's and capped, and the
 * bucket holds at most a burst's worth, so after a gap (the process was
 * descheduled, stopped, or slept too long) the sender does not try to
 * catch up with a flood of its own.
 */
#ifndef TC_TBUCKET_H
#define TC_TBUCKET_H

#include <stdint.h>

struct tbucket {
	double		rate;		/* tokens per second */
	double		burst;		/* most tokens ever held */
	double		tokens;
	uint64_t	last_ns;	/* time of the last refill */
};

/* rate > 0 tokens per second; burst >= 1.  Starts with one token, so the
 * first packet leaves at once and the rest follow at the rate. */
void		tbucket_init(struct tbucket *tb, double rate, double burst,
		    uint64_t now_ns);
/* Refills for the time since the last call and takes up to want whole
 * tokens; returns how many it took (0 when fewer than one is there). */
uint64_t	tbucket_take(struct tbucket *tb, uint64_t now_ns,
		    uint64_t want);
/* Nanoseconds until want tokens (at most burst) are there, at most
 * max_ns; 0 when they are there now. */
uint64_t	tbucket_wait_ns(const struct tbucket *tb, uint64_t want,
		    uint64_t max_ns);

#endif
