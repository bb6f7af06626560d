/* explain.h - why the peer sent a segment, and what it should do with ours
 *
 * One sentence per arriving segment, citing the section of RFC 9293 (or
 * RFC 5961, 6298) whose rule made the peer send it; before one of ours
 * leaves, what a correct peer does with it and what would show that it
 * did.  Pure: everything it needs is passed in.
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

/* What may answer a segment of ours. */
#define PX_SILENCE	0x01	/* nothing */
#define PX_SYNACK	0x02
#define PX_RST		0x04
#define PX_ACK		0x08	/* a segment with ACK and no data */
#define PX_DATA		0x10	/* a segment carrying data */
#define PX_FIN		0x20

struct predict_in {
	const struct seg	*g;		/* ours, about to leave */
	const struct tcb	*t;		/* our TCB before it leaves */
	int			 listener;	/* 1 a socket listens on the peer
						 * port, 0 none, -1 unknown */
	int			 relative;
	uint64_t		 now_us;	/* for the rate limits */
};

struct prediction {
	int		expect;		/* PX_* that count as "it did" */
	int		have_ack;	/* a reply's ack must be ack_lo..ack_hi */
	uint32_t	ack_lo, ack_hi;	/* absolute */
	uint32_t	ack_shown;	/* as the user reads it */
	char		text[512];	/* the sentence */
};

void	explain_predict(const struct predict_in *in, struct prediction *p);
/* Judges the peer's reply (NULL: nothing came in time).  Returns 1 when
 * the prediction held; buf gets a sentence saying so or what differed. */
int	explain_verdict(const struct prediction *p, const struct seg *reply,
	    char *buf, size_t cap);

#endif
