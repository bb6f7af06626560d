/* cmdtab.c - the command table and the command parser */
#include <ctype.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>

#include "cmdtab.h"
#include "floodarg.h"
#include "replayarg.h"
#include "streamarg.h"
#include "tcb.h"

const struct cmd_def cmd_defs[] = {
	{ "connect", NULL, C_CONNECT, A_ENDPOINT,
	  "connect HOST:PORT [from ADDR[:PORT]] [as NAME]",
	  "new client-role connection (sends nothing)",
	  "Creates a connection to HOST:PORT and makes it current.  Nothing is\n"
	  "sent: type syn next.  The local port is picked unless given with\n"
	  "from: the first at random, then one up each time, as a kernel picks\n"
	  "them for one destination.  The capture and the kernel-RST guard\n"
	  "for the new 4-tuple are in place before this command returns." },
	{ "listen", NULL, C_LISTEN, A_ENDPOINT,
	  "listen [ADDR:]PORT [as NAME]",
	  "server role: wait for a peer's SYN",
	  "Listens on PORT (address 127.0.0.1 unless given).  Each SYN that\n"
	  "arrives creates a connection in LISTEN with the peer's ISN recorded;\n"
	  "it becomes current, and synack answers it.  The local kernel is kept\n"
	  "from refusing the SYN with RST by the guard." },
	{ "syn", NULL, C_SYN, A_SEGMENT, "syn [FIELD VALUE]...",
	  "send SYN (seq ISS, our SYN options)",
	  "Sends a SYN built from the TCB: seq ISS, the options of 'set synopts'.\n"
	  "Any field may be overridden for this packet, e.g. syn seq 100 win 0." },
	{ "synack", NULL, C_SYNACK, A_SEGMENT, "synack [FIELD VALUE]...",
	  "send SYN|ACK answering the peer's SYN",
	  "Sends SYN|ACK: seq ISS, ack RCV.NXT, our options limited to those the\n"
	  "peer offered, as a real stack does." },
	{ "ack", NULL, C_ACK, A_SEGMENT, "ack [FIELD VALUE]...",
	  "send ACK (seq SND.NXT, ack RCV.NXT)",
	  "Sends a bare ACK of everything received so far." },
	{ "fin", NULL, C_FIN, A_SEGMENT, "fin [FIELD VALUE]...",
	  "send FIN|ACK",
	  "Sends FIN|ACK: our side has nothing more to send." },
	{ "rst", NULL, C_RST, A_SEGMENT, "rst [FIELD VALUE]...",
	  "send RST",
	  "Sends RST with seq SND.NXT (RST|ACK when answering a SYN).  Try\n"
	  "rst seq 1000 to see the kernel's challenge ACK (RFC 5961)." },
	{ "send", "data", C_SEND, A_SEGMENT, "send PAYLOAD [FIELD VALUE]...",
	  "send data (PSH|ACK), split at the peer's MSS",
	  "PAYLOAD is \"text\" with C escapes, hex:414243, file:PATH or bytes:N.\n"
	  "A payload larger than the peer's MSS leaves as several segments, one\n"
	  "line each.  Beyond the peer's window it is sent all the same, with a\n"
	  "warning on the line (window full; departs from TCB: ...)." },
	{ "expect", NULL, C_EXPECT, A_EXPECT,
	  "expect PATTERN|none|state STATE [within DURATION] [as NAME]",
	  "wait for a matching segment, or assert",
	  "expect S. within 1s waits for the first segment of the current\n"
	  "connection matching the pattern (printed notation; * matches any\n"
	  "value, A..B a range).  Segments that arrived since the last expect\n"
	  "count.  expect none asserts that nothing arrives; expect state\n"
	  "ESTABLISHED checks the TCB.  In a script a failed expect stops it\n"
	  "with exit status 1.  as NAME keeps the matching segment: later\n"
	  "lines use $NAME.seq, $NAME.ack, $NAME.rawseq (the peer's ISN after\n"
	  "expect S. as NAME), $NAME.sport, $NAME.win, $NAME.tsval, ... and\n"
	  "$NAME.seq+1.  In a script, +0.1 before expect says when the\n"
	  "segment must arrive (set tolerance, or +0.1~20ms)." },
	{ "wait", "sleep", C_WAIT, A_DURATION, "wait DURATION",
	  "let time pass, printing what arrives",
	  "DURATION: 500ms, 2s, 1.5s.  Ctrl-C ends it early." },
	{ "tcb", NULL, C_TCB, A_NONE, "tcb",
	  "show the current connection's TCB",
	  "State, ISS/IRS, SND.UNA/NXT/WND, RCV.NXT/WND and the options in\n"
	  "effect (MSS, window scale, SACK, timestamps).  Windows are in bytes,\n"
	  "with the scaled field beside them; data held beyond a gap is listed;\n"
	  "in TIME-WAIT, the time left." },
	{ "conns", NULL, C_CONNS, A_NONE, "conns",
	  "list connections and their states", "Lists every connection; * marks the current one." },
	{ "use", NULL, C_USE, A_NAME, "use NAME",
	  "make NAME the current connection", "Later commands act on NAME." },
	{ "close", NULL, C_CLOSE, A_NAME, "close [NAME]",
	  "forget a connection (sends nothing)",
	  "Removes the connection and its guard entry without sending anything;\n"
	  "to close it the TCP way, use fin or rst." },
	{ "show", NULL, C_SHOW, A_OPTNUM, "show [N]",
	  "field-by-field tree of packet N (default: last)",
	  "Every field with its byte offset, the notes explained, the interval\n"
	  "since the same sequence number went before (retransmissions, probes)\n"
	  "and what the TCB found in full.  N is the number log shows." },
	{ "hex", NULL, C_HEX, A_OPTNUM, "hex [N]",
	  "hex dump of packet N (default: last)", "The IPv4 packet as it was on the wire." },
	{ "log", "history", C_LOG, A_NONE, "log",
	  "every packet of the session, numbered", "Packets sent and received, with their numbers for show and hex." },
	{ "set", NULL, C_SET, A_SET, "set [KEY VALUE]",
	  "session settings (set alone lists them)", NULL },
	{ "capture", NULL, C_CAPTURE, A_CAPTURE, "capture FILE.pcap | capture stop",
	  "write every sent and received packet to a pcap",
	  "The file opens in tcpdump and Wireshark (link type RAW)." },
	{ "source", NULL, C_SOURCE, A_PATH, "source FILE",
	  "run a script file", "Each line a command; # starts a comment." },
	{ "record", NULL, C_RECORD, A_PATH, "record FILE | record stop",
	  "save the commands typed from now on as a script",
	  "Writes each command typed from now on to FILE and, for every\n"
	  "segment that arrives, an expect line in relative numbers with the\n"
	  "volatile fields (timestamps, a non-zero window) wildcarded, so the\n"
	  "session replays with tcpcraft -f FILE against a fresh peer." },
	{ "help", "?", C_HELP, A_TOPIC, "help [COMMAND]",
	  "list commands, or explain one", NULL },
	{ "quit", "exit", C_QUIT, A_NONE, "quit", "leave (closes everything)",
	  "Ends the session: the history is saved, the capture closed, the\n"
	  "built-in peers stopped and the guard's table deleted.  SIGTERM and\n"
	  "SIGHUP do the same; Ctrl-C only cancels a running wait or expect." },
	{ "flood", NULL, C_FLOOD, A_FLOOD,
	  "flood [HOST:PORT] [FLAGS] count N [rate PPS] [within D] [FIELD random|VALUE]...",
	  "a bounded burst of one segment, as fast as it goes or at a rate",
	  "Sends count N copies of one segment (FLAGS default S) to HOST:PORT, or\n"
	  "on the current connection's 4-tuple, and prints the packets sent, the\n"
	  "time and the rate achieved.  The segment is built once; sport, dport,\n"
	  "seq, ack, id and win given as 'random' are drawn afresh per packet\n"
	  "(checksums patched, nothing re-encoded), sent in batches of 64 per\n"
	  "system call.  rate PPS holds the rate (token bucket); within D caps\n"
	  "the time (default 60s); count is at most 10000000; Ctrl-C stops it.\n"
	  "Flood packets are not applied to any TCB and not logged one by one.\n"
	  "Targets pass the same scope check as connect.  Example:\n"
	  "  flood 127.0.0.1:8080 S count 100000 rate 10k sport random seq random" },
	{ "probe", NULL, C_PROBE, A_PROBE,
	  "probe HOST:PORT [count N] [interval D]",
	  "SYN probes with round-trip times, like hping3 -S",
	  "Sends count N SYNs (default 5) interval D apart (default 1s), each\n"
	  "from its own source port, prints each SYN-ACK or RST that answers\n"
	  "with its round-trip time, answers every SYN-ACK with RST so the peer\n"
	  "keeps no half-open connection, and ends with min/avg/max/median.\n"
	  "Ctrl-C stops it early." },
	{ "include", NULL, C_INCLUDE, A_PATH, "include FILE",
	  "scripts: read FILE's lines in place of this one",
	  "In a script, FILE (relative to the script's directory) is read when\n"
	  "the script is parsed, as if its lines stood here; a cycle is an\n"
	  "error naming both places.  Typed, it runs FILE like source." },
	{ "replay", NULL, C_REPLAY, A_REPLAY,
	  "replay FILE.pcap [client|server] [to|on ADDR:PORT] [--realtime]",
	  "play one side of a captured TCP conversation against a live peer",
	  "Takes the first TCP conversation of FILE (pcap or pcapng, with its\n"
	  "handshake) and plays one side of it (client, the default, or server)\n"
	  "on a new connection: our segments leave with seq, ack, ports, ISN\n"
	  "and timestamps mapped to the live connection, and each of the\n"
	  "peer's segments is waited for instead of replayed.  Where the live\n"
	  "peer departs from the capture the replay says so and stops (exit 1\n"
	  "in a script).  to ADDR:PORT names the live server (client side),\n"
	  "on [ADDR:]PORT where to listen (server side); by default the\n"
	  "capture's.  --realtime keeps the capture's pacing." },
	{ "stream", NULL, C_STREAM, A_STREAM, "stream [in|out] [hex]",
	  "the bytes delivered so far each way, as text or hex",
	  "in: the peer's bytes put back in order (segments beyond a gap are\n"
	  "held and delivered when it fills); out: ours in sequence order, with\n"
	  "how many the peer acknowledged.  Text is quoted with C escapes, a\n"
	  "line per line; hex gives offsets, hex and ASCII.  The first MiB of\n"
	  "each direction is kept; beyond it only the counts grow." },
	[C_LADDER] = { "ladder", NULL, C_LADDER, A_LADDER, "ladder [FILE.svg]",
	  "the connection so far as a sequence diagram",
	  "Two columns, us and the peer, time going down: an arrow per segment\n"
	  "with its flags, relative seq/ack, window, length and notes, and each\n"
	  "side's state where it changes (the peer's inferred from the wire).\n"
	  "Box drawing in a UTF-8 locale, ASCII otherwise or with set ascii on.\n"
	  "ladder FILE.svg writes the same as SVG for a lab report; any other\n"
	  "FILE gets the text." },
	[C_PEER] = { "peer", NULL, C_PEER, A_PEER, "peer [netns NAME]",
	  "the kernel's own view of the other end, next to our TCB",
	  "For a peer on this machine or in a network namespace (a lab):\n"
	  "its socket's state, sequence variables (derived from its byte\n"
	  "counts), windows, MSS, retransmissions, congestion window, RTT and\n"
	  "RTO from sock_diag (the tcp_info of ss -tin), beside ours.  Without\n"
	  "netns it looks here, then in every namespace in /run/netns." },
	[C_PREDICT] = { "predict", NULL, C_PREDICT, A_PREDICT,
	  "predict SEGMENT-COMMAND",
	  "say what the peer should do with a segment, then judge its reply",
	  "predict rst seq 100, or a segment command ending in ?, as in\n"
	  "send \"AB\" ?: before the segment leaves, one sentence on what a\n"
	  "correct peer does with it (citing RFC 9293); the peer's next segment,\n"
	  "or a second of silence, then says whether it did." },
};

