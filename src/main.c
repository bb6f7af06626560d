/* main.c - options, the edges, exit status
 *
 * Exit status of -f and -c: 0 every command and expect succeeded, 1 an
 * expect or a command failed at run time, 2 usage or syntax error.
 */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "backend.h"
#include "capnote.h"
#include "cmdtab.h"
#include "errbuf.h"
#include "json.h"
#include "loop.h"
#include "obs.h"
#include "offline.h"
#include "out.h"
#include "peer.h"
#include "priv.h"
#include "record.h"
#include "repl.h"
#include "script.h"
#include "sess_init.h"
#include "session.h"
#include "tap.h"
#include "teach.h"

#define MAXSCRIPTS 16

static void
usage(FILE *f)
{
	fprintf(f,
"usage: tcpcraft [-i IFACE [--src ADDR]] [--peer KIND:PORT]... [--seed N]\n"
"                [--json | --tap] [--step] [--offline PCAP]\n"
"                [-f FILE]... [-c 'CMD; CMD; ...']\n"
"  -f FILE          run a session script (exit 0 ok, 1 failed, 2 syntax)\n"
"  -c CMDS          run commands given on the command line\n"
"  -i IFACE         a lab NIC; without it only loopback is reachable\n"
"  --peer KIND:PORT start a kernel peer on 127.0.0.1:PORT: %s\n"
"                   (KIND:ADDR:PORT binds ADDR)\n"
"  --seed N         repeatable ISNs, ports and ids\n"
"  --step           with -f: show each line, run it on Enter\n"
"  --json           one JSON object per event on stdout\n"
"  --tap            each -f script a TAP test point\n"
"  --offline PCAP   no network: the peer's packets from PCAP, virtual time\n"
"  --src ADDR       with -i: our lab address (not the kernel's; ARP answered)\n"
"  --serve          run only the --peer servers, until a signal (labs)\n"
"  -h, --help       this text;  --version  the version\n"
"Interactive without -f/-c.  Commands: help; manual: man tcpcraft\n",
	    "echo hello sink noaccept discard client");
}

/* --serve: only the peers, until a signal (scripts/lab) */
static int
serve_run(struct session *s, struct task *t, enum loop_end why)
{
	(void)s;
	if (why != LW_START)
		return TASK_DONE;
	t->w = (struct loop_wait){ -1, 0, -1, LW_ON_INTR | LW_ON_TERM,
	    NULL, NULL };
	return TASK_WAIT;
}

static struct task *
serve_task(struct task *t)
{
	memset(t, 0, sizeof(*t));
	t->run = serve_run;
	return t;
}

/* The session's start: the peers (each a task that waits for its child
 * to listen), the offline capture (after the peers: their start-up is
 * waited for in real time), then what the session does, a task above
 * this one whose rc is the exit status. */
struct start {
	struct task		 t;	/* first: the loop's handle */
	struct task		 serve_t;
	struct errbuf		 e;
	const char *const	*peers;
	int			 npeers, i;
	const char		*offline;
	int			 serve, tap, banner;
	struct out		*fmt;
	const char *const	*files;
	int			 nfiles;
	const char		*cmds, *labif;
	int			 seeded;
	uint64_t		 seed;
	int			 failed;	/* START_* */
};
#define START_PEER	1
#define START_OFFLINE	2

/* What the session does: its task, or NULL. */
static struct task *
start_mode(struct session *s, struct start *st)
{
	struct errbuf e;

	if (st->serve)
		return serve_task(&st->serve_t);
	if (st->nfiles == 0 && st->cmds == NULL) {
		s->interactive = 1;
		if (isatty(STDIN_FILENO))
			sess_typed(s);
		if ((s->be->flags & BE_PRIV) && priv_check(&e) != 0)
			printf("note: %s\n(help, set, show and scripts' syntax "
			    "work without them)\n", e.msg);
		return repl_task(s, st->banner);
	}
	if (st->tap)
		return tap_task(s, st->fmt, st->files, st->nfiles, st->labif,
		    st->seeded, st->seed);
	return script_batch_task(st->files, st->nfiles, st->cmds);
}

