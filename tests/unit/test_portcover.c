/* test_portcover.c - the capture filter's port blocks */
#include "portcover.h"

#include "t.h"

TEST(portcover_blocks)
{
	struct portcover pc;
	uint16_t p[] = { 40070, 40001, 40063, 40064, 52000 };
	char buf[256];

	portcover_build(&pc, p, 5);
	T_EQ(pc.n, 2);
	T_EQ(pc.lo[0], 40000);
	T_EQ(pc.hi[0], 40127);	/* two touching blocks, one range */
	T_EQ(pc.lo[1], 51968);
	T_EQ(pc.hi[1], 52031);
	T_ASSERT(portcover_has(&pc, 40000));
	T_ASSERT(portcover_has(&pc, 40127));
	T_ASSERT(!portcover_has(&pc, 40128));
	T_ASSERT(!portcover_has(&pc, 39999));
	T_ASSERT(portcover_has(&pc, 52000));
	T_EQ(portcover_format(&pc, buf, sizeof(buf)), strlen(buf));
	T_STREQ(buf, "tcp portrange 40000-40127 or tcp portrange "
	    "51968-52031");
	T_EQ(portcover_format(&pc, buf, 10), strlen("tcp portrange 40000-40127"
	    " or tcp portrange 51968-52031"));
	T_EQ(strlen(buf), 9);
}

TEST(portcover_empty_and_edges)
{
	struct portcover pc;
	uint16_t p[] = { 65535, 0 };
	char buf[64];

	portcover_build(&pc, p, 0);
	T_EQ(pc.n, 0);
	T_ASSERT(!portcover_has(&pc, 1));
	T_EQ(portcover_format(&pc, buf, sizeof(buf)), 0);
	portcover_build(&pc, p, 2);
	T_EQ(pc.n, 2);
	T_EQ(pc.lo[1], 65472);
	T_EQ(pc.hi[1], 65535);
	T_ASSERT(portcover_has(&pc, 0) && portcover_has(&pc, 65535));
}

/* Never more than PORTCOVER_MAX ranges, and every port still covered. */
TEST(portcover_bounded)
{
	struct portcover pc;
	uint16_t p[1000], q[1000];
	uint32_t x = 12345;
	int i;

	for (i = 0; i < 1000; i++) {
		x = x * 1103515245u + 12345u;
		p[i] = q[i] = (uint16_t)(x >> 16);
	}
	portcover_build(&pc, p, 1000);
	T_ASSERT(pc.n <= PORTCOVER_MAX);
	for (i = 0; i < 1000; i++)
		T_ASSERT(portcover_has(&pc, q[i]));
	for (i = 0; i + 1 < pc.n; i++)
		T_ASSERT(pc.hi[i] < pc.lo[i + 1]);
}
