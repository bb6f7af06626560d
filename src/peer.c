/* peer.c - built-in kernel-socket peers, each in a child process
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The child is an ordinary sockets program on 127.0.0.1:PORT: the other
 * end of every lab is the real kernel TCP, not a simulation.  It dies
 * with the shell (PR_SET_PDEATHSIG), leaves the terminal's process group
 * so ^C at the prompt does not kill it, and drops every descriptor it
 * inherited: a copy of the guard's netlink socket in a child would keep
 * the owner-flagged nftables table alive.
 */
#include <sys/types.h>
#include <sys/pidfd.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/wait.h>

#include <arpa/inet.h>
#include <netinet/in.h>
#include <netinet/tcp.h>

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <poll.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "cmdtab.h"
#include "errbuf.h"
#include "loop.h"
#include "peer.h"
#include "peerclient.h"
#include "priv.h"
#include "sess.h"
#include "session.h"

#define PEER_BACKLOG	16
#define PEER_MAXCLI	64
#define PEER_BUFSZ	4096
#define SINK_RCVBUF	4096	/* the kernel doubles it */
#define HELLO_PAUSE_MS	50
#define READY_WAIT_MS	5000

enum kind { K_ECHO, K_HELLO, K_SINK, K_NOACCEPT, K_DISCARD, K_CLIENT };

const char *const peer_kinds[] = {
	"echo", "hello", "sink", "noaccept", "discard", "client", NULL
};

struct client {
	int		fd;
	int		stage;		/* hello: 0 sent hello, 1 done */
	long long	due_ms;		/* hello: when to say bye */
	size_t		off, len;	/* echo: pending output */
	char		buf[PEER_BUFSZ];
};

static long long
now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (long long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

static int
parse_spec(const char *spec, enum kind *k, struct ipaddr *addr,
    unsigned *port, struct errbuf *e)
{
	const char *colon, *last;
	char *end, abuf[IPADDR_STRLEN + 2];
	unsigned long v;
	size_t n;
	int i;

	if (spec == NULL || (colon = strchr(spec, ':')) == NULL)
		return err_set(e, 0, "peer \"%s\": expected KIND:PORT, e.g. "
		    "echo:20000", spec != NULL ? spec : "");
	n = (size_t)(colon - spec);
	for (i = 0; peer_kinds[i] != NULL; i++)
		if (strlen(peer_kinds[i]) == n &&
		    strncmp(peer_kinds[i], spec, n) == 0)
			break;
	if (peer_kinds[i] == NULL)
		return err_set(e, 0, "peer \"%s\": unknown kind \"%.*s\" "
		    "(echo, hello, sink, noaccept, discard, client)", spec,
		    (int)n, spec);
	/* KIND:ADDR:PORT binds ADDR: a lab namespace's own address, or
	 * [::1] (the port's colon is the last one) */
	*addr = cmd_localhost();
	if ((last = strrchr(colon + 1, ':')) != NULL) {
		if ((size_t)(last - colon - 1) >= sizeof(abuf))
			return err_set(e, 0, "peer \"%s\": bad address", spec);
		memcpy(abuf, colon + 1, (size_t)(last - colon - 1));
		abuf[last - colon - 1] = '\0';
		if (cmd_parse_addr(abuf, addr) != 0)
			return err_set(e, 0, "peer \"%s\": bad address \"%s\" "
			    "(KIND:ADDR:PORT, KIND:[IPV6]:PORT)", spec, abuf);
		colon = last;
	}
	errno = 0;
	v = strtoul(colon + 1, &end, 10);
	if (colon[1] < '0' || colon[1] > '9' || *end != '\0' || errno != 0 ||
	    v == 0 || v > 65535)
		return err_set(e, 0, "peer \"%s\": port must be 1-65535",
		    spec);
	*k = (enum kind)i;
	*port = (unsigned)v;
	return 0;
}

static void
set_nonblock(int fd)
{
	int fl;

	if ((fl = fcntl(fd, F_GETFL)) != -1)
		(void)fcntl(fd, F_SETFL, fl | O_NONBLOCK);
}

/* Returns the listening socket, or -1 with errno set. */
static int
listen_on(enum kind k, const struct ipaddr *addr, unsigned port)
{
	struct sockaddr_storage ss;
	socklen_t len;
	int fd, one = 1, rcv = SINK_RCVBUF, saved;

	len = ipaddr_sockaddr(addr, (uint16_t)port, &ss);
	if ((fd = socket(ss.ss_family, SOCK_STREAM, 0)) == -1)
		return -1;
	if (setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one)) == -1)
		goto fail;
	/* Set on the listener so every accepted socket inherits it: a
	 * small, locked buffer makes the window close after a few KiB. */
	if (k == K_SINK && setsockopt(fd, SOL_SOCKET, SO_RCVBUF, &rcv,
	    sizeof(rcv)) == -1)
		goto fail;
	if (bind(fd, (struct sockaddr *)&ss, len) == -1 ||
	    listen(fd, PEER_BACKLOG) == -1)
		goto fail;
	set_nonblock(fd);
	return fd;