const struct set_def set_defs[] = {
	{ "absolute", "on|off", "show and type raw sequence numbers (default off: relative)" },
	{ "autoack", "on|off", "acknowledge arriving data and FIN automatically (default off)" },
	{ "guard", "on|off", "kernel-RST guard for new connections (default on)" },
	{ "onerror", "stop|continue", "scripts: stop at the first failure (default stop)" },
	{ "strict", "on|off", "expect: the next segment must match (default off)" },
	{ "timeout", "DURATION", "expect's default 'within', and a ';' line's wait for an answer (default 2s)" },
	{ "tolerance", "DURATION", "scripts: how far a +TIME expect may miss its time (default 50ms)" },
	{ "msl", "DURATION", "maximum segment lifetime; TIME-WAIT lasts 2*MSL (default 30s at a terminal, else 1s)" },
	{ "iss", "N|random", "our ISN for the next connection (default random)" },
	{ "win", "N", "receive window we advertise, bytes: 0..65535, more with wscale in synopts (default 65535)" },
	{ "ttl", "N", "IP TTL (default 64)" },
	{ "df", "on|off", "set IP Don't Fragment (default on)" },
	{ "mss", "N", "MSS in our SYN when synopts has none, 1..65535 (default 1460)" },
	{ "synopts", "[OPTIONS]", "options our SYN offers (default [mss 1460]); e.g. [mss 1460,sackOK,TS val 0 ecr 0,nop,wscale 7]" },
	{ "payload", "on|off", "show short payloads on packet lines (default on)" },
	{ "explain", "on|off", "after each arriving segment, why the peer sent it (RFC 9293 section)" },
	{ "quiz", "on|off|FIELDS", "hide seq,ack,win,length of arriving segments until typed (on: ack)" },
	{ "ascii", "on|off", "ladder in ASCII even in a UTF-8 locale (default off)" },
	{ NULL, NULL, NULL }
};

