/* repl.h - the interactive prompt: readline, completion, history */
#ifndef TC_REPL_H
#define TC_REPL_H

struct session;

int	repl_run(struct session *s, int banner);
/* Runs one typed line as the prompt would (step mode's own commands). */
void	repl_exec_line(struct session *s, const char *line);

#endif
