/* errbuf.h - errors as values: a message and the 1-based column it points at */
#ifndef TC_ERRBUF_H
#define TC_ERRBUF_H

struct errbuf {
	int	col;		/* 1-based column in the input line, 0 if none */
	char	msg[256];
};

/* Sets the message (printf format) and column; returns -1 so callers can
 * write "return err_set(e, col, ...)". A NULL e is allowed and ignored. */
int	err_set(struct errbuf *e, int col, const char *fmt, ...)
	    __attribute__((format(printf, 3, 4)));
void	err_clear(struct errbuf *e);

#endif
