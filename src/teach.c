/* teach.c - the teaching commands in a session: ladder, explain,
 * predict, quiz, peer
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <errno.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "conn.h"
#include "errbuf.h"
#include "explain.h"
#include "predict.h"
#include "backend.h"
#include "ladder.h"
#include "obs.h"
#include "out.h"
#include "peerdiag.h"
#include "pktlog.h"
#include "print.h"
#include "quiz.h"
#include "sess.h"
#include "session.h"
#include "tcb.h"
#include "teach.h"
#include "wire.h"

#define QUIZ_MAX	16
#define QUIZ_LOOKBACK	64	/* earlier segments the arithmetic reads */
#define PREDICT_WAIT_US	1000000u	/* silence this long is an answer */
#define WHY_INDENT	"          "

struct question {
	size_t		idx;		/* log index */
	unsigned	left;		/* fields still hidden */
};

struct teach {
	int		explain;
	int		ascii;
	unsigned	quiz;		/* QZ_*, 0 off */
	int		armed;
	int		pred_on;
	unsigned	pred_conn;
	uint64_t	pred_deadline;
	struct prediction pred;
	struct question	q[QUIZ_MAX];
	int		nq;
	int		asked_now;	/* q[0]'s current field was asked */
	size_t		quiz_seen;	/* log records considered, +1 */
	struct quiz_score score;
	size_t		showing;	/* #N of the line being revealed */
	char		prompt[96];
	char		peerns[64];	/* where `peer` last found it */
};

static void	verdict(struct session *s, const struct seg *reply,
		    const char *when);

static struct teach *
get(struct session *s)
{
	if (s->teach == NULL)
		s->teach = calloc(1, sizeof(*s->teach));
	return s->teach;
}

/* Fields still to be asked, over every queued segment. */
static unsigned
quiz_pending(const struct teach *t)
{
	unsigned n = 0, m;
	int i;

	for (i = 0; i < t->nq; i++)
		for (m = t->q[i].left; m != 0; m &= m - 1)
			n++;
	return n;
}

/* "score 3 of 4; 2 questions unanswered", when the quiz was used */
static int
quiz_summary(const struct teach *t, char *buf, size_t cap)
{
	unsigned left = quiz_pending(t);
	size_t n;

	if (t->score.right + t->score.wrong + t->score.revealed + left == 0)
		return 0;
	n = quiz_score_str(&t->score, buf, cap);
	if (left > 0 && n < cap)
		snprintf(buf + n, cap - n, "; %u question%s unanswered", left,
		    left == 1 ? "" : "s");
	return 1;
}

static void
teach_free(struct session *s)
{
	char sum[128];

	/* the session ends (quit, end of input, a signal): the score */
	if (s->teach != NULL && s->interactive &&
	    quiz_summary(s->teach, sum, sizeof(sum)))
		out_printf("quiz: %s\n", sum);
	free(s->teach);
	s->teach = NULL;
}

/* set quiz off: what it drops, and the score so far */
static void
quiz_off(struct session *s, struct teach *t)
{
	char sum[128];
	unsigned left = quiz_pending(t);

	if (s->interactive && left > 0) {
		quiz_score_str(&t->score, sum, sizeof(sum));
		out_printf("quiz off: %u question%s unanswered dropped; %s\n",
		    left, left == 1 ? "" : "s", sum);
	} else if (s->interactive && quiz_summary(t, sum, sizeof(sum)))
		out_printf("quiz off: %s\n", sum);
	t->nq = t->asked_now = 0;
}

static int
onoff(const char *v, int *out)
{
	if (strcmp(v, "on") == 0 || strcmp(v, "1") == 0 ||
	    strcmp(v, "yes") == 0)
		*out = 1;
	else if (strcmp(v, "off") == 0 || strcmp(v, "0") == 0 ||
	    strcmp(v, "no") == 0)
		*out = 0;
	else
		return -1;
	return 0;
}

