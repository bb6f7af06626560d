/* exec.c - running one parsed command against the session */
#include <errno.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "backend.h"
#include "build.h"
#include "capnote.h"
#include "capture.h"
#include "cmdtab.h"
#include "confine.h"
#include "conn.h"
#include "errbuf.h"
#include "exec.h"
#include "expect.h"
#include "flood.h"
#include "guard.h"
#include "labnic.h"
#include "loop.h"
#include "obs.h"
#include "out.h"
#include "payfile.h"
#include "pktlog.h"
#include "print.h"
#include "probe.h"
#include "record.h"
#include "route.h"
#include "segspec.h"
#include "sess.h"
#include "session.h"
#include "settings.h"
#include "tcb.h"
#include "trace.h"
#include "teach.h"
#include "sockdiag.h"
#include "tcpmetrics.h"
#include "tx.h"
#include "wire.h"

/* Printers that take a FILE * write through a memory stream, so their
 * lines go above the prompt like every other line. */
#define WITH_MEMSTREAM(f, body) do {					\
	char *buf_ = NULL; size_t len_ = 0;				\
	FILE *f = open_memstream(&buf_, &len_);				\
	if (f != NULL) { body; fclose(f);				\
	    if (buf_ != NULL) out_puts(buf_); }			\
	free(buf_);							\
} while (0)

/* "127.0.0.1:20000", "[::1]:20000" */
static const char *
ep_str(const struct ipaddr *a, uint16_t port, char buf[CMD_EPSTRLEN])
{
	return cmd_endpoint_str(a, port, buf, CMD_EPSTRLEN);
}

/* /proc/net/tcp6 prints each of an address's words, s6_addr32[i], as
 * a host integer: its bytes in memory are the address's. */
static struct ipaddr
proc_addr6(const unsigned w[4])
{
	uint8_t b[16];
	uint32_t v;
	int i;

	for (i = 0; i < 4; i++) {
		v = w[i];
		memcpy(b + 4 * i, &v, 4);
	}
	return ipaddr_v6(b);
}

/* An IPv4 socket's line of /proc/net/tcp or an IPv6 one's of
 * /proc/net/tcp6: its local and remote ends. */
static int
proc_ends(const char *line, int af, struct ipaddr *a1, unsigned *p1,
    struct ipaddr *a2, unsigned *p2)
{
	unsigned w[8];

	if (af == AF_INET) {
		/* addresses are in network order, printed as host words */
		if (sscanf(line, "%*d: %8X:%4X %8X:%4X", &w[0], p1, &w[4],
		    p2) != 4)
			return -1;
		*a1 = ipaddr_v4(ntohl(w[0]));
		*a2 = ipaddr_v4(ntohl(w[4]));
		return 0;
	}
	if (sscanf(line, "%*d: %8X%8X%8X%8X:%4X %8X%8X%8X%8X:%4X", &w[0],
	    &w[1], &w[2], &w[3], p1, &w[4], &w[5], &w[6], &w[7], p2) != 10)
		return -1;
	*a1 = proc_addr6(w);
	*a2 = proc_addr6(w + 4);
	return 0;
}

/* Does the kernel hold a socket whose own end is la:lp and whose peer is
 * ra:rp (a TIME-WAIT left by an earlier session counts: it would answer
 * our SYN with an ACK)?  /proc/net/tcp (tcp6) lists them all, TIME-WAIT
 * included. */
static int
kernel_has_end(const struct ipaddr *la, uint16_t lp,
    const struct ipaddr *ra, uint16_t rp)
{
	char line[256];
	struct ipaddr a1, a2;
	unsigned p1, p2;
	FILE *f;
	int found;

	/* an exact lookup first: reading the file walks every hash bucket */
	if ((found = sockdiag_tcp_exists(la, lp, ra, rp)) >= 0)
		return found;
	found = 0;
	if ((f = fopen(la->af == AF_INET6 ? "/proc/net/tcp6" :
	    "/proc/net/tcp", "r")) == NULL)
		return 0;
	while (!found && fgets(line, sizeof(line), f) != NULL)
		found = proc_ends(line, la->af, &a1, &p1, &a2, &p2) == 0 &&
		    ipaddr_eq(&a1, la) && p1 == lp && ipaddr_eq(&a2, ra) &&
		    p2 == rp;
	fclose(f);
	return found;
}

