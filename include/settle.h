/* settle.h - a line of several commands runs as if a person typed them
 * one by one and watched the answers (settle.c)
 */
#ifndef TC_SETTLE_H
#define TC_SETTLE_H

#include <stddef.h>
#include <stdint.h>

#include "cmdtab.h"

struct session;
struct task;

/* How long the peer must stay quiet after its answer before the line
 * goes on: long enough for an echo to follow its ACK, or the peer's FIN
 * the ACK of ours, on a loaded machine. */
#define SETTLE_QUIET_US	200000

/* The answer the line's next command waits for. */
struct settle {
	int		 armed;
	unsigned	 conn_id;
	size_t		 from;		/* log index: answers from here on */
	uint64_t	 t_sent;	/* when our segment left */
	char		 what[16];	/* the command, for the timeout note */
};

/* Before cmd runs: 1 when it must wait for the answer armed before it
 * (everything but expect and wait, which watch for themselves). */
int	settle_before(const struct cmd *c);
/* After a command ran: arms st when it sent a segment that asks the peer
 * for an answer (SYN, FIN or data), from log index before on. */
void	settle_arm(struct settle *st, struct session *s, const struct cmd *c,
	    size_t before);
/* Runs the loop until the answer came and the peer fell quiet for
 * SETTLE_QUIET_US, or set timeout passed since the segment left (said on
 * a line).  0: go on; -1: Ctrl-C or a signal ended it (the rest of the
 * line is dropped). */
/* The task that waits for the answer to what settle_arm saw (rc -1: the
 * rest of the line is cancelled), or NULL: nothing to wait for. */
struct task *settle_task(struct settle *st, struct session *s);

#endif
