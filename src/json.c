/* json.c - --json: one JSON object per event, one per line, on stdout
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Every line of text the session prints goes through out_printf; with
 * JSON on, it arrives here and leaves as a "message" event, so stdout
 * holds nothing but JSON objects a grader can read line by line.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "icmp.h"
#include "ip6.h"
#include "json.h"
#include "obs.h"
#include "out.h"
#include "pktlog.h"
#include "print.h"
#include "sess.h"
#include "session.h"
#include "tcb.h"
#include "tcpopt.h"
#include "wire.h"

struct json_out {
	struct out	o;
	size_t		emitted;	/* log entries already sent as events */
};

void
json_str(FILE *f, const char *s, size_t n)
{
	size_t i;
	unsigned char c;

	fputc('"', f);
	for (i = 0; i < n; i++) {
		c = (unsigned char)s[i];
		if (c == '"' || c == '\\')
			fprintf(f, "\\%c", c);
		else if (c == '\n')
			fputs("\\n", f);
		else if (c == '\r')
			fputs("\\r", f);
		else if (c == '\t')
			fputs("\\t", f);
		else if (c < 0x20 || c >= 0x7f)
			fprintf(f, "\\u%04x", c);	/* bytes, not UTF-8 */
		else
			fputc(c, f);
	}
	fputc('"', f);
}

static void
kv_str(const char *k, const char *v)
{
	printf(",\"%s\":", k);
	json_str(stdout, v, strlen(v));
}

static void
end(void)
{
	fputs("}\n", stdout);
	out_line_end();
}

/* Text lines: one "message" event per line. */
static void
json_text(struct out *o, const char *text)
{
	const char *p = text, *nl;
	size_t n;

	while (*p != '\0') {
		nl = strchr(p, '\n');
		n = nl != NULL ? (size_t)(nl - p) : strlen(p);
		fputs("{\"event\":\"message\",\"text\":", stdout);
		json_str(stdout, p, n);
		end();
		p += n;
		if (*p == '\n')
			p++;
	}
}

static void
notes_array(struct session *s, const struct pkt_rec *r)
{
	char buf[640], *p, *q;
	int first = 1;

	out_notes(buf, sizeof(buf), r, s);
	fputs(",\"notes\":[", stdout);
	for (p = buf; *p != '\0'; p = q) {
		if ((q = strstr(p, "; ")) == NULL)
			q = p + strlen(p);
		/* the state transition has its own fields */
		if (strstr(p, " -> ") == NULL || (size_t)(strstr(p, " -> ") -
		    p) > (size_t)(q - p)) {
			if (!first)
				fputc(',', stdout);
			json_str(stdout, p, (size_t)(q - p));
			first = 0;
		}
		if (*q != '\0')
			q += 2;
	}
	fputc(']', stdout);
}

static void	json_state(struct out *o, uint64_t t_us, const char *conn,
		    const char *from, const char *to, const char *why);

/* An ICMP error about a connection: the outer addresses, the kind, the
 * next-hop MTU and the quoted segment's fields (icmprx.c). */
