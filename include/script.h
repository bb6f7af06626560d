/* script.h - what script.c offers beyond -f, -c and source (sess.h):
 * step mode, the timing of "+TIME expect", and where failures go
 *
 * Script lines (tcpcraft-script(5)):
 *   [+TIME[~TOL]] COMMAND [; COMMAND]...   # comment
 *   include FILE
 * TIME is a duration after the previous line finished (for an expect
 * that matched: when its segment arrived).  Before expect, it is when the
 * segment must arrive, give or take TOL (default: set tolerance); before
 * any other command, when to run it.
 */
#ifndef TC_SCRIPT_H
#define TC_SCRIPT_H

#include <stdint.h>

struct session;
struct task;

/* The next expect_start gets this arrival window (expect.c). */
void	expect_set_timing(uint64_t sched_us, uint64_t tol_us);

/* step.c, with --step (s->step): the task that shows FILE:LINE and the
 * line, then reads the user's answer; its rc: 0 run the line, 1 quit, 2
 * run the rest without stopping.  Commands the user types meanwhile run
 * at once.  NULL: out of memory.  where and text outlive the task. */
struct task *step_prompt_task(const char *where, const char *text);
/* step.c, after the line ran (ok: it passed): "ok" for an expect; after
 * a failure the user chooses.  Its rc: STEP_ON goes on (a failure
 * skipped counts for the exit status), STEP_RETRY runs the line again,
 * STEP_QUIT. */
#define STEP_ON		0
#define STEP_RETRY	1
#define STEP_QUIT	2
struct task *step_result_task(const char *where, const char *text,
	    int is_expect, int ok);
void	step_end(void);

#endif
