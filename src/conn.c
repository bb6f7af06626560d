/* conn.c - the connection table: a hash on the 4-tuple, a hash on the
 * name, a hash on the id, a list in creation order and a queue of
 * TIME-WAIT deadlines
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <sys/socket.h>

#include "conn.h"

#define MIN_BUCKETS	16

/* splitmix64's finalizer: every input bit reaches every output bit, so
 * neighbouring ports and addresses spread over all buckets. */
static uint64_t
mix64(uint64_t x)
{
	x ^= x >> 30;
	x *= 0xbf58476d1ce4e5b9ULL;
	x ^= x >> 27;
	x *= 0x94d049bb133111ebULL;
	x ^= x >> 31;
	return x;
}

/* The two ends as numbers, the lower first: the same pair for both
 * orientations of a segment.  An IPv4 end is its address and port, 48
 * bits; an IPv6 end folds its address (ipaddr_fold) and is not unique,
 * so a match of the keys is confirmed on the addresses (same_ends).
 * Returns 1 when (a1, p1) is the higher end. */
static inline int
tuple_key(const struct ipaddr *a1, uint16_t p1, const struct ipaddr *a2,
    uint16_t p2, uint64_t *lo, uint64_t *hi)
{
	uint64_t x = ipaddr_fold(a1) << 16 | p1;
	uint64_t y = ipaddr_fold(a2) << 16 | p2;
	int swapped = x > y;

	if (a1->af == AF_INET6) {
		/* the fold's top bits were shifted out: put the tag back */
		x |= 1ULL << 63;
		y |= 1ULL << 63;
	}
	*lo = swapped ? y : x;
	*hi = swapped ? x : y;
	return swapped;
}

/* Symmetric in the two ends: both orientations of a segment land in one
 * bucket, so when conn_lookup's first probe (saddr as our end) misses,
 * its second walks the chain the first just read instead of a cold one
 * (with 100,000 connections that miss cost 1.5x the whole match).  A
 * connection and its mirror image never coexist (conn_add refuses it). */
static inline size_t
key_hash(uint64_t lo, uint64_t hi)
{
	return (size_t)mix64(mix64(lo) ^ hi);
}

static size_t
tuple_hash(const struct ipaddr *laddr, uint16_t lport,
    const struct ipaddr *raddr, uint16_t rport)
{
	uint64_t lo, hi;

	(void)tuple_key(laddr, lport, raddr, rport, &lo, &hi);
	return key_hash(lo, hi);
}

/* FNV-1a, then mixed: names are short and alike ("c1", "c2", ...). */
static size_t
name_hash(const char *name)
{
	uint64_t h = 0xcbf29ce484222325ULL;

	for (; *name != '\0'; name++) {
		h ^= (unsigned char)*name;
		h *= 0x100000001b3ULL;
	}
	return (size_t)mix64(h);
}

static size_t
conn_hash(const struct conn *c)
{
	return tuple_hash(&c->laddr, c->lport, &c->raddr, c->rport);
}

/* What conn_lookup compares: a listener's key matches no segment (48-bit
 * ends never reach it). */
static void
conn_setkey(struct conn *c)
{
	c->key_flip = (uint8_t)tuple_key(&c->laddr, c->lport, &c->raddr,
	    c->rport, &c->key_lo, &c->key_hi);
	if (c->listening)
		c->key_lo = c->key_hi = UINT64_MAX;
}

static size_t
pow2_at_least(size_t n)
{
	size_t p = MIN_BUCKETS;

	while (p < n && p < ((size_t)-1 >> 2))
		p <<= 1;
	return p;
}

int
conntab_init(struct conntab *ct, size_t expected)
{
	memset(ct, 0, sizeof(*ct));
	ct->nbucket = pow2_at_least(expected);
	ct->bucket = calloc(ct->nbucket, sizeof(*ct->bucket));
	ct->nbucket_name = calloc(ct->nbucket, sizeof(*ct->nbucket_name));
	ct->ibucket = calloc(ct->nbucket, sizeof(*ct->ibucket));
	if (ct->bucket == NULL || ct->nbucket_name == NULL ||
	    ct->ibucket == NULL) {
		free(ct->bucket);
		free(ct->nbucket_name);
		free(ct->ibucket);
		memset(ct, 0, sizeof(*ct));
		return -1;
	}
	return 0;
}

