/* nftelem.c - one set element, one nfnetlink batch
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The batch is BATCH_BEGIN, NEWSETELEM or DELSETELEM (asking for an
 * acknowledgement), BATCH_END: libnftnl writes the messages, libmnl
 * frames the batch and parses the answer.  nfnetlink processes a batch
 * inside sendto(), in the sender's context, and queues its answer on
 * our socket before sendto() returns: the answer is read without
 * waiting, so nothing here sleeps and only the session's loop polls.
 */
#include <sys/socket.h>

#include <linux/netfilter.h>
#include <linux/netfilter/nf_tables.h>

#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <libmnl/libmnl.h>
#include <libnftnl/common.h>
#include <libnftnl/set.h>

#include "nftelem.h"

/* An element message is under 100 bytes, a batch of NFTELEM_MAXOPS of
 * them and BEGIN and END under 1 KiB; libmnl wants a buffer twice its
 * limit, as a message is written before it is measured. */
#define NFTELEM_BATCHSZ	1024

/* The answer is one or two small datagrams; anything else queued (an
 * answer libnftables left) is skipped, within this bound. */
#define NFTELEM_READS	16

/* A set as libnftnl describes it, with the one element each batch
 * carries: made once, the key rewritten for each batch. */
struct oneset {
	struct nftnl_set	*set;
	struct nftnl_set_elem	*el;
};

#define NFTELEM_SETS	4

struct nftelem {
	struct mnl_socket	*nl;
	uint32_t		 seq;
	char			*table;
	struct oneset		 sets[NFTELEM_SETS];
	size_t			 nsets;
};

/* What the answers to one batch said. */
struct ack {
	uint32_t	first;		/* BATCH_BEGIN's sequence number */
	uint32_t	want;		/* the last element message's */
	int		err;		/* 0 or -errno */
	int		done;
};

struct nftelem *
nftelem_open(int fd, const char *table)
{
	struct nftelem *n;
	int dup;

	if ((n = calloc(1, sizeof(*n))) == NULL)
		return NULL;
	if ((n->table = strdup(table)) == NULL ||
	    (dup = fcntl(fd, F_DUPFD_CLOEXEC, 3)) == -1)
		goto fail;
	if ((n->nl = mnl_socket_fdopen(dup)) == NULL) {
		close(dup);
		goto fail;
	}
	return n;
fail:
	free(n->table);
	free(n);
	return NULL;
}

void
nftelem_close(struct nftelem *n)
{
	size_t i;

	if (n == NULL)
		return;
	for (i = 0; i < n->nsets; i++)
		nftnl_set_free(n->sets[i].set);	/* and its element */
	(void)mnl_socket_close(n->nl);	/* the owner's descriptor stays */
	free(n->table);
	free(n);
}

/* The set named name, described once. */
static struct oneset *
set_named(struct nftelem *n, const char *name)
{
	struct oneset *o;
	const char *have;
	size_t i;

	for (i = 0; i < n->nsets; i++) {
		have = nftnl_set_get_str(n->sets[i].set, NFTNL_SET_NAME);
		if (have != NULL && strcmp(have, name) == 0)
			return &n->sets[i];
	}
	if (n->nsets == NFTELEM_SETS)
		return NULL;
	o = &n->sets[n->nsets];
	if ((o->set = nftnl_set_alloc()) == NULL)
		return NULL;
	if ((o->el = nftnl_set_elem_alloc()) == NULL) {
		nftnl_set_free(o->set);
		return NULL;
	}
	nftnl_set_elem_add(o->set, o->el);	/* the set owns it now */
	if (nftnl_set_set_str(o->set, NFTNL_SET_TABLE, n->table) < 0 ||
	    nftnl_set_set_str(o->set, NFTNL_SET_NAME, name) < 0) {
		nftnl_set_free(o->set);
		return NULL;
	}
	n->nsets++;
	return o;
}

/* BATCH_BEGIN, an element message per op, BATCH_END into b; 0,
 * -EMSGSIZE or -ENOMEM.  The payload is written when the message is
 * built, so one element object serves every op of its set.  Only the
 * last message asks for an acknowledgement: an error comes for any of
 * them unasked, and the whole batch is then undone. */
