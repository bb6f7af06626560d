/* record.c - record FILE: typed commands plus an expect per arrived segment
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The file is kept in memory and rewritten whole when it changes: a typed
 * "expect ... as NAME" that matches a segment already written as an
 * automatic expect amends that line, which a stream could not.  Sessions
 * typed by hand are small.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "cmdtab.h"
#include "conn.h"
#include "errbuf.h"
#include "icmp.h"
#include "out.h"
#include "pktlog.h"
#include "print.h"
#include "record.h"
#include "lex.h"
#include "obs.h"
#include "sess.h"
#include "session.h"
#include "tcpopt.h"
#include "wire.h"

#define REC_PREVIEW	64	/* payloads up to this many bytes are kept */

struct rline {
	char	*text;
	long	 idx;		/* log index of an automatic expect, or -1 */
};

struct rec_state {
	struct rline	*l;
	int		 n, cap;
	char		*cmds[64];	/* the typed line's commands, raw */
	int		 ncmds, k;
	size_t		 next;		/* log index not yet considered */
	char		 cur[CONN_NAMELEN];	/* current conn, as replayed */
	uint64_t	 t_cmd;		/* when the last command started */
};

static void
addline(struct rec_state *rs, const char *text, long idx)
{
	struct rline *nl;

	if (rs->n == rs->cap) {
		rs->cap = rs->cap ? rs->cap * 2 : 64;
		nl = realloc(rs->l, (size_t)rs->cap * sizeof(*nl));
		if (nl == NULL)
			return;
		rs->l = nl;
	}
	if ((rs->l[rs->n].text = strdup(text)) == NULL)
		return;
	rs->l[rs->n++].idx = idx;
}

static void
rewrite(struct session *s)
{
	struct rec_state *rs = s->recst;
	int i;

	rewind(s->record);
	if (ftruncate(fileno(s->record), 0) != 0)
		return;
	for (i = 0; i < rs->n; i++)
		fprintf(s->record, "%s\n", rs->l[i].text);
	fflush(s->record);
}

static void
free_cmds(struct rec_state *rs)
{
	int i;

	for (i = 0; i < rs->ncmds; i++)
		free(rs->cmds[i]);
	rs->ncmds = rs->k = 0;
}

int
rec_open(struct session *s, const char *path, struct errbuf *e)
{
	struct rec_state *rs;
	char when[64], line[256];
	time_t now = time(NULL);

	if ((rs = calloc(1, sizeof(*rs))) == NULL)
		return err_set(e, 0, "out of memory");
	if ((s->record = fopen(path, "w")) == NULL) {
		free(rs);
		return err_set(e, 0, "%s: %s", path, strerror(errno));
	}
	s->recst = rs;
	rs->next = s->nlog;
	if (s->cur != NULL)
		snprintf(rs->cur, sizeof(rs->cur), "%s", s->cur->name);
	strftime(when, sizeof(when), "%Y-%m-%d %H:%M:%S", localtime(&now));
	snprintf(line, sizeof(line), "# tcpcraft session recorded %s; replay "
	    "with: tcpcraft -f FILE", when);
	addline(rs, line, -1);
	addline(rs, "# An expect line stands for each segment that arrived: "
	    "relative numbers,", -1);
	addline(rs, "# TS values and non-zero windows wildcarded.", -1);
	rewrite(s);
	return 0;
}

/* "text" with the lexer's escapes */
static size_t
quote(char *buf, size_t cap, const uint8_t *d, size_t n)
{
	static const char esc[] = "\r\n\t\\\"", as[] = "rnt\\\"";
	const char *e;
	size_t i, off = 0;

	if (cap < 3)
		return 0;
	buf[off++] = '"';
	for (i = 0; i < n && off + 6 < cap; i++) {
		if (d[i] != '\0' && (e = strchr(esc, d[i])) != NULL) {
			buf[off++] = '\\';
			buf[off++] = as[e - esc];
		} else if (d[i] >= 0x20 && d[i] < 0x7f)
			buf[off++] = (char)d[i];
		else
			off += (size_t)snprintf(buf + off, cap - off,
			    "\\x%02x", d[i]);
	}
	buf[off++] = '"';
	buf[off] = '\0';
	return off;
}

