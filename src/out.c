/* out.c - what the user sees: packet lines, notes, errors with a caret */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "json.h"
#include "lex.h"
#include "sess.h"
#include "teach.h"
#include "wire.h"

static void (*hook_before)(void);
static void (*hook_after)(void);
static void (*sink)(const char *);	/* --json, --tap: text goes here */

void
out_set_sink(void (*fn)(const char *text))
{
	sink = fn;
}

void
out_set_hooks(void (*before)(void), void (*after)(void))
{
	hook_before = before;
	hook_after = after;
}

void
out_printf(const char *fmt, ...)
{
	va_list ap;
	char *buf;

	if (sink != NULL) {
		va_start(ap, fmt);
		if (vasprintf(&buf, fmt, ap) >= 0) {
			sink(buf);
			free(buf);
		}
		va_end(ap);
		return;
	}
	if (hook_before != NULL)
		hook_before();
	va_start(ap, fmt);
	vfprintf(stdout, fmt, ap);
	va_end(ap);
	fflush(stdout);
	if (hook_after != NULL)
		hook_after();
}

void
out_error(const char *where, const char *line, const struct errbuf *e)
{
	char echo[LEX_ECHOBUF];
	int col = e->col, caret;

	if (json_on()) {
		json_error(where, col, e->msg);
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

static size_t
add(char *buf, size_t cap, size_t off, const char *sep, const char *s)
{
	int n;

	if (off >= cap)
		return off;
	n = snprintf(buf + off, cap - off, "%s%s", off ? sep : "", s);
	return n < 0 ? off : off + (size_t)n;
}

/* "SYN-SENT -> ESTABLISHED; partial cksum; ack owed" */
size_t
out_notes(char *buf, size_t cap, const struct pkt_rec *r,
    const struct session *s)
{
	const struct tcb_ev *ev = &r->ev;
	const struct conn *c;
	char tmp[320], body[640];
	struct seg g;
	uint32_t bit;
	size_t off = 0;
	int nconn = 0;

	body[0] = '\0';
	if (ev->from != ev->to) {
		snprintf(tmp, sizeof(tmp), "%s -> %s", tcb_state_name(ev->from),
		    tcb_state_name(ev->to));
		off = add(body, sizeof(body), off, "; ", tmp);
	}
	for (bit = 1; bit != 0; bit <<= 1) {
		if (!(ev->notes & bit))
			continue;
		/* "dup ack #3", "retransmission (+0.41s)", "departs ..." */
		tcb_note_text(tmp, sizeof(tmp), bit, ev);
		off = add(body, sizeof(body), off, "; ", tmp);
	}
	/* a raw socket would have "fixed" it; on lo the kernel drops any
	 * frame injected this way, well-formed or not */
	if (r->link)
		off = add(body, sizeof(body), off, "; ",
		    strcmp(s->sniff_if, "lo") == 0 ?
		    "link layer (lo's kernel drops it)" : "link layer");
	if (r->dir == DIR_KERNEL && !(ev->notes & TN_KERNEL_RST))
		off = add(body, sizeof(body), off, "; ", "from the local kernel");
	/* decode annotations other than checksums (the TCB notes those) */
	wire_decode(r->pkt, r->len, &g);
	g.anno &= ~(uint32_t)(SEG_A_SUM_BAD | SEG_A_SUM_PART);
	if (g.anno != 0 && print_anno(tmp, sizeof(tmp), &g) > 0)
		off = add(body, sizeof(body), off, "; ", tmp);
	/* With several connections open, say whose line it is. */
	for (c = s->ct.head; c != NULL && nconn < 2; c = c->next)
		nconn += !c->listening;	/* two are enough to know: O(1) */
	if (nconn > 1 && r->conn[0] != '\0')
		snprintf(buf, cap, "%s%s%s", r->conn, off ? ": " : "", body);
	else
		snprintf(buf, cap, "%s", body);
	return strlen(buf);
}

void
out_packet(struct session *s, const struct pkt_rec *r)
{
	char line[1024 + 64], notes[640], no[24] = "";
	struct seg g;
	size_t off, n;

	if (json_on()) {
		json_packet(s, r);
		return;
	}
	wire_decode(r->pkt, r->len, &g);
	print_line(line, sizeof(line), &g, &r->pc, &off);
	/* quiz: "ack ?", and the #N the question names */
	if ((n = teach_mask_line(s, r, line + off, sizeof(line) - off)) > 0)
		snprintf(no, sizeof(no), "#%-4zu", n);
	out_notes(notes, sizeof(notes), r, s);
	out_printf("%s%9.6f %s %s%s%s\n", no, r->t_us / 1e6,
	    r->dir == DIR_IN ? "In " : "Out", line, notes[0] ? "  # " : "",
	    notes);
	if (r->ev.to == TCB_CLOSED && r->ev.from != TCB_CLOSED) {
		const struct conn *c;

		for (c = s->ct.head; c != NULL; c = c->next)
			if (c->id == r->conn_id && c->tcb.reason[0] != '\0')
				out_printf("          %s closed: %s\n", c->name,
				    c->tcb.reason);
	}
}
