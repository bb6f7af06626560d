/* pdsys.c - the system calls of a packetdrill script, on real sockets
 *
 * One agent thread, one call at a time: the runner hands it a call
 * (pdsys_start), the agent makes it, compares the result with the
 * script's and writes a byte to a pipe; the runner, which polls that
 * pipe with the tun device, collects the verdict (pdsys_done).  The
 * names scripts use (SOCK_STREAM, SO_LINGER, POLLIN, ...) come from a
 * table; a name not in it makes the call unsupported, which the runner
 * learns before the run starts (pdsys_check).
 */
#include <sys/ioctl.h>
#include <sys/socket.h>

#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <linux/sockios.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "pdcfg.h"
#include "pdsys.h"

#define PDSYS_MAXFD	1024
#define PDSYS_MAXPOLL	16

struct pdsys {
	struct pdsys_cfg	 cfg;
	pthread_t		 th;
	pthread_mutex_t		 mu;
	pthread_cond_t		 cv;
	const struct pd_syscall	*job;		/* set: to do */
	int			 running, done;
	uint64_t		 end_mono;
	char			 msg[256];
	int			 pipe[2];
	int			 fd[PDSYS_MAXFD];	/* script -> real */
	int64_t			 cur;		/* the socket under test */
};

static const struct { const char *name; int64_t v; } syms[] = {
	{ "AF_INET", AF_INET }, { "PF_INET", PF_INET },
	{ "AF_INET6", AF_INET6 }, { "PF_INET6", PF_INET6 },
	{ "SOCK_STREAM", SOCK_STREAM }, { "SOCK_NONBLOCK", SOCK_NONBLOCK },
	{ "SOCK_CLOEXEC", SOCK_CLOEXEC },
	{ "IPPROTO_TCP", IPPROTO_TCP }, { "IPPROTO_IP", IPPROTO_IP },
	{ "SOL_SOCKET", SOL_SOCKET }, { "SOL_TCP", SOL_TCP },
	{ "SOL_IP", SOL_IP }, { "SOL_IPV6", SOL_IPV6 },
	{ "IPPROTO_IPV6", IPPROTO_IPV6 },
	{ "SO_REUSEADDR", SO_REUSEADDR }, { "SO_REUSEPORT", SO_REUSEPORT },
	{ "SO_RCVBUF", SO_RCVBUF }, { "SO_SNDBUF", SO_SNDBUF },
	{ "SO_LINGER", SO_LINGER }, { "SO_ERROR", SO_ERROR },
	{ "SO_KEEPALIVE", SO_KEEPALIVE }, { "SO_RCVLOWAT", SO_RCVLOWAT },
	{ "SO_OOBINLINE", SO_OOBINLINE }, { "SO_DEBUG", SO_DEBUG },
	{ "SO_TYPE", SO_TYPE }, { "SO_MARK", SO_MARK },
	{ "SO_RCVTIMEO", SO_RCVTIMEO }, { "SO_SNDTIMEO", SO_SNDTIMEO },
	{ "TCP_NODELAY", TCP_NODELAY }, { "TCP_MAXSEG", TCP_MAXSEG },
	{ "TCP_CORK", TCP_CORK }, { "TCP_KEEPIDLE", TCP_KEEPIDLE },
	{ "TCP_KEEPINTVL", TCP_KEEPINTVL }, { "TCP_KEEPCNT", TCP_KEEPCNT },
	{ "TCP_SYNCNT", TCP_SYNCNT }, { "TCP_LINGER2", TCP_LINGER2 },
	{ "TCP_DEFER_ACCEPT", TCP_DEFER_ACCEPT },
	{ "TCP_WINDOW_CLAMP", TCP_WINDOW_CLAMP },
	{ "TCP_QUICKACK", TCP_QUICKACK },
	{ "TCP_USER_TIMEOUT", TCP_USER_TIMEOUT },
	{ "TCP_NOTSENT_LOWAT", TCP_NOTSENT_LOWAT },
	{ "TCP_THIN_LINEAR_TIMEOUTS", TCP_THIN_LINEAR_TIMEOUTS },
	{ "TCP_CONGESTION", TCP_CONGESTION },
	{ "IP_TOS", IP_TOS }, { "IP_TTL", IP_TTL },
	{ "IP_MTU_DISCOVER", IP_MTU_DISCOVER }, { "IP_FREEBIND", IP_FREEBIND },
	{ "IP_PMTUDISC_DONT", IP_PMTUDISC_DONT },
	{ "IP_PMTUDISC_WANT", IP_PMTUDISC_WANT },
	{ "IP_PMTUDISC_DO", IP_PMTUDISC_DO },
	{ "IP_PMTUDISC_PROBE", IP_PMTUDISC_PROBE },
	{ "IPV6_V6ONLY", IPV6_V6ONLY }, { "IPV6_TCLASS", IPV6_TCLASS },
	{ "IPV6_UNICAST_HOPS", IPV6_UNICAST_HOPS },
	{ "IPV6_MTU_DISCOVER", IPV6_MTU_DISCOVER },
	{ "IPV6_PMTUDISC_DONT", IPV6_PMTUDISC_DONT },
	{ "IPV6_PMTUDISC_WANT", IPV6_PMTUDISC_WANT },
	{ "IPV6_PMTUDISC_DO", IPV6_PMTUDISC_DO },
	{ "IPV6_PMTUDISC_PROBE", IPV6_PMTUDISC_PROBE },
	{ "NULL", 0 },
	{ "O_RDONLY", O_RDONLY }, { "O_WRONLY", O_WRONLY },
	{ "O_RDWR", O_RDWR }, { "O_NONBLOCK", O_NONBLOCK },
	{ "F_GETFL", F_GETFL }, { "F_SETFL", F_SETFL },
	{ "F_GETFD", F_GETFD }, { "F_SETFD", F_SETFD },
	{ "FD_CLOEXEC", FD_CLOEXEC },
	{ "SHUT_RD", SHUT_RD }, { "SHUT_WR", SHUT_WR },
	{ "SHUT_RDWR", SHUT_RDWR },
	{ "MSG_PEEK", MSG_PEEK }, { "MSG_DONTWAIT", MSG_DONTWAIT },
	{ "MSG_OOB", MSG_OOB }, { "MSG_WAITALL", MSG_WAITALL },
	{ "MSG_NOSIGNAL", MSG_NOSIGNAL }, { "MSG_MORE", MSG_MORE },
	{ "MSG_TRUNC", MSG_TRUNC }, { "MSG_EOR", MSG_EOR },
	{ "POLLIN", POLLIN }, { "POLLOUT", POLLOUT }, { "POLLPRI", POLLPRI },
	{ "POLLERR", POLLERR }, { "POLLHUP", POLLHUP },
	{ "POLLNVAL", POLLNVAL }, { "POLLRDNORM", POLLRDNORM },
	{ "POLLRDBAND", POLLRDBAND }, { "POLLWRNORM", POLLWRNORM },
	{ "POLLWRBAND", POLLWRBAND }, { "POLLRDHUP", POLLRDHUP },
	{ "SIOCINQ", SIOCINQ }, { "FIONREAD", FIONREAD },
	{ "SIOCOUTQ", SIOCOUTQ }, { "SIOCOUTQNSD", SIOCOUTQNSD },
};