/* ... on this 4-tuple, in either direction */
static int
kernel_has_tuple(const struct ipaddr *la, uint16_t lp,
    const struct ipaddr *ra, uint16_t rp)
{
	return kernel_has_end(la, lp, ra, rp) ||
	    kernel_has_end(ra, rp, la, lp);
}

/* Can a socket of laddr's family bind laddr:p?  (A port some kernel
 * socket holds is one the kernel has something to say about.) */
static int
port_free(const struct ipaddr *laddr, uint16_t p)
{
	struct sockaddr_storage ss;
	socklen_t len;
	int fd, ok;

	if ((fd = socket(laddr->af, SOCK_STREAM, 0)) < 0)
		return -1;
	len = ipaddr_sockaddr(laddr, p, &ss);
	ok = bind(fd, (struct sockaddr *)&ss, len) == 0;
	close(fd);
	return ok;
}

/* A local port no kernel socket holds, so the kernel has nothing to say
 * about it but RST (which the guard stops).  From a random start the
 * picks go up one by one, as a kernel's do for one destination: the
 * capture filter's port block then holds the next connections too.  On
 * a lab address the kernel does not own (owned 0) it holds nothing:
 * bind would fail for every port (64 tries a connect, three system
 * calls each: a third of a lab session's time). */
static uint16_t
pick_port(struct session *s, const struct ipaddr *laddr,
    const struct ipaddr *raddr, uint16_t rport, int owned)
{
	int i, ok;
	uint16_t p;

	for (i = 0; i < 64; i++) {
		if (s->port_next < 40000 || s->port_next >= 60000 || i >= 32)
			s->port_next = (uint16_t)(40000 + sess_rand(s) % 20000);
		p = s->port_next++;
		if (!owned) {
			if (conn_lookup(&s->ct, laddr, p, raddr, rport,
			    NULL) == NULL)
				return p;
			continue;
		}
		if ((ok = port_free(laddr, p)) == -1)
			return p;
		/* bind took the port, so no socket has our end, TIME-WAIT
		 * included (bind conflicts with those): only the peer's
		 * end can still hold the pair */
		if (ok && !kernel_has_end(raddr, rport, laddr, p) &&
		    conn_lookup(&s->ct, laddr, p, raddr, rport, NULL) == NULL)
			return p;
	}
	return (uint16_t)(40000 + sess_rand(s) % 20000);
}

/* A connection asked for, once its route and source are known. */
struct conn_req {
	struct route	 r;
	struct ipaddr	 laddr, addr;
	uint16_t	 port, from_port;	/* 0: pick one */
	int		 owned;			/* the kernel owns laddr */
	char		 name[CONN_NAMELEN];
};

/* The next hop's link address is known: the connection. */
static int
connect_finish(struct session *s, const struct conn_req *q, struct errbuf *e)
{
	struct conn *cn;
	uint32_t iss;
	uint16_t lport;
	char a[CMD_EPSTRLEN], b[CMD_EPSTRLEN];
	int picked;

	picked = q->from_port == 0;
	lport = picked ? pick_port(s, &q->laddr, &q->addr, q->port,
	    q->owned) : q->from_port;
	/* a picked port was checked already */
	if ((s->be->flags & BE_KERNEL) && !picked &&
	    kernel_has_tuple(&q->laddr, lport, &q->addr, q->port))
		out_printf("warning: the kernel already has a socket on this "
		    "4-tuple (TIME-WAIT?); it will answer for it\n");
	if ((cn = conn_add(&s->ct, &q->laddr, lport, &q->addr, q->port,
	    q->name[0] ? q->name : NULL, e)) == NULL)
		return -1;
	iss = s->set.iss_fixed ? s->set.iss : sess_rand(s);
	tcb_init(&cn->tcb, TCB_CLIENT, iss, s->set.win,
	    sess_mss(s, q->addr.af), s->set.msl_us);
	tcb_keep_streams(&cn->tcb);
	cn->expect_from = s->nlog;
	if (q->owned)
		sess_guard_conn(s, cn);
	sess_refilter(s);
	s->cur = cn;
	/* the peer is this kernel */
	if ((s->be->flags & BE_KERNEL) && q->r.local)
		tcpmetrics_fresh_peer(&q->laddr, &q->addr);
	out_printf("%s: %s -> %s via %s, CLOSED, ISS %u%s; next: syn\n",
	    cn->name, ep_str(&q->laddr, lport, a), ep_str(&q->addr, q->port,
	    b), q->r.ifname, iss, cn->guarded ? ", guard on" :
	    !(s->be->flags & BE_KERNEL) ? ", offline" :
	    (q->owned ? ", NO guard" : ""));
	return 0;
}

