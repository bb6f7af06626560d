/* rd.h - the one bounded reader every byte from the wire goes through.
 *
 * A cursor over [p, p+len).  Reads past the end return 0 and set err;
 * nothing ever reads outside the buffer.  Sub-cursors narrow the view to a
 * length taken from a header field (IP total length, TCP data offset) so a
 * lying length cannot widen it.
 */
#ifndef TC_RD_H
#define TC_RD_H

#include <stddef.h>
#include <stdint.h>

struct rd {
	const uint8_t	*p;
	size_t		 len;	/* bytes in view */
	size_t		 off;	/* next byte to read */
	int		 err;	/* set once a read fell short */
};

static inline void
rd_init(struct rd *r, const uint8_t *p, size_t len)
{
	r->p = p; r->len = len; r->off = 0; r->err = 0;
}

static inline size_t
rd_left(const struct rd *r)
{
	return r->len - r->off;
}

static inline int
rd_have(const struct rd *r, size_t n)
{
	return rd_left(r) >= n;
}

static inline uint8_t
rd_u8(struct rd *r)
{
	if (!rd_have(r, 1)) { r->err = 1; r->off = r->len; return 0; }
	return r->p[r->off++];
}

static inline uint16_t
rd_be16(struct rd *r)
{
	uint16_t v;
	if (!rd_have(r, 2)) { r->err = 1; r->off = r->len; return 0; }
	v = (uint16_t)(r->p[r->off] << 8 | r->p[r->off + 1]);
	r->off += 2;
	return v;
}

static inline uint32_t
rd_be32(struct rd *r)
{
	uint32_t v;
	if (!rd_have(r, 4)) { r->err = 1; r->off = r->len; return 0; }
	v = (uint32_t)r->p[r->off] << 24 | (uint32_t)r->p[r->off + 1] << 16 |
	    (uint32_t)r->p[r->off + 2] << 8 | r->p[r->off + 3];
	r->off += 4;
	return v;
}

/* Copies up to n bytes; returns how many were copied (short => err). */
static inline size_t
rd_bytes(struct rd *r, uint8_t *dst, size_t n)
{
	size_t k = rd_left(r) < n ? rd_left(r) : n;
	size_t i;
	for (i = 0; i < k; i++)
		dst[i] = r->p[r->off + i];
	r->off += k;
	if (k < n)
		r->err = 1;
	return k;
}

static inline void
rd_skip(struct rd *r, size_t n)
{
	if (!rd_have(r, n)) { r->err = 1; r->off = r->len; return; }
	r->off += n;
}

/* A cursor over the next n bytes (clamped to what is there; short => the
 * parent's err is set).  The parent advances past them. */
static inline struct rd
rd_sub(struct rd *r, size_t n)
{
	struct rd s;
	size_t k = rd_left(r) < n ? rd_left(r) : n;
	rd_init(&s, r->p + r->off, k);
	r->off += k;
	if (k < n)
		r->err = 1;
	return s;
}

static inline const uint8_t *
rd_ptr(const struct rd *r)
{
	return r->p + r->off;
}

#endif
