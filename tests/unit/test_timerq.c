/* test_timerq.c - the timer heap */
#include <stdint.h>
#include <stdlib.h>

#include "t.h"
#include "timerq.h"

/* Entries come out by deadline, equal deadlines by id, whatever the
 * order they went in. */
TEST(timerq_order)
{
	static const struct tq_ent in[] = {
		{ 300, 1 }, { 100, 2 }, { 200, 3 }, { 100, 1 }, { 5, 9 },
		{ 200, 2 }, { 100, 3 },
	};
	static const struct tq_ent want[] = {
		{ 5, 9 }, { 100, 1 }, { 100, 2 }, { 100, 3 }, { 200, 2 },
		{ 200, 3 }, { 300, 1 },
	};
	struct timerq q = { 0 };
	const struct tq_ent *t;
	size_t i;

	T_ASSERT(timerq_top(&q) == NULL);
	timerq_pop(&q);		/* empty: nothing happens */
	for (i = 0; i < sizeof(in) / sizeof(in[0]); i++)
		T_EQ(timerq_push(&q, in[i].at, in[i].id), 0);
	for (i = 0; i < sizeof(want) / sizeof(want[0]); i++) {
		t = timerq_top(&q);
		if (t == NULL || t->at != want[i].at || t->id != want[i].id) {
			t_fail(__FILE__, __LINE__, "pop %zu: (%llu, %u), "
			    "expected (%llu, %u)", i, t ? (unsigned long long)
			    t->at : 0, t ? t->id : 0,
			    (unsigned long long)want[i].at, want[i].id);
			break;
		}
		timerq_pop(&q);
	}
	T_ASSERT(timerq_top(&q) == NULL);
	timerq_free(&q);
	/* a freed queue is an empty one, and usable again */
	T_ASSERT(timerq_top(&q) == NULL);
	T_EQ(timerq_push(&q, 7, 7), 0);
	T_EQ(timerq_top(&q)->at, 7);
	timerq_free(&q);
}

/* Pushes and pops interleaved, many entries: what comes out is sorted
 * and nothing is lost. */
TEST(timerq_many)
{
	enum { N = 20000 };
	struct timerq q = { 0 };
	const struct tq_ent *t;
	uint64_t x = 0x9e3779b97f4a7c15ull, last = 0;
	size_t i, out = 0;
	int bad = 0;

	for (i = 0; i < N; i++) {
		x ^= x << 13;
		x ^= x >> 7;
		x ^= x << 17;
		/* deadlines only move forward past what was popped, as
		 * a clock's do */
		T_EQ(timerq_push(&q, last + x % 1000000, (unsigned)i), 0);
		if (i % 3 == 2) {
			t = timerq_top(&q);
			bad += t->at < last;
			last = t->at;
			timerq_pop(&q);
			out++;
		}
	}
	while ((t = timerq_top(&q)) != NULL) {
		bad += t->at < last;
		last = t->at;
		timerq_pop(&q);
		out++;
	}
	T_EQ(bad, 0);
	T_EQ(out, N);
	timerq_free(&q);
}
