/* tcb.h - one connection's transmission control block, RFC 9293 names
 *
 *                              +---------+ ---------\      active OPEN
 *                              |  CLOSED |            \    -----------
 *                              +---------+<---------\   \   create TCB
 *                                |     ^              \   \  snd SYN
 *                   passive OPEN |     |   CLOSE        \   \
 *                   ------------ |     | ----------       \   \
 *                    create TCB  |     | delete TCB         \   \
 *                                V     |                      \   \
 *            rcv RST (note 1)  +---------+            CLOSE    |    \
 *         -------------------->|  LISTEN |          ---------- |     |
 *        /                     +---------+          delete TCB |     |
 *       /           rcv SYN      |     |     SEND              |     |
 *      /           -----------   |     |    -------            |     V
 *  +--------+      snd SYN,ACK  /       \   snd SYN          +--------+
 *  |        |<-----------------           ------------------>|        |
 *  |  SYN   |                    rcv SYN                     |  SYN   |
 *  |  RCVD  |<-----------------------------------------------|  SENT  |
 *  |        |                  snd SYN,ACK                   |        |
 *  |        |------------------           -------------------|        |
 *  +--------+   rcv ACK of SYN  \       /  rcv SYN,ACK       +--------+
 *     |         --------------   |     |   -----------
 *     |                x         |     |     snd ACK
 *     |                          V     V
 *     |  CLOSE                 +---------+
 *     | -------                |  ESTAB  |
 *     | snd FIN                +---------+
 *     |                 CLOSE    |     |    rcv FIN
 *     V                -------   |     |    -------
 *  +---------+         snd FIN  /       \   snd ACK         +---------+
 *  |  FIN    |<----------------          ------------------>|  CLOSE  |
 *  | WAIT-1  |------------------                            |   WAIT  |
 *  +---------+          rcv FIN  \                          +---------+
 *    | rcv ACK of FIN   -------   |                          CLOSE  |
 *    | --------------   snd ACK   |                         ------- |
 *    V        x                   V                         snd FIN V
 *  +---------+               +---------+                    +---------+
 *  |FINWAIT-2|               | CLOSING |                    | LAST-ACK|
 *  +---------+               +---------+                    +---------+
 *    |              rcv ACK of FIN |                 rcv ACK of FIN |
 *    |  rcv FIN     -------------- |    Timeout=2MSL -------------- |
 *    |  -------            x       V    ------------        x       V
 *     \ snd ACK              +---------+delete TCB          +---------+
 *       -------------------->|TIME-WAIT|------------------->| CLOSED  |
 *                            +---------+                    +---------+
 *
 * The TCB never sends.  The user (or a script, or autoack in the command
 * layer) sends; tcb_on_send() then applies what was actually sent, and
 * tcb_on_recv() what arrived.  Both report what changed in a struct tcb_ev.
 * Time is passed in (microseconds, any monotonic origin).
 */
#ifndef TC_TCB_H
#define TC_TCB_H

#include <stdint.h>
#include <stdio.h>

#include "print.h"
#include "reasm.h"
#include "seg.h"

enum tcb_state {
	TCB_CLOSED, TCB_LISTEN, TCB_SYN_SENT, TCB_SYN_RECEIVED,
	TCB_ESTABLISHED, TCB_FIN_WAIT_1, TCB_FIN_WAIT_2, TCB_CLOSE_WAIT,
	TCB_CLOSING, TCB_LAST_ACK, TCB_TIME_WAIT
};

/* RFC 9293 spelling: "SYN-SENT", "ESTABLISHED", ... */
const char	*tcb_state_name(enum tcb_state s);
/* Parses a state name (case-insensitive, '-' or '_'); -1 if unknown. */
int		 tcb_state_parse(const char *name);

/* Sequence-space comparisons, wrap-safe (RFC 1982 style). */
#define SEQ_LT(a, b)	((int32_t)((uint32_t)(a) - (uint32_t)(b)) < 0)
#define SEQ_LEQ(a, b)	((int32_t)((uint32_t)(a) - (uint32_t)(b)) <= 0)
#define SEQ_GT(a, b)	((int32_t)((uint32_t)(a) - (uint32_t)(b)) > 0)
#define SEQ_GEQ(a, b)	((int32_t)((uint32_t)(a) - (uint32_t)(b)) >= 0)

#define TCB_CLIENT	0
#define TCB_SERVER	1

