/* confine.c - what a confined tcpcraft may reach, asked before it sends
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The threat: a student holding a binary that can write raw frames.
 * On loopback, a segment is delivered to whichever socket its 4-tuple
 * (or else its destination's listener) names, so the kernel itself is
 * asked, through sock_diag, whose socket that is, and only the user's
 * own (their --peer servers included: forked, they run as the user)
 * or none at all (the kernel answers RST for nobody) may be addressed.
 * On a lab NIC the administrator's lab configuration names the
 * interfaces and source prefixes.  tcpcraft --limits prints it all.
 *
 * The configuration's path is fixed when tcpcraft is built (TC_LABS_CONF)
 * and a confined tcpcraft takes no other: a path of the user's choosing
 * could name any root-owned file that happens to parse, an example
 * allowing a whole /8 or another machine's labs, and the checks on the
 * file's owner and mode would pass.  Root may name one in
 * TCPCRAFT_LABS_CONF (for --limits on a draft: root is never confined).
 * The path sits in a fixed-size array so that tests/integ/t_confined.sh
 * can write a temporary one into a root-owned copy of the binary, which
 * only root can do, as only root can give that copy its capabilities.
 */
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/types.h>

#include <netinet/in.h>

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <pwd.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cmdtab.h"
#include "confine.h"
#include "conn.h"
#include "errbuf.h"
#include "labconf.h"
#include "pktpatch.h"
#include "print.h"
#include "priv.h"
#include "route.h"
#include "seg.h"
#include "session.h"
#include "sockdiag.h"

#ifndef TC_LABS_CONF
#define TC_LABS_CONF	"/etc/tcpcraft/labs.conf"
#endif

#define ST_SYN_RECV	3	/* the kernel's TCP states, as sock_diag */
#define ST_TIME_WAIT	6	/* says them */

/* 128 bytes whatever the default's length (see above) */
static const char	labs_conf[128] = TC_LABS_CONF;
/* read once by confine_init, before any command: the process's */
static struct labconf	conf;
/* the ports confine_listen holds for the listeners, to the end */
static int		held[64];
static int		nheld;

const char *
confine_path(void)
{
	const char *env;

	if (getuid() == 0 && (env = getenv("TCPCRAFT_LABS_CONF")) != NULL &&
	    env[0] == '/')
		return env;
	return labs_conf;
}

/* Nobody but root may have written to it: owned by root, no write bit
 * for group or others, unless (sticky_ok, a directory above the file's
 * own) the sticky bit keeps others from renaming what root put there. */
static int
root_only(const char *what, const struct stat *st, int sticky_ok,
    struct errbuf *e)
{
	if (st->st_uid != 0)
		return err_set(e, 0, "%s is owned by uid %u, not root",
		    what, (unsigned)st->st_uid);
	if ((st->st_mode & (S_IWGRP | S_IWOTH)) != 0 &&
	    !(sticky_ok && S_ISDIR(st->st_mode) && (st->st_mode & S_ISVTX)))
		return err_set(e, 0, "%s is writable by %s (mode %04o)", what,
		    (st->st_mode & S_IWOTH) ? "anyone" : "its group",
		    (unsigned)(st->st_mode & 07777));
	return 0;
}

/* Every directory from / down to dir (resolved, no symbolic links). */
static int
dirs_root_only(const char *dir, struct errbuf *e)
{
	char part[PATH_MAX];
	struct stat st;
	size_t n, len = strlen(dir);

	for (n = 1; n <= len; n++) {
		if (n < len && dir[n] != '/')
			continue;
		memcpy(part, dir, n);
		part[n] = '\0';
		if (stat(part, &st) != 0)
			return err_set(e, 0, "%s: %s", part, strerror(errno));
		if (root_only(part, &st, n < len, e) != 0)
			return -1;
	}
	return 0;
}

/* The file's directory resolved; when it does not exist, the nearest
 * one that does, which must then be root's alone (nobody else could
 * create the rest), *missing set. */
static int
conf_dir(const char *path, char real[PATH_MAX], int *missing,
    struct errbuf *e)
{
	char dir[PATH_MAX], *p;
	struct stat st;

