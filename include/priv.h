/* priv.h - the capabilities the shell needs, and what to say without them
 *
 * Raw sockets and capture need CAP_NET_RAW; the kernel-RST guard (an
 * nftables table) and the injector's packet mark need CAP_NET_ADMIN.
 * Everything else (help, set, parsing, scripts' syntax, reading pcaps,
 * the built-in peers) works without either.
 *
 * Confined (a real user id other than 0 holding the capabilities, from
 * the binary's file capabilities): they stay in the permitted set only,
 * priv_raise makes them effective around the calls that need them
 * (opening the raw and packet sockets and the capture, talking to
 * nftables) and priv_lower clears the effective set again.  As root
 * both do nothing: root keeps what it has.
 */
#ifndef TC_PRIV_H
#define TC_PRIV_H

#include "errbuf.h"

#define PRIV_NET_RAW	0x1
#define PRIV_NET_ADMIN	0x2

/* At the start of main, before anything else: confined or not; when
 * confined, the effective, inheritable and ambient sets emptied.  -1
 * with e when the process cannot be made safe (set-user-ID). */
int	priv_init(struct errbuf *e);
/* 1 when confined (priv_init decided). */
int	priv_confined(void);
/* Makes the PRIV_* capabilities of mask effective, when confined and
 * permitted; every priv_raise has its priv_lower.  Both keep errno. */
void	priv_raise(int mask);
void	priv_lower(void);
/* In a child just forked, before it runs anything: when confined, no
 * capability left in any set, and none to be gained by exec. */
void	priv_child(void);

/* Which of the two the process lacks (0: none): in its effective set,
 * or when confined in its permitted set, which priv_raise draws on. */
int	priv_missing(void);
/* 0 when both are there; else -1 with e naming what is missing, what it
 * is for and how to grant it. */
int	priv_check(struct errbuf *e);
/* "CAP_NET_RAW and CAP_NET_ADMIN" for a PRIV_* mask. */
const char	*priv_names(int missing);

#endif
