/* script.c - -f FILE, -c 'CMD; CMD', source FILE
 *
 * A script is parsed whole before its first line runs: a syntax error
 * anywhere is reported as FILE:LINE:COL and nothing is sent (exit 2).
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lex.h"
#include "sess.h"

struct sline {
	int		 lineno;
	char		*text;		/* the command's own text */
	uint64_t	 delay_us;	/* "+0.5 cmd": wait first */
	struct cmd	 cmd;
};

struct script {
	const char	*name;
	struct sline	*l;
	int		 n, cap;
};

static void
script_free(struct script *sc)
{
	int i;

	for (i = 0; i < sc->n; i++) {
		cmd_free(&sc->l[i].cmd);
		free(sc->l[i].text);
	}
	free(sc->l);
}

static char *
slice(const char *line, const struct token *a, const struct token *b)
{
	return strndup(line + a->col - 1, (size_t)(b->end - a->col));
}

/* Parses one line (possibly several commands split by ';') into sc. */
static int
parse_line(struct script *sc, const char *line, int lineno, struct errbuf *e)
{
	struct toklist tl = { 0 };
	struct sline *sl, *nl;
	uint64_t delay;
	int i, start, rc = 0;

	if (lex_line(line, &tl, e) != 0)
		return -1;
	for (start = 0; start < tl.n; start = i + 1) {
		for (i = start; i < tl.n && tl.t[i].kind != TOK_SEMI; i++)
			;
		if (i == start)
			continue;
		delay = 0;
		/* packetdrill-style relative time: "+0.1 ack" */
		if (tl.t[start].kind == TOK_WORD && tl.t[start].text[0] == '+') {
			if (cmd_parse_duration(tl.t[start].text + 1, &delay) != 0) {
				rc = err_set(e, tl.t[start].col, "bad time "
				    "prefix '%s' (e.g. +0.1 or +500ms)",
				    tl.t[start].text);
				break;
			}
			if (++start == i)
				continue;
		}
		if (sc->n == sc->cap) {
			sc->cap = sc->cap ? sc->cap * 2 : 32;
			if ((nl = realloc(sc->l, (size_t)sc->cap *
			    sizeof(*nl))) == NULL) {
				rc = err_set(e, 0, "out of memory");
				break;
			}
			sc->l = nl;
		}
		sl = &sc->l[sc->n];
		memset(sl, 0, sizeof(*sl));
		if (cmd_parse(tl.t + start, i - start, line, &sl->cmd, e) != 0) {
			cmd_free(&sl->cmd);
			rc = -1;
			break;
		}
		sl->lineno = lineno;
		sl->delay_us = delay;
		sl->text = slice(line, &tl.t[start], &tl.t[i - 1]);
		sc->n++;
	}
	lex_free(&tl);
	return rc;
}

static int
script_parse(struct script *sc, FILE *f, const char *text)
{
	struct errbuf e;
	char *line = NULL;
	size_t cap = 0;
	ssize_t len;
	int lineno = 0, bad = 0;

	err_clear(&e);
	if (text != NULL)
		return parse_line(sc, text, 1, &e) == 0 ? 0 :
		    (fprintf(stderr, "%s:1:%d: %s\n", sc->name, e.col, e.msg),
		    -1);
	while ((len = getline(&line, &cap, f)) >= 0) {
		lineno++;
		while (len > 0 && (line[len - 1] == '\n' || line[len - 1] == '\r'))
			line[--len] = '\0';
		if (parse_line(sc, line, lineno, &e) != 0) {
			fprintf(stderr, "%s:%d:%d: %s\n", sc->name, lineno,
			    e.col > 0 ? e.col : 1, e.msg);
			bad = 1;
		}
	}
	free(line);
	return bad ? -1 : 0;
}

/* Runs the parsed lines; *status: 0 all good, 1 a failure. */
static void
script_exec(struct session *s, struct script *sc, int *status)
{
	char where[512];
	const char *saved = s->where;
	int i, rc;

	*status = 0;
	for (i = 0; i < sc->n && !s->quit; i++) {
		struct sline *sl = &sc->l[i];

		snprintf(where, sizeof(where), "%s:%d", sc->name, sl->lineno);
		s->where = where;
		if (sl->delay_us > 0) {
			wait_start(s, sl->delay_us);
			loop_finish(s);
		}
		loop_once(s, -1, 0);	/* what arrived meanwhile, first */
		rc = exec_cmd(s, &sl->cmd, sl->text);
		if (rc == EXEC_PENDING)
			rc = loop_finish(s) == PR_OK ? EXEC_OK : EXEC_FAIL;
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
	loop_once(s, -1, 0);
	s->where = saved;
}

int
script_run_file(struct session *s, const char *path, int *status)
{
	struct script sc = { path, NULL, 0, 0 };
	FILE *f;

	if ((f = fopen(path, "r")) == NULL) {
		fprintf(stderr, "tcpcraft: %s: %s\n", path, strerror(errno));
		*status = 2;
		return -1;
	}
	if (script_parse(&sc, f, NULL) != 0) {
		fclose(f);
		script_free(&sc);
		*status = 2;
		return -1;
	}
	fclose(f);
	script_exec(s, &sc, status);
	script_free(&sc);
	return 0;
}

int
script_run_string(struct session *s, const char *text, int *status)
{
	struct script sc = { "-c", NULL, 0, 0 };

	if (script_parse(&sc, NULL, text) != 0) {
		script_free(&sc);
		*status = 2;
		return -1;
	}
	script_exec(s, &sc, status);
	script_free(&sc);
	return 0;
}
