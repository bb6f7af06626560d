/* portcover.h - the local ports the capture filter lets in, as a few
 * aligned port ranges
 *
 * Compiling and attaching a filter costs more than a whole scripted
 * session, so the filter covers each needed port's block of
 * PORTCOVER_BLOCK ports and is rebuilt only when a port falls outside
 * every range.  Extra ports let in only segments no connection claims.
 */
#ifndef TC_PORTCOVER_H
#define TC_PORTCOVER_H

#include <stddef.h>
#include <stdint.h>

#define PORTCOVER_BLOCK	64
/* more ranges are merged across the smallest gaps: the filter stays far
 * below the kernel's 4096 BPF instructions */
#define PORTCOVER_MAX	32

struct portcover {
	uint16_t	lo[PORTCOVER_MAX], hi[PORTCOVER_MAX];	/* inclusive */
	int		n;
};

int	portcover_has(const struct portcover *pc, uint16_t port);
/* Ranges covering ports[0..n) (sorted in place). */
void	portcover_build(struct portcover *pc, uint16_t *ports, size_t n);
/* "tcp portrange A-B or tcp portrange C-D ..."; the length it needs (as
 * snprintf) */
size_t	portcover_format(const struct portcover *pc, char *buf, size_t len);

#endif
