/* test_tcb.c - the RFC 9293 diagram, transition by transition
 *
 * Each scenario is a table of steps: a segment we sent, a segment that
 * arrived, or a timer tick, with the state and the exact analysis notes
 * expected after it.  Numbers in the table are relative (seq to the
 * sender's ISN, ack to the receiver's); every scenario runs once for each
 * pair of ISNs below, so the ones near 2^32 wrap in the middle.
 */
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "t.h"
#include "tcb.h"

static const struct { uint32_t iss, irs; } isns[] = {
	{ 1000, 300000 },
	{ 0xfffffff0u, 0xfffffff8u },	/* both wrap within a few bytes */
	{ 0xffffffffu, 0 },		/* ISS+1 == 0 */
	{ 0, 0xffffffffu },		/* IRS+1 == 0 */
	{ 0x7ffffff0u, 0x80000005u },	/* across the sign of int32 */
};
#define NISNS	(sizeof(isns) / sizeof(isns[0]))

#define MSL	1000000ull	/* 1 s, so TIME-WAIT lasts 2 s */
#define WIN0	0x10000u	/* a window of 0 (0 in the table: 65535) */

enum { OPT_NONE, OPT_FULL, OPT_NOWS, OPT_MSS };

#define CK_UNA	1
#define CK_NXT	2
#define CK_RNXT	4
#define CK_WND	8

struct step {
	char		op;	/* 's' sent, 'r' arrived, 't' tick */
	uint8_t		fl;
	uint32_t	seq, ack, len, win;
	int		opt;
	uint32_t	anno;
	uint64_t	at;	/* time, microseconds */
	enum tcb_state	st;
	uint32_t	notes;	/* exactly these */
	uint32_t	dup;	/* dupack_n */
	int		chk;	/* CK_*: check the values below */
	uint32_t	una, nxt, rnxt, wnd;
};

#define SND(f, s, a, l)	.op = 's', .fl = (f), .seq = (s), .ack = (a), .len = (l)
#define RCV(f, s, a, l)	.op = 'r', .fl = (f), .seq = (s), .ack = (a), .len = (l)
#define TICK(t)		.op = 't', .at = (t)
#define VARS(u, n, r)	.chk = CK_UNA | CK_NXT | CK_RNXT, .una = (u), \
			.nxt = (n), .rnxt = (r)

#define S	TH_SYN
#define A	TH_ACK
#define F	TH_FIN
#define R	TH_RST
#define P	TH_PSH

struct scen {
	const char	*name;
	int		 role;
	struct step	 steps[24];
};

/* The handshake every synchronized scenario starts with. */
#define CLIENT_OPEN							\
	{ SND(S, 0, 0, 0), .st = TCB_SYN_SENT, VARS(0, 1, 0) },	\
	{ RCV(S | A, 0, 1, 0), .st = TCB_ESTABLISHED,			\
	  .notes = TN_ACK_OWED, VARS(1, 1, 1) },			\
	{ SND(A, 1, 1, 0), .st = TCB_ESTABLISHED }

