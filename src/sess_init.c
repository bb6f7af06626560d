/* sess_init.c - a session begins and ends: the backend chosen, the
 * defaults set, what it started stopped
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Above every backend and every module a session runs: the only place
 * that knows them all by name.
 */
#include <stdlib.h>
#include <string.h>
#include <sys/random.h>
#include <unistd.h>

#include "backend.h"
#include "backend_lo.h"
#include "backend_tun.h"
#include "conn.h"
#include "exec.h"
#include "inject.h"
#include "labnic.h"
#include "obs.h"
#include "offline.h"
#include "peer.h"
#include "pktstore.h"
#include "replay.h"
#include "script.h"
#include "sess.h"
#include "sess_init.h"
#include "session.h"
#include "settings.h"
#include "vars.h"

/* The only place that asks which backend a session has: everything else
 * calls s->be's ops (backend.h).  Once a session, again when an offline
 * capture is attached, before anything ran. */
static const struct backend_ops *
choose_backend(struct session *s)
{
	if (s->tun != NULL)		/* --packetdrill FILE.pkt */
		return &backend_tun;
	if (s->off != NULL)		/* --offline PEER.pcap */
		return labnic_active(s) ? &backend_off_lab : &backend_off;
	if (labnic_active(s))		/* -i IFACE, an Ethernet link */
		return &backend_lab;
	return &backend_lo;
}

/* The commands that run commands, which exec reaches through the
 * session (exec.h says why). */
static const struct exec_nested nested = {
	.source = script_start_file,
	.replay = replay_run,
};

int
sess_init(struct session *s, const char *labif, int seeded, uint64_t seed)
{
	memset(s, 0, sizeof(*s));
	s->labif = labif;
	s->nested = &nested;
	s->mono0 = live_mono();
	if (!seeded && getrandom(&seed, sizeof(seed), 0) != sizeof(seed))
		seed = s->mono0 ^ (uint64_t)getpid() << 32;
	s->rng = seed ? seed : 0x9e3779b97f4a7c15ull;
	s->ip_id = (uint16_t)(sess_rand(s) | 1);
	s->ts_base = sess_rand(s);
	s->set.nsynopts = -1;		/* [mss N] of set mss */
	if (settings_defaults(s) != 0)
		return -1;
	s->dlt = -1;
	s->be = choose_backend(s);
	if (conntab_init(&s->ct, 64) != 0)
		return -1;
	return 0;
}

void
sess_offline(struct session *s, struct offline *o)
{
	s->off = o;
	s->be = choose_backend(s);
}

void
sess_tun(struct session *s, struct tun *t)
{
	s->tun = t;
	s->be = choose_backend(s);
}

/* A person types at a terminal: TIME-WAIT long enough to read the FIN,
 * think and type the last ack (Linux keeps it 60 s).  Scripts, -c and
 * commands piped in keep the short one, so tests stay fast. */
void
sess_typed(struct session *s)
{
	s->set.msl_us = SESS_MSL_TYPED_US;
}

void
sess_free(struct session *s)
{
	int k;

	for (k = 0; k < s->npeers; k++)
		peer_stop(s->peers[k]);
	s->npeers = 0;
	obs_end(s->obs);	/* capture, record closed; the quiz's score */
	vars_free(s->vars);
	if (s->be != NULL)
		s->be->close(s);
	if (s->inj != NULL)	/* flood and probe may open it anywhere */
		inject_close(s->inj);
	pktstore_free(&s->store);	/* every log[i].pkt */
	free(s->log);
	free(s->filt_extra);
	conntab_free(&s->ct);
	memset(s, 0, sizeof(*s));
}