/* set explain, set ascii: off needs no state, on allocates it */
static int
set_teach_flag(struct session *s, const struct set_def *d, const char *val,
    size_t off, struct errbuf *e)
{
	struct teach *t;
	int on;

	if (onoff(val, &on) != 0)
		return err_set(e, 0, "set %s takes on or off", d->key);
	if (!on && s->teach == NULL)
		return 0;
	if ((t = get(s)) == NULL)
		return err_set(e, 0, "out of memory");
	*(int *)(void *)((char *)t + off) = on;
	return 0;
}

int
teach_set_explain(struct session *s, const struct set_def *d,
    const char *val, struct errbuf *e)
{
	return set_teach_flag(s, d, val, offsetof(struct teach, explain), e);
}

int
teach_set_ascii(struct session *s, const struct set_def *d,
    const char *val, struct errbuf *e)
{
	return set_teach_flag(s, d, val, offsetof(struct teach, ascii), e);
}

int
teach_set_quiz(struct session *s, const struct set_def *d,
    const char *val, struct errbuf *e)
{
	struct teach *t;
	int m;

	if ((m = quiz_parse_fields(val)) < 0)
		return err_set(e, 0, "set quiz takes on, off, all or fields "
		    "from seq,ack,win,length (e.g. set quiz seq,ack)");
	if (m == 0 && s->teach == NULL)
		return 0;
	if ((t = get(s)) == NULL)
		return err_set(e, 0, "out of memory");
	if (m == 0 && t->quiz != 0)
		quiz_off(s, t);
	t->quiz = (unsigned)m;
	/* only what arrives from now on is asked */
	t->quiz_seen = s->nlog;
	return 0;
}

void
teach_show_explain(struct session *s, const struct set_def *d, char *buf,
    size_t cap)
{
	snprintf(buf, cap, "%s", s->teach != NULL && s->teach->explain ?
	    "on" : "off");
}

void
teach_show_ascii(struct session *s, const struct set_def *d, char *buf,
    size_t cap)
{
	snprintf(buf, cap, "%s", s->teach != NULL && s->teach->ascii ?
	    "on" : "off");
}

void
teach_show_quiz(struct session *s, const struct set_def *d, char *buf,
    size_t cap)
{
	const struct teach *t = s->teach;
	char q[64];

	if (t == NULL || t->quiz == 0) {
		snprintf(buf, cap, "off");
		return;
	}
	quiz_fields_str(t->quiz, q, sizeof(q));
	snprintf(buf, cap, "%s%s", q, !s->interactive ?
	    " (scripts: fields shown)" : "");
}

/* ----- ladder ----- */

static int
locale_utf8(void)
{
	static const char *const vars[] = { "LC_ALL", "LC_CTYPE", "LANG" };
	const char *v;
	size_t i;

	for (i = 0; i < sizeof(vars) / sizeof(vars[0]); i++) {
		if ((v = getenv(vars[i])) == NULL || *v == '\0')
			continue;
		return strcasestr(v, "utf-8") != NULL ||
		    strcasestr(v, "utf8") != NULL;
	}
	return 0;
}

static int
ends_with(const char *s, const char *suffix)
{
	size_t a = strlen(s), b = strlen(suffix);

	return a >= b && strcasecmp(s + a - b, suffix) == 0;
}

int
teach_ladder(struct session *s, struct cmd *c, struct errbuf *e)
{
	struct teach *t = get(s);
	struct ladder_hdr h;
	struct conn *cn = s->cur;
	char a[16], b[16], *buf = NULL;
	size_t len = 0;
	FILE *f;

	if (cn == NULL || cn->listening)
		return err_set(e, 0, "no connection to draw (connect or "
		    "listen, and use NAME for an accepted one)");
	memset(&h, 0, sizeof(h));
	snprintf(h.us, sizeof(h.us), "%s:%u", print_addr(cn->laddr.v4, a),
	    cn->lport);
	snprintf(h.peer, sizeof(h.peer), "%s:%u", print_addr(cn->raddr.v4, b),
	    cn->rport);
	snprintf(h.name, sizeof(h.name), "%s", cn->name);
	h.role = cn->tcb.role;
	h.utf8 = (t == NULL || !t->ascii) && locale_utf8();
	h.have_now = 1;		/* a close by the timer sent nothing */
	h.us_now = cn->tcb.state;
	snprintf(h.why_now, sizeof(h.why_now), "%s", cn->tcb.reason);
	if (c->path != NULL) {
		if ((f = fopen(c->path, "w")) == NULL)
			return err_set(e, 0, "%s: %s", c->path,
			    strerror(errno));
		if (ends_with(c->path, ".svg"))
			ladder_svg(f, &h, s->log, s->nlog - s->logbase,
			    cn->id);
		else
			ladder_text(f, &h, s->log, s->nlog - s->logbase,
			    cn->id);
		if (fclose(f) != 0)
			return err_set(e, 0, "%s: %s", c->path,
			    strerror(errno));
		out_printf("ladder of %s written to %s\n", cn->name, c->path);
		return 0;
	}
	if ((f = open_memstream(&buf, &len)) == NULL)
		return err_set(e, 0, "ladder: %s", strerror(errno));
	ladder_text(f, &h, s->log, s->nlog - s->logbase,
			    cn->id);
	fclose(f);
	if (buf != NULL)
		out_printf("%s", buf);
	free(buf);
	return 0;
}

