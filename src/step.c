/* step.c - --step: a script one line at a time, for teaching
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Before each line the shell shows FILE:LINE and the line, and waits:
 * Enter runs it, q quits, c runs the rest without stopping, and anything
 * else is a command of the user's own, run at once (the script's line is
 * shown again afterwards).  Segments that arrive while the user thinks
 * are printed above the prompt, as in the shell.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <readline/history.h>
#include <readline/readline.h>

#include "rlout.h"
#include "script.h"
#include "sess.h"

#define STEP_PROMPT	"step> "

static char *answer;
static int answered, hinted;

static const char *
step_prompt_text(void)
{
	return STEP_PROMPT;
}

static void
on_line(char *line)
{
	answer = line;
	answered = 1;
	rlout_remove();
}

/* A line from the terminal, with the poll loop running underneath. */
static char *
read_tty(struct session *s)
{
	answered = 0;
	answer = NULL;
	rl_catch_signals = 0;
	rlout_install(step_prompt_text, on_line);
	while (!answered && !loop_terminated()) {
		if (loop_once(s, STDIN_FILENO, -1))
			rl_callback_read_char();
		if (loop_interrupted())
			rlout_cancel_line();
	}
	rlout_remove();
	out_set_hooks(NULL, NULL);
	if (answer != NULL && *answer != '\0')
		add_history(answer);
	return answer;
}

/* A line from a pipe or a FIFO (tests), byte by byte: what follows it
 * belongs to the next prompt. */
static char *
read_plain(struct session *s)
{
	char *buf = NULL, c;
	size_t len = 0, cap = 0;
	ssize_t n;

	out_printf("%s\n", STEP_PROMPT);
	for (;;) {
		while (!loop_once(s, STDIN_FILENO, -1))
			if (loop_terminated()) {
				free(buf);
				return NULL;
			}
		if ((n = read(STDIN_FILENO, &c, 1)) <= 0) {
			if (len == 0) {
				free(buf);
				return NULL;
			}
			break;
		}
		if (c == '\n')
			break;
		if (len + 2 > cap) {
			char *nb;

			cap = cap ? cap * 2 : 128;
			if ((nb = realloc(buf, cap)) == NULL) {
				free(buf);
				return NULL;
			}
			buf = nb;
		}
		buf[len++] = c;
	}
	if (buf == NULL)
		return strdup("");
	buf[len] = '\0';	/* the loop kept room for it */
	if (len > 0 && buf[len - 1] == '\r')
		buf[len - 1] = '\0';
	return buf;
}

int
step_prompt(struct session *s, const char *where, const char *text)
{
	char *line, *p;
	size_t n;
	int tty = isatty(STDIN_FILENO);

	if (!hinted) {
		out_printf("step mode: Enter runs the line shown, q quits, c "
		    "runs the rest; any other line is a command run now\n");
		hinted = 1;
	}
	for (;;) {
		out_printf("next %s: %s\n", where, text);
		if ((line = tty ? read_tty(s) : read_plain(s)) == NULL)
			return 1;
		for (p = line; *p == ' ' || *p == '\t'; p++)
			;
		n = strlen(p);
		while (n > 0 && (p[n - 1] == ' ' || p[n - 1] == '\t'))
			p[--n] = '\0';
		if (n == 0) {
			free(line);
			return 0;
		}
		if (strcmp(p, "q") == 0 || strcmp(p, "quit") == 0) {
			free(line);
			return 1;
		}
		if (strcmp(p, "c") == 0) {
			free(line);
			return 2;
		}
		repl_exec_line(s, p);
		free(line);
		if (s->quit)
			return 1;
	}
}

void
step_end(void)
{
	rlout_remove();
}
