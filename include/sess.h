/* sess.h - one shell session: settings, connections, the edges, the log
 *
 * Two paths run through here and stay short:
 *   command -> build -> wire_encode -> inject -> tcb_on_send -> print
 *   frame -> wire_decode -> conn lookup -> tcb_on_recv -> expect -> print
 */
#ifndef TC_SESS_H
#define TC_SESS_H

#include <net/if.h>
#include <stdint.h>
#include <stdio.h>
#include <sys/time.h>

#include "portcover.h"
#include "build.h"
#include "cmdtab.h"
#include "conn.h"
#include "errbuf.h"
#include "pktstore.h"
#include "print.h"
#include "seg.h"
#include "tcb.h"

struct obs;

enum pkt_dir { DIR_OUT, DIR_IN, DIR_KERNEL };

/* One packet of the session, for log, show, hex, capture and expect. */
struct pkt_rec {
	uint64_t	 t_us;		/* since the session started */
	struct timeval	 ts;		/* wall clock, for pcap */
	enum pkt_dir	 dir;
	unsigned	 conn_id;	/* 0: no connection */
	char		 conn[CONN_NAMELEN];
	uint8_t		*pkt;		/* the IPv4 packet, owned */
	uint32_t	 len;
	struct tcb_ev	 ev;
	struct print_ctx pc;		/* numbering when it happened */
	int		 link;		/* sent at the link layer */
	int		 consumed;	/* met an expect (or a replay's wait):
					 * no later expect counts it, on
					 * whichever connection it waits */
};

struct settings {
	int		absolute, autoack, guard, onerror_continue, strict;
	int		payload, df;
	uint64_t	timeout_us, msl_us;
	uint64_t	tolerance_us;	/* scripts: how far +TIME may miss */
	int		iss_fixed;
	uint32_t	iss;
	uint32_t	win;
	uint8_t		ttl;
	uint16_t	mss;
	int		nsynopts;	/* -1: default [mss N] */
	struct tcpopt	synopts[SEG_MAXOPT];
};

enum pend_kind { P_NONE, P_WAIT, P_EXPECT, P_EXPECT_NONE };
enum pend_result { PR_RUNNING, PR_OK, PR_FAIL };

struct pending {
	enum pend_kind	 kind;
	enum pend_result result;
	uint64_t	 deadline;	/* session time, us */
	unsigned	 conn_id;
	struct segspec	*pat;		/* borrowed from the command */
	char		 what[256];	/* the pattern as typed, for messages */
	size_t		 seen;		/* non-matching segments so far */
	char		 lastwhy[256];
	/* expect.c: the log index that met it, a name to keep it under,
	 * and for "+TIME expect" the window it must arrive in */
	size_t		 match_idx;
	int		 matched;
	char		 capname[CONN_NAMELEN];
	int		 timed;
	uint64_t	 t_lo, t_hi, t_sched;
};

#define SENT_RING	64

struct backend_ops;

struct session {
	struct settings	 set;
	struct conntab	 ct;
	struct conn	*cur;
	const char	*labif;		/* -i IFACE, NULL: loopback only */
	struct task	*task;		/* what the loop drives (loop.c) */
	/* a command's own consumer of arriving frames while it waits on
	 * the loop (rx_input), NULL: none */
	void		(*rx_tap)(void *arg, const struct timeval *ts,
			    const uint8_t *frame, size_t caplen,
			    size_t wirelen);
	void		*rx_tap_arg;
	/* where segments go and come from (backend.h), chosen once; the
	 * fields below up to guard_broken, and lab and off, are the
	 * backends' state */
	const struct backend_ops *be;
	struct injector	*inj;
	struct sniffer	*sn;
	int		 dlt;
	char		 sniff_if[IF_NAMESIZE];
	struct guard	*gd;
	int		 guard_broken;	/* said once: could not install */
	struct capture	*cap;
	FILE		*record;
	uint64_t	 mono0;		/* CLOCK_MONOTONIC at start, us */
	uint64_t	 rng;
	uint16_t	 ip_id;
	uint16_t	 port_next;	/* pick_port goes on from here */
	uint32_t	 ts_base;
	uint64_t	 sent[SENT_RING];	/* hashes of our TCP segments */
	unsigned	 sent_pos;
	struct pkt_rec	*log;
	size_t		 nlog, caplog;
	struct pending	 pend;
	const char	*where;		/* "FILE:LINE" of the running line */
	int		 interactive;
	int		 quit;
	int		 failed;	/* an expect or command failed */
	pid_t		 peers[8];
	int		 npeers;
	const char	*filter_extra;	/* ORed into the capture filter
					 * (probe's replies), NULL: none */
	/* the filter installed: it is rebuilt only when one of these
	 * changes or a connection's port falls outside filt */
	struct portcover filt;
	char		*filt_extra;
	int		 filt_lab, filt_set;
	struct pktstore	 store;		/* the log's packet bytes */
	/* issue 5 (labnic.c, teach.c): the lab NIC's link layer, the
	 * default lab source address (--src), ladder/explain/quiz/peer */
	struct labnic	*lab;
	uint32_t	 lab_src;
	struct teach	*teach;
	/* issue 4: the command running (pcapng comments), named values,
	 * offline mode (virtual clock, pcap peer), record's state */
	char		 cmdtext[160];
	struct vars	*vars;
	struct offline	*off;
	struct rec_state *recst;
	/* issue 10: who is told what happens (obs.h), kept by main across
	 * fresh sessions; --step: each script line waits for Enter */
	struct obs	*obs;
	int		 step;
};