static int
batch_build(struct mnl_nlmsg_batch *b, struct nftelem *n,
    const struct nftelem_op *ops, size_t nops, uint32_t seq)
{
	struct nlmsghdr *nh;
	struct oneset *o;
	size_t i;

	nftnl_batch_begin(mnl_nlmsg_batch_current(b), seq);
	if (!mnl_nlmsg_batch_next(b))
		return -EMSGSIZE;
	for (i = 0; i < nops; i++) {
		if ((o = set_named(n, ops[i].set)) == NULL ||
		    nftnl_set_elem_set(o->el, NFTNL_SET_ELEM_KEY, ops[i].key,
		    (uint32_t)ops[i].keylen) < 0)
			return -ENOMEM;
		nh = nftnl_nlmsg_build_hdr(mnl_nlmsg_batch_current(b),
		    ops[i].add ? NFT_MSG_NEWSETELEM : NFT_MSG_DELSETELEM,
		    NFPROTO_INET, (i + 1 == nops ? NLM_F_ACK : 0) |
		    (ops[i].add ? NLM_F_CREATE : 0), seq + 1 + (uint32_t)i);
		nftnl_set_elems_nlmsg_build_payload(nh, o->set);
		if (!mnl_nlmsg_batch_next(b))
			return -EMSGSIZE;
	}
	nftnl_batch_end(mnl_nlmsg_batch_current(b), seq + 1 + (uint32_t)nops);
	if (!mnl_nlmsg_batch_next(b))
		return -EMSGSIZE;
	return 0;
}

/* An NLMSG_ERROR: the acknowledgement we wait for, an error about any
 * message of our batch, or something older to skip. */
static int
on_error(const struct nlmsghdr *nh, void *arg)
{
	struct ack *a = arg;
	const struct nlmsgerr *err = mnl_nlmsg_get_payload(nh);

	if (nh->nlmsg_seq - a->first > a->want + 1 - a->first)
		return MNL_CB_OK;		/* not about this batch */
	if (mnl_nlmsg_get_payload_len(nh) < sizeof(*err)) {
		a->err = -EPROTO;
		a->done = 1;
		return MNL_CB_STOP;
	}
	if (err->error == 0 && nh->nlmsg_seq != a->want)
		return MNL_CB_OK;
	a->err = err->error;
	a->done = 1;
	return MNL_CB_STOP;
}

/* The kernel's answer to the batch whose first sequence number is
 * first: 0 or -errno, -EAGAIN when none was queued.  The socket is
 * libnftables' too and stays blocking (O_NONBLOCK would be shared with
 * its descriptor), so each read asks not to wait; a datagram longer
 * than buf fails with ENOSPC, as mnl_socket_recvfrom() says it. */
static int
read_ack(struct mnl_socket *nl, uint32_t first, size_t nops)
{
	uint8_t buf[8192] __attribute__((aligned(4)));
	mnl_cb_t ctl[NLMSG_MIN_TYPE] = { [NLMSG_ERROR] = on_error };
	struct ack a = { first, first + (uint32_t)nops, 0, 0 };
	ssize_t n;
	int reads;

	for (reads = 0; !a.done; reads++) {
		if (reads == NFTELEM_READS)
			return -EPROTO;
		n = recv(mnl_socket_get_fd(nl), buf, sizeof(buf),
		    MSG_DONTWAIT | MSG_TRUNC);
		if (n == -1 && errno == EINTR)
			continue;
		if (n == -1)
			return -errno;	/* EAGAIN: nothing was queued */
		if (n > (ssize_t)sizeof(buf))
			return -ENOSPC;
		/* sequence numbers are checked by on_error, which skips
		 * answers to older requests */
		if (mnl_cb_run2(buf, (size_t)n, 0, 0, NULL, &a, ctl,
		    NLMSG_MIN_TYPE) == MNL_CB_ERROR && !a.done)
			return errno != 0 ? -errno : -EPROTO;
	}
	return a.err;
}

int
nftelem_batch(struct nftelem *n, const struct nftelem_op *ops, size_t nops)
{
	uint8_t buf[2 * NFTELEM_BATCHSZ] __attribute__((aligned(4)));
	struct mnl_nlmsg_batch *b;
	uint32_t first = n->seq + 1;
	ssize_t sent;
	int rc;

	if (nops == 0 || nops > NFTELEM_MAXOPS)
		return -EINVAL;
	n->seq += (uint32_t)nops + 2;
	if ((b = mnl_nlmsg_batch_start(buf, NFTELEM_BATCHSZ)) == NULL)
		return -ENOMEM;
	if ((rc = batch_build(b, n, ops, nops, first)) == 0) {
		sent = mnl_socket_sendto(n->nl, mnl_nlmsg_batch_head(b),
		    mnl_nlmsg_batch_size(b));
		rc = sent < 0 ? -errno : read_ack(n->nl, first, nops);
	}
	mnl_nlmsg_batch_stop(b);
	return rc;
}

int
nftelem_send(struct nftelem *n, int add, const char *set,
    const uint8_t *key, size_t keylen)
{
	struct nftelem_op op;

	if (keylen > sizeof(op.key))
		return -EINVAL;
	op.add = add;
	op.set = set;
	memcpy(op.key, key, keylen);
	op.keylen = keylen;
	return nftelem_batch(n, &op, 1);
}
