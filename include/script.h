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

/* *status: 0 all good, 1 a line failed, 2 the script could not be read
 * or parsed (then -1 is returned). */
int	script_run_file(struct session *s, const char *path, int *status);
int	script_run_string(struct session *s, const char *text, int *status);
/* Parses without running: the number of commands, or -1 (messages on
 * stderr as NAME:LINE:COL). */
int	script_parse_text(const char *name, const char *text, size_t len);

#endif
