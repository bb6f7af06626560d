/* flood.c - a bounded burst from the shell
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The cost of a packet here is what the kernel charges for it: the
 * template is encoded once, a packet is a copy of it with at most a few
 * words patched (incremental checksums), and INJECT_BATCH of them leave
 * in one sendmmsg: on the injector's raw socket, or on a lab NIC as
 * frames from its packet socket (backend_sendmany), the Ethernet header
 * written into each slot's headroom.  No allocation, no
 * printing, no capture, no TCB on the way: the one line at the end is
 * the record.  A rate's pauses are the session's loop waiting, not a
 * sleep: what arrives meanwhile goes its usual way, our copies are
 * dropped (drain_frame).
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "backend.h"
#include "build.h"
#include "confine.h"
#include "conn.h"
#include "errbuf.h"
#include "flood.h"
#include "floodarg.h"
#include "inject.h"
#include "loop.h"
#include "out.h"
#include "pktpatch.h"
#include "print.h"
#include "probe.h"
#include "rx.h"
#include "sess.h"
#include "session.h"
#include "tbucket.h"
#include "tcb.h"
#include "tx.h"
#include "wire.h"

#define FLOOD_MAXSLEEP_NS	10000000ull	/* stays responsive to ^C */
/* After a flood on a captured 4-tuple: how long the capture may stay
 * quiet before its copies are taken to be all in, and the most to wait. */
#define FLOOD_QUIET_NS		5000000ull
#define FLOOD_DRAIN_NS		200000000ull

/* What the capture shows of our own flood on a connection's 4-tuple:
 * the copies are dropped, everything else goes the usual way. */
struct drain_ctx {
	struct session	*s;
	const struct seg *t;		/* the template */
	unsigned	 rnd;
	uint64_t	 seen;
	uint64_t	 last;		/* mono_ns of the last frame */
};

static uint64_t
mono_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000000000ull + (uint64_t)ts.tv_nsec;
}


/* xorshift64: drawn per packet, so kept local and inlined; seeded from
 * the session so --seed repeats a flood too. */
static inline uint32_t
rnd32(uint64_t *x)
{
	*x ^= *x << 13;
	*x ^= *x >> 7;
	*x ^= *x << 17;
	return (uint32_t)(*x >> 16);
}

/* The segment kind whose defaults suit the flags asked for. */
static enum seg_kind
kind_for(const struct segspec *sp)
{
	unsigned f;

	if (sp == NULL || !(sp->set & SP_BIT(SP_FLAGS)))
		return SK_SYN;
	f = sp->v[SP_FLAGS].lo;
	if ((f & TH_SYN) && (f & TH_ACK))
		return SK_SYNACK;
	if (f & TH_SYN)
		return SK_SYN;
	if (f & TH_RST)
		return SK_RST;
	if (f & TH_FIN)
		return SK_FIN;
	if (sp->set & (SP_BIT(SP_DATA) | SP_BIT(SP_LEN)))
		return SK_DATA;
	return SK_ACK;
}

static void
rnd_words(unsigned rnd, char *buf, size_t cap)
{
	size_t off = 0;
	int i;

	buf[0] = '\0';
	for (i = 0; floodarg_rnd_name(i) != NULL; i++)
		if (rnd & (1u << floodarg_rnd_fields[i]))
			off += (size_t)snprintf(buf + off, cap - off, "%s%s",
			    off ? ", " : "", floodarg_rnd_name(i));
}

static void
patch_random(const struct pktpatch *pp, uint8_t *pkt, unsigned rnd,
    uint64_t *x)
{
	uint32_t v;

	if (rnd & (1u << PP_SPORT))
		pktpatch_set(pp, pkt, PP_SPORT, 1024 + rnd32(x) % 64512);
	if (rnd & (1u << PP_DPORT))
		pktpatch_set(pp, pkt, PP_DPORT, 1024 + rnd32(x) % 64512);
	if (rnd & (1u << PP_SEQ))
		pktpatch_set(pp, pkt, PP_SEQ, rnd32(x) ^ rnd32(x) << 16);
	if (rnd & (1u << PP_ACK))
		pktpatch_set(pp, pkt, PP_ACK, rnd32(x) ^ rnd32(x) << 16);
	if (rnd & (1u << PP_ID)) {
		/* 0 would let the kernel pick one when DF is clear */
		v = rnd32(x) & 0xffff;
		pktpatch_set(pp, pkt, PP_ID, v ? v : 1);
	}
	if (rnd & (1u << PP_WIN))
		pktpatch_set(pp, pkt, PP_WIN, rnd32(x));
}