const struct cmd_def *
cmd_lookup(const char *name)
{
	int i;

	for (i = 0; i < C_NCMDS; i++) {
		if (strcmp(cmd_defs[i].name, name) == 0 ||
		    (cmd_defs[i].alias != NULL &&
		    strcmp(cmd_defs[i].alias, name) == 0))
			return &cmd_defs[i];
	}
	return NULL;
}

const struct set_def *
set_lookup(const char *key)
{
	int i;

	for (i = 0; set_defs[i].key != NULL; i++)
		if (strcmp(set_defs[i].key, key) == 0)
			return &set_defs[i];
	return NULL;
}

const char *
cmd_hint(const char *word, char *buf, size_t cap)
{
	struct lex_near nr;
	int i;

	lex_near_init(&nr, word);
	for (i = 0; i < C_NCMDS; i++) {
		lex_near_add(&nr, cmd_defs[i].name);
		/* "?" is no word to guess */
		if (cmd_defs[i].alias != NULL &&
		    isalpha((unsigned char)cmd_defs[i].alias[0]))
			lex_near_add(&nr, cmd_defs[i].alias);
	}
	return lex_near_hint(&nr, buf, cap);
}

static const char *
set_hint(const char *word, char *buf, size_t cap)
{
	struct lex_near nr;
	int i;

	lex_near_init(&nr, word);
	for (i = 0; set_defs[i].key != NULL; i++)
		lex_near_add(&nr, set_defs[i].key);
	return lex_near_hint(&nr, buf, cap);
}

