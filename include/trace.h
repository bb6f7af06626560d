/* trace.h - traceroute HOST:PORT: the routers on the way to a TCP port
 *
 * One SYN per hop, TTL 1, 2, 3 ..., each from its own source port so that
 * the ICMP time exceeded it draws names it by the quoted port.  The
 * first router whose TTL runs out answers; the destination answers with
 * SYN-ACK (answered with RST, as probe does) or RST.
 */
#ifndef TC_TRACE_H
#define TC_TRACE_H

#include "cmdtab.h"
#include "errbuf.h"
struct session;

/* Starts "traceroute HOST:PORT [max N] [wait D]": EXEC_PENDING with its
 * task pushed (its rc: EXEC_OK when the destination answered, EXEC_FAIL
 * when it was not reached within N hops, or Ctrl-C cut it short), or -1
 * with e set (scope, no route). */
int	trace_run(struct session *s, const struct cmd *c, struct errbuf *e);

#endif
