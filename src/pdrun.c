/* pdrun.c - one packetdrill script run against the live kernel
 *
 * The timeline is packetdrill's: the first event is at 0; "+t" counts
 * from when the previous event happened (from its script time when both
 * are inbound packets, so that a burst does not drift); '<' packets and
 * system calls wait for their time; '>' packets are read as they come
 * and their time checked against the line's, with a tolerance of
 * max(--tolerance_usecs, --tolerance_percent of the gap since the
 * previous line).  A blocking call ("+0...0.2 read(...)") runs on the
 * agent while the next lines go on, and is checked when it returns.
 *
 * A content mismatch and a timing miss are told apart: when the '>'
 * segment is late, the runner still waits a while for it, so that a slow
 * machine reports "timing" rather than a wrong packet.
 */
#include <sys/prctl.h>
#include <sys/wait.h>

#include <errno.h>
#include <poll.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "backend.h"
#include "backend_tun.h"
#include "cmdtab.h"
#include "conn.h"
#include "obs.h"
#include "out.h"
#include "pdcode.h"
#include "pdpkt.h"
#include "pdrun.h"
#include "pdstep.h"
#include "pdsys.h"
#include "pktlog.h"
#include "print.h"
#include "rx.h"
#include "sess.h"
#include "sess_init.h"
#include "session.h"
#include "tcb.h"
#include "teach.h"
#include "wire.h"

#define PD_MAXCONN	16
#define PD_QUEUE	1024
#define PD_LATE_US	2000000		/* how long a late '>' is awaited */
#define PD_ANY_US	10000000	/* how long a '*' line waits */
#define PD_END_US	1000000		/* how long a blocking call may run
					 * past the end of the script */
#define PD_WIRE_LINES	40		/* lines on the wire kept for a
					 * failure's report */
#define PD_FIRST_PORT	40000		/* the remote's first port */

#define SUT_NONE	0	/* no socket yet */
#define SUT_NEW		1	/* socket() */
#define SUT_LISTEN	2	/* listen(): a SYN makes a child */
#define SUT_CONNECTING	3	/* connect(): its SYN names the connection */
#define SUT_CONN	4	/* a connection, r->sut */

struct pdq {
	uint64_t	 t;		/* session us */
	size_t		 len;
	uint8_t		*pkt;
};

struct run {
	const char		*path;
	const struct pdcfg	*cfg;
	struct session		 s;
	struct obs		 obs;		/* -v: tcpcraft's own lines */
	struct out		*fmt;
	struct tun		*tun;
	struct pdsys		*agent;
	struct pdcode		*code;		/* the %{ }% blocks */
	uint64_t		 t0;		/* session us at script time 0 */
	/* outbound segments read and not yet compared */
	struct pdq		 q[PD_QUEUE];
	int			 qhead, qn;
	/* connections: a ring, the newest at conn[newest]; a slot is
	 * reused only when all are taken, so a pointer to one stays good */
	struct pdconn		 conn[PD_MAXCONN];
	int			 nconn, newest;
	/* packetdrill's socket under test: the one the last socket(),
	 * listen() or connect() named, then the connection it got; script
	 * segments go to it, and the kernel's of other connections are
	 * passed over */
	int			 sut_kind;	/* SUT_* */
	struct pdconn		*sut;
	uint16_t		 next_port;
	/* the last lines on the wire, for a failure */
	char			*wire[PD_WIRE_LINES];
	int			 nwire;
	/* a blocking call in progress */
	const struct pd_event	*pending;
	int			 agent_ready;	/* its answer is in */
	int64_t			 pend_end;	/* its script end time */
	int64_t			 pend_last;	/* the line before it */
	/* --step: the script's text (to show its lines), still stepping */
	char			*src;
	int			 stepping;
	/* the previous event's script time (-1: none) and kind */
	int64_t			 last_t;
	int			 last_inbound;
};

static void
say(struct run *r, const char *fmt, ...)
{
	va_list ap;

	fputs(r->cfg->prefix, stdout);
	va_start(ap, fmt);
	vprintf(fmt, ap);
	va_end(ap);
	fputc('\n', stdout);
}

static uint64_t
now(struct run *r)
{
	return r->s.be->now(&r->s);
}

/* Script time now (us since the first event). */
static int64_t
elapsed(struct run *r)
{
	return (int64_t)(now(r) - r->t0);
}

/* ---- the wire, as tcpcraft prints it ---- */