/* connect waiting for the next hop's link address (ARP): a task above
 * the caller's, the backend's task that learns it above this one. */
struct connect_task {
	struct task	 t;		/* first: the loop's handle */
	struct task	*learn;
	struct conn_req	 q;
	struct errbuf	 e;
};

static int
connect_run(struct session *s, struct task *t, enum loop_end why)
{
	struct connect_task *ct = (struct connect_task *)t;

	if (why == LW_START) {
		loop_push(s, ct->learn);
		return TASK_WAIT;
	}
	t->rc = t->child_rc != 0 || connect_finish(s, &ct->q, &ct->e) != 0 ?
	    sess_cmd_failed(s, &ct->e) : EXEC_OK;
	return TASK_DONE;
}

static void
connect_drop(struct task *t)
{
	free(t);
}

/* The source: from ADDR, the lab's --src of that family, or the
 * route's. */
static int
connect_source(struct session *s, const struct cmd *c, struct conn_req *q,
    struct errbuf *e)
{
	if (c->have_from && !ipaddr_is_any(&c->from_addr)) {
		if (c->from_addr.af != c->addr.af)
			return err_set(e, 0, "connect: from %s address to "
			    "an %s one", c->from_addr.af == AF_INET6 ?
			    "an IPv6" : "an IPv4", c->addr.af == AF_INET6 ?
			    "IPv6" : "IPv4");
		q->laddr = c->from_addr;
	} else if (c->addr.af == AF_INET && s->lab_src != 0)
		q->laddr = ipaddr_v4(s->lab_src);
	else if (c->addr.af == AF_INET6 && s->lab_src6.af == AF_INET6)
		q->laddr = s->lab_src6;
	else
		q->laddr = q->r.srcaddr;
	/* an IPv4 route without one: 0.0.0.0, as it always was */
	if (q->laddr.af == 0 && c->addr.af == AF_INET)
		q->laddr = ipaddr_v4(0);
	if (q->laddr.af != c->addr.af)
		return err_set(e, 0, "connect: the route to the destination "
		    "gives no source address");
	return 0;
}

/* A command built by code rather than parsed (replay's) may set only
 * the IPv4 number, as before addresses had a family: IPv4. */
static void
cmd_family(struct cmd *c)
{
	if (c->addr.af == 0)
		c->addr.af = AF_INET;
	if (c->have_from && c->from_addr.af == 0)
		c->from_addr.af = c->from_addr.v4 != 0 ? AF_INET : 0;
}

