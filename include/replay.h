/* replay.h - replay FILE.pcap [client|server]: one side of a captured TCP
 * conversation played against a live peer (see replay.c) */
#ifndef TC_REPLAY_H
#define TC_REPLAY_H

#include "cmdtab.h"
#include "errbuf.h"

struct session;

/* Starts the replay: EXEC_PENDING with its task pushed (its rc: EXEC_OK
 * when the live peer did what the capture says, EXEC_FAIL when it
 * departed, said where), or -1 with e set when it could not start. */
int	replay_run(struct session *s, struct cmd *c, struct errbuf *e);

#endif
