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
#include "confine.h"
#include "errbuf.h"
#include "json.h"
#include "loop.h"
#include "obs.h"
#include "offline.h"
#include "packetdrill.h"
#include "out.h"
#include "peer.h"
#include "priv.h"
#include "record.h"
#include "repl.h"
#include "script.h"
#include "sess.h"
#include "sess_init.h"
#include "session.h"
#include "tap.h"
#include "teach.h"

#define MAXSCRIPTS 16
#define MAXPEERS 8

static void
usage(FILE *f)
{
	fprintf(f,
"usage: tcpcraft [-6] [-i IFACE [--src ADDR]] [--peer KIND:PORT]... [--seed N]\n"
"                [--json | --tap] [--step] [--offline PCAP]\n"
"                [-f FILE]... [-c 'CMD; CMD; ...']\n"
"       tcpcraft --packetdrill [--tap] [-v] [--NAME=VALUE]... FILE.pkt...\n"
"  -f FILE          run a session script (exit 0 ok, 1 failed, 2 syntax)\n"
"  -c CMDS          run commands given on the command line\n"
"  -6               prefer IPv6: localhost (and listen PORT) mean ::1\n"
"  -i IFACE         a lab NIC; without it only loopback is reachable\n"
"  --peer KIND:PORT start a kernel peer on 127.0.0.1:PORT: %s\n"
"                   (KIND:ADDR:PORT binds ADDR, KIND:[::1]:PORT IPv6)\n"
"  --seed N         repeatable ISNs, ports and ids\n"
"  --step           with -f: show each line, run it on Enter\n"
"  --json           one JSON object per event on stdout\n"
"  --tap            each -f script a TAP test point\n"
"  --offline PCAP   no network: the peer's packets from PCAP, virtual time\n"
"  --src ADDR       with -i: our lab address (not the kernel's; ARP or\n"
"                   Neighbor Discovery answered); once per family\n"
"  --serve          run only the --peer servers, until a signal (labs)\n"
"  --limits         what a user other than root may reach (confined mode)\n"
"  --packetdrill    run packetdrill scripts against this kernel, each in\n"
"                   namespaces of its own (--packetdrill -h for more)\n"
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
/* What the command line asked for. */
struct args {
	const char	*files[MAXSCRIPTS];
	int		 nfiles;
	const char	*peers[MAXPEERS];
	int		 npeers;
	const char	*cmds, *labif, *offline, *src;
	const char	*src2;		/* a second --src, the other family */
	int		 json, tap, step, serve, banner, seeded;
	uint64_t	 seed;
};

struct start {
	struct task		 t;	/* first: the loop's handle */
	struct task		 serve_t;
	struct errbuf		 e;
	struct args		 a;
	int			 i;	/* the next peer to start */
	int			 stopping;	/* the peers, at the end */
	struct out		*fmt;
};

/* What the session does: its task, or NULL. */
static struct task *
start_mode(struct session *s, struct start *st)
{
	struct errbuf e;

	if (st->a.serve)
		return serve_task(&st->serve_t);
	if (st->a.nfiles == 0 && st->a.cmds == NULL) {
		s->interactive = 1;
		if (isatty(STDIN_FILENO))
			sess_typed(s);
		if ((s->be->flags & BE_PRIV) && priv_check(&e) != 0)
			printf("note: %s\n(help, set, show and scripts' syntax "
			    "work without them)\n", e.msg);
		return repl_task(s, st->a.banner);
	}
	if (st->a.tap)
		return tap_task(s, st->fmt, st->a.files, st->a.nfiles,
		    st->a.labif, st->a.seeded, st->a.seed);
	return script_batch_task(st->a.files, st->a.nfiles, st->a.cmds);
}

/* The peer st->i has started (pid) or not (-1, e says why). */
static int
start_peer(struct session *s, struct start *st, pid_t pid)
{
	const char *spec = st->a.peers[st->i];

	if (pid < 0) {
		fprintf(stderr, "tcpcraft: --peer %s: %s\n", spec, st->e.msg);
		return -1;
	}
	s->peers[s->npeers++] = pid;
	if (st->a.nfiles == 0 && st->a.cmds == NULL && !st->a.banner)
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

	if (why == LW_CHILD && st->stopping)
		return TASK_DONE;	/* the peers are gone */
	if (why == LW_CHILD && st->i == st->a.npeers) {
		t->rc = t->child_rc;	/* the session's exit status */
		/* the session is over: its peers end on the loop too */
		if (s->npeers == 0 || (next = peers_stop_task()) == NULL)
			return TASK_DONE;	/* (sess_free stops them) */
		st->stopping = 1;
		loop_push(s, next);
		return TASK_WAIT;
	}
	if (why == LW_CHILD && start_peer(s, st, (pid_t)t->child_rc) != 0) {
		t->rc = 2;
		return TASK_DONE;
	}
	if (st->i < st->a.npeers) {
		if ((next = peer_start_task(st->a.peers[st->i], &st->e)) ==
		    NULL) {
			(void)start_peer(s, st, -1);
			t->rc = 2;
			return TASK_DONE;
		}
		loop_push(s, next);
		return TASK_WAIT;
	}
	if (st->a.offline != NULL) {
		if ((off = offline_open(st->a.offline, &st->e)) == NULL) {
			fprintf(stderr, "tcpcraft: --offline: %s\n",
			    st->e.msg);
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
	{ "limits", no_argument, NULL, 'M' },
	/* not in usage: the tables, for the man page's test */
	{ "list", required_argument, NULL, 'L' },
	{ NULL, 0, NULL, 0 }
};

/* Options that do not go together; -1 when they do, else 2. */
static int
check_args(const struct args *a)
{
	if ((a->json && a->tap) || ((a->tap || a->step) && a->nfiles == 0) ||
	    (a->offline != NULL && a->nfiles == 0 && a->cmds == NULL)) {
		fprintf(stderr, "tcpcraft: %s\n", a->json && a->tap ?
		    "--json or --tap, not both" : a->offline != NULL &&
		    !a->tap && !a->step ? "--offline runs -f or -c" :
		    "--tap and --step run -f scripts");
		return 2;
	}
	return -1;
}

/* tcpcraft --limits: 0, or 1 when the lab configuration cannot be
 * trusted or read (a confined tcpcraft would refuse to run). */
static int
print_limits(void)
{
	struct errbuf e;

	if (confine_print_limits(stdout, &e) == 0)
		return 0;
	fprintf(stderr, "tcpcraft: %s\n", e.msg);
	return 1;
}

/* Reads the command line into a; -1 to go on, or the exit status. */
static int
parse_args(int argc, char **argv, struct args *a)
{
	char *end;
	int ch;

	while ((ch = getopt_long(argc, argv, "hf:c:i:6", longopts,
	    NULL)) != -1) {
		switch (ch) {
		case 'h':
			usage(stdout);
			return 0;
		case 'V':
			printf("tcpcraft %s\n", TC_VERSION);
			return 0;
		case 'f':
			if (a->nfiles == MAXSCRIPTS) {
				fprintf(stderr, "tcpcraft: at most %d -f\n",
				    MAXSCRIPTS);
				return 2;
			}
			a->files[a->nfiles++] = optarg;
			break;
		case 'c':
			a->cmds = optarg;
			break;
		case 'i':
			a->labif = optarg;
			break;
		case '6':
			cmd_prefer_ipv6(1);
			break;
		case 'p':
			if (a->npeers == MAXPEERS) {
				fprintf(stderr, "tcpcraft: at most %d --peer\n",
				    MAXPEERS);
				return 2;
			}
			a->peers[a->npeers++] = optarg;
			break;
		case 's':
			a->seed = strtoull(optarg, &end, 0);
			if (*end != '\0') {
				fprintf(stderr, "tcpcraft: --seed takes a "
				    "number\n");
				return 2;
			}
			a->seeded = 1;
			break;
		case 'b':
			a->banner = 1;
			break;
		case 'J':
			a->json = 1;
			break;
		case 'T':
			a->tap = 1;
			break;
		case 'S':
			a->step = 1;
			break;
		case 'O':
			a->offline = optarg;
			break;
		case 'A':
			if (a->src2 != NULL) {
				fprintf(stderr, "tcpcraft: at most two --src, "
				    "an IPv4 and an IPv6 address\n");
				return 2;
			}
			*(a->src == NULL ? &a->src : &a->src2) = optarg;
			break;
		case 'W':
			a->serve = 1;
			break;
		case 'M':
			return print_limits();
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
	return check_args(a);
}

/* --src ADDR (NULL: none): the session's lab address of its family,
 * checked as a confined tcpcraft checks it. */
static int
lab_source(struct session *s, const char *labif, const char *arg,
    struct errbuf *e)
{
	struct ipaddr src;

	if (arg == NULL)
		return 0;
	if (cmd_parse_addr(arg, &src) != 0 || ipaddr_is_any(&src))
		return err_set(e, 0, "--src takes an IPv4 or IPv6 address");
	if ((src.af == AF_INET && s->lab_src != 0) ||
	    (src.af == AF_INET6 && s->lab_src6.af != 0))
		return err_set(e, 0, "--src: one address of each family");
	if (src.af == AF_INET)
		s->lab_src = src.v4;
	else
		s->lab_src6 = src;
	return confine_args(labif, &src, e);
}

/* An IPv6 lab address is assigned when the session begins, as a host
 * assigns one: Duplicate Address Detection first (RFC 4862), so that
 * it is ours, or refused, before the first command runs, and from then
 * on its Neighbor Solicitations are answered (the capture open).
 * (IPv4's is taken at its first use, ARP needing no such step.) */
static int
lab_dad(struct session *s, struct errbuf *e)
{
	if (s->lab_src6.af != AF_INET6 || !(s->be->flags & BE_OWNADDR) ||
	    backend_kernel_owns(&s->lab_src6))
		return 0;
	if (backend_adopt(s, &s->lab_src6, e) != 0 ||
	    sess_net(s, s->labif, e) != 0)
		return -1;
	sess_refilter(s);
	return 0;
}

int
main(int argc, char **argv)
{
	struct session s;
	struct start st;
	struct obs obs;
	struct args *a = &st.a;
	struct errbuf e;
	int status;

	/* before anything else runs: confined, nothing is effective */
	if (priv_init(&e) != 0) {
		fprintf(stderr, "tcpcraft: %s\n", e.msg);
		return 2;
	}
	memset(&st, 0, sizeof(st));
	if (packetdrill_wanted(argc, argv))	/* a command of its own */
		return packetdrill_main(argc, argv);
	if ((status = parse_args(argc, argv, a)) >= 0)
		return status;
	if (confine_init(&e) != 0) {
		fprintf(stderr, "tcpcraft: %s\n", e.msg);
		return 2;
	}
	/* a script whose output goes to a file or a pipe: a write per
	 * output line was most of a session's system calls (out_buffer) */
	if ((a->nfiles > 0 || a->cmds != NULL) && !a->step && !a->serve &&
	    !isatty(STDOUT_FILENO)) {
		setvbuf(stdout, NULL, _IOFBF, 1 << 16);
		out_buffer(1);
	} else
		setvbuf(stdout, NULL, _IOLBF, 0);
	if (sess_init(&s, a->labif, a->seeded, a->seed) != 0) {
		fprintf(stderr, "tcpcraft: out of memory\n");
		return 1;
	}
	if (confine_args(a->labif, NULL, &e) != 0 ||
	    lab_source(&s, a->labif, a->src, &e) != 0 ||
	    lab_source(&s, a->labif, a->src2, &e) != 0) {
		fprintf(stderr, "tcpcraft: %s\n", e.msg);
		sess_free(&s);
		return 2;
	}
	st.fmt = a->json ? json_out_new() : a->tap ? tap_out_new() :
	    out_text_new();
	obs_init(&obs, &s);
	if (observe(&obs, st.fmt) != 0) {
		fprintf(stderr, "tcpcraft: out of memory\n");
		sess_free(&s);
		return 1;
	}
	s.obs = &obs;
	s.step = a->step;
	if (a->offline == NULL && lab_dad(&s, &e) != 0) {
		fprintf(stderr, "tcpcraft: %s\n", e.msg);
		sess_free(&s);
		out_free(st.fmt);
		return 2;
	}
	loop_signals();
	st.t.run = start_run;
	/* the session is a task: the loop runs it, and all it does, to its
	 * end; the loop turns nowhere else */
	loop_push(&s, &st.t);
	status = loop_run(&s);
	sess_free(&s);
	out_free(st.fmt);
	return status;
}
