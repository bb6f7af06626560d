/* pdscript.h - a packetdrill script (.pkt) read into events
 *
 * The reader is pure: it is handed the text and gives back a list of
 * events, each with the line it starts on, or an error with line and
 * column.  The grammar is packetdrill's, learned from its documentation
 * and corpus (not its code): header option lines, an optional shell
 * line before the events and one after them, then events, each a time
 * and an action: an inbound '<' or outbound '>' TCP segment, a system
 * call, a backtick shell line or a %{ python }% block.
 *
 * What the reader recognises but the runner cannot do (UDP, ICMP,
 * IPv6, TCP Fast Open, MD5, AccECN, encapsulation) it refuses with the
 * line: the caller exits 2, as for a syntax error.
 */
#ifndef TC_PDSCRIPT_H
#define TC_PDSCRIPT_H

#include <stddef.h>
#include <stdint.h>

#include "seg.h"

/* When an event happens (packetdrill's five kinds of time). */
enum pd_time {
	PDT_ABS,	/* 0.1 */
	PDT_REL,	/* +0.1: after the previous event */
	PDT_ANY,	/* *: outbound segments only */
	PDT_ABS_RANGE,	/* 0.1~0.2 */
	PDT_REL_RANGE	/* +0.1~+0.2 */
};

enum pd_ev_kind { PDE_PACKET, PDE_SYSCALL, PDE_SHELL, PDE_CODE };

/* A system call's argument or result, as written. */
enum pd_expr_kind {
	PDX_INT,	/* 8080, 0x10, -1 */
	PDX_WORD,	/* SOCK_STREAM (a name the runner looks up) */
	PDX_STR,	/* "abc" */
	PDX_ELLIPSIS,	/* ... */
	PDX_LIST,	/* [a, b]; kid[0..nkid) */
	PDX_STRUCT,	/* {a=1, b=2} or {1, 2}; kid[] */
	PDX_OR,		/* a|b; kid[0], kid[1] */
	PDX_ASSIGN,	/* name=value; text is the name, kid[0] the value */
	PDX_CALL	/* htons(8080); text is the name, kid[] the args */
};

struct pd_expr {
	enum pd_expr_kind kind;
	int		 line, col;
	int64_t		 num;		/* PDX_INT */
	char		*text;		/* PDX_WORD, PDX_STR, PDX_ASSIGN,
					 * PDX_CALL */
	int		 nkid;
	struct pd_expr	**kid;
};

/* A TCP segment as a script line gives it.  Sequence numbers are in the
 * script's space (packetdrill's: both ISNs 0 unless written). */
#define PDP_WIN		0x01	/* win given (else not checked) */
#define PDP_ANYOPT	0x02	/* <...>: options not checked */
#define PDP_URG		0x04	/* urg given */
#define PDP_PORTS	0x08	/* sport>dport given */
#define PDP_TTL		0x10	/* (ttl N) given */

struct pd_packet {
	int		 inbound;	/* '<' (1) or '>' (0) */
	unsigned	 has;		/* PDP_* */
	uint8_t		 flags;		/* TH_* */
	uint8_t		 res;		/* the reserved bits (0 in a script) */
	uint32_t	 seq, len, ack;
	uint16_t	 win, urg, sport, dport;
	uint8_t		 ttl;
	uint8_t		 nopt;
	struct tcpopt	 opt[SEG_MAXOPT];	/* as in seg.h */
};

struct pd_syscall {
	char		*name;
	int		 nargs;
	struct pd_expr	**args;
	struct pd_expr	*result;
	char		*err;		/* "EINPROGRESS" or NULL */
	int		 blocking;	/* ...END given */
	enum pd_time	 end_type;	/* PDT_ABS or PDT_REL, as the start */
	int64_t		 end_us;
};

struct pd_event {
	int		 line, col;
	enum pd_time	 time;
	int64_t		 t_us, t_end_us;	/* t_end_us: ranges only */
	enum pd_ev_kind	 kind;
	struct pd_packet pkt;		/* PDE_PACKET */
	struct pd_syscall sc;		/* PDE_SYSCALL */
	char		*text;		/* PDE_SHELL: the command;
					 * PDE_CODE: the python */
};

/* A header line: --name=value. */
struct pd_option {
	int	 line;
	char	*name, *value;
};

struct pd_script {
	int		 nopt;
	struct pd_option *opt;
	char		*init_cmd;	/* a shell line before the events */
	int		 init_line;
	char		*cleanup_cmd;	/* one after them */
	int		 cleanup_line;
	int		 nev;
	struct pd_event	*ev;
};

/* An error: 1-based line and column, and a message. */
struct pd_err {
	int	line, col;
	int	unsupported;	/* known to packetdrill, not to the runner */
	char	msg[200];
};

/* Reads text (NUL-terminated) into *sc.  0, or -1 with *err filled;
 * either way pd_script_free frees what *sc holds. */
int	pd_script_parse(const char *text, struct pd_script *sc,
	    struct pd_err *err);
void	pd_script_free(struct pd_script *sc);

/* "<" or ">" line in packetdrill's notation ("S. 0:0(0) ack 1 <mss
 * 1460,nop>"), for messages.  Returns buf. */
char	*pd_packet_str(const struct pd_packet *p, char *buf, size_t cap);
/* One option as a script writes it ("TS val 1 ecr 0"); its length. */
size_t	pd_opt_str(const struct tcpopt *o, char *buf, size_t cap);

#endif