static const struct scen scens[] = {
	{ "client open, we close first", TCB_CLIENT, {
		CLIENT_OPEN,
		{ SND(P | A, 1, 1, 5), .st = TCB_ESTABLISHED,
		  VARS(1, 6, 1) },
		{ RCV(A, 1, 6, 0), .st = TCB_ESTABLISHED, VARS(6, 6, 1) },
		{ RCV(P | A, 1, 6, 3), .st = TCB_ESTABLISHED,
		  .notes = TN_ACK_OWED, VARS(6, 6, 4) },
		{ SND(A, 6, 4, 0), .st = TCB_ESTABLISHED },
		{ SND(F | A, 6, 4, 0), .st = TCB_FIN_WAIT_1,
		  VARS(6, 7, 4) },
		{ RCV(A, 4, 7, 0), .st = TCB_FIN_WAIT_2, VARS(7, 7, 4) },
		{ RCV(F | A, 4, 7, 0), .at = 1000000, .st = TCB_TIME_WAIT,
		  .notes = TN_ACK_OWED, VARS(7, 7, 5) },
		{ SND(A, 7, 5, 0), .st = TCB_TIME_WAIT },
		{ TICK(2999999), .st = TCB_TIME_WAIT },
		{ TICK(3000000), .st = TCB_CLOSED, .notes = TN_TW_DONE },
		{ TICK(4000000), .st = TCB_CLOSED },
	} },
	{ "client open, peer closes first", TCB_CLIENT, {
		CLIENT_OPEN,
		{ RCV(F | A, 1, 1, 0), .st = TCB_CLOSE_WAIT,
		  .notes = TN_ACK_OWED, VARS(1, 1, 2) },
		{ SND(A, 1, 2, 0), .st = TCB_CLOSE_WAIT },
		{ SND(F | A, 1, 2, 0), .st = TCB_LAST_ACK, VARS(1, 2, 2) },
		/* same ack and window as the FIN: Wireshark's dup ack */
		{ RCV(A, 2, 1, 0), .st = TCB_LAST_ACK, .notes = TN_DUPACK,
		  .dup = 1 },
		{ RCV(A, 2, 2, 0), .st = TCB_CLOSED, VARS(2, 2, 2) },
	} },
	{ "peer's FIN acks ours in FIN-WAIT-1", TCB_CLIENT, {
		CLIENT_OPEN,
		{ SND(F | A, 1, 1, 0), .st = TCB_FIN_WAIT_1 },
		{ RCV(F | A, 1, 2, 0), .at = 5, .st = TCB_TIME_WAIT,
		  .notes = TN_ACK_OWED, VARS(2, 2, 2) },
		{ SND(A, 2, 2, 0), .st = TCB_TIME_WAIT },
		/* our ACK was lost: the FIN comes again, 2*MSL restarts */
		{ RCV(F | A, 1, 2, 0), .at = 1500000, .st = TCB_TIME_WAIT,
		  .notes = TN_RETRANS | TN_ACK_OWED },
		{ TICK(2000005), .st = TCB_TIME_WAIT },
		{ TICK(3500000), .st = TCB_CLOSED, .notes = TN_TW_DONE },
	} },
	{ "simultaneous close through CLOSING", TCB_CLIENT, {
		CLIENT_OPEN,
		{ SND(F | A, 1, 1, 0), .st = TCB_FIN_WAIT_1 },
		{ RCV(F | A, 1, 1, 0), .st = TCB_CLOSING,
		  .notes = TN_SIMUL | TN_ACK_OWED, VARS(1, 2, 2) },
		{ SND(A, 2, 2, 0), .st = TCB_CLOSING },
		{ RCV(A, 2, 2, 0), .at = 10, .st = TCB_TIME_WAIT },
		{ TICK(2000009), .st = TCB_TIME_WAIT },
		{ TICK(2000010), .st = TCB_CLOSED, .notes = TN_TW_DONE },
	} },
	{ "server open and close", TCB_SERVER, {
		{ RCV(S, 0, 0, 0), .st = TCB_LISTEN, .notes = TN_ACK_OWED,
		  VARS(0, 0, 1) },
		/* we stay silent: the peer resends its SYN */
		{ RCV(S, 0, 0, 0), .st = TCB_LISTEN,
		  .notes = TN_RETRANS | TN_ACK_OWED },
		{ SND(S | A, 0, 1, 0), .st = TCB_SYN_RECEIVED,
		  VARS(0, 1, 1) },
		{ RCV(S, 0, 0, 0), .st = TCB_SYN_RECEIVED,
		  .notes = TN_RETRANS | TN_ACK_OWED },
		{ SND(S | A, 0, 1, 0), .st = TCB_SYN_RECEIVED,
		  .notes = TN_RETRANS },
		{ RCV(A, 1, 1, 0), .st = TCB_ESTABLISHED, VARS(1, 1, 1) },
		{ RCV(P | A, 1, 1, 4), .st = TCB_ESTABLISHED,
		  .notes = TN_ACK_OWED, VARS(1, 1, 5) },
		{ SND(P | A, 1, 5, 4), .st = TCB_ESTABLISHED,
		  VARS(1, 5, 5) },
		{ RCV(F | A, 5, 5, 0), .st = TCB_CLOSE_WAIT,
		  .notes = TN_ACK_OWED, VARS(5, 5, 6) },
		{ SND(F | A, 5, 6, 0), .st = TCB_LAST_ACK },
		{ RCV(A, 6, 6, 0), .st = TCB_CLOSED },
	} },
	{ "server: final ACK carries data", TCB_SERVER, {
		{ RCV(S, 0, 0, 0), .st = TCB_LISTEN, .notes = TN_ACK_OWED },
		{ SND(S | A, 0, 1, 0), .st = TCB_SYN_RECEIVED },
		{ RCV(P | A, 1, 1, 3), .st = TCB_ESTABLISHED,
		  .notes = TN_ACK_OWED, VARS(1, 1, 4) },
	} },
	{ "server: bad ACK in SYN-RECEIVED", TCB_SERVER, {
		{ RCV(S, 0, 0, 0), .st = TCB_LISTEN, .notes = TN_ACK_OWED },
		{ SND(S | A, 0, 1, 0), .st = TCB_SYN_RECEIVED },
		{ RCV(A, 1, 5, 0), .st = TCB_SYN_RECEIVED,
		  .notes = TN_BAD_ACK },
		{ RCV(A, 1, 1, 0), .st = TCB_ESTABLISHED },
	} },
	{ "server: RST in SYN-RECEIVED goes back to LISTEN", TCB_SERVER, {
		{ RCV(S, 0, 0, 0), .st = TCB_LISTEN, .notes = TN_ACK_OWED },
		{ SND(S | A, 0, 1, 0), .st = TCB_SYN_RECEIVED },
		{ RCV(R, 1, 0, 0), .st = TCB_LISTEN, .notes = TN_RESET },
	} },
	{ "server: ACK and RST in LISTEN are dropped", TCB_SERVER, {
		{ RCV(A, 0, 0, 0), .st = TCB_LISTEN },
		{ RCV(R, 0, 0, 0), .st = TCB_LISTEN },
		{ RCV(S, 0, 0, 0), .st = TCB_LISTEN, .notes = TN_ACK_OWED },
	} },
	{ "simultaneous open", TCB_CLIENT, {
		{ SND(S, 0, 0, 0), .st = TCB_SYN_SENT },
		{ RCV(S, 0, 0, 0), .st = TCB_SYN_RECEIVED,
		  .notes = TN_SIMUL | TN_ACK_OWED, VARS(0, 1, 1) },
		{ SND(S | A, 0, 1, 0), .st = TCB_SYN_RECEIVED },
		{ RCV(S | A, 0, 1, 0), .st = TCB_ESTABLISHED,
		  .notes = TN_SIMUL, VARS(1, 1, 1) },
		/* a second SYN,ACK of ours is a resend */
		{ SND(S | A, 0, 1, 0), .st = TCB_ESTABLISHED,
		  .notes = TN_RETRANS | TN_SYN_SYNC },
	} },
	{ "refused: RST|ACK to our SYN", TCB_CLIENT, {
		{ SND(S, 0, 0, 0), .st = TCB_SYN_SENT },
		{ RCV(R | A, 0, 5, 0), .st = TCB_SYN_SENT },
		{ RCV(R, 0, 0, 0), .st = TCB_SYN_SENT },
		{ RCV(S | A, 0, 7, 0), .st = TCB_SYN_SENT,
		  .notes = TN_BAD_ACK },
		{ RCV(A, 0, 1, 0), .st = TCB_SYN_SENT },
		{ SND(S, 0, 0, 0), .st = TCB_SYN_SENT, .notes = TN_RETRANS },
		{ RCV(R | A, 0, 1, 0), .st = TCB_CLOSED,
		  .notes = TN_REFUSED },
		{ RCV(A, 0, 1, 0), .st = TCB_CLOSED },
		/* a new SYN opens the next incarnation */
		{ SND(S, 0, 0, 0), .st = TCB_SYN_SENT, VARS(0, 1, 0) },
	} },
	{ "RST exactly at RCV.NXT", TCB_CLIENT, {
		CLIENT_OPEN,
		{ RCV(P | A, 1, 1, 10), .st = TCB_ESTABLISHED,
		  .notes = TN_ACK_OWED },
		/* no ACK bit: the peer's kernel has no socket for it */
		{ RCV(R, 11, 0, 0), .st = TCB_CLOSED,
		  .notes = TN_RESET | TN_NOSOCK },
	} },
	{ "RST|ACK exactly at RCV.NXT: the peer aborted", TCB_CLIENT, {
		CLIENT_OPEN,
		{ RCV(R | A, 1, 1, 0), .st = TCB_CLOSED, .notes = TN_RESET },
	} },
	{ "RST in window but not exact, RST out of window", TCB_CLIENT, {
		CLIENT_OPEN,
		{ RCV(R, 100, 0, 0), .st = TCB_ESTABLISHED,
		  .notes = TN_ACK_OWED },
		{ RCV(R, 70000, 0, 0), .st = TCB_ESTABLISHED,
		  .notes = TN_OUT_OF_WIN },
		{ RCV(R | A, 0, 1, 0), .st = TCB_ESTABLISHED,
		  .notes = TN_OUT_OF_WIN },
		{ RCV(R | A, 1, 1, 0), .st = TCB_CLOSED, .notes = TN_RESET },
	} },
	{ "challenge ACK after our inexact RST", TCB_CLIENT, {
		CLIENT_OPEN,
		{ SND(R, 50, 0, 0), .st = TCB_ESTABLISHED,
		  .notes = TN_DEPARTS },
		{ RCV(A, 1, 1, 0), .st = TCB_ESTABLISHED,
		  .notes = TN_CHALLENGE },
		/* the same again is no challenge any more, and no dup ack
		 * either: nothing of ours is outstanding (RFC 5681) */
		{ RCV(A, 1, 1, 0), .st = TCB_ESTABLISHED },
		{ SND(R, 1, 0, 0), .st = TCB_CLOSED },
	} },
	{ "challenge ACK after our SYN in ESTABLISHED", TCB_CLIENT, {
		CLIENT_OPEN,
		{ SND(S, 0, 0, 0), .st = TCB_ESTABLISHED,
		  .notes = TN_SYN_SYNC | TN_RETRANS, VARS(1, 1, 1) },
		{ RCV(A, 1, 1, 0), .st = TCB_ESTABLISHED,
		  .notes = TN_CHALLENGE },
	} },
	{ "peer's SYN in ESTABLISHED", TCB_CLIENT, {
		CLIENT_OPEN,
		{ RCV(S, 100, 0, 0), .st = TCB_ESTABLISHED,
		  .notes = TN_SYN_SYNC | TN_ACK_OWED },
	} },
	{ "duplicate ACKs and a retransmission", TCB_CLIENT, {
		CLIENT_OPEN,
		{ SND(P | A, 1, 1, 10), .st = TCB_ESTABLISHED },
		{ SND(P | A, 11, 1, 10), .st = TCB_ESTABLISHED,
		  VARS(1, 21, 1) },
		{ RCV(A, 1, 11, 0), .st = TCB_ESTABLISHED, VARS(11, 21, 1) },
		{ RCV(A, 1, 11, 0), .st = TCB_ESTABLISHED,
		  .notes = TN_DUPACK, .dup = 1 },
		{ RCV(A, 1, 11, 0), .st = TCB_ESTABLISHED,
		  .notes = TN_DUPACK, .dup = 2 },
		{ RCV(A, 1, 11, 0), .st = TCB_ESTABLISHED,
		  .notes = TN_DUPACK, .dup = 3 },
		/* what the dup ACKs ask for, at once: RFC 5681 3.2 */
		{ SND(P | A, 11, 1, 10), .st = TCB_ESTABLISHED,
		  .notes = TN_FAST_RETRANS, VARS(11, 21, 1) },
		{ RCV(A, 1, 21, 0), .st = TCB_ESTABLISHED, VARS(21, 21, 1) },
		/* all acknowledged: the same ACK again reports no loss */
		{ RCV(A, 1, 21, 0), .st = TCB_ESTABLISHED },
	} },
	{ "peer's SYN,ACK resent while we stay silent", TCB_CLIENT, {
		{ SND(S, 0, 0, 0), .st = TCB_SYN_SENT },
		{ RCV(S | A, 0, 1, 0), .st = TCB_ESTABLISHED,
		  .notes = TN_ACK_OWED },
		{ RCV(S | A, 0, 1, 0), .st = TCB_ESTABLISHED,
		  .notes = TN_RETRANS | TN_ACK_OWED, VARS(1, 1, 1) },
		{ RCV(S | A, 0, 1, 0), .st = TCB_ESTABLISHED,
		  .notes = TN_RETRANS | TN_ACK_OWED },
	} },
	{ "zero window, probe, window update", TCB_CLIENT, {
		CLIENT_OPEN,
		{ RCV(A, 1, 1, 0), .win = WIN0, .st = TCB_ESTABLISHED,
		  .notes = TN_ZERO_WIN, .chk = CK_WND, .wnd = 0 },
		{ SND(P | A, 1, 1, 1), .st = TCB_ESTABLISHED,
		  .notes = TN_ZWP },
		{ RCV(A, 1, 1, 0), .win = 1000, .st = TCB_ESTABLISHED,
		  .notes = TN_WIN_UPDATE, .chk = CK_WND, .wnd = 1000 },
		{ SND(P | A, 2, 1, 999), .st = TCB_ESTABLISHED,
		  .notes = TN_WIN_FULL },
		/* at the window's edge: the peer cannot take it, SND.NXT
		 * stays (sent all the same: a warning, not a refusal) */
		{ SND(P | A, 1001, 1, 1), .st = TCB_ESTABLISHED,
		  .notes = TN_OUT_OF_WIN | TN_DEPARTS, VARS(1, 1001, 1) },
		{ RCV(A, 1, 1001, 0), .win = 1000, .st = TCB_ESTABLISHED,
		  VARS(1001, 1001, 1) },
		/* half in: sent, with the excess noted */
		{ SND(P | A, 1001, 1, 1500), .st = TCB_ESTABLISHED,
		  .notes = TN_WIN_FULL | TN_DEPARTS, VARS(1001, 2501, 1) },
	} },
	{ "our zero window and the peer's probe", TCB_CLIENT, {
		CLIENT_OPEN,
		{ SND(A, 1, 1, 0), .win = WIN0, .st = TCB_ESTABLISHED,
		  .notes = TN_ZERO_WIN },
		{ RCV(P | A, 1, 1, 1), .st = TCB_ESTABLISHED,
		  .notes = TN_ZWP | TN_ACK_OWED, VARS(1, 1, 2) },
		{ SND(A, 1, 2, 0), .st = TCB_ESTABLISHED },
		/* nothing of ours outstanding: no dup ack (RFC 5681) */
		{ RCV(A, 2, 1, 0), .st = TCB_ESTABLISHED },
	} },
	{ "keep-alive", TCB_CLIENT, {
		CLIENT_OPEN,
		{ RCV(P | A, 1, 1, 3), .st = TCB_ESTABLISHED,
		  .notes = TN_ACK_OWED },
		{ RCV(A, 3, 1, 0), .st = TCB_ESTABLISHED,
		  .notes = TN_KEEPALIVE | TN_ACK_OWED, VARS(1, 1, 4) },
		/* its last byte again, never acknowledged: a resend, not
		 * Wireshark's keep-alive */
		{ RCV(A, 3, 1, 1), .st = TCB_ESTABLISHED,
		  .notes = TN_RETRANS | TN_ACK_OWED, VARS(1, 1, 4) },
		{ SND(A, 1, 4, 0), .st = TCB_ESTABLISHED },
		/* acknowledged now: the same is a keep-alive */
		{ RCV(A, 3, 1, 1), .st = TCB_ESTABLISHED,
		  .notes = TN_KEEPALIVE | TN_ACK_OWED, VARS(1, 1, 4) },
	} },
	{ "out of window, out of order, unseen ack", TCB_CLIENT, {
		CLIENT_OPEN,
		{ RCV(P | A, 70000, 1, 10), .st = TCB_ESTABLISHED,
		  .notes = TN_OUT_OF_WIN | TN_ACK_OWED, VARS(1, 1, 1) },
		/* a gap opens before it: held */
		{ RCV(P | A, 11, 1, 5), .st = TCB_ESTABLISHED,
		  .notes = TN_PREV_UNSEEN | TN_ACK_OWED, VARS(1, 1, 1) },
		{ RCV(P | A, 11, 1, 5), .st = TCB_ESTABLISHED,
		  .notes = TN_RETRANS | TN_ACK_OWED },
		/* the gap fills, late: new data, not a resend; RCV.NXT moves
		 * over the held bytes too */
		{ RCV(P | A, 1, 1, 10), .st = TCB_ESTABLISHED,
		  .notes = TN_OOO | TN_ACK_OWED, VARS(1, 1, 16) },
		{ RCV(P | A, 6, 1, 10), .st = TCB_ESTABLISHED,
		  .notes = TN_RETRANS | TN_ACK_OWED, VARS(1, 1, 16) },
		{ RCV(P | A, 1, 1, 5), .st = TCB_ESTABLISHED,
		  .notes = TN_RETRANS | TN_ACK_OWED, VARS(1, 1, 16) },
		{ RCV(A, 16, 500, 0), .st = TCB_ESTABLISHED,
		  .notes = TN_ACK_UNSEEN | TN_ACK_OWED, VARS(1, 1, 16) },
		{ RCV(A, 0, 1, 0), .st = TCB_ESTABLISHED,
		  .notes = TN_OUT_OF_WIN | TN_ACK_OWED },
		{ RCV(F, 16, 0, 0), .st = TCB_ESTABLISHED },
	} },
	{ "checksum and decode annotations", TCB_CLIENT, {
		CLIENT_OPEN,
		{ RCV(A, 1, 1, 0), .anno = SEG_A_SUM_PART,
		  .st = TCB_ESTABLISHED, .notes = TN_PART_CKSUM },
		{ RCV(P | A, 1, 1, 2), .anno = SEG_A_SUM_BAD,
		  .st = TCB_ESTABLISHED, .notes = TN_BAD_CKSUM |
		  TN_ACK_OWED },
		{ RCV(P | A, 3, 1, 2), .anno = SEG_A_BAD_OPT,
		  .st = TCB_ESTABLISHED, .notes = TN_MALFORMED | TN_ACK_OWED,
		  VARS(1, 1, 5) },
		/* headers not decodable: noted, never applied */
		{ RCV(F | A, 5, 1, 0), .anno = SEG_A_TRUNC_TCP,
		  .st = TCB_ESTABLISHED, .notes = TN_MALFORMED,
		  VARS(1, 1, 5) },
	} },
	{ "data before the handshake", TCB_CLIENT, {
		{ SND(P | A, 0, 0, 3), .st = TCB_CLOSED,
		  .notes = TN_DEPARTS },
		{ SND(S, 0, 0, 0), .st = TCB_SYN_SENT },
		{ SND(P | A, 1, 0, 3), .st = TCB_SYN_SENT,
		  .notes = TN_DEPARTS, VARS(0, 1, 0) },
		{ RCV(S | A, 0, 1, 0), .st = TCB_ESTABLISHED,
		  .notes = TN_ACK_OWED },
		{ SND(R, 1, 0, 0), .st = TCB_CLOSED },
	} },
	{ "options and window scaling", TCB_CLIENT, {
		{ SND(S, 0, 0, 0), .opt = OPT_FULL, .st = TCB_SYN_SENT },
		{ RCV(S | A, 0, 1, 0), .opt = OPT_FULL, .win = 100,
		  .st = TCB_ESTABLISHED, .notes = TN_ACK_OWED,
		  .chk = CK_WND, .wnd = 100 },
		/* the same field, scaled now: 100 bytes became 12800, a
		 * window update (windows are compared in bytes) */
		{ RCV(A, 1, 1, 0), .win = 100, .st = TCB_ESTABLISHED,
		  .notes = TN_WIN_UPDATE, .chk = CK_WND, .wnd = 12800 },
		{ RCV(A, 1, 1, 0), .win = 100, .st = TCB_ESTABLISHED,
		  .chk = CK_WND, .wnd = 12800 },
	} },
	{ "window scaling needs both ends", TCB_CLIENT, {
		{ SND(S, 0, 0, 0), .opt = OPT_NOWS, .st = TCB_SYN_SENT },
		{ RCV(S | A, 0, 1, 0), .opt = OPT_FULL, .win = 100,
		  .st = TCB_ESTABLISHED, .notes = TN_ACK_OWED },
		{ RCV(A, 1, 1, 0), .win = 200, .st = TCB_ESTABLISHED,
		  .notes = TN_WIN_UPDATE, .chk = CK_WND, .wnd = 200 },
	} },
	{ "data beyond a gap, the FIN held until it fills", TCB_CLIENT, {
		CLIENT_OPEN,
		{ RCV(P | A, 6, 1, 5), .st = TCB_ESTABLISHED,
		  .notes = TN_PREV_UNSEEN | TN_ACK_OWED, VARS(1, 1, 1) },
		{ RCV(F | A, 11, 1, 0), .st = TCB_ESTABLISHED,
		  .notes = TN_ACK_OWED, VARS(1, 1, 1) },
		{ RCV(F | A, 11, 1, 0), .st = TCB_ESTABLISHED,
		  .notes = TN_RETRANS | TN_ACK_OWED, VARS(1, 1, 1) },
		{ RCV(P | A, 1, 1, 5), .st = TCB_CLOSE_WAIT,
		  .notes = TN_OOO | TN_ACK_OWED, VARS(1, 1, 12) },
		{ SND(A, 1, 12, 0), .st = TCB_CLOSE_WAIT },
		{ SND(F | A, 1, 12, 0), .st = TCB_LAST_ACK },
		{ RCV(A, 12, 2, 0), .st = TCB_CLOSED },
	} },
	{ "our dup ACKs draw the peer's fast retransmission", TCB_CLIENT, {
		CLIENT_OPEN,
		{ RCV(P | A, 11, 1, 10), .st = TCB_ESTABLISHED,
		  .notes = TN_PREV_UNSEEN | TN_ACK_OWED },
		{ SND(A, 1, 1, 0), .st = TCB_ESTABLISHED, .notes = TN_DUPACK,
		  .dup = 1 },
		{ RCV(P | A, 21, 1, 10), .st = TCB_ESTABLISHED,
		  .notes = TN_ACK_OWED },
		{ SND(A, 1, 1, 0), .st = TCB_ESTABLISHED, .notes = TN_DUPACK,
		  .dup = 2 },
		{ RCV(P | A, 1, 1, 10), .st = TCB_ESTABLISHED,
		  .notes = TN_FAST_RETRANS | TN_ACK_OWED, VARS(1, 1, 31) },
		{ SND(A, 1, 31, 0), .st = TCB_ESTABLISHED },
		/* a new window alone: our window update */
		{ SND(A, 1, 31, 0), .win = 1000, .st = TCB_ESTABLISHED,
		  .notes = TN_WIN_UPDATE },
		/* seen already, no dup ACKs asking: a plain resend */
		{ RCV(P | A, 21, 1, 10), .st = TCB_ESTABLISHED,
		  .notes = TN_RETRANS | TN_ACK_OWED, VARS(1, 1, 31) },
	} },
	{ "a probe into the peer's zero window, not taken", TCB_CLIENT, {
		CLIENT_OPEN,
		{ RCV(A, 1, 1, 0), .win = WIN0, .st = TCB_ESTABLISHED,
		  .notes = TN_ZERO_WIN },
		{ SND(P | A, 1, 1, 1), .st = TCB_ESTABLISHED,
		  .notes = TN_ZWP, VARS(1, 2, 1) },
		/* the byte is dropped: SND.NXT goes back for the resend */
		{ RCV(A, 1, 1, 0), .win = WIN0, .st = TCB_ESTABLISHED,
		  .notes = TN_ZWP_ACK | TN_ZERO_WIN, VARS(1, 1, 1) },
		{ SND(P | A, 1, 1, 1), .st = TCB_ESTABLISHED,
		  .notes = TN_ZWP, VARS(1, 2, 1) },
		{ RCV(A, 1, 1, 0), .win = 1000, .st = TCB_ESTABLISHED,
		  .notes = TN_WIN_UPDATE, .chk = CK_WND, .wnd = 1000 },
		{ SND(P | A, 2, 1, 5), .st = TCB_ESTABLISHED },
		{ RCV(A, 1, 7, 0), .win = 1000, .st = TCB_ESTABLISHED,
		  VARS(7, 7, 1) },
	} },
	{ "Linux probes our zero window", TCB_CLIENT, {
		CLIENT_OPEN,
		{ RCV(P | A, 1, 1, 3), .st = TCB_ESTABLISHED,
		  .notes = TN_ACK_OWED, VARS(1, 1, 4) },
		{ SND(A, 1, 4, 0), .win = WIN0, .st = TCB_ESTABLISHED,
		  .notes = TN_ZERO_WIN },
		{ RCV(A, 3, 1, 0), .st = TCB_ESTABLISHED,
		  .notes = TN_ZWP | TN_ACK_OWED, VARS(1, 1, 4) },
		{ SND(A, 1, 4, 0), .win = WIN0, .st = TCB_ESTABLISHED,
		  .notes = TN_ZWP_ACK | TN_ZERO_WIN },
		{ RCV(A, 3, 1, 0), .st = TCB_ESTABLISHED,
		  .notes = TN_ZWP | TN_ACK_OWED },
		{ SND(A, 1, 4, 0), .win = 1000, .st = TCB_ESTABLISHED,
		  .notes = TN_WIN_UPDATE },
		/* the window is open: the same shape is a keep-alive */
		{ RCV(A, 3, 1, 0), .st = TCB_ESTABLISHED,
		  .notes = TN_KEEPALIVE | TN_ACK_OWED },
	} },
	{ "we send out of order: a hole, then its bytes", TCB_CLIENT, {
		CLIENT_OPEN,
		{ SND(P | A, 3, 1, 2), .st = TCB_ESTABLISHED,
		  .notes = TN_PREV_UNSEEN | TN_DEPARTS, VARS(1, 5, 1) },
		{ SND(P | A, 1, 1, 2), .st = TCB_ESTABLISHED,
		  .notes = TN_OOO, VARS(1, 5, 1) },
		{ SND(P | A, 1, 1, 2), .st = TCB_ESTABLISHED,
		  .notes = TN_RETRANS },
		{ RCV(A, 1, 5, 0), .st = TCB_ESTABLISHED, VARS(5, 5, 1) },
		{ SND(F | A, 5, 1, 0), .st = TCB_FIN_WAIT_1 },
		{ SND(F | A, 5, 1, 0), .st = TCB_FIN_WAIT_1,
		  .notes = TN_RETRANS },
	} },
	{ "our FIN resent, data after the peer's FIN", TCB_CLIENT, {
		CLIENT_OPEN,
		{ RCV(F | A, 1, 1, 0), .st = TCB_CLOSE_WAIT,
		  .notes = TN_ACK_OWED },
		{ RCV(P | A, 2, 1, 3), .st = TCB_CLOSE_WAIT },
		{ SND(F | A, 1, 2, 0), .st = TCB_LAST_ACK },
		{ SND(F | A, 1, 2, 0), .st = TCB_LAST_ACK,
		  .notes = TN_RETRANS },
		{ RCV(A, 2, 2, 0), .st = TCB_CLOSED },
	} },
};
#define NSCENS	(sizeof(scens) / sizeof(scens[0]))

