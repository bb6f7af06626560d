/* backend_lo.h - the loopback backend, and the live edges it shares with
 * the lab NIC's
 *
 * backend_lo (backend.h's ops): libnet raw socket out, libpcap in, the
 * nftables guard against the local kernel's RSTs.  The live_* functions
 * are its ops that backend_lab (labnic.c) uses too: the injector, the
 * capture, the monotonic clock.
 */
#ifndef TC_BACKEND_LO_H
#define TC_BACKEND_LO_H

#include <poll.h>
#include <stdint.h>
#include <sys/time.h>

#include "errbuf.h"

struct session;
struct backend_ops;

extern const struct backend_ops backend_lo;

int	live_open(struct session *s, const char *ifname, int guard,
	    struct errbuf *e);
int	live_pollfd(struct session *s);
int	live_wait(struct session *s, struct pollfd *pfd, nfds_t n,
	    int64_t max_us);
void	live_dispatch(struct session *s);
uint64_t live_mono(void);	/* CLOCK_MONOTONIC, us */
uint64_t live_now(const struct session *s);
void	live_stamp(const struct session *s, struct timeval *tv);
void	live_close(struct session *s);

#endif
