/* segspec.h - segment notation: field overrides for sending, patterns for expect
 *
 * The words are tcpdump's, so a line the shell printed parses back:
 *   Flags [S.], seq 0, ack 1, win 65535, options [mss 1460,sackOK], length 0 "AB"
 * Bare flags ("S.", "P.", "R", or letters from FSRPUEW plus '.') are accepted
 * as the first token.  Commas between fields are ignored.  A leading printed
 * prefix (time, In/Out, IP, "a.b.c.d.p > a.b.c.d.p:") is skipped.
 *
 * The fields are the SF_SPEC rows of segfields[] below; a value is typed
 * as the row's kind says: a number, decimal or 0x hex (VK_NUM); that or
 * N:M (VK_SEQ, seq); A.B.C.D (VK_ADDR); an optional 0|1 (VK_BIT, df);
 * a number or "bad" (VK_SUM, cksum); F or [F] (VK_FLAGS); [ ... ]
 * (VK_OPTS, see tcpopt.h; "[...]" = any, patterns only); hex:.. (VK_HEX,
 * options as raw bytes, unparsed); an IPv6 address for src and dst;
 * "ext KIND [WORD N]..." (VK_EXT, repeatable, segspec_ext.c).  length N is the payload length
 * (pattern: must match; send: bytes:N).
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
	/* IPv6 (the fixed header's; tc and hlim are seg.tos and seg.ttl) */
	SP_TC, SP_FLOW, SP_HLIM, SP_PLEN, SP_NXT,
	SP_EXT,		/* ext[]/next: the extension headers to send */
	SP_NFIELDS,
	/* values of a segment that $NAME.FIELD reads but the notation does
	 * not set (no bit in set, no slot in v[]) */
	SP_RAWSEQ = SP_NFIELDS, SP_RAWACK, SP_MSS, SP_WSCALE, SP_TSVAL,
	SP_TSECR,
	/* an ICMP error's own (expect icmp ... as NAME, icmprx.c): the
	 * next-hop MTU and who sent it; no segment has them */
	SP_MTU, SP_FROM
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
	/* src and dst typed as IPv6 addresses (af AF_INET6; af 0 when the
	 * field was IPv4's, in v[], or not given) */
	struct ipaddr	addr6[2];
	/* "ext KIND ..." in order: the headers, which of their words were
	 * typed (SPX_*), and where each ext was typed */
	int		next;
	struct ip6ext	ext[SEG_MAXEXT];
	uint8_t		extgiven[SEG_MAXEXT];
	int		extcol[SEG_MAXEXT];
};

/* segspec.extgiven: the words typed after an ext KIND */
#define SPX_LEN		0x01
#define SPX_TYPE	0x02	/* rthdr type N */
#define SPX_SEGLEFT	0x04
#define SPX_OFF		0x08	/* frag off N */
#define SPX_MF		0x10
#define SPX_ID		0x20


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

/*
 * The field table: every field of a segment that a command names, once.
 * The notation parses and matches it, $NAME.FIELD reads it (vars.h),
 * flood's FIELD random and the quiz name it through here, and help and
 * completion list it.  Adding a field is an SP_* above, its row and its
 * cases in segfield_get and segfield_put (segspec.c), and its place in
 * the order mismatches are told (segspec_match.c); unit tests fail on a
 * piece left out, and on a manual page that does not name it.
 */
enum vkind {
	VK_NUM,		/* N, and in patterns * or A..B */
	VK_SEQ,		/* as VK_NUM, or N:M */
	VK_ADDR,	/* A.B.C.D */
	VK_BIT,		/* optional 0|1, bare means 1 */
	VK_SUM,		/* N or "bad" */
	VK_FLAGS,	/* S. or [S.] */
	VK_OPTS,	/* [ ... ] */
	VK_HEX,		/* hex:... of at most 40 bytes, a multiple of 4 */
	VK_EXT		/* KIND [WORD N ...], repeatable: see segspec_ext.c */
};

/* What a field is for: a row has SF_SPEC, SF_VAR or both */
#define SF_SPEC	0x01	/* a word of the notation (send, expect) */
#define SF_VAR	0x02	/* a value of $NAME.FIELD */
#define SF_HEX	0x04	/* in hex in mismatch messages */
#define SF_V4	0x08	/* a field of the IPv4 header only */
#define SF_V6	0x10	/* a field of the IPv6 header only */

struct segfield {
	const char	*name;	/* as the line prints it */
	const char	*alias;	/* another spelling, or NULL */
	int		 field;	/* SP_* */
	enum vkind	 kind;	/* how its value is typed and printed */
	unsigned	 use;	/* SF_* */
	uint32_t	 max;	/* its values are 0..max */
};

/* Enough for an array indexed by row (f - segfields); a unit test checks
 * that the table fits. */
#define SEGFIELD_MAX	48

/* The rows; the last has a NULL name. */
extern const struct segfield	segfields[];

/* The row named name[0..len) or by its alias, in any case,
 * among the rows for use; NULL if none. */
const struct segfield	*segfield_lookup(const char *name, size_t len,
			    unsigned use);
/* The row of an SP_* field; NULL for SP_DATA, the payload. */
const struct segfield	*segfield_of(int field);
/* The name of the i-th row for use, NULL past the last: help and
 * completion list the fields with it. */
const char		*segfield_name(size_t i, unsigned use);
/* The names of the rows for use, sep between them, into buf. */
size_t			 segfield_names(char *buf, size_t cap, unsigned use,
			    const char *sep);
/* The value of f in g as the printed line shows it (seq and ack relative
 * when pc says so; pc may be NULL).  -1 when g does not carry it (an
 * option value without the option). */
int			 segfield_get(const struct segfield *f,
			    const struct seg *g, const struct print_ctx *pc,
			    uint32_t *v);
/* The address an address row (src, dst) names in g, of either family;
 * -1 for another row. */
int			 segfield_get_addr(const struct segfield *f,
			    const struct seg *g, struct ipaddr *a);
/* The TCP option that carries f's value (TCPOPT_*), 0 for a header
 * field. */
uint8_t			 segfield_opt(const struct segfield *f);
/* Sets f in g to v, as typed (seq and ack absolute; a flag bit of frag
 * set or cleared); -1 for a field that is no one number (options, raw
 * bytes) or not the header's (the payload's length, option values). */
int			 segfield_put(const struct segfield *f, struct seg *g,
			    uint32_t v);
/* Sets field f of g from sp, as typed: a number, an address of either
 * family, the extension headers; a length, checksum, version or protocol
 * typed is marked fixed (SEG_FIX_*), not computed.  Returns 1, or 0 for
 * a field build places itself (seq, ack, length, options, raw bytes),
 * -1 with the column f was typed at when f belongs to the other IP
 * version than g (ttl on IPv6, hlim on IPv4) or its address does. */
int			 segspec_put(const struct segspec *sp,
			    const struct segfield *f, struct seg *g,
			    struct errbuf *e);
/* Is f a field of s's IP version?  When not, why ("hlim is an IPv6
 * field; this segment is IPv4") goes into why. */
int			 segfield_fits(const struct segfield *f,
			    const struct seg *s, char *why, size_t whylen);
/* v as a word the notation reads back: an address, flags or a number. */
const char		*segfield_format(const struct segfield *f, uint32_t v,
			    char *buf, size_t cap);

#endif