int
cmd_parse_duration(const char *s, uint64_t *us)
{
	char *end;
	double v;

	if (s == NULL || *s == '\0' || !(isdigit((unsigned char)*s) || *s == '.'))
		return -1;
	v = strtod(s, &end);
	if (end == s || v < 0)
		return -1;
	if (strcmp(end, "ms") == 0)
		v *= 1e3;
	else if (strcmp(end, "s") == 0 || *end == '\0')
		v *= 1e6;
	else if (strcmp(end, "us") == 0)
		;
	else if (strcmp(end, "m") == 0 || strcmp(end, "min") == 0)
		v *= 60e6;
	else
		return -1;
	if (v > CMD_MAXDUR_US)		/* a day: a typo, not a lab */
		return -2;
	*us = (uint64_t)(v + 0.5);
	return 0;
}

int
cmd_parse_addr(const char *s, uint32_t *addr)
{
	unsigned long b[4];
	const char *p = s;
	char *end;
	int i;

	if (strcmp(s, "localhost") == 0) {
		*addr = 0x7f000001;
		return 0;
	}
	for (i = 0; i < 4; i++) {
		if (!isdigit((unsigned char)*p))
			return -1;
		b[i] = strtoul(p, &end, 10);
		if (b[i] > 255 || end - p > 3)
			return -1;
		p = end;
		if (i < 3) {
			if (*p != '.')
				return -1;
			p++;
		}
	}
	if (*p != '\0')
		return -1;
	*addr = (uint32_t)(b[0] << 24 | b[1] << 16 | b[2] << 8 | b[3]);
	return 0;
}

