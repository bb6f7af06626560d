/* segspec.h - segment notation: field overrides for sending, patterns for expect
 *
 * The words are tcpdump's, so a line the shell printed parses back:
 *   Flags [S.], seq 0, ack 1, win 65535, options [mss 1460,sackOK], length 0 "AB"
 * Bare flags ("S.", "P.", "R", or letters from FSRPUEW plus '.') are accepted
 * as the first token.  Commas between fields are ignored.  A leading printed
 * prefix (time, In/Out, IP, "a.b.c.d.p > a.b.c.d.p:") is skipped.
 *
 * Fields (value: decimal or 0x hex):
 *   flags F | Flags [F]   seq N | seq N:M   ack N   win N   urg N
 *   options [ ... ] (see tcpopt.h; "[...]" = any, patterns only)
 *   length N   (payload length; pattern: must match; send: bytes:N)
 *   ttl tos id iplen ipsum ihl ver proto res doff frag (offset) sport dport
 *   df [0|1]  mf [0|1]  rf [0|1]   src A.B.C.D  dst A.B.C.D
 *   cksum N | cksum bad    ipsum N | ipsum bad
 *   ipopts hex:..   optbytes hex:..  (options as raw bytes, unparsed)
 *   PAYLOAD: "text" | hex:414243 | file:PATH | bytes:N  (anywhere)
 * Patterns (SPM_PATTERN) also take "*" for any value and "A..B" ranges,
 * and "*" for the values of mss, wscale, TS val and TS ecr inside options.
 */
#ifndef TC_SEGSPEC_H
#define TC_SEGSPEC_H

#include <stddef.h>
#include <stdint.h>

#include "errbuf.h"
#include "lex.h"
#include "print.h"
#include "seg.h"
#include "tcpopt.h"

enum sp_field {
	SP_FLAGS, SP_SEQ, SP_ACK, SP_WIN, SP_URG, SP_LEN,
	SP_TTL, SP_TOS, SP_ID, SP_IPLEN, SP_IPSUM, SP_IHL, SP_VER, SP_PROTO,
	SP_DF, SP_MF, SP_RF, SP_FRAG, SP_SRC, SP_DST,
	SP_SPORT, SP_DPORT, SP_DOFF, SP_RES, SP_SUM,
	SP_OPTS,	/* opt[]/nopt, or any when opts_any */
	SP_OPTBYTES,	/* optraw[] verbatim */
	SP_IPOPTS,
	SP_DATA,	/* data/datalen */
	SP_NFIELDS
};

#define SP_BIT(f)	(1ull << (f))

struct sp_val {
	uint32_t	lo, hi;		/* exact when lo == hi */
};

/* A file:PATH payload the parser kept as a path: the edge that runs the
 * command reads it (segspec_load). */
struct sp_file {
	char		*path;		/* owned */
	size_t		 off;		/* where its bytes go in data[] */
	int		 col;		/* where it was typed */
};

struct segspec {
	uint64_t	set;		/* SP_BIT(f) for each field given */
	uint64_t	wild;		/* fields given as "*" (patterns) */
	struct sp_val	v[SP_NFIELDS];	/* scalar fields; flags in v[SP_FLAGS].lo */
	int		seq_end_set;	/* "seq N:M" given: M in seq_end */
	uint32_t	seq_end;
	int		sum_bad;	/* "cksum bad" */
	int		ipsum_bad;	/* "ipsum bad" */
	int		opts_any;	/* "options [...]" */
	int		nopt;
	struct tcpopt	opt[SEG_MAXOPT];
	uint8_t		optrawlen;
	uint8_t		optraw[40];
	uint8_t		ipoptlen;
	uint8_t		ipopt[40];
	uint8_t		*data;		/* owned (malloc), NULL when none */
	size_t		datalen;
	struct sp_file	*files;		/* file: payloads not read yet */
	int		nfiles;
	int		col[SP_NFIELDS];	/* where each field was typed */
	/* patterns: TCPOPT_WILD bits of the values typed as "*", per opt[]
	 * index */
	uint8_t		optwild[SEG_MAXOPT];
};


#define SEGSPEC_MAXDATA		65495	/* 65535 - 20 (IP) - 20 (TCP) */
#define SEGSPEC_MAXPAYLOAD	(1024 * 1024)	/* a file, the whole payload */

#define SPM_SEND	0
#define SPM_PATTERN	1

/* Parses tokens t[0..n) into sp (zeroed first).  Returns 0, or -1 with a
 * message and the column of the offending token in e.  In SPM_SEND mode
 * wildcards and ranges are errors.  sp must be freed with segspec_free. */
int	segspec_parse(const struct token *t, int n, int mode,
	    struct segspec *sp, struct errbuf *e);
/* The same; kw (NULL-terminated, or NULL) names the other words the
 * command takes at this position, such as expect's within and as: a
 * mistyped word is matched against them as well as the fields. */
int	segspec_parse_kw(const struct token *t, int n, int mode,
	    const char *const *kw, struct segspec *sp, struct errbuf *e);
void	segspec_free(struct segspec *sp);
/* The bytes:N pattern ("abc...xyz0123456789" repeated), so a capture
 * shows where each byte came from; build uses it for "length N" too:
 * segspec_fill writes it, segspec_pattern is the longest payload's worth. */
void	segspec_fill(uint8_t *buf, size_t len);
extern const uint8_t	segspec_pattern[SEGSPEC_MAXDATA];

/* Parses one PAYLOAD token ("text", hex:, file:, bytes:N) into a malloc'd
 * buffer.  Returns 1 if the token is a payload, 0 if it is not one (not
 * an error), -1 on a malformed payload; 2 for file:PATH, whose path (NUL
 * terminated) is then the buffer: the core reads no files. */
int	payload_parse(const struct token *t, uint8_t **out, size_t *len,
	    struct errbuf *e);

/* Reads the file at path (typed at col) into a malloc'd *buf of *len
 * bytes, at most SEGSPEC_MAXPAYLOAD; -1 with a message in e. */
typedef int	segspec_reader(const char *path, int col, uint8_t **buf,
		    size_t *len, void *arg, struct errbuf *e);

/* Puts the bytes of sp's file: payloads, read through rd, in their
 * places, then checks the payload against "length" and "seq N:M" as the
 * parser would have.  Nothing to do without files.  On error the files
 * are forgotten and the payload is what the other words made it. */
int	segspec_load(struct segspec *sp, segspec_reader *rd, void *arg,
	    struct errbuf *e);

/* Does segment s match pattern p?  Sequence fields of p are compared after
 * adding the bases in pc when pc->relative (seq: pc->seq_base, ack and SACK
 * edges: pc->ack_base), with 32-bit wrap.  On mismatch writes the first
 * differing field as "ack 5, expected 1" into why. */
int	segspec_match(const struct segspec *p, const struct seg *s,
	    const struct print_ctx *pc, char *why, size_t whylen);

/* Field names for completion and help: NULL-terminated. */
extern const char *const segspec_fields[];

#endif
