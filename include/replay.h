/* replay.h - replay FILE.pcap [client|server]: one side of a captured TCP
 * conversation played against a live peer (see replay.c) */
#ifndef TC_REPLAY_H
#define TC_REPLAY_H

#include "cmdtab.h"
#include "errbuf.h"

struct session;

/* 0 when the live peer did what the capture says, 1 when it departed
 * (said where), -1 with e set when the replay could not start. */
int	replay_run(struct session *s, struct cmd *c, struct errbuf *e);

#endif
