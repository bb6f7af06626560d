/* pdstep.c - tcpcraft --packetdrill --step: the prompt between lines */
#include <stdio.h>
#include <string.h>

#include "cmdtab.h"
#include "exec.h"
#include "lex.h"
#include "pdstep.h"

/* The commands that only look, which a paused run can take: the
 * connection tcpcraft keeps of the run (as the remote) and the kernel's
 * socket in the run's namespace (peer). */
static int
step_cmd_ok(enum cmd_id id)
{
	return id == C_TCB || id == C_CONNS || id == C_USE || id == C_SHOW ||
	    id == C_HEX || id == C_LOG || id == C_HELP || id == C_STREAM ||
	    id == C_LADDER || id == C_PEER;
}

static void
step_cmd(struct session *s, const char *line)
{
	struct toklist tl;
	struct errbuf e;
	struct cmd c;

	if (lex_line(line, &tl, &e) != 0) {
		printf("%s\n", e.msg);
		return;
	}
	memset(&c, 0, sizeof(c));
	if (tl.n == 0)
		;
	else if (cmd_parse(tl.t, tl.n, line, &c, &e) != 0)
		printf("%s\n", e.msg);
	else if (!step_cmd_ok(c.id))
		printf("in a packetdrill run: tcb, conns, use, show, hex, log, "
		    "stream, ladder, peer, help; Enter runs the line, c runs "
		    "the rest, q stops\n");
	else
		(void)exec_cmd(s, &c, line);
	if (tl.n > 0)
		cmd_free(&c);
	lex_free(&tl);
	fflush(stdout);
}

/* Line n of the script (1-based), without its newline. */
static void
src_line(const char *src, int n, char *buf, size_t cap)
{
	const char *p = src, *nl;
	size_t len;

	buf[0] = '\0';
	while (p != NULL && --n > 0 && (p = strchr(p, '\n')) != NULL)
		p++;
	if (p == NULL)
		return;
	len = (nl = strchr(p, '\n')) != NULL ? (size_t)(nl - p) : strlen(p);
	snprintf(buf, cap, "%.*s", (int)len, p);
}

int
pdstep_prompt(struct session *s, const char *path, const char *src,
    int line)
{
	char buf[512], text[256];
	size_t n;

	if (src != NULL) {
		src_line(src, line, text, sizeof(text));
		printf("%s:%d: %s\n", path, line, text);
	} else
		printf("%s: the run is over; look with ladder, show, tcb, "
		    "peer; q quits\n", path);
	for (;;) {
		printf("step> ");
		fflush(stdout);
		if (fgets(buf, sizeof(buf), stdin) == NULL)
			return PDSTEP_REST;	/* the end of input: run on */
		n = strlen(buf);
		while (n > 0 && (buf[n - 1] == '\n' || buf[n - 1] == '\r' ||
		    buf[n - 1] == ' '))
			buf[--n] = '\0';
		if (strcmp(buf, "q") == 0 || strcmp(buf, "quit") == 0)
			return PDSTEP_QUIT;
		if (src != NULL && strcmp(buf, "c") == 0)
			return PDSTEP_REST;
		if (src != NULL && buf[0] == '\0')
			return PDSTEP_RUN;
		step_cmd(s, buf);
	}
}