/* The calls the agent makes. */
static const char *const calls[] = {
	"socket", "bind", "listen", "accept", "connect", "read", "write",
	"send", "recv", "sendto", "recvfrom", "close", "shutdown",
	"setsockopt", "getsockopt", "fcntl", "ioctl", "poll",
};

static int
sym_lookup(const char *name, int64_t *v)
{
	size_t i;

	for (i = 0; i < sizeof(syms) / sizeof(syms[0]); i++)
		if (strcmp(syms[i].name, name) == 0) {
			*v = syms[i].v;
			return 0;
		}
	return -1;
}

/* ---- what the runner can do, decided before the run ---- */

static int
check_expr(const struct pd_expr *x, char *msg, size_t cap)
{
	int64_t v;
	int i;

	switch (x->kind) {
	case PDX_WORD:
		if (sym_lookup(x->text, &v) != 0) {
			snprintf(msg, cap, "unsupported: %s (col %d)",
			    x->text, x->col);
			return -1;
		}
		return 0;
	case PDX_CALL:
		if (strcmp(x->text, "htons") != 0 &&
		    strcmp(x->text, "inet_addr") != 0) {
			snprintf(msg, cap, "unsupported: %s() (col %d)",
			    x->text, x->col);
			return -1;
		}
		break;
	case PDX_ASSIGN:
		if (strcmp(x->text, "sa_family") == 0 &&
		    x->nkid == 1 && x->kid[0]->kind == PDX_WORD &&
		    strcmp(x->kid[0]->text, "AF_INET") != 0) {
			snprintf(msg, cap, "unsupported: %s (col %d)",
			    x->kid[0]->text, x->kid[0]->col);
			return -1;
		}
		if (strncmp(x->text, "tcpi_", 5) == 0 ||
		    strncmp(x->text, "msg_", 4) == 0 ||
		    strncmp(x->text, "cmsg_", 5) == 0 ||
		    strncmp(x->text, "iov_", 4) == 0) {
			snprintf(msg, cap, "unsupported: %s (col %d)",
			    x->text, x->col);
			return -1;
		}
		break;
	default:
		break;
	}
	for (i = 0; i < x->nkid; i++)
		if (check_expr(x->kid[i], msg, cap) != 0)
			return -1;
	return 0;
}

