/* ipaddr.c - IPv4 and IPv6 addresses, tagged with their family
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <arpa/inet.h>
#include <netinet/in.h>
#include <stdio.h>
#include <string.h>

#include "ipaddr.h"

struct ipaddr
ipaddr_v6(const uint8_t b[16])
{
	struct ipaddr x;

	memset(&x, 0, sizeof(x));
	x.af = AF_INET6;
	memcpy(x.v6, b, 16);
	return x;
}

struct ipaddr
ipaddr_any(int af)
{
	struct ipaddr x;

	memset(&x, 0, sizeof(x));
	x.af = (uint8_t)af;
	return x;
}

int
ipaddr_eq(const struct ipaddr *a, const struct ipaddr *b)
{
	if (a->af != b->af)
		return 0;
	if (a->af == AF_INET6)
		return memcmp(a->v6, b->v6, 16) == 0;
	return a->v4 == b->v4;
}

int
ipaddr_is_any(const struct ipaddr *a)
{
	static const uint8_t zero[16];

	if (a->af == AF_INET6)
		return memcmp(a->v6, zero, 16) == 0;
	return a->af == 0 || a->v4 == 0;
}

int
ipaddr_is_loopback(const struct ipaddr *a)
{
	static const uint8_t one[16] = { [15] = 1 };

	if (a->af == AF_INET6)
		return memcmp(a->v6, one, 16) == 0;
	return a->af == AF_INET && (a->v4 >> 24) == 127;
}

uint64_t
ipaddr_fold(const struct ipaddr *a)
{
	uint64_t hi, lo;

	if (a->af != AF_INET6)
		return a->v4;
	memcpy(&hi, a->v6, 8);
	memcpy(&lo, a->v6 + 8, 8);
	/* rotated so that hi == lo does not cancel; the tag bit keeps
	 * every IPv6 fold apart from the 32-bit IPv4 ones */
	return (hi << 29 | hi >> 35) ^ lo ^ (1ULL << 63);
}

/* inet_ntop's dotted quad without its sprintf: two of them a printed
 * line, and the formatting was most of what printing an address cost */
static void
v4_str(uint32_t v, char *p)
{
	int i, o;

	for (i = 3; i >= 0; i--) {
		o = (int)(v >> (i * 8)) & 0xff;
		if (o >= 100)
			*p++ = (char)('0' + o / 100);
		if (o >= 10)
			*p++ = (char)('0' + o / 10 % 10);
		*p++ = (char)('0' + o % 10);
		*p++ = i > 0 ? '.' : '\0';
	}
}

const char *
ipaddr_str(const struct ipaddr *a, char *buf, size_t len)
{
	struct in_addr in;

	if (a->af == AF_INET6) {
		if (inet_ntop(AF_INET6, a->v6, buf, (socklen_t)len) == NULL)
			snprintf(buf, len, "?");
		return buf;
	}
	if (a->af != AF_INET) {
		snprintf(buf, len, "-");
		return buf;
	}
	if (len >= INET_ADDRSTRLEN) {
		v4_str(a->v4, buf);
		return buf;
	}
	in.s_addr = htonl(a->v4);
	if (inet_ntop(AF_INET, &in, buf, (socklen_t)len) == NULL)
		snprintf(buf, len, "?");
	return buf;
}

int
ipaddr_parse(const char *s, int af, struct ipaddr *a)
{
	char tmp[IPADDR_STRLEN + 2];
	struct in_addr in;
	size_t n = strlen(s);

	if (n >= 2 && s[0] == '[' && s[n - 1] == ']') {
		if (n - 2 >= sizeof(tmp))
			return -1;
		memcpy(tmp, s + 1, n - 2);
		tmp[n - 2] = '\0';
		s = tmp;
		if (af == AF_INET)
			return -1;
		af = AF_INET6;
	}
	memset(a, 0, sizeof(*a));
	if (af != AF_INET6 && inet_pton(AF_INET, s, &in) == 1) {
		*a = ipaddr_v4(ntohl(in.s_addr));
		return 0;
	}
	if (af != AF_INET && inet_pton(AF_INET6, s, a->v6) == 1) {
		a->af = AF_INET6;
		return 0;
	}
	return -1;
}

size_t
ipaddr_bytes(const struct ipaddr *a, uint8_t out[16])
{
	if (a->af == AF_INET6) {
		memcpy(out, a->v6, 16);
		return 16;
	}
	out[0] = (uint8_t)(a->v4 >> 24);
	out[1] = (uint8_t)(a->v4 >> 16);
	out[2] = (uint8_t)(a->v4 >> 8);
	out[3] = (uint8_t)a->v4;
	return 4;
}

struct ipaddr
ipaddr_from_bytes(int af, const uint8_t *b)
{
	if (af == AF_INET6)
		return ipaddr_v6(b);
	return ipaddr_v4((uint32_t)b[0] << 24 | (uint32_t)b[1] << 16 |
	    (uint32_t)b[2] << 8 | b[3]);
}

socklen_t
ipaddr_sockaddr(const struct ipaddr *a, uint16_t port,
    struct sockaddr_storage *ss)
{
	struct sockaddr_in *sin = (struct sockaddr_in *)ss;
	struct sockaddr_in6 *sin6 = (struct sockaddr_in6 *)ss;

	memset(ss, 0, sizeof(*ss));
	if (a->af == AF_INET6) {
		sin6->sin6_family = AF_INET6;
		sin6->sin6_port = htons(port);
		memcpy(&sin6->sin6_addr, a->v6, 16);
		return sizeof(*sin6);
	}
	sin->sin_family = AF_INET;
	sin->sin_port = htons(port);
	sin->sin_addr.s_addr = htonl(a->v4);
	return sizeof(*sin);
}
