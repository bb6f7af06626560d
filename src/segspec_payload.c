/* segspec_payload.c - the payload words of the segment notation: "text",
 * hex:, bytes:N and file:PATH, several in a row concatenated
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The core reads no files: file:PATH is kept as a path and a place in the
 * payload, and the edge that runs the command hands the bytes back
 * through segspec_load (payfile.c), which also makes the checks that need
 * the payload's length.
 */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include "errbuf.h"
#include "lex.h"
#include "segspec.h"
#include "segspec_priv.h"

/* bytes:N repeats "abc...xyz0123456789", so a capture shows where each
 * byte came from.  The longest payload's worth is a constant: 1819 copies
 * and the first 11 letters make the 65495 bytes. */
#define FILL1		"abcdefghijklmnopqrstuvwxyz0123456789"
#define FILL2		FILL1 FILL1
#define FILL4		FILL2 FILL2
#define FILL8		FILL4 FILL4
#define FILL16		FILL8 FILL8
#define FILL32		FILL16 FILL16
#define FILL64		FILL32 FILL32
#define FILL128		FILL64 FILL64
#define FILL256		FILL128 FILL128
#define FILL512		FILL256 FILL256
#define FILL1024	FILL512 FILL512
#define FILLMAX		FILL1024 FILL512 FILL256 FILL16 FILL8 FILL2 FILL1 \
			"abcdefghijk"
#define FILLPERIOD	(sizeof(FILL1) - 1)

_Static_assert(sizeof(FILLMAX) - 1 == SEGSPEC_MAXDATA,
    "the pattern covers the longest payload exactly");

const uint8_t segspec_pattern[SEGSPEC_MAXDATA] = FILLMAX;

static int
is_payload_word(const char *s)
{
	return strncmp(s, "hex:", 4) == 0 || strncmp(s, "file:", 5) == 0 ||
	    strncmp(s, "bytes:", 6) == 0;
}

/* Decodes the digits after "hex:" in the token at col; a bad digit is
 * pointed at, a bad count is the token's fault. */
int
segspec_hex(const char *s, int col, uint8_t *buf, size_t cap, size_t *len,
    const char *what, struct errbuf *e)
{
	size_t n = strlen(s), i;
	int hi, lo;

	for (i = 0; i < n; i++)
		if (!isxdigit((unsigned char)s[i]))
			return err_set(e, col + 4 + (int)i,
			    "%s: '%c' is not a hex digit", what, s[i]);
	if (n % 2 != 0)
		return err_set(e, col, "%s: odd number of hex digits (%zu)",
		    what, n);
	if (n / 2 > cap)
		return err_set(e, col, "%s: %zu bytes, at most %zu", what,
		    n / 2, cap);
	for (i = 0; i < n; i += 2) {
		hi = isdigit((unsigned char)s[i]) ? s[i] - '0' :
		    tolower((unsigned char)s[i]) - 'a' + 10;
		lo = isdigit((unsigned char)s[i + 1]) ? s[i + 1] - '0' :
		    tolower((unsigned char)s[i + 1]) - 'a' + 10;
		buf[i / 2] = (uint8_t)(hi << 4 | lo);
	}
	*len = n / 2;
	return 0;
}

void
segspec_fill(uint8_t *buf, size_t len)
{
	/* whole periods of the constant, so the offsets line up */
	const size_t chunk = sizeof(segspec_pattern) / FILLPERIOD * FILLPERIOD;
	size_t done, n;

	for (done = 0; done < len; done += n) {
		n = len - done < chunk ? len - done : chunk;
		memcpy(buf + done, segspec_pattern, n);
	}
}

int
payload_parse(const struct token *t, uint8_t **out, size_t *len,
    struct errbuf *e)
{
	char clip[LEX_CLIPBUF];
	uint8_t *buf;
	uint32_t n;
	size_t cap;
	int rc;