/* ----- peer: the kernel's socket at the other end ----- */

static int
fin_sent(uint8_t st)
{
	/* linux/tcp.h numbering: FIN_WAIT1 4, FIN_WAIT2 5, TIME_WAIT 6,
	 * LAST_ACK 9, CLOSING 11 */
	return st == 4 || st == 5 || st == 6 || st == 9 || st == 11;
}

static void
peer_row(FILE *f, const char *name, const char *ours, const char *theirs,
    const char *how)
{
	fprintf(f, "%-10s %-16s %-16s %s\n", name, ours, theirs, how);
}

static void
print_ss_line(FILE *f, const struct peerdiag *d)
{
	const struct tcp_info *ti = &d->ti;

	/* the keys and formats ss -tin prints, for comparison */
	fprintf(f, "  ss -tin: %s rto:%g rtt:%g/%g ato:%g mss:%u pmtu:%u "
	    "rcvmss:%u advmss:%u cwnd:%u", peerdiag_state_ss(d->state),
	    ti->tcpi_rto / 1000.0, ti->tcpi_rtt / 1000.0,
	    ti->tcpi_rttvar / 1000.0, ti->tcpi_ato / 1000.0,
	    ti->tcpi_snd_mss, ti->tcpi_pmtu, ti->tcpi_rcv_mss,
	    ti->tcpi_advmss, ti->tcpi_snd_cwnd);
	if (ti->tcpi_snd_ssthresh < 0xffff)
		fprintf(f, " ssthresh:%u", ti->tcpi_snd_ssthresh);
	if (ti->tcpi_bytes_sent)
		fprintf(f, " bytes_sent:%llu",
		    (unsigned long long)ti->tcpi_bytes_sent);
	if (ti->tcpi_bytes_retrans)
		fprintf(f, " bytes_retrans:%llu",
		    (unsigned long long)ti->tcpi_bytes_retrans);
	if (ti->tcpi_bytes_acked)
		fprintf(f, " bytes_acked:%llu",
		    (unsigned long long)ti->tcpi_bytes_acked);
	if (ti->tcpi_bytes_received)
		fprintf(f, " bytes_received:%llu",
		    (unsigned long long)ti->tcpi_bytes_received);
	if (ti->tcpi_segs_out)
		fprintf(f, " segs_out:%u", ti->tcpi_segs_out);
	if (ti->tcpi_segs_in)
		fprintf(f, " segs_in:%u", ti->tcpi_segs_in);
	if (ti->tcpi_data_segs_out)
		fprintf(f, " data_segs_out:%u", ti->tcpi_data_segs_out);
	if (ti->tcpi_data_segs_in)
		fprintf(f, " data_segs_in:%u", ti->tcpi_data_segs_in);
	if (ti->tcpi_retrans || ti->tcpi_total_retrans)
		fprintf(f, " retrans:%u/%u", ti->tcpi_retrans,
		    ti->tcpi_total_retrans);
	fprintf(f, " snd_wnd:%u\n", ti->tcpi_snd_wnd);
}

