/* predict.h - what a correct peer does with our segment, and whether it did
 *
 * Before one of ours leaves ("send ... ?"): what a correct peer does with
 * it, in a sentence citing RFC 9293's check, and what would show that it
 * did; when the answer comes, the verdict.  Pure: everything it needs is
 * passed in.
 */
#ifndef TC_PREDICT_H
#define TC_PREDICT_H

#include <stddef.h>
#include <stdint.h>

#include "seg.h"
#include "tcb.h"

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

void	predict_segment(const struct predict_in *in, struct prediction *p);
/* Judges the peer's reply (NULL: nothing came in time).  Returns 1 when
 * the prediction held; buf gets a sentence saying so or what differed. */
int	predict_verdict(const struct prediction *p, const struct seg *reply,
	    char *buf, size_t cap);

#endif