/* The peer st->i has started (pid) or not (-1, e says why). */
static int
start_peer(struct session *s, struct start *st, pid_t pid)
{
	const char *spec = st->peers[st->i];

	if (pid < 0) {
		fprintf(stderr, "tcpcraft: --peer %s: %s\n", spec, st->e.msg);
		st->failed = START_PEER;
		return -1;
	}
	s->peers[s->npeers++] = pid;
	if (st->nfiles == 0 && st->cmds == NULL && !st->banner)
		printf("peer %s %s (pid %d)\n", spec,
		    strncmp(spec, "client:", 7) == 0 ? "connecting" :
		    "listening", (int)pid);
	st->i++;
	return 0;
}

static int
start_run(struct session *s, struct task *t, enum loop_end why)
{
	struct start *st = (struct start *)t;
	struct offline *off;
	struct task *next;

	if (why == LW_CHILD && st->i == st->npeers) {
		t->rc = t->child_rc;	/* the session's exit status */
		return TASK_DONE;
	}
	if (why == LW_CHILD && start_peer(s, st, (pid_t)t->child_rc) != 0) {
		t->rc = 2;
		return TASK_DONE;
	}
	if (st->i < st->npeers) {
		if ((next = peer_start_task(st->peers[st->i], &st->e)) ==
		    NULL) {
			(void)start_peer(s, st, -1);
			t->rc = 2;
			return TASK_DONE;
		}
		loop_push(s, next);
		return TASK_WAIT;
	}
	if (st->offline != NULL) {
		if ((off = offline_open(st->offline, &st->e)) == NULL) {
			fprintf(stderr, "tcpcraft: --offline: %s\n",
			    st->e.msg);
			st->failed = START_OFFLINE;
			t->rc = 2;
			return TASK_DONE;
		}
		sess_offline(s, off);
	}
	if ((next = start_mode(s, st)) == NULL) {
		fprintf(stderr, "tcpcraft: out of memory\n");
		t->rc = 1;
		return TASK_DONE;
	}
	loop_push(s, next);
	return TASK_WAIT;
}

/* Who hears what happens in the session, in this order: the output
 * format first, so what teaching says follows the line it is about. */
static int
observe(struct obs *o, struct out *fmt)
{
	if (fmt == NULL)
		return -1;
	out_use(fmt);
	return obs_add(o, &out_obs, fmt) | obs_add(o, &capnote_obs, NULL) |
	    obs_add(o, &record_obs, NULL) | obs_add(o, &teach_obs, NULL);
}