/* Analysis notes (tcb_ev.notes), one or two words each on the line. */
#define TN_RETRANS	 0x00000001	/* data/SYN/FIN seen before */
#define TN_DUPACK	 0x00000002	/* same ack, no data, same window */
#define TN_OOO		 0x00000004	/* starts beyond RCV.NXT */
#define TN_ACK_UNSEEN	 0x00000008	/* acks data never sent */
#define TN_WIN_UPDATE	 0x00000010	/* only the window changed */
#define TN_WIN_FULL	 0x00000020	/* segment fills the peer's window */
#define TN_ZERO_WIN	 0x00000040	/* window 0 advertised */
#define TN_KEEPALIVE	 0x00000080	/* seq = RCV.NXT-1, 0 bytes or 1 acked */
#define TN_CHALLENGE	 0x00000100	/* RFC 5961 challenge ACK */
#define TN_OUT_OF_WIN	 0x00000200	/* fails the acceptability test */
#define TN_REFUSED	 0x00000400	/* RST|ACK to our SYN */
#define TN_RESET	 0x00000800	/* RST accepted: connection closed */
#define TN_ACK_OWED	 0x00001000	/* data or FIN arrived, not yet acked */
#define TN_DEPARTS	 0x00002000	/* sent segment differs from the TCB */
#define TN_SYN_SYNC	 0x00004000	/* SYN in a synchronized state */
#define TN_SIMUL	 0x00008000	/* simultaneous open or close */
#define TN_KERNEL_RST	 0x00010000	/* RST from our own address, not ours */
#define TN_BAD_CKSUM	 0x00020000
#define TN_PART_CKSUM	 0x00040000	/* loopback offload: pseudo-sum only */
#define TN_BAD_ACK	 0x00080000	/* SYN-SENT: ack not ISS+1 */
#define TN_ZWP		 0x00100000	/* zero-window probe */
#define TN_MALFORMED	 0x00200000	/* decode annotations present */
#define TN_TW_DONE	 0x00400000	/* 2*MSL elapsed: CLOSED */
#define TN_FAST_RETRANS	 0x00800000	/* resent after >= 2 dup ACKs */
#define TN_PREV_UNSEEN	 0x01000000	/* a gap opens before this segment */
#define TN_ZWP_ACK	 0x02000000	/* ACK answering a zero-window probe */
#define TN_NOSOCK	 0x04000000	/* RST without ACK: no socket there */
#define TN_GUARD_OFF	 0x08000000	/* with TN_KERNEL_RST: no guard */
#define TN_URGENT	 0x10000000	/* URG set: urgent data */
#define TN_NOT_APPLIED	 0x20000000	/* untrustworthy: shown, not applied */
#define TN_NBITS	 30		/* bits 0 .. TN_NBITS-1 are notes */

/* Short words for a note bit ("retransmission", "dup ack", ...). */
const char	*tcb_note_word(uint32_t bit);
/* One sentence explaining a note bit, for show. */
const char	*tcb_note_sentence(uint32_t bit);

struct tcb_ev {
	enum tcb_state	from, to;
	uint32_t	notes;		/* TN_* */
	uint32_t	dupack_n;	/* with TN_DUPACK: #n */
	uint64_t	gap_us;		/* with have_gap: time since the same
					 * sequence number went before */
	int		have_gap;	/* on a retransmission or probe */
	char		detail[256];	/* TN_DEPARTS etc.: what differs */
};

/* The note of one bit as it appears on a packet line, with what the
 * event adds to it: "dup ack #3", "retransmission (+0.41s)".  Returns
 * the length written. */
size_t	tcb_note_text(char *buf, size_t cap, uint32_t bit,
	    const struct tcb_ev *ev);

/* When a sequence number last went, in one direction: retransmissions
 * and probes show the interval since. */
#define TCB_NHIST	4
struct tcb_xmit {
	uint64_t	at;
	uint32_t	seq;
	uint8_t		valid;
	uint8_t		probe;		/* a probe or keep-alive, not data */
};