/* -1: not a number; -2: a number above 65535 */
static int
parse_port(const char *s, uint16_t *port)
{
	unsigned long v = 0;

	if (!isdigit((unsigned char)*s))
		return -1;
	for (; isdigit((unsigned char)*s); s++)
		if ((v = v * 10 + (unsigned long)(*s - '0')) > 65535)
			v = 65536;	/* no wrap, however many digits */
	if (*s != '\0')
		return -1;
	if (v > 65535)
		return -2;
	*port = (uint16_t)v;
	return 0;
}

/* "HOST:PORT", "PORT" (allow_bare) or "HOST" (allow_noport). */
static int
parse_endpoint(const struct token *t, uint32_t *addr, uint16_t *port,
    int allow_bare, int allow_noport, struct errbuf *e)
{
	char buf[128], clip[LEX_CLIPBUF];
	char *colon;
	int rc;

	if (t->kind != TOK_WORD || t->len >= sizeof(buf))
		return err_set(e, t->col, "expected HOST:PORT");
	memcpy(buf, t->text, t->len + 1);
	colon = strrchr(buf, ':');
	if (colon == NULL) {
		if (allow_bare && (rc = parse_port(buf, port)) != -1) {
			if (rc == -2)
				return err_set(e, t->col, "port %s out of "
				    "range (0..65535)", lex_clip(buf, clip));
			*addr = 0;
			return 0;
		}
		if (allow_noport && cmd_parse_addr(buf, addr) == 0) {
			*port = 0;
			return 0;
		}
		return err_set(e, t->col, "expected HOST:PORT, got '%s'",
		    lex_clip(buf, clip));
	}
	*colon = '\0';
	if (cmd_parse_addr(buf, addr) != 0)
		return err_set(e, t->col, "bad address '%s' (IPv4 dotted quad "
		    "or localhost)", lex_clip(buf, clip));
	if ((rc = parse_port(colon + 1, port)) == -2)
		return err_set(e, t->col + (int)(colon + 1 - buf),
		    "port %s out of range (0..65535)",
		    lex_clip(colon + 1, clip));
	if (rc != 0)
		return err_set(e, t->col + (int)(colon + 1 - buf),
		    "bad port '%s' (0..65535)", lex_clip(colon + 1, clip));
	return 0;
}

static int
take_name(const struct token *t, char *name, struct errbuf *e)
{
	size_t i;

	if (t->kind != TOK_WORD || t->len == 0 || t->len >= CONN_NAMELEN)
		return err_set(e, t->col, "expected a connection name "
		    "(1-%d characters)", CONN_NAMELEN - 1);
	for (i = 0; i < t->len; i++)
		if (!isalnum((unsigned char)t->text[i]) && t->text[i] != '_' &&
		    t->text[i] != '-')
			return err_set(e, t->col + (int)i, "a name is letters, "
			    "digits, '_' and '-'");
	memcpy(name, t->text, t->len + 1);
	return 0;
}

/* A word connect or listen does not take: the nearest of theirs, or the
 * usage. */
static int
endpoint_unexpected(const struct token *t, const struct cmd *c,
    struct errbuf *e)
{
	static const char *const kw_connect[] = { "from", "as", NULL };
	struct lex_near nr;
	char hint[64], clip[LEX_CLIPBUF];

	lex_near_init(&nr, t->text);
	lex_near_addv(&nr, c->id == C_CONNECT ? kw_connect : kw_connect + 1);
	if (nr.n > 0)
		return err_set(e, t->col, "unexpected '%s'%s",
		    lex_clip(t->text, clip),
		    lex_near_hint(&nr, hint, sizeof(hint)));
	return err_set(e, t->col, "unexpected '%s' (usage: %s)",
	    lex_clip(t->text, clip), cmd_defs[c->id].usage);
}

static int
parse_endpoint_cmd(const struct token *t, int n, struct cmd *c,
    struct errbuf *e)
{
	int i;

