/* pktstore.c - bump allocation over chunks for the session log
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <stdint.h>
#include <stdlib.h>

#include "pktstore.h"

#define CHUNK	(256 * 1024)

struct pktstore_chunk {
	struct pktstore_chunk	*next;
	uint64_t		 align;	/* data below starts 8-aligned */
	uint8_t			 data[];
};

uint8_t *
pktstore_alloc(struct pktstore *ps, size_t len)
{
	struct pktstore_chunk *c;
	size_t need = (len + 7) & ~(size_t)7, size;
	uint8_t *p;

	if (need == 0)
		need = 8;
	if (need < len)		/* overflow */
		return NULL;
	if (ps->head == NULL || ps->cap - ps->used < need) {
		size = need > CHUNK ? need : CHUNK;
		if ((c = malloc(sizeof(*c) + size)) == NULL)
			return NULL;
		if (ps->head != NULL && size > CHUNK) {
			/* an outsized packet gets a chunk of its own, behind
			 * the one being filled, which keeps its room */
			c->next = ps->head->next;
			ps->head->next = c;
			ps->bytes += len;
			return c->data;
		}
		c->next = ps->head;
		ps->head = c;
		ps->used = 0;
		ps->cap = size;
	}
	p = ps->head->data + ps->used;
	ps->used += need;
	ps->bytes += len;
	return p;
}

void
pktstore_free(struct pktstore *ps)
{
	struct pktstore_chunk *c, *next;

	for (c = ps->head; c != NULL; c = next) {
		next = c->next;
		free(c);
	}
	ps->head = NULL;
	ps->used = ps->cap = ps->bytes = 0;
}