	*out = NULL;
	*len = 0;
	if (t->kind == TOK_STRING) {
		/* Never NULL, so "set" always comes with a buffer */
		if ((buf = malloc(t->len + 1)) == NULL)
			return err_set(e, t->col, "out of memory");
		memcpy(buf, t->text, t->len);
		*out = buf;
		*len = t->len;
		return 1;
	}
	if (t->kind != TOK_WORD || !is_payload_word(t->text))
		return 0;
	if (strncmp(t->text, "hex:", 4) == 0) {
		cap = strlen(t->text + 4) / 2;
		if ((buf = malloc(cap + 1)) == NULL)
			return err_set(e, t->col, "out of memory");
		if (segspec_hex(t->text + 4, t->col, buf, cap + 1, len,
		    "hex", e) == -1) {
			free(buf);
			return -1;
		}
		*out = buf;
		return 1;
	}
	if (strncmp(t->text, "file:", 5) == 0) {
		if (t->text[5] == '\0')
			return err_set(e, t->col, "file: needs a path");
		/* the path, for the edge to read (segspec_load) */
		if ((*out = (uint8_t *)strdup(t->text + 5)) == NULL)
			return err_set(e, t->col, "out of memory");
		*len = strlen(t->text + 5);
		return 2;
	}
	if ((rc = segspec_u32(t->text + 6, t->len - 6, &n)) == -1)
		return err_set(e, t->col + 6, "bytes: needs a count, not '%s'",
		    lex_clip(t->text + 6, clip));
	if (rc == -2 || n > SEGSPEC_MAXDATA)
		return err_set(e, t->col + 6, "bytes:%s out of range (0..%u)",
		    lex_clip(t->text + 6, clip), SEGSPEC_MAXDATA);
	if ((buf = malloc((size_t)n + 1)) == NULL)
		return err_set(e, t->col, "out of memory");
	segspec_fill(buf, n);
	*out = buf;
	*len = n;
	return 1;
}

/* A file: payload to read later: its bytes go at the payload's end as it
 * stands now.  Takes path (malloc'd). */
static int
add_file(struct segspec *sp, const struct token *tok, char *path,
    struct errbuf *e)
{
	struct sp_file *nf;

	nf = reallocarray(sp->files, (size_t)sp->nfiles + 1, sizeof(*nf));
	if (nf == NULL) {
		free(path);
		return err_set(e, tok->col, "out of memory");
	}
	sp->files = nf;
	nf[sp->nfiles].path = path;
	nf[sp->nfiles].off = sp->datalen;
	nf[sp->nfiles].col = tok->col;
	sp->nfiles++;
	return 0;
}

/* Several payload tokens concatenate, like C string literals, so a long
 * request can be written in pieces.  Takes buf; isfile: buf is the path
 * of a file: payload. */
int
segspec_add_payload(struct segspec *sp, const struct token *tok,
    uint8_t *buf, size_t len, int isfile, struct errbuf *e)
{
	uint8_t *nb;

	if (isfile) {
		if (add_file(sp, tok, (char *)buf, e) == -1)
			return -1;
		if (sp->set & SP_BIT(SP_DATA))
			return 0;
		/* Never NULL once set, as for the other payloads */
		if ((buf = malloc(1)) == NULL)
			return err_set(e, tok->col, "out of memory");
		len = 0;
	}
	if (!(sp->set & SP_BIT(SP_DATA))) {
		sp->data = buf;
		sp->datalen = len;
		sp->set |= SP_BIT(SP_DATA);
		sp->col[SP_DATA] = tok->col;
		return 0;
	}
	if (sp->datalen + len > SEGSPEC_MAXPAYLOAD) {
		free(buf);
		return err_set(e, tok->col, "payload larger than 1 MiB");
	}
	if ((nb = realloc(sp->data, sp->datalen + len + 1)) == NULL) {
		free(buf);
		return err_set(e, tok->col, "out of memory");
	}
	memcpy(nb + sp->datalen, buf, len);
	free(buf);
	sp->data = nb;
	sp->datalen += len;
	return 0;
}

void
segspec_free_files(struct segspec *sp)
{
	int k;

	for (k = 0; k < sp->nfiles; k++)
		free(sp->files[k].path);
	free(sp->files);
	sp->files = NULL;
	sp->nfiles = 0;
}

/* Puts a file's bytes at off; the caller moves later files' places. */
static int
splice(struct segspec *sp, size_t off, uint8_t *buf, size_t len, int col,
    struct errbuf *e)
{
	uint8_t *nb;

	if (sp->datalen + len > SEGSPEC_MAXPAYLOAD) {
		free(buf);
		return err_set(e, col, "payload larger than 1 MiB");
	}
	if ((nb = realloc(sp->data, sp->datalen + len + 1)) == NULL) {
		free(buf);
		return err_set(e, col, "out of memory");
	}
	memmove(nb + off + len, nb + off, sp->datalen - off);
	if (len > 0)
		memcpy(nb + off, buf, len);
	free(buf);
	sp->data = nb;
	sp->datalen += len;
	return 0;
}

int
segspec_load(struct segspec *sp, segspec_reader *rd, void *arg,
    struct errbuf *e)
{
	struct sp_file *f;
	uint8_t *buf;
	size_t len, moved = 0;
	int k;

	if (sp->nfiles == 0)
		return 0;
	for (k = 0; k < sp->nfiles; k++) {
		f = &sp->files[k];
		buf = NULL;
		len = 0;
		if (rd(f->path, f->col, &buf, &len, arg, e) == -1 ||
		    splice(sp, f->off + moved, buf, len, f->col, e) == -1) {
			segspec_free_files(sp);
			return -1;
		}
		moved += len;
	}
	segspec_free_files(sp);
	return segspec_check_payload(sp, e);
}
