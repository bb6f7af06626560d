/* vars.h - named values captured from arrived segments, for scripts
 *
 *   expect S. as synack          captures the matching segment as "synack"
 *   ack ack $synack.seq+1        uses one of its fields later
 *
 * A reference is $NAME.FIELD with an optional +N or -N; $$ is a literal
 * '$'.  Fields are the SF_VAR rows of the field table (segspec.h): those
 * of the printed line, seq and ack in the numbering the line was printed
 * with, plus the raw sequence numbers and option values; a field's
 * aliases work too ("len" for "length").
 * References are replaced in the text of a line outside quoted strings
 * and comments, before the line is parsed.  A script is checked whole
 * before it runs: a name must be declared by an earlier "as NAME", and
 * the field must exist; values are filled in when the line runs.
 */
#ifndef TC_VARS_H
#define TC_VARS_H

#include <stddef.h>
#include <stdint.h>

#include "errbuf.h"
#include "ipaddr.h"
#include "print.h"
#include "seg.h"

struct vars;

struct vars	*vars_new(void);
void		 vars_free(struct vars *v);
/* Declares NAME without a value (the script check), or captures the
 * fields of g, numbered as pc says, under NAME.  -1 when the table is
 * full or out of memory. */
int	vars_declare(struct vars *v, const char *name);
int	vars_capture(struct vars *v, const char *name, const struct seg *g,
	    const struct print_ctx *pc);
/* Sets one field of a captured NAME by its row's name ("mtu"): the
 * values an ICMP error has and a segment has not.  -1 if either is
 * unknown. */
int	vars_put(struct vars *v, const char *name, const char *field,
	    uint32_t val);
/* The same for an address row ("from"), of either family. */
int	vars_put_addr(struct vars *v, const char *name, const char *field,
	    const struct ipaddr *a);
/* Writes line with every reference replaced into a malloc'd *out.  With
 * check set, a declared name stands in with a placeholder of the field's
 * kind (a number, an address, flags); otherwise an unset name is an
 * error.  Returns 0, or -1 with the reference's column in e. */
int	vars_expand(const struct vars *v, const char *line, int check,
	    char **out, struct errbuf *e);
/* Whether line holds a reference at all (then it is parsed again when
 * it runs). */
int	vars_has_ref(const char *line);
/* The value of NAME.FIELD as text, for help and tests; -1 if unset. */
int	vars_get(const struct vars *v, const char *name, const char *field,
	    char *buf, size_t cap);

#endif