static void
wire_note(struct run *r, int64_t t, int in, const struct seg *g,
    const struct pdconn *c)
{
	struct print_ctx pc;
	char line[512];
	int n;

	memset(&pc, 0, sizeof(pc));
	if (c != NULL) {
		/* the script's numbers: each side's relative to its ISN,
		 * as a script writes them after the SYN */
		pc.relative = 1;
		pc.seq_base = in ? c->map.remote_isn : c->map.live_isn;
		pc.ack_base = in ? c->map.live_isn : c->map.remote_isn;
	}
	n = snprintf(line, sizeof(line), "%4lld.%06lld %s ",
	    (long long)(t / 1000000), (long long)(t % 1000000),
	    in ? "Out" : "In ");	/* tcpcraft's: we are the remote */
	if (n < 0 || (size_t)n >= sizeof(line))
		return;
	print_line(line + n, sizeof(line) - (size_t)n, g, &pc, NULL);
	if (r->nwire == PD_WIRE_LINES) {
		free(r->wire[0]);
		memmove(r->wire, r->wire + 1, (PD_WIRE_LINES - 1) *
		    sizeof(r->wire[0]));
		r->nwire--;
	}
	if ((r->wire[r->nwire] = strdup(line)) != NULL)
		r->nwire++;
}

static void ladder(struct run *);

static void
wire_dump(struct run *r)
{
	int i;

	if (r->nwire == 0)
		return;
	if (!r->cfg->verbose) {
		say(r, "on the wire (tcpcraft as the remote: Out is a < "
		    "line, In a > line; numbers as the script writes them):");
		for (i = 0; i < r->nwire; i++)
			say(r, "  %s", r->wire[i]);
	}
	ladder(r);
}

/* ---- connections ---- */

static struct pdconn *
conn_find(struct run *r, uint16_t lport, uint16_t rport)
{
	struct pdconn *c;
	int i;

	/* newest first: a 4-tuple used again is the later connection */
	for (i = 0; i < r->nconn; i++) {
		c = &r->conn[(r->newest - i + PD_MAXCONN) % PD_MAXCONN];
		if (c->lport == lport && c->rport == rport)
			return c;
	}
	return NULL;
}

/* tcpcraft's connection for c, as seen from the remote's end (ours):
 * its TCB, log, notes and ladder see every segment of the run. */
static struct conn *
tc_conn(struct run *r, const struct pdconn *c)
{
	int from_us;

	return conn_lookup(&r->s.ct, &c->raddr, c->rport, &c->laddr,
	    c->lport, &from_us);
}

static void
tc_conn_new(struct run *r, const struct pdconn *c, int role)
{
	struct conn *tc;
	struct errbuf e;

	if ((tc = tc_conn(r, c)) == NULL && (tc = conn_add(&r->s.ct,
	    &c->raddr, c->rport, &c->laddr, c->lport, NULL, &e)) == NULL)
		return;		/* the run goes on without its TCB */
	/* the remote's MSS: what tun0's MTU leaves (1460, IPv6 1440) */
	tcb_init(&tc->tcb, role, 0, 65535, pdcfg_mss(r->cfg),
	    r->s.set.msl_us);
	tc->expect_from = r->s.nlog;
	r->s.cur = tc;
}

static struct pdconn *
conn_new(struct run *r, uint16_t lport, uint16_t rport, int role)
{
	struct pdconn *c;

	r->newest = r->nconn == 0 ? 0 : (r->newest + 1) % PD_MAXCONN;
	if (r->nconn < PD_MAXCONN)
		r->nconn++;
	c = &r->conn[r->newest];
	memset(c, 0, sizeof(*c));
	c->laddr = r->cfg->laddr;
	c->raddr = r->cfg->raddr;
	c->lport = lport;
	c->rport = rport;
	pdmap_init(&c->map);
	tc_conn_new(r, c, role);
	return c;
}

/* ---- reading the tun device ---- */

/* The backend's dispatch hands every frame here (rx_input through
 * s->rx_tap): kept for the next '>' line. */
static void
tap(void *arg, const struct timeval *ts, const uint8_t *frame,
    size_t caplen, size_t wirelen)
{
	struct run *r = arg;
	struct pdconn *c;
	struct pdq *e;
	struct seg g;

	if (wire_decode(frame, caplen, &g) != 0 ||
	    (g.anno & (SEG_A_NOT_TCP | SEG_A_TRUNC_IP | SEG_A_BAD_VER)))
		return;		/* not TCP (IPv6 router solicitations, MLD) */
	/* a SYN the kernel opens a connection with: the remote (we, in
	 * tcpcraft's terms) answers it, from LISTEN */
	if ((g.flags & (TH_SYN | TH_ACK)) == TH_SYN &&
	    conn_find(r, g.sport, g.dport) == NULL) {
		c = conn_new(r, g.sport, g.dport, TCB_SERVER);
		if (r->sut_kind == SUT_CONNECTING) {
			r->sut = c;
			r->sut_kind = SUT_CONN;
		}
	}
	if (r->qn < PD_QUEUE && (e = &r->q[(r->qhead + r->qn) % PD_QUEUE],
	    e->pkt = malloc(caplen)) != NULL) {
		memcpy(e->pkt, frame, caplen);
		e->len = caplen;
		e->t = now(r);
		r->qn++;
	}
	rx_frame(&r->s, ts, frame, caplen, wirelen);
}

