/* seg.c - a fresh segment's defaults */
#include <string.h>

#include "seg.h"

void
seg_init(struct seg *s)
{
	memset(s, 0, sizeof(*s));
	s->ver = 4;
	s->ihl = 5;
	s->ttl = 64;
	s->proto = 6;
	s->doff = 5;
	s->saddr.af = s->daddr.af = AF_INET;
}

void
seg_init6(struct seg *s)
{
	seg_init(s);
	s->ver = 6;
	s->saddr.af = s->daddr.af = AF_INET6;
}
