/* test_reasm.c - the byte stream put back in order
 *
 * Every case runs at several bases, two of them a few bytes below 2^32,
 * so the stream crosses the wrap in the middle.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "reasm.h"
#include "t.h"

static const uint32_t bases[] = { 1, 1000, 0xfffffffau, 0xffffffffu,
	0x7ffffffcu };
#define NBASES	(sizeof(bases) / sizeof(bases[0]))
#define NOLIMIT(r)	((r)->nxt + 0x7fffffffu)

static const uint8_t abc[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZ";

static char *
text(const struct reasm *r)
{
	static char buf[256];
	const uint8_t *p;
	uint32_t n = reasm_bytes(r, 0, sizeof(buf) - 1, &p);

	memcpy(buf, p != NULL ? (const char *)p : "", n);
	buf[n] = '\0';
	return buf;
}

/* In order: delivered as it comes. */
TEST(reasm_in_order)
{
	struct reasm r;
	struct reasm_res res;
	size_t i;
	uint32_t b;

	for (i = 0; i < NBASES; i++) {
		b = bases[i];
		memset(&r, 0, sizeof(r));
		reasm_keep(&r);
		reasm_start(&r, b);
		reasm_add(&r, b, abc, 3, NOLIMIT(&r), &res);
		T_EQ(res.new_bytes, 3);
		T_EQ(res.released, 3);
		T_EQ(res.held, 0);
		reasm_add(&r, b + 3, abc + 3, 4, NOLIMIT(&r), &res);
		T_EQ(res.released, 4);
		T_EQ(r.nxt, b + 7);
		T_EQ(r.delivered, 7);
		T_STREQ(text(&r), "ABCDEFG");
		T_EQ(reasm_max(&r), b + 7);
		reasm_free(&r);
	}
}

/* Out of order: held, then released when the gap fills. */
TEST(reasm_gap_fills)
{
	struct reasm r;
	struct reasm_res res;
	struct reasm_range bl[4];
	size_t i;
	uint32_t b;

	for (i = 0; i < NBASES; i++) {
		b = bases[i];
		memset(&r, 0, sizeof(r));
		reasm_keep(&r);
		reasm_start(&r, b);
		/* "GH" and "DE" arrive before "ABC" and "F" */
		reasm_add(&r, b + 6, abc + 6, 2, NOLIMIT(&r), &res);
		T_EQ(res.held, 1);
		T_EQ(res.released, 0);
		T_EQ(res.new_bytes, 2);
		reasm_add(&r, b + 3, abc + 3, 2, NOLIMIT(&r), &res);
		T_EQ(res.held, 1);
		T_EQ(r.nheld, 2);
		T_EQ(reasm_held_bytes(&r), 4);
		T_EQ(reasm_max(&r), b + 8);
		T_EQ(r.nxt, b);
		/* SACK order: the most recent first */
		T_EQ(reasm_blocks(&r, bl, 4), 2);
		T_EQ(bl[0].left, b + 3);
		T_EQ(bl[0].right, b + 5);
		T_EQ(bl[1].left, b + 6);
		T_EQ(bl[1].right, b + 8);
		T_EQ(reasm_blocks(&r, bl, 1), 1);
		T_EQ(bl[0].left, b + 3);
		reasm_add(&r, b, abc, 3, NOLIMIT(&r), &res);
		T_EQ(res.released, 5);
		T_EQ(res.held, 0);
		T_EQ(r.nheld, 1);
		T_STREQ(text(&r), "ABCDE");
		reasm_add(&r, b + 5, abc + 5, 1, NOLIMIT(&r), &res);
		T_EQ(res.released, 3);
		T_EQ(r.nheld, 0);
		T_EQ(r.delivered, 8);
		T_STREQ(text(&r), "ABCDEFGH");
		reasm_free(&r);
	}
}

