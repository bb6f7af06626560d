/* pktstore.h - where the session log keeps packet bytes: large chunks,
 * freed together, so logging a packet does not call malloc
 *
 * The log only grows during a session and is freed at its end, so a bump
 * allocator over 256 KiB chunks fits: one allocation per few thousand
 * packets instead of one per packet on the send and receive paths.
 */
#ifndef TC_PKTSTORE_H
#define TC_PKTSTORE_H

#include <stddef.h>
#include <stdint.h>

struct pktstore_chunk;

struct pktstore {
	struct pktstore_chunk	*head;	/* the chunk being filled first */
	size_t			 used;	/* bytes used in head */
	size_t			 cap;	/* bytes in head */
	size_t			 bytes;	/* handed out so far, all chunks */
};

/* A zeroed struct pktstore is empty and ready. */
/* len bytes (len 0 gives a valid 1-byte area), 8-byte aligned, valid
 * until pktstore_free; NULL when memory is out. */
uint8_t	*pktstore_alloc(struct pktstore *ps, size_t len);
void	 pktstore_free(struct pktstore *ps);

#endif
