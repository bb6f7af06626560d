/* sbuf.c - bounded string building for the printers */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "sbuf.h"

void
sb_init(struct sbuf *sb, char *buf, size_t cap)
{
	sb->p = buf;
	sb->cap = cap;
	sb->len = 0;
	if (cap > 0)
		buf[0] = '\0';
}

void
sb_printf(struct sbuf *sb, const char *fmt, ...)
{
	va_list ap;
	int n;

	if (sb->cap == 0 || sb->len >= sb->cap - 1)
		return;
	va_start(ap, fmt);
	n = vsnprintf(sb->p + sb->len, sb->cap - sb->len, fmt, ap);
	va_end(ap);
	if (n < 0)
		return;
	sb->len += (size_t)n;
	if (sb->len > sb->cap - 1)
		sb->len = sb->cap - 1;
}

size_t
sb_fmt(char *buf, size_t cap, const char *fmt, ...)
{
	va_list ap;
	int n;

	if (cap == 0)
		return 0;
	va_start(ap, fmt);
	n = vsnprintf(buf, cap, fmt, ap);
	va_end(ap);
	if (n < 0)
		return 0;
	return (size_t)n < cap ? (size_t)n : cap - 1;
}

void
sb_hex(struct sbuf *sb, const uint8_t *d, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		sb_printf(sb, "%02x", d[i]);
}

void
sb_puts(struct sbuf *sb, const char *s)
{
	size_t n, room;

	if (sb->cap == 0 || sb->len >= sb->cap - 1)
		return;
	room = sb->cap - 1 - sb->len;
	if ((n = strlen(s)) > room)
		n = room;
	memcpy(sb->p + sb->len, s, n);
	sb->len += n;
	sb->p[sb->len] = '\0';
}

void
sb_putc(struct sbuf *sb, char c)
{
	if (sb->cap == 0 || sb->len >= sb->cap - 1)
		return;
	sb->p[sb->len++] = c;
	sb->p[sb->len] = '\0';
}

void
sb_uint(struct sbuf *sb, uint64_t v, int width, int zero)
{
	char d[24];
	int n = 0;

	do {
		d[n++] = (char)('0' + v % 10);
		v /= 10;
	} while (v != 0);
	for (; width > n; width--)
		sb_putc(sb, zero ? '0' : ' ');
	while (n > 0)
		sb_putc(sb, d[--n]);
}
