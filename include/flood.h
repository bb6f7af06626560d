/* flood.h - a bounded burst: one template, patched per packet, sent in
 * batches through the injector's raw socket
 *
 * The template is built once (build_segment, wire_encode); per packet only
 * the fields asked to be random change (pktpatch: stores and incremental
 * checksums), and INJECT_BATCH packets leave per sendmmsg.  A rate, when
 * asked, is held by a token bucket (tbucket) with capped sleeps.  Flood
 * packets are applied to no TCB, logged nowhere and not captured: the
 * summary line is the record.
 */
#ifndef TC_FLOOD_H
#define TC_FLOOD_H

#include "cmdtab.h"
#include "errbuf.h"
struct session;

/* Starts "flood ..." (parsed by floodarg_parse), which prints the
 * summary line: EXEC_PENDING with its task pushed (its rc: EXEC_OK;
 * EXEC_FAIL when a signal (Ctrl-C) cut it short, as a cancelled wait
 * fails, or when nothing could be sent, said) or -1 with e set when the
 * target fails the scope check.  Reaching the time cap is not a
 * failure. */
int	flood_run(struct session *s, const struct cmd *c, struct errbuf *e);

#endif
