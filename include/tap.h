/* tap.h - --tap: several scripts in one run, reported as TAP version 13
 *
 * Each script runs in a fresh session (the --peer children are kept) and
 * is one test point; everything the session prints becomes a "# "
 * diagnostic line, and a failing point carries a YAML block with the
 * first FILE:LINE: message and the exit status.
 */
#ifndef TC_TAP_H
#define TC_TAP_H

#include <stdint.h>

struct session;
struct task;
struct out;

/* The --tap format (out.h): every line of text a "# " diagnostic. */
struct out	*tap_out_new(void);
/* The task that runs files[0..n) with o (tap_out_new's, in use); its
 * rc is the worst exit status (0, 1 or 2).  NULL: out of memory. */
struct task *tap_task(struct session *s, struct out *o,
	    const char *const *files, int n, const char *labif, int seeded,
	    uint64_t seed);

#endif