/* A flood on a 4-tuple the capture follows comes back through it: take
 * those copies out before the receive path would log them as the local
 * kernel's and apply them to the TCB. */
static void
drain_frame(void *arg, const struct timeval *ts, const uint8_t *frame,
    size_t caplen, size_t wirelen)
{
	struct drain_ctx *d = arg;
	struct seg g;
	size_t ipoff;

	d->last = mono_ns();
	if (wire_decode_link(d->s->dlt, frame, caplen, &g, &ipoff) == 0 &&
	    ipaddr_eq(&g.saddr, &d->t->saddr) &&
	    ipaddr_eq(&g.daddr, &d->t->daddr) &&
	    g.flags == d->t->flags &&
	    ((d->rnd & (1u << PP_SPORT)) || g.sport == d->t->sport) &&
	    ((d->rnd & (1u << PP_DPORT)) || g.dport == d->t->dport)) {
		d->seen++;
		return;
	}
	rx_frame(d->s, ts, frame, caplen, wirelen);
}

/* The drain is over when no frame came for FLOOD_QUIET_NS. */
static int
drain_quiet(struct session *s, void *arg)
{
	struct drain_ctx *d = arg;

	(void)s;
	return mono_ns() - d->last >= FLOOD_QUIET_NS;
}

/* The template: built from the current connection or from a connection
 * made up for HOST:PORT that goes into no table. */
static int
make_template(struct session *s, const struct cmd *c, uint8_t *buf,
    size_t cap, size_t *len, struct seg *seg, struct errbuf *e)
{
	const struct segspec *sp = c->have_spec ? &c->spec : NULL;
	const struct conn *cn;
	struct conn tmp;
	struct build_env env;
	struct ipaddr src;
	char departs[160];

	if (c->have_target) {
		if (probe_route(s, &c->addr, s->be->resolve != NULL, &src,
		    e) != 0)
			return -1;
		memset(&tmp, 0, sizeof(tmp));
		snprintf(tmp.name, sizeof(tmp.name), "flood");
		tmp.laddr = src;
		tmp.lport = (uint16_t)(40000 + sess_rand(s) % 20000);
		tmp.raddr = c->addr;
		tmp.rport = c->port;
		tcb_init(&tmp.tcb, TCB_CLIENT, s->set.iss_fixed ? s->set.iss :
		    sess_rand(s), s->set.win, s->set.mss, s->set.msl_us);
		cn = &tmp;
	} else {
		if ((cn = s->cur) == NULL || cn->listening)
			return err_set(e, 0, "flood needs HOST:PORT or a "
			    "current connection (connect HOST:PORT first)");
	}
	tx_env(s, &env);
	if (build_segment(kind_for(sp), cn, sp, NULL, 0, &env, seg, departs,
	    sizeof(departs), e) != 0)
		return -1;
	/* "dst ADDR" sends elsewhere: that address passes the check */
	if ((!ipaddr_eq(&seg->daddr, &cn->raddr) || !c->have_target) &&
	    probe_route(s, &seg->daddr, 0, &src, e) != 0)
		return -1;
	if (SEG_IS6(seg) && (c->rnd & (1u << PP_ID)))
		return err_set(e, 0, "id random: IPv6 has no id field (a "
		    "fragment header's identification is not patched)");
	if (wire_encode(seg, buf, cap, len, e) != 0)
		return -1;
	/* frames (a lab NIC) go as they are, and so does an IPv6 packet
	 * through the IPPROTO_RAW socket, which rewrites no field */
	if (s->be->sendmany == NULL && !SEG_IS6(seg) &&
	    build_needs_link(seg, buf, *len))
		return err_set(e, 0, "flood sends through the raw socket, "
		    "which would rewrite this packet's IP header (length, "
		    "checksum or id): send it with syn/ack/... instead");
	return 0;
}

/* "flood: 1000 x IP a.b > c.d: Flags [S], ...  # random: sport" */
static void
announce(const struct cmd *c, const struct seg *seg, const char *rw)
{
	struct print_ctx pc = { 0, 0, 0, 1 };
	char line[512 + 64];

	print_line(line, sizeof(line), seg, &pc, NULL);
	out_printf("flood: %llu x %s%s%s\n", (unsigned long long)c->count,
	    line, rw[0] ? "  # random: " : "", rw);
}

/* A flood under way: a task the loop drives.  A rate's pause (at most
 * FLOOD_MAXSLEEP_NS) is the loop waiting, not a sleep; after the last
 * batch the loop turns, a millisecond at most a turn (quiet is no event),
 * until the copies stop coming.  What the capture shows meanwhile goes
 * to drain_frame (s->rx_tap, set for the whole flood). */