fail:
	saved = errno;
	close(fd);
	errno = saved;
	return -1;
}

static void
drop_client(struct client *c)
{
	close(c->fd);
	c->fd = -1;
}

/* Closing with unread data makes the kernel send RST instead of FIN:
 * read what is queued first so "hello" ends with an orderly close. */
static void
drain(int fd)
{
	char buf[PEER_BUFSZ];
	int i;

	for (i = 0; i < 64 && read(fd, buf, sizeof(buf)) > 0; i++)
		;
}

static void
accept_one(enum kind k, int lfd, struct client *cli)
{
	int fd, i, one = 1;

	if ((fd = accept(lfd, NULL, NULL)) == -1)
		return;
	for (i = 0; i < PEER_MAXCLI && cli[i].fd != -1; i++)
		;
	if (i == PEER_MAXCLI) {
		close(fd);
		return;
	}
	set_nonblock(fd);
	cli[i].fd = fd;
	cli[i].stage = 0;
	cli[i].off = cli[i].len = 0;
	if (k == K_HELLO) {
		/* Without Nagle "bye" leaves after the pause even if "hello"
		 * is not yet acknowledged: two segments, every time. */
		(void)setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one,
		    sizeof(one));
		(void)send(fd, "hello\r\n", 7, MSG_NOSIGNAL);
		cli[i].due_ms = now_ms() + HELLO_PAUSE_MS;
	}
}

/* One client's turn after poll; a client that is done is closed and its
 * slot freed. */
static void
serve_client(enum kind k, struct client *c, short rev)
{
	ssize_t n;

	switch (k) {
	case K_ECHO:
		if (c->len > 0 && (rev & (POLLOUT | POLLERR | POLLHUP))) {
			n = send(c->fd, c->buf + c->off, c->len, MSG_NOSIGNAL);
			if (n == -1 && errno != EAGAIN && errno != EINTR) {
				drop_client(c);
				return;
			}
			if (n > 0) {
				c->off += (size_t)n;
				c->len -= (size_t)n;
			}
			return;
		}
		if (c->len == 0 && (rev & (POLLIN | POLLERR | POLLHUP))) {
			n = read(c->fd, c->buf, sizeof(c->buf));
			if (n == 0 || (n == -1 && errno != EAGAIN &&
			    errno != EINTR)) {
				drop_client(c);
				return;
			}
			if (n > 0) {
				c->off = 0;
				c->len = (size_t)n;
			}
		}
		break;
	case K_DISCARD:
		if (rev & (POLLIN | POLLERR | POLLHUP)) {
			n = read(c->fd, c->buf, sizeof(c->buf));
			if (n == 0 || (n == -1 && errno != EAGAIN &&
			    errno != EINTR))
				drop_client(c);
		}
		break;
	case K_HELLO:
		if (rev & (POLLERR | POLLHUP)) {
			drop_client(c);
			return;
		}
		if (c->stage == 0 && now_ms() >= c->due_ms) {
			(void)send(c->fd, "bye\r\n", 5, MSG_NOSIGNAL);
			drain(c->fd);
			drop_client(c);
		}
		break;
	case K_SINK:
		/* Never reads: only a reset or a full close ends it. */
		if (rev & (POLLERR | POLLHUP))
			drop_client(c);
		break;
	case K_NOACCEPT:
	case K_CLIENT:		/* never here: it does not serve */
		break;
	}
}