/* What we wrote into the tun device, to the TCB and the log as tx.c
 * does for a segment of ours. */
static void
tc_sent(struct run *r, const struct pdconn *c, const struct seg *g,
    const uint8_t *pkt, size_t len)
{
	struct conn *tc = tc_conn(r, c);
	struct pkt_rec *rec;
	struct timeval tv;
	struct tcb_ev ev;

	if (tc == NULL)
		return;
	r->s.be->stamp(&r->s, &tv);
	tcb_on_send(&tc->tcb, g, sess_now(&r->s), &ev);
	sess_timer_sync(&r->s, tc);
	if ((rec = sess_log_add(&r->s, DIR_OUT, tc, pkt, len, &tv)) != NULL) {
		rec->ev = ev;
		tcb_print_ctx(&tc->tcb, 1, 1, &rec->pc);
		obs_sent(r->s.obs, tc, rec);
	}
	r->s.cur = tc;
}

/* The ladder of the connection a failure is about (the last one a
 * segment went on), as the shell's "ladder" draws it. */
static void
ladder(struct run *r)
{
	struct cmd cmd;
	struct errbuf e;

	if (r->s.cur == NULL)
		return;
	memset(&cmd, 0, sizeof(cmd));
	cmd.id = C_LADDER;
	fflush(stdout);
	if (teach_ladder(&r->s, &cmd, &e) == 0)
		fflush(stdout);
}

/* Lets time pass until the session's time until (us), a packet or the
 * agent's answer, whichever is first. */
static void
pump(struct run *r, uint64_t until)
{
	struct pollfd pfd[2];
	uint64_t t = now(r);
	nfds_t n = 1;

	pfd[0].fd = tun_fd(r->tun);
	pfd[0].events = POLLIN;
	/* the agent's pipe until its answer is in: it stays readable until
	 * the call is collected, which may be lines later */
	pfd[1].fd = pdsys_fd(r->agent);
	pfd[1].events = POLLIN;
	pfd[1].revents = 0;
	if (r->pending != NULL && !r->agent_ready)
		n = 2;
	if (until > t)
		r->s.be->wait(&r->s, pfd, n, (int64_t)(until - t));
	if (n == 2 && (pfd[1].revents & POLLIN))
		r->agent_ready = 1;
	r->s.be->dispatch(&r->s);
}

static void
wait_until(struct run *r, uint64_t until)
{
	while (now(r) < until)
		pump(r, until);
}

/* ---- time ---- */

static int64_t
tolerance(struct run *r, int64_t t)
{
	int64_t tol = r->cfg->tol_us, dyn;

	if (r->last_t >= 0 && t > r->last_t) {
		dyn = (int64_t)(r->cfg->tol_pct / 100.0 *
		    (double)(t - r->last_t));
		if (dyn > tol)
			tol = dyn;
	}
	return tol;
}

static void
secs(char *b, size_t cap, int64_t us)
{
	snprintf(b, cap, "%s%lld.%06lld", us < 0 ? "-" : "",
	    (long long)(llabs(us) / 1000000), (long long)(llabs(us) % 1000000));
}

/* 0 when actual (script us) is in time for an event at t (or t..end). */
static int
check_time(struct run *r, const struct pd_event *ev, const char *what,
    int64_t t, int64_t end, int64_t actual)
{
	int64_t tol = tolerance(r, t);
	char a[32], b[32], c[32], d[32];

	if (ev->time == PDT_ANY)
		return 0;
	if (end < t)
		end = t;
	if (actual >= t - tol && actual <= end + tol)
		return 0;
	secs(a, sizeof(a), t);
	secs(b, sizeof(b), end);
	secs(c, sizeof(c), actual);
	secs(d, sizeof(d), tol);
	if (end > t)
		say(r, "%s:%d: timing: expected %s in %s~%s sec but it "
		    "happened at %s sec; tolerance %s sec", r->path, ev->line,
		    what, a, b, c, d);
	else
		say(r, "%s:%d: timing: expected %s at %s sec but it happened "
		    "at %s sec; tolerance %s sec", r->path, ev->line, what, a,
		    c, d);
	return -1;
}

/* ---- packets ---- */