static void
put_opts(struct seg *s, int which, uint32_t tsval)
{
	struct tcpopt *o = s->opt;

	s->nopt = 0;
	if (which == OPT_NONE)
		return;
	o[0].kind = TCPOPT_MSS;
	o[0].len = 4;
	o[0].u.mss = 1460;
	s->nopt = 1;
	if (which == OPT_MSS)
		return;
	o[1].kind = TCPOPT_SACKOK;
	o[1].len = 2;
	o[2].kind = TCPOPT_TS;
	o[2].len = 10;
	o[2].u.ts.val = tsval;
	s->nopt = 3;
	if (which == OPT_NOWS)
		return;
	o[3].kind = TCPOPT_NOP;
	o[3].len = 1;
	o[4].kind = TCPOPT_WSCALE;
	o[4].len = 3;
	o[4].u.wscale = 7;
	s->nopt = 5;
}

static const uint8_t payload[2048];

static void
run_scen(const struct scen *sc, uint32_t iss, uint32_t irs)
{
	const struct step *st;
	struct tcb t;
	struct tcb_ev ev;
	struct seg s;
	uint64_t now = 0;
	uint32_t base_seq, base_ack;
	int i, in;

	tcb_init(&t, sc->role, iss, 65535, 1460, MSL);
	for (i = 0; i < 24 && sc->steps[i].op != 0; i++) {
		st = &sc->steps[i];
		if (st->at)
			now = st->at;
		if (st->op == 't') {
			tcb_tick(&t, now, &ev);
		} else {
			in = st->op == 'r';
			base_seq = in ? irs : iss;
			base_ack = in ? iss : irs;
			seg_init(&s);
			s.flags = st->fl;
			s.seq = base_seq + st->seq;
			s.ack = (st->fl & TH_ACK) ? base_ack + st->ack : 0;
			s.win = st->win == WIN0 ? 0 : st->win ? st->win : 65535;
			s.datalen = st->len;
			s.data = payload;
			s.anno = st->anno;
			put_opts(&s, st->opt, 100 + (uint32_t)i);
			if (in)
				tcb_on_recv(&t, &s, now, &ev);
			else
				tcb_on_send(&t, &s, now, &ev);
		}
		if (t.state != st->st || ev.to != st->st ||
		    ev.notes != st->notes || ev.dupack_n != st->dup)
			t_fail(__FILE__, __LINE__, "%s, ISS %#x IRS %#x, step "
			    "%d: state %s (ev %s), notes %#x, dup %u; expected "
			    "%s, notes %#x, dup %u [%s]", sc->name, iss, irs,
			    i + 1, tcb_state_name(t.state),
			    tcb_state_name(ev.to), ev.notes, ev.dupack_n,
			    tcb_state_name(st->st), st->notes, st->dup,
			    ev.detail);
		if (((st->chk & CK_UNA) && t.snd_una - iss != st->una) ||
		    ((st->chk & CK_NXT) && t.snd_nxt - iss != st->nxt) ||
		    ((st->chk & CK_RNXT) && t.rcv_nxt - (t.have_irs ? irs :
		    0) != st->rnxt) ||
		    ((st->chk & CK_WND) && t.snd_wnd != st->wnd))
			t_fail(__FILE__, __LINE__, "%s, ISS %#x IRS %#x, step "
			    "%d: SND.UNA %u SND.NXT %u RCV.NXT %u SND.WND %u; "
			    "expected %u %u %u %u", sc->name, iss, irs, i + 1,
			    t.snd_una - iss, t.snd_nxt - iss,
			    t.rcv_nxt - (t.have_irs ? irs : 0), t.snd_wnd,
			    st->una, st->nxt, st->rnxt, st->wnd);
	}
}

