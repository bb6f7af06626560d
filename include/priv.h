/* priv.h - the capabilities the shell needs, and what to say without them
 *
 * Raw sockets and capture need CAP_NET_RAW; the kernel-RST guard (an
 * nftables table) and the injector's packet mark need CAP_NET_ADMIN.
 * Everything else (help, set, parsing, scripts' syntax, reading pcaps,
 * the built-in peers) works without either.
 */
#ifndef TC_PRIV_H
#define TC_PRIV_H

#include "errbuf.h"

#define PRIV_NET_RAW	0x1
#define PRIV_NET_ADMIN	0x2

/* Which of the two the process lacks in its effective set (0: none). */
int	priv_missing(void);
/* 0 when both are there; else -1 with e naming what is missing, what it
 * is for and how to grant it. */
int	priv_check(struct errbuf *e);
/* "CAP_NET_RAW and CAP_NET_ADMIN" for a PRIV_* mask. */
const char	*priv_names(int missing);

#endif
