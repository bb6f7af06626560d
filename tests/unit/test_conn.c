/* test_conn.c - the connection table */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "conn.h"
#include "t.h"
#include "tnet.h"

#define LO(n)	(0x7f000000u | (n))	/* 127.0.0.n */

/* Lookups from a table of segments, each naming the entry it must find
 * and which way it goes. */
TEST(conn_lookup_both_directions)
{
	static const struct {
		uint32_t	 sa;
		uint16_t	 sp;
		uint32_t	 da;
		uint16_t	 dp;
		const char	*want;	/* NULL: no match */
		int		 from_us;
	} cases[] = {
		{ LO(1), 40000, LO(1), 20000, "c1", 1 },
		{ LO(1), 20000, LO(1), 40000, "c1", 0 },
		{ LO(1), 40001, LO(2), 80, "web", 1 },
		{ LO(2), 80, LO(1), 40001, "web", 0 },
		{ LO(1), 40000, LO(1), 20001, NULL, 0 },	/* port */
		{ LO(3), 40000, LO(1), 20000, NULL, 0 },	/* address */
		{ LO(1), 20000, LO(1), 40001, NULL, 0 },	/* mixed */
		/* a listener is no connection: a SYN to it finds nothing */
		{ LO(9), 1234, LO(1), 7000, NULL, 0 },
		{ LO(1), 7000, 0, 0, NULL, 0 },
	};
	struct conntab ct;
	struct errbuf e;
	struct conn *c;
	size_t i;
	int us;

	T_EQ(conntab_init(&ct, 4), 0);
	T_ASSERT(add4(&ct, LO(1), 40000, LO(1), 20000, NULL, &e) != NULL);
	T_ASSERT(add4(&ct, LO(1), 40001, LO(2), 80, "web", &e) != NULL);
	T_ASSERT(add4(&ct, LO(1), 7000, 0, 0, NULL, &e) != NULL);
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		us = -1;
		c = lookup4(&ct, cases[i].sa, cases[i].sp, cases[i].da,
		    cases[i].dp, &us);
		if (cases[i].want == NULL) {
			if (c != NULL)
				t_fail(__FILE__, __LINE__, "case %zu: found "
				    "%s, expected nothing", i, c->name);
			continue;
		}
		if (c == NULL || strcmp(c->name, cases[i].want) != 0 ||
		    us != cases[i].from_us)
			t_fail(__FILE__, __LINE__, "case %zu: found %s "
			    "from_us %d, expected %s from_us %d", i,
			    c ? c->name : "nothing", us, cases[i].want,
			    cases[i].from_us);
	}
	/* from_us may be NULL */
	T_ASSERT(lookup4(&ct, LO(1), 40000, LO(1), 20000, NULL) != NULL);
	conntab_free(&ct);
}

TEST(conn_add_rejects)
{
	static const struct {
		uint32_t	 la;
		uint16_t	 lp;
		uint32_t	 ra;
		uint16_t	 rp;
		const char	*name;
		const char	*msg;	/* start of the error */
	} cases[] = {
		{ LO(1), 1, LO(2), 2, NULL, "connection 127.0.0.1:1 > "
		  "127.0.0.2:2 exists already as c1" },
		{ LO(2), 2, LO(1), 1, NULL, "connection 127.0.0.2:2 > "
		  "127.0.0.1:1 is the reverse of c1" },
		{ LO(1), 3, LO(2), 3, "c1", "a connection named c1 exists" },
		{ LO(1), 80, 0, 0, "web2", "listener 127.0.0.1:80 > "
		  "0.0.0.0:0 exists already as l1" },
		{ LO(1), 4, LO(2), 4, "", "empty connection name" },
		{ LO(1), 4, LO(2), 4, "9lives", "connection name \"9lives\" "
		  "must start" },
		{ LO(1), 4, LO(2), 4, "a b", "connection name \"a b\": only" },
		{ LO(1), 4, LO(2), 4, "a_very_long_connection_name",
		  "connection name \"a_very_long_connection_name\" longer" },
	};
	struct conntab ct;
	struct errbuf e;
	size_t i;

	T_EQ(conntab_init(&ct, 0), 0);
	T_ASSERT(add4(&ct, LO(1), 1, LO(2), 2, NULL, &e) != NULL);
	T_ASSERT(add4(&ct, LO(1), 80, 0, 0, NULL, &e) != NULL);
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		err_clear(&e);
		if (add4(&ct, cases[i].la, cases[i].lp, cases[i].ra,
		    cases[i].rp, cases[i].name, &e) != NULL)
			t_fail(__FILE__, __LINE__, "case %zu accepted", i);
		else if (strncmp(e.msg, cases[i].msg,
		    strlen(cases[i].msg)) != 0)
			t_fail(__FILE__, __LINE__, "case %zu: \"%s\", "
			    "expected \"%s...\"", i, e.msg, cases[i].msg);
	}
	T_EQ(ct.count, 2);
	/* a NULL errbuf is allowed */
	T_ASSERT(add4(&ct, LO(1), 1, LO(2), 2, NULL, NULL) == NULL);
	conntab_free(&ct);
}

