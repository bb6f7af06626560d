/* probe.h - SYN probes with round-trip times, like hping3 -S
 *
 * One SYN template, patched per probe (source port, sequence number, id);
 * one capture filter for the probe's port range, installed once for the
 * whole command (ORed with the connections'); replies matched by port and
 * ack = ISS + 1; each SYN-ACK answered with RST.  Other segments the
 * capture sees meanwhile go through the usual receive path.
 */
#ifndef TC_PROBE_H
#define TC_PROBE_H

#include <stddef.h>
#include <stdint.h>

#include "cmdtab.h"
#include "errbuf.h"
#include "ipaddr.h"
#include "pktpatch.h"
#include "wire.h"
struct session;
struct task;

/* A probe's two packets, built once from the session's settings and
 * patched per probe: the SYN (source port, sequence number, id, TTL) and
 * the RST that answers its SYN-ACK (source port, sequence number).
 * probe and traceroute send them. */
struct probe_pkts {
	uint8_t		 syn[WIRE_MAXPKT];
	size_t		 synlen;
	struct pktpatch	 spp;
	uint8_t		 rst[64];
	size_t		 rstlen;
	struct pktpatch	 rpp;
};

/* Builds pk for SYNs from laddr:lport to raddr:rport (IPv4 or IPv6);
 * name is the connection's name in the builder's messages. */
int	probe_pkts_build(struct session *s, const char *name,
	    const struct ipaddr *laddr, uint16_t lport,
	    const struct ipaddr *raddr, uint16_t rport, struct probe_pkts *pk,
	    struct errbuf *e);

/* The target of a made-up connection (flood, probe, traceroute): the
 * scope check for dst, the session's network opened (open), and the
 * source address in *src.  0, or -1 with e set. */
int	probe_route(struct session *s, const struct ipaddr *dst, int open,
	    struct ipaddr *src, struct errbuf *e);
/* Then, after a confined tcpcraft's checks: src made ours where the
 * backend answers for it, and the next hop to dst learnt, at once or
 * by *learn, a task for the loop (its errors in le, which outlives it).
 * 0, or -1 with e set. */
int	probe_own(struct session *s, const struct ipaddr *src,
	    const struct ipaddr *dst, struct task **learn, struct errbuf *le,
	    struct errbuf *e);

/* Starts "probe HOST:PORT [count N] [interval D]", which prints each
 * reply with its RTT and a summary: EXEC_PENDING with its task pushed
 * (its rc: EXEC_OK when at least one probe was answered, EXEC_FAIL when
 * none was or a signal (Ctrl-C) cut it short), or -1 with e set on an
 * error (scope, no injector). */
int	probe_run(struct session *s, const struct cmd *c, struct errbuf *e);

#endif
