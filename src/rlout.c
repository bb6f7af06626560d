/* rlout.c - readline's prompt kept out of the way of asynchronous output */
#include <stdio.h>
#include <stdlib.h>

#include <readline/readline.h>

#include "rlout.h"
#include "sess.h"

static int on;			/* handler installed, prompt on screen */
static int hidden;		/* the prompt was taken down for output */
static char *saved_line;
static int saved_point;
static const char *(*prompt_fn)(void);

static void
before_out(void)
{
	if (!on || hidden)
		return;
	saved_point = rl_point;
	saved_line = rl_copy_text(0, rl_end);
	rl_save_prompt();
	rl_replace_line("", 0);
	rl_redisplay();
	hidden = 1;
}

static void
after_out(void)
{
	if (!on || !hidden)
		return;
	rl_restore_prompt();
	rl_set_prompt(prompt_fn());
	rl_replace_line(saved_line != NULL ? saved_line : "", 0);
	rl_point = saved_point;
	free(saved_line);
	saved_line = NULL;
	hidden = 0;
	rl_forced_update_display();
}

void
rlout_install(const char *(*prompt)(void), rl_vcpfunc_t *handler)
{
	prompt_fn = prompt;
	out_set_hooks(before_out, after_out);
	rl_callback_handler_install(prompt(), handler);
	on = 1;
}

void
rlout_remove(void)
{
	if (on)
		rl_callback_handler_remove();
	on = 0;
}

int
rlout_on(void)
{
	return on;
}

void
rlout_cancel_line(void)
{
	if (!on)
		return;
	rl_free_line_state();
	rl_replace_line("", 0);
	printf("^C\n");
	rl_on_new_line();
	rl_redisplay();
}
