/* reasm.h - one direction of a TCP byte stream put back in order
 *
 * Sequence space counts from the stream's first data byte (ISN+1).  Bytes
 * at the next expected sequence number are delivered; bytes beyond a gap
 * are held, in at most REASM_MAXHELD ranges, and delivered when the gap
 * fills; bytes seen before are recognised and counted as duplicates.
 *
 * The range bookkeeping is always exact.  The bytes themselves are kept
 * only when asked for (reasm_keep) and only for the first REASM_KEEP bytes
 * of the stream, in a buffer that grows as data arrives: memory stays
 * bounded however long the conversation, and a connection that never
 * carries data costs nothing.  Pure code: no I/O but a FILE * passed in.
 */
#ifndef TC_REASM_H
#define TC_REASM_H

#include <stdint.h>
#include <stdio.h>

#define REASM_MAXHELD	8		/* ranges held beyond gaps */
#define REASM_KEEP	(1024 * 1024)	/* stream bytes kept per direction */

struct reasm_range {
	uint32_t	left, right;	/* [left, right) in sequence space */
	uint32_t	stamp;		/* when last extended: most recent
					 * first in SACK blocks */
};

struct reasm {
	int		 started;	/* base is known */
	uint32_t	 base;		/* seq of stream byte 0 */
	uint32_t	 nxt;		/* every byte before it is delivered */
	uint64_t	 delivered;	/* bytes delivered so far */
	int		 nheld;
	struct reasm_range held[REASM_MAXHELD];	/* sorted, disjoint,
					 * not touching, all beyond nxt */
	uint32_t	 stamp;		/* wraps after 4e9 segments: at worst
					 * one SACK block out of order */
	uint64_t	 dup_bytes;	/* bytes that arrived again */
	uint32_t	 not_held;	/* segments beyond a gap with no room */
	/* the bytes, when kept */
	int		 keep;
	uint8_t		*buf;		/* stream offsets 0 .. bufcap-1 */
	uint32_t	 bufcap;
	uint32_t	 nomem;		/* could not grow: bytes not kept */
};

/* What one segment did. */
struct reasm_res {
	uint32_t	new_bytes;	/* never seen before */
	uint32_t	dup_bytes;	/* seen before: delivered or held */
	uint32_t	released;	/* delivered now, held bytes included */
	uint32_t	trimmed;	/* beyond the limit: dropped */
	int		held;		/* new bytes held beyond a gap */
	int		not_held;	/* new bytes beyond a gap, no room */
	int		differ;		/* a duplicate byte differs from the
					 * kept one */
};

/* A stream that starts (byte 0) at sequence number base.  Keeps the
 * buffer, if any, for the next incarnation. */
void	reasm_start(struct reasm *r, uint32_t base);
/* Forgets everything; the buffer stays allocated for reuse. */
void	reasm_reset(struct reasm *r);
/* Keep the bytes (not only the ranges) from now on. */
void	reasm_keep(struct reasm *r);
void	reasm_free(struct reasm *r);

/* Adds len bytes at seq (data may be NULL: ranges only).  Bytes at or
 * beyond limit are trimmed (the receive window's right edge); pass
 * nxt + 0x7fffffff for none.  Fills res. */
void	reasm_add(struct reasm *r, uint32_t seq, const uint8_t *data,
	    uint32_t len, uint32_t limit, struct reasm_res *res);
/* How many of the len bytes at seq were seen before. */
uint32_t	reasm_seen(const struct reasm *r, uint32_t seq, uint32_t len);
/* Highest sequence number seen, plus one (nxt when nothing is held). */
uint32_t	reasm_max(const struct reasm *r);
/* Bytes held beyond gaps. */
uint32_t	reasm_held_bytes(const struct reasm *r);
/* Up to n held ranges, the most recently extended first (RFC 2018's
 * order for SACK blocks).  Returns how many. */
int	reasm_blocks(const struct reasm *r, struct reasm_range *out, int n);

/* Stream bytes from offset off, at most n of them, as kept: returns how
 * many are available (0 when not kept). */
uint32_t	reasm_bytes(const struct reasm *r, uint64_t off, uint32_t n,
		    const uint8_t **p);

/* The delivered bytes, up to upto of them: as quoted text with C escapes
 * (hex 0) or as a hex and ASCII dump (hex 1); indent before each line. */
void	reasm_print(FILE *f, const struct reasm *r, uint64_t upto, int hex,
	    const char *indent);

#endif
