/* pdcfg.c - the settings of a packetdrill run */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "pdcfg.h"

void
pdcfg_init(struct pdcfg *c)
{
	memset(c, 0, sizeof(*c));
	c->tol_us = 4000;
	c->tol_pct = 12.5;
	c->laddr = 0xc0a80001u;		/* 192.168.0.1 */
	c->raddr = 0xc0000201u;		/* 192.0.2.1 */
	c->bind_port = 8080;
	c->connect_port = 8080;
	c->prefix = "";
}

static int
ipv4(const char *s, uint32_t *a)
{
	unsigned b[4];
	char tail;

	if (sscanf(s, "%u.%u.%u.%u%c", &b[0], &b[1], &b[2], &b[3],
	    &tail) != 4 || b[0] > 255 || b[1] > 255 || b[2] > 255 ||
	    b[3] > 255)
		return -1;
	*a = b[0] << 24 | b[1] << 16 | b[2] << 8 | b[3];
	return 0;
}

static int
num(const char *s, long long lo, long long hi, long long *v)
{
	char *end;

	*v = strtoll(s, &end, 0);
	return *end != '\0' || end == s || *v < lo || *v > hi ? -1 : 0;
}

int
pdcfg_set(struct pdcfg *c, const char *name, const char *value)
{
	long long v;
	char *end;

	if (strcmp(name, "tolerance_usecs") == 0) {
		if (num(value, 0, 100000000, &v) != 0)
			return -1;
		c->tol_us = v;
	} else if (strcmp(name, "tolerance_percent") == 0) {
		c->tol_pct = strtod(value, &end);
		if (*end != '\0' || c->tol_pct < 0 || c->tol_pct > 100)
			return -1;
	} else if (strcmp(name, "mss") == 0 || strcmp(name, "mtu") == 0) {
		if (num(value, 0, 65535, &v) != 0)
			return -1;
		if (name[1] == 's')
			c->mss = (int)v;
		else
			c->mtu = (int)v;
	} else if (strcmp(name, "local_ip") == 0)
		return ipv4(value, &c->laddr);
	else if (strcmp(name, "remote_ip") == 0)
		return ipv4(value, &c->raddr);
	else if (strcmp(name, "bind_port") == 0 ||
	    strcmp(name, "connect_port") == 0) {
		if (num(value, 1, 65535, &v) != 0)
			return -1;
		if (name[0] == 'b')
			c->bind_port = (uint16_t)v;
		else
			c->connect_port = (uint16_t)v;
	} else if (strcmp(name, "ip_version") == 0)
		return strcmp(value, "ipv4") == 0 ? 0 : 1;
	else if (strcmp(name, "strict_segments") == 0)
		c->strict = 1;
	else if (strcmp(name, "tcp_ts_ecr_scaled") == 0)
		c->ecr_scaled = 1;
	else if (strcmp(name, "tcp_ts_tick_usecs") == 0) {
		if (num(value, 0, 1000000000, &v) != 0)
			return -1;
		c->ts_tick_us = v;
	} else
		return 1;
	return 0;
}