static void
print_peer(FILE *f, struct session *s, const struct conn *cn,
    const struct peerdiag *d)
{
	const struct tcb *t = &cn->tcb;
	const struct tcp_info *ti = &d->ti;
	int rel = !s->set.absolute;
	uint32_t irs0 = t->have_irs ? t->irs : 0;
	/* ours relative: minus the ISNs; the peer's absolute: plus them
	 * (its SND.* count from its ISN, our IRS; its RCV.NXT from ours) */
	uint32_t iss = rel ? t->iss : 0, irs = rel ? irs0 : 0;
	uint32_t base = rel ? 0 : irs0, obase = rel ? 0 : t->iss;
	unsigned long long una, nxt, rcv;
	char o[32], p[32], a[16], b[16];

	/* tcp_info has no sequence numbers; they follow from its byte
	 * counts: bytes_acked counts from SND.UNA after the SYN for a
	 * socket that accepted (the SYN too for one that connected),
	 * bytes_received from RCV.NXT after the SYN, FIN included */
	una = ti->tcpi_bytes_acked + (t->role == TCB_CLIENT ? 1 : 0);
	nxt = 1 + ti->tcpi_bytes_sent - ti->tcpi_bytes_retrans +
	    (fin_sent(d->state) ? 1 : 0);
	rcv = 1 + ti->tcpi_bytes_received;
	fprintf(f, "peer: the kernel's socket %s:%u -> %s:%u%s%s%s, inode "
	    "%u\n", print_addr(cn->raddr.v4, a), cn->rport,
	    print_addr(cn->laddr.v4, b), cn->lport, d->netns[0] ? " (netns " :
	    "", d->netns, d->netns[0] ? ")" : "", d->inode);
	peer_row(f, "", "us (TCB)", "peer (kernel)", "");
	peer_row(f, "state", tcb_state_name(t->state),
	    peerdiag_state_rfc(d->state), "");
	if (d->tilen == 0) {
		/* a TIME-WAIT socket is a small remnant with no tcp_info */
		fprintf(f, "  (the kernel keeps no tcp_info for a socket in "
		    "this state)\n");
		return;
	}
	snprintf(o, sizeof(o), "%u", t->snd_una - iss);
	snprintf(p, sizeof(p), "%llu", (una + base) & 0xffffffffull);
	peer_row(f, "SND.UNA", o, p, "peer: from bytes_acked");
	snprintf(o, sizeof(o), "%u", t->snd_nxt - iss);
	snprintf(p, sizeof(p), "%llu", (nxt + base) & 0xffffffffull);
	peer_row(f, "SND.NXT", o, p, "peer: from bytes_sent - "
	    "bytes_retrans (+1 FIN)");
	snprintf(o, sizeof(o), "%u", t->rcv_nxt - irs);
	snprintf(p, sizeof(p), "%llu", (rcv + obase) & 0xffffffffull);
	peer_row(f, "RCV.NXT", o, p, "peer: from bytes_received; ours "
	    "counts its bytes, its counts ours");
	snprintf(o, sizeof(o), "%u", t->snd_wnd);
	snprintf(p, sizeof(p), "%u", ti->tcpi_snd_wnd);
	peer_row(f, "SND.WND", o, p, "the window each was offered");
	snprintf(o, sizeof(o), "%u", t->rcv_wnd);
	snprintf(p, sizeof(p), "%u", t->snd_wnd);
	peer_row(f, "RCV.WND", o, p, "peer: the window it last advertised");
	snprintf(o, sizeof(o), "%u", tcb_send_mss(t));
	snprintf(p, sizeof(p), "%u/%u", ti->tcpi_snd_mss, ti->tcpi_rcv_mss);
	peer_row(f, "MSS", o, p, "peer: send/receive");
	snprintf(p, sizeof(p), "%u segs", ti->tcpi_unacked);
	peer_row(f, "unacked", "-", p, "peer: in flight");
	snprintf(p, sizeof(p), "%u now, %u in all", ti->tcpi_retrans,
	    ti->tcpi_total_retrans);
	peer_row(f, "retrans", "-", p, "");
	snprintf(p, sizeof(p), "%u segs", ti->tcpi_snd_cwnd);
	peer_row(f, "cwnd", "-", p, ti->tcpi_snd_ssthresh < 0xffff ?
	    "(after a loss: ssthresh set)" : "slow start");
	snprintf(p, sizeof(p), "%.3f/%.3f ms", ti->tcpi_rtt / 1000.0,
	    ti->tcpi_rttvar / 1000.0);
	peer_row(f, "rtt", "-", p, "smoothed/variation");
	snprintf(p, sizeof(p), "%.0f ms", ti->tcpi_rto / 1000.0);
	peer_row(f, "rto", "-", p, ti->tcpi_backoff ? "backed off" : "");
	snprintf(p, sizeof(p), "%u/%u", d->rqueue, d->wqueue);
	peer_row(f, "queues", "-", p, "peer: bytes unread/unsent");
	print_ss_line(f, d);
}

