/* repl.c - GNU readline in callback mode inside the poll loop
 *
 * Packets that arrive while the user types are printed above the prompt
 * and the line being typed is redrawn.  While an expect or wait runs the
 * line handler is removed (typed keys wait in the terminal), and Ctrl-C
 * cancels it instead of leaving the shell.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <readline/history.h>
#include <readline/readline.h>

#include "lex.h"
#include "obs.h"
#include "peer.h"
#include "rlout.h"
#include "payfile.h"
#include "sess.h"
#include "settle.h"
#include "tcpopt.h"
#include "vars.h"

static struct session *S;
static char prompt[128];
static char histfile[1024];

static const char *
make_prompt(void)
{
	const char *p;

	if ((p = obs_prompt(S->obs)) != NULL)	/* a quiz question waits */
		snprintf(prompt, sizeof(prompt), "%s", p);
	else if (S->cur == NULL)
		snprintf(prompt, sizeof(prompt), "tcpcraft> ");
	else
		snprintf(prompt, sizeof(prompt), "tcpcraft %s %s> ",
		    S->cur->name, S->cur->listening ? "LISTEN" :
		    tcb_state_name(S->cur->tcb.state));
	return prompt;
}

static void on_line(char *line);

static void
install(void)
{
	rlout_install(make_prompt, on_line);
}

static void
uninstall(void)
{
	rlout_remove();
}

/* One typed line: may hold several commands split by ';'.  They run as
 * if typed one by one by a person who watches the answers (settle.c).
 * A task: a command's pending expect or wait is finished by the loop. */
struct line_task {
	struct task	 t;		/* first: the loop's handle */
	struct task	 fin;
	struct toklist	 tl;
	struct settle	 st;
	char		*line;
	struct cmd	*c;		/* the command running */
	size_t		 before;
	int		 start, i;
	enum { LT_NEXT, LT_SETTLED, LT_EXEC, LT_RAN } state;
};

static void
line_free_cmd(struct line_task *lt)
{
	if (lt->c != NULL) {
		cmd_free(lt->c);
		free(lt->c);
		lt->c = NULL;
	}
}

static void
line_drop(struct task *t)
{
	struct line_task *lt = (struct line_task *)t;

	line_free_cmd(lt);
	lex_free(&lt->tl);
	free(lt->line);
	free(lt);
}

/* Parse all first: a syntax error in the third command sends nothing
 * for the first two. */
static int
line_check(struct line_task *lt)
{
	struct toklist *tl = &lt->tl;
	struct errbuf e;
	struct cmd *c;
	int i, start;

	err_clear(&e);
	if (lex_line(lt->line, tl, &e) != 0) {
		out_error(NULL, lt->line, &e);
		return -1;
	}
	for (start = 0; start <= tl->n; start = i + 1) {
		for (i = start; i < tl->n && tl->t[i].kind != TOK_SEMI; i++)
			;
		if (i == start)
			continue;
		if ((c = calloc(1, sizeof(*c))) == NULL)
			break;
		/* a file: payload that cannot be read is refused here too,
		 * before anything on the line is sent */
		if (cmd_parse(tl->t + start, i - start, lt->line, c, &e) != 0 ||
		    (c->have_spec && payfile_load(&c->spec, &e) != 0)) {
			out_error(NULL, lt->line, &e);
			cmd_free(c);
			free(c);
			return -1;
		}
		cmd_free(c);
		free(c);
	}
	return 0;
}

/* The command has run (rc); 0: the line goes on. */
static int
line_ran(struct line_task *lt, int rc)
{
	struct cmd *c = lt->c;

	if (rc == EXEC_OK && c->id == C_EXPECT)
		out_printf("ok\n");
	if (rc == EXEC_OK)
		settle_arm(&lt->st, S, c, lt->before);
	obs_command_done(S->obs, c, rc);
	if (rc == EXEC_QUIT)
		S->quit = 1;
	line_free_cmd(lt);
	if (rc == EXEC_FAIL || loop_terminated())
		return -1;	/* the rest of the line depended on it */
	return 0;
}

/* The next command of the line: parsed, then the settle before it.
 * -1: the line is over, 1: it waits, 0: the command runs now. */
static int
line_next(struct session *s, struct line_task *lt)
{
	struct toklist *tl = &lt->tl;
	struct errbuf e;
	struct task *w;

	for (; lt->start <= tl->n && !s->quit; lt->start = lt->i + 1) {
		for (lt->i = lt->start; lt->i < tl->n &&
		    tl->t[lt->i].kind != TOK_SEMI; lt->i++)
			;
		if (lt->i == lt->start)
			continue;
		if ((lt->c = calloc(1, sizeof(*lt->c))) == NULL)
			return -1;
		err_clear(&e);
		cmd_parse(tl->t + lt->start, lt->i - lt->start, lt->line,
		    lt->c, &e);
		lt->state = LT_EXEC;
		if (settle_before(lt->c) &&
		    (w = settle_task(&lt->st, s)) != NULL) {
			lt->state = LT_SETTLED;
			loop_push(s, w);
			return 1;
		}
		return 0;
	}
	return -1;
}