	if (n < 1)
		return err_set(e, c->col + (int)strlen(cmd_defs[c->id].name) + 1,
		    "usage: %s", cmd_defs[c->id].usage);
	if (parse_endpoint(&t[0], &c->addr, &c->port, c->id == C_LISTEN, 0,
	    e) != 0)
		return -1;
	if (c->id == C_CONNECT && (c->addr == 0 || c->port == 0))
		return err_set(e, t[0].col, "connect needs a destination "
		    "address and a port other than 0");
	if (c->id == C_LISTEN && c->addr == 0)
		c->addr = 0x7f000001;
	for (i = 1; i < n; i += 2) {
		if (i + 1 >= n)
			return err_set(e, t[i].col, "'%s' needs a value",
			    t[i].text);
		if (c->id == C_CONNECT && strcmp(t[i].text, "from") == 0) {
			if (parse_endpoint(&t[i + 1], &c->from_addr,
			    &c->from_port, 0, 1, e) != 0)
				return -1;
			c->have_from = 1;
		} else if (strcmp(t[i].text, "as") == 0) {
			if (take_name(&t[i + 1], c->name, e) != 0)
				return -1;
		} else
			return endpoint_unexpected(&t[i], c, e);
	}
	return 0;
}

/* A DURATION argument: a bad one and one too long are told apart. */
static int
duration_arg(const struct token *t, const char *what, uint64_t *us,
    struct errbuf *e)
{
	char clip[LEX_CLIPBUF];

	switch (cmd_parse_duration(t->text, us)) {
	case 0:
		return 0;
	case -2:
		return err_set(e, t->col, "%s %s out of range (0..1440m, a "
		    "day)", what, lex_clip(t->text, clip));
	}
	return err_set(e, t->col, "bad duration '%s' (e.g. 500ms, 2s, 1.5s)",
	    lex_clip(t->text, clip));
}

/* Peels "within DURATION" off the end of an argument list. */
static int
take_within(const struct token *t, int *n, struct cmd *c, struct errbuf *e)
{
	if (*n >= 2 && t[*n - 2].kind == TOK_WORD &&
	    strcmp(t[*n - 2].text, "within") == 0) {
		if (duration_arg(&t[*n - 1], "within", &c->dur_us, e) != 0)
			return -1;
		c->have_dur = 1;
		*n -= 2;
	} else if (*n >= 1 && t[*n - 1].kind == TOK_WORD &&
	    strcmp(t[*n - 1].text, "within") == 0)
		return err_set(e, t[*n - 1].col, "within needs a duration");
	return 0;
}

/* What an expect pattern may hold besides fields */
static const char *const kw_expect[] = { "within", "as", NULL };

/* "expect stat ESTABLISHED": a typo of none or state, which only the first
 * word may be.  No pattern starts with a word this close to either (the
 * fields, flags and payloads are all further), so saying so is safe. */
static int
expect_first_typo(const struct token *t, struct errbuf *e)
{
	static const char *const first[] = { "none", "state", NULL };
	struct lex_near nr;
	char hint[64];

	lex_near_init(&nr, t->text);
	lex_near_addv(&nr, first);
	if (nr.n == 0)
		return 0;
	err_set(e, t->col, "unknown word '%s'%s", t->text,
	    lex_near_hint(&nr, hint, sizeof(hint)));
	return 1;
}

