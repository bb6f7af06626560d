/* out.c - what the user sees: packet lines, notes, errors with a caret
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The text format lives here; --json and --tap are formats of their own
 * (json.c, tap.c) behind the same ops (out.h), chosen once at start.  An
 * op a format leaves NULL is done here, as text, through its text op.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "conn.h"
#include "icmp.h"
#include "lex.h"
#include "obs.h"
#include "out.h"
#include "pktlog.h"
#include "print.h"
#include "sbuf.h"
#include "session.h"
#include "tcb.h"
#include "wire.h"

/* The format in use.  Every out_printf goes here, and out_printf is
 * called from everywhere without a session: the one pointer out.c keeps.
 * NULL: plain stdout (before main chose, after it finished). */
static struct out *cur;
static int buffered;		/* out_buffer */

void
out_buffer(int on)
{
	buffered = on;
}

void
out_flush(void)
{
	fflush(stdout);
}

void
out_line_end(void)
{
	if (!buffered)
		fflush(stdout);
}

/* Text: stdout, with the terminal's prompt moved out of the way. */
static void
text_text(struct out *o, const char *text)
{
	if (o->before != NULL)
		o->before();
	fputs(text, stdout);
	out_line_end();
	if (o->after != NULL)
		o->after();
}

static const struct out_ops text_ops = {
	.name = "text",
	.text = text_text,
};

struct out *
out_text_new(void)
{
	struct out *o;

	if ((o = calloc(1, sizeof(*o))) != NULL)
		o->ops = &text_ops;
	return o;
}

void
out_free(struct out *o)
{
	if (cur == o)
		cur = NULL;
	free(o);
}

void
out_use(struct out *o)
{
	cur = o;
}

void
out_set_hooks(void (*before)(void), void (*after)(void))
{
	if (cur == NULL)
		return;
	cur->before = before;
	cur->after = after;
}

void
out_puts(const char *text)
{
	if (cur == NULL) {
		fputs(text, stdout);
		out_line_end();
	} else
		cur->ops->text(cur, text);
}

void
out_printf(const char *fmt, ...)
{
	va_list ap;
	char small[512], *buf = small;
	int n;

	if (cur == NULL) {
		va_start(ap, fmt);
		vfprintf(stdout, fmt, ap);
		va_end(ap);
		out_line_end();
		return;
	}
	/* most lines fit: no allocation per packet line */
	va_start(ap, fmt);
	n = vsnprintf(small, sizeof(small), fmt, ap);
	va_end(ap);
	if (n < 0)
		return;
	if ((size_t)n >= sizeof(small)) {
		va_start(ap, fmt);
		n = vasprintf(&buf, fmt, ap);
		va_end(ap);
		if (n < 0)
			return;
	}
	cur->ops->text(cur, buf);
	if (buf != small)
		free(buf);
}

void
out_diag(const char *msg)
{
	if (cur != NULL && cur->ops->diag != NULL)
		cur->ops->diag(cur, msg);
}

void
out_error(const char *where, const char *line, const struct errbuf *e)
{
	char echo[LEX_ECHOBUF];
	int col = e->col, caret;

	if (cur != NULL && cur->ops->error != NULL) {
		cur->ops->error(cur, where, line, col, e->msg);
		return;
	}
	if (where != NULL) {
		if (col > 0)
			out_printf("%s:%d: %s\n", where, col, e->msg);
		else
			out_printf("%s: %s\n", where, e->msg);
		return;
	}
	/* a 10,000-character line is shown around the caret, not whole */
	if (line != NULL && col > 0) {
		caret = lex_excerpt(line, col, echo);
		out_printf("  %s\n  %*s^\nerror: %s\n", echo, caret, "",
		    e->msg);
	} else
		out_printf("error: %s\n", e->msg);
}

/* One more note after "; " */
static void
add(struct sbuf *sb, const char *note)
{
	if (sb->len > 0)
		sb_puts(sb, "; ");
	sb_puts(sb, note);
}

/* "SYN-SENT -> ESTABLISHED; partial cksum; ack owed"; g is the record's
 * segment decoded, or NULL to decode it here */