TEST(tcb_scenarios)
{
	size_t i, j;

	for (i = 0; i < NSCENS; i++)
		for (j = 0; j < NISNS; j++)
			run_scen(&scens[i], isns[j].iss, isns[j].irs);
}

/* Every state of the diagram is reached by some scenario. */
TEST(tcb_every_state_reached)
{
	int seen[TCB_TIME_WAIT + 1] = { 0 };
	size_t i, j;
	int s;

	for (i = 0; i < NSCENS; i++)
		for (j = 0; j < 24 && scens[i].steps[j].op != 0; j++)
			seen[scens[i].steps[j].st] = 1;
	for (s = TCB_CLOSED; s <= TCB_TIME_WAIT; s++)
		if (!seen[s])
			t_fail(__FILE__, __LINE__, "no scenario reaches %s",
			    tcb_state_name((enum tcb_state)s));
}

TEST(tcb_refused_reason)
{
	struct tcb t;
	struct tcb_ev ev;
	struct seg s;

	tcb_init(&t, TCB_CLIENT, 0xfffffffeu, 65535, 1460, MSL);
	seg_init(&s);
	s.flags = TH_SYN;
	s.seq = 0xfffffffeu;
	tcb_on_send(&t, &s, 0, &ev);
	seg_init(&s);
	s.flags = TH_RST | TH_ACK;
	s.ack = 0xffffffffu;
	tcb_on_recv(&t, &s, 0, &ev);
	T_EQ(t.state, TCB_CLOSED);
	T_EQ(ev.from, TCB_SYN_SENT);
	T_EQ(ev.to, TCB_CLOSED);
	T_STREQ(t.reason, "connection refused: RST|ACK from peer, nothing "
	    "listens on that port");
}

