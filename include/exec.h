/* exec.h - run one parsed command
 *
 * script.c, replay.c and repl.c call exec_cmd for every command they
 * run; it returns one of cmdtab.h's EXEC_* (EXEC_PENDING: an expect or
 * wait is in progress; the loop finishes it).
 */
#ifndef TC_EXEC_H
#define TC_EXEC_H

#include "cmdtab.h"
#include "errbuf.h"

struct session;

int	exec_cmd(struct session *s, struct cmd *c, const char *text);

/* The commands that run commands of their own: source and include run a
 * script (script.c), replay the commands a capture implies (replay.c).
 * Both modules call exec_cmd for each command, so they sit above exec,
 * and exec reaches them through this table in the session (s->nested,
 * set by sess_init), not by name: by name would tie exec and them in an
 * include cycle.  The members are script_start_file and replay_run;
 * each starts a task on the loop and the command returns EXEC_PENDING. */
struct exec_nested {
	int	(*source)(struct session *s, const char *path);
	int	(*replay)(struct session *s, struct cmd *c, struct errbuf *e);
};

#endif