static size_t
notes_of(char *buf, size_t cap, const struct pkt_rec *r,
    const struct session *s, const struct seg *g)
{
	const struct tcb_ev *ev = &r->ev;
	const struct conn *c;
	char tmp[320], body[640];
	struct sbuf sb;
	struct seg dg;
	uint32_t anno, bit;
	int nconn = 0;

	sb_init(&sb, body, sizeof(body));
	if (ev->from != ev->to) {
		add(&sb, tcb_state_name(ev->from));
		sb_puts(&sb, " -> ");
		sb_puts(&sb, tcb_state_name(ev->to));
	}
	for (bit = 1; bit != 0; bit <<= 1) {
		if (!(ev->notes & bit))
			continue;
		/* "dup ack #3", "retransmission (+0.41s)", "departs ..." */
		tcb_note_text(tmp, sizeof(tmp), bit, ev);
		add(&sb, tmp);
	}
	/* a raw socket would have "fixed" it; on lo the kernel drops any
	 * frame injected this way, well-formed or not */
	if (r->link)
		add(&sb, strcmp(s->sniff_if, "lo") == 0 ?
		    "link layer (lo's kernel drops it)" : "link layer");
	if (r->dir == DIR_KERNEL && !(ev->notes & TN_KERNEL_RST))
		add(&sb, "from the local kernel");
	/* an ICMP error: what it quotes and what it did (icmprx.c) */
	if (r->icmp)
		add(&sb, r->ev.detail);
	/* decode annotations other than checksums (the TCB notes those) */
	else {
		if (g == NULL) {
			wire_decode(r->pkt, r->len, &dg);
			g = &dg;
		}
		anno = g->anno & ~(uint32_t)(SEG_A_SUM_BAD | SEG_A_SUM_PART);
		if (anno != 0) {
			dg = *g;
			dg.anno = anno;
			if (print_anno(tmp, sizeof(tmp), &dg) > 0)
				add(&sb, tmp);
		}
	}
	/* With several connections open, say whose line it is. */
	for (c = s->ct.head; c != NULL && nconn < 2; c = c->next)
		nconn += !c->listening;	/* two are enough to know: O(1) */
	if (nconn > 1 && r->conn[0] != '\0')
		return sb_fmt(buf, cap, "%s%s%s", r->conn, sb.len ? ": " : "",
		    body);
	return sb_fmt(buf, cap, "%s", body);
}

size_t
out_notes(char *buf, size_t cap, const struct pkt_rec *r,
    const struct session *s)
{
	return notes_of(buf, cap, r, s, NULL);
}

void
out_packet(struct session *s, const struct pkt_rec *r)
{
	char line[1024 + 64], notes[640], no[24] = "", text[2048];
	struct seg g;
	struct sbuf sb;
	size_t off, n;

	if (cur != NULL && cur->ops->packet != NULL) {
		cur->ops->packet(cur, s, r);
		return;
	}
	if (r->icmp)
		icmp_line_pkt(line, sizeof(line), r->pkt, r->len);
	else {
		wire_decode(r->pkt, r->len, &g);
		(s->set.verbose ? print_line_v : print_line)(line,
		    sizeof(line), &g, &r->pc, &off);
		/* quiz: "ack ?", and the #N the question names */
		if ((n = obs_show(s->obs, r, line + off,
		    sizeof(line) - off)) > 0)
			snprintf(no, sizeof(no), "#%-4zu", n);
	}
	notes_of(notes, sizeof(notes), r, s, r->icmp ? NULL : &g);
	/* "%2u.%06u" of the seconds and no printf: its formatting was a
	 * tenth of a scripted session's time */
	sb_init(&sb, text, sizeof(text));
	sb_puts(&sb, no);
	sb_uint(&sb, r->t_us / 1000000, 2, 0);
	sb_putc(&sb, '.');
	sb_uint(&sb, r->t_us % 1000000, 6, 1);
	sb_puts(&sb, r->dir == DIR_IN ? " In  " : " Out ");
	sb_puts(&sb, line);
	if (notes[0] != '\0') {
		sb_puts(&sb, "  # ");
		sb_puts(&sb, notes);
	}
	sb_putc(&sb, '\n');
	out_puts(text);
	if (r->ev.to == TCB_CLOSED && r->ev.from != TCB_CLOSED) {
		const struct conn *c;

		for (c = s->ct.head; c != NULL; c = c->next)
			if (c->id == r->conn_id && c->tcb.reason[0] != '\0')
				out_printf("          %s closed: %s\n", c->name,
				    c->tcb.reason);
	}
}

/* ----- the format as an observer ----- */

static void
obs_segment_cb(void *arg, struct session *s, struct conn *c,
    const struct pkt_rec *r)
{
	struct out *o = arg;

	if (o->ops->packet != NULL)
		o->ops->packet(o, s, r);
	else
		out_packet(s, r);
}

static void
obs_state_cb(void *arg, struct session *s, uint64_t t_us,
    const struct conn *c, enum tcb_state from, enum tcb_state to,
    const char *why)
{
	struct out *o = arg;

	if (o->ops->state != NULL)
		o->ops->state(o, t_us, c->name, tcb_state_name(from),
		    tcb_state_name(to), why);
	else
		out_printf("%10.6f %s: %s -> %s (%s)\n", t_us / 1e6, c->name,
		    tcb_state_name(from), tcb_state_name(to), why);
}

/* Text says only what failed: "ok" is the REPL's and step's to say. */
static void
obs_expect_cb(void *arg, struct session *s, const struct obs_expect *x)
{
	struct out *o = arg;

	if (o->ops->expect != NULL)
		o->ops->expect(o, s, x);
	else if (!x->ok && x->where != NULL)
		out_printf("%s: %s\n", x->where, x->reason);
	else if (!x->ok)
		out_printf("%s\n", x->reason);
}

static void
obs_script_end_cb(void *arg, struct session *s, const char *file,
    int status)
{
	struct out *o = arg;

	if (o->ops->script_end != NULL)
		o->ops->script_end(o, file, status);
}

const struct obs_ops out_obs = {
	.name = "output",
	.sent = obs_segment_cb,
	.received = obs_segment_cb,
	.state = obs_state_cb,
	.expect = obs_expect_cb,
	.script_end = obs_script_end_cb,
};