static int
inbound(struct run *r, const struct pd_event *ev)
{
	const struct pd_packet *p = &ev->pkt;
	struct pdconn *c = r->sut_kind == SUT_CONN ? r->sut : NULL;
	static const uint8_t zeros[65536];
	uint8_t buf[WIRE_MAXPKT];
	struct errbuf e;
	struct seg g;
	size_t len;
	char msg[200];

	if (p->has & PDP_PORTS)
		c = conn_find(r, p->dport, p->sport);
	/* a SYN makes a child of a listening socket (or of none): it is
	 * the socket under test from now on; any other segment goes to
	 * the socket under test, as under packetdrill */
	if ((p->flags & (TH_SYN | TH_ACK)) == TH_SYN && ((p->has & PDP_PORTS) ?
	    c == NULL : r->sut_kind == SUT_NONE || r->sut_kind == SUT_LISTEN))
		c = conn_new(r, p->has & PDP_PORTS ? p->dport :
		    r->cfg->bind_port, p->has & PDP_PORTS ? p->sport :
		    r->next_port++, TCB_CLIENT);
	if (c == NULL)
		c = conn_new(r, r->cfg->bind_port, r->next_port++,
		    TCB_CLIENT);
	r->sut = c;
	r->sut_kind = SUT_CONN;
	if (pdpkt_inbound(p, c, r->cfg->ecr_scaled, zeros, &g, msg,
	    sizeof(msg)) != 0) {
		say(r, "%s:%d: %s", r->path, ev->line, msg);
		return PDRUN_FAIL;
	}
	if (wire_encode(&g, buf, sizeof(buf), &len, &e) != 0) {
		say(r, "%s:%d: cannot build the packet: %s", r->path,
		    ev->line, e.msg);
		return PDRUN_REFUSED;
	}
	if (r->s.be->send(&r->s, buf, len, 0, &e) != 0) {
		say(r, "%s:%d: %s", r->path, ev->line, e.msg);
		return PDRUN_FAIL;
	}
	wire_note(r, elapsed(r), 1, &g, c);
	tc_sent(r, c, &g, buf, len);
	return PDRUN_OK;
}

/* How far a TS val may be from the script's, in ticks of
 * --tcp_ts_tick_usecs (-1: not checked): the tolerance counted, as
 * packetdrill counts it for timestamps, from the start of the script. */
static int64_t
ts_slack(struct run *r, int64_t t)
{
	int64_t tol = r->cfg->tol_us, dyn;

	if (r->cfg->ts_tick_us <= 0)
		return -1;
	dyn = (int64_t)(r->cfg->tol_pct / 100.0 * (double)t);
	if (dyn > tol)
		tol = dyn;
	return tol / r->cfg->ts_tick_us;
}

/* The queue's first segment, not the socket under test's: noted and
 * dropped. */
static void
q_skip(struct run *r)
{
	struct pdq *q = &r->q[r->qhead];
	struct pdconn *c;
	struct seg g;

	(void)wire_decode(q->pkt, q->len, &g);
	c = conn_find(r, g.sport, g.dport);
	wire_note(r, (int64_t)(q->t - r->t0), 0, &g, c);
	free(q->pkt);
	r->qhead = (r->qhead + 1) % PD_QUEUE;
	r->qn--;
}

/* Waits, until last (script us), for a segment read from the tun
 * device; 0 when one is queued. */
static int
q_wait(struct run *r, int64_t last)
{
	struct seg g;

	for (;;) {
		while (r->qn == 0 && elapsed(r) < last)
			pump(r, r->t0 + (uint64_t)last);
		if (r->qn == 0)
			return -1;
		/* the socket under test's, or passed over (kept for the
		 * failure report as what was on the wire) */
		(void)wire_decode(r->q[r->qhead].pkt, r->q[r->qhead].len, &g);
		if (r->sut_kind != SUT_CONN || (g.sport == r->sut->lport &&
		    g.dport == r->sut->rport))
			return 0;
		q_skip(r);
	}
}

/* The next segment, taken off the queue into *g (its payload not kept:
 * g->data is NULL) with its time; its connection in *cp. */
static void
q_take(struct run *r, const struct pd_packet *want, struct seg *g,
    int64_t *at, struct pdconn **cp)
{
	struct pdq *q = &r->q[r->qhead];
	struct pdconn *c;

	*at = (int64_t)(q->t - r->t0);
	(void)wire_decode(q->pkt, q->len, g);
	if ((c = conn_find(r, g->sport, g->dport)) == NULL)
		c = conn_new(r, g->sport, g->dport, TCB_SERVER);
	/* the kernel's ISN, from the SYN the script expects */
	if ((g->flags & TH_SYN) && (want->flags & TH_SYN))
		pdmap_learn_isn(&c->map, want->seq, g->seq);
	wire_note(r, *at, 0, g, c);
	g->data = NULL;
	free(q->pkt);
	r->qhead = (r->qhead + 1) % PD_QUEUE;
	r->qn--;
	*cp = c;
}

