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

#include "peer.h"
#include "sess.h"

#define MAXSCRIPTS 16

static void
usage(FILE *f)
{
	fprintf(f,
"usage: tcpcraft [-i IFACE] [--peer KIND:PORT]... [--seed N]\n"
"                [-f FILE]... [-c 'CMD; CMD; ...']\n"
"  -f FILE          run a session script (exit 0 ok, 1 failed, 2 syntax)\n"
"  -c CMDS          run commands given on the command line\n"
"  -i IFACE         a lab NIC; without it only loopback is reachable\n"
"  --peer KIND:PORT start a kernel peer on 127.0.0.1:PORT: %s\n"
"  --seed N         repeatable ISNs, ports and ids\n"
"  -h, --help       this text;  --version  the version\n"
"Interactive without -f/-c.  Commands: help; manual: man tcpcraft\n",
	    "echo hello sink noaccept discard");
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
		{ NULL, 0, NULL, 0 }
	};
	struct session s;
	struct errbuf e;
	const char *files[MAXSCRIPTS], *cmds = NULL, *labif = NULL;
	const char *peers[8];
	char *end;
	uint64_t seed = 0;
	int nfiles = 0, npeers = 0, seeded = 0, banner = 0, ch, i, st, status = 0;
	pid_t pid;

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
	setvbuf(stdout, NULL, _IOLBF, 0);
	if (sess_init(&s, labif, seeded, seed) != 0) {
		fprintf(stderr, "tcpcraft: out of memory\n");
		return 1;
	}
	loop_signals();
	for (i = 0; i < npeers; i++) {
		if ((pid = peer_start(peers[i], &e)) < 0) {
			fprintf(stderr, "tcpcraft: --peer %s: %s\n", peers[i],
			    e.msg);
			sess_free(&s);
			return 2;
		}
		s.peers[s.npeers++] = pid;
		if (nfiles == 0 && cmds == NULL && !banner)
			printf("peer %s listening (pid %d)\n", peers[i],
			    (int)pid);
	}
	if (nfiles == 0 && cmds == NULL) {
		s.interactive = 1;
		status = repl_run(&s, banner);
	} else {
		for (i = 0; i < nfiles && !s.quit; i++) {
			script_run_file(&s, files[i], &st);
			if (st > status)
				status = st;
			if (st == 2 || (st == 1 && !s.set.onerror_continue))
				break;
		}
		if (cmds != NULL && status == 0 && !s.quit) {
			script_run_string(&s, cmds, &st);
			status = st;
		}
		if (status == 0 && s.failed)
			status = 1;
	}
	sess_free(&s);
	return status;
}