TEST(tcb_inexact_rst_detail)
{
	struct tcb t;
	struct tcb_ev ev;
	struct seg s;

	tcb_init(&t, TCB_CLIENT, 10, 65535, 1460, MSL);
	seg_init(&s);
	s.flags = TH_SYN;
	s.seq = 10;
	tcb_on_send(&t, &s, 0, &ev);
	seg_init(&s);
	s.flags = TH_SYN | TH_ACK;
	s.seq = 0xfffffff0u;
	s.ack = 11;
	s.win = 1000;
	tcb_on_recv(&t, &s, 0, &ev);
	seg_init(&s);
	s.flags = TH_RST;
	s.seq = 0xfffffff0u + 20;
	tcb_on_recv(&t, &s, 0, &ev);
	T_EQ(t.state, TCB_ESTABLISHED);
	T_STREQ(ev.detail, "RST in window but not exact (seq 20, RCV.NXT 1): "
	    "RFC 5961 answers with a challenge ACK");
	t.show_abs = 1;
	tcb_on_recv(&t, &s, 0, &ev);
	T_STREQ(ev.detail, "RST in window but not exact (seq 4, RCV.NXT "
	    "4294967281): RFC 5961 answers with a challenge ACK");
}

/* Options as offered, what is in effect, and what follows from it. */
TEST(tcb_options)
{
	struct tcb t;
	struct tcb_ev ev;
	struct seg s;

	tcb_init(&t, TCB_CLIENT, 1, 65535, 1460, MSL);
	T_EQ(tcb_send_mss(&t), 536);
	seg_init(&s);
	s.flags = TH_SYN;
	s.seq = 1;
	put_opts(&s, OPT_FULL, 7);
	tcb_on_send(&t, &s, 0, &ev);
	T_EQ(t.our_mss, 1460);
	T_EQ(t.our_ws, 7);
	T_EQ(t.our_sackok, 1);
	T_EQ(t.our_ts, 1);
	T_EQ(tcb_peer_shift(&t), 0);

	seg_init(&s);
	s.flags = TH_SYN | TH_ACK;
	s.seq = 500;
	s.ack = 2;
	put_opts(&s, OPT_NOWS, 4242);
	s.opt[0].u.mss = 65495;
	tcb_on_recv(&t, &s, 0, &ev);
	T_EQ(t.peer_mss, 65495);
	T_EQ(t.peer_ws, -1);
	T_EQ(t.peer_sackok, 1);
	T_EQ(t.peer_ts, 1);
	T_EQ(t.ts_recent, 4242);
	T_EQ(tcb_peer_shift(&t), 0);
	T_EQ(tcb_our_shift(&t), 0);
	T_ASSERT(tcb_ts_ok(&t));
	T_ASSERT(tcb_sack_ok(&t));
	/* the timestamp in every segment comes out of the MSS */
	T_EQ(tcb_send_mss(&t), 65495 - 12);

	/* a later timestamp moves TS.Recent */
	seg_init(&s);
	s.flags = TH_ACK;
	s.seq = 501;
	s.ack = 2;
	s.win = 100;
	put_opts(&s, OPT_NOWS, 5000);
	s.nopt = 0;
	s.opt[0] = s.opt[2];
	s.nopt = 1;
	tcb_on_recv(&t, &s, 0, &ev);
	T_EQ(t.ts_recent, 5000);
	T_EQ(t.snd_wnd, 100);
}

