/* settings.h - set KEY VALUE and set: the session's settings
 *
 * The keys, their types, defaults and help are settab.def's rows
 * (cmdtab.h: set_defs[]); settings.c holds a setter and a printer per
 * key, the teaching keys' in teach.c.  The values live in struct
 * settings (session.h), read where they are used.
 */
#ifndef TC_SETTINGS_H
#define TC_SETTINGS_H

#include <stdio.h>

#include "errbuf.h"

struct session;

/* set KEY VALUE: through the key's own setter, or its type's. */
int	settings_set(struct session *s, const char *key, const char *val,
	    struct errbuf *e);
/* Every key with a default takes it (a session begins: sess_init). */
int	settings_defaults(struct session *s);
/* set: one line a key, "KEY VALUE". */
void	settings_print(struct session *s, FILE *f);

#endif