	*missing = 0;
	snprintf(dir, sizeof(dir), "%s", path);
	for (;;) {
		if ((p = strrchr(dir, '/')) == NULL)
			return err_set(e, 0, "%s: not an absolute path", path);
		*p = '\0';
		if (dir[0] == '\0')
			snprintf(dir, sizeof(dir), "/");
		if (realpath(dir, real) != NULL)
			break;
		if (errno != ENOENT)
			return err_set(e, 0, "%s: %s", dir, strerror(errno));
		*missing = 1;
	}
	if (dirs_root_only(real, e) != 0)
		return -1;
	if (*missing && (stat(real, &st) != 0 ||
	    (st.st_mode & (S_IWGRP | S_IWOTH)) != 0))
		return err_set(e, 0, "%s is writable by others, and %s is "
		    "not there yet", real, path);
	return 0;
}

/* Reads path into lc, after the checks above; a file that is not there
 * is an empty one (no lab, the default limits). */
static int
load(const char *path, struct labconf *lc, struct errbuf *e)
{
	char dir[PATH_MAX];
	struct errbuf pe;
	struct stat st;
	const char *base;
	FILE *f;
	int dfd, fd, missing, rc, err;

	labconf_init(lc);
	if (conf_dir(path, dir, &missing, e) != 0)
		return -1;
	if (missing)
		return 0;
	base = strrchr(path, '/') + 1;
	if ((dfd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC)) == -1)
		return err_set(e, 0, "%s: %s", dir, strerror(errno));
	/* a symbolic link would point where the checks did not look */
	fd = openat(dfd, base, O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC);
	err = errno;
	close(dfd);
	if (fd == -1 && err == ENOENT)
		return 0;
	if (fd == -1)
		return err_set(e, 0, "%s: %s", path, err == ELOOP ?
		    "a symbolic link (not followed)" : strerror(err));
	if (fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) {
		close(fd);
		return err_set(e, 0, "%s: not a regular file", path);
	}
	if (root_only(path, &st, 0, e) != 0) {
		close(fd);
		return -1;
	}
	if ((f = fdopen(fd, "r")) == NULL) {
		close(fd);
		return err_set(e, 0, "%s: %s", path, strerror(errno));
	}
	rc = labconf_read(lc, f, &pe);
	fclose(f);
	if (rc != 0)
		return err_set(e, 0, "%s: %s", path, pe.msg);
	return 0;
}

int
confine_init(struct errbuf *e)
{
	struct errbuf le;

	if (!priv_confined())
		return 0;
	if (load(confine_path(), &conf, &le) != 0)
		return err_set(e, 0, "confined (capabilities, uid %u): %s: "
		    "refusing to run (the administrator: the file and every "
		    "directory above it owned by root, writable by root "
		    "alone; tcpcraft --limits checks it)",
		    (unsigned)getuid(), le.msg);
	return 0;
}

int
confine_print_limits(FILE *f, struct errbuf *e)
{
	struct labconf lc;

	if (load(confine_path(), &lc, e) != 0)
		return -1;
	fprintf(f, "%s: what a user other than root may reach with a "
	    "capable tcpcraft%s\n", confine_path(), priv_confined() ?
	    " (you)" : getuid() == 0 ? " (root itself is not confined)" : "");
	labconf_print(f, &lc);
	return 0;
}

static const char *
ip(uint32_t a, char buf[16])
{
	return print_addr(a, buf);
}

/* "user NAME (uid N)" */
static const char *
who(uint32_t uid, char *buf, size_t len)
{
	struct passwd *pw;

	if ((pw = getpwuid((uid_t)uid)) != NULL)
		snprintf(buf, len, "user %s (uid %u)", pw->pw_name, uid);
	else
		snprintf(buf, len, "uid %u", uid);
	return buf;
}

int
confine_args(const char *labif, const struct ipaddr *src, struct errbuf *e)
{
	char a[IPADDR_STRLEN];

	if (!priv_confined())
		return 0;
	if (labif != NULL && labconf_lab(&conf, labif) == NULL)
		return err_set(e, 0, "-i %s refused: it is not a lab interface "
		    "in %s (tcpcraft --limits lists them)", labif,
		    confine_path());
	if (labif != NULL && src != NULL && src->af != 0 &&
	    !labconf_src_ok(&conf, labif, src))
		return err_set(e, 0, "--src %s refused: outside the lab "
		    "prefixes of %s in %s (tcpcraft --limits lists them)",
		    ipaddr_str(src, a, sizeof(a)), labif, confine_path());
	return 0;
}

/* Loopback: whose socket would take a segment from src:sport to
 * dst:dport (either family)?  Nobody's (no socket: the kernel answers
 * with RST; a TIME-WAIT one, whose owner has closed it), the user's own,
 * or (s not NULL) one closed by its owner whose other end is a
 * conversation of this tcpcraft's, checked when it began (a peer that
 * closed first). */