/* Options given only as bytes ("optbytes") still count. */
TEST(tcb_optbytes)
{
	static const uint8_t b[] = { 2, 4, 0x05, 0xb4, 1, 3, 3, 14, 4, 2,
	    0, 0 };
	struct tcb t;
	struct tcb_ev ev;
	struct seg s;

	tcb_init(&t, TCB_SERVER, 1, 65535, 1460, MSL);
	seg_init(&s);
	s.flags = TH_SYN;
	s.seq = 77;
	s.optlen = sizeof(b);
	memcpy(s.optbytes, b, sizeof(b));
	tcb_on_recv(&t, &s, 0, &ev);
	T_EQ(t.peer_mss, 1460);
	T_EQ(t.peer_ws, 14);
	T_EQ(t.peer_sackok, 1);
	T_EQ(t.peer_ts, 0);
	T_EQ(t.role, TCB_SERVER);
	T_EQ(t.rcv_nxt, 78);
}

/* "kind 2 hex 05b4" is an MSS all the same; a wrong size is not one. */
TEST(tcb_raw_options)
{
	struct tcb t;
	struct tcb_ev ev;
	struct seg s;

	tcb_init(&t, TCB_SERVER, 1, 65535, 1460, MSL);
	seg_init(&s);
	s.flags = TH_SYN;
	s.seq = 77;
	s.nopt = 2;
	s.opt[0].kind = TCPOPT_MSS;
	s.opt[0].raw = 1;
	s.opt[0].len = 4;
	s.opt[0].datalen = 2;
	s.opt[0].data[0] = 0x05;
	s.opt[0].data[1] = 0xb4;
	s.opt[1].kind = TCPOPT_WSCALE;
	s.opt[1].raw = 1;
	s.opt[1].len = 4;
	s.opt[1].datalen = 2;
	tcb_on_recv(&t, &s, 0, &ev);
	T_EQ(t.peer_mss, 1460);
	T_EQ(t.peer_ws, -1);
}

