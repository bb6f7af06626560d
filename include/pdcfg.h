/* pdcfg.h - the settings of a packetdrill run: packetdrill's flags, from
 * the command line and from a script's header lines
 *
 * Pure: names and values in, a struct out.
 */
#ifndef TC_PDCFG_H
#define TC_PDCFG_H

#include <stddef.h>
#include <stdint.h>

#include "ipaddr.h"

/* --ip_version: the sockets' family and the wire's, as packetdrill's
 * three flavours pair them */
#define PD_IPV4		0	/* AF_INET sockets, IPv4 packets */
#define PD_IPV4_MAPPED	1	/* AF_INET6 sockets on ::ffff:a.b.c.d,
				 * IPv4 packets (ipv4-mapped-ipv6) */
#define PD_IPV6		2	/* AF_INET6 sockets, IPv6 packets */

struct pdcfg {
	int64_t		 tol_us;	/* --tolerance_usecs (4000) */
	double		 tol_pct;	/* --tolerance_percent (12.5) */
	int		 ipver;		/* --ip_version: PD_IPV4.. */
	/* --local_ip, --remote_ip: the addresses on the wire (af 0 until
	 * pdcfg_finish: the version's defaults), the prefix length on tun0
	 * and the remote's routed prefix (-1: the version's) */
	struct ipaddr	 laddr, raddr;
	int		 lplen, rplen;
	uint16_t	 bind_port, connect_port;	/* 8080 */
	int		 mtu, mss;
	int		 strict;	/* --strict_segments: no aggregation */
	int		 ecr_scaled;	/* --tcp_ts_ecr_scaled */
	int64_t		 ts_tick_us;	/* --tcp_ts_tick_usecs: TS val checked
					 * (0: not) */
	int		 verbose;	/* every line on the wire as it goes */
	int		 step;		/* --step: a prompt before each line
					 * and after the run */
	const char	*prefix;	/* of every line reported ("# ") */
};

void	pdcfg_init(struct pdcfg *c);
/* Sets one --name=value; 0, 1 when the name is not packetdrill's or not
 * supported, -1 for a bad value. */
int	pdcfg_set(struct pdcfg *c, const char *name, const char *value);
/* Once every flag is set: the version's defaults for the addresses not
 * given (IPv4 192.168.0.1/16 and 192.0.2.1/24; IPv6
 * fd3d:fa7b:d17d::1/48 and 2001:db8::1/32, packetdrill's prefixes), and
 * the addresses checked against the version.  0, or -1 with msg. */
int	pdcfg_finish(struct pdcfg *c, char *msg, size_t cap);
/* The family of the script's sockets. */
int	pdcfg_domain(const struct pdcfg *c);
/* The address a socket binds to (local) or connects to: the wire's, or
 * its IPv4-mapped IPv6 form (::ffff:192.168.0.1). */
struct ipaddr	pdcfg_sockaddr(const struct pdcfg *c, int local);
/* The IPv4-mapped IPv6 address of an IPv4 one. */
struct ipaddr	pdcfg_mapped(uint32_t v4);
/* The MSS tun0's MTU makes (the driver's 1500 when --mtu is not given):
 * 1460 on IPv4, 1440 on IPv6. */
int	pdcfg_mss(const struct pdcfg *c);

#endif