/* The expect line for an arrived segment. */
static void
expect_text(struct session *s, const struct pkt_rec *r, char *buf,
    size_t cap)
{
	struct rec_state *rs = s->recst;
	struct optctx oc;
	struct seg g;
	char fl[16], one[128], notes[640];
	uint32_t seq, ack;
	uint64_t delay;
	size_t off = 0;
	int i, nopt = 0;

	if (r->icmp) {
		/* the router's words; what it quoted is in the note */
		struct icmp_msg m;

		if (icmp_decode(r->pkt, r->len, &m) != 0)
			memset(&m, 0, sizeof(m));
		out_notes(notes, sizeof(notes), r, s);
		snprintf(buf, cap, "expect icmp %s%s%s", icmp_kind_word(&m),
		    notes[0] != '\0' ? "  # " : "", notes);
		return;
	}
	wire_decode(r->pkt, r->len, &g);
	/* relative, whatever "set absolute" was: the peer will be fresh */
	seq = g.seq - r->pc.seq_base;
	ack = g.ack - r->pc.ack_base;
#define ADD(...) do { if (off < cap) off += (size_t)snprintf(buf + off, \
	cap - off, __VA_ARGS__); } while (0)
	ADD("expect %s", print_flags(g.flags, fl));
	if (g.datalen > 0)
		ADD(" seq %u:%u", seq, seq + g.datalen);
	else
		ADD(" seq %u", seq);
	if (g.flags & TH_ACK)
		ADD(", ack %u", ack);
	/* a window that is not zero varies with the peer's buffers */
	if (g.win == 0)
		ADD(", win 0");
	else
		ADD(", win 1..65535");
	if (g.flags & TH_URG)
		ADD(", urg %u", g.urp);
	oc.relative = 1;
	oc.sack_base = r->pc.ack_base;
	for (i = 0; i < g.nopt && i < SEG_MAXOPT; i++) {
		const struct tcpopt *o = &g.opt[i];

		if (!o->raw && (o->kind == TCPOPT_NOP || o->kind == TCPOPT_EOL))
			continue;
		if (!o->raw && !o->bad && o->kind == TCPOPT_TS)
			snprintf(one, sizeof(one), "TS val * ecr *");
		else
			tcpopt_format(one, sizeof(one), o, 1, &oc);
		ADD("%s%s", nopt++ ? "," : ", options [", one);
	}
	if (nopt > 0)
		ADD("]");
	ADD(", length %u", g.datalen);
	if (g.datalen > 0 && g.datalen <= REC_PREVIEW && g.data != NULL &&
	    off + 8 + 4 * g.datalen < cap) {
		ADD(" ");
		off += quote(buf + off, cap - off, g.data, g.datalen);
	}
	delay = r->t_us > rs->t_cmd ? r->t_us - rs->t_cmd : 0;
	if (delay > 1000000)	/* a retransmission timer, say */
		ADD(" within %llus", (unsigned long long)(delay * 3 / 2 /
		    1000000 + 1));
	out_notes(notes, sizeof(notes), r, s);
	if (notes[0] != '\0')
		ADD("  # %s", notes);
#undef ADD
}

/* "use NAME" when the replay's current connection is not name.  A
 * listener stays current for the first segment of a connection it
 * accepted: expect on a listener waits for that. */
static int
first_of_conn(const struct session *s, const struct pkt_rec *r)
{
	const struct pkt_rec *q;

	/* among the records the log still holds (set loglimit) */
	for (q = s->log; q < r; q++)
		if (q->conn_id == r->conn_id)
			return 0;
	return 1;
}

static void
switch_to(struct session *s, const char *name, const struct pkt_rec *r)
{
	struct rec_state *rs = s->recst;
	const struct conn *l, *c;
	char line[64];

	if (strcmp(rs->cur, name) == 0)
		return;
	if (r != NULL && (c = conn_by_id(&s->ct, r->conn_id)) != NULL &&
	    (l = conn_by_name(&s->ct, rs->cur)) != NULL && l->listening &&
	    l->lport == c->lport && first_of_conn(s, r)) {
		snprintf(rs->cur, sizeof(rs->cur), "%s", name);
		return;
	}
	snprintf(line, sizeof(line), "use %s", name);
	addline(rs, line, -1);
	snprintf(rs->cur, sizeof(rs->cur), "%s", name);
}

static void
auto_expect(struct session *s, size_t i)
{
	const struct pkt_rec *r = sess_log_at(s, i);
	char line[1024];

	if (r->dir != DIR_IN || r->conn[0] == '\0')
		return;
	switch_to(s, r->conn, r);
	if (s->set.absolute)
		addline(s->recst, "set absolute off", -1);
	expect_text(s, r, line, sizeof(line));
	addline(s->recst, line, (long)i);
	if (s->set.absolute)
		addline(s->recst, "set absolute on", -1);
}

/* Automatic expects for what arrived before log index upto. */
static void
flush(struct session *s, size_t upto)
{
	struct rec_state *rs = s->recst;

	if (rs->next < s->logbase)	/* set loglimit dropped them */
		rs->next = s->logbase;
	for (; rs->next < upto && rs->next < s->nlog; rs->next++)
		auto_expect(s, rs->next);
}

/* A typed line is about to run, as typed (its commands follow in order
 * through rec_before/rec_after): the k-th command of the line, up to its
 * ';', without the comment. */
static void
rec_line_begin(struct session *s, const char *raw)
{
	struct rec_state *rs = s->recst;
	const char *p, *start;
	size_t n;

	if (rs == NULL)
		return;
	free_cmds(rs);
	for (start = raw;; start = p + 1) {
		p = start + lex_cmd_end(start);
		while (*start == ' ' || *start == '\t')
			start++;
		n = p > start ? (size_t)(p - start) : 0;
		while (n > 0 && (start[n - 1] == ' ' || start[n - 1] == '\t'))
			n--;
		if (n > 0 && rs->ncmds < 64)
			rs->cmds[rs->ncmds++] = strndup(start, n);
		if (*p != ';')
			break;
	}
}