static void
serve(enum kind k, int lfd)
{
	struct client cli[PEER_MAXCLI];
	struct pollfd pfd[PEER_MAXCLI + 1];
	int map[PEER_MAXCLI + 1];
	int i, n, nfd, timeout, room;
	long long now, wait;

	for (i = 0; i < PEER_MAXCLI; i++)
		cli[i].fd = -1;
	for (;;) {
		nfd = 0;
		room = 0;
		timeout = -1;
		now = now_ms();
		for (i = 0; i < PEER_MAXCLI; i++) {
			if (cli[i].fd == -1) {
				room = 1;
				continue;
			}
			pfd[nfd].fd = cli[i].fd;
			pfd[nfd].events = 0;
			if (k == K_ECHO)
				pfd[nfd].events = cli[i].len > 0 ? POLLOUT :
				    POLLIN;
			else if (k == K_DISCARD)
				pfd[nfd].events = POLLIN;
			if (k == K_HELLO && cli[i].stage == 0) {
				wait = cli[i].due_ms - now;
				if (wait < 0)
					wait = 0;
				if (timeout == -1 || wait < timeout)
					timeout = (int)wait;
			}
			map[nfd++] = i;
		}
		/* A full table leaves new connections in the backlog. */
		if (k != K_NOACCEPT && room) {
			pfd[nfd].fd = lfd;
			pfd[nfd].events = POLLIN;
			map[nfd++] = -1;
		}
		n = poll(pfd, (nfds_t)nfd, timeout);
		if (n == -1 && errno != EINTR)
			_exit(1);
		for (i = 0; i < nfd; i++) {
			if (map[i] == -1) {
				if (pfd[i].revents & POLLIN)
					accept_one(k, lfd, cli);
				continue;
			}
			if (cli[map[i]].fd != -1 && (n > 0 || k == K_HELLO))
				serve_client(k, &cli[map[i]],
				    n > 0 ? pfd[i].revents : 0);
		}
	}
}

/* Everything the child inherited but the pipe goes: the shell's pcap,
 * raw and netlink sockets must not outlive it in here. */
static int
close_inherited(int keep)
{
	int devnull;

	/* 0-2 become /dev/null below: move the pipe out of their way. */
	if (keep < 3)
		keep = fcntl(keep, F_DUPFD, 3);
	if ((devnull = open("/dev/null", O_RDWR)) != -1) {
		(void)dup2(devnull, 0);
		(void)dup2(devnull, 1);
		if (devnull > 2 && devnull != keep)
			close(devnull);
	}
	if (keep > 3)
		(void)close_range(3, (unsigned)keep - 1, 0);
	(void)close_range((unsigned)keep + 1, ~0U, 0);
	return keep;
}