TEST(conn_names)
{
	struct conntab ct;
	struct errbuf e;
	struct conn *c;

	T_EQ(conntab_init(&ct, 0), 0);
	c = add4(&ct, LO(1), 1, LO(2), 1, NULL, &e);
	T_STREQ(c->name, "c1");
	T_EQ(c->listening, 0);
	c = add4(&ct, LO(1), 80, 0, 0, NULL, &e);
	T_STREQ(c->name, "l1");
	T_EQ(c->listening, 1);
	/* the user takes "c3": the automatic numbering skips it */
	c = add4(&ct, LO(1), 3, LO(2), 3, "c3", &e);
	T_ASSERT(c != NULL);
	c = add4(&ct, LO(1), 2, LO(2), 2, NULL, &e);
	T_STREQ(c->name, "c2");
	c = add4(&ct, LO(1), 4, LO(2), 4, NULL, &e);
	T_STREQ(c->name, "c4");
	/* a deleted name is not handed out again */
	conn_del(&ct, conn_by_name(&ct, "c4"));
	c = add4(&ct, LO(1), 5, LO(2), 5, NULL, &e);
	T_STREQ(c->name, "c5");
	c = add4(&ct, 0, 81, LO(7), 0, "srv", &e);
	T_ASSERT(c != NULL && c->listening && ipaddr_is_any(&c->raddr));
	T_ASSERT(conn_by_name(&ct, "srv") == c);
	T_ASSERT(conn_by_name(&ct, "c4") == NULL);
	T_ASSERT(conn_by_name(&ct, NULL) == NULL);
	/* ids are unique and grow */
	T_ASSERT(conn_by_name(&ct, "c5")->id > conn_by_name(&ct, "c2")->id);
	conntab_free(&ct);
}

TEST(conn_listener_match)
{
	struct conntab ct;
	struct errbuf e;
	struct conn *any, *one;

	T_EQ(conntab_init(&ct, 0), 0);
	any = add4(&ct, 0, 7000, 0, 0, NULL, &e);
	one = add4(&ct, LO(5), 7000, 0, 0, NULL, &e);
	T_ASSERT(any != NULL && one != NULL);
	T_ASSERT(listener4(&ct, LO(5), 7000) == one);
	T_ASSERT(listener4(&ct, LO(1), 7000) == any);
	T_ASSERT(listener4(&ct, LO(1), 7001) == NULL);
	/* a connection on the port is no listener */
	T_ASSERT(add4(&ct, LO(1), 9000, LO(2), 1, NULL, &e) != NULL);
	T_ASSERT(listener4(&ct, LO(1), 9000) == NULL);
	conn_del(&ct, one);
	T_ASSERT(listener4(&ct, LO(5), 7000) == any);
	conntab_free(&ct);
}