int
main(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "help", no_argument, NULL, 'h' },
		{ "version", no_argument, NULL, 'V' },
		{ "peer", required_argument, NULL, 'p' },
		{ "seed", required_argument, NULL, 's' },
		{ "banner", no_argument, NULL, 'b' },
		{ "file", required_argument, NULL, 'f' },
		{ "command", required_argument, NULL, 'c' },
		{ "interface", required_argument, NULL, 'i' },
		{ "json", no_argument, NULL, 'J' },
		{ "tap", no_argument, NULL, 'T' },
		{ "step", no_argument, NULL, 'S' },
		{ "offline", required_argument, NULL, 'O' },
		{ "src", required_argument, NULL, 'A' },
		{ "serve", no_argument, NULL, 'W' },
		/* not in usage: the tables, for the man page's test */
		{ "list", required_argument, NULL, 'L' },
		{ NULL, 0, NULL, 0 }
	};
	struct session s;
	struct start st;
	struct obs obs;
	struct out *fmt;
	const char *files[MAXSCRIPTS], *cmds = NULL, *labif = NULL;
	const char *peers[8], *offline = NULL;
	char *end;
	int json = 0, tap = 0, step = 0, serve = 0;
	const char *src = NULL;
	uint64_t seed = 0;
	int nfiles = 0, npeers = 0, seeded = 0, banner = 0, ch, status = 0;

	while ((ch = getopt_long(argc, argv, "hf:c:i:", longopts, NULL)) != -1) {
		switch (ch) {
		case 'h':
			usage(stdout);
			return 0;
		case 'V':
			printf("tcpcraft %s\n", TC_VERSION);
			return 0;
		case 'f':
			if (nfiles == MAXSCRIPTS) {
				fprintf(stderr, "tcpcraft: at most %d -f\n",
				    MAXSCRIPTS);
				return 2;
			}
			files[nfiles++] = optarg;
			break;
		case 'c':
			cmds = optarg;
			break;
		case 'i':
			labif = optarg;
			break;
		case 'p':
			if (npeers == 8) {
				fprintf(stderr, "tcpcraft: at most 8 --peer\n");
				return 2;
			}
			peers[npeers++] = optarg;
			break;
		case 's':
			seed = strtoull(optarg, &end, 0);
			if (*end != '\0') {
				fprintf(stderr, "tcpcraft: --seed takes a "
				    "number\n");
				return 2;
			}
			seeded = 1;
			break;
		case 'b':
			banner = 1;
			break;
		case 'J':
			json = 1;
			break;
		case 'T':
			tap = 1;
			break;
		case 'S':
			step = 1;
			break;
		case 'O':
			offline = optarg;
			break;
		case 'A':
			src = optarg;
			break;
		case 'W':
			serve = 1;
			break;
		case 'L':	/* commands, aliases, settings, fields */
			return cmdtab_list(stdout, optarg) == 0 ? 0 : 2;
		default:
			usage(stderr);
			return 2;
		}
	}
	if (optind < argc) {
		fprintf(stderr, "tcpcraft: unexpected argument '%s'\n",
		    argv[optind]);
		usage(stderr);
		return 2;
	}
	if ((json && tap) || ((tap || step) && nfiles == 0) ||
	    (offline != NULL && nfiles == 0 && cmds == NULL)) {
		fprintf(stderr, "tcpcraft: %s\n", json && tap ? "--json or "
		    "--tap, not both" : offline != NULL && !tap && !step ?
		    "--offline runs -f or -c" : "--tap and --step run -f "
		    "scripts");
		return 2;
	}
	setvbuf(stdout, NULL, _IOLBF, 0);
	if (sess_init(&s, labif, seeded, seed) != 0) {
		fprintf(stderr, "tcpcraft: out of memory\n");
		return 1;
	}
	if (src != NULL && cmd_parse_addr(src, &s.lab_src) != 0) {
		fprintf(stderr, "tcpcraft: --src takes an IPv4 address\n");
		sess_free(&s);
		return 2;
	}
	fmt = json ? json_out_new() : tap ? tap_out_new() : out_text_new();
	obs_init(&obs, &s);
	if (observe(&obs, fmt) != 0) {
		fprintf(stderr, "tcpcraft: out of memory\n");
		sess_free(&s);
		return 1;
	}
	s.obs = &obs;
	s.step = step;
	loop_signals();
	memset(&st, 0, sizeof(st));
	st.t.run = start_run;
	st.peers = peers;
	st.npeers = npeers;
	st.offline = offline;
	st.serve = serve;
	st.tap = tap;
	st.banner = banner;
	st.fmt = fmt;
	st.files = files;
	st.nfiles = nfiles;
	st.cmds = cmds;
	st.labif = labif;
	st.seeded = seeded;
	st.seed = seed;
	/* the session is a task: the loop runs it, and all it does, to its
	 * end; the loop turns nowhere else */
	loop_push(&s, &st.t);
	status = loop_run(&s);
	if (st.failed == START_OFFLINE) {
		sess_free(&s);
		return status;
	}
	sess_free(&s);
	out_free(fmt);
	return status;
}
