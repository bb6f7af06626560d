/* explain.h - why the peer sent a segment
 *
 * One sentence per arriving segment, citing the section of RFC 9293 (or
 * RFC 5961, 6298) whose rule made the peer send it.  Pure: everything it
 * needs is passed in.
 */
#ifndef TC_EXPLAIN_H
#define TC_EXPLAIN_H

#include <stddef.h>
#include <stdint.h>

#include "seg.h"
#include "tcb.h"

struct explain_in {
	const struct seg	*g;		/* the segment that arrived */
	const struct tcb_ev	*ev;		/* what it did to our TCB */
	const struct tcb	*t;		/* our TCB after it */
	const struct seg	*last_out;	/* our latest before it, or NULL */
	const struct tcb_ev	*last_out_ev;	/* and its notes, or NULL */
	int			 have_prev_ack;	/* the peer's previous segment */
	uint32_t		 prev_ack;	/* acknowledged this much */
	int			 relative;	/* numbers as the lines show them */
};

/* The sentence, without a trailing newline; returns its length. */
size_t	explain_arrival(const struct explain_in *in, char *buf, size_t cap);

#endif
