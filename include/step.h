/* step.h - --step: each script line waits for the user
 *
 * script.c asks before a line runs and tells how it went; meanwhile the
 * user may type commands, which run at once (repl_line_task).
 */
#ifndef TC_STEP_H
#define TC_STEP_H

struct task;

/* With --step (s->step): the task that shows FILE:LINE and the line,
 * then reads the user's answer; its rc: 0 run the line, 1 quit, 2 run
 * the rest without stopping.  Commands the user types meanwhile run at
 * once.  NULL: out of memory.  where and text outlive the task. */
struct task *step_prompt_task(const char *where, const char *text);
/* After the line ran (ok: it passed): "ok" for an expect; after a
 * failure the user chooses.  Its rc: STEP_ON goes on (a failure skipped
 * counts for the exit status), STEP_RETRY runs the line again,
 * STEP_QUIT. */
#define STEP_ON		0
#define STEP_RETRY	1
#define STEP_QUIT	2
struct task *step_result_task(const char *where, const char *text,
	    int is_expect, int ok);
void	step_end(void);

#endif