static int
lo_dest_ip(struct session *s, const char *what, const struct ipaddr *src,
    uint16_t sport, const struct ipaddr *dst, uint16_t dport,
    struct errbuf *e)
{
	struct sockdiag_sock sk, lk;
	struct ipaddr any = ipaddr_any(dst->af);
	char a[CMD_EPSTRLEN], u[64], me[64];
	int rc;

	rc = sockdiag_tcp_owner_ip(dst, dport, src, sport, &sk);
	/* an embryonic connection belongs to its listener */
	if (rc == 1 && sk.state == ST_SYN_RECV && sockdiag_tcp_owner_ip(dst,
	    dport, &any, 0, &lk) == 1)
		sk.uid = lk.uid;
	if (rc == -1)
		return err_set(e, 0, "%s refused: the kernel could not say "
		    "whose socket %s is (sock_diag)", what,
		    cmd_endpoint_str(dst, dport, a, sizeof(a)));
	if (rc == 0 || sk.state == ST_TIME_WAIT ||
	    sk.uid == (uint32_t)getuid())
		return 0;
	if (s != NULL && sk.exact && sk.orphan &&
	    conn_lookup(&s->ct, src, sport, dst, dport, NULL) != NULL)
		return 0;
	return err_set(e, 0, "%s refused: the socket at %s belongs to %s, "
	    "not to you (%s); a confined tcpcraft reaches only your own "
	    "sockets (tcpcraft --limits)", what,
	    cmd_endpoint_str(dst, dport, a, sizeof(a)),
	    who(sk.uid, u, sizeof(u)), who((uint32_t)getuid(), me,
	    sizeof(me)));
}

static int
lo_dest(struct session *s, const char *what, uint32_t src, uint16_t sport,
    uint32_t dst, uint16_t dport, struct errbuf *e)
{
	return lo_dest_ip(s, what, IPADDR4(src), sport, IPADDR4(dst), dport,
	    e);
}

/* A lab: the source inside the administrator's prefixes. */
static int
lab_src_ip(const char *what, const char *labif, const struct ipaddr *src,
    struct errbuf *e)
{
	char a[IPADDR_STRLEN];

	if (labconf_src_ok(&conf, labif, src))
		return 0;
	return err_set(e, 0, "%s refused: source %s is outside the lab "
	    "prefixes of %s in %s (tcpcraft --limits)", what,
	    ipaddr_str(src, a, sizeof(a)), labif, confine_path());
}

static int
lab_src(const char *what, const char *labif, uint32_t src, struct errbuf *e)
{
	return lab_src_ip(what, labif, IPADDR4(src), e);
}

static int
is_lab(const struct session *s)
{
	return s->labif != NULL && s->labif[0] != '\0';
}

int
confine_connect(const struct session *s, const struct ipaddr *laddr,
    uint16_t lport, const struct ipaddr *raddr, uint16_t rport,
    struct errbuf *e)
{
	char what[64], a[CMD_EPSTRLEN];

	if (!priv_confined())
		return 0;
	snprintf(what, sizeof(what), "connect %s",
	    cmd_endpoint_str(raddr, rport, a, sizeof(a)));
	if (is_lab(s))
		return lab_src_ip(what, s->labif, laddr, e);
	return lo_dest_ip(NULL, what, laddr, lport, raddr, rport, e);
}

/* Binds addr:port as the user (nothing is effective now): the kernel's
 * own rule, asked of the kernel.  Without SO_REUSEADDR first, so that
 * the socket, kept, holds the port against every other user's bind;
 * with it when only TIME-WAIT remnants stood in the way.  The socket
 * or -1 with errno. */
static int
bind_as_user(const struct ipaddr *addr, uint16_t port)
{
	struct sockaddr_storage ss;
	socklen_t salen;
	int fd, reuse, one = 1, err = 0;

	salen = ipaddr_sockaddr(addr, port, &ss);
	for (reuse = 0; reuse < 2; reuse++) {
		if ((fd = socket(ss.ss_family, SOCK_STREAM | SOCK_CLOEXEC,
		    0)) == -1)
			return -1;
		if (reuse)
			(void)setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one,
			    sizeof(one));
		if (bind(fd, (struct sockaddr *)&ss, salen) == 0)
			return fd;
		err = errno;
		close(fd);
		if (err != EADDRINUSE)
			break;
	}
	errno = err;
	return -1;
}

