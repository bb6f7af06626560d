/* script.h - scripts: -f FILE, -c TEXT, source and include
 *
 * Script lines (tcpcraft-script(5)):
 *   [+TIME[~TOL]] COMMAND [; COMMAND]...   # comment
 *   include FILE
 * TIME is a duration after the previous line finished (for an expect
 * that matched: when its segment arrived).  Before expect, it is when the
 * segment must arrive, give or take TOL (default: set tolerance); before
 * any other command, when to run it.  Each command runs through exec_cmd
 * (exec.h); with --step, step.h asks before each line.
 */
#ifndef TC_SCRIPT_H
#define TC_SCRIPT_H

#include <stddef.h>

struct session;
struct task;

/* Start a script on the loop, a task above the caller whose rc is its
 * status: 0 all good, 1 a failure (EXEC_OK and EXEC_FAIL); -1 when it
 * cannot run (status 2, said on stderr). */
int	script_start_file(struct session *s, const char *path);
int	script_start_string(struct session *s, const char *text);
/* -f FILE... then -c CMDS, one after the other: the task whose rc is
 * the exit status (0, 1 or 2).  NULL: out of memory. */
struct task *script_batch_task(const char *const *files, int n,
	    const char *cmds);
/* Parses without running: the number of commands, or -1 (messages on
 * stderr as NAME:LINE:COL). */
int	script_parse_text(const char *name, const char *text, size_t len);

#endif
