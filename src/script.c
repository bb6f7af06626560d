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
	if (c.id == C_EXPECT && c.ekind == EX_SEGMENT && c.name[0] != '\0') {
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

/* Runs the parsed lines; *status: 0 all good, 1 a failure. */
static void
script_exec(struct session *s, struct script *sc, int *status)
{
	char where[512], *dtext;
	const char *saved = s->where;
	struct settle st = { 0 };
	struct cmd dcmd, *c;
	uint64_t prev_done, sched = 0, tol = 0, t_run;
	size_t before;
	int i, rc, is_seg, is_exp, late, retry = 0, fresh, settles;

	*status = 0;
	prev_done = sess_now(s);
	for (i = 0; i < sc->n && !s->quit; i++) {
		struct sline *sl = &sc->l[i];

		snprintf(where, sizeof(where), "%s:%d", sl->file, sl->lineno);
		s->where = where;
		fresh = retry;
		if (s->step && !retry) {
			rc = step_prompt(s, where, sl->text);
			if (rc == 1) {
				s->quit = 1;
				break;
			}
			if (rc == 2)
				s->step = 0;
			fresh = 1;
		}
		if (fresh)	/* timing counts from the Enter */
			prev_done = sess_now(s);
		retry = 0;
		memset(&dcmd, 0, sizeof(dcmd));
		if (parse_now(s, sl, &dcmd, &dtext) != 0) {
			*status = 1;
			if (!s->set.onerror_continue)
				break;
			continue;
		}
		c = &dcmd;
		is_exp = c->id == C_EXPECT;
		is_seg = is_exp && c->ekind == EX_SEGMENT;
		if (sl->timed) {
			sched = prev_done + sl->delay_us;
			tol = sl->tol_us >= 0 ? (uint64_t)sl->tol_us :
			    s->set.tolerance_us;
			if (is_seg)
				expect_set_timing(sched, tol);
			else if (sched > sess_now(s)) {
				wait_start(s, sched - sess_now(s));
				loop_finish(s);
			}
		}
		/* -c is one line typed at once: its commands wait for the
		 * peer's answers as a person would; a file's lines keep
		 * the timing the script gives them (+TIME, expect) */
		settles = sc->oneline && sl->file == sc->name;
		if (settles && !sl->timed && settle_before(c) &&
		    settle_wait(&st, s) != 0) {
			cmd_free(&dcmd);
			free(dtext);
			*status = 1;
			break;
		}
		loop_drain(s);	/* what arrived meanwhile, first */
		t_run = sess_now(s);
		before = s->nlog;
		rc = exec_cmd(s, c, dtext != NULL ? dtext : sl->text);
		if (rc == EXEC_PENDING)
			rc = loop_finish(s) == PR_OK ? EXEC_OK : EXEC_FAIL;
		if (settles && rc == EXEC_OK)
			settle_arm(&st, s, c, before);
		late = sl->timed && !is_seg && t_run > sched + tol;
		if (late)
			out_printf("%s: warning: ran %.3fs late (tolerance "
			    "%.3fs)\n", where, (t_run - sched) / 1e6,
			    tol / 1e6);
		prev_done = is_seg && rc == EXEC_OK && s->pend.matched ?
		    s->log[s->pend.match_idx].t_us : sess_now(s);
		cmd_free(&dcmd);
		free(dtext);
		if (s->step && (rc == EXEC_OK || rc == EXEC_FAIL)) {
			rc = step_result(s, where, sl->text, is_exp,
			    rc == EXEC_OK);
			if (rc == STEP_RETRY) {
				retry = 1;
				i--;
				continue;
			}
			rc = rc == STEP_QUIT ? EXEC_QUIT : EXEC_OK;
		}
		if (rc == EXEC_QUIT) {
			s->quit = 1;
			break;
		}
		if (rc == EXEC_FAIL) {
			*status = 1;
			if (!s->set.onerror_continue)
				break;
		}
		if (loop_terminated())
			break;
	}
	loop_drain(s);
	s->where = saved;
}

int
script_run_file(struct session *s, const char *path, int *status)
{
	struct script sc = { path, NULL, 0, 0, NULL, 0, NULL, { { 0 } }, 0, 0 };
	FILE *f;

	if ((f = fopen(path, "r")) == NULL) {
		perr("tcpcraft: %s: %s", path, strerror(errno));
		*status = 2;
		obs_script_end(s->obs, path, 2);
		return -1;
	}
	if (script_parse(&sc, f, NULL) != 0) {
		fclose(f);
		script_free(&sc);
		*status = 2;
		obs_script_end(s->obs, path, 2);
		return -1;
	}
	fclose(f);
	script_exec(s, &sc, status);
	script_free(&sc);
	obs_script_end(s->obs, path, *status);
	return 0;
}

int
script_run_string(struct session *s, const char *text, int *status)
{
	struct script sc = { "-c", NULL, 0, 0, NULL, 0, NULL, { { 0 } }, 0, 1 };

	if (script_parse(&sc, NULL, text) != 0) {
		script_free(&sc);
		*status = 2;
		obs_script_end(s->obs, "-c", 2);
		return -1;
	}
	script_exec(s, &sc, status);
	script_free(&sc);
	obs_script_end(s->obs, "-c", *status);
	return 0;
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