int
teach_peer(struct session *s, struct cmd *c, struct errbuf *e)
{
	struct teach *t = get(s);
	struct conn *cn = s->cur;
	struct peerdiag d;
	char *buf = NULL, a[16];
	size_t len = 0;
	FILE *f;
	int rc;

	if (cn == NULL || cn->listening)
		return err_set(e, 0, "no connection: the peer is the other "
		    "end of the current one");
	if (c->path != NULL)
		rc = peerdiag_get(c->path, cn->raddr.v4, cn->rport, cn->laddr.v4,
		    cn->lport, &d, e);
	else {
		rc = 0;
		if (t != NULL && t->peerns[0] != '\0')
			rc = peerdiag_get(t->peerns, cn->raddr.v4, cn->rport,
			    cn->laddr.v4, cn->lport, &d, e);
		if (rc == 0)
			rc = peerdiag_find(cn->raddr.v4, cn->rport, cn->laddr.v4,
			    cn->lport, &d, e);
	}
	if (rc < 0)
		return -1;
	if (rc == 0)
		return err_set(e, 0, "no kernel socket %s:%u -> here%s%s: the "
		    "peer is not a socket of this machine or of a named "
		    "namespace (peer netns NAME), or it is gone", print_addr(
		    cn->raddr.v4, a), cn->rport, c->path ? " in netns " : "",
		    c->path ? c->path : "");
	if (t != NULL)
		snprintf(t->peerns, sizeof(t->peerns), "%s", d.netns);
	if ((f = open_memstream(&buf, &len)) == NULL)
		return err_set(e, 0, "peer: %s", strerror(errno));
	print_peer(f, s, cn, &d);
	fclose(f);
	if (buf != NULL)
		out_printf("%s", buf);
	free(buf);
	return 0;
}

/* ----- predictions ----- */

static void
teach_arm_predict(struct session *s, int on)
{
	struct teach *t = get(s);

	if (t != NULL)
		t->armed = on;
}

static int
listener_known(struct session *s, const struct conn *c)
{
	struct teach *t = s->teach;

	if (backend_kernel_owns(&c->raddr))
		return peerdiag_listening(NULL, c->raddr.v4, c->rport);
	if (t != NULL && t->peerns[0] != '\0')
		return peerdiag_listening(t->peerns, c->raddr.v4, c->rport);
	return -1;
}

static void
teach_before_send(struct session *s, struct conn *c, const struct seg *g)
{
	struct teach *t = s->teach;
	struct predict_in in;

	if (t == NULL || !t->armed)
		return;
	/* the previous one waited for silence: it lasted until now */
	if (t->pred_on)
		verdict(s, NULL, "before our next segment");
	memset(&in, 0, sizeof(in));
	in.g = g;
	in.t = &c->tcb;
	in.relative = !s->set.absolute;
	in.now_us = sess_now(s);
	in.listener = (g->flags & TH_SYN) && !(g->flags & TH_ACK) ?
	    listener_known(s, c) : -1;
	predict_segment(&in, &t->pred);
	t->pred_on = 1;
	t->pred_conn = c->id;
	t->pred_deadline = sess_now(s) + PREDICT_WAIT_US;
	out_printf(WHY_INDENT "predict: %s\n", t->pred.text);
}

static void
verdict(struct session *s, const struct seg *reply, const char *when)
{
	struct teach *t = s->teach;
	char buf[400];

	predict_verdict(&t->pred, reply, buf, sizeof(buf));
	t->pred_on = 0;
	out_printf(WHY_INDENT "predict: %s%s%s\n", buf, reply == NULL ?
	    " " : "", reply == NULL ? when : "");
}

