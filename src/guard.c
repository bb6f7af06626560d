/* guard.c - the kernel-RST guard: one nftables table owned by this process
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * "flags owner" ties the table to the netlink socket of our nft_ctx: the
 * kernel deletes it when that socket closes, which happens when the
 * process exits however it exits.  Only the owning socket may change the
 * table, so the one nft_ctx lives as long as the guard, and every
 * command goes through its socket: text through libnftables, set
 * elements as libnftnl batches on a duplicate of the descriptor
 * (nftelem.c; a duplicate is the same socket).  The whole table is
 * created in one transaction, so a half-built guard never exists.
 */
#include <sys/socket.h>
#include <sys/syscall.h>
#include <sys/types.h>

#include <arpa/inet.h>
#include <linux/capability.h>
#include <linux/netlink.h>

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <nftables/libnftables.h>

#include "cmdtab.h"
#include "errbuf.h"
#include "guard.h"
#include "inject.h"
#include "nftelem.h"
#include "priv.h"
#include "wr.h"

#define GUARD_CMDSZ	1024

_Static_assert(GUARD_BATCH + 1 <= NFTELEM_MAXOPS,
    "guard_apply's batch is larger than nftelem_batch takes");

struct guard {
	struct nft_ctx	*nft;
	pid_t		 owner;		/* the process that created it */
	struct nftelem	*elem;		/* on nft's netlink socket, or NULL */
	char		 table[32];
};

/* The first line of libnftables' error text, without its "Error: ". */
static void
nft_message(const char *buf, char *out, size_t outlen)
{
	const char *p = buf;
	size_t n;

	if (p == NULL || *p == '\0')
		p = "nftables command failed";
	if (strncmp(p, "Error: ", 7) == 0)
		p += 7;
	n = strcspn(p, "\n");
	if (n >= outlen)
		n = outlen - 1;
	memcpy(out, p, n);
	out[n] = '\0';
}

static int
run(struct guard *g, struct errbuf *e, const char *what, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));

static int
run(struct guard *g, struct errbuf *e, const char *what, const char *fmt, ...)
{
	char cmd[GUARD_CMDSZ], msg[200];
	va_list ap;
	int n, rc;

	va_start(ap, fmt);
	n = vsnprintf(cmd, sizeof(cmd), fmt, ap);
	va_end(ap);
	if (n < 0 || (size_t)n >= sizeof(cmd))
		return err_set(e, 0, "guard: %s: command too long", what);
	rc = nft_run_cmd_from_buffer(g->nft, cmd);
	nft_message(nft_ctx_get_error_buffer(g->nft), msg, sizeof(msg));
	(void)nft_ctx_get_output_buffer(g->nft);	/* drains it */
	if (rc != 0)
		return err_set(e, 0, "guard: %s: %s", what, msg);
	return 0;
}

/* libnftables prints its own "you must be root" on stderr, past the
 * error buffer, which would scribble over the prompt: ask first. */
static int
have_net_admin(void)
{
	struct __user_cap_header_struct h;
	struct __user_cap_data_struct d[_LINUX_CAPABILITY_U32S_3];

	memset(&h, 0, sizeof(h));
	memset(d, 0, sizeof(d));
	h.version = _LINUX_CAPABILITY_VERSION_3;
	if (syscall(SYS_capget, &h, d) == -1)
		return 1;	/* cannot tell: let nftables decide */
	return (d[CAP_NET_ADMIN / 32].effective &
	    (1U << (CAP_NET_ADMIN % 32))) != 0;
}

/* libnftables opens its netlink socket without O_CLOEXEC and does not
 * say which descriptor it is.  A program the shell runs would inherit
 * it and keep the owner table alive after the shell is gone, so mark
 * every netfilter netlink socket of this process close-on-exec.
 * Returns that socket when there is exactly one, else -1. */
static int
nft_cloexec(void)
{
	DIR *d;
	struct dirent *de;
	int fd, dom, proto, fl, n = 0, found = 0, which = -1;
	socklen_t len;

	if ((d = opendir("/proc/self/fd")) == NULL)
		return -1;
	while ((de = readdir(d)) != NULL && n++ < 65536) {
		if (de->d_name[0] < '0' || de->d_name[0] > '9')
			continue;
		fd = atoi(de->d_name);
		if (fd < 3 || fd == dirfd(d))
			continue;
		len = sizeof(dom);
		if (getsockopt(fd, SOL_SOCKET, SO_DOMAIN, &dom, &len) == -1 ||
		    dom != AF_NETLINK)
			continue;
		len = sizeof(proto);
		if (getsockopt(fd, SOL_SOCKET, SO_PROTOCOL, &proto, &len) ==
		    -1 || proto != NETLINK_NETFILTER)
			continue;
		if ((fl = fcntl(fd, F_GETFD)) != -1)
			(void)fcntl(fd, F_SETFD, fl | FD_CLOEXEC);
		found++;
		which = fd;
	}
	closedir(d);
	return found == 1 ? which : -1;
}

