/* packetdrill.c - tcpcraft --packetdrill FILE.pkt...: the command
 *
 * The parent reads and checks every script, then forks one child per
 * script (tun_fork: its own user and network namespaces, killed with
 * the parent) and waits for it; SIGINT or SIGTERM kill the child being
 * run, whose namespace and tun device go with it.
 */
#include <sys/stat.h>
#include <sys/wait.h>

#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "backend_tun.h"
#include "packetdrill.h"
#include "pdcode.h"
#include "pdrun.h"
#include "pdscript.h"
#include "pdsys.h"

#define PD_MAXFILE	(1 << 20)

static volatile sig_atomic_t stop_sig;

static void
on_signal(int sig)
{
	stop_sig = sig;
}

int
packetdrill_wanted(int argc, char **argv)
{
	int i;

	for (i = 1; i < argc; i++)
		if (strcmp(argv[i], "--packetdrill") == 0)
			return 1;
	return 0;
}

static void
usage(FILE *f)
{
	fprintf(f,
"usage: tcpcraft --packetdrill [--tap | --step] [-v] [--tolerance_usecs=N]\n"
"                [--tolerance_percent=P] [--mss=N] [--mtu=N]\n"
"                [--local_ip=A] [--remote_ip=A] [--bind_port=N]\n"
"                [--connect_port=N] [--ip_version=ipv4|ipv6|ipv4-mapped-ipv6]\n"
"                FILE.pkt...\n"
"  runs packetdrill scripts against this kernel, each in a network\n"
"  namespace of its own with a tun device (exit 0 passed, 1 failed,\n"
"  2 syntax error or unsupported); manual: man tcpcraft\n");
}

static char *
slurp(const char *path, char *err, size_t cap)
{
	FILE *f;
	char *buf;
	size_t n;

	if ((f = fopen(path, "r")) == NULL) {
		snprintf(err, cap, "%s", strerror(errno));
		return NULL;
	}
	if ((buf = malloc(PD_MAXFILE + 1)) == NULL) {
		fclose(f);
		snprintf(err, cap, "out of memory");
		return NULL;
	}
	n = fread(buf, 1, PD_MAXFILE, f);
	if (ferror(f) || n == PD_MAXFILE) {
		snprintf(err, cap, ferror(f) ? "read error" : "too large");
		fclose(f);
		free(buf);
		return NULL;
	}
	fclose(f);
	buf[n] = '\0';
	if (memchr(buf, '\0', n) != NULL) {
		snprintf(err, cap, "not a text file");
		free(buf);
		return NULL;
	}
	return buf;
}

/* One --name=value of the command line into c: pdcfg_set's answer, or
 * -2 when it has no value. */
static int
flag(struct pdcfg *c, const char *arg)
{
	const char *eq;
	char name[64];

	if ((eq = strchr(arg, '=')) == NULL ||
	    (size_t)(eq - arg - 2) >= sizeof(name))
		return -2;
	memcpy(name, arg + 2, (size_t)(eq - arg - 2));
	name[eq - arg - 2] = '\0';
	return pdcfg_set(c, name, eq + 1);
}

/* The script's header lines, then the command line's flags again: as
 * under packetdrill, the command line wins (a script's --remote_ip=
 * 192.0.2.1 gives way to the --remote_ip of an IPv6 run); 0 or
 * PDRUN_REFUSED (said). */
static int
header(const char *path, const struct pd_script *sc, struct pdcfg *c,
    const char *pfx, int argc, char **argv)
{
	char msg[200];
	int i, rc;

	for (i = 0; i < sc->nopt; i++) {
		if ((rc = pdcfg_set(c, sc->opt[i].name, sc->opt[i].value)) ==
		    0)
			continue;
		printf("%s%s:%d: %s: --%s=%s\n", pfx, path, sc->opt[i].line,
		    rc > 0 ? "unsupported option" : "bad value",
		    sc->opt[i].name, sc->opt[i].value);
		return PDRUN_REFUSED;
	}
	/* checked by packetdrill_main: they take again */
	for (i = 1; i < argc; i++)
		if (strncmp(argv[i], "--", 2) == 0)
			(void)flag(c, argv[i]);
	for (i = 0; i < sc->nev; i++) {
		if (sc->ev[i].kind == PDE_CODE &&
		    pdcode_check(sc->ev[i].text, msg, sizeof(msg)) != 0) {
			printf("%s%s:%d: %s\n", pfx, path, sc->ev[i].line, msg);
			return PDRUN_REFUSED;
		}
		if (sc->ev[i].kind != PDE_SYSCALL)
			continue;
		if (pdsys_check(&sc->ev[i].sc, msg, sizeof(msg)) != 0) {
			printf("%s%s:%d: %s\n", pfx, path, sc->ev[i].line, msg);
			return PDRUN_REFUSED;
		}
	}
	return 0;
}

