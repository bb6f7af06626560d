/* pdcfg.h - the settings of a packetdrill run: packetdrill's flags, from
 * the command line and from a script's header lines
 *
 * Pure: names and values in, a struct out.
 */
#ifndef TC_PDCFG_H
#define TC_PDCFG_H

#include <stdint.h>

struct pdcfg {
	int64_t		 tol_us;	/* --tolerance_usecs (4000) */
	double		 tol_pct;	/* --tolerance_percent (12.5) */
	uint32_t	 laddr, raddr;	/* --local_ip, --remote_ip */
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
 * supported (--ip_version=ipv6), -1 for a bad value. */
int	pdcfg_set(struct pdcfg *c, const char *name, const char *value);

#endif
