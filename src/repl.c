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

#include "cmdtab.h"
#include "conn.h"
#include "errbuf.h"
#include "exec.h"
#include "lex.h"
#include "loop.h"
#include "obs.h"
#include "out.h"
#include "peer.h"
#include "repl.h"
#include "rlout.h"
#include "payfile.h"
#include "segspec.h"
#include "session.h"
#include "settle.h"
#include "tcb.h"
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
		if (s->task == &lt->t) {	/* else it pushed its own */
			loop_finish_task(&lt->fin);
			loop_push(s, &lt->fin);
		}
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

struct task *
repl_line_task(struct session *s, const char *line)
{
	S = s;
	return typed_task(line);
}

/* The prompt back after a line (or the end of the shell). */
static void
line_over(void)
{
	if (!S->quit)
		install();
	else if (rlout_on())
		uninstall();
}

/* readline's handler: a typed line becomes a task on the loop, above
 * the shell's; the shell goes on when it has ended (tty_run). */
static void
on_line(char *line)
{
	struct task *t = NULL;
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
		t = typed_task(line);
	}
	free(line);
	if (t != NULL)
		loop_push(S, t);
	else
		line_over();
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

/* The shell is a task on the loop: its wait is for stdin, and each line
 * it reads runs as a task above it. */
struct repl_task {
	struct task	 t;		/* first: the loop's handle */
	int		 banner;
	/* piped in */
	char		 buf[8192];
	size_t		 have;
	int		 eof, skip;
};

static void
repl_drop(struct task *t)
{
	free(t);
}

/* Commands piped in (echo ... | tcpcraft, a test's FIFO): plain lines, no
 * prompt and no redrawing, so the output is only what happened.  The
 * next whole line in the buffer runs (1: a task for it was pushed). */
static int
plain_line(struct session *s, struct repl_task *r)
{
	struct task *lt;
	char *nl;

	while (!s->quit && !loop_terminated() &&
	    (nl = memchr(r->buf, '\n', r->have)) != NULL) {
		*nl = '\0';
		if (nl > r->buf && nl[-1] == '\r')
			nl[-1] = '\0';
		lt = !r->skip ? typed_task(r->buf) : NULL;
		r->skip = 0;
		r->have -= (size_t)(nl + 1 - r->buf);
		memmove(r->buf, nl + 1, r->have);
		if (lt != NULL) {
			loop_push(s, lt);
			return 1;
		}
	}
	/* the rest of a line too long is not a command of its own */
	if (r->have == sizeof(r->buf) - 1) {
		if (!r->skip)
			out_printf("error: line too long\n");
		r->have = 0;
		r->skip = 1;
	}
	return 0;
}

static int
plain_run(struct session *s, struct task *t, enum loop_end why)
{
	struct repl_task *r = (struct repl_task *)t;
	ssize_t n;

	if (why == LW_START) {
		if (r->banner)
			banner();
		t->w = (struct loop_wait){ STDIN_FILENO, 0, -1,
		    LW_ON_INTR | LW_ON_TERM, NULL, NULL };
	} else if (why == LW_CHILD) {
		if (plain_line(s, r))
			return TASK_WAIT;
	} else if (why == LW_TIMEOUT && t->w.ends == LW_ONE_TURN)
		return TASK_DONE;	/* the last turn, below */
	else {
		/* Ctrl-C with no wait to cancel: forgotten, or it would end
		 * the next wait the moment it starts */
		(void)loop_interrupted();
		if (why == LW_FD) {
			n = read(STDIN_FILENO, r->buf + r->have,
			    sizeof(r->buf) - 1 - r->have);
			if (n <= 0) {
				r->eof = 1;
				if (r->have == 0)
					goto end;
				r->buf[r->have++] = '\n';
			} else
				r->have += (size_t)n;
			r->buf[r->have] = '\0';
			if (plain_line(s, r))
				return TASK_WAIT;
		}
	}
	if (!s->quit && !loop_terminated() && !r->eof)
		return TASK_WAIT;
end:
	/* what arrived meanwhile, then the end */
	t->w = (struct loop_wait)LOOP_ONE_TURN;
	return TASK_WAIT;
}

static int
tty_run(struct session *s, struct task *t, enum loop_end why)
{
	struct repl_task *r = (struct repl_task *)t;
	const char *home = getenv("HOME");

	switch (why) {
	case LW_START:
		rl_catch_signals = 0;		/* our poll loop owns SIGINT */
		rl_readline_name = "tcpcraft";
		init_completion();
		if (home != NULL) {
			snprintf(histfile, sizeof(histfile),
			    "%s/.tcpcraft_history", home);
			read_history(histfile);
		}
		if (r->banner)
			banner();
		install();
		t->w = (struct loop_wait){ STDIN_FILENO, 0, -1,
		    LW_ON_INTR | LW_ON_TERM, NULL, NULL };
		break;
	case LW_CHILD:		/* the line has run */
		line_over();
		if (loop_interrupted())
			rlout_cancel_line();
		break;
	default:
		if (why == LW_FD && rlout_on()) {
			rl_callback_read_char();
			if (s->task != t)	/* a line to run */
				return TASK_WAIT;
		}
		if (why == LW_INTR || loop_interrupted())
			rlout_cancel_line();
		break;
	}
	if (!s->quit && !loop_terminated())
		return TASK_WAIT;
	if (rlout_on())
		uninstall();
	out_set_hooks(NULL, NULL);
	if (home != NULL) {
		write_history(histfile);
		history_truncate_file(histfile, 1000);
	}
	return TASK_DONE;
}

struct task *
repl_task(struct session *s, int show_banner)
{
	struct repl_task *r;

	S = s;
	if ((r = calloc(1, sizeof(*r))) == NULL)
		return NULL;
	r->banner = show_banner;
	r->t.run = isatty(STDIN_FILENO) ? tty_run : plain_run;
	r->t.drop = repl_drop;
	return &r->t;
}