int
pdsys_check(const struct pd_syscall *sc, char *msg, size_t cap)
{
	size_t i;
	int k;

	for (i = 0; i < sizeof(calls) / sizeof(calls[0]); i++)
		if (strcmp(calls[i], sc->name) == 0)
			break;
	if (i == sizeof(calls) / sizeof(calls[0])) {
		snprintf(msg, cap, "unsupported system call: %s", sc->name);
		return -1;
	}
	for (k = 0; k < sc->nargs; k++)
		if (check_expr(sc->args[k], msg, cap) != 0)
			return -1;
	if (check_expr(sc->result, msg, cap) != 0)
		return -1;
	if (strcmp(sc->name, "socket") == 0 && sc->nargs > 0 &&
	    sc->args[0]->kind == PDX_WORD &&
	    strcmp(sc->args[0]->text, "AF_INET") != 0 &&
	    strcmp(sc->args[0]->text, "AF_INET6") != 0) {
		snprintf(msg, cap, "unsupported: %s sockets",
		    sc->args[0]->text);
		return -1;
	}
	return 0;
}

/* ---- evaluating arguments ---- */

static int64_t
eval(const struct pd_expr *x)
{
	int64_t v = 0;

	switch (x->kind) {
	case PDX_INT:
		return x->num;
	case PDX_WORD:
		(void)sym_lookup(x->text, &v);
		return v;
	case PDX_OR:
		return eval(x->kid[0]) | eval(x->kid[1]);
	case PDX_LIST:
		return x->nkid > 0 ? eval(x->kid[0]) : 0;
	case PDX_CALL:
		if (strcmp(x->text, "htons") == 0 && x->nkid == 1)
			return eval(x->kid[0]);
		if (strcmp(x->text, "inet_addr") == 0 && x->nkid == 1 &&
		    x->kid[0]->kind == PDX_STR)
			return ntohl(inet_addr(x->kid[0]->text));
		return 0;
	default:
		return 0;
	}
}

static const struct pd_expr *
arg(const struct pd_syscall *sc, int i)
{
	static const struct pd_expr none = { .kind = PDX_ELLIPSIS };

	return i < sc->nargs ? sc->args[i] : &none;
}

/* The field name=... of a struct, or NULL. */
static const struct pd_expr *
field(const struct pd_expr *x, const char *name)
{
	int i;

	for (i = 0; x->kind == PDX_STRUCT && i < x->nkid; i++)
		if (x->kid[i]->kind == PDX_ASSIGN &&
		    strcmp(x->kid[i]->text, name) == 0)
			return x->kid[i]->kid[0];
	return NULL;
}

/* The address of a bind (local) or connect: the run's, of the run's
 * family (packetdrill's "..."), a sin_port or sin_addr the script gives
 * put in (an IPv4 sin_addr as ::ffff:a.b.c.d on an IPv6 run).  Its
 * length. */
static socklen_t
sockaddr_of(const struct pdsys *a, const struct pd_expr *x, int local,
    struct sockaddr_storage *ss)
{
	struct sockaddr_in *sin = (struct sockaddr_in *)ss;
	struct sockaddr_in6 *sin6 = (struct sockaddr_in6 *)ss;
	const struct ipaddr *ip = local ? &a->cfg.bind_addr :
	    &a->cfg.connect_addr;
	struct ipaddr m;
	const struct pd_expr *f, *fa;
	uint16_t port = local ? a->cfg.bind_port : a->cfg.connect_port;

