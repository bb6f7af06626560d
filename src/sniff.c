/* sniff.c - the libpcap sniffer: live on one interface, or from a file
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * create -> set -> activate, then non-blocking dispatch from the poll
 * loop.  On loopback the kernel keeps each packet's outgoing copy out of
 * the ring (libpcap would drop it anyway), so every segment is seen once.
 */
#include <sys/socket.h>
#include <sys/types.h>
#include <sys/time.h>

#include <linux/if_packet.h>
#include <unistd.h>

#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <pcap/pcap.h>

#include "errbuf.h"
#include "priv.h"
#include "route.h"
#include "sniff.h"

/* Loopback frames reach 64 KiB (MTU 65536 plus headers). */
#define SNIFF_SNAPLEN	262144
/* Immediate mode uses TPACKET_V2: a ring of fixed-size slots, each as
 * large as the interface's biggest frame (on lo a 128 KiB block per
 * slot, whatever the packet's size).  On lo every packet would take two
 * slots (the outgoing copy libpcap discards, and the incoming one) but
 * for PACKET_IGNORE_OUTGOING.  16 MiB holds 128 packets between two
 * dispatches on lo; the ring is allocated and zeroed at start, so its
 * size is most of the cost of opening the capture.  libpcap shrinks
 * the ring if the kernel cannot allocate that much. */
#define SNIFF_BUFSIZE	(16 * 1024 * 1024)
/* Matches nothing, so nothing is queued before the first connection. */
#define SNIFF_NOTHING	"ip proto 6 and not ip"
/* Rounds of pcap_dispatch per call: one ring's worth is ready at once;
 * the cap keeps a flood from starving stdin in the poll loop. */
#define SNIFF_ROUNDS	64

struct sniffer {
	pcap_t	*p;
	int	 fd;
	int	 live;
};

struct dispatch_ctx {
	sniff_cb	 cb;
	void		*arg;
};

static void
handler(u_char *user, const struct pcap_pkthdr *h, const u_char *bytes)
{
	struct dispatch_ctx *ctx = (struct dispatch_ctx *)user;
	struct timeval ts;

	ts.tv_sec = h->ts.tv_sec;
	ts.tv_usec = h->ts.tv_usec;
	ctx->cb(ctx->arg, &ts, bytes, h->caplen, h->len);
}

/* Only on loopback: elsewhere the outgoing copies are the local
 * kernel's own segments (its RSTs), which the shell shows.  A kernel
 * older than 4.20 lacks the option: the ring then holds half as many. */
static void
ignore_outgoing(pcap_t *p)
{
	int one = 1;

	(void)setsockopt(pcap_fileno(p), SOL_PACKET, PACKET_IGNORE_OUTGOING,
	    &one, sizeof(one));
}

static struct sniffer *
open_live(const char *ifname, struct errbuf *e)
{
	struct sniffer *s;
	char perr[PCAP_ERRBUF_SIZE];
	int rc;

	if ((s = calloc(1, sizeof(*s))) == NULL) {
		err_set(e, 0, "sniffer: %s", strerror(errno));
		return NULL;
	}
	s->live = 1;
	s->fd = -1;
	perr[0] = '\0';
	if ((s->p = pcap_create(ifname, perr)) == NULL) {
		err_set(e, 0, "capture on %s: %s", ifname, perr);
		free(s);
		return NULL;
	}
	if (pcap_set_snaplen(s->p, SNIFF_SNAPLEN) != 0 ||
	    pcap_set_promisc(s->p, 0) != 0 ||
	    pcap_set_timeout(s->p, 1) != 0 ||
	    pcap_set_immediate_mode(s->p, 1) != 0 ||
	    pcap_set_buffer_size(s->p, SNIFF_BUFSIZE) != 0) {
		err_set(e, 0, "capture on %s: %s", ifname, pcap_geterr(s->p));
		goto fail;
	}
	rc = pcap_activate(s->p);
	if (rc < 0) {
		/* The generic errors leave pcap_geterr empty. */
		const char *m = pcap_geterr(s->p);

		if (m == NULL || *m == '\0')
			m = pcap_statustostr(rc);
		if (rc == PCAP_ERROR_PERM_DENIED)
			err_set(e, 0, "capture on %s: %s (needs root or "
			    "CAP_NET_RAW)", ifname, m);
		else
			err_set(e, 0, "capture on %s: %s", ifname, m);
		goto fail;
	}
	if (route_is_loopback(ifname))
		ignore_outgoing(s->p);
	/* rc > 0 is a warning (e.g. promiscuous mode not supported): the
	 * handle works, so carry on. */
	if (pcap_setnonblock(s->p, 1, perr) == -1) {
		err_set(e, 0, "capture on %s: %s", ifname, perr);
		goto fail;
	}
	if (pcap_setdirection(s->p, PCAP_D_INOUT) == -1) {
		err_set(e, 0, "capture on %s: %s", ifname, pcap_geterr(s->p));
		goto fail;
	}
	if ((s->fd = pcap_get_selectable_fd(s->p)) == -1) {
		err_set(e, 0, "capture on %s: no selectable descriptor",
		    ifname);
		goto fail;
	}
	if (sniff_set_filter(s, SNIFF_NOTHING, e) == -1)
		goto fail;
	return s;
fail:
	pcap_close(s->p);
	free(s);
	return NULL;
}

