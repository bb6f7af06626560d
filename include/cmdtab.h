/* cmdtab.h - the command table, the settings table and the command parser
 *
 * The tables are the core half of each command and setting: a row of
 * cmdtab.def (name, alias, argument kind, usage, brief, help) or of
 * settab.def (key, type, values, default, brief).  An argument kind
 * brings its parser and what Tab completes (cmd_kinds[], cmdkind.c).
 * The edge half is in exec.c (a handler per command id) and settings.c (a
 * setter and a printer per key).  Help reads the rows; tests/mancheck.sh holds
 * tcpcraft(1)'s lists to them.
 *
 * Parsing is separate from running: a script is parsed whole before its
 * first line runs, so a syntax error anywhere sends nothing.
 */
#ifndef TC_CMDTAB_H
#define TC_CMDTAB_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "conn.h"
#include "errbuf.h"
#include "lex.h"
#include "segspec.h"

/* C_CONNECT, C_LISTEN, ... in the order of cmdtab.def */
enum cmd_id {
#define CMD(id, name, alias, args, usage, brief, help)	C_##id,
#include "cmdtab.def"
#undef CMD
	C_NCMDS
};

/* What a command's arguments look like, for the parser and completion. */
enum cmd_args {
	A_NONE,		/* no arguments */
	A_ENDPOINT,	/* connect / listen */
	A_SEGMENT,	/* syn ... send: field overrides */
	A_EXPECT,	/* expect PATTERN | none | state S [within D] */
	A_DURATION,	/* wait D */
	A_NAME,		/* use / close: a connection name */
	A_OPTNUM,	/* show [N], hex [N] */
	A_SET,		/* set [KEY [VALUE]] */
	A_PATH,		/* source / record FILE */
	A_CAPTURE,	/* capture FILE | capture stop */
	A_TOPIC,	/* help [COMMAND] */
	A_FLOOD,	/* flood [HOST:PORT] [FLAGS] count N ... (floodarg.c) */
	A_PROBE,	/* probe HOST:PORT [count N] [interval D] */
	A_TRACE,	/* traceroute HOST:PORT [max N] [wait D] */
	A_REPLAY,	/* replay FILE [client|server] [to|on ADDR:PORT] [--realtime] */
	A_STREAM,	/* stream [in|out] [hex] */
	A_LADDER,	/* ladder [FILE] */
	A_PEER,		/* peer [netns NAME] */
	A_PREDICT,	/* predict SEGMENT-COMMAND */
	A_NKINDS
};

struct cmd_def {
	const char	*name;
	const char	*alias;		/* NULL or a second name */
	enum cmd_id	 id;
	enum cmd_args	 args;
	const char	*usage;		/* "connect HOST:PORT [from ADDR[:PORT]] [as NAME]" */
	const char	*brief;		/* one line */
	const char	*help;		/* a paragraph for help COMMAND */
};

extern const struct cmd_def cmd_defs[];	/* C_NCMDS entries, table order */

const struct cmd_def	*cmd_lookup(const char *name);
/* " (did you mean 'send'?)" for a mistyped command into buf, or "". */
const char		*cmd_hint(const char *word, char *buf, size_t cap);

/* What Tab offers after a command word, by argument kind.  The REPL
 * turns these into candidates; the core only says which. */
enum cmd_compl {
	CC_NONE,	/* nothing: the argument is typed */
	CC_CONNS,	/* connection names */
	CC_SETTINGS,	/* set keys */
	CC_COMMANDS,	/* command names */
	CC_SEGMENT,	/* field names, option names, none */
	CC_EXPECT,	/* as CC_SEGMENT; states after "state" */
	CC_FILES,	/* file names */
	CC_WORDS	/* the kind's own words */
};

struct cmd;
struct cmd_kind {
	/* t[0..n) are the arguments, after the command word */
	int		(*parse)(const struct cmd_def *d,
			    const struct token *t, int n, const char *line,
			    struct cmd *c, struct errbuf *e);
	enum cmd_compl	 compl;
	const char *const *words;	/* CC_WORDS: NULL-terminated */
};

extern const struct cmd_kind cmd_kinds[];	/* cmdkind.c, by cmd_args */

enum expect_kind { EX_SEGMENT, EX_NONE, EX_STATE, EX_ICMP };
/* an expect that waits for one packet of the log and may keep it */
#define EX_KEEPS(k)	((k) == EX_SEGMENT || (k) == EX_ICMP)