static void
json_icmp(struct out *o, struct session *s, const struct pkt_rec *r)
{
	struct json_out *jo = (struct json_out *)o;
	struct icmp_msg m;
	char a[IPADDR_STRLEN], line[256];
	size_t idx = sess_log_idx(s, r);

	if (icmp_decode(r->pkt, r->len, &m) != 0)
		memset(&m, 0, sizeof(m));
	if (m.af != AF_INET6)	/* IPv4's, and an undecodable one's 0s */
		m.src = ipaddr_v4(m.saddr), m.dst = ipaddr_v4(m.daddr),
		    m.q_src = ipaddr_v4(m.q_saddr),
		    m.q_dst = ipaddr_v4(m.q_daddr);
	icmp_print(line, sizeof(line), &m);
	printf("{\"event\":\"icmp\",\"n\":%zu,\"t\":%.6f", idx + 1,
	    r->t_us / 1e6);
	kv_str("dir", "in");
	kv_str("conn", r->conn);
	kv_str("src", ipaddr_str(&m.src, a, sizeof(a)));
	kv_str("dst", ipaddr_str(&m.dst, a, sizeof(a)));
	kv_str("kind", icmp_kind_word(&m));
	printf(",\"type\":%u,\"code\":%u,\"mtu\":%u,\"ttl\":%u", m.type,
	    m.code, m.mtu, m.ttl);
	fputs(",\"quoted\":{", stdout);
	printf("\"src\":\"%s\"", ipaddr_str(&m.q_src, a, sizeof(a)));
	printf(",\"sport\":%u", m.q_sport);
	kv_str("dst", ipaddr_str(&m.q_dst, a, sizeof(a)));
	printf(",\"dport\":%u,\"seq\":%u,\"rawseq\":%u,\"id\":%u,"
	    "\"iplen\":%u}", m.q_dport, r->pc.relative ? m.q_seq -
	    r->pc.seq_base : m.q_seq, m.q_seq, m.q_id, m.q_totlen);
	kv_str("line", line);
	notes_array(s, r);
	if (idx < jo->emitted)
		fputs(",\"again\":true", stdout);	/* log, show */
	end();
	if (idx >= jo->emitted)
		jo->emitted = idx + 1;
}

/* IPv6's header fields under its own names (tcpdump -v's), and the
 * extension headers in order */
static void
json_ip6(const struct seg *g)
{
	unsigned i;

	printf(",\"hlim\":%u,\"tc\":%u,\"flow\":%u,\"plen\":%u,"
	    "\"nxt\":%u,\"ext\":[", g->ttl, g->tos, g->flow, g->plen, g->nxt);
	for (i = 0; i < g->next && i < SEG_MAXEXT; i++) {
		const struct ip6ext *x = &g->ext[i];
		const char *nm = ip6_ext_name(x->type);

		printf("%s{\"type\":\"%s\",\"len\":%u", i > 0 ? "," : "",
		    nm != NULL ? nm : "unknown", x->len);
		if (x->type == IP6_NXT_ROUTING)
			printf(",\"rtype\":%u,\"segleft\":%u", x->rtype,
			    x->segleft);
		else if (x->type == IP6_NXT_FRAG)
			printf(",\"off\":%u,\"mf\":%u,\"id\":%u",
			    x->fragoff, x->mf, x->ident);
		fputc('}', stdout);
	}
	fputc(']', stdout);
}