	memset(ss, 0, sizeof(*ss));
	if ((f = field(x, "sin_port")) != NULL ||
	    (f = field(x, "sin6_port")) != NULL)
		port = (uint16_t)eval(f);
	fa = field(x, "sin_addr");
	if (ip->af == AF_INET) {
		sin->sin_family = AF_INET;
		sin->sin_port = htons(port);
		sin->sin_addr.s_addr = htonl(fa != NULL ? (uint32_t)eval(fa) :
		    ip->v4);
		return sizeof(*sin);
	}
	sin6->sin6_family = AF_INET6;
	sin6->sin6_port = htons(port);
	memcpy(&sin6->sin6_addr, ip->v6, 16);
	if (fa != NULL) {
		m = pdcfg_mapped((uint32_t)eval(fa));
		memcpy(&sin6->sin6_addr, m.v6, 16);
	}
	return sizeof(*sin6);
}

static int
realfd(struct pdsys *a, const struct pd_expr *x)
{
	int64_t s = eval(x);

	if (s < 0 || s >= PDSYS_MAXFD || a->fd[s] < 0)
		return -1 - (int)(s & 0xffff);	/* EBADF, as the call will */
	return a->fd[s];
}

/* ---- the calls ---- */

struct outval {
	int		 n;		/* values to compare */
	const char	*what[PDSYS_MAXPOLL];
	int64_t		 got[PDSYS_MAXPOLL];
	const struct pd_expr *want[PDSYS_MAXPOLL];
};

static void
outval_add(struct outval *o, const char *what, int64_t got,
    const struct pd_expr *want)
{
	if (o->n < PDSYS_MAXPOLL && want != NULL &&
	    want->kind != PDX_ELLIPSIS) {
		o->what[o->n] = what;
		o->got[o->n] = got;
		o->want[o->n] = want;
		o->n++;
	}
}

static long
buf_call(struct pdsys *a, const struct pd_syscall *sc, int fd)
{
	size_t len = (size_t)eval(arg(sc, 2));
	int flags = sc->nargs > 3 ? (int)eval(arg(sc, 3)) : 0;
	const char *name = sc->name;
	char *buf;
	long rc;

	if (len > (1u << 26))
		len = 1u << 26;
	if ((buf = calloc(1, len + 1)) == NULL) {
		errno = ENOMEM;
		return -1;
	}
	if (arg(sc, 1)->kind == PDX_STR)
		strncpy(buf, arg(sc, 1)->text, len);
	if (arg(sc, 1)->kind == PDX_WORD &&
	    strcmp(arg(sc, 1)->text, "NULL") == 0) {
		free(buf);	/* the kernel's answer to a NULL buffer */
		buf = NULL;
	}
	if (strcmp(name, "read") == 0)
		rc = read(fd, buf, len);
	else if (strcmp(name, "write") == 0)
		rc = write(fd, buf, len);
	else if (strcmp(name, "recv") == 0 || strcmp(name, "recvfrom") == 0)
		rc = recv(fd, buf, len, flags);
	else
		rc = send(fd, buf, len, flags);
	free(buf);
	return rc;
}

static long
sockopt(const struct pd_syscall *sc, int fd, struct outval *o)
{
	int level = (int)eval(arg(sc, 1)), name = (int)eval(arg(sc, 2));
	const struct pd_expr *v = arg(sc, 3), *f;
	struct linger lg;
	char str[64];
	socklen_t len;
	int iv;
	long rc;

	if (strcmp(sc->name, "setsockopt") == 0) {
		if (v->kind == PDX_STRUCT) {
			lg.l_onoff = (f = field(v, "onoff")) ? (int)eval(f) : 0;
			lg.l_linger = (f = field(v, "linger")) ? (int)eval(f) :
			    0;
			return setsockopt(fd, level, name, &lg, sizeof(lg));
		}
		if (v->kind == PDX_STR)
			return setsockopt(fd, level, name, v->text,
			    (socklen_t)strlen(v->text));
		iv = (int)eval(v);
		return setsockopt(fd, level, name, &iv, sizeof(iv));
	}
	if (v->kind == PDX_STRUCT) {
		len = sizeof(lg);
		memset(&lg, 0, sizeof(lg));
		rc = getsockopt(fd, level, name, &lg, &len);
		outval_add(o, "onoff", lg.l_onoff, field(v, "onoff"));
		outval_add(o, "linger", lg.l_linger, field(v, "linger"));
		return rc;
	}
	if (v->kind == PDX_STR) {
		len = sizeof(str) - 1;
		memset(str, 0, sizeof(str));
		return getsockopt(fd, level, name, str, &len);
	}
	iv = 0;
	len = sizeof(iv);
	rc = getsockopt(fd, level, name, &iv, &len);
	outval_add(o, "value", iv, v->kind == PDX_LIST && v->nkid > 0 ?
	    v->kid[0] : v);
	return rc;
}

