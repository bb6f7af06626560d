/* replayarg.h - the arguments of replay
 *
 *   replay FILE [client|server] [to|on [ADDR:]PORT] [--realtime]
 *
 * Fills c->path, c->key ("client" or "server"), c->addr/c->port with
 * c->have_target, and c->realtime.  ADDR is IPv4 or [IPv6]; with a PORT
 * alone, c->addr is 127.0.0.1 and c->have_target REPLAY_PORT_ONLY: the
 * replay takes ::1 instead for an IPv6 capture.
 */
#ifndef TC_REPLAYARG_H
#define TC_REPLAYARG_H

#include "cmdtab.h"
#include "errbuf.h"
#include "lex.h"

#define REPLAY_ADDR_PORT	1	/* c->have_target: ADDR:PORT given */
#define REPLAY_PORT_ONLY	2	/* a PORT alone */

int	replayarg_parse(const struct token *t, int n, struct cmd *c,
	    struct errbuf *e);

#endif
