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

/* A prompt is a task the loop drives: it asks, reads the answer (the
 * terminal through readline's callback, or a pipe byte by byte: what
 * follows the line belongs to the next prompt), and runs the user's own
 * commands as a typed line does, until an answer ends it. */
struct step_task {
	struct task	 t;		/* first: the loop's handle */
	const char	*where, *text;
	int		 result;	/* step_result's question */
	int		 is_expect, ok;
	enum { PH_TTY, PH_PLAIN, PH_OWN } phase;
	int		 failed;	/* s->failed before the own command */
	char		*buf;		/* a pipe's line so far */
	size_t		 len, cap;
};

static int step_ask(struct session *s, struct step_task *q);

/* The question answered: rc is the prompt's answer. */
static int
step_done(struct session *s, struct step_task *q, int rc)
{
	q->t.rc = rc;
	if (!q->result)
		return TASK_DONE;
	if (rc == STEP_RETRY) {
		/* a failure mended by a second try is no failure */
		s->failed = failed_before;
		out_printf("again %s: %s\n", q->where, q->text);
	} else {
		/* skipped or quit on: the script did not pass */
		s->failed = 1;
		if (rc == STEP_ON)
			out_printf("skipped %s: the run will end with status "
			    "1\n", q->where);
	}
	return TASK_DONE;
}

/* A line from the user (NULL: the end), without the blanks around it. */
static int
step_answer(struct session *s, struct step_task *q, char *line)
{
	struct task *own;
	char *p;
	size_t n;
	int rc;

	if (line == NULL)
		return step_done(s, q, q->result ? STEP_QUIT : 1);
	for (p = line; *p == ' ' || *p == '\t'; p++)
		;
	n = strlen(p);
	while (n > 0 && (p[n - 1] == ' ' || p[n - 1] == '\t'))
		p[--n] = '\0';
	if (!q->result)
		rc = *p == '\0' ? 0 : strcmp(p, "q") == 0 ||
		    strcmp(p, "quit") == 0 ? 1 : strcmp(p, "c") == 0 ? 2 : -1;
	else
		rc = *p == '\0' || strcmp(p, "r") == 0 ? STEP_RETRY :
		    strcmp(p, "s") == 0 ? STEP_ON : strcmp(p, "q") == 0 ||
		    strcmp(p, "quit") == 0 ? STEP_QUIT : -1;
	if (rc != -1) {
		free(line);
		return step_done(s, q, rc);
	}
	/* the user's own command: its failures are not the script's */
	q->failed = s->failed;
	q->phase = PH_OWN;
	own = repl_line_task(s, p);
	free(line);
	if (own == NULL)
		return q->t.run(s, &q->t, LW_CHILD);
	loop_push(s, own);
	return TASK_WAIT;
}

static int
tty_end(struct session *s, struct step_task *q)
{
	rlout_remove();
	out_set_hooks(NULL, NULL);
	if (answer != NULL && *answer != '\0')
		add_history(answer);
	return step_answer(s, q, answer);
}

static int
plain_end(struct session *s, struct step_task *q)
{
	char *buf = q->buf;

	q->buf = NULL;
	if (buf == NULL && (buf = strdup("")) == NULL)
		return step_answer(s, q, NULL);
	buf[q->len] = '\0';	/* the loop kept room for it */
	if (q->len > 0 && buf[q->len - 1] == '\r')
		buf[q->len - 1] = '\0';
	return step_answer(s, q, buf);
}

/* One byte of a pipe's line has come. */
static int
plain_byte(struct session *s, struct step_task *q)
{
	char c, *nb;

	if (read(STDIN_FILENO, &c, 1) <= 0) {
		if (q->len == 0) {
			free(q->buf);
			q->buf = NULL;
			return step_answer(s, q, NULL);
		}
		return plain_end(s, q);
	}
	if (c == '\n')
		return plain_end(s, q);
	if (q->len + 2 > q->cap) {
		q->cap = q->cap ? q->cap * 2 : 128;
		if ((nb = realloc(q->buf, q->cap)) == NULL) {
			free(q->buf);
			q->buf = NULL;
			return step_answer(s, q, NULL);
		}
		q->buf = nb;
	}
	q->buf[q->len++] = c;
	return TASK_WAIT;
}

/* Shows the question, then reads the answer with the loop running. */
static int
step_ask(struct session *s, struct step_task *q)
{
	if (!q->result)
		show_line(q->where, q->text);
	else {
		if (loop_terminated())
			return step_done(s, q, STEP_QUIT);
		out_printf("step: %s failed: r (or Enter) runs it again, s "
		    "skips it, q quits; any other line is a command run now\n",
		    q->where);
	}
	if (!isatty(STDIN_FILENO)) {
		out_printf("%s\n", STEP_PROMPT);
		q->phase = PH_PLAIN;
		q->len = 0;
		q->cap = 0;
		q->t.w = (struct loop_wait){ STDIN_FILENO, 0, -1, LW_ON_TERM,
		    NULL, NULL };
		return TASK_WAIT;
	}
	answered = 0;
	answer = NULL;
	rl_catch_signals = 0;
	rlout_install(step_prompt_text, on_line);
	q->phase = PH_TTY;
	q->t.w = (struct loop_wait){ STDIN_FILENO, 0, -1,
	    LW_ON_INTR | LW_ON_TERM, NULL, NULL };
	if (loop_terminated())
		return tty_end(s, q);
	return TASK_WAIT;
}

static int
step_run(struct session *s, struct task *t, enum loop_end why)
{
	struct step_task *q = (struct step_task *)t;

	if (why == LW_START) {
		if (q->result) {
			if (q->ok) {
				if (q->is_expect)
					out_printf("ok\n");
				t->rc = STEP_ON;
				return TASK_DONE;
			}
		} else {
			if (!hinted) {
				out_printf("step mode: the script's comments "
				    "explain each line; Enter runs the line "
				    "shown, q quits, c runs the rest; any "
				    "other line is a command run now\n");
				hinted = 1;
			}
			failed_before = s->failed;
		}
		return step_ask(s, q);
	}
	switch (q->phase) {
	case PH_TTY:
		if (why == LW_FD)
			rl_callback_read_char();
		if (why == LW_INTR || loop_interrupted())
			rlout_cancel_line();
		if (!answered && !loop_terminated())
			return TASK_WAIT;
		return tty_end(s, q);
	case PH_PLAIN:
		if (why != LW_FD) {	/* SIGTERM */
			free(q->buf);
			q->buf = NULL;
			return step_answer(s, q, NULL);
		}
		return plain_byte(s, q);
	case PH_OWN:
		s->failed = q->failed;
		if (s->quit)
			return step_done(s, q, q->result ? STEP_QUIT : 1);
		break;
	}
	return step_ask(s, q);
}

static void
step_drop(struct task *t)
{
	struct step_task *q = (struct step_task *)t;

	free(q->buf);
	free(q);
}

static struct task *
step_new(const char *where, const char *text, int result)
{
	struct step_task *q;

	if ((q = calloc(1, sizeof(*q))) == NULL)
		return NULL;
	q->t.run = step_run;
	q->t.drop = step_drop;
	q->where = where;
	q->text = text;
	q->result = result;
	return &q->t;
}

struct task *
step_prompt_task(const char *where, const char *text)
{
	return step_new(where, text, 0);
}

struct task *
step_result_task(const char *where, const char *text, int is_expect, int ok)
{
	struct step_task *q;

	if ((q = (struct step_task *)step_new(where, text, 1)) == NULL)
		return NULL;
	q->is_expect = is_expect;
	q->ok = ok;
	return &q->t;
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