void
conntab_free(struct conntab *ct)
{
	struct conn *c, *next;

	for (c = ct->head; c != NULL; c = next) {
		next = c->next;
		tcb_free(&c->tcb);
		free(c);
	}
	free(ct->bucket);
	free(ct->nbucket_name);
	free(ct->ibucket);
	timerq_free(&ct->tq);
	free(ct->due);
	memset(ct, 0, sizeof(*ct));
}

/* Doubles the three hashes.  A failed allocation only costs speed, so
 * the table keeps working at its old size. */
static void
grow(struct conntab *ct)
{
	struct conn **nb, **nn, **ni, *c;
	size_t n = ct->nbucket * 2, i;

	if (n < ct->nbucket)
		return;
	nb = calloc(n, sizeof(*nb));
	nn = calloc(n, sizeof(*nn));
	ni = calloc(n, sizeof(*ni));
	if (nb == NULL || nn == NULL || ni == NULL) {
		free(nb);
		free(nn);
		free(ni);
		return;
	}
	for (c = ct->head; c != NULL; c = c->next) {
		i = conn_hash(c) & (n - 1);
		c->hnext = nb[i];
		nb[i] = c;
		i = name_hash(c->name) & (n - 1);
		c->nnext = nn[i];
		nn[i] = c;
		i = c->id & (n - 1);
		c->inext = ni[i];
		ni[i] = c;
	}
	free(ct->bucket);
	free(ct->nbucket_name);
	free(ct->ibucket);
	ct->bucket = nb;
	ct->nbucket_name = nn;
	ct->ibucket = ni;
	ct->nbucket = n;
}

static struct conn *
find_tuple(const struct conntab *ct, const struct ipaddr *laddr,
    uint16_t lport, const struct ipaddr *raddr, uint16_t rport)
{
	struct conn *c;

	if (ct->nbucket == 0)
		return NULL;
	c = ct->bucket[tuple_hash(laddr, lport, raddr, rport) &
	    (ct->nbucket - 1)];
	for (; c != NULL; c = c->hnext)
		if (c->lport == lport && c->rport == rport &&
		    ipaddr_eq(&c->laddr, laddr) && ipaddr_eq(&c->raddr, raddr))
			return c;
	return NULL;
}

struct conn *
conn_by_name(const struct conntab *ct, const char *name)
{
	struct conn *c;

	if (ct->nbucket == 0 || name == NULL)
		return NULL;
	c = ct->nbucket_name[name_hash(name) & (ct->nbucket - 1)];
	for (; c != NULL; c = c->nnext)
		if (strcmp(c->name, name) == 0)
			return c;
	return NULL;
}

/* Names are typed on command lines and completed: one word, no
 * separators the lexer would split on. */