struct tcb {
	enum tcb_state	state;
	int		role;		/* TCB_CLIENT / TCB_SERVER */
	uint32_t	iss;		/* our initial send sequence number */
	uint32_t	irs;		/* peer's ISN; valid when have_irs */
	int		have_irs;
	uint32_t	snd_una, snd_nxt, snd_max;	/* snd_max: highest end sent */
	uint32_t	snd_wnd;	/* peer's window in bytes (scaled) */
	uint32_t	snd_wl1, snd_wl2;
	uint32_t	rcv_nxt;
	uint32_t	rcv_wnd;	/* what we advertise, bytes (unscaled) */
	uint32_t	rcv_max;	/* highest seq end seen from peer */
	/* options: ours as offered, the peer's as offered, and agreed */
	uint16_t	our_mss, peer_mss;	/* 0 = not offered */
	uint16_t	pmtu;		/* path MTU an ICMP need-frag told;
					 * 0 = none learned */
	uint8_t		pmtu_hdrs;	/* header bytes it costs: 0 means
					 * 40 (IPv4), 60 on IPv6 */
	int8_t		our_ws, peer_ws;	/* -1 = not offered */
	uint8_t		our_sackok, peer_sackok;
	uint8_t		our_ts, peer_ts;
	uint32_t	ts_recent;	/* peer's latest TSval */
	/* FIN bookkeeping */
	int		fin_sent, fin_rcvd;
	uint32_t	fin_seq;	/* seq of our FIN */
	uint32_t	peer_fin_seq;
	/* analysis */
	uint32_t	last_ack_rcvd;
	uint32_t	last_win_rcvd;	/* bytes: scaled unless on a SYN */
	uint32_t	dupacks;
	uint64_t	bytes_in, bytes_out;
	/* TIME-WAIT */
	uint64_t	msl_us;		/* set by the caller; 2*msl in TIME-WAIT */
	uint64_t	tw_deadline;	/* 0 when no timer runs */
	char		reason[96];	/* why the connection closed (RST ...) */
	/* bookkeeping for the analysis above */
	int		ack_owed;	/* RCV.NXT not yet acked by us */
	int		chal_armed;	/* we sent a RST/SYN a challenge ACK
					 * would answer */
	int		have_last_rcvd;	/* last_ack/win_rcvd are valid */
	int		have_win_sent;	/* last_win_sent is valid */
	uint32_t	last_win_sent;	/* window we last advertised, bytes */
	int		synack_sent;	/* our SYN,ACK left (simultaneous
					 * open: the first is not a resend) */
	int		show_abs;	/* ev.detail in absolute numbers */
	int		part_said;	/* TN_PART_CKSUM given once */
	/* the two byte streams: the peer's put back in order (RCV.NXT
	 * moves over what it delivers), and ours as we sent it */
	struct reasm	rin, rout;
	int		fin_held;	/* the peer's FIN beyond a gap */
	uint32_t	held_fin_seq;
	/* the previous segment each way, for dup ACK / window update */
	int		have_ack_sent;
	uint32_t	last_ack_sent;
	uint32_t	dupacks_sent;
	uint64_t	dupack_sent_at;	/* when the last of them left */
	/* zero-window probes waiting for their ACK */
	int		zwp_out, zwp_in;
	uint32_t	zwp_seq;
	uint32_t	rcv_up;		/* urgent pointer, when have_up */
	int		have_up;
	uint64_t	chal_at;	/* when the last challenge ACK came */
	int		have_chal_at;
	int		simul_close;	/* went through CLOSING: the peer ends
					 * in TIME-WAIT too */
	uint32_t	nacks_rcvd;	/* ACK-bearing segments that came */
	uint32_t	nacks_at_send;	/* nacks_rcvd when our latest data or
					 * FIN left: an ACK since shows all the
					 * peer took */
	int		lost_valid;	/* a segment of ours with a bad
					 * checksum never reached the peer: */
	uint32_t	lost_from;	/* it has nothing from here on */
	struct tcb_xmit	hist_in[TCB_NHIST], hist_out[TCB_NHIST];
	unsigned	hist_in_pos, hist_out_pos;
};

/* A client TCB starts CLOSED, a server TCB LISTEN.  iss is ours.  Only
 * for a fresh (zeroed or freed) TCB: the stream buffers are not freed. */
void	tcb_init(struct tcb *t, int role, uint32_t iss, uint32_t rcv_wnd,
	    uint16_t our_mss, uint64_t msl_us);
/* Keep the bytes of both streams (for "stream"), not only their ranges:
 * at most REASM_KEEP each way, allocated as data arrives. */
void	tcb_keep_streams(struct tcb *t);
/* Frees the stream buffers. */
void	tcb_free(struct tcb *t);

void	tcb_on_send(struct tcb *t, const struct seg *s, uint64_t now_us,
	    struct tcb_ev *ev);
void	tcb_on_recv(struct tcb *t, const struct seg *s, uint64_t now_us,
	    struct tcb_ev *ev);
/* Timers: TIME-WAIT expiry moves to CLOSED (TN_TW_DONE). */
void	tcb_tick(struct tcb *t, uint64_t now_us, struct tcb_ev *ev);

