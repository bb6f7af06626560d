/* reasm.c - one direction of a TCP byte stream put back in order
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Offsets into the stream are 64-bit (delivered counts every byte ever
 * delivered), sequence numbers 32-bit and compared in sequence space, so a
 * stream may cross 2^32 any number of times.  A byte's stream offset is
 * delivered + (seq - nxt): only bytes within 2^31 of nxt are ever asked
 * about, since the caller trims to the receive window.
 */
#include <stdlib.h>
#include <string.h>

#include "reasm.h"

#define LT(a, b)	((int32_t)((uint32_t)(a) - (uint32_t)(b)) < 0)
#define LEQ(a, b)	((int32_t)((uint32_t)(a) - (uint32_t)(b)) <= 0)
#define MINBUF		4096

void
reasm_reset(struct reasm *r)
{
	uint8_t *buf = r->buf;
	uint32_t cap = r->bufcap;
	int keep = r->keep;

	memset(r, 0, sizeof(*r));
	r->buf = buf;
	r->bufcap = cap;
	r->keep = keep;
}

void
reasm_start(struct reasm *r, uint32_t base)
{
	reasm_reset(r);
	r->started = 1;
	r->base = r->nxt = base;
}

void
reasm_keep(struct reasm *r)
{
	r->keep = 1;
}

void
reasm_free(struct reasm *r)
{
	free(r->buf);
	r->buf = NULL;
	r->bufcap = 0;
}

/* Stream offset of seq; negative before the stream. */
static int64_t
offset(const struct reasm *r, uint32_t seq)
{
	return (int64_t)r->delivered + (int32_t)(seq - r->nxt);
}

static int
grow(struct reasm *r, uint64_t need)
{
	uint64_t cap;
	uint8_t *p;

	if (need <= r->bufcap)
		return 0;
	cap = r->bufcap ? (uint64_t)r->bufcap * 2 : MINBUF;
	while (cap < need)
		cap *= 2;
	if (cap > REASM_KEEP)
		cap = REASM_KEEP;
	if ((p = realloc(r->buf, (size_t)cap)) == NULL) {
		r->nomem++;
		return -1;
	}
	r->buf = p;
	r->bufcap = (uint32_t)cap;
	return 0;
}

/* Writes bytes [seq, seq+n) where they fall below REASM_KEEP. */
static void
store(struct reasm *r, uint32_t seq, const uint8_t *data, uint32_t n)
{
	int64_t off = offset(r, seq);
	uint64_t end;

	if (!r->keep || n == 0 || off < 0 || off >= REASM_KEEP)
		return;
	end = (uint64_t)off + n;
	if (end > REASM_KEEP)
		end = REASM_KEEP;
	if (grow(r, end) != 0)
		return;
	if (data != NULL)
		memcpy(r->buf + off, data, (size_t)(end - (uint64_t)off));
	else
		memset(r->buf + off, 0, (size_t)(end - (uint64_t)off));
}

/* Do the n bytes at seq (seen before) match what was kept? */
static int
same(const struct reasm *r, uint32_t seq, const uint8_t *data, uint32_t n)
{
	int64_t off = offset(r, seq);
	uint64_t end;

	if (!r->keep || r->nomem || data == NULL || n == 0 || off < 0 ||
	    off >= r->bufcap)
		return 1;
	end = (uint64_t)off + n;
	if (end > r->bufcap)
		end = r->bufcap;
	return memcmp(r->buf + off, data, (size_t)(end - (uint64_t)off)) == 0;
}

static void
remove_at(struct reasm *r, int i)
{
	memmove(&r->held[i], &r->held[i + 1],
	    (size_t)(r->nheld - i - 1) * sizeof(r->held[0]));
	r->nheld--;
}

/* Does [left, right) touch or overlap a held range? */
static int
touches(const struct reasm *r, uint32_t left, uint32_t right)
{
	int i;

	for (i = 0; i < r->nheld; i++)
		if (LEQ(r->held[i].left, right) && LEQ(left, r->held[i].right))
			return 1;
	return 0;
}

/* Adds [left, right) to the held ranges, merging what it touches, then
 * delivers the range that starts at nxt.  Returns the bytes delivered. */