static int
do_connect(struct session *s, struct cmd *c, struct errbuf *e)
{
	struct connect_task *ct;
	struct conn_req q;
	struct task *learn = NULL;

	cmd_family(c);
	memset(&q, 0, sizeof(q));
	if (route_check_scope_ip(&c->addr, s->labif, &q.r, e) != 0)
		return -1;
	if (connect_source(s, c, &q, e) != 0)
		return -1;
	q.addr = c->addr;
	q.port = c->port;
	q.from_port = c->have_from ? c->from_port : 0;
	snprintf(q.name, sizeof(q.name), "%s", c->name);
	if (confine_connect(s, &q.laddr, q.from_port, &q.addr, q.port,
	    e) != 0)
		return -1;
	/* the guard is for a source the kernel owns: it would reset.
	 * The route's preferred source is one of its own: no second
	 * route question for the usual connect */
	q.owned = (q.r.srcaddr.af != 0 && ipaddr_eq(&q.laddr, &q.r.srcaddr)) ||
	    backend_kernel_owns(&q.laddr);
	if (sess_net(s, q.r.ifname, e) != 0)
		return -1;
	if (!q.owned && backend_adopt(s, &q.laddr, e) != 0)
		return -1;
	if ((ct = calloc(1, sizeof(*ct))) == NULL)
		return err_set(e, 0, "connect: out of memory");
	if (backend_resolve(s, &c->addr, &q.laddr, &learn, &ct->e) != 0) {
		*e = ct->e;
		free(ct);
		return -1;
	}
	if (learn == NULL) {
		free(ct);
		return connect_finish(s, &q, e);
	}
	ct->t.run = connect_run;
	ct->t.drop = connect_drop;
	ct->learn = learn;
	ct->q = q;
	loop_push(s, &ct->t);
	return EXEC_PENDING;
}

/* The listening end as the guard keeps it */
static struct guard_elem
listen_elem(const struct conn *cn)
{
	struct guard_elem el;

	memset(&el, 0, sizeof(el));
	el.laddr = cn->laddr;
	el.lport = cn->lport;
	return el;
}

static int
do_listen(struct session *s, struct cmd *c, struct errbuf *e)
{
	struct route r;
	struct conn *cn;
	struct errbuf ge;
	struct guard_elem el;
	struct ipaddr none;
	char a[CMD_EPSTRLEN];
	int v6;

	cmd_family(c);
	v6 = c->addr.af == AF_INET6;
	/* "listen PORT" on a lab NIC: on our lab address, not loopback */
	if (!v6 && c->addr.v4 == 0x7f000001 && s->lab_src != 0 &&
	    (s->be->flags & BE_OWNADDR))
		c->addr.v4 = s->lab_src;
	if (v6 && ipaddr_is_loopback(&c->addr) &&
	    s->lab_src6.af == AF_INET6 && (s->be->flags & BE_OWNADDR))
		c->addr = s->lab_src6;
	if (route_check_scope_ip(&c->addr, s->labif, &r, e) != 0)
		return -1;
	if (!r.local && !(s->be->flags & BE_OWNADDR))
		return err_set(e, 0, "%s is not an address of this host",
		    ipaddr_str(&c->addr, a, sizeof(a)));
	if (confine_listen(s, &c->addr, c->port, r.local, e) != 0)
		return -1;
	if (sess_net(s, r.ifname, e) != 0)
		return -1;
	if (!r.local && backend_adopt(s, &c->addr, e) != 0)
		return -1;
	none = ipaddr_any(c->addr.af);
	if ((cn = conn_add(&s->ct, &c->addr, c->port, &none, 0,
	    c->name[0] ? c->name : NULL, e)) == NULL)
		return -1;
	s->be->stamp(s, &cn->since);	/* the capture's clock */
	tcb_init(&cn->tcb, TCB_SERVER, 0, s->set.win,
	    sess_mss(s, c->addr.af), s->set.msl_us);
	if (r.local && s->set.guard && sess_guard_ready(s) == 0) {
		el = listen_elem(cn);
		if (guard_add(s->gd, &el, &ge) == 0)
			cn->guarded = 1;
		else
			out_printf("warning: guard for %s: %s\n", cn->name,
			    ge.msg);
	}
	sess_refilter(s);
	s->cur = cn;
	/* its clients are this kernel */
	if ((s->be->flags & BE_KERNEL) && r.local)
		tcpmetrics_fresh_peer(&c->addr, NULL);
	out_printf("%s: listening on %s%s; a SYN there opens a new "
	    "connection\n", cn->name, ep_str(&c->addr, c->port, a),
	    cn->guarded ? " (guard keeps the kernel from refusing it)" : "");
	return 0;
}