static const char *
cmd_text(struct rec_state *rs)
{
	return rs->k < rs->ncmds ? rs->cmds[rs->k] : NULL;
}

static void
rec_before(struct session *s, const struct cmd *c)
{
	struct rec_state *rs = s->recst;
	const char *text;

	if (rs == NULL || s->record == NULL)
		return;
	rs->t_cmd = sess_now(s);
	if (c->id == C_EXPECT)
		return;		/* written once it is met or not */
	flush(s, s->nlog);
	text = cmd_text(rs);
	if (text != NULL && c->id != C_RECORD && c->id != C_QUIT &&
	    c->id != C_HELP) {
		if (s->cur != NULL && c->id != C_CONNECT &&
		    c->id != C_LISTEN && c->id != C_USE)
			switch_to(s, s->cur->name, NULL);
		addline(rs, text, -1);
	}
	rewrite(s);
}

/* rc is exec_cmd's; for EXEC_PENDING the pending result decides. */
static void
rec_after(struct session *s, const struct cmd *c, int rc)
{
	struct rec_state *rs = s->recst;
	const char *text;
	char line[1200];
	size_t m;
	int ok, i;

	if (rs == NULL || s->record == NULL)
		return;
	text = cmd_text(rs);
	rs->k++;
	if (c->id == C_EXPECT && text != NULL) {
		ok = rc == EXEC_OK || (rc == EXEC_PENDING &&
		    s->pend.result == PR_OK);
		m = s->pend.match_idx;
		if (!ok) {
			flush(s, s->nlog);
			snprintf(line, sizeof(line), "# %s   (failed when "
			    "recorded)", text);
			addline(rs, line, -1);
		} else if (EX_KEEPS(c->ekind) && s->pend.matched &&
		    m < rs->next) {
			/* its segment has its line already: keep the name
			 * there, the typed pattern as a note */
			for (i = rs->n - 1; i >= 0; i--)
				if (rs->l[i].idx == (long)m)
					break;
			if (i >= 0 && c->name[0] != '\0') {
				snprintf(line, sizeof(line), "%s",
				    rs->l[i].text);
				if (strstr(line, "  # ") != NULL)
					*strstr(line, "  # ") = '\0';
				snprintf(line + strlen(line), sizeof(line) -
				    strlen(line), " as %s", c->name);
				free(rs->l[i].text);
				rs->l[i].text = strdup(line);
			}
			snprintf(line, sizeof(line), "# %s   (met by a line "
			    "above)", text);
			addline(rs, line, -1);
		} else {
			flush(s, EX_KEEPS(c->ekind) && s->pend.matched ?
			    m : s->nlog);
			if (s->cur != NULL)
				switch_to(s, s->cur->name, NULL);
			addline(rs, text, -1);
			if (EX_KEEPS(c->ekind) && s->pend.matched &&
			    m >= rs->next)
				rs->next = m + 1;
		}
	}
	/* these wait for the peer's segments themselves: a replay of the
	 * recording does the same, so no expect lines for them */
	if (c->id == C_REPLAY || c->id == C_SOURCE || c->id == C_INCLUDE ||
	    c->id == C_PROBE || c->id == C_TRACEROUTE)
		rs->next = s->nlog;
	if (s->cur != NULL)
		snprintf(rs->cur, sizeof(rs->cur), "%s", s->cur->name);
	rewrite(s);
}

void
rec_close(struct session *s)
{
	struct rec_state *rs = s->recst;
	int i;

	if (rs != NULL && s->record != NULL) {
		flush(s, s->nlog);
		addline(rs, "# end of recording", -1);
		rewrite(s);
	}
	if (s->record != NULL)
		fclose(s->record);
	s->record = NULL;
	if (rs == NULL)
		return;
	free_cmds(rs);
	for (i = 0; i < rs->n; i++)
		free(rs->l[i].text);
	free(rs->l);
	free(rs);
	s->recst = NULL;
}

/* ----- record as an observer: only what is typed ----- */

static int
obs_line_cb(void *arg, struct session *s, const char *raw, const char *line)
{
	rec_line_begin(s, raw);
	return 0;
}

static void
obs_command_cb(void *arg, struct session *s, const struct obs_cmd *oc)
{
	rec_before(s, oc->c);
}

static void
obs_command_done_cb(void *arg, struct session *s, const struct obs_cmd *oc)
{
	rec_after(s, oc->c, oc->rc);
}

static void
obs_end_cb(void *arg, struct session *s)
{
	rec_close(s);
}

const struct obs_ops record_obs = {
	.name = "record",
	.line = obs_line_cb,
	.command = obs_command_cb,
	.command_done = obs_command_done_cb,
	.end = obs_end_cb,
};