TEST(tcb_state_names)
{
	static const struct { const char *in; int want; } cases[] = {
		{ "CLOSED", TCB_CLOSED }, { "listen", TCB_LISTEN },
		{ "syn-sent", TCB_SYN_SENT }, { "SYN_RECEIVED",
		  TCB_SYN_RECEIVED }, { "syn-rcvd", TCB_SYN_RECEIVED },
		{ "Established", TCB_ESTABLISHED }, { "estab",
		  TCB_ESTABLISHED }, { "fin_wait_1", TCB_FIN_WAIT_1 },
		{ "FIN-WAIT-2", TCB_FIN_WAIT_2 }, { "close-wait",
		  TCB_CLOSE_WAIT }, { "closing", TCB_CLOSING },
		{ "last_ack", TCB_LAST_ACK }, { "time-wait", TCB_TIME_WAIT },
		{ "time-wai", -1 }, { "", -1 }, { "SYN-SENT-", -1 },
		{ "established ", -1 },
	};
	size_t i;
	int s;

	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++)
		if (tcb_state_parse(cases[i].in) != cases[i].want)
			t_fail(__FILE__, __LINE__, "tcb_state_parse(\"%s\") "
			    "== %d, expected %d", cases[i].in,
			    tcb_state_parse(cases[i].in), cases[i].want);
	T_EQ(tcb_state_parse(NULL), -1);
	for (s = TCB_CLOSED; s <= TCB_TIME_WAIT; s++)
		T_EQ(tcb_state_parse(tcb_state_name((enum tcb_state)s)), s);
	T_STREQ(tcb_state_name(TCB_SYN_RECEIVED), "SYN-RECEIVED");
	T_STREQ(tcb_state_name((enum tcb_state)99), "?");
}