static int
parse_expect(const struct token *t, int n, struct cmd *c, struct errbuf *e)
{
	int st, as = 0;

	/* "as NAME" and "within D" close the line, in either order */
	for (st = 0; st < 2; st++) {
		if (!as && n >= 2 && t[n - 2].kind == TOK_WORD &&
		    strcmp(t[n - 2].text, "as") == 0) {
			if (take_name(&t[n - 1], c->name, e) != 0)
				return -1;
			as = t[n - 2].col;
			n -= 2;
		}
		if (!c->have_dur && take_within(t, &n, c, e) != 0)
			return -1;
	}
	if (n == 0)
		return err_set(e, c->col + 7, "usage: %s", cmd_defs[C_EXPECT].usage);
	if (as && t[0].kind == TOK_WORD && (strcmp(t[0].text, "none") == 0 ||
	    strcmp(t[0].text, "state") == 0))
		return err_set(e, as, "as NAME keeps a segment: only after a "
		    "pattern");
	if (t[0].kind == TOK_WORD && strcmp(t[0].text, "none") == 0) {
		if (n > 1)
			return err_set(e, t[1].col, "expect none takes only "
			    "'within DURATION'");
		c->ekind = EX_NONE;
		return 0;
	}
	if (t[0].kind == TOK_WORD && strcmp(t[0].text, "state") == 0) {
		if (n != 2)
			return err_set(e, t[0].col, "usage: expect state STATE");
		if ((st = tcb_state_parse(t[1].text)) < 0)
			return err_set(e, t[1].col, "unknown state '%s' (CLOSED, "
			    "LISTEN, SYN-SENT, SYN-RECEIVED, ESTABLISHED, "
			    "FIN-WAIT-1, FIN-WAIT-2, CLOSE-WAIT, CLOSING, "
			    "LAST-ACK, TIME-WAIT)", t[1].text);
		c->ekind = EX_STATE;
		c->state = st;
		return 0;
	}
	if (t[0].kind == TOK_WORD && expect_first_typo(&t[0], e))
		return -1;
	c->ekind = EX_SEGMENT;
	if (segspec_parse_kw(t, n, SPM_PATTERN, kw_expect, &c->spec, e) != 0)
		return -1;
	c->have_spec = 1;
	return 0;
}

/* ladder [FILE], peer [netns NAME], predict SEGMENT-COMMAND */
static int
parse_teach(const struct cmd_def *d, const struct token *t, int n,
    const char *line, struct cmd *c, struct errbuf *e)
{
	const struct cmd_def *in;
	const char *p = NULL;

	if (d->args == A_PREDICT) {
		if (n == 0 || t[0].kind != TOK_WORD ||
		    (in = cmd_lookup(t[0].text)) == NULL ||
		    in->args != A_SEGMENT)
			return err_set(e, n ? t[0].col : c->col, "predict "
			    "takes a segment command: syn, synack, ack, fin, "
			    "rst or send, e.g. predict rst seq 100");
		if (cmd_parse(t, n, line, c, e) != 0)
			return -1;
		c->predict = 1;
		return 0;
	}
	if (d->args == A_LADDER && n == 1 && (t[0].kind == TOK_WORD ||
	    t[0].kind == TOK_STRING))
		p = t[0].text;
	else if (d->args == A_PEER && n == 2 && t[0].kind == TOK_WORD &&
	    strcmp(t[0].text, "netns") == 0 && t[1].kind == TOK_WORD)
		p = t[1].text;
	else if (n != 0)
		return err_set(e, t[0].col, "usage: %s", d->usage);
	if (p != NULL && (c->path = strdup(p)) == NULL)
		return err_set(e, t[0].col, "out of memory");
	return 0;
}

static char *
dup_text(const char *s)
{
	size_t n = strlen(s) + 1;
	char *p = malloc(n);

	if (p != NULL)
		memcpy(p, s, n);
	return p;
}

static int
unknown_command(const struct token *t, struct errbuf *e)
{
	char hint[96], clip[LEX_CLIPBUF];

	cmd_hint(t->text, hint, sizeof(hint));
	return err_set(e, t->col, "unknown command '%s'%s",
	    lex_clip(t->text, clip), hint[0] != '\0' ? hint :
	    " (help lists them)");
}

int
cmd_parse(const struct token *t, int n, const char *line, struct cmd *c,
    struct errbuf *e)
{
	const struct cmd_def *d;
	char *end, hint[96], clip[LEX_CLIPBUF];

	memset(c, 0, sizeof(*c));
	if (n == 0 || t[0].kind != TOK_WORD)
		return err_set(e, n ? t[0].col : 1, "expected a command");
	if ((d = cmd_lookup(t[0].text)) == NULL)
		return unknown_command(&t[0], e);
	c->id = d->id;
	c->col = t[0].col;
	t++;
	n--;

