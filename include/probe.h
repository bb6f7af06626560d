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
#include "pktpatch.h"
#include "wire.h"
struct session;

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

/* Builds pk for SYNs from laddr:lport to raddr:rport; name is the
 * connection's name in the builder's messages. */
int	probe_pkts_build(struct session *s, const char *name, uint32_t laddr,
	    uint16_t lport, uint32_t raddr, uint16_t rport,
	    struct probe_pkts *pk, struct errbuf *e);

/* Starts "probe HOST:PORT [count N] [interval D]", which prints each
 * reply with its RTT and a summary: EXEC_PENDING with its task pushed
 * (its rc: EXEC_OK when at least one probe was answered, EXEC_FAIL when
 * none was or a signal (Ctrl-C) cut it short), or -1 with e set on an
 * error (scope, no injector). */
int	probe_run(struct session *s, const struct cmd *c, struct errbuf *e);

#endif