/* Every bit has a distinct word and a sentence; unknown bits do not. */
TEST(tcb_note_words)
{
	uint32_t a, b;
	int i, j;

	for (i = 0; i < TN_NBITS; i++) {
		a = 1u << i;
		T_ASSERT(strcmp(tcb_note_word(a), "unknown note") != 0);
		T_ASSERT(strlen(tcb_note_word(a)) <= 20);
		T_ASSERT(strlen(tcb_note_sentence(a)) > 20);
		for (j = 0; j < i; j++) {
			b = 1u << j;
			if (strcmp(tcb_note_word(a), tcb_note_word(b)) == 0)
				t_fail(__FILE__, __LINE__, "bits %#x and %#x "
				    "share the word %s", a, b,
				    tcb_note_word(a));
		}
	}
	T_STREQ(tcb_note_word(TN_DUPACK), "dup ack");
	T_STREQ(tcb_note_word(TN_CHALLENGE), "challenge ack");
	T_STREQ(tcb_note_word(TN_TW_DONE), "TIME-WAIT over");
	T_STREQ(tcb_note_word(1u << 30), "unknown note");
	T_STREQ(tcb_note_word(TN_DUPACK | TN_OOO), "unknown note");
}

TEST(tcb_print_ctx_bases)
{
	struct tcb t;
	struct print_ctx pc;

	tcb_init(&t, TCB_CLIENT, 111, 65535, 1460, MSL);
	t.irs = 222;
	t.have_irs = 1;
	tcb_print_ctx(&t, 1, 1, &pc);
	T_EQ(pc.relative, 1);
	T_EQ(pc.seq_base, 111);
	T_EQ(pc.ack_base, 222);
	tcb_print_ctx(&t, 0, 1, &pc);
	T_EQ(pc.seq_base, 222);
	T_EQ(pc.ack_base, 111);
	tcb_print_ctx(&t, 0, 0, &pc);
	T_EQ(pc.relative, 0);
	/* no IRS yet (a RST|ACK refusing our SYN): its seq as it is, its
	 * ack still relative to our ISS */
	t.have_irs = 0;
	tcb_print_ctx(&t, 0, 1, &pc);
	T_EQ(pc.relative, 1);
	T_EQ(pc.seq_base, 0);
	T_EQ(pc.ack_base, 111);
}

static char *
print_to_string(const struct tcb *t, int relative, int at, uint64_t now)
{
	static char buf[2048];
	FILE *f = fmemopen(buf, sizeof(buf), "w");

	if (f == NULL)
		return strcpy(buf, "fmemopen failed");
	if (at)
		tcb_print_at(f, t, relative, now);
	else
		tcb_print(f, t, relative);
	fclose(f);
	return buf;
}

TEST(tcb_print_output)
{
	struct tcb t;
	struct tcb_ev ev;
	struct seg s;
	const char *out;

	tcb_init(&t, TCB_CLIENT, 0xffffffffu, 65535, 1460, MSL);
	seg_init(&s);
	s.flags = TH_SYN;
	s.seq = 0xffffffffu;
	put_opts(&s, OPT_MSS, 0);
	tcb_on_send(&t, &s, 0, &ev);
	seg_init(&s);
	s.flags = TH_SYN | TH_ACK;
	s.seq = 123456;
	s.ack = 0;
	s.win = 65483;
	put_opts(&s, OPT_FULL, 9);
	s.opt[0].u.mss = 65495;
	tcb_on_recv(&t, &s, 0, &ev);
	out = print_to_string(&t, 1, 0, 0);
	T_STREQ(out,
	    "state ESTABLISHED (client)\n"
	    "ISS 0 (abs 4294967295)  IRS 0 (abs 123456)\n"
	    "SND.UNA 1  SND.NXT 1  SND.WND 65483\n"
	    "RCV.NXT 1  RCV.WND 65535  (ACK owed)\n"
	    "MSS ours 1460 peer 65495 (send 65495)  wscale ours - peer 7 "
	    "(off)  SACK ours no peer yes (off)  TS ours no peer yes (off)\n"
	    "bytes out 0 in 0\n");
	out = print_to_string(&t, 0, 0, 0);
	T_ASSERT(strstr(out, "ISS 4294967295  IRS 123456\n") != NULL);
	T_ASSERT(strstr(out, "SND.UNA 0  SND.NXT 0  SND.WND") != NULL);

	/* TIME-WAIT with and without the time */
	t.state = TCB_TIME_WAIT;
	t.tw_deadline = 5000000;
	out = print_to_string(&t, 1, 1, 3800000);
	T_ASSERT(strstr(out, "TIME-WAIT ends in 1.2s\n") != NULL);
	out = print_to_string(&t, 1, 0, 0);
	T_ASSERT(strstr(out, "TIME-WAIT lasts 2*MSL = 2.0s\n") != NULL);
	t.state = TCB_CLOSED;
	snprintf(t.reason, sizeof(t.reason), "reset by us");
	out = print_to_string(&t, 1, 0, 0);
	T_ASSERT(strstr(out, "last close: reset by us\n") != NULL);
}

/* tcb_on_send and tcb_on_recv take a NULL event. */
TEST(tcb_null_event)
{
	struct tcb t;
	struct seg s;

	tcb_init(&t, TCB_CLIENT, 5, 65535, 1460, MSL);
	seg_init(&s);
	s.flags = TH_SYN;
	s.seq = 5;
	tcb_on_send(&t, &s, 0, NULL);
	seg_init(&s);
	s.flags = TH_SYN | TH_ACK;
	s.ack = 6;
	tcb_on_recv(&t, &s, 0, NULL);
	tcb_tick(&t, 10, NULL);
	T_EQ(t.state, TCB_ESTABLISHED);
}