struct flood_task {
	struct task	 t;		/* first: the loop's handle */
	struct task	*learn;		/* the next hop's MAC, first */
	struct errbuf	 le;		/* what learn says */
	uint8_t		 tmpl[WIRE_MAXPKT];
	uint8_t		*slab, *slot[INJECT_BATCH];
	size_t		 lens[INJECT_BATCH];
	struct seg	 seg;
	struct pktpatch	 pp;
	struct tbucket	 tb;
	struct drain_ctx d;
	char		 why[300];
	uint64_t	 count, rate, dur_us;
	unsigned	 rnd;
	uint64_t	 sent, t0, now, x;
	uint64_t	 deadline;	/* the time cap, mono_ns */
	uint64_t	 drain_until;	/* session time */
	double		 secs;
	int		 stopped;
	enum { FL_SEND, FL_PAUSED, FL_DRAIN, FL_DRAINED, FL_END,
	    FL_LEARN } phase;
};

/* The time cap, a signal: 1 when the flood stops (why says so). */
static int
flood_checks(struct flood_task *f)
{
	if (f->now >= f->deadline) {
		snprintf(f->why, sizeof(f->why), "; stopped at the time "
		    "cap (%.3gs)", f->dur_us / 1e6);
		return 1;
	}
	if (loop_interrupted() || loop_terminated()) {
		snprintf(f->why, sizeof(f->why), "; stopped by a signal");
		f->stopped = 1;
		return 1;
	}
	return 0;
}

/* Batches until the count, the cap, a signal or a rate's pause (1: the
 * loop waits); -1 when the first batch failed (e). */
static int
flood_send(struct session *s, struct flood_task *f, struct errbuf *e)
{
	struct errbuf se;
	uint64_t want, got;
	unsigned i;
	int n;

	while (f->sent < f->count) {
		want = f->count - f->sent;
		if (want > INJECT_BATCH)
			want = INJECT_BATCH;
		if (f->rate) {
			if ((got = tbucket_take(&f->tb, f->now, want)) == 0) {
				f->t.w = (struct loop_wait){ -1, sess_now(s) +
				    (tbucket_wait_ns(&f->tb, 1,
				    FLOOD_MAXSLEEP_NS) + 999) / 1000, -1, 0,
				    NULL, NULL };
				f->phase = FL_PAUSED;
				return 1;
			}
			want = got;
		}
		if (f->rnd)
			for (i = 0; i < want; i++)
				patch_random(&f->pp, f->slot[i], f->rnd,
				    &f->x);
		err_clear(&se);
		n = backend_sendmany(s, f->slot, f->lens, (unsigned)want,
		    &se);
		if (n < 0) {
			if (f->sent == 0) {
				*e = se;
				return -1;
			}
			snprintf(f->why, sizeof(f->why), "; stopped: %s",
			    se.msg);
			break;
		}
		f->sent += (uint64_t)n;
		f->now = mono_ns();
		if (flood_checks(f))
			break;
	}
	f->phase = FL_DRAIN;
	return 0;
}

/* A flood on a 4-tuple the capture follows comes back through it: take
 * those copies out before the receive path would log them as the local
 * kernel's and apply them to the TCB. */
static int
flood_drain(struct session *s, struct flood_task *f)
{
	f->now = mono_ns();
	f->secs = (double)(f->now - f->t0) / 1e9;
	f->phase = FL_END;
	if (f->sent == 0 || s->be->pollfd(s) < 0)  /* no capture: no copies */
		return 0;
	f->d.last = mono_ns();
	f->drain_until = sess_now(s) + FLOOD_DRAIN_NS / 1000;
	f->t.w = (struct loop_wait)LOOP_ONE_TURN;
	f->phase = FL_DRAINED;
	return 1;
}

static int
flood_end(struct session *s, struct flood_task *f)
{
	char rw[64];

	if (f->rate)
		snprintf(rw, sizeof(rw), " (asked %llu pps)",
		    (unsigned long long)f->rate);
	else
		rw[0] = '\0';
	out_printf("flood: %llu sent in %.3f s: %.0f pps%s%s; not applied to "
	    "any TCB, not logged\n", (unsigned long long)f->sent, f->secs,
	    f->secs > 0 ? (double)f->sent / f->secs : 0.0, rw, f->why);
	s->rx_tap = NULL;
	f->t.rc = f->stopped ? sess_cmd_failed(s, NULL) : EXEC_OK;
	return TASK_DONE;
}

