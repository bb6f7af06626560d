/* replayarg.h - the arguments of replay
 *
 *   replay FILE [client|server] [to|on [ADDR:]PORT] [--realtime]
 *
 * Fills c->path, c->key ("client" or "server"), c->addr/c->port with
 * c->have_target, and c->realtime.
 */
#ifndef TC_REPLAYARG_H
#define TC_REPLAYARG_H

#include "cmdtab.h"
#include "errbuf.h"
#include "lex.h"

int	replayarg_parse(const struct token *t, int n, struct cmd *c,
	    struct errbuf *e);

#endif