/* The child's status, the child killed when we are told to stop. */
static int
reap(pid_t pid)
{
	int st;

	for (;;) {
		if (waitpid(pid, &st, 0) == pid)
			break;
		if (errno != EINTR)
			return PDRUN_FAIL;
		if (stop_sig) {
			kill(pid, SIGKILL);
			(void)waitpid(pid, &st, 0);
			return -1;
		}
	}
	if (WIFEXITED(st))
		return WEXITSTATUS(st) <= PDRUN_TIMING ? WEXITSTATUS(st) :
		    PDRUN_FAIL;
	printf("tcpcraft: the run died of signal %d\n", WTERMSIG(st));
	return PDRUN_FAIL;
}

static int
one(const char *path, const struct pdcfg *base, int tap, int argc,
    char **argv)
{
	struct pd_script sc;
	struct pd_err pe;
	struct pdcfg c = *base;
	struct errbuf e;
	char *text, msg[200];
	pid_t pid;
	int rc;

	if ((text = slurp(path, msg, sizeof(msg))) == NULL) {
		printf("%s%s: %s\n", c.prefix, path, msg);
		return PDRUN_REFUSED;
	}
	rc = pd_script_parse(text, &sc, &pe);
	free(text);
	if (rc != 0) {
		printf("%s%s:%d:%d: %s%s\n", c.prefix, path, pe.line, pe.col,
		    pe.unsupported ? "" : "syntax error: ", pe.msg);
		pd_script_free(&sc);
		return PDRUN_REFUSED;
	}
	if ((rc = header(path, &sc, &c, c.prefix, argc, argv)) != 0) {
		pd_script_free(&sc);
		return rc;
	}
	if (pdcfg_finish(&c, msg, sizeof(msg)) != 0) {
		printf("%s%s: %s\n", c.prefix, path, msg);
		pd_script_free(&sc);
		return PDRUN_REFUSED;
	}
	fflush(stdout);
	if ((pid = tun_fork(&e)) < 0) {
		printf("%s%s: %s\n", c.prefix, path, e.msg);
		pd_script_free(&sc);
		return PDRUN_REFUSED;
	}
	if (pid == 0) {
		signal(SIGINT, SIG_DFL);
		signal(SIGTERM, SIG_DFL);
		signal(SIGPIPE, SIG_IGN);
		rc = pdrun(path, &sc, &c);
		fflush(stdout);
		_exit(rc);
	}
	pd_script_free(&sc);
	rc = reap(pid);
	if (rc < 0)
		printf("%s%s: interrupted\n", c.prefix, path);
	(void)tap;
	return rc;
}

int
packetdrill_main(int argc, char **argv)
{
	struct pdcfg cfg;
	struct sigaction sa;
	const char *files[256];
	int i, n = 0, tap = 0, rc, worst = 0, failed = 0;

	pdcfg_init(&cfg);
	for (i = 1; i < argc; i++) {
		if (strcmp(argv[i], "--packetdrill") == 0)
			continue;
		if (strcmp(argv[i], "--tap") == 0)
			tap = 1;
		else if (strcmp(argv[i], "--step") == 0)
			cfg.step = 1;
		else if (strcmp(argv[i], "-v") == 0 ||
		    strcmp(argv[i], "--verbose") == 0)
			cfg.verbose = 1;
		else if (strcmp(argv[i], "-h") == 0 ||
		    strcmp(argv[i], "--help") == 0) {
			usage(stdout);
			return 0;
		} else if (strncmp(argv[i], "--", 2) == 0) {
			if ((rc = flag(&cfg, argv[i])) != 0) {
				fprintf(stderr, "tcpcraft: --packetdrill: "
				    "%s %s\n", rc == -2 ? "unknown option" :
				    rc > 0 ? "unsupported option" :
				    "bad value in", argv[i]);
				return 2;
			}
		} else if (n == (int)(sizeof(files) / sizeof(files[0]))) {
			fprintf(stderr, "tcpcraft: at most %d scripts\n", n);
			return 2;
		} else
			files[n++] = argv[i];
	}
	if (n == 0 || (tap && cfg.step)) {
		usage(stderr);
		return 2;
	}
	setvbuf(stdout, NULL, _IOLBF, 0);
	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_signal;
	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGTERM, &sa, NULL);
	if (tap) {
		cfg.prefix = "# ";
		printf("1..%d\n", n);
	}
	for (i = 0; i < n && !stop_sig; i++) {
		rc = one(files[i], &cfg, tap, argc, argv);
		if (rc < 0)
			rc = PDRUN_FAIL;
		if (tap)
			printf("%sok %d - %s%s\n", rc == 0 ? "" : "not ", i + 1,
			    files[i], rc == PDRUN_TIMING ? " # timing" :
			    rc == PDRUN_REFUSED ? " # refused" : "");
		else if (rc == PDRUN_TIMING)
			printf("%s: failed on timing only\n", files[i]);
		if (rc == PDRUN_TIMING)
			rc = PDRUN_FAIL;
		failed += rc != 0;
		if (rc > worst)
			worst = rc;
	}
	if (!tap && n > 1)
		printf("%d of %d scripts passed\n", n - failed, n);
	if (stop_sig)
		return worst > PDRUN_FAIL ? worst : PDRUN_FAIL;
	return worst;
}