/* The clock starts when the first batch can leave. */
static void
flood_start(struct session *s, struct flood_task *f)
{
	s->rx_tap = drain_frame;
	s->rx_tap_arg = &f->d;
	f->d.last = mono_ns();
	f->t0 = mono_ns();
	f->deadline = f->t0 + f->dur_us * 1000;
	/* The burst is 100 ms worth: a stall that long (another process
	 * had the CPU) is made up for, a longer one is not caught up. */
	if (f->rate)
		tbucket_init(&f->tb, (double)f->rate, f->rate / 10.0 >
		    INJECT_BATCH ? f->rate / 10.0 : INJECT_BATCH, f->t0);
	f->now = f->t0;
	f->phase = FL_SEND;
}

static int
flood_task_run(struct session *s, struct task *t, enum loop_end why)
{
	struct flood_task *f = (struct flood_task *)t;
	struct errbuf e;

	for (;;) {
		switch (f->phase) {
		case FL_LEARN:
			if (why == LW_START) {
				loop_push(s, f->learn);
				return TASK_WAIT;
			}
			if (t->child_rc != 0) {
				t->rc = sess_cmd_failed(s, &f->le);
				return TASK_DONE;
			}
			flood_start(s, f);
			break;
		case FL_SEND:
			err_clear(&e);
			switch (flood_send(s, f, &e)) {
			case -1:
				s->rx_tap = NULL;
				t->rc = sess_cmd_failed(s, &e);
				return TASK_DONE;
			case 1:
				return TASK_WAIT;
			}
			break;
		case FL_PAUSED:
			f->now = mono_ns();
			f->phase = FL_SEND;
			if (flood_checks(f))
				f->phase = FL_DRAIN;
			break;
		case FL_DRAIN:
			if (flood_drain(s, f))
				return TASK_WAIT;
			break;
		case FL_DRAINED:
			f->t.w = (struct loop_wait){ -1, f->drain_until, 1, 0,
			    drain_quiet, &f->d };
			f->phase = FL_END;
			return TASK_WAIT;
		case FL_END:
			return flood_end(s, f);
		}
	}
}

static void
flood_task_drop(struct task *t)
{
	struct flood_task *f = (struct flood_task *)t;

	free(f->slab);
	free(f);
}

int
flood_run(struct session *s, const struct cmd *c, struct errbuf *e)
{
	struct flood_task *f;
	char rw[64];
	size_t len, stride;
	unsigned i;

	if ((f = calloc(1, sizeof(*f))) == NULL)
		return err_set(e, 0, "flood: out of memory");
	f->t.run = flood_task_run;
	f->t.drop = flood_task_drop;
	if (make_template(s, c, f->tmpl, sizeof(f->tmpl), &len, &f->seg,
	    e) != 0)
		goto fail;
	if (pktpatch_init(&f->pp, f->tmpl, len,
	    !(f->seg.fixed & SEG_FIX_TCPSUM) ||
	    (f->seg.fixed & SEG_BAD_TCPSUM), 1, e) != 0)
		goto fail;
	if (confine_flood(s, &f->seg, c->count, c->rate, c->rnd, e) != 0)
		goto fail;
	if (s->be->sendmany == NULL && s->inj == NULL &&
	    (s->inj = inject_open(s->labif, e)) == NULL)
		goto fail;
	if (probe_own(s, &f->seg.saddr, &f->seg.daddr, &f->learn, &f->le,
	    e) != 0)
		goto fail;
	/* each slot with room for a link header before it (frames) */
	stride = (BE_HEADROOM + len + 15) & ~(size_t)15;
	if ((f->slab = malloc(INJECT_BATCH * stride)) == NULL) {
		err_set(e, 0, "flood: out of memory");
		goto fail;
	}
	for (i = 0; i < INJECT_BATCH; i++) {
		f->slot[i] = f->slab + i * stride + BE_HEADROOM;
		memcpy(f->slot[i], f->tmpl, len);
		f->lens[i] = len;
	}
	f->x = (uint64_t)sess_rand(s) << 32 | sess_rand(s) | 1;
	rnd_words(c->rnd, rw, sizeof(rw));
	announce(c, &f->seg, rw);

	f->count = c->count;
	f->rate = c->rate;
	f->rnd = c->rnd;
	f->dur_us = c->dur_us;
	f->d.s = s;
	f->d.t = &f->seg;
	f->d.rnd = c->rnd;
	if (f->learn != NULL)
		f->phase = FL_LEARN;
	else
		flood_start(s, f);
	/* the rest is the loop's: the caller waits for the task */
	loop_push(s, &f->t);
	return EXEC_PENDING;
fail:
	if (f->learn != NULL)	/* never pushed */
		f->learn->drop(f->learn);
	flood_task_drop(&f->t);
	return -1;
}