TEST(conn_delete_keeps_order)
{
	struct conntab ct;
	struct errbuf e;
	struct conn *c, *c2;
	char names[64] = "";
	uint16_t p;

	T_EQ(conntab_init(&ct, 0), 0);
	for (p = 1; p <= 5; p++)
		T_ASSERT(add4(&ct, LO(1), p, LO(2), p, NULL, &e) != NULL);
	c2 = conn_by_name(&ct, "c2");
	conn_del(&ct, c2);
	conn_del(&ct, conn_by_name(&ct, "c1"));
	conn_del(&ct, conn_by_name(&ct, "c5"));
	conn_del(&ct, NULL);
	for (c = ct.head; c != NULL; c = c->next) {
		strcat(names, c->name);
		strcat(names, " ");
	}
	T_STREQ(names, "c3 c4 ");
	T_ASSERT(ct.tail != NULL && strcmp(ct.tail->name, "c4") == 0);
	T_ASSERT(ct.head->prev == NULL && ct.tail->next == NULL);
	T_EQ(ct.count, 2);
	T_ASSERT(lookup4(&ct, LO(1), 2, LO(2), 2, NULL) == NULL);
	/* the 4-tuple is free again */
	T_ASSERT(add4(&ct, LO(1), 2, LO(2), 2, NULL, &e) != NULL);
	conntab_free(&ct);
	T_EQ(ct.count, 0);
	/* a freed table can be used again (conn_add initialises it) */
	T_ASSERT(add4(&ct, LO(1), 2, LO(2), 2, NULL, &e) != NULL);
	conntab_free(&ct);
}

/* 1e5 connections: the table grows, every entry is found both ways and
 * by name, chains stay short, and deleting half leaves the rest. */
TEST(conn_many)
{
	enum { N = 100000 };
	struct conntab ct;
	struct errbuf e;
	struct conn *c;
	size_t i, longest = 0, len;
	char name[CONN_NAMELEN];
	int us, bad = 0;

	T_EQ(conntab_init(&ct, 0), 0);
	for (i = 0; i < N; i++) {
		/* neighbouring ports and addresses, the hard case for a
		 * weak hash */
		c = add4(&ct, LO(1), (uint16_t)(10000 + i % 50000),
		    LO(2 + (uint32_t)(i / 50000)), 80, NULL, &e);
		if (c == NULL) {
			t_fail(__FILE__, __LINE__, "add %zu: %s", i, e.msg);
			break;
		}
	}
	T_EQ(ct.count, N);
	T_ASSERT(ct.nbucket >= N);
	T_EQ(ct.nbucket & (ct.nbucket - 1), 0);
	for (i = 0; i < ct.nbucket; i++) {
		len = 0;
		for (c = ct.bucket[i]; c != NULL; c = c->hnext)
			len++;
		if (len > longest)
			longest = len;
	}
	T_ASSERT(longest <= 12);
	for (i = 0; i < N; i++) {
		c = lookup4(&ct, LO(2 + (uint32_t)(i / 50000)), 80, LO(1),
		    (uint16_t)(10000 + i % 50000), &us);
		snprintf(name, sizeof(name), "c%zu", i + 1);
		if (c == NULL || us != 0 || strcmp(c->name, name) != 0 ||
		    conn_by_name(&ct, name) != c)
			bad++;
	}
	T_EQ(bad, 0);
	for (i = 0; i < N; i += 2) {
		snprintf(name, sizeof(name), "c%zu", i + 1);
		conn_del(&ct, conn_by_name(&ct, name));
	}
	T_EQ(ct.count, N / 2);
	bad = 0;
	for (i = 0; i < N; i++) {
		c = lookup4(&ct, LO(1), (uint16_t)(10000 + i % 50000),
		    LO(2 + (uint32_t)(i / 50000)), 80, &us);
		if ((c != NULL) != (i % 2 == 1) || (c != NULL && us != 1))
			bad++;
	}
	T_EQ(bad, 0);
	conntab_free(&ct);
}

static size_t
chain_len(const struct conn *c)
{
	size_t n = 0;

	for (; c != NULL; c = c->hnext)
		n++;
	return n;
}

/* Move to front: the entry found heads its chain after the lookup, the
 * chain keeps every entry, and all of them are still found both ways;
 * deleting in the middle of a chain and at its head leaves the rest. */