/* The packet socket behind the capture: CAP_NET_RAW, raised for it. */
struct sniffer *
sniff_open_live(const char *ifname, struct errbuf *e)
{
	struct sniffer *r;

	priv_raise(PRIV_NET_RAW);
	r = open_live(ifname, e);
	priv_lower();
	return r;
}

struct sniffer *
sniff_open_file(const char *path, struct errbuf *e)
{
	struct sniffer *s;
	char perr[PCAP_ERRBUF_SIZE];

	if ((s = calloc(1, sizeof(*s))) == NULL) {
		err_set(e, 0, "sniffer: %s", strerror(errno));
		return NULL;
	}
	s->fd = -1;
	perr[0] = '\0';
	/* Reads pcap and pcapng alike. */
	if ((s->p = pcap_open_offline(path, perr)) == NULL) {
		/* libpcap names the file itself when it cannot open it. */
		if (strncmp(perr, path, strlen(path)) == 0)
			err_set(e, 0, "%s", perr);
		else
			err_set(e, 0, "%s: %s", path, perr);
		free(s);
		return NULL;
	}
	return s;
}

int
sniff_fd(const struct sniffer *s)
{
	return s->fd;
}

int
sniff_datalink(const struct sniffer *s)
{
	return pcap_datalink(s->p);
}

int
sniff_set_filter(struct sniffer *s, const char *bpf, struct errbuf *e)
{
	struct bpf_program prog;

	/* Keep "inbound"/"outbound" out of bpf: after a filter change
	 * libpcap re-filters the frames already in the ring in user space,
	 * where the packet-type test fails, and the first packet after
	 * the change is lost (measured).
	 *
	 * The optimizer refuses a filter that provably matches nothing
	 * ("expression rejects all packets"), yet such a filter is what
	 * we want with no connection open: compile it as written. */
	if (pcap_compile(s->p, &prog, bpf, 1, PCAP_NETMASK_UNKNOWN) == -1 &&
	    pcap_compile(s->p, &prog, bpf, 0, PCAP_NETMASK_UNKNOWN) == -1)
		return err_set(e, 0, "filter \"%s\": %s", bpf,
		    pcap_geterr(s->p));
	if (pcap_setfilter(s->p, &prog) == -1) {
		err_set(e, 0, "filter \"%s\": %s", bpf, pcap_geterr(s->p));
		pcap_freecode(&prog);
		return -1;
	}
	pcap_freecode(&prog);
	return 0;
}

int
sniff_dispatch(struct sniffer *s, sniff_cb cb, void *arg, struct errbuf *e)
{
	struct dispatch_ctx ctx = { cb, arg };
	int n, total = 0, round;

	for (round = 0; round < SNIFF_ROUNDS; round++) {
		n = pcap_dispatch(s->p, -1, handler, (u_char *)&ctx);
		if (n == PCAP_ERROR)
			return err_set(e, 0, "capture: %s", pcap_geterr(s->p));
		if (n <= 0)	/* nothing ready, end of file, or breakloop */
			break;
		total += n;
		if (!s->live)	/* a file is read to its end in one call */
			break;
	}
	return total;
}

unsigned
sniff_drops(struct sniffer *s)
{
	struct pcap_stat st;

	if (!s->live || pcap_stats(s->p, &st) == -1)
		return 0;
	return st.ps_drop;
}

void
sniff_close(struct sniffer *s)
{
	if (s == NULL)
		return;
	pcap_close(s->p);
	free(s);
}