	switch (d->args) {
	case A_NONE:
		if (n > 0)
			return err_set(e, t[0].col, "%s takes no arguments",
			    d->name);
		return 0;
	case A_ENDPOINT:
		return parse_endpoint_cmd(t, n, c, e);
	case A_SEGMENT:
		/* "send "AB" ?": say what the peer should do (teach.c) */
		if (n > 0 && t[n - 1].kind == TOK_WORD &&
		    strcmp(t[n - 1].text, "?") == 0) {
			c->predict = 1;
			n--;
		}
		if (n == 0)
			return 0;
		if (segspec_parse(t, n, SPM_SEND, &c->spec, e) != 0)
			return -1;
		c->have_spec = 1;
		if (c->id == C_SEND && !(c->spec.set & SP_BIT(SP_DATA)) &&
		    !(c->spec.set & SP_BIT(SP_LEN)))
			return err_set(e, t[0].col, "send needs a payload: "
			    "\"text\", hex:414243, file:PATH or bytes:N");
		return 0;
	case A_EXPECT:
		return parse_expect(t, n, c, e);
	case A_DURATION:
		if (n != 1)
			return err_set(e, n ? t[1].col : c->col, "usage: %s "
			    "(e.g. 500ms, 2s)", d->usage);
		if (duration_arg(&t[0], d->name, &c->dur_us, e) != 0)
			return -1;
		c->have_dur = 1;
		return 0;
	case A_NAME:
		if (n == 0 && c->id == C_CLOSE)
			return 0;
		if (n != 1)
			return err_set(e, n ? t[1].col : c->col, "usage: %s",
			    d->usage);
		return take_name(&t[0], c->name, e);
	case A_OPTNUM:
		if (n == 0)
			return 0;
		c->n = strtol(t[0].text, &end, 10);
		if (n > 1 || *end != '\0' || c->n < 1)
			return err_set(e, t[0].col, "usage: %s (N as log numbers "
			    "them, from 1)", d->usage);
		c->have_n = 1;
		return 0;
	case A_SET:
		if (n == 0)
			return 0;
		if (t[0].kind != TOK_WORD || set_lookup(t[0].text) == NULL ||
		    t[0].len >= sizeof(c->key)) {
			set_hint(t[0].text, hint, sizeof(hint));
			return err_set(e, t[0].col, "unknown setting '%s'%s",
			    lex_clip(t[0].text, clip), hint[0] != '\0' ?
			    hint : " (set alone lists them)");
		}
		memcpy(c->key, t[0].text, t[0].len + 1);
		if (n == 1)
			return err_set(e, t[0].col, "set %s needs a value: %s",
			    c->key, set_lookup(c->key)->values);
		/* The value is the text of its tokens as typed: synopts holds
		 * a bracketed option list that the session parses itself. */
		c->val = strndup(line + t[1].col - 1,
		    (size_t)(t[n - 1].end - t[1].col));
		if (c->val == NULL)
			return err_set(e, t[1].col, "out of memory");
		return 0;
	case A_PATH:
	case A_CAPTURE:
		if (n != 1 || t[0].kind == TOK_LBRACK)
			return err_set(e, n ? t[0].col : c->col, "usage: %s",
			    d->usage);
		if ((d->args == A_CAPTURE || c->id == C_RECORD) &&
		    t[0].kind == TOK_WORD && strcmp(t[0].text, "stop") == 0) {
			c->stop = 1;
			return 0;
		}
		if ((c->path = dup_text(t[0].text)) == NULL)
			return err_set(e, t[0].col, "out of memory");
		return 0;
	case A_TOPIC:
		if (n > 1)
			return err_set(e, t[1].col, "usage: %s", d->usage);
		if (n == 1) {
			if (t[0].len >= sizeof(c->key))
				return err_set(e, t[0].col, "no help on that");
			memcpy(c->key, t[0].text, t[0].len + 1);
		}
		return 0;
	case A_FLOOD:
		return floodarg_parse(t, n, c, e);
	case A_PROBE:
		return floodarg_parse_probe(t, n, c, e);
	case A_REPLAY:
		return replayarg_parse(t, n, c, e);
	case A_STREAM:
		return streamarg_parse(t, n, c, e);
	case A_LADDER:
	case A_PEER:
	case A_PREDICT:
		return parse_teach(d, t, n, line, c, e);
	}
	return 0;
}

void
cmd_free(struct cmd *c)
{
	if (c->have_spec)
		segspec_free(&c->spec);
	free(c->val);
	free(c->path);
	c->val = c->path = NULL;
	c->have_spec = 0;
}