static struct conn *
need_conn(struct session *s, struct errbuf *e)
{
	if (s->cur == NULL) {
		err_set(e, 0, "no connection: connect HOST:PORT or listen PORT "
		    "first");
		return NULL;
	}
	if (s->cur->listening) {
		err_set(e, 0, "%s is a listener: wait for a SYN (it opens a "
		    "connection), or use NAME", s->cur->name);
		return NULL;
	}
	return s->cur;
}

static void
do_conns(struct session *s)
{
	struct conn *c;
	char a[CMD_EPSTRLEN], b[CMD_EPSTRLEN];

	if (s->ct.head == NULL) {
		out_printf("no connections\n");
		return;
	}
	for (c = s->ct.head; c != NULL; c = c->next) {
		if (c->listening)
			out_printf("%c %-8s %s  LISTEN%s\n",
			    c == s->cur ? '*' : ' ', c->name,
			    ep_str(&c->laddr, c->lport, a),
			    c->guarded ? "  guarded" : "");
		else
			out_printf("%c %-8s %s -> %s  %s%s\n",
			    c == s->cur ? '*' : ' ', c->name,
			    ep_str(&c->laddr, c->lport, a),
			    ep_str(&c->raddr, c->rport, b),
			    tcb_state_name(c->tcb.state),
			    c->guarded ? "  guarded" : "");
	}
}

static void
forget_conn(struct session *s, struct conn *c)
{
	struct guard_elem el;
	struct errbuf e;

	if (c->listening && c->guarded && s->gd != NULL) {
		el = listen_elem(c);
		guard_del(s->gd, &el, &e);
	} else
		sess_unguard_conn(s, c);
	if (s->cur == c)
		s->cur = NULL;
	if (s->pend.kind != P_NONE && s->pend.conn_id == c->id)
		pend_cancel(s, "connection closed");
	conn_del(&s->ct, c);
	if (s->cur == NULL)
		s->cur = s->ct.tail;
	/* No refilter: a forgotten port left in the filter only lets in
	 * segments no connection claims, and the next connect rebuilds it;
	 * a compile and a JIT per close halved scripted sessions/s. */
}

static const struct pkt_rec *
pick_rec(struct session *s, struct cmd *c, struct errbuf *e)
{
	const struct pkt_rec *r;

	if (s->nlog == 0) {
		err_set(e, 0, "no packets yet");
		return NULL;
	}
	if (!c->have_n)
		return sess_log_at(s, s->nlog - 1);
	if ((size_t)c->n > s->nlog) {
		err_set(e, 0, "no packet %ld (log has %zu)", c->n, s->nlog);
		return NULL;
	}
	if ((r = sess_log_at(s, (size_t)c->n - 1)) == NULL)
		err_set(e, 0, "packet %ld was dropped from the log: it keeps "
		    "the last %zu (set loglimit; capture keeps every packet)",
		    c->n, s->set.loglimit);
	return r;
}

static void
do_show(struct session *s, const struct pkt_rec *r)
{
	struct seg g;
	uint32_t bit;

	out_packet(s, r);
	if (r->icmp) {
		/* the quote's fields are on the line and in the notes */
		out_printf("  detail: %s\n", r->ev.detail);
		return;
	}
	wire_decode(r->pkt, r->len, &g);
	WITH_MEMSTREAM(f, print_tree(f, &g, &r->pc));
	for (bit = 1; bit != 0; bit <<= 1)
		if (r->ev.notes & bit)
			out_printf("  note: %s: %s\n", tcb_note_word(bit),
			    tcb_note_sentence(bit));
	if (r->ev.have_gap)
		out_printf("  interval: %.2fs since the same sequence number "
		    "went before (a sender backs off: it grows)\n",
		    r->ev.gap_us / 1e6);
	/* what the TCB found, sent or received, in full */
	if (r->ev.detail[0] != '\0')
		out_printf("  detail: %s\n", r->ev.detail);
}

static void
do_log(struct session *s)
{
	size_t i;

	/* said once, where the numbers start */
	if (s->logbase > 0)
		out_printf("(#1-#%zu dropped: set loglimit %zu keeps the "
		    "newest)\n", s->logbase, s->set.loglimit);
	for (i = s->logbase; i < s->nlog; i++) {
		out_printf("#%-4zu", i + 1);
		out_packet(s, sess_log_at(s, i));
	}
	if (s->nlog == 0)
		out_printf("no packets yet\n");
}