static long
do_poll(struct pdsys *a, const struct pd_syscall *sc, struct outval *o)
{
	const struct pd_expr *l = arg(sc, 0), *f;
	struct pollfd pfd[PDSYS_MAXPOLL];
	int n = 0, i;
	long rc;

	for (i = 0; l->kind == PDX_LIST && i < l->nkid &&
	    n < PDSYS_MAXPOLL; i++) {
		pfd[n].fd = (f = field(l->kid[i], "fd")) ? realfd(a, f) : -1;
		pfd[n].events = (short)((f = field(l->kid[i], "events")) ?
		    eval(f) : 0);
		pfd[n].revents = 0;
		n++;
	}
	rc = poll(pfd, (nfds_t)n, (int)eval(arg(sc, 2)));
	for (i = 0; i < n; i++)
		outval_add(o, "revents", pfd[i].revents,
		    field(l->kid[i], "revents"));
	return rc;
}

/* The call itself: its return value, errno set when it failed. */
static long
run_call(struct pdsys *a, const struct pd_syscall *sc, struct outval *o)
{
	const char *n = sc->name;
	struct sockaddr_storage ss;
	socklen_t sl;
	int fd = -1, iv;
	long rc;

	if (strcmp(n, "socket") == 0) {
		return socket(arg(sc, 0)->kind == PDX_ELLIPSIS ?
		    a->cfg.domain : (int)eval(arg(sc, 0)),
		    (int)eval(arg(sc, 1)),
		    (int)eval(arg(sc, 2)));
	}
	if (strcmp(n, "poll") == 0)
		return do_poll(a, sc, o);
	if ((fd = realfd(a, arg(sc, 0))) < 0) {
		errno = EBADF;
		return -1;
	}
	if (strcmp(n, "bind") == 0 || strcmp(n, "connect") == 0) {
		sl = sockaddr_of(a, arg(sc, 1), n[0] == 'b', &ss);
		if (n[0] == 'b')
			return bind(fd, (struct sockaddr *)&ss, sl);
		return connect(fd, (struct sockaddr *)&ss, sl);
	}
	if (strcmp(n, "listen") == 0)
		return listen(fd, (int)eval(arg(sc, 1)));
	if (strcmp(n, "accept") == 0)
		return accept(fd, NULL, NULL);
	if (strcmp(n, "close") == 0)
		return close(fd);
	if (strcmp(n, "shutdown") == 0)
		return shutdown(fd, (int)eval(arg(sc, 1)));
	if (strcmp(n, "setsockopt") == 0 || strcmp(n, "getsockopt") == 0)
		return sockopt(sc, fd, o);
	if (strcmp(n, "fcntl") == 0)
		return sc->nargs > 2 ? fcntl(fd, (int)eval(arg(sc, 1)),
		    (long)eval(arg(sc, 2))) : fcntl(fd, (int)eval(arg(sc, 1)));
	if (strcmp(n, "ioctl") == 0) {
		iv = 0;
		rc = ioctl(fd, (unsigned long)eval(arg(sc, 1)), &iv);
		outval_add(o, "value", iv, arg(sc, 2)->kind == PDX_LIST &&
		    arg(sc, 2)->nkid > 0 ? arg(sc, 2)->kid[0] : NULL);
		return rc;
	}
	return buf_call(a, sc, fd);
}

static const char *
errname(int e)
{
	const char *s = strerrorname_np(e);

	return s != NULL ? s : "E?";
}

/* The call's result against the script's: msg empty when they agree. */
static void
verdict(struct pdsys *a, const struct pd_syscall *sc, long rc, int err,
    const struct outval *o)
{
	int64_t want = eval(sc->result);
	int i, newfd;

	a->msg[0] = '\0';
	newfd = strcmp(sc->name, "socket") == 0 ||
	    strcmp(sc->name, "accept") == 0;
	if (sc->result->kind == PDX_ELLIPSIS)
		;
	else if (sc->err != NULL && (rc != -1 || strcmp(errname(err),
	    sc->err) != 0)) {
		if (rc != -1)
			snprintf(a->msg, sizeof(a->msg), "expected result -1 "
			    "%s but got %ld", sc->err, rc);
		else
			snprintf(a->msg, sizeof(a->msg), "expected result -1 "
			    "%s but got -1 %s (%s)", sc->err, errname(err),
			    strerror(err));
		return;
	} else if (sc->err == NULL && (newfd ? (rc < 0) != (want < 0) :
	    rc != want)) {
		if (rc == -1)
			snprintf(a->msg, sizeof(a->msg), "expected result %lld "
			    "but got -1 %s (%s)", (long long)want,
			    errname(err), strerror(err));
		else
			snprintf(a->msg, sizeof(a->msg), "expected result %lld "
			    "but got %ld", (long long)want, rc);
		return;
	}
	if (newfd && rc >= 0 && want >= 0 && want < PDSYS_MAXFD) {
		a->fd[want] = (int)rc;
		a->cur = want;
	}
	for (i = 0; rc >= 0 && i < o->n; i++)
		if (eval(o->want[i]) != o->got[i]) {
			snprintf(a->msg, sizeof(a->msg), "%s: %s: expected "
			    "%lld, got %lld", sc->name, o->what[i],
			    (long long)eval(o->want[i]), (long long)o->got[i]);
			return;
		}
}