/* Duplicates: before nxt, inside a held range, partly new. */
TEST(reasm_duplicates)
{
	struct reasm r;
	struct reasm_res res;
	size_t i;
	uint32_t b;

	for (i = 0; i < NBASES; i++) {
		b = bases[i];
		memset(&r, 0, sizeof(r));
		reasm_keep(&r);
		reasm_start(&r, b);
		reasm_add(&r, b, abc, 4, NOLIMIT(&r), &res);
		reasm_add(&r, b, abc, 4, NOLIMIT(&r), &res);
		T_EQ(res.new_bytes, 0);
		T_EQ(res.dup_bytes, 4);
		T_EQ(res.released, 0);
		T_EQ(res.differ, 0);
		/* a resend with other bytes: the first copy stays */
		reasm_add(&r, b + 2, (const uint8_t *)"xyz", 3, NOLIMIT(&r),
		    &res);
		T_EQ(res.dup_bytes, 2);
		T_EQ(res.new_bytes, 1);
		T_EQ(res.released, 1);
		T_EQ(res.differ, 1);
		T_STREQ(text(&r), "ABCDz");
		reasm_add(&r, b + 10, abc + 10, 4, NOLIMIT(&r), &res);
		reasm_add(&r, b + 11, abc + 11, 2, NOLIMIT(&r), &res);
		T_EQ(res.new_bytes, 0);
		T_EQ(res.dup_bytes, 2);
		T_EQ(res.held, 0);
		T_EQ(reasm_seen(&r, b + 8, 8), 4);
		T_EQ(reasm_seen(&r, b, 2), 2);
		/* overlapping both sides of a held range */
		reasm_add(&r, b + 8, abc + 8, 8, NOLIMIT(&r), &res);
		T_EQ(res.new_bytes, 4);
		T_EQ(res.dup_bytes, 4);
		T_EQ(r.nheld, 1);
		T_EQ(r.held[0].left, b + 8);
		T_EQ(r.held[0].right, b + 16);
		reasm_add(&r, b + 5, abc + 5, 3, NOLIMIT(&r), &res);
		T_EQ(res.released, 11);
		T_STREQ(text(&r), "ABCDzFGHIJKLMNOP");
		T_EQ(r.dup_bytes, 4 + 2 + 2 + 4);
		reasm_free(&r);
	}
}

/* The window's right edge trims; no room for another island drops. */
TEST(reasm_limits)
{
	struct reasm r;
	struct reasm_res res;
	uint32_t b = 0xfffffff0u, k;

	memset(&r, 0, sizeof(r));
	reasm_start(&r, b);
	reasm_add(&r, b, abc, 10, b + 4, &res);
	T_EQ(res.released, 4);
	T_EQ(res.trimmed, 6);
	reasm_add(&r, b + 20, abc, 5, b + 10, &res);
	T_EQ(res.trimmed, 5);
	T_EQ(res.new_bytes, 0);
	T_EQ(r.nheld, 0);
	for (k = 0; k < REASM_MAXHELD; k++) {
		reasm_add(&r, b + 10 + 10 * k, abc, 2, NOLIMIT(&r), &res);
		T_EQ(res.held, 1);
	}
	T_EQ(r.nheld, REASM_MAXHELD);
	reasm_add(&r, b + 200, abc, 2, NOLIMIT(&r), &res);
	T_EQ(res.not_held, 1);
	T_EQ(res.held, 0);
	T_EQ(r.not_held, 1);
	/* extending an island needs no room */
	reasm_add(&r, b + 12, abc, 2, NOLIMIT(&r), &res);
	T_EQ(res.not_held, 0);
	T_EQ(res.held, 1);
	T_EQ(r.nheld, REASM_MAXHELD);
	/* ranges only: nothing kept */
	T_EQ(r.buf == NULL, 1);
	reasm_free(&r);
}

