/* tx.h - the send path: build, encode, inject, apply, log, print
 *
 * Nothing advances when the packet could not be sent.
 */
#ifndef TC_TX_H
#define TC_TX_H

#include <stddef.h>
#include <stdint.h>

#include "build.h"
#include "errbuf.h"

struct session;
struct conn;
struct segspec;

int	tx_segment(struct session *s, struct conn *c, enum seg_kind k,
	    const struct segspec *sp, const uint8_t *data, uint32_t len,
	    struct errbuf *e);
int	tx_send(struct session *s, struct conn *c, const struct segspec *sp,
	    struct errbuf *e);

/* Our own packets come back from the sniffer: recognised by their TCP
 * bytes, so they are not taken for the kernel's. */
void	tx_remember(struct session *s, const uint8_t *pkt, size_t len);
int	tx_is_ours(struct session *s, const uint8_t *pkt, size_t len);
/* What build_segment needs from the session (id, ttl, df, TSval, SYN
 * options); takes the next IP id. */
void	tx_env(struct session *s, struct build_env *env);
/* The same for a connection of family af (AF_INET6: IPv6's MSS). */
void	tx_env_af(struct session *s, struct build_env *env, int af);

#endif
