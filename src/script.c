/* script.c - -f FILE, -c 'CMD; CMD', source FILE
 *
 * A script is parsed whole before its first line runs, include files and
 * all: a syntax error anywhere is reported as FILE:LINE:COL and nothing is
 * sent (exit 2).  Only each line's text is kept, and it is parsed again
 * when it runs: a parsed command is 4 KB, the text a few dozen bytes, and
 * a script of a thousand sessions has ten thousand lines.  A line that
 * uses $NAME.FIELD is checked with stand-in values, and filled in with
 * the real ones when it runs.
 */
#include <sys/stat.h>

#include <errno.h>
#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cmdtab.h"
#include "errbuf.h"
#include "exec.h"
#include "expect.h"
#include "lex.h"
#include "loop.h"
#include "obs.h"
#include "out.h"
#include "payfile.h"
#include "pktlog.h"
#include "script.h"
#include "sess.h"
#include "session.h"
#include "settle.h"
#include "step.h"
#include "vars.h"

#define MAX_DEPTH	16	/* include nesting */

struct sline {
	const char	*file;		/* owned by the script's file list */
	int		 lineno;
	char		*text;		/* the command as written */
	int		 timed;		/* "+0.5 cmd" */
	uint64_t	 delay_us;
	int64_t		 tol_us;	/* "+0.5~20ms"; -1: set tolerance */
	int		 dyn;		/* uses $NAME.FIELD: fill in when run */
};

/* Who includes whom, for cycles and messages. */
struct incl {
	char	*real;			/* realpath of the file */
	const char *name;		/* as shown */
	int	 line;			/* where it includes the next one */
};

struct script {
	const char	*name;
	struct sline	*l;
	int		 n, cap;
	char		**files;	/* names of included files */
	int		 nfiles;
	struct vars	*decl;		/* names declared by "as NAME" */
	struct incl	 stack[MAX_DEPTH];
	int		 depth;
	int		 oneline;	/* -c: its commands settle (settle.c) */
};

/* Parse errors: on stderr, and for --json and --tap also as events or
 * diagnostics on stdout. */
