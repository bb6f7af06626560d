/* expect.h - expect, expect none, expect state, wait
 *
 * What a command waits for is the session's one pending (s->pend,
 * session.h): started here, met by the segments rx hands over
 * (expect_on_packet) or ended by time (expect_on_time, from the loop).
 */
#ifndef TC_EXPECT_H
#define TC_EXPECT_H

#include <stddef.h>
#include <stdint.h>

#include "errbuf.h"

struct session;
struct cmd;

int	expect_start(struct session *s, struct cmd *c, const char *text,
	    struct errbuf *e);
/* A script's "+TIME expect": the next expect_start gets this arrival
 * window. */
void	expect_set_timing(struct session *s, uint64_t sched_us,
	    uint64_t tol_us);
void	expect_on_packet(struct session *s, size_t idx);
void	expect_on_time(struct session *s);
void	wait_start(struct session *s, uint64_t dur_us);
void	pend_cancel(struct session *s, const char *why);

#endif