static uint64_t
mono_us(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000000 + (uint64_t)ts.tv_nsec / 1000;
}

static void *
agent(void *self)
{
	struct pdsys *a = self;
	const struct pd_syscall *sc;
	struct outval o;
	long rc;
	int err;
	char c = 1;

	for (;;) {
		pthread_mutex_lock(&a->mu);
		while (a->job == NULL)
			pthread_cond_wait(&a->cv, &a->mu);
		sc = a->job;
		pthread_mutex_unlock(&a->mu);

		memset(&o, 0, sizeof(o));
		errno = 0;
		rc = run_call(a, sc, &o);
		err = errno;

		pthread_mutex_lock(&a->mu);
		a->end_mono = mono_us();
		verdict(a, sc, rc, err, &o);
		if (strcmp(sc->name, "close") == 0 && rc == 0)
			a->fd[eval(arg(sc, 0)) & (PDSYS_MAXFD - 1)] = -1;
		a->job = NULL;
		a->done = 1;
		pthread_mutex_unlock(&a->mu);
		/* a full pipe already wakes the runner */
		(void)!write(a->pipe[1], &c, 1);
	}
	return NULL;
}

struct pdsys *
pdsys_new(const struct pdsys_cfg *cfg, char *msg, size_t cap)
{
	struct pdsys *a = calloc(1, sizeof(*a));
	int i;

	if (a == NULL) {
		snprintf(msg, cap, "out of memory");
		return NULL;
	}
	a->cfg = *cfg;
	a->cur = -1;
	for (i = 0; i < PDSYS_MAXFD; i++)
		a->fd[i] = -1;
	pthread_mutex_init(&a->mu, NULL);
	pthread_cond_init(&a->cv, NULL);
	if (pipe2(a->pipe, O_CLOEXEC | O_NONBLOCK) != 0 ||
	    pthread_create(&a->th, NULL, agent, a) != 0) {
		snprintf(msg, cap, "agent thread: %s", strerror(errno));
		free(a);
		return NULL;
	}
	/* the thread lives as long as the run's process: a call blocked
	 * in the kernel cannot be joined, and the process ends with it */
	pthread_detach(a->th);
	return a;
}

void
pdsys_start(struct pdsys *a, const struct pd_syscall *sc)
{
	pthread_mutex_lock(&a->mu);
	a->job = sc;
	a->running = 1;
	a->done = 0;
	pthread_cond_signal(&a->cv);
	pthread_mutex_unlock(&a->mu);
}

int
pdsys_fd(const struct pdsys *a)
{
	return a->pipe[0];
}

int
pdsys_done(struct pdsys *a, uint64_t *end_mono, char *msg, size_t cap)
{
	char c[16];
	int done;

	while (read(a->pipe[0], c, sizeof(c)) > 0)
		;
	pthread_mutex_lock(&a->mu);
	done = a->done || !a->running;
	if (a->done) {
		*end_mono = a->end_mono;
		snprintf(msg, cap, "%s", a->msg);
		a->done = 0;
		a->running = 0;
	}
	pthread_mutex_unlock(&a->mu);
	return done;
}

int
pdsys_realfd(struct pdsys *a, int64_t sfd)
{
	int fd;

	if (sfd < 0 || sfd >= PDSYS_MAXFD)
		return -1;
	pthread_mutex_lock(&a->mu);
	fd = a->fd[sfd];
	pthread_mutex_unlock(&a->mu);
	return fd;
}

int
pdsys_current(struct pdsys *a)
{
	int fd;

	pthread_mutex_lock(&a->mu);
	fd = a->cur >= 0 ? a->fd[a->cur] : -1;
	pthread_mutex_unlock(&a->mu);
	return fd;
}
