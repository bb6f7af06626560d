/* confine.h - what a confined tcpcraft may reach, asked before it sends
 *
 * Confined (priv.h): a user other than root running the binary that
 * holds the capabilities.  Then every segment must address a socket of
 * the same user (loopback) or stay inside a lab the administrator
 * allowed in the lab configuration (labconf.h), and floods and probes
 * keep to its limits.  Each confine_* function returns 0 when allowed
 * (always, unconfined) or -1 with e saying what was refused and why;
 * the callers send nothing then.
 */
#ifndef TC_CONFINE_H
#define TC_CONFINE_H

#include <stdint.h>
#include <stdio.h>

#include "errbuf.h"
#include "ipaddr.h"

struct ipaddr;
struct seg;
struct session;

/* Where the file is looked for: confine.c says why a confined
 * tcpcraft takes no other. */
const char	*confine_path(void);
/* Confined: reads the lab configuration, refusing a file (or a
 * directory above it) that anyone but root could have written.  0, or
 * -1 with e: tcpcraft does not run confined on a file it cannot trust. */
int	confine_init(struct errbuf *e);
/* tcpcraft --limits: what a confined user may reach (the file read with
 * the same checks); -1 with e when it cannot be trusted or read. */
int	confine_print_limits(FILE *f, struct errbuf *e);

/* -i IFACE and --src ADDR (NULL or af 0: none), either family, as the
 * command line gave them. */
int	confine_args(const char *labif, const struct ipaddr *src,
	    struct errbuf *e);
/* connect from laddr:lport (0: to be picked) to raddr:rport. */
int	confine_connect(const struct session *s,
	    const struct ipaddr *laddr, uint16_t lport,
	    const struct ipaddr *raddr, uint16_t rport, struct errbuf *e);
/* listen on addr:port; local: the kernel owns addr. */
int	confine_listen(const struct session *s, const struct ipaddr *addr,
	    uint16_t port, int local, struct errbuf *e);
/* One IPv4 or IPv6 packet about to leave through the session's backend. */
int	confine_packet(struct session *s, const uint8_t *pkt,
	    size_t len, struct errbuf *e);
/* A flood of count packets at rate (0: unpaced) from the template t
 * (IPv4 or IPv6), rnd the PP_* fields drawn per packet. */
int	confine_flood(struct session *s, const struct seg *t,
	    uint64_t count, uint64_t rate, unsigned rnd, struct errbuf *e);
/* A probe: count SYNs ival_us apart from laddr, ports base..base+nports-1,
 * to raddr:rport (both of one family). */
int	confine_probe(struct session *s, const struct ipaddr *laddr,
	    uint16_t base, unsigned nports, const struct ipaddr *raddr,
	    uint16_t rport, uint64_t count, uint64_t ival_us,
	    struct errbuf *e);

#endif
