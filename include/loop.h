/* loop.h - one poll() over the backend's fd, timers, signals and
 * (optionally) the caller's fd
 *
 * Whatever waits says what for in a struct loop_wait, and only loop_wait
 * turns the loop: until done() (checked before each turn), fd readable,
 * the deadline (session time, us; 0: none), or, when asked, Ctrl-C
 * (consumed) or SIGTERM.  tick_ms bounds one turn (-1: none) for
 * conditions that are no event.
 */
#ifndef TC_LOOP_H
#define TC_LOOP_H

#include <stdint.h>

#include "session.h"

#define LW_ON_INTR	0x01
#define LW_ON_TERM	0x02
struct loop_wait {
	int		 fd;
	uint64_t	 deadline;
	int		 tick_ms;
	unsigned	 ends;		/* LW_ON_* */
	int		(*done)(struct session *s, void *arg);
	void		*arg;
};
enum loop_end { LW_DONE, LW_FD, LW_TIMEOUT, LW_INTR, LW_TERM };
enum loop_end	 loop_wait(struct session *s, const struct loop_wait *w);
/* One turn that does not sleep: what arrived meanwhile. */
void	loop_drain(struct session *s);
void	loop_signals(void);
int	loop_interrupted(void);		/* consumes a pending Ctrl-C */
int	loop_terminated(void);
/* Runs until the pending expect/wait resolves; returns its result. */
enum pend_result loop_finish(struct session *s);

#endif