static struct guard *
open_table(struct errbuf *e)
{
	struct guard *g;
	const char *t;
	int fd;

	if (!have_net_admin()) {
		err_set(e, 0, "guard: creating the nftables table needs root "
		    "or CAP_NET_ADMIN");
		return NULL;
	}
	if ((g = calloc(1, sizeof(*g))) == NULL) {
		err_set(e, 0, "guard: %s", strerror(errno));
		return NULL;
	}
	g->owner = getpid();
	snprintf(g->table, sizeof(g->table), "tcpcraft_%ld", (long)g->owner);
	if ((g->nft = nft_ctx_new(NFT_CTX_DEFAULT)) == NULL) {
		err_set(e, 0, "guard: cannot create an nftables context");
		free(g);
		return NULL;
	}
	if (nft_ctx_buffer_output(g->nft) != 0 ||
	    nft_ctx_buffer_error(g->nft) != 0) {
		err_set(e, 0, "guard: cannot buffer nftables messages");
		goto fail;
	}
	t = g->table;
	/* "tcp flags rst" tests the RST bit alone (flags & rst != 0): an
	 * RST|ACK is dropped too. */
	if (run(g, e, "creating the table",
	    "add table inet %s { flags owner; }\n"
	    "add set inet %s conns { type ipv4_addr . inet_service . "
	    "ipv4_addr . inet_service; }\n"
	    "add set inet %s listens { type ipv4_addr . inet_service; }\n"
	    "add set inet %s conns6 { type ipv6_addr . inet_service . "
	    "ipv6_addr . inet_service; }\n"
	    "add set inet %s listens6 { type ipv6_addr . inet_service; }\n"
	    "add chain inet %s output { type filter hook output "
	    "priority 0; policy accept; }\n"
	    "add rule inet %s output tcp flags rst meta mark != 0x%x "
	    "ip saddr . tcp sport . ip daddr . tcp dport @conns counter drop\n"
	    "add rule inet %s output tcp flags rst meta mark != 0x%x "
	    "ip saddr . tcp sport @listens counter drop\n"
	    "add rule inet %s output tcp flags rst meta mark != 0x%x "
	    "ip6 saddr . tcp sport . ip6 daddr . tcp dport @conns6 counter "
	    "drop\n"
	    "add rule inet %s output tcp flags rst meta mark != 0x%x "
	    "ip6 saddr . tcp sport @listens6 counter drop\n",
	    t, t, t, t, t, t, t, INJECT_MARK, t, INJECT_MARK, t, INJECT_MARK,
	    t, INJECT_MARK) == -1)
		goto fail;
	if ((fd = nft_cloexec()) != -1)
		g->elem = nftelem_open(fd, t);	/* else by text, slower */
	return g;
fail:
	nft_ctx_free(g->nft);
	free(g);
	return NULL;
}

/* nftables checks CAP_NET_ADMIN on every message it is sent, so the
 * table and each element change are made with it raised (priv.h). */
struct guard *
guard_open(struct errbuf *e)
{
	struct guard *g;

	priv_raise(PRIV_NET_ADMIN);
	g = open_table(e);
	priv_lower();
	return g;
}

/* "add connection 127.0.0.1:40000 > 127.0.0.1:20000" or, IPv6, "add
 * connection [::1]:40000 > [::1]:20000", for messages */
static void
describe(char *what, size_t len, const char *verb,
    const struct guard_elem *el)
{
	char l[CMD_EPSTRLEN], r[CMD_EPSTRLEN];
	struct ipaddr ra = el->raddr;

	ra.af = el->laddr.af;
	cmd_endpoint_str(&el->laddr, el->lport, l, sizeof(l));
	cmd_endpoint_str(&ra, el->rport, r, sizeof(r));
	if (el->rport == 0)
		snprintf(what, len, "%s listening end %s", verb, l);
	else
		snprintf(what, len, "%s connection %s > %s", verb, l, r);
}

/* The element as nfnetlink wants it: its set and the key, the
 * concatenation as the kernel stores it (network order, each field
 * padded to 4 bytes).  An IPv6 end goes to the sets of its own family,
 * conns6 and listens6, beside the IPv4 ones. */
