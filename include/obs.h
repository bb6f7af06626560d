/* obs.h - observers: who watches what happens in a session
 *
 * The places where things happen (the send and receive paths, expect,
 * the REPL, the script runner) say so with one obs_* call; they do not
 * know who listens.  Who listens is decided once, at start (main.c):
 *
 *   the output format (out.c)  prints: text, --json or --tap
 *   capture (capnote.c)        writes every segment to the capture file
 *   record (record.c)          writes typed commands and an expect per
 *                              arrived segment
 *   teaching (teach.c)         explain, predict, quiz
 *
 * An observer is a table of callbacks, any of them NULL, and an argument
 * of its own.  They run in the order registered: the output format first,
 * so that what teaching says follows the line it speaks about.
 *
 * Events, where they come from, and who listens (O output, C capture,
 * R record, T teaching):
 *   line          a line typed at the prompt or piped in: repl.c   R T
 *   command       a typed command is about to run / has run:
 *                 repl.c                                           R
 *   sender        what sends the next segments: a command
 *                 (exec.c), autoack (rx.c), a replayed segment
 *                 (replay.c)                                       C T
 *   sending       a segment is built, about to leave: tx.c         T
 *   sent          a segment left, applied to its TCB, logged: tx.c O C
 *   received      a segment arrived (from the peer, or from the
 *                 local kernel), applied and logged: rx.c          O C T
 *   state         a state change with no segment (timers): rx.c    O
 *   expect        an expect, expect none or expect state was
 *                 decided: expect.c                                O
 *   script_end    a script (-f, -c, source) ended: script.c        O
 *   tick          time passed (the loop's timers): rx.c            T
 *   end           the session ends: sess_init.c                    C R T
 * and three questions the edges ask:
 *   deadline      the earliest time an observer wants a tick       T
 *   prompt        the prompt to show instead of the usual one      T
 *   show          a packet line is about to be shown as text: it
 *                 may be rewritten (a quiz hides fields); returns
 *                 the #N the line carries, or 0                    T
 */
#ifndef TC_OBS_H
#define TC_OBS_H

#include <stddef.h>
#include <stdint.h>

#include "tcb.h"

struct session;
struct conn;
struct cmd;
struct seg;
struct pkt_rec;

/* What sends, or a typed command. */
struct obs_cmd {
	const struct cmd *c;	/* NULL: autoack, a replayed segment */
	const char	*text;	/* as it runs (the capture's comment) */
	int		 rc;	/* command_done: EXEC_OK, EXEC_FAIL... */
};

/* An expect decided. */
struct obs_expect {
	const char	*where;		/* "FILE:LINE", NULL typed */
	const char	*pattern;	/* as typed, "none", "state X" */
	int		 ok;
	const char	*reason;	/* the failure message, NULL: met */
	long		 packet;	/* log index that met it, -1 none */
};

struct obs_ops {
	const char	*name;
	/* 1: the line was not a command (a quiz answer); raw as typed,
	 * line with $NAME.FIELD filled in */
	int	(*line)(void *arg, struct session *s, const char *raw,
		    const char *line);
	void	(*command)(void *arg, struct session *s,
		    const struct obs_cmd *oc);
	void	(*command_done)(void *arg, struct session *s,
		    const struct obs_cmd *oc);
	void	(*sender)(void *arg, struct session *s,
		    const struct obs_cmd *oc);
	void	(*sending)(void *arg, struct session *s, struct conn *c,
		    const struct seg *g);
	void	(*sent)(void *arg, struct session *s, struct conn *c,
		    const struct pkt_rec *r);
	void	(*received)(void *arg, struct session *s, struct conn *c,
		    const struct pkt_rec *r);
	void	(*state)(void *arg, struct session *s, uint64_t t_us,
		    const struct conn *c, enum tcb_state from,
		    enum tcb_state to, const char *why);
	void	(*expect)(void *arg, struct session *s,
		    const struct obs_expect *x);
	void	(*script_end)(void *arg, struct session *s,
		    const char *file, int status);
	void	(*tick)(void *arg, struct session *s, uint64_t now);
	void	(*end)(void *arg, struct session *s);
	uint64_t (*deadline)(void *arg, const struct session *s);
	const char *(*prompt)(void *arg, struct session *s);
	size_t	(*show)(void *arg, struct session *s,
		    const struct pkt_rec *r, char *line, size_t cap);
};

#define OBS_MAX	8

/* The observers of one session, kept by whoever starts sessions (main),
 * so a fresh session (--tap) keeps them.  Every emit takes the list,
 * s->obs (NULL: nobody listens); the callbacks get the session. */
struct obs {
	struct session		*s;
	const struct obs_ops	*ops[OBS_MAX];
	void			*arg[OBS_MAX];
	int			 n;
};

void	obs_init(struct obs *o, struct session *s);
/* -1 when the list is full. */
int	obs_add(struct obs *o, const struct obs_ops *ops, void *arg);

int	obs_line(struct obs *o, const char *raw, const char *line);
void	obs_command(struct obs *o, const struct cmd *c, const char *text);
void	obs_command_done(struct obs *o, const struct cmd *c, int rc);
void	obs_sender(struct obs *o, const struct cmd *c, const char *text);
void	obs_sending(struct obs *o, struct conn *c, const struct seg *g);
void	obs_sent(struct obs *o, struct conn *c, const struct pkt_rec *r);
void	obs_received(struct obs *o, struct conn *c, const struct pkt_rec *r);
void	obs_state(struct obs *o, uint64_t t_us, const struct conn *c,
	    enum tcb_state from, enum tcb_state to, const char *why);
void	obs_expect(struct obs *o, const char *where, const char *pattern,
	    int ok, const char *reason, long packet);
void	obs_script_end(struct obs *o, const char *file, int status);
void	obs_tick(struct obs *o, uint64_t now);
void	obs_end(struct obs *o);
uint64_t obs_deadline(const struct obs *o);		/* 0: none */
const char *obs_prompt(struct obs *o);			/* NULL: the usual */
size_t	obs_show(struct obs *o, const struct pkt_rec *r, char *line,
	    size_t cap);

#endif
