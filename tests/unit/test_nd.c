/* test_nd.c - Neighbor Discovery frames: built, read back, checked */
#include <stdint.h>
#include <string.h>

#include "ipaddr.h"
#include "nd.h"
#include "t.h"

static void
v6(const char *s, uint8_t out[16])
{
	struct ipaddr a;

	memset(out, 0, 16);
	if (ipaddr_parse(s, AF_INET6, &a) == 0)
		memcpy(out, a.v6, 16);
}

static const uint8_t mac_a[6] = { 0x02, 0x74, 0x63, 0x00, 0x00, 0x10 };
static const uint8_t mac_b[6] = { 0x0a, 0x0b, 0x0c, 0x0d, 0x0e, 0x0f };

TEST(nd_solicited_node_group_and_mac)
{
	uint8_t a[16], g[16], want[16], mac[6];
	static const uint8_t wmac[6] = { 0x33, 0x33, 0xff, 0x12, 0x34, 0x56 };

	v6("fd74:6363:a:4d00::ab12:3456", a);
	nd_solicited(a, g);
	v6("ff02::1:ff12:3456", want);
	T_MEMEQ(g, want, 16);
	nd_mcast_mac(g, mac);
	T_MEMEQ(mac, wmac, 6);
}

/* A DAD probe (RFC 4862, 5.4.2) byte for byte, its checksum as tshark
 * computes it ("[Checksum Status: Good]") for these bytes. */
TEST(nd_dad_probe_bytes)
{
	static const uint8_t want[] = {
		0x33, 0x33, 0xff, 0x00, 0x00, 0x10,	/* to the group */
		0x02, 0x74, 0x63, 0x00, 0x00, 0x10, 0x86, 0xdd,
		0x60, 0x00, 0x00, 0x00, 0x00, 0x18, 0x3a, 0xff,
		0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,	/* :: */
		0xff, 0x02, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0x01,
		0xff, 0x00, 0x00, 0x10,
		0x87, 0x00, 0xcc, 0xa5, 0, 0, 0, 0,	/* NS, cksum */
		0xfd, 0x74, 0x63, 0x63, 0x00, 0x0a, 0x4d, 0x00,
		0, 0, 0, 0, 0, 0, 0x00, 0x10,		/* target */
	};
	struct nd_msg m, r;
	uint8_t f[ND_FRAME_MAX], dmac[6];
	size_t n;

	memset(&m, 0, sizeof(m));
	m.type = ND_NS;
	v6("fd74:6363:a:4d00::10", m.target);
	nd_solicited(m.target, m.dst);
	nd_mcast_mac(m.dst, dmac);
	n = nd_build(f, dmac, mac_a, &m);
	T_EQ(n, sizeof(want));
	T_MEMEQ(f, want, sizeof(want));
	T_EQ(nd_parse(f, n, &r), 1);
	T_EQ(r.type, ND_NS);
	T_EQ(r.has_lla, 0);
	T_MEMEQ(r.target, m.target, 16);
	/* a link-layer option from :: is not allowed (7.1.1) */
	m.has_lla = 1;
	memcpy(m.lla, mac_a, 6);
	n = nd_build(f, dmac, mac_a, &m);
	T_EQ(nd_parse(f, n, &r), -1);
}

TEST(nd_advertisement_round_trip)
{
	struct nd_msg m, r;
	uint8_t f[ND_FRAME_MAX];
	size_t n, k;

	memset(&m, 0, sizeof(m));
	m.type = ND_NA;
	v6("fd74:6363:a:4d00::10", m.src);
	v6("fd74:6363:a:4d00::2", m.dst);
	memcpy(m.target, m.src, 16);
	m.flags = ND_NA_SOLICITED | ND_NA_OVERRIDE;
	m.has_lla = 1;
	memcpy(m.lla, mac_a, 6);
	n = nd_build(f, mac_b, mac_a, &m);
	T_EQ(n, ND_FRAME_MAX);
	T_EQ(nd_parse(f, n, &r), 1);
	T_EQ(r.type, ND_NA);
	T_EQ(r.flags, ND_NA_SOLICITED | ND_NA_OVERRIDE);
	T_EQ(r.has_lla, 1);
	T_MEMEQ(r.lla, mac_a, 6);
	T_MEMEQ(r.src, m.src, 16);
	/* every truncation: not read past, never taken for whole */
	for (k = 0; k < n; k++)
		T_ASSERT(nd_parse(f, k, &r) != 1);
	/* a changed byte breaks the checksum */
	f[n - 1] ^= 1;
	T_EQ(nd_parse(f, n, &r), -1);
	f[n - 1] ^= 1;
	/* a hop limit below 255: it came through a router */
	f[14 + 7] = 254;
	T_EQ(nd_parse(f, n, &r), -1);
	f[14 + 7] = 255;
	/* an option of length 0 */
	f[n - 7] = 0;
	T_EQ(nd_parse(f, n, &r), -1);
	/* not ND at all: an echo request, an IPv4 frame */
	f[n - 7] = 1;
	f[14 + 40] = 128;
	T_EQ(nd_parse(f, n, &r), 0);
	f[12] = 0x08;
	f[13] = 0x00;
	T_EQ(nd_parse(f, n, &r), 0);
}

/* Random bytes behind a plausible start, at every length: nd_parse reads
 * only what it was given (ASan watches) and takes none of them whole
 * unless the checksum agrees. */
TEST(nd_parse_random_frames)
{
	struct nd_msg m;
	uint8_t f[ND_FRAME_MAX + 64];
	uint32_t x = 12345;
	size_t i, len;
	int k, r, whole = 0;

	for (k = 0; k < 3000; k++) {
		for (i = 0; i < sizeof(f); i++) {
			x = x * 1103515245u + 12345u;
			f[i] = (uint8_t)(x >> 16);
		}
		f[12] = 0x86;
		f[13] = 0xdd;
		f[14] = 0x60;
		f[14 + 6] = 58;
		f[14 + 7] = 255;
		f[14 + 40] = (uint8_t)(k & 1 ? ND_NA : ND_NS);
		f[14 + 41] = 0;
		f[14 + 4] = 0;
		f[14 + 5] = (uint8_t)(24 + (k % 48));
		len = (size_t)k % sizeof(f);
		r = nd_parse(f, len, &m);
		T_ASSERT(r >= -1 && r <= 1);
		whole += r == 1;
	}
	T_ASSERT(whole < 10);	/* a random checksum agrees 1 time in 65536 */
}