static int
name_ok(const char *name, struct errbuf *e)
{
	const char *p;

	if (name[0] == '\0')
		return err_set(e, 0, "empty connection name");
	if (strlen(name) >= CONN_NAMELEN)
		return err_set(e, 0, "connection name \"%s\" longer than %d "
		    "characters", name, CONN_NAMELEN - 1);
	if (!((name[0] >= 'a' && name[0] <= 'z') ||
	    (name[0] >= 'A' && name[0] <= 'Z') || name[0] == '_'))
		return err_set(e, 0, "connection name \"%s\" must start with "
		    "a letter", name);
	for (p = name; *p != '\0'; p++)
		if (!((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') ||
		    (*p >= '0' && *p <= '9') || *p == '_' || *p == '-' ||
		    *p == '.'))
			return err_set(e, 0, "connection name \"%s\": only "
			    "letters, digits, '_', '-' and '.'", name);
	return 0;
}

static void
auto_name(struct conntab *ct, int listening, char *buf, size_t len)
{
	unsigned *next = listening ? &ct->next_l : &ct->next_c;

	/* a name the user took earlier is skipped, never reused */
	do
		snprintf(buf, len, "%c%u", listening ? 'l' : 'c', ++*next);
	while (conn_by_name(ct, buf) != NULL);
}

static const char *
tuple_str(const struct ipaddr *la, uint16_t lp, const struct ipaddr *ra,
    uint16_t rp, char *buf, size_t len)
{
	char a[IPADDR_STRLEN], b[IPADDR_STRLEN];
	int v6 = la->af == AF_INET6;

	snprintf(buf, len, "%s%s%s:%u > %s%s%s:%u", v6 ? "[" : "",
	    ipaddr_str(la, a, sizeof(a)), v6 ? "]" : "", lp, v6 ? "[" : "",
	    ipaddr_str(ra, b, sizeof(b)), v6 ? "]" : "", rp);
	return buf;
}

struct conn *
conn_add(struct conntab *ct, const struct ipaddr *laddr, uint16_t lport,
    const struct ipaddr *raddr, uint16_t rport, const char *name,
    struct errbuf *e)
{
	struct conn *c, *dup;
	struct ipaddr none;
	char tb[2 * IPADDR_STRLEN + 24];
	size_t i;
	int listening = rport == 0;

	if (ct->nbucket == 0 && conntab_init(ct, 0) == -1) {
		err_set(e, 0, "out of memory");
		return NULL;
	}
	if (listening) {
		none = ipaddr_any(laddr->af);
		raddr = &none;
	}
	if (name != NULL && name_ok(name, e) == -1)
		return NULL;
	if (name != NULL && (dup = conn_by_name(ct, name)) != NULL) {
		err_set(e, 0, "a connection named %s exists already", name);
		return NULL;
	}
	if ((dup = find_tuple(ct, laddr, lport, raddr, rport)) != NULL) {
		err_set(e, 0, "%s %s exists already as %s",
		    listening ? "listener" : "connection",
		    tuple_str(laddr, lport, raddr, rport, tb, sizeof(tb)),
		    dup->name);
		return NULL;
	}
	/* the mirror image would make every segment match both ways */
	if (!listening && (dup = find_tuple(ct, raddr, rport, laddr,
	    lport)) != NULL) {
		err_set(e, 0, "connection %s is the reverse of %s",
		    tuple_str(laddr, lport, raddr, rport, tb, sizeof(tb)),
		    dup->name);
		return NULL;
	}
	if ((c = calloc(1, sizeof(*c))) == NULL) {
		err_set(e, 0, "out of memory");
		return NULL;
	}
	if (name != NULL)
		snprintf(c->name, sizeof(c->name), "%s", name);
	else
		auto_name(ct, listening, c->name, sizeof(c->name));
	c->id = ++ct->next_id;
	c->laddr = *laddr;
	c->lport = lport;
	c->raddr = *raddr;
	c->rport = rport;
	c->listening = listening;
	conn_setkey(c);

	if (ct->count + 1 > ct->nbucket)
		grow(ct);
	i = conn_hash(c) & (ct->nbucket - 1);
	c->hnext = ct->bucket[i];
	ct->bucket[i] = c;
	i = name_hash(c->name) & (ct->nbucket - 1);
	c->nnext = ct->nbucket_name[i];
	ct->nbucket_name[i] = c;
	i = c->id & (ct->nbucket - 1);
	c->inext = ct->ibucket[i];
	ct->ibucket[i] = c;
	c->prev = ct->tail;
	if (ct->tail != NULL)
		ct->tail->next = c;
	else
		ct->head = c;
	ct->tail = c;
	ct->count++;
	return c;
}

/* An IPv6 key match, confirmed: the addresses are the connection's, in
 * one orientation or the other (the ports matched with the keys). */
static int
same_ends(const struct conn *c, const struct ipaddr *a, const struct ipaddr *b)
{
	return (ipaddr_eq(&c->laddr, a) && ipaddr_eq(&c->raddr, b)) ||
	    (ipaddr_eq(&c->laddr, b) && ipaddr_eq(&c->raddr, a));
}

struct conn *
conn_lookup(struct conntab *ct, const struct ipaddr *saddr, uint16_t sport,
    const struct ipaddr *daddr, uint16_t dport, int *from_us)
{
	struct conn *c, **head, **pp;
	uint64_t lo, hi;
	int flip;

	if (ct->nbucket == 0)
		return NULL;
	/* One walk: the hash is symmetric, so either orientation is in
	 * this chain, and the first match is the only one (conn_add
	 * refuses a duplicate and a mirror image).  One comparison of
	 * the ordered pair of ends per entry, not the four fields one
	 * way and then the other: which field differed first depended
	 * on the connection, and with segments of ten connections
	 * interleaved that branch mispredicted (bench/scale.c: 1.3x the
	 * match with 10 at 100,000 connections, when some of the ten
	 * shared their address with the peer and some did not). */
	flip = tuple_key(saddr, sport, daddr, dport, &lo, &hi);
	head = &ct->bucket[key_hash(lo, hi) & (ct->nbucket - 1)];
	for (pp = head; (c = *pp) != NULL; pp = &c->hnext) {
		if (((c->key_lo ^ lo) | (c->key_hi ^ hi)) != 0)
			continue;
		if (saddr->af == AF_INET6 && !same_ends(c, saddr, daddr))
			continue;
		/* Move to front: with 100,000 connections a third of the
		 * chains hold more than one, and a talking connection
		 * behind an idle one cost a mispredicted walk on every
		 * segment (1.3-2x the match with 10).  No write when it
		 * is first already, the usual case. */
		if (pp != head) {
			*pp = c->hnext;
			c->hnext = *head;
			*head = c;
		}
		/* the segment's source is our end when it sorts on the
		 * same side as our end did */
		if (from_us != NULL)
			*from_us = flip == c->key_flip;
		return c;
	}
	return NULL;
}

struct conn *
conn_listener(const struct conntab *ct, const struct ipaddr *daddr,
    uint16_t dport)
{
	struct ipaddr any = ipaddr_any(daddr->af);
	struct conn *c;

	/* a listener bound to the address wins over a wildcard one, as
	 * in the kernel */
	c = find_tuple(ct, daddr, dport, &any, 0);
	if (c == NULL)
		c = find_tuple(ct, &any, dport, &any, 0);
	return c != NULL && c->listening ? c : NULL;
}

/* which: 0 the 4-tuple chain, 1 the name chain, 2 the id chain */
static struct conn **
link_of(struct conn *c, int which)
{
	return which == 0 ? &c->hnext : which == 1 ? &c->nnext : &c->inext;
}

static void
unlink_chain(struct conn **head, struct conn *c, int which)
{
	struct conn **pp;

	for (pp = head; *pp != NULL; pp = link_of(*pp, which))
		if (*pp == c) {
			*pp = *link_of(c, which);
			return;
		}
}

void
conn_del(struct conntab *ct, struct conn *c)
{
	if (c == NULL)
		return;
	unlink_chain(&ct->bucket[conn_hash(c) & (ct->nbucket - 1)], c, 0);
	unlink_chain(&ct->nbucket_name[name_hash(c->name) &
	    (ct->nbucket - 1)], c, 1);
	unlink_chain(&ct->ibucket[c->id & (ct->nbucket - 1)], c, 2);
	if (c->prev != NULL)
		c->prev->next = c->next;
	else
		ct->head = c->next;
	if (c->next != NULL)
		c->next->prev = c->prev;
	else
		ct->tail = c->prev;
	ct->count--;
	tcb_free(&c->tcb);
	free(c);
}

/* Hashed: the timer queue names connections by id and looks each one
 * up as it comes due.  Ids count up, so the low bits spread them. */
struct conn *
conn_by_id(const struct conntab *ct, unsigned id)
{
	struct conn *c;

	if (ct->nbucket == 0)
		return NULL;
	for (c = ct->ibucket[id & (ct->nbucket - 1)]; c != NULL; c = c->inext)
		if (c->id == id)
			return c;
	return NULL;
}
