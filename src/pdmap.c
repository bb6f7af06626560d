/* pdmap.c - a packetdrill script's numbers <-> the live connection's */
#include <string.h>

#include "pdmap.h"

void
pdmap_init(struct pdmap *m)
{
	memset(m, 0, sizeof(*m));
}

void
pdmap_learn_isn(struct pdmap *m, uint32_t sseq, uint32_t lseq)
{
	m->script_isn = sseq;
	m->live_isn = lseq;
}

void
pdmap_remote_isn(struct pdmap *m, uint32_t seq)
{
	m->remote_isn = seq;
}

/* script + offset = live */
static uint32_t
local_off(const struct pdmap *m, int syn)
{
	return syn ? m->live_isn - m->script_isn : m->live_isn;
}

uint32_t
pdmap_local_to_script(const struct pdmap *m, uint32_t live, int syn)
{
	return live - local_off(m, syn);
}

uint32_t
pdmap_local_to_live(const struct pdmap *m, uint32_t script, int syn)
{
	return script + local_off(m, syn);
}

uint32_t
pdmap_remote_to_live(const struct pdmap *m, uint32_t script, int syn)
{
	return syn ? script : script + m->remote_isn;
}

uint32_t
pdmap_remote_to_script(const struct pdmap *m, uint32_t live, int syn)
{
	return syn ? live : live - m->remote_isn;
}

uint32_t
pdmap_ts_out(struct pdmap *m, uint32_t script_val, uint32_t live_val)
{
	int i;

	if (!m->have_ts) {
		m->have_ts = 1;
		m->ts_script0 = script_val;
		m->ts_live0 = live_val;
	}
	/* the newest mapping of a script value wins: replace it in place */
	for (i = 0; i < m->nts; i++)
		if (m->ts[i].script == script_val)
			break;
	if (i == m->nts) {
		i = m->tsnext;
		m->tsnext = (m->tsnext + 1) % PDMAP_NTS;
		if (m->nts < PDMAP_NTS)
			m->nts++;
	}
	m->ts[i].script = script_val;
	m->ts[i].live = live_val;
	return m->ts_script0 + (live_val - m->ts_live0);
}

int
pdmap_ts_in(const struct pdmap *m, uint32_t script_ecr, uint32_t *live)
{
	int i;

	if (script_ecr == 0) {
		*live = 0;
		return 0;
	}
	for (i = 0; i < m->nts; i++)
		if (m->ts[i].script == script_ecr) {
			*live = m->ts[i].live;
			return 0;
		}
	return -1;
}