struct cmd {
	enum cmd_id	 id;
	int		 col;		/* column of the command word */
	/* A_ENDPOINT */
	struct ipaddr	 addr;		/* any (af 0 or 0.0.0.0): listen on all */
	uint16_t	 port;
	int		 have_from;
	struct ipaddr	 from_addr;
	uint16_t	 from_port;	/* 0 = pick one */
	char		 name[CONN_NAMELEN];	/* "as NAME", use/close NAME */
	/* A_SEGMENT and A_EXPECT */
	int		 have_spec;
	struct segspec	 spec;
	enum expect_kind ekind;
	int		 state;		/* EX_STATE */
	int		 icmp_type;	/* EX_ICMP: 0 any, else icmp_kind_parse's */
	int		 icmp_code;	/* EX_ICMP: -1 any */
	/* durations in microseconds: wait D, expect ... within D */
	int		 have_dur;
	uint64_t	 dur_us;
	/* show/hex N */
	int		 have_n;
	long		 n;
	/* set KEY VALUE, capture FILE/stop, source/record FILE, help TOPIC */
	char		 key[32];
	char		*val;		/* owned; the rest of the line as typed */
	char		*path;		/* owned */
	int		 stop;
	/* flood, probe (floodarg.c): HOST:PORT in addr/port, cap in dur_us */
	int		 have_target;
	uint64_t	 count;
	uint64_t	 rate;		/* flood: packets/s; 0: at full speed */
	uint64_t	 ival_us;	/* probe: time between two probes */
	unsigned	 rnd;		/* flood: 1 << PP_* drawn per packet */
	int		 predict;	/* "send ... ?", "predict CMD" */
	/* replay: key "client"/"server", path, addr/port (have_target) */
	int		 realtime;
	/* stream: 'i', 'o' or 0 (both); hex dump instead of text */
	int		 sdir;
	int		 hex;
};

/* What running a command comes to (exec_cmd, exec.h), as the scripts,
 * the prompt and the observers (obs.h's command_done) read it.
 * EXEC_PENDING: an expect or wait is in progress; the loop finishes
 * it. */
#define EXEC_OK		0
#define EXEC_FAIL	1
#define EXEC_PENDING	2
#define EXEC_QUIT	3

/* Parses one command from tokens t[0..n) (no TOK_SEMI inside).  line is
 * the text the tokens came from (set keeps its value as typed).  Returns 0,
 * or -1 with a message and column in e.  c must be freed with cmd_free. */
int	cmd_parse(const struct token *t, int n, const char *line,
	    struct cmd *c, struct errbuf *e);
void	cmd_free(struct cmd *c);

/* "500ms", "2s", "1.5s", "2" (seconds), "1m" -> microseconds; -1 if bad,
 * -2 if longer than CMD_MAXDUR_US (a typo, not a lab). */
#define CMD_MAXDUR_US	(24ull * 3600 * 1000000)
int	cmd_parse_duration(const char *s, uint64_t *us);
/* "127.0.0.1", "localhost", "::1", "[::1]", "localhost6" -> address;
 * -1 if bad. */
int	cmd_parse_addr(const char *s, struct ipaddr *addr);
/* -6 (on 1): "localhost" and a bare "listen PORT" mean ::1, not
 * 127.0.0.1.  cmd_localhost() says which. */
void	cmd_prefer_ipv6(int on);
struct ipaddr	cmd_localhost(void);
/* "127.0.0.1:20000", "[::1]:20000": an endpoint as commands take it.
 * Returns buf. */
#define CMD_EPSTRLEN	(IPADDR_STRLEN + 8)
const char	*cmd_endpoint_str(const struct ipaddr *a, uint16_t port,
		    char *buf, size_t len);

/* Session settings: "set KEY VALUE", rows in settab.def.  The core
 * knows the keys (a script with a mistyped one fails before it runs);
 * settings.c holds a setter and a printer per key. */
enum set_id {
#define SET(id, key, type, values, dflt, brief)	S_##id,
#include "settab.def"
#undef SET
	S_NKEYS
};

enum set_type {
	ST_ONOFF,	/* on|off (also 1|0, yes|no) */
	ST_DURATION,	/* cmd_parse_duration */
	ST_NUM,		/* a number, in the key's range */
	ST_CHOICE,	/* one of the words of values */
	ST_OPTIONS,	/* a bracketed TCP option list */
	ST_FIELDS,	/* on|off|a list of fields */
	ST_NTYPES
};

struct set_def {
	const char	*key;
	enum set_id	 id;
	enum set_type	 type;
	const char	*values;	/* "on|off", "N", "DURATION", ... */
	const char	*dflt;		/* what a session starts with */
	const char	*brief;
};
extern const struct set_def set_defs[];	/* S_NKEYS, then a NULL key */
const struct set_def	*set_lookup(const char *key);

/* The tables as plain lists, one name a line, for the test that holds
 * tcpcraft(1) to them: what is "commands", "aliases", "settings" or
 * "fields".
 * Returns -1 for another word. */
int	cmdtab_list(FILE *f, const char *what);

#endif
