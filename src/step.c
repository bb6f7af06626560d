/* step.c - --step: a script one line at a time, for teaching
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Before each line the shell shows the script's own comments that lead
 * up to it (the lesson), then FILE:LINE and the line, and waits: Enter
 * runs it, q quits, c runs the rest without stopping, and anything else
 * is a command of the user's own, run at once (the script's line is
 * shown again afterwards).  A passing expect says "ok"; a failing line
 * does not end the session but asks: run it again, skip it or quit.
 * Segments that arrive while the user thinks are printed above the
 * prompt, as in the shell.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <readline/history.h>
#include <readline/readline.h>

#include "lex.h"
#include "loop.h"
#include "out.h"
#include "repl.h"
#include "rlout.h"
#include "session.h"
#include "step.h"

#define STEP_PROMPT	"step> "
#define STEP_MAXLINES	100000	/* of a script file read for comments */

static char *answer;
static int answered, hinted;
static int failed_before;	/* s->failed before the line ran */

/* A script file as written, for the comments the parsed lines lost. */
struct srcfile {
	char		*path;
	char		**line;
	int		 n;
	int		 shown;		/* comments up to this line shown */
	struct srcfile	*next;
};
static struct srcfile *srcs;

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
	struct loop_wait w = { STDIN_FILENO, 0, -1, LW_ON_INTR | LW_ON_TERM,
	    NULL, NULL };
	enum loop_end r;

	answered = 0;
	answer = NULL;
	rl_catch_signals = 0;
	rlout_install(step_prompt_text, on_line);
	while (!answered && !loop_terminated()) {
		r = loop_wait(s, &w);
		if (r == LW_FD)
			rl_callback_read_char();
		if (r == LW_INTR || loop_interrupted())
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
	struct loop_wait w = { STDIN_FILENO, 0, -1, LW_ON_TERM, NULL, NULL };
	char *buf = NULL, c;
	size_t len = 0, cap = 0;
	ssize_t n;

	out_printf("%s\n", STEP_PROMPT);
	for (;;) {
		if (loop_wait(s, &w) != LW_FD) {	/* SIGTERM */
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

static struct srcfile *
src_read(const char *path)
{
	struct srcfile *f;
	FILE *fp;
	char *buf = NULL, **nl;
	size_t cap = 0;
	ssize_t len;
	int lcap = 0;

	if ((f = calloc(1, sizeof(*f))) == NULL)
		return NULL;
	if ((f->path = strdup(path)) == NULL) {
		free(f);
		return NULL;
	}
	/* "-c" and an unreadable file: no comments, the lines still run */
	if (strcmp(path, "-c") != 0 && (fp = fopen(path, "r")) != NULL) {
		while (f->n < STEP_MAXLINES &&
		    (len = getline(&buf, &cap, fp)) >= 0) {
			while (len > 0 && (buf[len - 1] == '\n' ||
			    buf[len - 1] == '\r'))
				buf[--len] = '\0';
			if (f->n == lcap) {
				lcap = lcap ? lcap * 2 : 64;
				if ((nl = realloc(f->line, (size_t)lcap *
				    sizeof(*nl))) == NULL)
					break;
				f->line = nl;
			}
			if ((f->line[f->n] = strdup(buf)) == NULL)
				break;
			f->n++;
		}
		free(buf);
		fclose(fp);
	}
	f->next = srcs;
	srcs = f;
	return f;
}

static struct srcfile *
src_get(const char *path)
{
	struct srcfile *f;

	for (f = srcs; f != NULL; f = f->next)
		if (strcmp(f->path, path) == 0)
			return f;
	return src_read(path);
}

static int
is_comment(const char *l)
{
	l += strspn(l, " \t");
	return *l == '#';
}

/* The comment after the last command of a line, or NULL. */
static const char *
trailing_comment(const char *l)
{
	for (;;) {
		l += lex_cmd_end(l);
		if (*l != ';')
			return *l == '#' ? l : NULL;
		l++;
	}
}

/* The comments between the last line shown and this one, then the line
 * itself with its own comment.  where is "FILE:LINE". */
static void
show_line(const char *where, const char *text)
{
	const char *colon, *tc = NULL;
	struct srcfile *f = NULL;
	char *path;
	int i, lineno;

	if ((colon = strrchr(where, ':')) != NULL &&
	    (path = strndup(where, (size_t)(colon - where))) != NULL) {
		f = src_get(path);
		free(path);
	}
	lineno = colon != NULL ? atoi(colon + 1) : 0;
	text += strspn(text, " \t");	/* the second command of a line */
	if (f != NULL && lineno >= 1 && lineno <= f->n) {
		for (i = f->shown; i < lineno - 1; i++)
			if (is_comment(f->line[i]))
				out_printf("%s\n", f->line[i]);
		if (f->shown < lineno)
			f->shown = lineno;
		tc = trailing_comment(f->line[lineno - 1]);
	}
	out_printf("next %s: %s%s%s\n", where, text, tc != NULL ? "  " : "",
	    tc != NULL ? tc : "");
}

/* A line from the user, without the blanks around it (NULL: end). */
static char *
read_answer(struct session *s, char **p)
{
	char *line;
	size_t n;

	if ((line = isatty(STDIN_FILENO) ? read_tty(s) : read_plain(s)) ==
	    NULL)
		return NULL;
	for (*p = line; **p == ' ' || **p == '\t'; (*p)++)
		;
	n = strlen(*p);
	while (n > 0 && ((*p)[n - 1] == ' ' || (*p)[n - 1] == '\t'))
		(*p)[--n] = '\0';
	return line;
}

/* The user's own command: its failures are not the script's. */
static void
own_command(struct session *s, const char *p)
{
	int failed = s->failed;

	repl_exec_line(s, p);
	s->failed = failed;
}

int
step_prompt(struct session *s, const char *where, const char *text)
{
	char *line, *p;

	if (!hinted) {
		out_printf("step mode: the script's comments explain each line; "
		    "Enter runs the line shown, q quits, c runs the rest; any "
		    "other line is a command run now\n");
		hinted = 1;
	}
	failed_before = s->failed;
	for (;;) {
		show_line(where, text);
		if ((line = read_answer(s, &p)) == NULL)
			return 1;
		if (*p == '\0') {
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
		own_command(s, p);
		free(line);
		if (s->quit)
			return 1;
	}
}

int
step_result(struct session *s, const char *where, const char *text,
    int is_expect, int ok)
{
	char *line, *p;
	int rc;

	if (ok) {
		if (is_expect)
			out_printf("ok\n");
		return STEP_ON;
	}
	for (;;) {
		if (loop_terminated()) {
			rc = STEP_QUIT;
			break;
		}
		out_printf("step: %s failed: r (or Enter) runs it again, s "
		    "skips it, q quits; any other line is a command run now\n",
		    where);
		if ((line = read_answer(s, &p)) == NULL) {
			rc = STEP_QUIT;
			break;
		}
		rc = *p == '\0' || strcmp(p, "r") == 0 ? STEP_RETRY :
		    strcmp(p, "s") == 0 ? STEP_ON : strcmp(p, "q") == 0 ||
		    strcmp(p, "quit") == 0 ? STEP_QUIT : -1;
		if (rc == -1)
			own_command(s, p);
		free(line);
		if (rc != -1)
			break;
		if (s->quit) {
			rc = STEP_QUIT;
			break;
		}
	}
	if (rc == STEP_RETRY) {
		/* a failure mended by a second try is no failure */
		s->failed = failed_before;
		out_printf("again %s: %s\n", where, text);
	} else {
		/* skipped or quit on: the script did not pass */
		s->failed = 1;
		if (rc == STEP_ON)
			out_printf("skipped %s: the run will end with status "
			    "1\n", where);
	}
	return rc;
}

void
step_end(void)
{
	struct srcfile *f;
	int i;

	rlout_remove();
	while ((f = srcs) != NULL) {
		srcs = f->next;
		for (i = 0; i < f->n; i++)
			free(f->line[i]);
		free(f->line);
		free(f->path);
		free(f);
	}
}
