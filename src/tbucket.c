/* tbucket.c - token bucket, time passed in
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <stdint.h>

#include "tbucket.h"

void
tbucket_init(struct tbucket *tb, double rate, double burst, uint64_t now_ns)
{
	tb->rate = rate > 0 ? rate : 1;
	tb->burst = burst >= 1 ? burst : 1;
	tb->tokens = 1;
	tb->last_ns = now_ns;
}

uint64_t
tbucket_take(struct tbucket *tb, uint64_t now_ns, uint64_t want)
{
	uint64_t n;

	if (now_ns > tb->last_ns) {
		tb->tokens += (double)(now_ns - tb->last_ns) * tb->rate / 1e9;
		tb->last_ns = now_ns;
	}
	/* the cap is what resets the bucket after a gap */
	if (tb->tokens > tb->burst)
		tb->tokens = tb->burst;
	if (tb->tokens < 1)
		return 0;
	n = (uint64_t)tb->tokens;
	if (n > want)
		n = want;
	tb->tokens -= (double)n;
	return n;
}

uint64_t
tbucket_wait_ns(const struct tbucket *tb, uint64_t want, uint64_t max_ns)
{
	double need, ns;

	if ((double)want > tb->burst)
		want = (uint64_t)tb->burst;
	need = (double)want - tb->tokens;
	if (need <= 0)
		return 0;
	ns = need * 1e9 / tb->rate;
	if (ns >= (double)max_ns)
		return max_ns;
	return ns < 1 ? 1 : (uint64_t)ns;
}
