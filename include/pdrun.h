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

#include "pdcfg.h"
#include "pdscript.h"

/* What a run ends with (the child's exit status). */
#define PDRUN_OK	0
#define PDRUN_FAIL	1	/* a packet, a call or a command differed */
#define PDRUN_REFUSED	2	/* could not be run as written */
#define PDRUN_TIMING	3	/* everything as written, but not in time */

/* Runs sc (read from path) with c; the PDRUN_* status. */
int	pdrun(const char *path, const struct pd_script *sc,
	    const struct pdcfg *c);

#endif
