/* conn.h - the connection table: many TCBs at once, keyed by 4-tuple
 *
 * A hash on the 4-tuple, so matching a captured segment costs the same with
 * ten or a hundred thousand connections.  A listening entry (listen PORT)
 * has no remote end; a SYN for it creates a new connection per 4-tuple.
 */
#ifndef TC_CONN_H
#define TC_CONN_H

#include <stddef.h>
#include <stdint.h>
#include <sys/time.h>

#include "errbuf.h"
#include "tcb.h"

#define CONN_NAMELEN	24

struct conn {
	char		 name[CONN_NAMELEN];
	unsigned	 id;
	uint32_t	 laddr, raddr;	/* host byte order */
	uint16_t	 lport, rport;	/* rport 0 on a listening entry */
	int		 listening;
	int		 guarded;	/* the kernel-RST guard covers it */
	/* in the same cache line as the 4-tuple: walking a chain reads
	 * one line per entry */
	struct conn	*hnext;		/* hash chain */
	struct tcb	 tcb;
	struct timeval	 since;		/* listening entry: when it began
					 * (a SYN captured before is stale) */
	size_t		 expect_from;	/* session log index: received
					 * segments before it are consumed */
	struct conn	*nnext;		/* name hash chain */
	struct conn	*next, *prev;	/* creation order */
};

struct conntab {
	struct conn	**bucket;
	size_t		  nbucket;	/* power of two */
	size_t		  count;
	struct conn	 *head, *tail;
	unsigned	  next_id;
	struct conn	**nbucket_name;	/* by name, nbucket of them too */
	unsigned	  next_c, next_l;	/* numbers for "cN" / "lN" */
};

int	conntab_init(struct conntab *ct, size_t expected);
void	conntab_free(struct conntab *ct);

/* Adds a connection (or, with rport 0, a listening entry).  name NULL picks
 * "c1", "c2", ... (listeners "l1", ...).  Fails on a duplicate 4-tuple or
 * name.  The TCB is zeroed: the caller runs tcb_init. */
struct conn	*conn_add(struct conntab *ct, uint32_t laddr, uint16_t lport,
		    uint32_t raddr, uint16_t rport, const char *name,
		    struct errbuf *e);
/* The connection a segment belongs to, in either direction; *from_us is
 * set to 1 when saddr/sport is our end. */
struct conn	*conn_lookup(const struct conntab *ct, uint32_t saddr,
		    uint16_t sport, uint32_t daddr, uint16_t dport,
		    int *from_us);
/* The listening entry for daddr:dport (an entry bound to 0.0.0.0 matches
 * any address). */
struct conn	*conn_listener(const struct conntab *ct, uint32_t daddr,
		    uint16_t dport);
struct conn	*conn_by_name(const struct conntab *ct, const char *name);
struct conn	*conn_by_id(const struct conntab *ct, unsigned id);
void		 conn_del(struct conntab *ct, struct conn *c);

#endif
