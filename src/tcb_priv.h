/* tcb_priv.h - what tcb.c and tcb_recv.c share; not part of the contract
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#ifndef TC_TCB_PRIV_H
#define TC_TCB_PRIV_H

#include <stdint.h>

#include "seg.h"
#include "tcb.h"

/* The options of one segment that matter to the TCB. */
struct segopt {
	int		mss;		/* -1 when absent */
	int		ws;		/* -1 when absent */
	int		sackok;
	int		ts;
	uint32_t	tsval, tsecr;
	int		nsack;		/* SACK blocks */
};

void	tcb_ev_start(const struct tcb *t, struct tcb_ev *ev);
/* Appends to ev->detail, "; " between findings. */
void	tcb_detail(struct tcb_ev *ev, const char *fmt, ...)
	    __attribute__((format(printf, 2, 3)));
/* Sequence numbers for ev->detail: relative unless t->show_abs. */
long long	tcb_ours(const struct tcb *t, uint32_t x);
long long	tcb_theirs(const struct tcb *t, uint32_t x);

void	tcb_set_state(struct tcb *t, enum tcb_state s, struct tcb_ev *ev);
void	tcb_close(struct tcb *t, const char *why, struct tcb_ev *ev);
void	tcb_time_wait(struct tcb *t, uint64_t now_us, struct tcb_ev *ev);
void	tcb_owe_ack(struct tcb *t, struct tcb_ev *ev);
/* Clears the connection, keeps the settings and the state. */
void	tcb_forget(struct tcb *t);

void	tcb_xmit_track(struct tcb_xmit *h, unsigned *pos, uint32_t seq,
	    uint32_t pin, int occupies, uint64_t now_us, struct tcb_ev *ev);
void	tcb_opt_scan(const struct seg *s, struct segopt *o);
int8_t	tcb_ws_clamp(int ws);
/* lo <= x < lo + wnd in sequence space */
int	tcb_in_win(uint32_t x, uint32_t lo, uint32_t wnd);

#endif