static uint32_t
merge(struct reasm *r, uint32_t left, uint32_t right)
{
	struct reasm_range u = { left, right, ++r->stamp };
	uint32_t rel;
	int i;

	for (i = 0; i < r->nheld;) {
		if (LEQ(r->held[i].left, u.right) &&
		    LEQ(u.left, r->held[i].right)) {
			if (LT(r->held[i].left, u.left))
				u.left = r->held[i].left;
			if (LT(u.right, r->held[i].right))
				u.right = r->held[i].right;
			remove_at(r, i);
		} else
			i++;
	}
	if (u.left == r->nxt) {
		rel = u.right - r->nxt;
		r->nxt = u.right;
		r->delivered += rel;
		return rel;
	}
	for (i = 0; i < r->nheld && LT(r->held[i].left, u.left); i++)
		;
	memmove(&r->held[i + 1], &r->held[i],
	    (size_t)(r->nheld - i) * sizeof(r->held[0]));
	r->held[i] = u;
	r->nheld++;
	return 0;
}

void
reasm_add(struct reasm *r, uint32_t seq, const uint8_t *data, uint32_t len,
    uint32_t limit, struct reasm_res *res)
{
	uint32_t n, end, a, b, pos, ahead, ovl = 0;
	int i;

	memset(res, 0, sizeof(*res));
	if (len == 0)
		return;
	if (!r->started) {
		res->new_bytes = len;
		return;
	}
	if (LT(seq, r->nxt)) {
		n = r->nxt - seq < len ? r->nxt - seq : len;
		if (!same(r, seq, data, n))
			res->differ = 1;
		res->dup_bytes += n;
		seq += n;
		if (data != NULL)
			data += n;
		len -= n;
	}
	if (len > 0 && !LT(seq, limit)) {
		res->trimmed = len;
		len = 0;
	} else if (len > 0 && LT(limit, seq + len)) {
		res->trimmed = seq + len - limit;
		len = limit - seq;
	}
	if (len == 0)
		goto done;
	end = seq + len;
	for (i = 0; i < r->nheld; i++) {
		a = LT(seq, r->held[i].left) ? r->held[i].left : seq;
		b = LT(r->held[i].right, end) ? r->held[i].right : end;
		if (!LT(a, b))
			continue;
		if (!same(r, a, data != NULL ? data + (a - seq) : NULL, b - a))
			res->differ = 1;
		ovl += b - a;
	}
	res->dup_bytes += ovl;
	res->new_bytes = len - ovl;
	if (res->new_bytes == 0)
		goto done;
	ahead = seq != r->nxt;
	if (ahead && r->nheld >= REASM_MAXHELD && !touches(r, seq, end)) {
		/* no room to remember another island: dropped, as a
		 * receiver short of memory would */
		res->not_held = 1;
		r->not_held++;
		goto done;
	}
	/* only the bytes never seen go in: the first copy stays */
	for (pos = seq; LT(pos, end);) {
		for (i = 0; i < r->nheld; i++)
			if (LEQ(r->held[i].left, pos) &&
			    LT(pos, r->held[i].right))
				break;
		if (i < r->nheld) {
			pos = LT(r->held[i].right, end) ? r->held[i].right :
			    end;
			continue;
		}
		/* up to the next held range or the end */
		b = end;
		for (i = 0; i < r->nheld; i++)
			if (LT(pos, r->held[i].left) &&
			    LT(r->held[i].left, b))
				b = r->held[i].left;
		store(r, pos, data != NULL ? data + (pos - seq) : NULL,
		    b - pos);
		pos = b;
	}
	res->released = merge(r, seq, end);
	res->held = ahead;
done:
	r->dup_bytes += res->dup_bytes;
}

uint32_t
reasm_seen(const struct reasm *r, uint32_t seq, uint32_t len)
{
	uint32_t seen = 0, end, a, b, n;
	int i;

	if (!r->started || len == 0)
		return 0;
	if (LT(seq, r->nxt)) {
		n = r->nxt - seq < len ? r->nxt - seq : len;
		seen += n;
		seq += n;
		len -= n;
	}
	end = seq + len;
	for (i = 0; i < r->nheld && len > 0; i++) {
		a = LT(seq, r->held[i].left) ? r->held[i].left : seq;
		b = LT(r->held[i].right, end) ? r->held[i].right : end;
		if (LT(a, b))
			seen += b - a;
	}
	return seen;
}

