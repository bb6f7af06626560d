/* nftelem.h - adding and deleting nftables set elements over nfnetlink
 *
 * libnftables parses text and refreshes its ruleset cache on every
 * command: a millisecond each, twice a connection.  A set element is one
 * small netlink batch (built by libnftnl, sent with libmnl), sent here on
 * the socket that owns the table (an owner table accepts changes from no
 * other).
 */
#ifndef TC_NFTELEM_H
#define TC_NFTELEM_H

#include <stddef.h>
#include <stdint.h>

struct nftelem;

/* Talks to table "inet TABLE" through the netlink socket fd, which
 * stays its owner's: a close-on-exec duplicate is kept, closed by
 * nftelem_close().  NULL when that cannot be made (errno says why). */
struct nftelem	*nftelem_open(int fd, const char *table);
void		 nftelem_close(struct nftelem *n);

/* Adds (add != 0) or deletes the element key[keylen] of set `set` (of
 * at most four) and reads the kernel's answer, which nfnetlink queues
 * before sendto() returns: it never waits.  key is the concatenation
 * as the kernel stores it: each field in network order, padded to 4
 * bytes.  Returns 0, or -errno: -EAGAIN when the kernel queued no
 * answer. */
int	nftelem_send(struct nftelem *n, int add, const char *set,
	    const uint8_t *key, size_t keylen);

/* Several adds and deletes in one batch: one transaction, one sendto,
 * its answers read as nftelem_send's.  The kernel applies all of it or,
 * on an error, none of it. */
#define NFTELEM_MAXOPS	8
struct nftelem_op {
	int		 add;
	const char	*set;
	uint8_t		 key[40];	/* IPv6 . port . IPv6 . port */
	size_t		 keylen;
};
int	nftelem_batch(struct nftelem *n, const struct nftelem_op *ops,
	    size_t nops);

#endif