static void
do_help(const struct cmd *c)
{
	const struct cmd_def *d;
	int i;

	if (c->key[0] == '\0') {
		for (i = 0; i < C_NCMDS; i++)
			out_printf("  %-50s %s\n", cmd_defs[i].usage,
			    cmd_defs[i].brief);
		out_printf("Fields for segment commands and patterns:");
		for (i = 0; segfield_name(i, SF_SPEC) != NULL; i++)
			out_printf(" %s", segfield_name(i, SF_SPEC));
		out_printf("\n(help send, help expect, help set; man "
		    "tcpcraft)\n");
		return;
	}
	if ((d = cmd_lookup(c->key)) == NULL) {
		char hint[96];

		cmd_hint(c->key, hint, sizeof(hint));
		out_printf("no command '%s'%s\n", c->key, hint[0] != '\0' ?
		    hint : "; help lists them");
		return;
	}
	out_printf("%s\n  %s\n", d->usage, d->brief);
	if (d->help != NULL)
		out_printf("\n%s\n", d->help);
	if (d->args == A_SEGMENT || d->args == A_EXPECT) {
		out_printf("\nFields:");
		for (i = 0; segfield_name(i, SF_SPEC) != NULL; i++)
			out_printf(" %s", segfield_name(i, SF_SPEC));
		out_printf("\n");
	}
	if (d->args == A_SEGMENT)
		out_printf("A final ? says first what the peer should do with "
		    "the segment, then whether it did (help predict).\n");
	if (d->id == C_SET)
		for (i = 0; set_defs[i].key != NULL; i++)
			out_printf("  set %-8s %-14s %s\n", set_defs[i].key,
			    set_defs[i].values, set_defs[i].brief);
}

static int
do_capture(struct session *s, struct cmd *c, struct errbuf *e)
{
	size_t i;

	if (c->stop) {
		if (s->cap == NULL)
			return err_set(e, 0, "no capture running");
		capture_close(s->cap);
		s->cap = NULL;
		out_printf("capture stopped\n");
		return 0;
	}
	if (s->cap != NULL)
		capture_close(s->cap);
	if ((s->cap = capture_open(c->path, e)) == NULL)
		return -1;
	/* the session so far goes in first: "everything the session sent
	 * and received" */
	for (i = s->logbase; i < s->nlog; i++)
		capnote_write(s, sess_log_at(s, i));
	out_printf("capturing to %s (%zu packets so far)\n", c->path,
	    s->nlog - s->logbase);
	return 0;
}

static int
do_record(struct session *s, struct cmd *c, struct errbuf *e)
{
	rec_close(s);
	if (c->stop)
		return 0;
	if (rec_open(s, c->path, e) != 0)
		return -1;
	out_printf("recording commands to %s\n", c->path);
	return 0;
}

static int
seg_cmd(struct session *s, struct cmd *c, struct errbuf *e)
{
	static const enum seg_kind kinds[] = {
		[C_SYN] = SK_SYN, [C_SYNACK] = SK_SYNACK, [C_ACK] = SK_ACK,
		[C_FIN] = SK_FIN, [C_RST] = SK_RST,
	};
	struct conn *cn;
	int rc;

	if ((cn = need_conn(s, e)) == NULL)
		return -1;
	if (c->id == C_SEND)
		rc = tx_send(s, cn, &c->spec, e);
	else
		rc = tx_segment(s, cn, kinds[c->id], c->have_spec ? &c->spec :
		    NULL, NULL, 0, e);
	return rc;
}

/* ----- the handlers: one per command id, by exec_cmd.  Each returns
 * -1 with a message in e, or an EXEC_* code. */

static int
run_connect(struct session *s, struct cmd *c, const char *text,
    struct errbuf *e)
{
	return do_connect(s, c, e);
}

static int
run_listen(struct session *s, struct cmd *c, const char *text,
    struct errbuf *e)
{
	return do_listen(s, c, e);
}

