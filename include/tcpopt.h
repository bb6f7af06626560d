/* tcpopt.h - TCP options: the one table that drives encoding, decoding,
 * printing, parsing, comparing and completion (src/tcpopt_priv.h). */
#ifndef TC_TCPOPT_H
#define TC_TCPOPT_H

#include <stddef.h>
#include <stdint.h>

#include "errbuf.h"
#include "seg.h"

struct token;

/* Relative numbering for SACK blocks: the blocks acknowledge the other
 * side's data, so they are shown relative to the other side's ISN. */
struct optctx {
	int		relative;
	uint32_t	sack_base;
};

/* Encodes n options into out[] (at most 40 bytes), padding to a multiple of
 * 4 with EOL (zero) bytes.  Fails with a message naming the option when the
 * total exceeds 40 bytes. */
int	tcpopt_encode(const struct tcpopt *o, int n, uint8_t out[40],
	    uint8_t *outlen, struct errbuf *e);

/* Decodes len bytes of options through the bounded reader; never fails.
 * Stops after EOL (the rest, if any non-zero, is recorded as one raw
 * option of kind 0 with bad set).  Returns the number of options in o[]
 * and sets *anybad when one is malformed. */
int	tcpopt_decode(const uint8_t *buf, size_t len, struct tcpopt *o,
	    int max, int *anybad);

/* Formats the options the way tcpdump does, comma separated, without the
 * brackets: "mss 1460,sackOK,TS val 1 ecr 0,nop,wscale 7", "sack 1 {1:2}",
 * "eol"; an unknown kind as "kind 30 hex 0a0b"; a malformed option with
 * " [bad len N]" after it.  Returns the length written (truncated to cap). */
size_t	tcpopt_format(char *buf, size_t cap, const struct tcpopt *o, int n,
	    const struct optctx *oc);

/* As tcpopt_format, for an expect pattern: "*" stands for the values of
 * option i whose TCPOPT_WILD bits are set in wild[i] (wild may be NULL). */
size_t	tcpopt_format_pat(char *buf, size_t cap, const struct tcpopt *o,
	    int n, const uint8_t *wild, const struct optctx *oc);

/* Parses the inside of "options [ ... ]" from tokens t[0..ntok) (the
 * brackets already removed): comma-separated items "mss N", "sackOK",
 * "TS val N ecr N", "nop", "wscale N", "sack L:R[ L:R...]" and tcpdump's
 * "sack N {L:R}{L:R}", "eol", "kind K hex HEX" / "kind K" (empty).  SACK
 * edges are taken as typed; the caller maps relative numbers.  Returns
 * the option count or -1 with the column in e. */
int	tcpopt_parse(const struct token *t, int ntok, struct tcpopt *o,
	    int max, struct errbuf *e);

/* Which values of an option an expect pattern gave as "*": mss *,
 * wscale * and TS val * set WILD1, TS ecr * sets WILD2. */
#define TCPOPT_WILD1	0x01
#define TCPOPT_WILD2	0x02

/* tcpopt_parse for an expect pattern: "*" may stand for a value that the
 * table allows (after "mss", "wscale", "val", "ecr"), and wild[i] (max
 * entries, zeroed by the caller) gets the TCPOPT_WILD bits of option i. */
int	tcpopt_parse_pat(const struct token *t, int ntok, struct tcpopt *o,
	    int max, uint8_t *wild, struct errbuf *e);

/* Does a segment's option s match a pattern's option p?  The values whose
 * TCPOPT_WILD bits are in w are not compared; SACK edges of s are taken
 * less sack_base.  A raw pattern option ("kind K hex ...") compares bytes. */
int	tcpopt_match(const struct tcpopt *p, uint8_t w, const struct tcpopt *s,
	    uint32_t sack_base);

/* Writes len and data[] from the value in the union, as decoding would
 * have filled them (a raw option or an unknown kind is left alone).
 * Fails only for a value that cannot be encoded (a SACK without blocks). */
int	tcpopt_sync(struct tcpopt *o, struct errbuf *e);

/* The option's value read the table's way into *out: a parsed option as
 * it is, a raw one ("kind 2 hex 05b4") as its bytes decode.  Returns -1
 * for a malformed option, bytes after EOL or a kind the table lacks. */
int	tcpopt_value(const struct tcpopt *in, struct tcpopt *out);

/* tcpopt.raw value for bytes written verbatim, without kind or length:
 * what decoding found after EOL ("hex HEX [after eol]"). */
#define TCPOPT_RAW_VERBATIM	2

/* Bytes the option takes on the wire (1 for EOL/NOP). */
size_t	tcpopt_wirelen(const struct tcpopt *o);

/* The table's name for a kind ("mss", "sackOK", "TS"), NULL if unknown;
 * and the kind for a name (any case), -1 if unknown. */
const char	*tcpopt_name(uint8_t kind);
int		 tcpopt_kind(const char *name);

/* Option names for completion: NULL-terminated. */
extern const char *const tcpopt_names[];

#endif