static void
child_setup(pid_t parent)
{
	struct sigaction sa;
	sigset_t none;
	int i;
	static const int quiet[] = { SIGINT, SIGQUIT, SIGTSTP, SIGTTIN,
	    SIGTTOU, SIGPIPE, SIGHUP };
	static const int dfl[] = { SIGTERM, SIGCHLD, SIGALRM, SIGUSR1,
	    SIGUSR2, SIGWINCH };

	(void)prctl(PR_SET_PDEATHSIG, SIGKILL);
	if (getppid() != parent)	/* the shell died before prctl */
		_exit(0);
	/* The shell may block signals for its poll loop; the mask and the
	 * handlers survive fork, and peer_stop relies on SIGTERM. */
	sigemptyset(&none);
	(void)sigprocmask(SIG_SETMASK, &none, NULL);
	memset(&sa, 0, sizeof(sa));
	sigemptyset(&sa.sa_mask);
	sa.sa_handler = SIG_IGN;
	for (i = 0; i < (int)(sizeof(quiet) / sizeof(quiet[0])); i++)
		(void)sigaction(quiet[i], &sa, NULL);
	sa.sa_handler = SIG_DFL;
	for (i = 0; i < (int)(sizeof(dfl) / sizeof(dfl[0])); i++)
		(void)sigaction(dfl[i], &sa, NULL);
	(void)setpgid(0, 0);
}

/* A peer starting: the task waits for the child to say through the
 * pipe that it listens, or why not, READY_WAIT_MS at most (the session's
 * loop waits).  Its rc: the child's pid, or -1 with e set. */
struct peer_task {
	struct task	 t;		/* first: the loop's handle */
	const char	*spec;
	struct errbuf	*e;
	struct ipaddr	 addr;
	unsigned	 port;
	pid_t		 pid;
	int		 fd;
};

/* The child's word has come (or not: -1); the task's end. */
static int
peer_ready(struct peer_task *pt, int ok, int err)
{
	char ep[CMD_EPSTRLEN];

	close(pt->fd);
	pt->t.rc = -1;
	if (!ok) {
		peer_stop(pt->pid);
		err_set(pt->e, 0, "peer %s: the child did not start",
		    pt->spec);
	} else if (err != 0) {
		peer_stop(pt->pid);
		err_set(pt->e, 0, "peer %s: listening on %s: %s", pt->spec,
		    cmd_endpoint_str(&pt->addr, (uint16_t)pt->port, ep,
		    sizeof(ep)), strerror(err));
	} else
		pt->t.rc = (int)pt->pid;
	return TASK_DONE;
}

static int
peer_task_run(struct session *s, struct task *t, enum loop_end why)
{
	struct peer_task *pt = (struct peer_task *)t;
	ssize_t n;
	int v;

	if (why == LW_START) {
		t->w = (struct loop_wait){ pt->fd, sess_now(s) +
		    READY_WAIT_MS * 1000ull, -1, 0, NULL, NULL };
		return TASK_WAIT;
	}
	if (why != LW_FD)
		return peer_ready(pt, 0, 0);
	n = read(pt->fd, &v, sizeof(v));
	if (n == -1 && errno == EINTR)
		return TASK_WAIT;
	if (n != (ssize_t)sizeof(v))
		return peer_ready(pt, 0, 0);
	return peer_ready(pt, 1, v);
}

static void
peer_task_drop(struct task *t)
{
	free(t);
}

struct task *
peer_start_task(const char *spec, struct errbuf *e)
{
	struct peer_task *pt;
	enum kind k = K_ECHO;
	unsigned port = 0;
	struct ipaddr addr;
	pid_t pid, parent;
	int p[2], lfd, err = 0;

	if (parse_spec(spec, &k, &addr, &port, e) == -1)
		return NULL;
	if ((pt = calloc(1, sizeof(*pt))) == NULL) {
		err_set(e, 0, "peer %s: out of memory", spec);
		return NULL;
	}
	if (pipe2(p, O_CLOEXEC) == -1) {
		err_set(e, 0, "peer %s: pipe: %s", spec, strerror(errno));
		free(pt);
		return NULL;
	}
	/* Buffered output would be written twice, once by each process. */
	fflush(NULL);
	parent = getpid();
	if ((pid = fork()) == -1) {
		err_set(e, 0, "peer %s: fork: %s", spec, strerror(errno));
		close(p[0]);
		close(p[1]);
		free(pt);
		return NULL;
	}
	if (pid == 0) {
		/* first: nothing runs in here holding a capability */
		priv_child();
		close(p[0]);
		child_setup(parent);
		p[1] = close_inherited(p[1]);
		if (k == K_CLIENT) {
			/* it connects rather than listens (peerclient.c) */
			(void)write(p[1], &err, sizeof(err));
			close(p[1]);
			peerclient_run(&addr, port);
		}
		lfd = listen_on(k, &addr, port);
		err = lfd == -1 ? errno : 0;
		(void)write(p[1], &err, sizeof(err));
		close(p[1]);
		if (lfd == -1)
			_exit(1);
		serve(k, lfd);
		_exit(0);
	}
	close(p[1]);
	pt->t.run = peer_task_run;
	pt->t.drop = peer_task_drop;
	pt->spec = spec;
	pt->e = e;
	pt->addr = addr;
	pt->port = port;
	pt->pid = pid;
	pt->fd = p[0];
	return &pt->t;
}