/* sess.c */
/* msl starts at settab.def's 1s (TIME-WAIT 2 s); at a terminal: */
#define SESS_MSL_TYPED_US	30000000	/* TIME-WAIT 60 s */
int		 sess_init(struct session *s, const char *labif, int seeded,
		    uint64_t seed);
void		 sess_typed(struct session *s);	/* human-scale defaults */
void		 sess_free(struct session *s);
/* Runs the session against a recorded peer (--offline): the backend
 * becomes backend_off (backend_off_lab in a lab shell), which owns o
 * from now on. */
void		 sess_offline(struct session *s, struct offline *o);
uint64_t	 sess_now(const struct session *s);	/* us since start */
uint32_t	 sess_rand(struct session *s);
int		 sess_net(struct session *s, const char *ifname,
		    struct errbuf *e);
void		 sess_refilter(struct session *s);
void		 sess_guard_conn(struct session *s, struct conn *c);
int		 sess_guard_ready(struct session *s);	/* opens it once */
void		 sess_unguard_conn(struct session *s, struct conn *c);
struct pkt_rec	*sess_log_add(struct session *s, enum pkt_dir dir,
		    const struct conn *c, const uint8_t *pkt, size_t len,
		    const struct timeval *ts);
int		 sess_set(struct session *s, const char *key, const char *val,
		    struct errbuf *e);
void		 sess_print_settings(struct session *s, FILE *f);

/* tx.c: build, encode, inject, apply, log, print.  Nothing advances when
 * the packet could not be sent. */
int	tx_segment(struct session *s, struct conn *c, enum seg_kind k,
	    const struct segspec *sp, const uint8_t *data, uint32_t len,
	    struct errbuf *e);
int	tx_send(struct session *s, struct conn *c, const struct segspec *sp,
	    struct errbuf *e);

/* Our own packets come back from the sniffer: recognised by their TCP
 * bytes, so they are not taken for the kernel's. */
void	tx_remember(struct session *s, const uint8_t *pkt, size_t len);
/* What build_segment needs from the session (id, ttl, df, TSval, SYN
 * options); takes the next IP id. */
void	tx_env(struct session *s, struct build_env *env);
int	tx_is_ours(struct session *s, const uint8_t *pkt, size_t len);

/* rx.c: one captured frame. */
void	rx_frame(void *arg, const struct timeval *ts, const uint8_t *frame,
	    size_t caplen, size_t wirelen);
/* What the backends hand over: to the command that listens for its own
 * (s->rx_tap: probe's replies, flood's copies), which passes on what is
 * not its own to rx_frame; else to rx_frame. */
void	rx_input(void *arg, const struct timeval *ts, const uint8_t *frame,
	    size_t caplen, size_t wirelen);
void	rx_timers(struct session *s);
uint64_t rx_next_timer(struct session *s);	/* 0: none */
/* After anything that may change c->tcb.tw_deadline (tcb_on_send,
 * tcb_on_recv, tcb_tick): queues the TIME-WAIT deadline, so rx_timers and
 * rx_next_timer need not visit every connection. */
void	sess_timer_sync(struct session *s, struct conn *c);

/* expect.c */
int	expect_start(struct session *s, struct cmd *c, const char *text,
	    struct errbuf *e);
void	expect_on_packet(struct session *s, size_t idx);
void	expect_on_time(struct session *s);
void	wait_start(struct session *s, uint64_t dur_us);
void	pend_cancel(struct session *s, const char *why);

/* out.c: every line the user sees goes through here, so lines that arrive
 * while the user types are printed above the prompt; the format (text,
 * --json, --tap) is out.h's. */