/* The command runs.  -1: the line is over, 1: it waits, 0: on. */
static int
line_exec(struct session *s, struct line_task *lt)
{
	const char *text = lt->line + lt->tl.t[lt->start].col - 1;
	int rc;

	/* record writes it down */
	obs_command(s->obs, lt->c, text);
	lt->before = s->nlog;
	rc = exec_cmd(s, lt->c, text);
	lt->state = LT_RAN;
	if (rc == EXEC_PENDING) {
		/* finish it in the loop: Ctrl-C cancels it, and a failed or
		 * cancelled expect stops the line like any failure */
		uninstall();
		loop_finish_task(&lt->fin);
		loop_push(s, &lt->fin);
		return 1;
	}
	lt->t.child_rc = rc;
	return 0;
}

static int
line_run(struct session *s, struct task *t, enum loop_end why)
{
	struct line_task *lt = (struct line_task *)t;
	int r;

	if (why == LW_START) {
		if (line_check(lt) != 0)
			return TASK_DONE;
		lt->state = LT_NEXT;
	}
	for (;;) {
		switch (lt->state) {
		case LT_NEXT:
			r = line_next(s, lt);
			break;
		case LT_SETTLED:	/* -1: the rest of the line cancelled */
			r = t->child_rc != 0 ? -1 : 0;
			lt->state = LT_EXEC;
			break;
		case LT_EXEC:
			r = line_exec(s, lt);
			break;
		case LT_RAN:
		default:
			r = line_ran(lt, t->child_rc);
			lt->start = lt->i + 1;
			lt->state = LT_NEXT;
			break;
		}
		if (r < 0)
			return TASK_DONE;
		if (r > 0)
			return TASK_WAIT;
	}
}

/* $NAME.FIELD references are filled in first; record keeps the line as
 * typed, so a replay captures and uses its own values.  The task that
 * runs it, or NULL when there is nothing to run. */
static struct task *
typed_task(const char *raw)
{
	struct line_task *lt;
	struct errbuf e;
	char *line;

	err_clear(&e);
	if (vars_expand(S->vars, raw, 0, &line, &e) != 0) {
		out_error(NULL, raw, &e);
		return NULL;
	}
	/* record keeps it; a quiz may take it as an answer */
	if (obs_line(S->obs, raw, line) ||
	    (lt = calloc(1, sizeof(*lt))) == NULL) {
		free(line);
		return NULL;
	}
	lt->line = line;
	lt->t.run = line_run;
	lt->t.drop = line_drop;
	return &lt->t;
}

static void
run_typed(const char *raw)
{
	struct task *t;

	if ((t = typed_task(raw)) != NULL)
		(void)loop_run_task(S, t);
}

struct task *
repl_line_task(struct session *s, const char *line)
{
	S = s;
	return typed_task(line);
}

static void
on_line(char *line)
{
	char *p;

	if (line == NULL) {		/* EOF (Ctrl-D) */
		printf("\n");
		S->quit = 1;
		uninstall();
		return;
	}
	for (p = line; *p == ' ' || *p == '\t'; p++)
		;
	if (*p != '\0') {
		add_history(line);
		uninstall();
		run_typed(line);
	}
	free(line);
	if (!S->quit)
		install();
	else if (rlout_on())
		uninstall();
}

/* Tab completion: commands first, then what the command takes. */
static const char *const *cands;
static int cand_conns;

static char *
gen(const char *text, int state)
{
	static int i;
	static struct conn *c;
	size_t n = strlen(text);
	const char *name;

	if (state == 0) {
		i = 0;
		c = S->ct.head;
	}
	if (cand_conns) {
		while (c != NULL) {
			name = c->name;
			c = c->next;
			if (strncmp(name, text, n) == 0)
				return strdup(name);
		}
		return NULL;
	}
	while (cands != NULL && (name = cands[i]) != NULL) {
		i++;
		if (strncmp(name, text, n) == 0)
			return strdup(name);
	}
	return NULL;
}

static const char *cmd_names[C_NCMDS + 1];
static const char *set_names[S_NKEYS + 1];
static const char *seg_words[128];
static const char *state_words[] = { "none", "state", "within", "CLOSED",
	"LISTEN", "SYN-SENT", "SYN-RECEIVED", "ESTABLISHED", "FIN-WAIT-1",
	"FIN-WAIT-2", "CLOSE-WAIT", "CLOSING", "LAST-ACK", "TIME-WAIT", NULL };