/* Reaps pid if it has exited: 1 when it is gone. */
static int
reaped(pid_t pid)
{
	int status;
	pid_t r = waitpid(pid, &status, WNOHANG);

	return r == pid || (r == -1 && errno == ECHILD);
}

/* SIGKILL, then the zombie: a killed child is gone at once. */
static void
kill_reap(pid_t pid)
{
	int status;

	(void)kill(pid, SIGKILL);
	while (waitpid(pid, &status, 0) == -1 && errno == EINTR)
		;
}

/* For a peer still running when a session is freed without the loop
 * (an error on the way in): SIGTERM, a second's grace, then SIGKILL. */
void
peer_stop(pid_t pid)
{
	int i;

	/* Never a process group or "every process". */
	if (pid <= 0)
		return;
	if (kill(pid, SIGTERM) == -1 && errno == ESRCH) {
		(void)reaped(pid);
		return;
	}
	for (i = 0; i < 100; i++) {
		if (reaped(pid))
			return;
		usleep(10000);
	}
	kill_reap(pid);
}

/* The session's peers stopped one by one on the loop: SIGTERM, then the
 * loop waits on a pidfd (readable when the child exits) for at most a
 * second before SIGKILL. */
struct stop_task {
	struct task	 t;	/* first: the loop's handle */
	int		 fd;	/* pidfd of s->peers[i] */
};

/* The next peer to wait for: TASK_WAIT, or TASK_DONE when none is
 * left. */
static int
stop_next(struct session *s, struct stop_task *st)
{
	pid_t pid;

	while (s->npeers > 0) {
		pid = s->peers[--s->npeers];
		if (pid <= 0)
			continue;
		if (kill(pid, SIGTERM) == -1 && errno == ESRCH) {
			(void)reaped(pid);
			continue;
		}
		if ((st->fd = pidfd_open(pid, 0)) < 0) {
			peer_stop(pid);		/* a kernel before 5.3 */
			continue;
		}
		s->peers[s->npeers] = pid;	/* the one waited for */
		/* quiet: what the peer's end sends is no longer shown */
		st->t.w = (struct loop_wait){ st->fd, sess_now(s) + 1000000,
		    -1, LW_QUIET, NULL, NULL };
		return TASK_WAIT;
	}
	return TASK_DONE;
}

static int
stop_run(struct session *s, struct task *t, enum loop_end why)
{
	struct stop_task *st = (struct stop_task *)t;
	pid_t pid;

	if (why != LW_START) {
		pid = s->peers[s->npeers];
		if (why != LW_FD || !reaped(pid))
			kill_reap(pid);
		close(st->fd);
	}
	return stop_next(s, st);
}

static void
stop_drop(struct task *t)
{
	free(t);
}

struct task *
peers_stop_task(void)
{
	struct stop_task *st;

	if ((st = calloc(1, sizeof(*st))) == NULL)
		return NULL;
	st->t.run = stop_run;
	st->t.drop = stop_drop;
	st->fd = -1;
	return &st->t;
}