/* As packetdrill does, the segments that follow one shorter than the
 * line's are taken with it until the lengths add up: the kernel's TSO
 * sizing may split what the script writes as one (headers of the last,
 * sequence number and CWR of the first).  Each but the last as long as
 * the one before it. */
static int
aggregate(struct run *r, const struct pd_packet *want, struct seg *g,
    int64_t *at, int64_t last, int *pieces, char *msg, size_t cap)
{
	struct seg n, first = *g;
	struct pdconn *c;
	uint32_t total = g->datalen, prev = g->datalen;

	*pieces = 1;
	while (!r->cfg->strict && total < want->len && q_wait(r, last) == 0) {
		(void)wire_decode(r->q[r->qhead].pkt, r->q[r->qhead].len, &n);
		if (n.sport != g->sport || n.dport != g->dport)
			break;
		q_take(r, want, &n, at, &c);
		if (n.datalen < want->len - total && n.datalen != prev) {
			snprintf(msg, cap, "fragment payload: expected %u "
			    "bytes, got %u", prev, n.datalen);
			return -1;
		}
		total += n.datalen;
		prev = n.datalen;
		*g = n;
		(*pieces)++;
	}
	g->seq = first.seq;
	g->flags = (uint8_t)((g->flags & ~TH_CWR) | (first.flags & TH_CWR));
	g->datalen = total;
	return 0;
}

static int
outbound(struct run *r, const struct pd_event *ev, int64_t t, int64_t end)
{
	const struct pd_packet *want = &ev->pkt;
	struct pd_packet got;
	struct pdconn *c;
	struct seg g;
	int64_t last, at;
	char w[256], gs[256], msg[200];
	int rc, pieces;

	last = ev->time == PDT_ANY ? elapsed(r) + PD_ANY_US :
	    (end > t ? end : t) + tolerance(r, t) + PD_LATE_US;
	pd_packet_str(want, w, sizeof(w));
	if (q_wait(r, last) != 0) {
		say(r, "%s:%d: expected > %s got nothing (waited until %.3f "
		    "sec)", r->path, ev->line, w, (double)last / 1e6);
		wire_dump(r);
		return PDRUN_FAIL;
	}
	q_take(r, want, &g, &at, &c);
	rc = aggregate(r, want, &g, &at, last, &pieces, msg, sizeof(msg));
	if (pieces > 1 && r->cfg->verbose)
		say(r, "%s:%d: %d segments taken as one, as packetdrill takes "
		    "them (--strict_segments: not)", r->path, ev->line, pieces);
	pdpkt_to_script(&g, want, c, &got);
	if (rc == 0)
		rc = pdpkt_compare(want, &got, ts_slack(r, t), msg,
		    sizeof(msg));
	if (rc == 0 && (want->has & PDP_PORTS) && (want->sport != g.sport ||
	    want->dport != g.dport)) {
		snprintf(msg, sizeof(msg), "ports: expected %u>%u, got %u>%u",
		    want->sport, want->dport, g.sport, g.dport);
		rc = -1;
	}
	if (rc != 0) {
		say(r, "%s:%d: expected > %s got > %s (%s)", r->path,
		    ev->line, w, pd_packet_str(&got, gs, sizeof(gs)), msg);
		wire_dump(r);
		return PDRUN_FAIL;
	}
	if (check_time(r, ev, "outbound packet", t, end, at) != 0) {
		wire_dump(r);
		return PDRUN_TIMING;
	}
	return PDRUN_OK;
}

/* ---- system calls ---- */

static void
call_str(const struct pd_syscall *sc, char *b, size_t cap)
{
	snprintf(b, cap, "%s()", sc->name);
}

/* Waits for the agent's call from line ev (ends by last, script us);
 * checks its result and, for a blocking call (blocking 1), its end time
 * end.  blocking 0: a call that should not block; 2: one still running
 * at the end of the script. */
static int
call_finish(struct run *r, const struct pd_event *ev, int64_t end,
    int64_t last, int blocking)
{
	uint64_t end_mono;
	int64_t at;
	char msg[256], name[64];

	call_str(&ev->sc, name, sizeof(name));
	while (!pdsys_done(r->agent, &end_mono, msg, sizeof(msg))) {
		if (elapsed(r) >= last) {
			say(r, "%s:%d: %s: still blocked at %.3f sec%s",
			    r->path, ev->line, name, (double)elapsed(r) / 1e6,
			    blocking == 0 ? " (expected a call that "
			    "does not block; a blocking one is written "
			    "+0...END)" : blocking == 2 ? ", a second after "
			    "the end of the script" : "");
			wire_dump(r);
			return PDRUN_FAIL;
		}
		pump(r, r->t0 + (uint64_t)last);
	}
	r->pending = NULL;
	r->agent_ready = 0;
	if (msg[0] != '\0') {
		say(r, "%s:%d: %s: %s", r->path, ev->line, name, msg);
		wire_dump(r);
		return PDRUN_FAIL;
	}
	at = (int64_t)(end_mono - r->s.mono0 - r->t0);
	if (blocking == 1 && check_time(r, ev, "the call's return", end, end,
	    at) != 0)
		return PDRUN_TIMING;
	return PDRUN_OK;
}

