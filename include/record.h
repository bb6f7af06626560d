/* record.h - record FILE: what is typed, and an expect line for every
 * segment that arrives, as a script that replays against a fresh peer
 *
 * The typed commands go in as typed (before $NAME references are filled
 * in).  Each segment from the peer becomes
 *   expect P. seq 1:3, ack 3, win 1..65535, length 2 "AB"  # notes
 * in relative numbers, with TS values and a non-zero window wildcarded,
 * placed before the next command typed after it arrived.  A typed expect
 * takes the place of the line its segment would have had.
 */
#ifndef TC_RECORD_H
#define TC_RECORD_H

#include "cmdtab.h"
#include "errbuf.h"

struct session;
struct obs_ops;

int	rec_open(struct session *s, const char *path, struct errbuf *e);
/* Writes what is left and closes; nothing when not recording. */
void	rec_close(struct session *s);

/* The observer (obs.h): typed lines and their commands, closed at the
 * end. */
extern const struct obs_ops record_obs;

#endif
