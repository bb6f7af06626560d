/* pcapng.c - a minimal pcapng writer (draft-ietf-opsawg-pcapng)
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Blocks are written in host byte order, which the section header's
 * byte-order magic announces; every block and option is padded to 32
 * bits and carries its total length at both ends.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "pcapng.h"

#define BT_SHB		0x0A0D0D0Au
#define BT_IDB		0x00000001u
#define BT_EPB		0x00000006u
#define BOM		0x1A2B3C4Du
#define OPT_END		0
#define OPT_COMMENT	1
#define SHB_USERAPPL	4
#define IF_NAME		2
#define EPB_FLAGS	2
#define LINKTYPE_RAW	101
#define SNAPLEN		262144	/* as capture.c: an IPv6 packet is up to
				 * 65575 bytes */
#define MAXCOMMENT	1024

struct pcapng {
	FILE	*f;
};

static size_t
pad4(size_t n)
{
	return (n + 3) & ~(size_t)3;
}

/* An option: code, length, value, zero padding; returns bytes written
 * into buf (which must hold 4 + pad4(len)). */
static size_t
opt(uint8_t *buf, uint16_t code, const void *val, size_t len)
{
	uint16_t l = (uint16_t)len;

	memcpy(buf, &code, 2);
	memcpy(buf + 2, &l, 2);
	memcpy(buf + 4, val, len);
	memset(buf + 4 + len, 0, pad4(len) - len);
	return 4 + pad4(len);
}

static size_t
opt_end(uint8_t *buf)
{
	memset(buf, 0, 4);
	return 4;
}

/* Frames body[0..blen) as a block of type bt and writes it. */
static int
block(FILE *f, uint32_t bt, const uint8_t *body, size_t blen)
{
	uint32_t total = (uint32_t)(12 + blen);

	if (fwrite(&bt, 4, 1, f) != 1 || fwrite(&total, 4, 1, f) != 1 ||
	    (blen > 0 && fwrite(body, blen, 1, f) != 1) ||
	    fwrite(&total, 4, 1, f) != 1)
		return -1;
	return 0;
}

struct pcapng *
pcapng_open(const char *path, const char *appl, struct errbuf *e)
{
	struct pcapng *p;
	uint8_t body[256];
	uint32_t u32;
	uint16_t u16;
	int64_t seclen = -1;
	size_t off = 0, alen = strlen(appl);

	if (alen > 128)
		alen = 128;
	if ((p = calloc(1, sizeof(*p))) == NULL) {
		err_set(e, 0, "capture: %s", strerror(errno));
		return NULL;
	}
	if ((p->f = fopen(path, "wb")) == NULL) {
		err_set(e, 0, "%s: %s", path, strerror(errno));
		free(p);
		return NULL;
	}
	/* section header: magic, version 1.0, length unknown */
	u32 = BOM;
	memcpy(body + off, &u32, 4);
	off += 4;
	u16 = 1;
	memcpy(body + off, &u16, 2);
	u16 = 0;
	memcpy(body + off + 2, &u16, 2);
	off += 4;
	memcpy(body + off, &seclen, 8);
	off += 8;
	off += opt(body + off, SHB_USERAPPL, appl, alen);
	off += opt_end(body + off);
	if (block(p->f, BT_SHB, body, off) != 0)
		goto fail;
	/* one interface: raw IP (IPv4 or IPv6, by the version nibble),
	 * microsecond timestamps (the default) */
	off = 0;
	u16 = LINKTYPE_RAW;
	memcpy(body + off, &u16, 2);
	u16 = 0;
	memcpy(body + off + 2, &u16, 2);
	u32 = SNAPLEN;
	memcpy(body + off + 4, &u32, 4);
	off += 8;
	off += opt(body + off, IF_NAME, "tcpcraft", 8);
	off += opt_end(body + off);
	if (block(p->f, BT_IDB, body, off) != 0 || fflush(p->f) != 0)
		goto fail;
	return p;
fail:
	err_set(e, 0, "%s: %s", path, strerror(errno));
	fclose(p->f);
	free(p);
	return NULL;
}

int
pcapng_write(struct pcapng *p, const struct timeval *ts, const uint8_t *pkt,
    size_t len, int dir, const char *comment)
{
	uint8_t *body;
	uint64_t t;
	uint32_t u32, caplen;
	size_t off = 0, clen = comment != NULL ? strlen(comment) : 0, need;
	int rc;

	if (p == NULL || pkt == NULL)
		return -1;
	if (clen > MAXCOMMENT)
		clen = MAXCOMMENT;
	caplen = len > SNAPLEN ? SNAPLEN : (uint32_t)len;
	need = 20 + pad4(caplen) + 4 + pad4(clen) + 8 + 4;
	if ((body = malloc(need)) == NULL)
		return -1;
	u32 = 0;			/* interface 0 */
	memcpy(body, &u32, 4);
	t = (uint64_t)ts->tv_sec * 1000000u + (uint64_t)ts->tv_usec;
	u32 = (uint32_t)(t >> 32);
	memcpy(body + 4, &u32, 4);
	u32 = (uint32_t)t;
	memcpy(body + 8, &u32, 4);
	memcpy(body + 12, &caplen, 4);
	u32 = (uint32_t)len;
	memcpy(body + 16, &u32, 4);
	off = 20;
	memcpy(body + off, pkt, caplen);
	memset(body + off + caplen, 0, pad4(caplen) - caplen);
	off += pad4(caplen);
	if (clen > 0)
		off += opt(body + off, OPT_COMMENT, comment, clen);
	if (dir != PCAPNG_DIR_NONE) {
		u32 = (uint32_t)dir;
		off += opt(body + off, EPB_FLAGS, &u32, 4);
	}
	if (off > 20 + pad4(caplen))
		off += opt_end(body + off);
	rc = block(p->f, BT_EPB, body, off);
	free(body);
	if (rc == 0)
		rc = fflush(p->f) == 0 ? 0 : -1;
	return rc;
}

void
pcapng_close(struct pcapng *p)
{
	if (p == NULL)
		return;
	fclose(p->f);
	free(p);
}
