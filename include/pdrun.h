/* pdrun.h - one packetdrill script run against the live kernel
 *
 * Runs in the child that tun_fork made (its own network namespace):
 * opens the tun backend in a session, hands system calls to the agent
 * (pdsys.c), writes '<' segments, reads '>' ones through the backend and
 * compares them (pdpkt.c), all on the script's timeline with
 * packetdrill's tolerance.  What it reports goes to stdout, each line
 * prefixed with prefix ("# " under --tap).
 */
#ifndef TC_PDRUN_H
#define TC_PDRUN_H

#include <stdint.h>

#include "pdscript.h"

struct pdcfg {
	int64_t		 tol_us;	/* --tolerance_usecs (4000) */
	double		 tol_pct;	/* --tolerance_percent (12.5) */
	uint32_t	 laddr, raddr;	/* --local_ip, --remote_ip */
	uint16_t	 bind_port, connect_port;	/* 8080 */
	int		 mtu, mss;
	int		 strict;	/* --strict_segments: no aggregation */
	int		 ecr_scaled;	/* --tcp_ts_ecr_scaled */
	int		 verbose;	/* every line on the wire as it goes */
	int		 step;		/* --step: a prompt before each line
					 * and after the run */
	const char	*prefix;
};

/* What a run ends with (the child's exit status). */
#define PDRUN_OK	0
#define PDRUN_FAIL	1	/* a packet, a call or a command differed */
#define PDRUN_REFUSED	2	/* could not be run as written */
#define PDRUN_TIMING	3	/* everything as written, but not in time */

/* Sets one --name=value (command line or header line); 0, 1 when the
 * name is not packetdrill's or not supported, -1 for a bad value. */
int	pdcfg_set(struct pdcfg *c, const char *name, const char *value);
void	pdcfg_init(struct pdcfg *c);

/* Runs sc (read from path) with c; the PDRUN_* status. */
int	pdrun(const char *path, const struct pd_script *sc,
	    const struct pdcfg *c);

#endif
