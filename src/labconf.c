/* labconf.c - the lab configuration: parsing and the questions asked of it
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Strict on purpose: this file is what stands between a student and the
 * campus LAN, so a line it cannot read whole fails the whole file (and a
 * confined tcpcraft then refuses to run) rather than being skipped.
 */
#include <ctype.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/types.h>

#include "errbuf.h"
#include "ipaddr.h"
#include "labconf.h"

#define MAXWORDS	(LABCONF_MAXPFX + 2)

void
labconf_init(struct labconf *lc)
{
	memset(lc, 0, sizeof(*lc));
	lc->flood_count = LABCONF_FLOOD_COUNT;
	lc->flood_rate = LABCONF_FLOOD_RATE;
	lc->probe_count = LABCONF_PROBE_COUNT;
	lc->probe_rate = LABCONF_PROBE_RATE;
}

/* A decimal number 0..max, nothing after it; -1 when it is not. */
static int
parse_num(const char *s, uint64_t max, uint64_t *v)
{
	uint64_t n = 0;

	if (*s == '\0')
		return -1;
	for (; *s != '\0'; s++) {
		if (!isdigit((unsigned char)*s))
			return -1;
		n = n * 10 + (uint64_t)(*s - '0');
		if (n > max)
			return -1;
	}
	*v = n;
	return 0;
}

/* "A.B.C.D/LEN", read strictly as it always was. */
static int
pfx4_parse(const char *s, struct labconf_pfx *p, struct errbuf *e)
{
	const char *whole = s;
	char part[8];
	uint64_t v;
	uint32_t a = 0;
	size_t n;
	int i;

	for (i = 0; i < 5; i++) {
		n = strcspn(s, i < 3 ? "." : i == 3 ? "/" : "");
		if (n == 0 || n >= sizeof(part) || (i < 4 && s[n] == '\0'))
			return err_set(e, 0, "'%s' is not A.B.C.D/LEN", whole);
		memcpy(part, s, n);
		part[n] = '\0';
		if (parse_num(part, i < 4 ? 255 : 32, &v) != 0)
			return err_set(e, 0, "'%s' is not A.B.C.D/LEN", whole);
		if (i < 4)
			a = a << 8 | (uint32_t)v;
		else
			p->len = (int)v;
		s += n + (i < 4);
	}
	p->net = ipaddr_v4(a);
	/* 10.77.0.5/24 is a mistake or a host: either way not what the
	 * administrator meant to allow */
	if (p->len < 32 && (a & (0xffffffffu >> p->len)) != 0)
		return err_set(e, 0, "prefix %u.%u.%u.%u/%d has host bits set",
		    a >> 24, (a >> 16) & 255, (a >> 8) & 255, a & 255, p->len);
	return 0;
}

/* Are the first len bits of a and b the same? */
static int
bits_match(const uint8_t *a, const uint8_t *b, int len)
{
	int i;

	for (i = 0; i < len / 8; i++)
		if (a[i] != b[i])
			return 0;
	return len % 8 == 0 ||
	    ((a[i] ^ b[i]) & (0xff00 >> (len % 8)) & 0xff) == 0;
}

/* "IPV6/LEN" (RFC 4291 text, no brackets, no zone). */
static int
pfx6_parse(const char *s, struct labconf_pfx *p, struct errbuf *e)
{
	char addr[IPADDR_STRLEN];
	uint8_t masked[16];
	const char *slash = strchr(s, '/');
	uint64_t v;
	size_t n;
	int len, i;

	if (slash == NULL || (n = (size_t)(slash - s)) == 0 ||
	    n >= sizeof(addr) || parse_num(slash + 1, 128, &v) != 0)
		return err_set(e, 0, "'%s' is not IPV6/LEN", s);
	memcpy(addr, s, n);
	addr[n] = '\0';
	if (ipaddr_parse(addr, AF_INET6, &p->net) != 0 || addr[0] == '[')
		return err_set(e, 0, "'%s' is not IPV6/LEN", s);
	p->len = len = (int)v;
	/* the host bits zero, as for IPv4: the prefix is the prefix
	 * of the address with them cleared, and of no other */
	memcpy(masked, p->net.v6, 16);
	for (i = len; i < 128; i++)
		masked[i / 8] &= (uint8_t)~(0x80 >> (i % 8));
	if (memcmp(masked, p->net.v6, 16) != 0)
		return err_set(e, 0, "prefix %s has host bits set", s);
	return 0;
}

int
labconf_pfx_parse(const char *s, struct labconf_pfx *p, struct errbuf *e)
{
	memset(p, 0, sizeof(*p));
	if (strchr(s, ':') != NULL)
		return pfx6_parse(s, p, e);
	return pfx4_parse(s, p, e);
}

