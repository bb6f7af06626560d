/* sess.h - one shell session: settings, connections, the edges, the log
 *
 * Two paths run through here and stay short:
 *   command -> build -> wire_encode -> inject -> tcb_on_send -> print
 *   frame -> wire_decode -> conn lookup -> tcb_on_recv -> expect -> print
 */
#ifndef TC_SESS_H
#define TC_SESS_H

#include <stdint.h>
#include <stdio.h>
#include <sys/time.h>

#include "build.h"
#include "cmdtab.h"
#include "errbuf.h"
#include "pktlog.h"
#include "session.h"

/* sess.c */
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

/* exec.c: run one parsed command.  EXEC_PENDING: an expect or wait is in
 * progress; the loop finishes it. */
#define EXEC_OK		0
#define EXEC_FAIL	1
#define EXEC_PENDING	2
#define EXEC_QUIT	3
int	exec_cmd(struct session *s, struct cmd *c, const char *text);

/* loop.c: one poll() over the backend's fd, timers, signals and
 * (optionally) the caller's fd.  Whatever waits says what for in a
 * struct loop_wait, and only loop_wait turns the loop: until done()
 * (checked before each turn), fd readable, the deadline (session time,
 * us; 0: none), or, when asked, Ctrl-C (consumed) or SIGTERM.  tick_ms
 * bounds one turn (-1: none) for conditions that are no event. */
#define LW_ON_INTR	0x01
#define LW_ON_TERM	0x02
struct loop_wait {
	int		 fd;
	uint64_t	 deadline;
	int		 tick_ms;
	unsigned	 ends;		/* LW_ON_* */
	int		(*done)(struct session *s, void *arg);
	void		*arg;
};
enum loop_end { LW_DONE, LW_FD, LW_TIMEOUT, LW_INTR, LW_TERM };
enum loop_end	 loop_wait(struct session *s, const struct loop_wait *w);
/* One turn that does not sleep: what arrived meanwhile. */
void	loop_drain(struct session *s);
void	loop_signals(void);
int	loop_interrupted(void);		/* consumes a pending Ctrl-C */
int	loop_terminated(void);
/* Runs until the pending expect/wait resolves; returns its result. */
enum pend_result loop_finish(struct session *s);

/* script.c: -f, -c and source. */
int	script_run_file(struct session *s, const char *path, int *status);
int	script_run_string(struct session *s, const char *text, int *status);
/* Parses without running: the number of commands, or -1 (messages on
 * stderr as NAME:LINE:COL). */
int	script_parse_text(const char *name, const char *text, size_t len);

/* repl.c */
int	repl_run(struct session *s, int banner);
/* Runs one typed line as the prompt would (step mode's own commands). */
void	repl_exec_line(struct session *s, const char *line);

#endif