static int
run_segment(struct session *s, struct cmd *c, const char *text,
    struct errbuf *e)
{
	return seg_cmd(s, c, e);
}

static int
run_expect(struct session *s, struct cmd *c, const char *text,
    struct errbuf *e)
{
	switch (expect_start(s, c, text, e)) {
	case 2:
		return EXEC_PENDING;
	case 1:
		return EXEC_FAIL;
	case 0:
		return EXEC_OK;
	}
	return -1;
}

static int
run_wait(struct session *s, struct cmd *c, const char *text,
    struct errbuf *e)
{
	wait_start(s, c->dur_us);
	return EXEC_PENDING;
}

static int
run_stream(struct session *s, struct cmd *c, const char *text,
    struct errbuf *e)
{
	struct conn *cn;

	if ((cn = need_conn(s, e)) == NULL)
		return -1;
	WITH_MEMSTREAM(f, tcb_print_streams(f, &cn->tcb, c->sdir, c->hex));
	return EXEC_OK;
}

static int
run_tcb(struct session *s, struct cmd *c, const char *text,
    struct errbuf *e)
{
	struct conn *cn;

	if ((cn = need_conn(s, e)) == NULL)
		return -1;
	WITH_MEMSTREAM(f, tcb_print_at(f, &cn->tcb, !s->set.absolute,
	    sess_now(s)));
	return EXEC_OK;
}

static int
run_conns(struct session *s, struct cmd *c, const char *text,
    struct errbuf *e)
{
	do_conns(s);
	return EXEC_OK;
}

static int
run_use(struct session *s, struct cmd *c, const char *text,
    struct errbuf *e)
{
	struct conn *cn;

	if ((cn = conn_by_name(&s->ct, c->name)) == NULL)
		return err_set(e, 0, "no connection '%s' (conns lists them)",
		    c->name);
	s->cur = cn;
	return EXEC_OK;
}

static int
run_close(struct session *s, struct cmd *c, const char *text,
    struct errbuf *e)
{
	struct conn *cn;

	cn = c->name[0] ? conn_by_name(&s->ct, c->name) : s->cur;
	if (cn == NULL)
		return err_set(e, 0, "no connection '%s'", c->name[0] ?
		    c->name : "(none current)");
	forget_conn(s, cn);
	return EXEC_OK;
}

static int
run_show(struct session *s, struct cmd *c, const char *text,
    struct errbuf *e)
{
	const struct pkt_rec *r;

	if ((r = pick_rec(s, c, e)) == NULL)
		return -1;
	do_show(s, r);
	return EXEC_OK;
}

static int
run_hex(struct session *s, struct cmd *c, const char *text,
    struct errbuf *e)
{
	const struct pkt_rec *r;

	if ((r = pick_rec(s, c, e)) == NULL)
		return -1;
	WITH_MEMSTREAM(f, print_hex(f, r->pkt, r->len));
	return EXEC_OK;
}

static int
run_log(struct session *s, struct cmd *c, const char *text,
    struct errbuf *e)
{
	do_log(s);
	return EXEC_OK;
}

static int
run_set(struct session *s, struct cmd *c, const char *text,
    struct errbuf *e)
{
	if (c->key[0] != '\0')
		return settings_set(s, c->key, c->val, e);
	WITH_MEMSTREAM(f, settings_print(s, f));
	return EXEC_OK;
}

static int
run_capture(struct session *s, struct cmd *c, const char *text,
    struct errbuf *e)
{
	return do_capture(s, c, e);
}

/* source FILE, include FILE (script_start_file, through s->nested: see
 * exec.h): the script said what failed */
static int
run_source(struct session *s, struct cmd *c, const char *text,
    struct errbuf *e)
{
	/* the script is a task above the caller's, which waits for it */
	return s->nested->source(s, c->path) == 0 ? EXEC_PENDING :
	    EXEC_FAIL;
}

static int
run_record(struct session *s, struct cmd *c, const char *text,
    struct errbuf *e)
{
	return do_record(s, c, e);
}

