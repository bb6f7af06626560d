/* loop.h - the one event loop
 *
 * One poll() (the backend's wait) over the backend's fd, timers, signals
 * and the waiting task's fd; nothing else in tcpcraft waits.  Whatever
 * waits is a task on a stack in the session and says what for in a
 * struct loop_wait: until done() (checked before each turn), fd
 * readable, the deadline (session time, us; 0: none), or, when asked,
 * Ctrl-C (consumed) or SIGTERM; LW_ONE_TURN ends it after one turn.
 * tick_ms bounds one turn (-1: none) for conditions that are no event.
 */
#ifndef TC_LOOP_H
#define TC_LOOP_H

#include <stdint.h>

#include "session.h"

#define LW_ON_INTR	0x01
#define LW_ON_TERM	0x02
#define LW_ONE_TURN	0x04
#define LW_QUIET	0x08	/* the session is over: the turn waits for
				 * the task's fd only, nothing arrives */
struct loop_wait {
	int		 fd;
	uint64_t	 deadline;
	int		 tick_ms;
	unsigned	 ends;		/* LW_ON_* */
	int		(*done)(struct session *s, void *arg);
	void		*arg;
};
/* One turn that does not sleep: what arrived meanwhile, then on. */
#define LOOP_ONE_TURN	{ -1, 0, 0, LW_ONE_TURN, NULL, NULL }
/* How a wait ended, or why a task runs (LW_START, LW_CHILD). */
enum loop_end { LW_DONE, LW_FD, LW_TIMEOUT, LW_INTR, LW_TERM,
	LW_START, LW_CHILD, LW_NONE };
void	loop_signals(void);
int	loop_interrupted(void);		/* consumes a pending Ctrl-C */
int	loop_terminated(void);

/* The loop drives the top task.  run() is called with LW_START first,
 * then each time its wait (t->w) ends (why: the loop_end), or with
 * LW_CHILD when a task it pushed has ended (its result in child_rc).  It
 * returns TASK_WAIT, having set t->w or pushed a child, or TASK_DONE
 * with its result in rc; the loop then pops it and calls drop() (may be
 * NULL).  A command that pushes a task returns EXEC_PENDING: its caller
 * waits for it as for a child. */
#define TASK_WAIT	0
#define TASK_DONE	1
struct task {
	struct loop_wait w;
	int		(*run)(struct session *s, struct task *t,
			    enum loop_end why);
	void		(*drop)(struct task *t);
	struct task	*below;
	enum loop_end	 resume;	/* LW_NONE: waits on w */
	int		 child_rc;
	int		 rc;
};
void	loop_push(struct session *s, struct task *t);
/* The loop itself, called once (main): drives the tasks until none is
 * left; the rc of the last one (the session's). */
int	loop_run(struct session *s);
/* Makes t the task that waits until the pending expect or wait
 * resolves (Ctrl-C cancels it); its rc is EXEC_OK or EXEC_FAIL. */
void	loop_finish_task(struct task *t);

#endif