int
confine_listen(const struct session *s, const struct ipaddr *addr,
    uint16_t port, int local, struct errbuf *e)
{
	struct sockdiag_sock sk;
	struct ipaddr any = ipaddr_any(addr->af);
	char what[64], a[CMD_EPSTRLEN], u[64];
	int fd, rc, err;

	if (!priv_confined())
		return 0;
	snprintf(what, sizeof(what), "listen %s",
	    cmd_endpoint_str(addr, port, a, sizeof(a)));
	if (is_lab(s) && lab_src_ip(what, s->labif, addr, e) != 0)
		return -1;
	if (is_lab(s) && !local)
		return 0;	/* our own lab address: its ports are ours */
	if ((fd = bind_as_user(addr, port)) != -1) {
		/* bound, never listening: the kernel still answers RST
		 * (the guard's to stop), and no other user can take the
		 * port while tcpcraft answers for it */
		if (nheld < (int)(sizeof(held) / sizeof(held[0])))
			held[nheld++] = fd;
		else
			close(fd);
		return 0;
	}
	err = errno;
	if (err == EACCES)
		return err_set(e, 0, "%s refused: the kernel lets only root "
		    "bind port %u (net.ipv4.ip_unprivileged_port_start); "
		    "a confined tcpcraft listens where you could", what, port);
	if (err != EADDRINUSE)
		return err_set(e, 0, "%s refused: %s", what, strerror(err));
	/* in use: a listener of one's own may be shadowed, not another's */
	rc = sockdiag_tcp_owner_ip(addr, port, &any, 0, &sk);
	if (rc == 1 && sk.uid == (uint32_t)getuid())
		return 0;
	if (rc == 1)
		return err_set(e, 0, "%s refused: the port is held by %s; a "
		    "confined tcpcraft does not answer for another user's "
		    "server", what, who(sk.uid, u, sizeof(u)));
	return err_set(e, 0, "%s refused: the port is in use by a socket "
	    "that is not yours", what);
}

static uint32_t
be32(const uint8_t *p)
{
	return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 |
	    (uint32_t)p[2] << 8 | p[3];
}

/* The route's check, again for a "dst" override: scope as root has it. */
static int
in_scope(const struct session *s, const char *what, uint32_t dst,
    struct errbuf *e)
{
	struct route r;
	struct errbuf re;

	if (route_check_scope(dst, is_lab(s) ? s->labif : NULL, &r, &re) != 0)
		return err_set(e, 0, "%s refused: %s", what, re.msg);
	return 0;
}

/* The scope rule for an IPv6 destination. */
static int
in_scope_ip(const struct session *s, const char *what,
    const struct ipaddr *dst, struct errbuf *e)
{
	struct route r;
	struct errbuf re;

	if (route_check_scope_ip(dst, is_lab(s) ? s->labif : NULL, &r,
	    &re) != 0)
		return err_set(e, 0, "%s refused: %s", what, re.msg);
	return 0;
}

/* An IPv6 packet: TCP right after the fixed header (an extension chain
 * could hide what follows it from this check, a fragment above all). */
static int
confine_packet6(struct session *s, const uint8_t *pkt, size_t len,
    struct errbuf *e)
{
	char what[128], a[CMD_EPSTRLEN], b[CMD_EPSTRLEN];
	struct ipaddr src, dst;
	uint16_t sport, dport;

	if (len < 40 + 4 || pkt[6] != IPPROTO_TCP)
		return err_set(e, 0, "refused: a confined tcpcraft sends only "
		    "TCP right after the IPv6 header (no extension headers)");
	src = ipaddr_from_bytes(AF_INET6, pkt + 8);
	dst = ipaddr_from_bytes(AF_INET6, pkt + 24);
	sport = (uint16_t)(pkt[40] << 8 | pkt[41]);
	dport = (uint16_t)(pkt[42] << 8 | pkt[43]);
	snprintf(what, sizeof(what), "segment %s > %s",
	    cmd_endpoint_str(&src, sport, a, sizeof(a)),
	    cmd_endpoint_str(&dst, dport, b, sizeof(b)));
	if (in_scope_ip(s, what, &dst, e) != 0)
		return -1;
	if (is_lab(s))
		return lab_src_ip(what, s->labif, &src, e);
	return lo_dest_ip(s, what, &src, sport, &dst, dport, e);
}

int
confine_packet(struct session *s, const uint8_t *pkt, size_t len,
    struct errbuf *e)
{
	char what[96], a[16], b[16];
	uint32_t src, dst;
	uint16_t sport, dport;
	size_t hl;

