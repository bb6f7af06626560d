/* route.h - the scope guard's question: where would the kernel send this? */
#ifndef TC_ROUTE_H
#define TC_ROUTE_H

#include <net/if.h>
#include <stdint.h>

#include "errbuf.h"
#include "ipaddr.h"

struct route {
	char		ifname[IF_NAMESIZE];	/* output interface */
	uint32_t	src;		/* preferred source, host order */
	int		local;		/* dst is an address of this host */
	uint32_t	gateway;	/* next hop, host order; 0 on-link */
	/* the same two in the destination's family (IPv6 too); af 0:
	 * none */
	struct ipaddr	srcaddr, gwaddr;
};

/* Asks the kernel (rtnetlink RTM_GETROUTE) for dst's route. */
int	route_lookup(uint32_t dst, struct route *r, struct errbuf *e);
/* The same for an address of either family. */
int	route_lookup_ip(const struct ipaddr *dst, struct route *r,
	    struct errbuf *e);
/* 1 when ifname is a loopback interface */
int	route_is_loopback(const char *ifname);

/* The scope rule: without a lab interface only routes through loopback
 * are allowed; with one, only routes through that interface.  Returns 0,
 * or -1 with a message telling the user why and what to do. */
int	route_check_scope(uint32_t dst, const char *labif, struct route *r,
	    struct errbuf *e);
int	route_check_scope_ip(const struct ipaddr *dst, const char *labif,
	    struct route *r, struct errbuf *e);

#endif