static void
elem_op(struct nftelem_op *op, int add, const struct guard_elem *el)
{
	struct ipaddr ra = el->raddr;
	size_t alen;
	int v6 = el->laddr.af == AF_INET6;

	memset(op, 0, sizeof(*op));
	op->add = add;
	if (el->rport == 0)
		op->set = v6 ? "listens6" : "listens";
	else
		op->set = v6 ? "conns6" : "conns";
	alen = ipaddr_bytes(&el->laddr, op->key);
	wr_be16(op->key + alen, el->lport);
	op->keylen = alen + 4;
	if (el->rport == 0)
		return;
	ra.af = el->laddr.af;	/* af 0: the family's unspecified one */
	(void)ipaddr_bytes(&ra, op->key + op->keylen);
	wr_be16(op->key + op->keylen + alen, el->rport);
	op->keylen += alen + 4;
}

/* By nfnetlink when the owner socket is known.  The element is
 * described only for an error: formatting it cost more than building
 * and reading the batch. */
static int
element_nl(struct guard *g, const char *verb, const struct guard_elem *el,
    struct errbuf *e)
{
	struct nftelem_op op;
	char what[160];
	int rc;

	elem_op(&op, *verb == 'a', el);
	rc = nftelem_send(g->elem, op.add, op.set, op.key, op.keylen);
	if (rc == 0)
		return 0;
	describe(what, sizeof(what), verb, el);
	if (rc == -EAGAIN)
		return err_set(e, 0, "guard: %s: the kernel sent no "
		    "acknowledgement", what);
	return err_set(e, 0, "guard: %s: %s", what, strerror(-rc));
}

/* By libnftables' text, when the owner socket could not be found. */
static int
element_text(struct guard *g, const char *verb, const struct guard_elem *el,
    struct errbuf *e)
{
	char l[IPADDR_STRLEN], r[IPADDR_STRLEN], what[160];
	struct ipaddr ra = el->raddr;
	const char *six = el->laddr.af == AF_INET6 ? "6" : "";

	describe(what, sizeof(what), verb, el);
	ra.af = el->laddr.af;
	ipaddr_str(&el->laddr, l, sizeof(l));
	ipaddr_str(&ra, r, sizeof(r));
	if (el->rport == 0)
		return run(g, e, what, "%s element inet %s listens%s "
		    "{ %s . %u }\n", verb, g->table, six, l, el->lport);
	return run(g, e, what, "%s element inet %s conns%s "
	    "{ %s . %u . %s . %u }\n", verb, g->table, six, l, el->lport, r,
	    el->rport);
}

static int
element(struct guard *g, const char *verb, const struct guard_elem *el,
    struct errbuf *e)
{
	int rc;

	if (g == NULL)
		return err_set(e, 0, "guard: not open");
	if (el->laddr.af != AF_INET && el->laddr.af != AF_INET6)
		return err_set(e, 0, "guard: no address");
	priv_raise(PRIV_NET_ADMIN);
	if (g->elem != NULL)
		rc = element_nl(g, verb, el, e);
	else
		rc = element_text(g, verb, el, e);
	priv_lower();
	return rc;
}

int
guard_add(struct guard *g, const struct guard_elem *el, struct errbuf *e)
{
	return element(g, "add", el, e);
}

int
guard_del(struct guard *g, const struct guard_elem *el, struct errbuf *e)
{
	return element(g, "delete", el, e);
}

int
guard_apply(struct guard *g, const struct guard_elem *del, size_t ndel,
    const struct guard_elem *add, struct errbuf *e)
{
	struct nftelem_op ops[GUARD_BATCH + 1];
	size_t n = 0, i;
	int rc;

	if (g == NULL || g->elem == NULL)
		return err_set(e, 0, "guard: no netlink batches");
	if (ndel > GUARD_BATCH)
		return err_set(e, 0, "guard: batch too large");
	for (i = 0; i < ndel; i++)
		elem_op(&ops[n++], 0, &del[i]);
	if (add != NULL)
		elem_op(&ops[n++], 1, add);
	if (n == 0)
		return 0;
	priv_raise(PRIV_NET_ADMIN);
	rc = nftelem_batch(g->elem, ops, n);
	priv_lower();
	if (rc != 0)
		return err_set(e, 0, "guard: batch of %zu: %s", n,
		    strerror(-rc));
	return 0;
}

const char *
guard_table(const struct guard *g)
{
	return g->table;
}

void
guard_close(struct guard *g)
{
	struct errbuf e;

	if (g == NULL)
		return;
	/* A forked child holds a copy of the context: only the owner may
	 * delete the table, and freeing the copy's socket is harmless. */
	if (getpid() == g->owner)
		(void)run(g, &e, "deleting the table", "delete table inet %s\n",
		    g->table);
	nftelem_close(g->elem);
	nft_ctx_free(g->nft);
	free(g);
}
