/* pdsys.h - the system calls of a packetdrill script, on real sockets
 *
 * An agent thread makes the calls, one at a time, in the namespace of
 * the run, so that a blocking call (accept, read, connect) blocks only
 * it while the runner goes on writing and reading packets.  The script's
 * file descriptor numbers are mapped to the real ones; "..." arguments
 * take packetdrill's defaults (sockets of the run's family, bind to the
 * local address and port 8080, connect to the remote's port 8080, a
 * zeroed buffer).
 */
#ifndef TC_PDSYS_H
#define TC_PDSYS_H

#include <stddef.h>
#include <stdint.h>

#include "ipaddr.h"
#include "pdscript.h"

struct pdsys_cfg {
	int		domain;		/* of socket(...): AF_INET, AF_INET6 */
	/* what bind(..., ...) and connect(..., ...) name: of the domain
	 * (an IPv4-mapped IPv6 address on an ipv4-mapped-ipv6 run) */
	struct ipaddr	bind_addr, connect_addr;
	uint16_t	bind_port, connect_port;
};

struct pdsys;

/* Starts the agent thread; NULL with msg. */
struct pdsys	*pdsys_new(const struct pdsys_cfg *cfg, char *msg,
		    size_t cap);
/* Whether the runner can make this call: 0, or -1 with msg naming what
 * it cannot do (an unsupported call, option or name). */
int	pdsys_check(const struct pd_syscall *sc, char *msg, size_t cap);
/* Hands the call to the agent (which must be idle). */
void	pdsys_start(struct pdsys *a, const struct pd_syscall *sc);
/* Readable when a call has finished. */
int	pdsys_fd(const struct pdsys *a);
/* 0 while the call runs; 1 when it finished: *end_mono (CLOCK_MONOTONIC,
 * us) when it returned, and msg empty when the result is the script's,
 * else what differs. */
int	pdsys_done(struct pdsys *a, uint64_t *end_mono, char *msg,
	    size_t cap);
/* The real fd behind a script fd, or -1. */
int	pdsys_realfd(struct pdsys *a, int64_t sfd);
/* The socket under test: the real fd of the last socket() or accept()
 * that succeeded, or -1. */
int	pdsys_current(struct pdsys *a);

#endif