static int
syscall_ev(struct run *r, const struct pd_event *ev, int64_t t)
{
	const struct pd_syscall *sc = &ev->sc;
	int64_t end = sc->end_us, tol;
	int rc;

	if (sc->blocking && sc->end_type == PDT_REL)
		end += t - ev->t_us;	/* the same offset as the start */
	tol = tolerance(r, t);
	if (strcmp(sc->name, "socket") == 0 || strcmp(sc->name, "listen") ==
	    0 || strcmp(sc->name, "connect") == 0) {
		r->sut = NULL;
		r->sut_kind = sc->name[0] == 's' ? SUT_NEW : sc->name[0] ==
		    'l' ? SUT_LISTEN : SUT_CONNECTING;
	}
	r->pending = ev;
	pdsys_start(r->agent, sc);
	if (sc->blocking) {
		r->pend_end = end;
		r->pend_last = r->last_t;
		return PDRUN_OK;
	}
	rc = call_finish(r, ev, t, t + tol + PD_LATE_US, 0);
	return rc;
}

/* A blocking call still running: it must end now (before another call
 * or the end of the script). */
static int
pending_finish(struct run *r)
{
	const struct pd_event *ev = r->pending;
	int64_t save = r->last_t;
	int rc;

	if (ev == NULL)
		return PDRUN_OK;
	r->last_t = r->pend_last;
	rc = call_finish(r, ev, r->pend_end, r->pend_end +
	    tolerance(r, r->pend_end) + PD_LATE_US, 1);
	r->last_t = save;
	return rc;
}

/* ---- shell lines ---- */

/* A sysctl the namespace cannot change (not per network namespace): the
 * kernel refuses the write in the run's user namespace; say so first,
 * in words, instead of letting sysctl print "permission denied". */
static int
sysctl_refused(struct run *r, int line, const char *cmd)
{
	const char *p = cmd, *k, *eq;
	char key[128], path[160];
	size_t n, i;

	while ((p = strstr(p, "sysctl")) != NULL) {
		p += 6;
		for (k = p; *k != '\0' && *k != ';' && *k != '&' &&
		    *k != '|' && *k != '\n'; k = eq) {
			while (*k == ' ' || *k == '\t')
				k++;
			for (eq = k; *eq != '\0' && *eq != ' ' &&
			    *eq != '\t' && *eq != '=' && *eq != ';' &&
			    *eq != '\n'; eq++)
				;
			if (*eq != '=' || *k == '-' || (n = (size_t)(eq -
			    k)) >= sizeof(key)) {
				while (*eq != '\0' && *eq != ' ' &&
				    *eq != ';' && *eq != '\n')
					eq++;
				continue;
			}
			memcpy(key, k, n);
			key[n] = '\0';
			for (i = 0; i < n; i++)
				if (key[i] == '.')
					key[i] = '/';
			snprintf(path, sizeof(path), "/proc/sys/%s", key);
			if (access(path, F_OK) == 0 && access(path, W_OK) !=
			    0) {
				for (i = 0; i < n; i++)
					if (key[i] == '/')
						key[i] = '.';
				say(r, "%s:%d: refused: sysctl %s is not per "
				    "network namespace; the run would change "
				    "the host's value", r->path, line, key);
				return 1;
			}
			/* skip the value, quoted or not */
			eq++;
			if (*eq == '"' && strchr(eq + 1, '"') != NULL)
				eq = strchr(eq + 1, '"') + 1;
			while (*eq != '\0' && *eq != ' ' && *eq != ';' &&
			    *eq != '\n')
				eq++;
		}
	}
	return 0;
}

