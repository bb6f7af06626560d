/* errbuf.c - errors as values */
#include <stdarg.h>
#include <stdio.h>

#include "errbuf.h"

int
err_set(struct errbuf *e, int col, const char *fmt, ...)
{
	va_list ap;

	if (e == NULL)
		return -1;
	e->col = col;
	va_start(ap, fmt);
	vsnprintf(e->msg, sizeof(e->msg), fmt, ap);
	va_end(ap);
	return -1;
}

void
err_clear(struct errbuf *e)
{
	if (e != NULL) {
		e->col = 0;
		e->msg[0] = '\0';
	}
}
