/* backend.c - the optional ops of a backend, with what their absence
 * means
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The backend itself is chosen once, by sess_init (sess_init.c).
 */
#include "backend.h"
#include "errbuf.h"
#include "inject.h"
#include "route.h"
#include "session.h"

int
backend_adopt(struct session *s, uint32_t addr, struct errbuf *e)
{
	if (s->be->adopt != NULL)
		return s->be->adopt(s, addr, e);
	return err_set(e, 0, "%u.%u.%u.%u is not an address of this host: "
	    "without a lab interface (-i) the kernel's answers to it would "
	    "not come back here", addr >> 24, (addr >> 16) & 255,
	    (addr >> 8) & 255, addr & 255);
}

int
backend_resolve(struct session *s, uint32_t dst, uint32_t src,
    struct task **learn, struct errbuf *e)
{
	*learn = NULL;
	return s->be->resolve != NULL ? s->be->resolve(s, dst, src, learn,
	    e) : 0;
}

int
backend_owns(struct session *s, uint32_t addr)
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

uint32_t
backend_source(struct session *s, const struct route *r)
{
	if (s->lab_src == 0 || !(s->be->flags & BE_OWNADDR))
		return r->src;
	return s->lab_src;
}

int
backend_own_source(struct session *s, uint32_t src, struct errbuf *e)
{
	struct route lr;
	struct errbuf le;

	if (!(s->be->flags & BE_OWNADDR) || backend_owns(s, src))
		return 0;
	/* RTN_LOCAL: the kernel's own, nothing to adopt */
	if (route_lookup(src, &lr, &le) == 0 && lr.local)
		return 0;
	return backend_adopt(s, src, e);
}
