/* backend.c - the optional ops of a backend, with what their absence
 * means
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The backend itself is chosen once, by sess_init (sess_init.c).
 */
#include <sys/socket.h>

#include <ifaddrs.h>
#include <netinet/in.h>
#include <string.h>

#include "backend.h"
#include "errbuf.h"
#include "inject.h"
#include "route.h"
#include "session.h"

int
backend_adopt(struct session *s, const struct ipaddr *addr, struct errbuf *e)
{
	char a[IPADDR_STRLEN];

	if (s->be->adopt != NULL)
		return s->be->adopt(s, addr, e);
	return err_set(e, 0, "%s is not an address of this host: "
	    "without a lab interface (-i) the kernel's answers to it would "
	    "not come back here", ipaddr_str(addr, a, sizeof(a)));
}

int
backend_resolve(struct session *s, const struct ipaddr *dst,
    const struct ipaddr *src, struct task **learn, struct errbuf *e)
{
	*learn = NULL;
	return s->be->resolve != NULL ? s->be->resolve(s, dst, src, learn,
	    e) : 0;
}

int
backend_owns(struct session *s, const struct ipaddr *addr)
{
	return s->be->owns != NULL && s->be->owns(s, addr);
}

const char *
backend_filter(struct session *s)
{
	const char *f = s->be->filter != NULL ? s->be->filter(s) : NULL;

	return f != NULL ? f : "";
}

int
backend_sendmany(struct session *s, uint8_t *const *pkts, const size_t *lens,
    unsigned n, struct errbuf *e)
{
	if (s->be->sendmany != NULL)
		return s->be->sendmany(s, pkts, lens, n, e);
	return inject_sendmany(s->inj, pkts, lens, n, e);
}

/* An IPv6 address the kernel has on an interface (tentative ones
 * included: they are its, DAD or not).  Asked of the interfaces, not of
 * the routes: route_lookup is IPv4's. */
static int
kernel_has6(const uint8_t a[16])
{
	struct ifaddrs *ifa, *i;
	int found = 0;

	if (getifaddrs(&ifa) != 0)
		return 0;
	for (i = ifa; i != NULL && !found; i = i->ifa_next)
		found = i->ifa_addr != NULL &&
		    i->ifa_addr->sa_family == AF_INET6 &&
		    memcmp(((struct sockaddr_in6 *)(void *)i->ifa_addr)->
		    sin6_addr.s6_addr, a, 16) == 0;
	freeifaddrs(ifa);
	return found;
}

int
backend_kernel_owns(const struct ipaddr *addr)
{
	struct route r;
	struct errbuf e;

	if (addr->af == AF_INET6)
		return kernel_has6(addr->v6);
	/* RTN_LOCAL: the kernel would deliver a packet for addr to itself */
	return route_lookup(addr->v4, &r, &e) == 0 && r.local;
}

struct ipaddr
backend_source(struct session *s, const struct route *r, int af)
{
	int own = (s->be->flags & BE_OWNADDR) != 0;

	if (af == AF_INET6)
		return own && s->lab_src6.af == AF_INET6 ? s->lab_src6 :
		    ipaddr_any(AF_INET6);
	if (s->lab_src == 0 || !own)
		return ipaddr_v4(r->src);
	return ipaddr_v4(s->lab_src);
}

int
backend_own_source(struct session *s, const struct ipaddr *src,
    struct errbuf *e)
{
	if (!(s->be->flags & BE_OWNADDR) || backend_owns(s, src))
		return 0;
	/* the kernel's own (RTN_LOCAL, an interface's): nothing to adopt */
	if (backend_kernel_owns(src))
		return 0;
	return backend_adopt(s, src, e);
}