int
labconf_pfx_has(const struct labconf_pfx *p, const struct ipaddr *addr)
{
	uint32_t mask;

	if (addr->af != p->net.af)
		return 0;
	if (addr->af == AF_INET6)
		return bits_match(addr->v6, p->net.v6, p->len);
	mask = p->len == 0 ? 0 : 0xffffffffu << (32 - p->len);
	return (addr->v4 & mask) == p->net.v4;
}

/* The index of ifname's lab, -1 when it has none. */
static int
lab_index(const struct labconf *lc, const char *ifname)
{
	int i;

	for (i = 0; i < lc->nlabs; i++)
		if (strcmp(lc->labs[i].ifname, ifname) == 0)
			return i;
	return -1;
}

const struct labconf_lab *
labconf_lab(const struct labconf *lc, const char *ifname)
{
	int i = lab_index(lc, ifname);

	return i < 0 ? NULL : &lc->labs[i];
}

/* An interface name as the kernel takes one: 1..15 bytes, no '/',
 * no space, not "." or "..". */
static int
ifname_ok(const char *s)
{
	size_t n = strlen(s), i;

	if (n == 0 || n >= LABCONF_IFNAMSIZ || strcmp(s, ".") == 0 ||
	    strcmp(s, "..") == 0)
		return 0;
	for (i = 0; i < n; i++)
		if (s[i] == '/' || s[i] == ':' || !isgraph((unsigned char)s[i]))
			return 0;
	return 1;
}

static int
add_lab(struct labconf *lc, char **w, int nw, int lineno, struct errbuf *e)
{
	struct labconf_lab *l;
	struct labconf_pfx p;
	struct errbuf pe;
	int i;

	if (nw < 3)
		return err_set(e, 0, "line %d: lab IFACE PREFIX...", lineno);
	if (!ifname_ok(w[1]))
		return err_set(e, 0, "line %d: '%s' is not an interface name",
		    lineno, w[1]);
	if ((i = lab_index(lc, w[1])) >= 0)
		l = &lc->labs[i];
	else {
		if (lc->nlabs == LABCONF_MAXLABS)
			return err_set(e, 0, "line %d: at most %d labs",
			    lineno, LABCONF_MAXLABS);
		l = &lc->labs[lc->nlabs++];
		memset(l, 0, sizeof(*l));
		memcpy(l->ifname, w[1], strlen(w[1]) + 1);
	}
	for (i = 2; i < nw; i++) {
		if (labconf_pfx_parse(w[i], &p, &pe) != 0)
			return err_set(e, 0, "line %d: %s", lineno, pe.msg);
		if (l->npfx == LABCONF_MAXPFX)
			return err_set(e, 0, "line %d: at most %d prefixes on "
			    "%s", lineno, LABCONF_MAXPFX, l->ifname);
		l->pfx[l->npfx++] = p;
	}
	return 0;
}

static const struct {
	const char	*name;
	size_t		 off;
	uint64_t	 max;
} limits[] = {
	{ "flood-count", offsetof(struct labconf, flood_count), 10000000 },
	{ "flood-rate", offsetof(struct labconf, flood_rate), 10000000 },
	{ "probe-count", offsetof(struct labconf, probe_count), 100000 },
	{ "probe-rate", offsetof(struct labconf, probe_rate), 1000000 },
};

int
labconf_line(struct labconf *lc, const char *line, int lineno,
    struct errbuf *e)
{
	char buf[LABCONF_MAXLINE], *w[MAXWORDS], *p, *last;
	uint64_t v;
	size_t n;
	int nw = 0, i;

	if ((n = strcspn(line, "#\n")) >= sizeof(buf))
		return err_set(e, 0, "line %d: longer than %d bytes", lineno,
		    LABCONF_MAXLINE - 1);
	memcpy(buf, line, n);
	buf[n] = '\0';
	for (p = strtok_r(buf, " \t\r\v\f", &last); p != NULL;
	    p = strtok_r(NULL, " \t\r\v\f", &last)) {
		if (nw == MAXWORDS)
			return err_set(e, 0, "line %d: at most %d prefixes on "
			    "a line", lineno, LABCONF_MAXPFX);
		w[nw++] = p;
	}
	if (nw == 0)
		return 0;
	if (strcmp(w[0], "lab") == 0)
		return add_lab(lc, w, nw, lineno, e);
	for (i = 0; i < (int)(sizeof(limits) / sizeof(limits[0])); i++) {
		if (strcmp(w[0], limits[i].name) != 0)
			continue;
		if (nw != 2 || parse_num(w[1], limits[i].max, &v) != 0 ||
		    v == 0)
			return err_set(e, 0, "line %d: %s takes a number, 1 to "
			    "%llu", lineno, limits[i].name,
			    (unsigned long long)limits[i].max);
		*(uint64_t *)(void *)((char *)lc + limits[i].off) = v;
		return 0;
	}
	return err_set(e, 0, "line %d: unknown statement '%.40s' (lab, "
	    "flood-count, flood-rate, probe-count, probe-rate)", lineno, w[0]);
}