/* Memory stays bounded: the first REASM_KEEP bytes are kept. */
TEST(reasm_bounded)
{
	static uint8_t big[60000];
	struct reasm r;
	struct reasm_res res;
	const uint8_t *p;
	uint32_t b = 7, k;

	memset(big, 'q', sizeof(big));
	memset(&r, 0, sizeof(r));
	reasm_keep(&r);
	reasm_start(&r, b);
	for (k = 0; k < 20; k++) {
		reasm_add(&r, b, big, sizeof(big), NOLIMIT(&r), &res);
		b += sizeof(big);
		T_EQ(res.released, sizeof(big));
	}
	T_EQ(r.delivered, 20 * (uint64_t)sizeof(big));
	T_ASSERT(r.bufcap <= REASM_KEEP);
	T_EQ(reasm_bytes(&r, 0, 0xffffffffu, &p), REASM_KEEP);
	T_EQ(reasm_bytes(&r, REASM_KEEP, 10, &p), 0);
	reasm_free(&r);
}

static char *
printed(const struct reasm *r, uint64_t upto, int hex)
{
	static char buf[2048];
	FILE *f;

	memset(buf, 0, sizeof(buf));
	if ((f = fmemopen(buf, sizeof(buf), "w")) == NULL)
		return strcpy(buf, "fmemopen failed");
	reasm_print(f, r, upto, hex, "  ");
	fclose(f);
	return buf;
}

TEST(reasm_print_forms)
{
	struct reasm r;
	struct reasm_res res;
	static const uint8_t msg[] = "hello\r\nbye\"\\\x01";

	memset(&r, 0, sizeof(r));
	reasm_keep(&r);
	reasm_start(&r, 100);
	reasm_add(&r, 100, msg, sizeof(msg) - 1, NOLIMIT(&r), &res);
	T_STREQ(printed(&r, 1000, 0),
	    "  \"hello\\r\\n\"\n  \"bye\\\"\\\\\\x01\"\n");
	T_STREQ(printed(&r, 5, 0), "  \"hello\"\n");
	T_STREQ(printed(&r, 1000, 1),
	    "  000000  68 65 6c 6c 6f 0d 0a 62  79 65 22 5c 01         "
	    "  |hello..bye\"\\.|\n");
	T_STREQ(printed(&r, 0, 0), "");
	reasm_free(&r);
	/* ranges only: says so */
	memset(&r, 0, sizeof(r));
	reasm_start(&r, 100);
	reasm_add(&r, 100, msg, 3, NOLIMIT(&r), &res);
	T_STREQ(printed(&r, 3, 0), "  (bytes not kept)\n");
}

/* A long random exchange against a plain model of the stream. */
TEST(reasm_random_model)
{
	static uint8_t want[4096];
	struct reasm r;
	struct reasm_res res;
	uint8_t seen[4096];
	uint32_t b = 0xfffff000u, off, len, k, i, model_nxt = 0;
	uint64_t x = 88172645463325252ull;
	const uint8_t *p;

	for (i = 0; i < sizeof(want); i++)
		want[i] = (uint8_t)(i * 7 + 3);
	memset(seen, 0, sizeof(seen));
	memset(&r, 0, sizeof(r));
	reasm_keep(&r);
	reasm_start(&r, b);
	for (k = 0; k < 3000 && model_nxt < sizeof(want); k++) {
		x ^= x << 13;
		x ^= x >> 7;
		x ^= x << 17;
		off = (uint32_t)(x % sizeof(want));
		len = 1 + (uint32_t)((x >> 20) % 64);
		if (off + len > sizeof(want))
			len = sizeof(want) - off;
		reasm_add(&r, b + off, want + off, len, NOLIMIT(&r), &res);
		for (i = off; i < off + len; i++)
			seen[i] = 1;
		while (model_nxt < sizeof(want) && seen[model_nxt])
			model_nxt++;
		/* with at most 8 islands some are dropped: forget those */
		if (r.nxt - b != model_nxt) {
			for (i = r.nxt - b; i < sizeof(want); i++)
				seen[i] = (uint8_t)(reasm_seen(&r, b + i, 1));
			model_nxt = r.nxt - b;
		}
		T_EQ(r.nxt - b, model_nxt);
	}
	T_EQ(reasm_bytes(&r, 0, sizeof(want), &p), model_nxt);
	if (p != NULL)
		T_MEMEQ(p, want, model_nxt);
	reasm_free(&r);
}
