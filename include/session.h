/* session.h - what one shell session holds: settings, connections, the
 * backend's state, the log, what waits
 *
 * Plain data and no code of its own: every edge module that works on a
 * session includes this, and the code that keeps it (sess.h: the clock,
 * the log, the capture filter, the guard; sess_init.h: a session begins
 * and ends; settings.h: set and show) sits above it, so no module has to
 * include the code of another to reach the fields.
 *
 * Two paths run through a session and stay short:
 *   command -> build -> wire_encode -> inject -> tcb_on_send -> print
 *   frame -> wire_decode -> conn lookup -> tcb_on_recv -> expect -> print
 */
#ifndef TC_SESSION_H
#define TC_SESSION_H

#include <net/if.h>
#include <stdint.h>
#include <stdio.h>
#include <sys/types.h>

#include "conn.h"
#include "pktstore.h"
#include "portcover.h"
#include "seg.h"

struct backend_ops;
struct tun;
struct task;
struct capture;
struct exec_nested;
struct guard;
struct injector;
struct labnic;
struct obs;
struct offline;
struct pkt_rec;
struct rec_state;
struct segspec;
struct sniffer;
struct teach;
struct vars;

struct settings {
	int		absolute, autoack, guard, onerror_continue, strict;
	int		payload, df;
	int		pmtu;		/* a need-frag lowers the path MTU */
	int		verbose;	/* lines as tcpdump -v prints them */
	uint64_t	timeout_us, msl_us;
	uint64_t	tolerance_us;	/* scripts: how far +TIME may miss */
	int		iss_fixed;
	uint32_t	iss;
	uint32_t	win;
	uint8_t		ttl;
	uint16_t	mss;
	int		mss_dflt;	/* never set: IPv6 offers 20 less */
	size_t		loglimit;	/* records the log keeps, 0: all */
	int		nsynopts;	/* -1: default [mss N] */
	struct tcpopt	synopts[SEG_MAXOPT];
};

enum pend_kind { P_NONE, P_WAIT, P_EXPECT, P_EXPECT_NONE };
enum pend_result { PR_RUNNING, PR_OK, PR_FAIL };

struct pending {
	enum pend_kind	 kind;
	enum pend_result result;
	uint64_t	 deadline;	/* session time, us */
	unsigned	 conn_id;
	struct segspec	*pat;		/* borrowed from the command */
	char		 what[256];	/* the pattern as typed, for messages */
	size_t		 seen;		/* non-matching segments so far */
	char		 lastwhy[256];
	/* expect.c: the log index that met it, a name to keep it under,
	 * and for "+TIME expect" the window it must arrive in */
	size_t		 match_idx;
	int		 matched;
	char		 capname[CONN_NAMELEN];
	int		 timed;
	uint64_t	 t_lo, t_hi, t_sched;
	/* "expect icmp [KIND]": an ICMP error, not a segment; type 0 is
	 * any, code -1 any */
	int		 icmp, icmp_type, icmp_code;
};

#define SENT_RING	64
#define SESS_GPEND	7	/* <= guard.h's GUARD_BATCH */

struct session {
	struct settings	 set;
	struct conntab	 ct;
	struct conn	*cur;
	const char	*labif;		/* -i IFACE, NULL: loopback only */
	struct task	*task;		/* what the loop drives (loop.h) */
	/* a command's own consumer of arriving frames while it waits on
	 * the loop (rx_input), NULL: none */
	void		(*rx_tap)(void *arg, const struct timeval *ts,
			    const uint8_t *frame, size_t caplen,
			    size_t wirelen);
	void		*rx_tap_arg;
	/* where segments go and come from (backend.h), chosen once; the
	 * fields below up to guard_broken, and lab and off, are the
	 * backends' state */
	const struct backend_ops *be;
	struct injector	*inj;
	struct sniffer	*sn;
	int		 dlt;
	char		 sniff_if[IF_NAMESIZE];
	struct guard	*gd;
	int		 guard_broken;	/* said once: could not install */
	/* guard elements of closed connections not deleted yet: they go
	 * with the next add, or before the loop may block (sess.c) */
	struct {
		struct ipaddr	 laddr, raddr;
		uint16_t	 lport, rport;
		char		 name[CONN_NAMELEN];
	}		 gpend[SESS_GPEND];
	size_t		 ngpend;
	struct capture	*cap;
	FILE		*record;
	uint64_t	 mono0;		/* CLOCK_MONOTONIC at start, us */
	uint64_t	 rng;
	uint16_t	 ip_id;
	uint16_t	 port_next;	/* pick_port goes on from here */
	uint32_t	 ts_base;
	uint64_t	 sent[SENT_RING];	/* hashes of our TCP segments */
	unsigned	 sent_pos;
	/* the log: records logbase..nlog-1 (absolute, from 0) are in
	 * log[0..nlog-logbase); the older ones set loglimit dropped
	 * (sess_log_at) */
	struct pkt_rec	*log;
	size_t		 nlog, caplog, logbase;
	struct pending	 pend;
	/* the timing a script gives the next expect ("+0.1 expect ...",
	 * expect_set_timing) */
	struct {
		int		 armed;
		uint64_t	 sched, tol;
	}		 next_timing;
	const char	*where;		/* "FILE:LINE" of the running line */
	int		 interactive;
	int		 quit;
	int		 failed;	/* an expect or command failed */
	pid_t		 peers[8];
	int		 npeers;
	const char	*filter_extra;	/* ORed into the capture filter
					 * (probe's replies), NULL: none */
	/* the filter installed: it is rebuilt only when one of these
	 * changes or a connection's port falls outside filt */
	struct portcover filt;
	char		*filt_extra;
	int		 filt_lab, filt_set;
	struct pktstore	 store;		/* the log's packet bytes */
	/* issue 5 (labnic.c, teach.c): the lab NIC's link layer, the
	 * default lab source addresses (--src, one of each family; 0 and
	 * af 0: none), ladder/explain/quiz/peer */
	struct labnic	*lab;
	uint32_t	 lab_src;
	struct ipaddr	 lab_src6;
	struct teach	*teach;
	/* issue 4: the command running (pcapng comments), named values,
	 * offline mode (virtual clock, pcap peer), record's state */
	char		 cmdtext[160];
	struct vars	*vars;
	struct offline	*off;
	struct rec_state *recst;
	/* issue 10: who is told what happens (obs.h), kept by main across
	 * fresh sessions; --step: each script line waits for Enter */
	struct obs	*obs;
	int		 step;
	/* the commands that run commands (source, replay): exec.h */
	const struct exec_nested *nested;
	/* issue 11: the tun device of a packetdrill run (backend_tun.c) */
	struct tun	*tun;
};

#endif