	if (!priv_confined())
		return 0;
	if (len >= 1 && (pkt[0] >> 4) == 6)
		return confine_packet6(s, pkt, len, e);
	if (len < 20 || (pkt[0] >> 4) != 4 || (hl = (size_t)(pkt[0] & 15) *
	    4) < 20 || len < hl + 4 || pkt[9] != IPPROTO_TCP)
		return err_set(e, 0, "refused: a confined tcpcraft sends only "
		    "TCP over IPv4");
	/* a fragment's "ports" may be any bytes, and the kernel would
	 * join it to others after this check */
	if ((pkt[6] << 8 | pkt[7]) & (IP_MF | IP_OFFMASK))
		return err_set(e, 0, "refused: a confined tcpcraft sends no IP "
		    "fragments");
	src = be32(pkt + 12);
	dst = be32(pkt + 16);
	sport = (uint16_t)(pkt[hl] << 8 | pkt[hl + 1]);
	dport = (uint16_t)(pkt[hl + 2] << 8 | pkt[hl + 3]);
	snprintf(what, sizeof(what), "segment %s:%u > %s:%u", ip(src, a),
	    sport, ip(dst, b), dport);
	if (in_scope(s, what, dst, e) != 0)
		return -1;
	if (is_lab(s))
		return lab_src(what, s->labif, src, e);
	return lo_dest(s, what, src, sport, dst, dport, e);
}

int
confine_flood(struct session *s, const struct seg *t, uint64_t count,
    uint64_t rate, unsigned rnd, struct errbuf *e)
{
	struct errbuf le;
	struct sockdiag_sock sk;
	struct ipaddr any = ipaddr_any(t->daddr.af);
	char what[80], a[CMD_EPSTRLEN], u[64];
	int rc;

	if (!priv_confined())
		return 0;
	cmd_endpoint_str(&t->daddr, t->dport, a, sizeof(a));
	snprintf(what, sizeof(what), "flood %s", a);
	if (labconf_flood_ok(&conf, count, rate, &le) != 0)
		return err_set(e, 0, "%s refused: %s", what, le.msg);
	if (!SEG_IS6(t) && (t->frag & (IP_MF | IP_OFFMASK)))
		return err_set(e, 0, "%s refused: a confined tcpcraft sends no "
		    "IP fragments", what);
	/* as confine_packet: a chain could hide the ports it checks */
	if (SEG_IS6(t) && t->next > 0)
		return err_set(e, 0, "%s refused: a confined tcpcraft sends no "
		    "IPv6 extension headers", what);
	if (in_scope_ip(s, what, &t->daddr, e) != 0)
		return -1;
	if (is_lab(s))
		return lab_src_ip(what, s->labif, &t->saddr, e);
	if (rnd & (1u << PP_DPORT))
		return err_set(e, 0, "%s refused: dport random would reach "
		    "every port of this host, other users' among them", what);
	if (!(rnd & (1u << PP_SPORT)))
		return lo_dest_ip(s, what, &t->saddr, t->sport, &t->daddr,
		    t->dport, e);
	/* random source ports reach whatever connection the destination
	 * port has: only a listener of one's own makes them one's own
	 * (no other user can hold a port beside it) */
	rc = sockdiag_tcp_owner_ip(&t->daddr, t->dport, &any, 0, &sk);
	if (rc == 1 && sk.uid == (uint32_t)getuid() &&
	    sk.state != ST_TIME_WAIT)
		return 0;
	return err_set(e, 0, "%s refused: sport random needs a listener of "
	    "your own at %s (%s)", what, a, rc == 1 ?
	    who(sk.uid, u, sizeof(u)) : "none listens there");
}

int
confine_probe(struct session *s, const struct ipaddr *laddr, uint16_t base,
    unsigned nports, const struct ipaddr *raddr, uint16_t rport,
    uint64_t count, uint64_t ival_us, struct errbuf *e)
{
	struct errbuf le;
	char what[80], a[CMD_EPSTRLEN];
	unsigned i;

	if (!priv_confined())
		return 0;
	snprintf(what, sizeof(what), "probe %s",
	    cmd_endpoint_str(raddr, rport, a, sizeof(a)));
	if (labconf_probe_ok(&conf, count, ival_us, &le) != 0)
		return err_set(e, 0, "%s refused: %s", what, le.msg);
	if (is_lab(s))
		return lab_src_ip(what, s->labif, laddr, e);
	for (i = 0; i < nports; i++)
		if (lo_dest_ip(s, what, laddr, (uint16_t)(base + i), raddr,
		    rport, e) != 0)
			return -1;
	return 0;
}
