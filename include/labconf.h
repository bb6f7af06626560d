/* labconf.h - what a confined user may reach: the lab configuration
 *
 * The file (/etc/tcpcraft/labs.conf, read by confine.c) has one
 * statement a line; '#' starts a comment:
 *
 *   lab IFACE PREFIX...	-i IFACE is allowed, --src inside a PREFIX
 *			(A.B.C.D/LEN or IPV6/LEN, host bits zero); a
 *			lab named twice has the prefixes of both lines
 *   flood-count N	the most packets one flood may send
 *   flood-rate N	the most packets per second a flood may ask
 *   probe-count N	the most SYNs one probe may send
 *   probe-rate N	the most probes per second (interval >= 1/N s)
 *
 * Anything else is an error: a file the parser does not understand
 * whole is not guessed at.  Pure: parses text, answers questions.
 */
#ifndef TC_LABCONF_H
#define TC_LABCONF_H

#include <stdint.h>
#include <stdio.h>

#include "errbuf.h"
#include "ipaddr.h"

#define LABCONF_MAXLABS		32
#define LABCONF_MAXPFX		16
#define LABCONF_IFNAMSIZ	16	/* IF_NAMESIZE */
#define LABCONF_MAXLINE		1024

/* The defaults: a confined flood or probe with no file, or a file that
 * says nothing of them. */
#define LABCONF_FLOOD_COUNT	1000
#define LABCONF_FLOOD_RATE	1000
#define LABCONF_PROBE_COUNT	20
#define LABCONF_PROBE_RATE	10

struct labconf_pfx {
	struct ipaddr	net;		/* host bits zero */
	int		len;
};

struct labconf_lab {
	char			ifname[LABCONF_IFNAMSIZ];
	struct labconf_pfx	pfx[LABCONF_MAXPFX];
	int			npfx;
};

struct labconf {
	struct labconf_lab	labs[LABCONF_MAXLABS];
	int			nlabs;
	uint64_t		flood_count, flood_rate;
	uint64_t		probe_count, probe_rate;
};

void	labconf_init(struct labconf *lc);
/* One line (no newline needed) numbered lineno; 0, or -1 with e saying
 * "line N: what". */
int	labconf_line(struct labconf *lc, const char *line, int lineno,
	    struct errbuf *e);
/* labconf_init, then every line of f; 0 or -1 at the first error. */
int	labconf_read(struct labconf *lc, FILE *f, struct errbuf *e);
/* "A.B.C.D/LEN" or "IPV6/LEN" (fd74:6363::/64) with host bits zero; 0
 * or -1 with e. */
int	labconf_pfx_parse(const char *s, struct labconf_pfx *p,
	    struct errbuf *e);
/* 1 when addr is inside p (an address of the other family never is). */
int	labconf_pfx_has(const struct labconf_pfx *p,
	    const struct ipaddr *addr);

/* The lab for ifname, NULL when it is not one. */
const struct labconf_lab *labconf_lab(const struct labconf *lc,
	    const char *ifname);
/* 1 when addr is inside a prefix allowed on ifname. */
int	labconf_src_ok(const struct labconf *lc, const char *ifname,
	    const struct ipaddr *addr);
/* Whether a flood of count packets at rate pps (0: as fast as it can)
 * or a probe of count SYNs every ival_us is within the limits: 0, or -1
 * with e saying which limit and what it is. */
int	labconf_flood_ok(const struct labconf *lc, uint64_t count,
	    uint64_t rate, struct errbuf *e);
int	labconf_probe_ok(const struct labconf *lc, uint64_t count,
	    uint64_t ival_us, struct errbuf *e);
/* What a confined user may reach, for tcpcraft --limits. */
void	labconf_print(FILE *f, const struct labconf *lc);

#endif