uint32_t
reasm_max(const struct reasm *r)
{
	return r->nheld > 0 ? r->held[r->nheld - 1].right : r->nxt;
}

uint32_t
reasm_held_bytes(const struct reasm *r)
{
	uint32_t n = 0;
	int i;

	for (i = 0; i < r->nheld; i++)
		n += r->held[i].right - r->held[i].left;
	return n;
}

int
reasm_blocks(const struct reasm *r, struct reasm_range *out, int n)
{
	struct reasm_range tmp[REASM_MAXHELD], t;
	int i, j;

	memcpy(tmp, r->held, (size_t)r->nheld * sizeof(tmp[0]));
	for (i = 1; i < r->nheld; i++) {
		t = tmp[i];
		for (j = i; j > 0 && tmp[j - 1].stamp < t.stamp; j--)
			tmp[j] = tmp[j - 1];
		tmp[j] = t;
	}
	if (n > r->nheld)
		n = r->nheld;
	if (n > 0)
		memcpy(out, tmp, (size_t)n * sizeof(tmp[0]));
	return n < 0 ? 0 : n;
}

uint32_t
reasm_bytes(const struct reasm *r, uint64_t off, uint32_t n,
    const uint8_t **p)
{
	uint64_t have = r->delivered < r->bufcap ? r->delivered : r->bufcap;

	*p = NULL;
	if (r->buf == NULL || r->nomem || off >= have)
		return 0;
	*p = r->buf + off;
	return have - off < n ? (uint32_t)(have - off) : n;
}

static void
print_text(FILE *f, const uint8_t *p, uint32_t n, const char *indent)
{
	uint32_t i;
	int col = 0;

	for (i = 0; i < n; i++) {
		if (col == 0)
			col = fprintf(f, "%s\"", indent);
		switch (p[i]) {
		case '\n': col += fprintf(f, "\\n"); break;
		case '\r': col += fprintf(f, "\\r"); break;
		case '\t': col += fprintf(f, "\\t"); break;
		case '\\': col += fprintf(f, "\\\\"); break;
		case '"': col += fprintf(f, "\\\""); break;
		default:
			if (p[i] >= 0x20 && p[i] < 0x7f)
				col += fprintf(f, "%c", p[i]);
			else
				col += fprintf(f, "\\x%02x", p[i]);
		}
		/* a line per line of text, and no line wider than 76 */
		if (p[i] == '\n' || col >= 72 || i + 1 == n) {
			fprintf(f, "\"\n");
			col = 0;
		}
	}
}

static void
print_dump(FILE *f, const uint8_t *p, uint32_t n, const char *indent)
{
	uint32_t i, j;

	for (i = 0; i < n; i += 16) {
		fprintf(f, "%s%06x ", indent, i);
		for (j = 0; j < 16; j++) {
			if (i + j < n)
				fprintf(f, " %02x", p[i + j]);
			else
				fprintf(f, "   ");
			if (j == 7)
				fputc(' ', f);
		}
		fprintf(f, "  |");
		for (j = 0; j < 16 && i + j < n; j++)
			fputc(p[i + j] >= 0x20 && p[i + j] < 0x7f ? p[i + j] :
			    '.', f);
		fprintf(f, "|\n");
	}
}

void
reasm_print(FILE *f, const struct reasm *r, uint64_t upto, int hex,
    const char *indent)
{
	const uint8_t *p;
	uint32_t n;

	if (upto > r->delivered)
		upto = r->delivered;
	if (upto == 0)
		return;
	n = reasm_bytes(r, 0, upto > REASM_KEEP ? REASM_KEEP :
	    (uint32_t)upto, &p);
	if (n == 0) {
		fprintf(f, "%s(bytes not kept)\n", indent);
		return;
	}
	if (hex)
		print_dump(f, p, n, indent);
	else
		print_text(f, p, n, indent);
	if (n < upto)
		fprintf(f, "%s(the first %u bytes; only those are kept)\n",
		    indent, n);
}