static char **
complete(const char *text, int start, int end)
{
	const struct cmd_def *d;
	char first[32];
	int i = 0;

	(void)end;
	rl_attempted_completion_over = 1;
	cand_conns = 0;
	while (i < start && (rl_line_buffer[i] == ' ' || rl_line_buffer[i] == '\t'))
		i++;
	if (i >= start) {
		cands = cmd_names;
		return rl_completion_matches(text, gen);
	}
	sscanf(rl_line_buffer + i, "%31s", first);
	d = cmd_lookup(first);
	cands = NULL;
	if (d == NULL)
		return NULL;
	/* what to offer comes with the command's argument kind */
	switch (cmd_kinds[d->args].compl) {
	case CC_CONNS:
		cand_conns = 1;
		break;
	case CC_SETTINGS:
		cands = set_names;
		break;
	case CC_COMMANDS:
		cands = cmd_names;
		break;
	case CC_EXPECT:
		if (strstr(rl_line_buffer, " state ") != NULL) {
			cands = state_words;
			break;
		}
		/* FALLTHROUGH */
	case CC_SEGMENT:
		cands = seg_words;
		break;
	case CC_FILES:
		rl_attempted_completion_over = 0;	/* file names */
		return NULL;
	case CC_WORDS:
		cands = cmd_kinds[d->args].words;
		break;
	case CC_NONE:
		return NULL;
	}
	return rl_completion_matches(text, gen);
}

static void
init_completion(void)
{
	int i, k = 0;

	for (i = 0; i < C_NCMDS; i++)
		cmd_names[i] = cmd_defs[i].name;
	for (i = 0; i < S_NKEYS; i++)
		set_names[i] = set_defs[i].key;
	for (i = 0; segfield_name(i, SF_SPEC) != NULL && k < 100; i++)
		seg_words[k++] = segfield_name(i, SF_SPEC);
	for (i = 0; tcpopt_names[i] != NULL && k < 120; i++)
		seg_words[k++] = tcpopt_names[i];
	seg_words[k++] = "none";
	seg_words[k] = NULL;
	rl_attempted_completion_function = complete;
	rl_basic_word_break_characters = " \t[],;\"";
}

static void
banner(void)
{
	out_printf(
"tcpcraft %s - type a TCP conversation by hand.  A kernel echo server\n"
"listens on 127.0.0.1:20000.  First steps:\n"
"  connect 127.0.0.1:20000     a connection (sends nothing yet)\n"
"  syn                         our SYN; the kernel's SYN-ACK prints itself\n"
"  ack                         completes the three-way handshake\n"
"  send \"AB\"                   data; the echo comes back\n"
"  ack; fin; ack               acknowledge, close, acknowledge the FIN\n"
"  tcb                         the connection's state and numbers\n"
"help lists every command, help CMD explains one, Tab completes.\n",
	    TC_VERSION);
}

/* Commands piped in (echo ... | tcpcraft, a test's FIFO): plain lines, no
 * prompt and no redrawing, so the output is only what happened. */
static int
plain_run(struct session *s)
{
	struct loop_wait w = { STDIN_FILENO, 0, -1, LW_ON_INTR | LW_ON_TERM,
	    NULL, NULL };
	enum loop_end r;
	char buf[8192];
	size_t have = 0;
	ssize_t n;
	char *nl;
	int eof = 0, skip = 0;

	while (!s->quit && !loop_terminated() && !eof) {
		r = loop_wait(s, &w);
		/* Ctrl-C with no wait to cancel: forgotten, or it would end
		 * the next wait the moment it starts */
		(void)loop_interrupted();
		if (r != LW_FD)
			continue;
		n = read(STDIN_FILENO, buf + have, sizeof(buf) - 1 - have);
		if (n <= 0) {
			eof = 1;
			if (have == 0)
				break;
			buf[have++] = '\n';
		} else
			have += (size_t)n;
		buf[have] = '\0';
		while (!s->quit && !loop_terminated() &&
		    (nl = memchr(buf, '\n', have)) != NULL) {
			*nl = '\0';
			if (nl > buf && nl[-1] == '\r')
				nl[-1] = '\0';
			if (!skip)
				run_typed(buf);
			skip = 0;
			have -= (size_t)(nl + 1 - buf);
			memmove(buf, nl + 1, have);
		}
		/* the rest of a line too long is not a command of its own */
		if (have == sizeof(buf) - 1) {
			if (!skip)
				out_printf("error: line too long\n");
			have = 0;
			skip = 1;
		}
	}
	loop_drain(s);
	return 0;
}

int
repl_run(struct session *s, int show_banner)
{
	struct loop_wait w = { STDIN_FILENO, 0, -1, LW_ON_INTR | LW_ON_TERM,
	    NULL, NULL };
	const char *home = getenv("HOME");
	enum loop_end r;

	S = s;
	if (!isatty(STDIN_FILENO)) {
		if (show_banner)
			banner();
		return plain_run(s);
	}
	rl_catch_signals = 0;		/* our poll loop owns SIGINT */
	rl_readline_name = "tcpcraft";
	init_completion();
	if (home != NULL) {
		snprintf(histfile, sizeof(histfile), "%s/.tcpcraft_history",
		    home);
		read_history(histfile);
	}
	if (show_banner)
		banner();
	install();
	while (!s->quit && !loop_terminated()) {
		r = loop_wait(s, &w);
		if (r == LW_FD && rlout_on())
			rl_callback_read_char();
		if (r == LW_INTR || loop_interrupted())
			rlout_cancel_line();
	}
	if (rlout_on())
		uninstall();
	out_set_hooks(NULL, NULL);
	if (home != NULL) {
		write_history(histfile);
		history_truncate_file(histfile, 1000);
	}
	return 0;
}