static int
shell(struct run *r, int line, const char *cmd)
{
	pid_t pid, parent = getpid();
	int st;

	if (sysctl_refused(r, line, cmd))
		return PDRUN_REFUSED;
	fflush(stdout);
	if ((pid = fork()) < 0) {
		say(r, "%s:%d: fork: %s", r->path, line, strerror(errno));
		return PDRUN_FAIL;
	}
	if (pid == 0) {
		prctl(PR_SET_PDEATHSIG, SIGKILL);
		if (getppid() != parent)
			_exit(127);
		execl("/bin/sh", "sh", "-c", cmd, (char *)NULL);
		_exit(127);
	}
	/* a shell line runs to its end; packets keep being read after */
	while (waitpid(pid, &st, 0) < 0)
		if (errno != EINTR) {
			st = -1;
			break;
		}
	if (st != 0) {
		say(r, "%s:%d: command failed (%s %d): %s", r->path, line,
		    WIFEXITED(st) ? "exit" : "signal", WIFEXITED(st) ?
		    WEXITSTATUS(st) : WTERMSIG(st), cmd);
		return PDRUN_FAIL;
	}
	return PDRUN_OK;
}

/* ---- the timeline ---- */

/* The event's script time, packetdrill's way: relative times count
 * from the previous inbound packet's script time when both are inbound
 * packets, else from now. */
static int64_t
event_t(struct run *r, const struct pd_event *ev, int prev_inbound)
{
	int in = ev->kind == PDE_PACKET && ev->pkt.inbound;

	switch (ev->time) {
	case PDT_ABS:
	case PDT_ABS_RANGE:
		return ev->t_us;
	default:
		if (prev_inbound && in && r->last_t >= 0)
			return ev->t_us + r->last_t;
		return ev->t_us + elapsed(r);
	}
}

static int
event_run(struct run *r, const struct pd_event *ev)
{
	int64_t t, end;
	int rc = PDRUN_OK;

	t = event_t(r, ev, r->last_inbound);
	end = ev->time == PDT_ABS_RANGE ? ev->t_end_us :
	    ev->time == PDT_REL_RANGE ? ev->t_end_us + (t - ev->t_us) : t;
	switch (ev->kind) {
	case PDE_PACKET:
		if (!ev->pkt.inbound) {
			rc = outbound(r, ev, t, end);
			break;
		}
		wait_until(r, r->t0 + (uint64_t)t);
		if (check_time(r, ev, "inbound packet", t, t,
		    elapsed(r)) != 0)
			rc = PDRUN_TIMING;
		if (rc == PDRUN_OK)
			rc = inbound(r, ev);
		break;
	case PDE_SYSCALL:
		if ((rc = pending_finish(r)) != PDRUN_OK)
			break;
		wait_until(r, r->t0 + (uint64_t)t);
		if (check_time(r, ev, "system call", t, t, elapsed(r)) != 0)
			rc = PDRUN_TIMING;
		if (rc == PDRUN_OK)
			rc = syscall_ev(r, ev, t);
		break;
	case PDE_SHELL:
		wait_until(r, r->t0 + (uint64_t)t);
		rc = shell(r, ev->line, ev->text);
		break;
	case PDE_CODE:
		wait_until(r, r->t0 + (uint64_t)t);
		pdcode_add(r->code, pdsys_current(r->agent), r->path,
		    ev->line, ev->text);
		break;
	}
	r->last_t = t;
	r->last_inbound = ev->kind == PDE_PACKET && ev->pkt.inbound;
	return rc;
}

static int
run_open(struct run *r)
{
	struct pdsys_cfg sc;
	struct errbuf e;
	char msg[200];

	if (sess_init(&r->s, NULL, 0, 0) != 0) {
		say(r, "%s: out of memory", r->path);
		return -1;
	}
	if ((r->tun = tun_new(&r->cfg->laddr, r->cfg->lplen, &r->cfg->raddr,
	    r->cfg->rplen, r->cfg->mtu, r->cfg->mss)) == NULL) {
		say(r, "%s: out of memory", r->path);
		return -1;
	}
	sess_tun(&r->s, r->tun);
	/* -v: tcpcraft's own lines for every segment, with its notes */
	obs_init(&r->obs, &r->s);
	if (r->cfg->verbose) {
		if ((r->fmt = out_text_new()) == NULL ||
		    obs_add(&r->obs, &out_obs, r->fmt) != 0) {
			say(r, "%s: out of memory", r->path);
			return -1;
		}
		out_use(r->fmt);
	}
	r->s.obs = &r->obs;
	if (r->s.be->open(&r->s, "tun0", &e) != 0) {
		say(r, "%s: tun0: %s", r->path, e.msg);
		return -1;
	}
	r->s.rx_tap = tap;
	r->s.rx_tap_arg = r;
	memset(&sc, 0, sizeof(sc));
	sc.domain = pdcfg_domain(r->cfg);
	sc.bind_addr = pdcfg_sockaddr(r->cfg, 1);
	sc.connect_addr = pdcfg_sockaddr(r->cfg, 0);
	sc.bind_port = r->cfg->bind_port;
	sc.connect_port = r->cfg->connect_port;
	if ((r->code = pdcode_new()) == NULL) {
		say(r, "%s: out of memory", r->path);
		return -1;
	}
	if ((r->agent = pdsys_new(&sc, msg, sizeof(msg))) == NULL) {
		say(r, "%s: %s", r->path, msg);
		return -1;
	}
	return 0;
}

