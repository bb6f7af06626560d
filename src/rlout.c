/* rlout.c - readline's prompt kept out of the way of asynchronous output */
#include <stdio.h>
#include <stdlib.h>

#include <readline/readline.h>

#include "out.h"
#include "rlout.h"

/* The terminal: one per process, as readline's own state is (its
 * callback handler takes no argument to hang this on). */
static struct {
	int		 on;		/* handler installed, prompt shown */
	int		 hidden;	/* the prompt was taken down */
	char		*saved_line;
	int		 saved_point;
	const char	*(*prompt)(void);
} term;

static void
before_out(void)
{
	if (!term.on || term.hidden)
		return;
	term.saved_point = rl_point;
	term.saved_line = rl_copy_text(0, rl_end);
	rl_save_prompt();
	rl_replace_line("", 0);
	rl_redisplay();
	term.hidden = 1;
}

static void
after_out(void)
{
	if (!term.on || !term.hidden)
		return;
	rl_restore_prompt();
	rl_set_prompt(term.prompt());
	rl_replace_line(term.saved_line != NULL ? term.saved_line : "", 0);
	rl_point = term.saved_point;
	free(term.saved_line);
	term.saved_line = NULL;
	term.hidden = 0;
	rl_forced_update_display();
}

void
rlout_install(const char *(*prompt)(void), rl_vcpfunc_t *handler)
{
	term.prompt = prompt;
	out_set_hooks(before_out, after_out);
	rl_callback_handler_install(prompt(), handler);
	term.on = 1;
}

void
rlout_remove(void)
{
	if (term.on)
		rl_callback_handler_remove();
	term.on = 0;
}

int
rlout_on(void)
{
	return term.on;
}

void
rlout_cancel_line(void)
{
	if (!term.on)
		return;
	rl_free_line_state();
	rl_replace_line("", 0);
	printf("^C\n");
	rl_on_new_line();
	rl_redisplay();
}