static void
teach_timers(struct session *s)
{
	struct teach *t = s->teach;

	if (t != NULL && t->pred_on && sess_now(s) >= t->pred_deadline)
		verdict(s, NULL, "within 1s");
}

static uint64_t
teach_next_timer(const struct session *s)
{
	const struct teach *t = s->teach;

	return t != NULL && t->pred_on ? t->pred_deadline : 0;
}

/* ----- explain and quiz after an arrival ----- */

static void
ask(struct session *s)
{
	struct teach *t = s->teach;
	unsigned bit;

	if (t->nq == 0 || t->asked_now)
		return;
	bit = t->q[0].left & (~t->q[0].left + 1);	/* lowest */
	snprintf(t->prompt, sizeof(t->prompt), "quiz #%zu %s? ",
	    t->q[0].idx + 1, quiz_field_name(bit));
	t->asked_now = 1;	/* first: the prompt redrawn below asks */
	out_printf("quiz: what is the %s of #%zu? (type the number, ? "
	    "reveals it)\n", quiz_field_name(bit), t->q[0].idx + 1);
}

/* The ack of the peer's segment before this one: whether this one
 * acknowledges anything new. */
static void
prev_ack(struct session *s, size_t idx, struct explain_in *in)
{
	const struct pkt_rec *r = sess_log_at(s, idx), *q;
	struct seg p;
	size_t i;

	for (i = idx; i-- > s->logbase;) {
		q = sess_log_at(s, i);
		if (q->conn_id != r->conn_id || q->dir != DIR_IN)
			continue;
		if (wire_decode(q->pkt, q->len, &p) != 0 ||
		    !(p.flags & TH_ACK))
			continue;
		in->have_prev_ack = 1;
		in->prev_ack = p.ack;
		return;
	}
}

static void
teach_after_recv(struct session *s, struct conn *c, size_t idx)
{
	struct teach *t = s->teach;
	const struct pkt_rec *r = sess_log_at(s, idx), *q;
	struct explain_in in;
	struct seg g, lo;
	const struct tcb_ev *lo_ev = NULL;
	char buf[512];
	size_t i;
	int have_lo = 0;

	if (t == NULL || r->dir != DIR_IN)
		return;
	if (wire_decode(r->pkt, r->len, &g) != 0)
		return;
	if (t->explain) {
		for (i = idx; i-- > s->logbase;) {
			q = sess_log_at(s, i);
			if (q->conn_id == r->conn_id && q->dir != DIR_IN) {
				have_lo = wire_decode(q->pkt, q->len,
				    &lo) == 0;
				lo_ev = &q->ev;
				break;
			}
		}
		memset(&in, 0, sizeof(in));
		prev_ack(s, idx, &in);
		in.g = &g;
		in.ev = &r->ev;
		in.t = &c->tcb;
		in.last_out = have_lo ? &lo : NULL;
		in.last_out_ev = have_lo ? lo_ev : NULL;
		in.relative = !s->set.absolute;
		explain_arrival(&in, buf, sizeof(buf));
		out_printf(WHY_INDENT "why: %s\n", buf);
	}
	if (t->pred_on && t->pred_conn == r->conn_id)
		verdict(s, &g, NULL);
	ask(s);
}

static int
queued(const struct teach *t, size_t idx)
{
	int i;

	for (i = 0; i < t->nq; i++)
		if (t->q[i].idx == idx)
			return i;
	return -1;
}

/* The queued question a resent segment repeats, or -1. */
static int
resend_of(struct session *s, const struct pkt_rec *r)
{
	const struct teach *t = s->teach;
	const struct pkt_rec *q;
	struct seg a, b;
	int k;

	if (wire_decode(r->pkt, r->len, &a) != 0)
		return -1;
	for (k = 0; k < t->nq; k++) {
		q = sess_log_at(s, t->q[k].idx);
		if (q != NULL && q->conn_id == r->conn_id &&
		    wire_decode(q->pkt, q->len, &b) == 0 && a.seq == b.seq &&
		    a.datalen == b.datalen &&
		    (a.flags & (TH_SYN | TH_FIN)) == (b.flags & (TH_SYN | TH_FIN)))
			return k;
	}
	return -1;
}