int
labconf_read(struct labconf *lc, FILE *f, struct errbuf *e)
{
	char *line = NULL;
	size_t cap = 0;
	ssize_t n;
	int lineno = 0, rc = 0;

	labconf_init(lc);
	while (rc == 0 && (n = getline(&line, &cap, f)) != -1) {
		lineno++;
		/* a NUL would hide the rest of its line from the parser */
		if (memchr(line, '\0', (size_t)n) != NULL)
			rc = err_set(e, 0, "line %d: a NUL byte", lineno);
		else if (n >= LABCONF_MAXLINE)
			rc = err_set(e, 0, "line %d: longer than %d bytes",
			    lineno, LABCONF_MAXLINE - 1);
		else
			rc = labconf_line(lc, line, lineno, e);
	}
	free(line);
	if (rc == 0 && ferror(f))
		rc = err_set(e, 0, "read error");
	return rc;
}

int
labconf_src_ok(const struct labconf *lc, const char *ifname,
    const struct ipaddr *addr)
{
	const struct labconf_lab *l;
	int i;

	if ((l = labconf_lab(lc, ifname)) == NULL)
		return 0;
	for (i = 0; i < l->npfx; i++)
		if (labconf_pfx_has(&l->pfx[i], addr))
			return 1;
	return 0;
}

int
labconf_flood_ok(const struct labconf *lc, uint64_t count, uint64_t rate,
    struct errbuf *e)
{
	if (count > lc->flood_count)
		return err_set(e, 0, "count %llu is over the limit of %llu "
		    "packets (flood-count)", (unsigned long long)count,
		    (unsigned long long)lc->flood_count);
	if (rate == 0 || rate > lc->flood_rate)
		return err_set(e, 0, "%s is over the limit of %llu packets/s "
		    "(flood-rate): give rate N, at most that", rate == 0 ?
		    "no rate (as fast as it can)" : "that rate",
		    (unsigned long long)lc->flood_rate);
	return 0;
}

int
labconf_probe_ok(const struct labconf *lc, uint64_t count, uint64_t ival_us,
    struct errbuf *e)
{
	if (count > lc->probe_count)
		return err_set(e, 0, "count %llu is over the limit of %llu "
		    "probes (probe-count)", (unsigned long long)count,
		    (unsigned long long)lc->probe_count);
	if (ival_us * lc->probe_rate < 1000000)
		return err_set(e, 0, "an interval under %llu us is over the "
		    "limit of %llu probes/s (probe-rate)",
		    (unsigned long long)(1000000 / lc->probe_rate),
		    (unsigned long long)lc->probe_rate);
	return 0;
}

/* One line per family of a lab's prefixes: IPv4's as it always was,
 * then IPv6's. */
static void
print_lab(FILE *f, const struct labconf_lab *l)
{
	static const int fam[2] = { AF_INET, AF_INET6 };
	char a[IPADDR_STRLEN];
	int i, k, n;

	for (i = 0; i < 2; i++) {
		for (k = n = 0; k < l->npfx; k++) {
			if (l->pfx[k].net.af != fam[i])
				continue;
			if (n++ == 0)
				fprintf(f, "lab %s: --src in", l->ifname);
			fprintf(f, " %s/%d", ipaddr_str(&l->pfx[k].net, a,
			    sizeof(a)), l->pfx[k].len);
		}
		if (n > 0)
			fprintf(f, "\n");
	}
}

void
labconf_print(FILE *f, const struct labconf *lc)
{
	int i;

	fprintf(f, "loopback: sockets of your own user (and --peer servers "
	    "tcpcraft starts), ports nobody holds\n");
	if (lc->nlabs == 0)
		fprintf(f, "lab interfaces: none (ask the administrator to "
		    "add a lab line)\n");
	for (i = 0; i < lc->nlabs; i++)
		print_lab(f, &lc->labs[i]);
	fprintf(f, "flood: at most %llu packets, %llu packets/s\n",
	    (unsigned long long)lc->flood_count,
	    (unsigned long long)lc->flood_rate);
	fprintf(f, "probe: at most %llu SYNs, %llu a second\n",
	    (unsigned long long)lc->probe_count,
	    (unsigned long long)lc->probe_rate);
}
