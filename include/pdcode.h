/* pdcode.h - the %{ python }% blocks of a packetdrill script
 *
 * At each block's line the run takes a snapshot of the socket under
 * test (getsockopt TCP_INFO) and keeps it, as python assignments of
 * every tcpi_* field, followed by the block's text; at the end of the
 * script all of it runs in one python3 process, as packetdrill does, and
 * a failed assertion names the block's line.
 */
#ifndef TC_PDCODE_H
#define TC_PDCODE_H

#include <stddef.h>

struct pdcode;

struct pdcode	*pdcode_new(void);
void	pdcode_free(struct pdcode *pc);
/* Whether the block asks for data the runner does not take (the
 * congestion control's info, socket memory): 0, or -1 with msg. */
int	pdcode_check(const char *text, char *msg, size_t cap);
/* The snapshot of fd (-1: none) and the block at path:line. */
void	pdcode_add(struct pdcode *pc, int fd, const char *path, int line,
	    const char *text);
/* Runs what was added: 0 passed (or nothing to run), 1 failed (python
 * said why on stderr), -1 no python3 (msg says so). */
int	pdcode_run(struct pdcode *pc, char *msg, size_t cap);

#endif