static size_t
teach_mask_line(struct session *s, const struct pkt_rec *r, char *line,
    size_t cap)
{
	struct teach *t = s->teach;
	size_t idx;
	unsigned hidden;
	int k, arriving;

	if (t == NULL || r->dir != DIR_IN || s->nlog == 0)
		return 0;
	/* probe and flood print records of their own, not in the log */
	if ((uintptr_t)r < (uintptr_t)s->log ||
	    (uintptr_t)r >= (uintptr_t)(s->log + (s->nlog - s->logbase)))
		return 0;
	idx = sess_log_idx(s, r);
	if (t->showing == idx + 1)	/* revealed: in full, with its #N */
		return idx + 1;
	if (t->quiz == 0 || !s->interactive)
		return 0;
	/* printed again (log): hidden still, and log shows the #N */
	if ((k = queued(t, idx)) >= 0) {
		quiz_mask(line, cap, t->q[k].left);
		return 0;
	}
	/* only the segment arriving now, of the current connection */
	arriving = idx + 1 == s->nlog && idx >= t->quiz_seen &&
	    s->cur != NULL && r->conn_id == s->cur->id;
	if (arriving)
		t->quiz_seen = idx + 1;
	/* one question per segment: a resend of one still asked about is
	 * hidden the same way and asks nothing new; of one answered, it is
	 * shown */
	if (r->ev.notes & (TN_RETRANS | TN_FAST_RETRANS)) {
		if ((k = resend_of(s, r)) < 0)
			return 0;
		quiz_mask(line, cap, t->q[k].left);
		return arriving ? idx + 1 : 0;
	}
	if (!arriving || t->nq == QUIZ_MAX)
		return 0;
	if ((hidden = quiz_mask(line, cap, t->quiz)) == 0)
		return 0;
	t->q[t->nq].idx = idx;
	t->q[t->nq].left = hidden;
	t->nq++;
	return idx + 1;
}

static void
reveal_done(struct session *s)
{
	struct teach *t = s->teach;
	const struct pkt_rec *r = sess_log_at(s, t->q[0].idx);
	char sum[96];

	memmove(&t->q[0], &t->q[1], sizeof(t->q[0]) * (size_t)(t->nq - 1));
	t->nq--;
	t->asked_now = 0;
	t->showing = sess_log_idx(s, r) + 1;
	out_packet(s, r);
	t->showing = 0;
	quiz_score_str(&t->score, sum, sizeof(sum));
	out_printf("quiz: %s\n", sum);
	ask(s);
}

static int
qseg(const struct pkt_rec *r, size_t no, struct quiz_seg *q)
{
	struct seg g;

	if (r->dir == DIR_KERNEL || wire_decode(r->pkt, r->len, &g) != 0)
		return -1;
	q->no = no;
	q->ours = r->dir == DIR_OUT;
	q->seq = quiz_value(&g, &r->pc, QZ_SEQ);
	q->ack = quiz_value(&g, &r->pc, QZ_ACK);
	q->len = g.datalen;
	q->flags = g.flags;
	q->win = g.win;
	return 0;
}

/* The arithmetic behind field bit of log record idx, from the earlier
 * segments of its connection. */
static void
quiz_why(struct session *s, size_t idx, unsigned bit, char *buf, size_t cap)
{
	struct quiz_seg g, before[QUIZ_LOOKBACK];
	const struct pkt_rec *r = sess_log_at(s, idx), *q;
	size_t i, n = 0;

	buf[0] = '\0';
	if (qseg(r, idx + 1, &g) != 0)
		return;
	/* newest first, filled from the end: before[] reads oldest first */
	for (i = idx; i-- > s->logbase && n < QUIZ_LOOKBACK;) {
		q = sess_log_at(s, i);
		if (q->conn_id == r->conn_id && qseg(q, i + 1,
		    &before[QUIZ_LOOKBACK - 1 - n]) == 0)
			n++;
	}
	quiz_explain(buf, cap, bit, &g, before + QUIZ_LOOKBACK - n, n);
}

