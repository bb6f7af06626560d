/* sess_init.h - a session begins and ends
 *
 * sess_init chooses the backend (the only code that knows them all by
 * name), sets every key's default, hands exec the commands that run
 * commands (s->nested, exec.h) and opens nothing: the edges open when
 * first needed (sess_net).  sess_free closes what the session opened and
 * stops the peers it started.  main and --tap (a fresh session per
 * script) call these.
 */
#ifndef TC_SESS_INIT_H
#define TC_SESS_INIT_H

#include <stdint.h>

struct session;
struct offline;
struct tun;

/* msl starts at settab.def's 1s (TIME-WAIT 2 s); at a terminal: */
#define SESS_MSL_TYPED_US	30000000	/* TIME-WAIT 60 s */

/* labif: -i IFACE (NULL: loopback only); seeded: seed is --seed. */
int	sess_init(struct session *s, const char *labif, int seeded,
	    uint64_t seed);
void	sess_typed(struct session *s);	/* human-scale defaults */
/* Runs the session against a recorded peer (--offline): the backend
 * becomes backend_off (backend_off_lab in a lab shell), which owns o
 * from now on. */
void	sess_offline(struct session *s, struct offline *o);
/* --packetdrill: segments through the tun device t (backend_tun.c). */
void	sess_tun(struct session *s, struct tun *t);
void	sess_free(struct session *s);

#endif
