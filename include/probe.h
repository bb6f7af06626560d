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

#include "cmdtab.h"
#include "errbuf.h"
struct session;

/* Starts "probe HOST:PORT [count N] [interval D]", which prints each
 * reply with its RTT and a summary: EXEC_PENDING with its task pushed
 * (its rc: EXEC_OK when at least one probe was answered, EXEC_FAIL when
 * none was or a signal (Ctrl-C) cut it short), or -1 with e set on an
 * error (scope, no injector). */
int	probe_run(struct session *s, const struct cmd *c, struct errbuf *e);

#endif
