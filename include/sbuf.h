/* sbuf.h - a string built in a caller's buffer that never writes past it */
#ifndef TC_SBUF_H
#define TC_SBUF_H

#include <stddef.h>
#include <stdint.h>

/* len counts what was actually written, so a caller can return it. */
struct sbuf {
	char	*p;
	size_t	 cap;
	size_t	 len;
};

void	sb_init(struct sbuf *sb, char *buf, size_t cap);
void	sb_printf(struct sbuf *sb, const char *fmt, ...)
	    __attribute__((format(printf, 2, 3)));
void	sb_hex(struct sbuf *sb, const uint8_t *d, size_t n);
/* Without printf, for the packet lines a scripted session prints by the
 * dozen: a string, a character, a decimal number (at least width
 * digits, zeros in front when zero is set, else spaces). */
void	sb_puts(struct sbuf *sb, const char *s);
void	sb_putc(struct sbuf *sb, char c);
void	sb_uint(struct sbuf *sb, uint64_t v, int width, int zero);
/* snprintf into buf[0..cap), returning what was written (never more than
 * cap - 1), so a sentence-making function can return it. */
size_t	sb_fmt(char *buf, size_t cap, const char *fmt, ...)
	    __attribute__((format(printf, 3, 4)));

#endif
