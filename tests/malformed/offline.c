/* offline.c - the malformed-packet corpus through the real receive path
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * usage: offline FILE.pcap
 *
 * A session with no network: connection c1 (127.0.0.1:40000 ->
 * 127.0.0.1:26001, ESTABLISHED, ISS 1000, IRS 5000), its IPv6 twin c6
 * ([::1]:40000 -> [::1]:26001, the same numbers, made at the first IPv6
 * frame) and a listener on
 * 127.0.0.1:26002.  Each frame of the pcap goes to rx_frame as the live
 * sniffer would hand it over; around it this prints how far the decoder
 * got, whether the frame reached a connection and whether the TCB of its
 * IP version's connection moved.
 * run.sh compares the output with NAME.out.  No privileges needed.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "conn.h"
#include "errbuf.h"
#include "obs.h"
#include "out.h"
#include "pktlog.h"
#include "print.h"
#include "rx.h"
#include "sess_init.h"
#include "session.h"
#include "sniff.h"
#include "tcb.h"
#include "wire.h"

#define LADDR	0x7f000001u

struct drv {
	struct session	*s;
	int		 frame;
};

static const struct ipaddr lo6 = { .af = AF_INET6, .v6 = { [15] = 1 } };

static struct conn *
add_conn(struct session *s, const struct ipaddr *laddr, uint16_t lport,
    const struct ipaddr *raddr, uint16_t rport, const char *name)
{
	struct errbuf e;
	struct conn *c;

	if ((c = conn_add(&s->ct, laddr, lport, raddr, rport, name,
	    &e)) == NULL) {
		fprintf(stderr, "offline: %s\n", e.msg);
		exit(1);
	}
	return c;
}

/* c1 through the TCB's own interface: our SYN, the peer's SYN-ACK, our
 * ACK. */
static void
establish(struct conn *c)
{
	struct tcb_ev ev;
	struct seg g;

	tcb_init(&c->tcb, TCB_CLIENT, 1000, 65535, 1460, 1000000);
	seg_init(&g);
	g.flags = TH_SYN;
	g.seq = 1000;
	g.win = 65535;
	tcb_on_send(&c->tcb, &g, 0, &ev);
	seg_init(&g);
	g.flags = TH_SYN | TH_ACK;
	g.seq = 5000;
	g.ack = 1001;
	g.win = 65535;
	tcb_on_recv(&c->tcb, &g, 0, &ev);
	seg_init(&g);
	g.flags = TH_ACK;
	g.seq = 1001;
	g.ack = 5001;
	g.win = 65535;
	tcb_on_send(&c->tcb, &g, 0, &ev);
}

static void
frame_cb(void *arg, const struct timeval *ts, const uint8_t *frame,
    size_t caplen, size_t wirelen)
{
	struct drv *d = arg;
	struct session *s = d->s;
	struct print_ctx pc = { 1, 5000, 1000, 1 };
	struct tcb before;
	struct seg g;
	struct conn *c1;
	char line[1024], anno[256];
	size_t ipoff, nlog = s->nlog, nconn = s->ct.count;
	int rc;

	printf("frame %d: %zu of %zu bytes, link type %d\n", ++d->frame,
	    caplen, wirelen, s->dlt);
	rc = wire_decode_link(s->dlt, frame, caplen, &g, &ipoff);
	/* c6 comes with the first IPv6 frame: with two connections every
	 * line would name its own, and the IPv4 cases' lines would change */
	if (g.saddr.af == AF_INET6 && conn_by_name(&s->ct, "c6") == NULL) {
		establish(add_conn(s, &lo6, 40000, &lo6, 26001, "c6"));
		nconn = s->ct.count;
	}
	print_anno(anno, sizeof(anno), &g);
	if (rc == 0) {
		print_seg(line, sizeof(line), &g, &pc);
		printf("  decode: %s; notes: %s\n", line, anno[0] ? anno :
		    "none");
	} else
		printf("  decode: no TCP header; notes: %s\n", anno);

	c1 = conn_by_name(&s->ct, g.saddr.af == AF_INET6 ? "c6" : "c1");
	before = c1->tcb;
	rx_frame(s, ts, frame, caplen, wirelen);
	if (s->nlog == nlog)
		printf("  rx: belongs to no connection, not logged\n");
	if (s->ct.count != nconn)
		printf("  rx: %zu connection(s) opened\n", s->ct.count - nconn);
	if (memcmp(&before, &c1->tcb, sizeof(before)) == 0)
		printf("  %s: TCB unchanged (RCV.NXT %u)\n", c1->name,
		    c1->tcb.rcv_nxt - c1->tcb.irs);
	else
		printf("  %s: TCB changed: %s, RCV.NXT %u\n", c1->name,
		    tcb_state_name(c1->tcb.state),
		    c1->tcb.rcv_nxt - c1->tcb.irs);
	if (s->nlog > nlog && s->log[s->nlog - 1].icmp) {
		/* an ICMP error: its own annotations are on its line */
		printf("  rx: an ICMP error about %s\n",
		    s->log[s->nlog - 1].conn);
	} else if (s->nlog > nlog) {
		/* what "show" prints of a logged packet that is not clean */
		wire_decode(s->log[s->nlog - 1].pkt, s->log[s->nlog - 1].len,
		    &g);
		if (g.anno & ~(uint32_t)SEG_A_SUM_PART)
			print_tree(stdout, &g, &s->log[s->nlog - 1].pc);
	}
	fflush(stdout);
}

int
main(int argc, char **argv)
{
	struct session s;
	struct obs obs;
	struct out *fmt;
	struct errbuf e;
	struct sniffer *sn;
	struct conn *c;
	struct drv d;

	if (argc != 2) {
		fprintf(stderr, "usage: offline FILE.pcap\n");
		return 2;
	}
	setvbuf(stdout, NULL, _IOLBF, 0);
	if (sess_init(&s, NULL, 1, 1) != 0)
		return 1;
	/* the one observer this needs: the text format prints the lines (no
	 * capture, record or teaching is switched on here) */
	obs_init(&obs, &s);
	if ((fmt = out_text_new()) == NULL ||
	    obs_add(&obs, &out_obs, fmt) != 0) {
		sess_free(&s);
		return 1;
	}
	out_use(fmt);
	s.obs = &obs;
	c = add_conn(&s, IPADDR4(LADDR), 40000, IPADDR4(LADDR), 26001, "c1");
	establish(c);
	c = add_conn(&s, IPADDR4(LADDR), 26002, IPADDR4(0), 0, "l1");
	tcb_init(&c->tcb, TCB_SERVER, 0, 65535, 1460, 1000000);
	s.set.iss_fixed = 1;
	s.set.iss = 9000;
	s.cur = conn_by_name(&s.ct, "c1");
	if ((sn = sniff_open_file(argv[1], &e)) == NULL) {
		fprintf(stderr, "offline: %s\n", e.msg);
		sess_free(&s);
		out_free(fmt);
		return 1;
	}
	s.dlt = sniff_datalink(sn);
	d.s = &s;
	d.frame = 0;
	if (sniff_dispatch(sn, frame_cb, &d, &e) < 0)
		fprintf(stderr, "offline: %s\n", e.msg);
	sniff_close(sn);
	sess_free(&s);
	out_free(fmt);
	return 0;
}
