/* rlout.h - GNU readline in callback mode, with output above the prompt
 *
 * While a line handler is installed, every line that goes through
 * out_printf takes the prompt down, prints, and puts the prompt and the
 * half-typed line back, with the prompt recomputed (the state may have
 * changed).  Used by the shell and by --step.
 */
#ifndef TC_RLOUT_H
#define TC_RLOUT_H

#include <readline/readline.h>

void	rlout_install(const char *(*prompt)(void), rl_vcpfunc_t *handler);
void	rlout_remove(void);
int	rlout_on(void);
/* Ctrl-C at the prompt: drop the line being typed, not the program. */
void	rlout_cancel_line(void);

#endif