/* Effective peer MSS for segmentation (536 when not offered, RFC 9293),
 * no more than the path MTU leaves (pmtu - 40, pmtu - 60 on IPv6) once
 * one was learned. */
uint16_t	tcb_send_mss(const struct tcb *t);
/* Window scale in effect for what the peer advertises / we advertise. */
int	tcb_peer_shift(const struct tcb *t);
int	tcb_our_shift(const struct tcb *t);
int	tcb_ts_ok(const struct tcb *t);
int	tcb_sack_ok(const struct tcb *t);

/* The peer's receiving side, as far as its ACKs and our segments show
 * it: what it checks our segments against (RFC 9293 3.10.7.4 with RFC
 * 5961, as Linux implements them).  Its RCV.NXT is not our SND.NXT: it is
 * what it acknowledged (SND.UNA) plus what we sent in order since, which
 * it takes without a word until its ACK comes. */
enum tcb_peer_st {
	TCB_PEER_NONE,		/* no synchronized connection */
	TCB_PEER_OPEN,		/* a socket that has sent no FIN */
	TCB_PEER_SHUT,		/* sent a FIN we have not acknowledged:
				 * its socket takes no more data */
	TCB_PEER_FW2,		/* its FIN acknowledged, ours not had:
				 * Linux keeps a FIN-WAIT-2 remnant */
	TCB_PEER_TW,		/* TIME-WAIT (after a simultaneous close) */
	TCB_PEER_GONE		/* LAST-ACK ended by our ACK: no socket */
};

struct tcb_peer {
	enum tcb_peer_st st;
	uint32_t	rcv_nxt;	/* what it has taken in order */
	uint32_t	rcv_wup;	/* its latest ack (Linux's rcv_wup) */
	uint32_t	edge;		/* right edge of the window it offered */
	uint32_t	rcv_wnd;	/* edge - rcv_nxt, 0 past it */
	int		has_fin;	/* took our FIN: CLOSE-WAIT, CLOSING,
					 * LAST-ACK */
	uint32_t	held_end;	/* end of what it holds beyond a hole
					 * (our FIN included), rcv_nxt if none */
	int		sack;		/* holds bytes beyond a hole, SACK on */
	uint32_t	sack_end;	/* the right end of its SACK blocks */
};

void	tcb_peer_view(const struct tcb *t, struct tcb_peer *p);

/* What the peer does with a RST of ours at seq (RFC 9293 3.10.7.4
 * second check, RFC 5961 3.2, Linux's tcp_validate_incoming). */
enum tcb_rst_fate {
	TCB_RST_EXACT,		/* seq = RCV.NXT: it resets */
	TCB_RST_FIN,		/* seq = RCV.NXT-1 after our FIN: resets */
	TCB_RST_SACK,		/* seq = its right-most SACK edge: resets */
	TCB_RST_KILL,		/* in a FIN-WAIT-2 or TIME-WAIT remnant's
				 * window: it goes without a word */
	TCB_RST_CHALLENGE,	/* in the window: a challenge ACK */
	TCB_RST_OUTSIDE,	/* outside: dropped (a FIN-WAIT-2 remnant
				 * ACKs it) */
	TCB_RST_IGNORED,	/* TIME-WAIT, not at RCV.NXT: dropped */
	TCB_RST_NOSOCK		/* no connection: ignored */
};
enum tcb_rst_fate	tcb_peer_rst(const struct tcb_peer *p, uint32_t seq);
/* Linux's tcp_sequence(): seq .. seq+seglen against RCV.WUP and the
 * right edge (a FIN may stick out of the window).  1 acceptable, 0 not,
 * -1 it starts inside but ends beyond: Linux takes it only when its
 * receive queue is empty. */
int	tcb_peer_seq_ok(const struct tcb_peer *p, uint32_t seq,
	    uint32_t seglen, int fin);

/* The print context for a segment in one direction. */
void	tcb_print_ctx(const struct tcb *t, int from_us, int relative,
	    struct print_ctx *pc);

/* The "stream" command's output: the bytes delivered so far each way
 * (dir 'i' the peer's, 'o' ours, 0 both), quoted text or a hex dump. */
void	tcb_print_streams(FILE *f, const struct tcb *t, int dir, int hex);

/* The "tcb" command's output: state, ISS/IRS, SND.*, RCV.*, options. */
void	tcb_print(FILE *f, const struct tcb *t, int relative);
/* The same, with the time left in TIME-WAIT ("TIME-WAIT ends in 41.2s"). */
void	tcb_print_at(FILE *f, const struct tcb *t, int relative,
	    uint64_t now_us);

#endif