/* The field asked is done with: the next one, or the line in full. */
static void
field_done(struct session *s, unsigned bit)
{
	struct teach *t = s->teach;

	t->q[0].left &= ~bit;
	t->asked_now = 0;
	if (t->q[0].left == 0)
		reveal_done(s);
	else
		ask(s);
}

static int
teach_line(struct session *s, const char *line)
{
	struct teach *t = s->teach;
	const struct pkt_rec *r;
	struct seg g;
	unsigned bit;
	uint32_t v, want;
	const char *p = line;
	char why[384];

	/* a question whose segment set loglimit dropped is dropped too */
	while (t != NULL && t->nq > 0 && sess_log_at(s, t->q[0].idx) == NULL) {
		memmove(&t->q[0], &t->q[1], sizeof(t->q[0]) *
		    (size_t)(t->nq - 1));
		t->nq--;
		t->asked_now = 0;
	}
	if (t == NULL || t->nq == 0)
		return 0;
	while (*p == ' ' || *p == '\t')
		p++;
	r = sess_log_at(s, t->q[0].idx);
	bit = t->q[0].left & (~t->q[0].left + 1);
	if (strcmp(p, "?") == 0 || strcmp(p, "reveal") == 0) {
		/* not an answer: neither right nor a miss */
		t->score.revealed++;
		quiz_why(s, t->q[0].idx, bit, why, sizeof(why));
		out_printf("quiz: revealed, not scored: %s\n", why);
		field_done(s, bit);
		return 1;
	}
	if (quiz_parse_answer(p, &v) != 0)
		return 0;	/* a command: the question waits */
	wire_decode(r->pkt, r->len, &g);
	want = quiz_value(&g, &r->pc, bit);
	quiz_why(s, t->q[0].idx, bit, why, sizeof(why));
	if (v == want) {
		t->score.right++;
		out_printf("quiz: right: %s\n", why);
	} else {
		t->score.wrong++;
		out_printf("quiz: not quite, not %u: %s\n", v, why);
	}
	field_done(s, bit);
	return 1;
}

static const char *
teach_prompt(struct session *s)
{
	struct teach *t = s->teach;

	return t != NULL && t->nq > 0 && t->asked_now ? t->prompt : NULL;
}

/* ----- teaching as an observer ----- */

/* A command arms a prediction ("send ... ?", "predict CMD") for what it
 * sends; whatever sends next (another command, autoack, a replay)
 * disarms it. */
static void
obs_sender_cb(void *arg, struct session *s, const struct obs_cmd *oc)
{
	if (oc->c != NULL && oc->c->predict)
		teach_arm_predict(s, 1);
	else if (s->teach != NULL)
		s->teach->armed = 0;
}

static void
obs_sending_cb(void *arg, struct session *s, struct conn *c,
    const struct seg *g)
{
	teach_before_send(s, c, g);
}

static void
obs_received_cb(void *arg, struct session *s, struct conn *c,
    const struct pkt_rec *r)
{
	teach_after_recv(s, c, sess_log_idx(s, r));
}

static int
obs_line_cb(void *arg, struct session *s, const char *raw, const char *line)
{
	return teach_line(s, line);
}

static void
obs_tick_cb(void *arg, struct session *s, uint64_t now)
{
	teach_timers(s);
}

static uint64_t
obs_deadline_cb(void *arg, const struct session *s)
{
	return teach_next_timer(s);
}

static const char *
obs_prompt_cb(void *arg, struct session *s)
{
	return teach_prompt(s);
}

static size_t
obs_show_cb(void *arg, struct session *s, const struct pkt_rec *r,
    char *line, size_t cap)
{
	return teach_mask_line(s, r, line, cap);
}

static void
obs_end_cb(void *arg, struct session *s)
{
	teach_free(s);
}

const struct obs_ops teach_obs = {
	.name = "teach",
	.line = obs_line_cb,
	.sender = obs_sender_cb,
	.sending = obs_sending_cb,
	.received = obs_received_cb,
	.tick = obs_tick_cb,
	.deadline = obs_deadline_cb,
	.prompt = obs_prompt_cb,
	.show = obs_show_cb,
	.end = obs_end_cb,
};
