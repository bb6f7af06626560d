/* repl.h - the interactive prompt: readline, completion, history */
#ifndef TC_REPL_H
#define TC_REPL_H

struct session;
struct task;

/* The shell: the task that reads lines from stdin (readline on a
 * terminal) and runs each; NULL: out of memory. */
struct task *repl_task(struct session *s, int banner);
/* The task that runs one typed line as the prompt would (step mode's
 * own commands), or NULL: nothing to run (said why). */
struct task *repl_line_task(struct session *s, const char *line);

#endif