static int
run_help(struct session *s, struct cmd *c, const char *text,
    struct errbuf *e)
{
	do_help(c);
	return EXEC_OK;
}

static int
run_quit(struct session *s, struct cmd *c, const char *text,
    struct errbuf *e)
{
	return EXEC_QUIT;
}

/* flood, probe, replay: 1 is a run cut short, which its summary told */
static int
cut_short(struct session *s, int st)
{
	return st == 1 ? sess_cmd_failed(s, NULL) : st;
}

static int
run_flood(struct session *s, struct cmd *c, const char *text,
    struct errbuf *e)
{
	return cut_short(s, flood_run(s, c, e));
}

static int
run_probe(struct session *s, struct cmd *c, const char *text,
    struct errbuf *e)
{
	return cut_short(s, probe_run(s, c, e));
}

static int
run_trace(struct session *s, struct cmd *c, const char *text,
    struct errbuf *e)
{
	return cut_short(s, trace_run(s, c, e));
}

/* replay_run, through s->nested (exec.h) */
static int
run_replay(struct session *s, struct cmd *c, const char *text,
    struct errbuf *e)
{
	return cut_short(s, s->nested->replay(s, c, e));
}

static int
run_ladder(struct session *s, struct cmd *c, const char *text,
    struct errbuf *e)
{
	return teach_ladder(s, c, e);
}

static int
run_peer(struct session *s, struct cmd *c, const char *text,
    struct errbuf *e)
{
	return teach_peer(s, c, e);
}

/* predict CMD is parsed as the command it wraps: never run as itself */
static int
run_predict(struct session *s, struct cmd *c, const char *text,
    struct errbuf *e)
{
	return EXEC_OK;
}

typedef int cmd_handler(struct session *, struct cmd *, const char *,
    struct errbuf *);

/* The edge half of the command table (cmdtab.def is the core half). */
static cmd_handler *const handlers[] = {
	[C_CONNECT] = run_connect,
	[C_LISTEN] = run_listen,
	[C_SYN] = run_segment,
	[C_SYNACK] = run_segment,
	[C_ACK] = run_segment,
	[C_FIN] = run_segment,
	[C_RST] = run_segment,
	[C_SEND] = run_segment,
	[C_EXPECT] = run_expect,
	[C_WAIT] = run_wait,
	[C_TCB] = run_tcb,
	[C_CONNS] = run_conns,
	[C_USE] = run_use,
	[C_CLOSE] = run_close,
	[C_SHOW] = run_show,
	[C_HEX] = run_hex,
	[C_LOG] = run_log,
	[C_SET] = run_set,
	[C_CAPTURE] = run_capture,
	[C_SOURCE] = run_source,
	[C_RECORD] = run_record,
	[C_HELP] = run_help,
	[C_QUIT] = run_quit,
	[C_FLOOD] = run_flood,
	[C_PROBE] = run_probe,
	[C_TRACEROUTE] = run_trace,
	[C_INCLUDE] = run_source,
	[C_REPLAY] = run_replay,
	[C_STREAM] = run_stream,
	[C_LADDER] = run_ladder,
	[C_PEER] = run_peer,
	[C_PREDICT] = run_predict,
};
/* A row added to cmdtab.def after the last handler fails to compile
 * here; one in between would leave a NULL, which exec_cmd reports
 * rather than calls. */
_Static_assert(sizeof(handlers) / sizeof(handlers[0]) == C_NCMDS,
    "a command in cmdtab.def without a handler in exec.c");

int
exec_cmd(struct session *s, struct cmd *c, const char *text)
{
	struct errbuf e;
	int rc;

	err_clear(&e);
	obs_sender(s->obs, c, text);	/* capture's comment; "... ?" armed */
	/* file: payloads: the parser kept the path, the bytes are read now */
	if (c->have_spec && payfile_load(&c->spec, &e) != 0)
		rc = -1;
	else if (handlers[c->id] == NULL)
		rc = err_set(&e, 0, "%s: no handler", cmd_defs[c->id].name);
	else
		rc = handlers[c->id](s, c, text, &e);
	if (rc < 0)
		return sess_cmd_failed(s, &e);
	return rc;
}