void	out_printf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
void	out_error(const char *where, const char *line, const struct errbuf *e);
/* The terminal's prompt, around each line of text (rlout.c). */
void	out_set_hooks(void (*before)(void), void (*after)(void));
void	out_packet(struct session *s, const struct pkt_rec *r);
size_t	out_notes(char *buf, size_t cap, const struct pkt_rec *r,
	    const struct session *s);

/* exec.c: run one parsed command.  EXEC_PENDING: an expect or wait is in
 * progress; the loop finishes it. */
#define EXEC_OK		0
#define EXEC_FAIL	1
#define EXEC_PENDING	2
#define EXEC_QUIT	3
int	exec_cmd(struct session *s, struct cmd *c, const char *text);
/* What exec_cmd makes of a run-time error (said), and of a flood, probe
 * or replay cut short (its summary said so), for the tasks that finish
 * a command: EXEC_FAIL. */
int	exec_error(struct session *s, struct errbuf *e);
int	exec_cut_short(struct session *s);

/* loop.c: the one event loop.  One poll() (the backend's wait) over the
 * backend's fd, timers, signals and the waiting task's fd; nothing else
 * in tcpcraft waits.  Whatever waits is a task on a stack in the session
 * and says what for in a struct loop_wait: until done() (checked before
 * each turn), fd readable, the deadline (session time, us; 0: none),
 * or, when asked, Ctrl-C (consumed) or SIGTERM; LW_ONE_TURN ends it
 * after one turn.  tick_ms bounds one turn (-1: none) for conditions
 * that are no event. */
#define LW_ON_INTR	0x01
#define LW_ON_TERM	0x02
#define LW_ONE_TURN	0x04
struct loop_wait {
	int		 fd;
	uint64_t	 deadline;
	int		 tick_ms;
	unsigned	 ends;		/* LW_ON_* */
	int		(*done)(struct session *s, void *arg);
	void		*arg;
};
/* One turn that does not sleep: what arrived meanwhile, then on. */
#define LOOP_ONE_TURN	{ -1, 0, 0, LW_ONE_TURN, NULL, NULL }
/* How a wait ended, or why a task runs (LW_START, LW_CHILD). */
enum loop_end { LW_DONE, LW_FD, LW_TIMEOUT, LW_INTR, LW_TERM,
	LW_START, LW_CHILD, LW_NONE };
void	loop_signals(void);
int	loop_interrupted(void);		/* consumes a pending Ctrl-C */
int	loop_terminated(void);

/* The loop drives the top task.  run() is called with LW_START first,
 * then each time its wait (t->w) ends (why: the loop_end), or with
 * LW_CHILD when a task it pushed has ended (its result in child_rc).  It
 * returns TASK_WAIT, having set t->w or pushed a child, or TASK_DONE
 * with its result in rc; the loop then pops it and calls drop() (may be
 * NULL).  A command that pushes a task returns EXEC_PENDING: its caller
 * waits for it as for a child. */
#define TASK_WAIT	0
#define TASK_DONE	1
struct task {
	struct loop_wait w;
	int		(*run)(struct session *s, struct task *t,
			    enum loop_end why);
	void		(*drop)(struct task *t);
	struct task	*below;
	enum loop_end	 resume;	/* LW_NONE: waits on w */
	int		 child_rc;
	int		 rc;
};
void	loop_push(struct session *s, struct task *t);
/* The loop itself, called once (main): drives the tasks until none is
 * left; the rc of the last one (the session's). */
int	loop_run(struct session *s);
/* Makes t the task that waits until the pending expect or wait
 * resolves (Ctrl-C cancels it); its rc is EXEC_OK or EXEC_FAIL. */
void	loop_finish_task(struct task *t);

/* script.c: -f, -c and source. */
/* Start a script on the loop, a task above the caller whose rc is its
 * status: 0 all good, 1 a failure (EXEC_OK and EXEC_FAIL); -1 when it
 * cannot run (status 2, said on stderr). */
int	script_start_file(struct session *s, const char *path);
int	script_start_string(struct session *s, const char *text);
/* -f FILE... then -c CMDS, one after the other: the task whose rc is
 * the exit status (0, 1 or 2).  NULL: out of memory. */
struct task *script_batch_task(const char *const *files, int n,
	    const char *cmds);
/* Parses without running: the number of commands, or -1 (messages on
 * stderr as NAME:LINE:COL). */
int	script_parse_text(const char *name, const char *text, size_t len);

/* repl.c */
/* The shell: the task that reads lines from stdin (readline on a
 * terminal) and runs each; NULL: out of memory. */
struct task *repl_task(struct session *s, int banner);
/* The task that runs one typed line as the prompt would (step mode's
 * own commands), or NULL: nothing to run (said why). */
struct task *repl_line_task(struct session *s, const char *line);

#endif