/* --step: the prompt before line (0: after the run); 1 to stop.  Time
 * at the prompt is taken out of the script's timeline (the kernel's
 * timers run on). */
static int
step(struct run *r, int line)
{
	uint64_t t = now(r);
	int rc;

	rc = pdstep_prompt(&r->s, r->path, line > 0 ? r->src : NULL, line);
	r->t0 += now(r) - t;
	if (rc == PDSTEP_REST)
		r->stepping = 0;
	return rc == PDSTEP_QUIT;
}

static char *
read_all(const char *path)
{
	FILE *f = fopen(path, "r");
	char *buf = NULL;
	size_t len = 0;
	FILE *m;
	int c;

	if (f == NULL || (m = open_memstream(&buf, &len)) == NULL) {
		if (f != NULL)
			fclose(f);
		return NULL;
	}
	while ((c = getc(f)) != EOF)
		putc(c, m);
	fclose(f);
	fclose(m);
	return buf;
}


/* The directory of the script, so that `../common/defaults.sh` means
 * what it meant to its author. */
static void
enter_dir(const char *path)
{
	char dir[4096];
	const char *slash = strrchr(path, '/');

	if (slash == NULL || (size_t)(slash - path) >= sizeof(dir))
		return;
	memcpy(dir, path, (size_t)(slash - path));
	dir[slash - path] = '\0';
	/* if it fails, the command will say what it cannot find */
	if (dir[0] != '\0')
		(void)!chdir(dir);
}

int
pdrun(const char *path, const struct pd_script *sc, const struct pdcfg *c)
{
	struct run *r;
	char msg[200];
	int i, rc = PDRUN_OK, rc2;

	/* the run lasts as long as the child: what it holds goes with the
	 * process, which ends with _exit */
	if ((r = calloc(1, sizeof(*r))) == NULL) {
		printf("%s%s: out of memory\n", c->prefix, path);
		return PDRUN_REFUSED;
	}
	r->path = path;
	r->cfg = c;
	r->last_t = -1;
	r->next_port = PD_FIRST_PORT;
	if (run_open(r) != 0)
		return PDRUN_REFUSED;
	if (c->step) {
		r->src = read_all(path);
		r->stepping = 1;
	}
	enter_dir(path);
	/* packetdrill's name for itself, which its helper scripts use (as
	 * $PPID of a shell line: 1, the run being pid 1 of its namespace;
	 * runs side by side share the name, and its files in /tmp, but
	 * what those files restore are sysctls of each run's own) */
	snprintf(msg, sizeof(msg), "%d", (int)getpid());
	setenv("PACKETDRILL_PID", msg, 1);
	if (sc->init_cmd != NULL &&
	    (rc = shell(r, sc->init_line, sc->init_cmd)) != PDRUN_OK)
		return rc;
	r->t0 = now(r);
	for (i = 0; i < sc->nev && rc == PDRUN_OK; i++) {
		if (r->stepping && step(r, sc->ev[i].line) != 0) {
			say(r, "%s:%d: stopped", path, sc->ev[i].line);
			return PDRUN_FAIL;
		}
		rc = event_run(r, &sc->ev[i]);
	}
	if (r->cfg->verbose && r->qn > 0)
		say(r, "%s: %d segment%s from the kernel matched by no line",
		    path, r->qn, r->qn == 1 ? "" : "s");
	if (sc->cleanup_cmd != NULL &&
	    (rc2 = shell(r, sc->cleanup_line, sc->cleanup_cmd)) != PDRUN_OK &&
	    rc == PDRUN_OK)
		rc = rc2;
	if (c->step) {
		say(r, "%s: %s", path, rc == PDRUN_OK ? "passed" :
		    "failed");
		(void)step(r, 0);
	}
	/* the blocks run at the end, as packetdrill runs them */
	if (rc == PDRUN_OK) {
		fflush(stdout);
		switch (pdcode_run(r->code, msg, sizeof(msg))) {
		case 1:
			rc = PDRUN_FAIL;
			break;
		case -1:
			say(r, "%s: %s", path, msg);
			break;
		}
	}
	/* then, as packetdrill, a blocking call still running has a second
	 * to return and be checked; after that it fails the script */
	if (rc == PDRUN_OK && r->pending != NULL) {
		r->pend_end = elapsed(r);
		r->pend_last = -1;
		rc = call_finish(r, r->pending, r->pend_end, r->pend_end +
		    PD_END_US, 2);
	}
	fflush(stdout);
	return rc;
}