static void
json_packet(struct out *o, struct session *s, const struct pkt_rec *r)
{
	static const char *const dirs[] = { "out", "in", "kernel" };
	struct json_out *jo = (struct json_out *)o;
	struct optctx oc;
	struct seg g;
	char a[IPADDR_STRLEN], line[1024], one[160];
	size_t idx = sess_log_idx(s, r), i;
	int k, first = 1;

	if (r->icmp) {
		json_icmp(o, s, r);
		return;
	}
	wire_decode(r->pkt, r->len, &g);
	print_seg(line, sizeof(line), &g, &r->pc);
	printf("{\"event\":\"packet\",\"n\":%zu,\"t\":%.6f", idx + 1,
	    r->t_us / 1e6);
	kv_str("dir", dirs[r->dir]);
	kv_str("conn", r->conn);
	kv_str("src", ipaddr_str(&g.saddr, a, sizeof(a)));
	printf(",\"sport\":%u", g.sport);
	kv_str("dst", ipaddr_str(&g.daddr, a, sizeof(a)));
	printf(",\"dport\":%u", g.dport);
	kv_str("flags", print_flags(g.flags, a));
	printf(",\"seq\":%u,\"ack\":%u,\"rawseq\":%u,\"rawack\":%u,"
	    "\"win\":%u,\"urg\":%u,\"len\":%u",
	    r->pc.relative ? g.seq - r->pc.seq_base : g.seq,
	    r->pc.relative ? g.ack - r->pc.ack_base : g.ack, g.seq, g.ack,
	    g.win, g.urp, g.datalen);
	if (SEG_IS6(&g))
		json_ip6(&g);
	else
		printf(",\"ttl\":%u,\"id\":%u", g.ttl, g.id);
	fputs(",\"options\":[", stdout);
	oc.relative = r->pc.relative;
	oc.sack_base = r->pc.ack_base;
	for (k = 0; k < g.nopt && k < SEG_MAXOPT; k++) {
		tcpopt_format(one, sizeof(one), &g.opt[k], 1, &oc);
		if (!first)
			fputc(',', stdout);
		json_str(stdout, one, strlen(one));
		first = 0;
	}
	fputc(']', stdout);
	if (g.datalen > 0 && g.data != NULL) {
		fputs(",\"payload\":\"", stdout);
		for (i = 0; i < g.datalen; i++)
			printf("%02x", g.data[i]);
		fputc('"', stdout);
	}
	kv_str("line", line);
	notes_array(s, r);
	if (r->ev.from != r->ev.to) {
		kv_str("from", tcb_state_name(r->ev.from));
		kv_str("to", tcb_state_name(r->ev.to));
	}
	if (idx < jo->emitted)
		fputs(",\"again\":true", stdout);	/* log, show */
	end();
	if (idx >= jo->emitted) {
		jo->emitted = idx + 1;
		if (r->ev.from != r->ev.to)
			json_state(o, r->t_us, r->conn,
			    tcb_state_name(r->ev.from),
			    tcb_state_name(r->ev.to), NULL);
	}
}

static void
json_state(struct out *o, uint64_t t_us, const char *conn, const char *from,
    const char *to, const char *why)
{
	printf("{\"event\":\"state\",\"t\":%.6f", t_us / 1e6);
	kv_str("conn", conn);
	kv_str("from", from);
	kv_str("to", to);
	if (why != NULL)
		kv_str("why", why);
	end();
}

static void
json_expect(struct out *o, struct session *s, const struct obs_expect *x)
{
	printf("{\"event\":\"expect\",\"t\":%.6f", sess_now(s) / 1e6);
	if (x->where != NULL)
		kv_str("where", x->where);
	kv_str("pattern", x->pattern);
	kv_str("result", x->ok ? "ok" : "fail");
	if (x->packet >= 0)
		printf(",\"packet\":%ld", x->packet + 1);
	if (x->reason != NULL)
		kv_str("reason", x->reason);
	end();
}

static void
json_error(struct out *o, const char *where, const char *line, int col,
    const char *msg)
{
	fputs("{\"event\":\"error\"", stdout);
	if (where != NULL)
		kv_str("where", where);
	if (col > 0)
		printf(",\"col\":%d", col);
	kv_str("message", msg);
	end();
}

/* A script's syntax error: an error event with no place of its own (the
 * message starts with FILE:LINE:COL). */
static void
json_diag(struct out *o, const char *msg)
{
	json_error(o, NULL, NULL, 0, msg);
}

static void
json_script(struct out *o, const char *file, int status)
{
	fputs("{\"event\":\"script\"", stdout);
	kv_str("file", file);
	printf(",\"status\":%d", status);
	kv_str("result", status == 0 ? "pass" : status == 1 ? "fail" :
	    "error");
	end();
}

static const struct out_ops json_ops = {
	.name = "json",
	.text = json_text,
	.packet = json_packet,
	.state = json_state,
	.expect = json_expect,
	.error = json_error,
	.diag = json_diag,
	.script_end = json_script,
};

struct out *
json_out_new(void)
{
	struct json_out *jo;

	if ((jo = calloc(1, sizeof(*jo))) == NULL)
		return NULL;
	jo->o.ops = &json_ops;
	return &jo->o;
}