TEST(conn_lookup_move_to_front)
{
	enum { N = 16 };	/* 16 buckets: some chains hold 3 or more */
	struct conntab ct;
	struct errbuf e;
	struct conn *c, *mid, *all[N];
	size_t i, b, longest = 0, len;
	int us, bad = 0;

	T_EQ(conntab_init(&ct, 0), 0);
	for (i = 0; i < N - 1; i++)
		T_ASSERT((all[i] = add4(&ct, LO(1), (uint16_t)(1000 + i),
		    LO(2), 80, NULL, &e)) != NULL);
	T_EQ(ct.nbucket, 16);
	for (i = b = 0; i < ct.nbucket; i++)
		if ((len = chain_len(ct.bucket[i])) > longest) {
			longest = len;
			b = i;
		}
	if (longest < 3) {
		t_fail(__FILE__, __LINE__, "no chain of 3 (longest %zu): "
		    "the test needs another set of ports", longest);
		conntab_free(&ct);
		return;
	}
	/* the last of the chain, from the peer's side */
	for (c = ct.bucket[b]; c->hnext != NULL; c = c->hnext)
		;
	T_ASSERT(conn_lookup(&ct, &c->raddr, c->rport, &c->laddr, c->lport,
	    &us) == c && us == 0);
	T_ASSERT(ct.bucket[b] == c);
	T_EQ(chain_len(ct.bucket[b]), longest);
	/* found again: nothing moves */
	T_ASSERT(conn_lookup(&ct, &c->laddr, c->lport, &c->raddr, c->rport,
	    &us) == c && us == 1);
	T_ASSERT(ct.bucket[b] == c);
	/* the middle one goes; then the head */
	mid = c->hnext;
	T_ASSERT(mid != NULL && mid->hnext != NULL);
	for (i = 0; i < N - 1; i++)
		if (all[i] == mid)
			all[i] = NULL;
	conn_del(&ct, mid);
	T_EQ(chain_len(ct.bucket[b]), longest - 1);
	T_ASSERT(ct.bucket[b] == c);
	for (i = 0; i < N - 1; i++)
		if (all[i] == c)
			all[i] = NULL;
	conn_del(&ct, c);
	T_EQ(chain_len(ct.bucket[b]), longest - 2);
	for (i = 0; i < N - 1; i++) {
		c = lookup4(&ct, LO(1), (uint16_t)(1000 + i), LO(2), 80,
		    &us);
		if (c != all[i] || (c != NULL && us != 1))
			bad++;
		c = lookup4(&ct, LO(2), 80, LO(1), (uint16_t)(1000 + i),
		    &us);
		if (c != all[i] || (c != NULL && us != 0))
			bad++;
		if (all[i] != NULL && conn_by_id(&ct, all[i]->id) != all[i])
			bad++;
	}
	T_EQ(bad, 0);
	T_EQ(ct.count, N - 3);
	/* a listener in a chain is passed over and stays findable */
	T_ASSERT(add4(&ct, LO(1), 80, 0, 0, NULL, &e) != NULL);
	T_ASSERT(listener4(&ct, LO(1), 80) != NULL);
	T_ASSERT(lookup4(&ct, LO(9), 9, LO(1), 80, NULL) == NULL);
	conntab_free(&ct);
}

/* conn_by_id: hashed, across growth and deletion; ids are not reused. */
TEST(conn_by_id_hash)
{
	enum { N = 5000 };
	struct conntab ct;
	struct errbuf e;
	struct conn *c;
	size_t i;
	unsigned id;
	int bad = 0;

	T_EQ(conntab_init(&ct, 0), 0);
	T_ASSERT(conn_by_id(&ct, 1) == NULL);
	for (i = 0; i < N; i++)
		if (add4(&ct, LO(1), (uint16_t)(1000 + i), LO(2), 80, NULL,
		    &e) == NULL)
			bad++;
	for (id = 2; id <= N; id += 2)
		conn_del(&ct, conn_by_id(&ct, id));
	for (id = 1; id <= N; id++) {
		c = conn_by_id(&ct, id);
		if (id % 2 == 1 ? c == NULL || c->id != id : c != NULL)
			bad++;
	}
	T_ASSERT(conn_by_id(&ct, 0) == NULL);
	T_ASSERT(conn_by_id(&ct, N + 1) == NULL);
	c = add4(&ct, LO(3), 1, LO(2), 80, NULL, &e);
	T_ASSERT(c != NULL && c->id == N + 1 && conn_by_id(&ct, N + 1) == c);
	T_EQ(bad, 0);
	conntab_free(&ct);
	T_ASSERT(conn_by_id(&ct, 1) == NULL);	/* a freed table */
}
