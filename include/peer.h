/* peer.h - built-in kernel-socket peers for a session
 *
 * echo (echoes what it reads), hello (on accept writes two messages, then
 * closes), sink (accepts, never reads), noaccept (listens, never accepts),
 * discard (reads and drops), client (connects to PORT: the shell listens).
 * Each runs in a child process on real kernel sockets on 127.0.0.1:PORT
 * and dies with the shell.
 */
#ifndef TC_PEER_H
#define TC_PEER_H

#include <sys/types.h>

#include "errbuf.h"

struct session;
struct task;

/* Starts the peer "KIND:PORT": the task (NULL with e set) whose rc is
 * the child's pid once it listens, or -1 with e set.  The loop waits for
 * it: start peers before an offline capture is attached, its clock is
 * not the child's.  spec and e outlive the task. */
struct task *peer_start_task(const char *spec, struct errbuf *e);
/* Stops the session's peers (s->peers) on the loop: SIGTERM, then up
 * to a second for each to exit before SIGKILL.  NULL: out of memory. */
struct task *peers_stop_task(void);
/* The same for one peer, without the loop (a session freed before it
 * ran). */
void	peer_stop(pid_t pid);
/* Peer kinds, NULL-terminated (help, completion). */
extern const char *const peer_kinds[];

#endif