static void
perr(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

static void
perr(const char *fmt, ...)
{
	char msg[1024];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	out_flush();		/* stdout's lines before it, in order */
	fprintf(stderr, "%s\n", msg);
	out_diag(msg);
}

static void
script_free(struct script *sc)
{
	int i;

	for (i = 0; i < sc->n; i++)
		free(sc->l[i].text);
	free(sc->l);
	for (i = 0; i < sc->nfiles; i++)
		free(sc->files[i]);
	free(sc->files);
	for (i = 0; i < sc->depth; i++)
		free(sc->stack[i].real);
	vars_free(sc->decl);
}

/* "  (included from a.tc:3)" for every level above the current file */
static void
perr_where(struct script *sc, const char *file, int lineno, int col,
    const char *msg)
{
	int i;

	if (col > 0)
		perr("%s:%d:%d: %s", file, lineno, col, msg);
	else
		perr("%s:%d: %s", file, lineno, msg);
	for (i = sc->depth - 2; i >= 0; i--)
		perr("  (included from %s:%d)", sc->stack[i].name,
		    sc->stack[i].line);
}

static int script_parse_file(struct script *sc, FILE *f, const char *name);

/* The included file's path: relative to the including file's directory. */
static char *
incl_path(const char *from, const char *path)
{
	const char *slash;
	char *p;

	if (path[0] == '/' || (slash = strrchr(from, '/')) == NULL ||
	    strcmp(from, "-c") == 0)
		return strdup(path);
	if (asprintf(&p, "%.*s/%s", (int)(slash - from), from, path) < 0)
		return NULL;
	return p;
}

static int
do_include(struct script *sc, const char *from, int lineno, int col,
    const char *path)
{
	struct stat st;
	char *full, *real, **nf, msg[PATH_MAX + 128];
	FILE *f;
	int i, rc;

	if ((full = incl_path(from, path)) == NULL)
		return -1;
	if ((nf = realloc(sc->files, (size_t)(sc->nfiles + 1) *
	    sizeof(*nf))) == NULL) {
		free(full);
		return -1;
	}
	sc->files = nf;
	sc->files[sc->nfiles++] = full;
	if (sc->depth >= MAX_DEPTH) {
		perr_where(sc, from, lineno, col, "include: nested too deep");
		return -1;
	}
	if ((f = fopen(full, "r")) == NULL) {
		snprintf(msg, sizeof(msg), "include %s: %s", full,
		    strerror(errno));
		perr_where(sc, from, lineno, col, msg);
		return -1;
	}
	/* a device or a FIFO would never end */
	if (fstat(fileno(f), &st) != 0 || !S_ISREG(st.st_mode) ||
	    (real = realpath(full, NULL)) == NULL) {
		snprintf(msg, sizeof(msg), "include %s: not a regular file",
		    full);
		perr_where(sc, from, lineno, col, msg);
		fclose(f);
		return -1;
	}
	sc->stack[sc->depth - 1].line = lineno;
	for (i = 0; i < sc->depth; i++)
		if (strcmp(sc->stack[i].real, real) == 0) {
			snprintf(msg, sizeof(msg), "include %s: a cycle: %s is "
			    "being read already (%s:%d includes %s)", path,
			    full, sc->stack[i].name, sc->stack[i].line,
			    i + 1 < sc->depth ? sc->stack[i + 1].name : from);
			perr_where(sc, from, lineno, col, msg);
			free(real);
			fclose(f);
			return -1;
		}
	sc->stack[sc->depth].real = real;
	sc->stack[sc->depth].name = full;
	sc->depth++;
	rc = script_parse_file(sc, f, full);
	sc->depth--;
	free(sc->stack[sc->depth].real);
	fclose(f);
	return rc;
}

static struct sline *
new_line(struct script *sc)
{
	struct sline *nl;

	if (sc->n == sc->cap) {
		sc->cap = sc->cap ? sc->cap * 2 : 32;
		nl = realloc(sc->l, (size_t)sc->cap * sizeof(*nl));
		if (nl == NULL)
			return NULL;
		sc->l = nl;
	}
	memset(&sc->l[sc->n], 0, sizeof(sc->l[0]));
	return &sc->l[sc->n];
}

/* "+0.5" or "+0.5~20ms" */
static int
time_prefix(const struct token *t, struct sline *sl, struct errbuf *e)
{
	char buf[64], *tilde;
	uint64_t tol;

	if (t->len >= sizeof(buf))
		return err_set(e, t->col, "bad time prefix");
	memcpy(buf, t->text + 1, t->len);
	sl->tol_us = -1;
	if ((tilde = strchr(buf, '~')) != NULL) {
		*tilde = '\0';
		if (cmd_parse_duration(tilde + 1, &tol) != 0)
			return err_set(e, t->col + (int)(tilde - buf) + 2,
			    "bad tolerance '%s' (e.g. +0.1~20ms)", tilde + 1);
		sl->tol_us = (int64_t)tol;
	}
	if (cmd_parse_duration(buf, &sl->delay_us) != 0)
		return err_set(e, t->col, "bad time prefix '%s' (e.g. +0.1, "
		    "+500ms or +0.1~20ms)", t->text);
	sl->timed = 1;
	return 0;
}

/* One command: its text starts at column base of the line. */
static int
parse_cmd(struct script *sc, const char *file, int lineno, const char *text,
    int base)
{
	struct toklist tl = { 0 };
	struct errbuf e;
	struct sline *sl;
	struct cmd c;
	char *x = NULL, *cmdtext;
	const char *src = text;
	size_t n;
	int rc = -1, first = 0, dyn = vars_has_ref(text);

	err_clear(&e);
	if (dyn) {
		if (sc->decl == NULL && (sc->decl = vars_new()) == NULL)
			return -1;
		if (vars_expand(sc->decl, text, 1, &x, &e) != 0)
			goto bad;
		src = x;
	}
	if (lex_line(src, &tl, &e) != 0)
		goto bad;
	if (tl.n == 0) {
		rc = 0;
		goto out;
	}
	if ((sl = new_line(sc)) == NULL)
		goto out;
	if (tl.t[0].kind == TOK_WORD && tl.t[0].text[0] == '+') {
		if (time_prefix(&tl.t[0], sl, &e) != 0)
			goto bad;
		first = 1;
		if (tl.n == 1) {
			err_set(&e, tl.t[0].col, "a time prefix needs a "
			    "command after it");
			goto bad;
		}
	}
	memset(&c, 0, sizeof(c));
	/* everything is checked before the first line is sent, a file:
	 * payload's file too (it is read again when its line runs) */
	if (cmd_parse(tl.t + first, tl.n - first, src, &c, &e) != 0 ||
	    (c.have_spec && payfile_load(&c.spec, &e) != 0)) {
		cmd_free(&c);
		goto bad;
	}
	if (c.id == C_INCLUDE) {
		cmd_free(&c);
		rc = do_include(sc, file, lineno, base + tl.t[first].col - 1,
		    tl.t[first + 1].text);
		goto out;
	}
	if (c.id == C_EXPECT && EX_KEEPS(c.ekind) && c.name[0] != '\0') {
		if (sc->decl == NULL && (sc->decl = vars_new()) == NULL) {
			cmd_free(&c);
			goto out;
		}
		vars_declare(sc->decl, c.name);
	}
	cmd_free(&c);	/* what is kept is the text */
	/* the text from the command word on, as written */
	cmdtext = first ? strchr(text, '+') : (char *)text;
	if (first) {
		while (*cmdtext != '\0' && *cmdtext != ' ' && *cmdtext != '\t')
			cmdtext++;
		while (*cmdtext == ' ' || *cmdtext == '\t')
			cmdtext++;
	}
	sl->file = file;
	sl->lineno = lineno;
	sl->dyn = dyn;
	if ((sl->text = strdup(cmdtext)) == NULL)
		goto out;
	for (n = strlen(sl->text); n > 0 && (sl->text[n - 1] == ' ' ||
	    sl->text[n - 1] == '\t'); n--)
		sl->text[n - 1] = '\0';
	sc->n++;
	rc = 0;
	goto out;
bad:
	perr_where(sc, file, lineno, e.col > 0 ? base + e.col - 1 : 1, e.msg);
out:
	lex_free(&tl);
	free(x);
	return rc;
}

/* Splits a line into its commands at ';' outside quotes, up to '#'. */
static int
parse_line(struct script *sc, const char *file, const char *line,
    int lineno)
{
	const char *p, *start;
	char *one;
	int bad = 0;

	for (start = line;; start = p + 1) {
		p = start + lex_cmd_end(start);
		if ((one = strndup(start, (size_t)(p - start))) == NULL)
			return -1;
		if (parse_cmd(sc, file, lineno, one,
		    (int)(start - line) + 1) != 0)
			bad = 1;
		free(one);
		if (*p != ';' || bad)
			break;
	}
	return bad ? -1 : 0;
}

static int
script_parse_file(struct script *sc, FILE *f, const char *name)
{
	char *line = NULL;
	size_t cap = 0;
	ssize_t len;
	int lineno = 0, bad = 0;

	while ((len = getline(&line, &cap, f)) >= 0) {
		lineno++;
		while (len > 0 && (line[len - 1] == '\n' ||
		    line[len - 1] == '\r'))
			line[--len] = '\0';
		if (parse_line(sc, name, line, lineno) != 0)
			bad = 1;
	}
	free(line);
	return bad ? -1 : 0;
}

static int
script_parse(struct script *sc, FILE *f, const char *text)
{
	char *real;

	if (text != NULL) {
		/* includes in -c are relative to the working directory */
		sc->stack[0].real = strdup("-c");
		sc->stack[0].name = sc->name;
		sc->depth = 1;
		return parse_line(sc, sc->name, text, 1);
	}
	real = realpath(sc->name, NULL);
	sc->stack[0].real = real != NULL ? real : strdup(sc->name);
	sc->stack[0].name = sc->name;
	sc->depth = 1;
	return script_parse_file(sc, f, sc->name);
}

/* The line's command, parsed again now; a line with $NAME.FIELD is
 * filled in first (*textp: that text, else NULL). */
static int
parse_now(struct session *s, struct sline *sl, struct cmd *c, char **textp)
{
	struct toklist tl = { 0 };
	struct errbuf e;
	char *x = NULL;
	int rc = -1;

	err_clear(&e);
	*textp = NULL;
	if (sl->dyn && vars_expand(s->vars, sl->text, 0, &x, &e) != 0)
		goto bad;
	if (lex_line(x != NULL ? x : sl->text, &tl, &e) != 0 || tl.n == 0 ||
	    cmd_parse(tl.t, tl.n, x != NULL ? x : sl->text, c, &e) != 0) {
		free(x);
		if (tl.n == 0)
			err_set(&e, 0, "empty after filling in values");
		goto bad;
	}
	*textp = x;
	rc = 0;
	goto out;
bad:
	e.col = 0;
	cmd_free(c);
	out_error(s->where, NULL, &e);
	s->failed = 1;
out:
	lex_free(&tl);
	return rc;
}

/* A running script: a task the loop drives line by line.  What it
 * waits for between two steps of a line (a +TIME, a line's settle, the
 * command's pending expect or wait, the turn that takes in what arrived
 * before a command runs) is its state; the loop resumes it there. */
enum rstate { R_LINE, R_PROMPTED, R_TIMED, R_SETTLED, R_DRAINED, R_RAN,
	R_STEPPED, R_END, R_DONE };

struct runner {
	struct task	 t;		/* first: the loop's handle */
	struct task	 fin;		/* a pending expect or wait, a +TIME */
	struct script	 sc;
	struct settle	 st;
	struct cmd	 dcmd;
	char		*dtext;
	char		 where[512];
	const char	*saved;		/* s->where before the script */
	enum rstate	 state;
	uint64_t	 prev_done, sched, tol, t_run;
	size_t		 before;
	int		 i, retry, is_seg, is_exp, settles, step_asked;
	int		 rc;		/* what the last step or child gave */
	int		 status;	/* 0 all good, 1 a failure */
};

/* The next line, or the end after a failure that stops the script. */
static enum rstate
runner_fail(struct session *s, struct runner *r)
{
	r->status = 1;
	if (!s->set.onerror_continue)
		return R_END;
	r->i++;
	return R_LINE;
}

/* The top of line i: --step asks first. */
static int
runner_line(struct session *s, struct runner *r)
{
	struct sline *sl = &r->sc.l[r->i];
	struct task *q;

	snprintf(r->where, sizeof(r->where), "%s:%d", sl->file, sl->lineno);
	s->where = r->where;
	r->state = R_PROMPTED;
	r->rc = -1;		/* no prompt */
	if (s->step && !r->retry) {
		if ((q = step_prompt_task(r->where, sl->text)) == NULL)
			r->rc = 1;
		else {
			loop_push(s, q);
			return 1;
		}
	}
	return 0;
}

/* The prompt answered (r->rc, -1: none), up to the wait for a +TIME. */
static int
runner_prompted(struct session *s, struct runner *r)
{
	struct sline *sl = &r->sc.l[r->i];
	int fresh = r->retry;

	if (r->rc == 1) {
		s->quit = 1;
		r->state = R_END;
		return 0;
	}
	if (r->rc == 2)
		s->step = 0;
	if (r->rc != -1)
		fresh = 1;
	if (fresh)	/* timing counts from the Enter */
		r->prev_done = sess_now(s);
	r->retry = 0;
	memset(&r->dcmd, 0, sizeof(r->dcmd));
	if (parse_now(s, sl, &r->dcmd, &r->dtext) != 0) {
		r->state = runner_fail(s, r);
		return 0;
	}
	r->is_exp = r->dcmd.id == C_EXPECT;
	r->is_seg = r->is_exp && EX_KEEPS(r->dcmd.ekind);
	r->state = R_TIMED;
	if (sl->timed) {
		r->sched = r->prev_done + sl->delay_us;
		r->tol = sl->tol_us >= 0 ? (uint64_t)sl->tol_us :
		    s->set.tolerance_us;
		if (r->is_seg)
			expect_set_timing(s, r->sched, r->tol);
		else if (r->sched > sess_now(s)) {
			wait_start(s, r->sched - sess_now(s));
			loop_finish_task(&r->fin);
			loop_push(s, &r->fin);
			return 1;
		}
	}
	return 0;
}

static void
runner_free_cmd(struct runner *r)
{
	cmd_free(&r->dcmd);
	free(r->dtext);
	r->dtext = NULL;
}

/* After the +TIME: the line's settle, then the turn before it runs. */
static int
runner_timed(struct session *s, struct runner *r)
{
	struct sline *sl = &r->sc.l[r->i];

	/* -c is one line typed at once: its commands wait for the
	 * peer's answers as a person would; a file's lines keep
	 * the timing the script gives them (+TIME, expect) */
	struct task *w;

	r->settles = r->sc.oneline && sl->file == r->sc.name;
	r->state = R_SETTLED;
	r->rc = 0;
	if (r->settles && !sl->timed && settle_before(&r->dcmd) &&
	    (w = settle_task(&r->st, s)) != NULL) {
		loop_push(s, w);
		return 1;
	}
	return 0;
}

/* After the settle (r->rc -1: the rest cancelled): the turn before the
 * line runs. */
static int
runner_settled(struct session *s, struct runner *r)
{
	(void)s;
	if (r->rc != 0) {
		runner_free_cmd(r);
		r->status = 1;
		r->state = R_END;
		return 0;
	}
	r->t.w = (struct loop_wait)LOOP_ONE_TURN; /* what arrived meanwhile */
	r->state = R_DRAINED;
	return 1;
}

static int
runner_exec(struct session *s, struct runner *r)
{
	struct sline *sl = &r->sc.l[r->i];

	r->t_run = sess_now(s);
	r->before = s->nlog;
	r->rc = exec_cmd(s, &r->dcmd, r->dtext != NULL ? r->dtext : sl->text);
	r->state = R_RAN;
	if (r->rc == EXEC_PENDING) {
		if (s->task == &r->t) {	/* else it pushed its own */
			loop_finish_task(&r->fin);
			loop_push(s, &r->fin);
		}
		return 1;
	}
	return 0;
}

/* The line has run (rc): its notes, --step's question, the next line. */
static int
runner_ran(struct session *s, struct runner *r)
{
	struct sline *sl = &r->sc.l[r->i];
	const struct pkt_rec *m;
	struct task *q;
	int rc = r->rc, late;

	if (r->settles && rc == EXEC_OK)
		settle_arm(&r->st, s, &r->dcmd, r->before);
	late = sl->timed && !r->is_seg && r->t_run > r->sched + r->tol;
	if (late)
		out_printf("%s: warning: ran %.3fs late (tolerance "
		    "%.3fs)\n", r->where, (r->t_run - r->sched) / 1e6,
		    r->tol / 1e6);
	m = s->pend.matched ? sess_log_at(s, s->pend.match_idx) : NULL;
	r->prev_done = r->is_seg && rc == EXEC_OK && m != NULL ? m->t_us :
	    sess_now(s);
	runner_free_cmd(r);
	r->state = R_STEPPED;
	r->step_asked = s->step && (rc == EXEC_OK || rc == EXEC_FAIL);
	if (r->step_asked) {
		if ((q = step_result_task(r->where, sl->text, r->is_exp,
		    rc == EXEC_OK)) != NULL) {
			loop_push(s, q);
			return 1;
		}
		r->rc = STEP_QUIT;
	}
	return 0;
}

/* --step's answer after the line (r->rc), or the line's own rc. */
static int
runner_stepped(struct session *s, struct runner *r)
{
	int rc = r->rc;

	if (r->step_asked) {
		if (rc == STEP_RETRY) {
			r->retry = 1;
			r->state = R_LINE;
			return 0;
		}
		rc = rc == STEP_QUIT ? EXEC_QUIT : EXEC_OK;
	}
	r->state = R_LINE;
	if (rc == EXEC_QUIT) {
		s->quit = 1;
		r->state = R_END;
		return 0;
	}
	if (rc == EXEC_FAIL) {
		r->status = 1;
		if (!s->set.onerror_continue) {
			r->state = R_END;
			return 0;
		}
	}
	if (loop_terminated())
		r->state = R_END;
	else
		r->i++;
	return 0;
}

static int
runner_run(struct session *s, struct task *t, enum loop_end why)
{
	struct runner *r = (struct runner *)t;

	if (why == LW_CHILD)	/* what it waited for has ended */
		r->rc = t->child_rc;
	for (;;) {
		switch (r->state) {
		case R_LINE:
			if (r->i >= r->sc.n || s->quit) {
				r->state = R_END;
				break;
			}
			if (runner_line(s, r))
				return TASK_WAIT;
			break;
		case R_PROMPTED:
			if (runner_prompted(s, r))
				return TASK_WAIT;
			break;
		case R_TIMED:
			if (runner_timed(s, r))
				return TASK_WAIT;
			break;
		case R_SETTLED:
			if (runner_settled(s, r))
				return TASK_WAIT;
			break;
		case R_DRAINED:
			if (runner_exec(s, r))
				return TASK_WAIT;
			break;
		case R_RAN:
			if (runner_ran(s, r))
				return TASK_WAIT;
			break;
		case R_STEPPED:
			if (runner_stepped(s, r))
				return TASK_WAIT;
			break;
		case R_END:
			t->w = (struct loop_wait)LOOP_ONE_TURN;
			r->state = R_DONE;
			return TASK_WAIT;
		case R_DONE:
			s->where = r->saved;
			obs_script_end(s->obs, r->sc.name, r->status);
			t->rc = r->status;
			return TASK_DONE;
		}
	}
}

static void
runner_drop(struct task *t)
{
	struct runner *r = (struct runner *)t;

	runner_free_cmd(r);
	script_free(&r->sc);
	free(r);
}

static struct runner *
runner_new(struct session *s, const char *name, int oneline)
{
	struct runner *r;

	if ((r = calloc(1, sizeof(*r))) == NULL)
		return NULL;
	r->t.run = runner_run;
	r->t.drop = runner_drop;
	r->sc.name = name;
	r->sc.oneline = oneline;
	r->saved = s->where;
	r->prev_done = sess_now(s);
	return r;
}

/* Starts the script in r on the loop: its rc is its status, 0 all good
 * or 1 a failure (EXEC_OK and EXEC_FAIL for source). */
_Static_assert(EXEC_OK == 0 && EXEC_FAIL == 1, "a script's status is "
    "source's exec code");
static void
runner_start(struct session *s, struct runner *r)
{
	loop_push(s, &r->t);
}

int
script_start_file(struct session *s, const char *path)
{
	struct runner *r;
	FILE *f;

	if ((f = fopen(path, "r")) == NULL) {
		perr("tcpcraft: %s: %s", path, strerror(errno));
		obs_script_end(s->obs, path, 2);
		return -1;
	}
	if ((r = runner_new(s, path, 0)) == NULL) {
		fclose(f);
		obs_script_end(s->obs, path, 2);
		return -1;
	}
	if (script_parse(&r->sc, f, NULL) != 0) {
		fclose(f);
		runner_drop(&r->t);
		obs_script_end(s->obs, path, 2);
		return -1;
	}
	fclose(f);
	runner_start(s, r);
	return 0;
}

int
script_start_string(struct session *s, const char *text)
{
	struct runner *r;

	if ((r = runner_new(s, "-c", 1)) == NULL ||
	    script_parse(&r->sc, NULL, text) != 0) {
		if (r != NULL)
			runner_drop(&r->t);
		obs_script_end(s->obs, "-c", 2);
		return -1;
	}
	runner_start(s, r);
	return 0;
}

/* -f FILE... then -c: one script after the other, each a task above
 * this one; the worst status decides, as the man page says. */
struct batch {
	struct task		 t;	/* first: the loop's handle */
	const char *const	*files;
	int			 n, i;
	const char		*cmds;
	int			 status, in_cmds;
};

/* A script has ended with st; 1: no more of them. */
static int
batch_end_one(struct session *s, struct batch *b, int st)
{
	if (b->in_cmds) {
		b->status = st;
		return 1;
	}
	if (st > b->status)
		b->status = st;
	b->i++;
	return st == 2 || (st == 1 && !s->set.onerror_continue);
}

static int
batch_run(struct session *s, struct task *t, enum loop_end why)
{
	struct batch *b = (struct batch *)t;
	int over = 0;

	if (why == LW_CHILD)
		over = batch_end_one(s, b, t->child_rc);
	while (!over && b->i < b->n && !s->quit) {
		if (script_start_file(s, b->files[b->i]) == 0)
			return TASK_WAIT;
		over = batch_end_one(s, b, 2);
	}
	if (!over && b->cmds != NULL && b->status == 0 && !s->quit) {
		b->in_cmds = 1;
		if (script_start_string(s, b->cmds) == 0)
			return TASK_WAIT;
		b->status = 2;
	}
	if (b->status == 0 && s->failed)
		b->status = 1;
	t->rc = b->status;
	return TASK_DONE;
}

static void
batch_drop(struct task *t)
{
	free(t);
}

struct task *
script_batch_task(const char *const *files, int n, const char *cmds)
{
	struct batch *b;

	if ((b = calloc(1, sizeof(*b))) == NULL)
		return NULL;
	b->t.run = batch_run;
	b->t.drop = batch_drop;
	b->files = files;
	b->n = n;
	b->cmds = cmds;
	return &b->t;
}

/* Parses a script held in memory and runs nothing: the fuzzer's way in,
 * and a syntax check that needs no privileges. */
int
script_parse_text(const char *name, const char *text, size_t len)
{
	struct script sc = { name, NULL, 0, 0, NULL, 0, NULL, { { 0 } }, 0, 0 };
	FILE *f;
	int n;

	if (len == 0)
		return 0;
	if ((f = fmemopen((void *)(uintptr_t)text, len, "r")) == NULL)
		return -1;
	n = script_parse(&sc, f, NULL) == 0 ? sc.n : -1;
	fclose(f);
	script_free(&sc);
	return n;
}
