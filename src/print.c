/* print.c - a segment as one tcpdump-style line, as a tree, as hex
 *
 * The one-line form is tcpdump's (print-tcp.c) word for word, so users can
 * compare it with a capture and paste it back as a command.
 */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "print.h"
#include "sbuf.h"
#include "seg.h"
#include "tcpopt.h"

#define PREVIEW_MAX	64

/* Quoted with the escapes the lexer reads back (\xHH is always two
 * digits there, so a following hex-looking character is safe). */
static void
sb_quote(struct sbuf *sb, const uint8_t *d, size_t n)
{
	size_t i;

	sb_printf(sb, "\"");
	for (i = 0; i < n; i++) {
		switch (d[i]) {
		case '\r': sb_printf(sb, "\\r"); break;
		case '\n': sb_printf(sb, "\\n"); break;
		case '\t': sb_printf(sb, "\\t"); break;
		case '\\': sb_printf(sb, "\\\\"); break;
		case '"': sb_printf(sb, "\\\""); break;
		default:
			if (d[i] >= 0x20 && d[i] < 0x7f)
				sb_printf(sb, "%c", d[i]);
			else
				sb_printf(sb, "\\x%02x", d[i]);
		}
	}
	sb_printf(sb, "\"");
}

const char *
print_flags(uint8_t flags, char buf[16])
{
	/* tcpdump's table order: ACK comes after PSH, before URG */
	static const struct { uint8_t bit; char c; } ft[] = {
		{ TH_FIN, 'F' }, { TH_SYN, 'S' }, { TH_RST, 'R' },
		{ TH_PSH, 'P' }, { TH_ACK, '.' }, { TH_URG, 'U' },
		{ TH_ECE, 'E' }, { TH_CWR, 'W' },
	};
	size_t i, n = 0;

	for (i = 0; i < sizeof(ft) / sizeof(ft[0]); i++)
		if (flags & ft[i].bit)
			buf[n++] = ft[i].c;
	buf[n] = '\0';
	if (n == 0)
		strcpy(buf, "none");
	return buf;
}

const char *
print_addr(uint32_t addr, char buf[16])
{
	snprintf(buf, 16, "%u.%u.%u.%u", addr >> 24, (addr >> 16) & 0xff,
	    (addr >> 8) & 0xff, addr & 0xff);
	return buf;
}

/* The options to show: opt[] when decoded or parsed, else the raw
 * optbytes a user gave, decoded here. */
static int
seg_opts(const struct seg *s, struct tcpopt *tmp, const struct tcpopt **op)
{
	int bad;

	if (s->nopt > 0) {
		*op = s->opt;
		return s->nopt;
	}
	*op = tmp;
	return tcpopt_decode(s->optbytes, s->optlen, tmp, SEG_MAXOPT, &bad);
}

size_t
print_seg(char *buf, size_t cap, const struct seg *s,
    const struct print_ctx *pc)
{
	static const struct print_ctx abs = { 0, 0, 0, 0 };
	struct tcpopt tmp[SEG_MAXOPT];
	const struct tcpopt *o;
	struct optctx oc;
	struct sbuf sb;
	char fl[16], ob[512];
	uint32_t seq, ack;
	int n;

	if (pc == NULL)
		pc = &abs;
	sb_init(&sb, buf, cap);
	seq = pc->relative ? s->seq - pc->seq_base : s->seq;
	ack = pc->relative ? s->ack - pc->ack_base : s->ack;

	sb_printf(&sb, "Flags [%s]", print_flags(s->flags, fl));
	/* tcpdump leaves the sequence number out of a bare ACK */
	if (s->datalen > 0)
		sb_printf(&sb, ", seq %u:%u", seq, seq + s->datalen);
	else if (s->flags & (TH_SYN | TH_FIN | TH_RST))
		sb_printf(&sb, ", seq %u", seq);
	if (s->flags & TH_ACK)
		sb_printf(&sb, ", ack %u", ack);
	sb_printf(&sb, ", win %u", s->win);
	if (s->flags & TH_URG)
		sb_printf(&sb, ", urg %u", s->urp);
	if ((n = seg_opts(s, tmp, &o)) > 0) {
		/* SACK blocks acknowledge the other side's sequence space */
		oc.relative = pc->relative;
		oc.sack_base = pc->ack_base;
		tcpopt_format(ob, sizeof(ob), o, n, &oc);
		sb_printf(&sb, ", options [%s]", ob);
	}
	sb_printf(&sb, ", length %u", s->datalen);
	if (pc->payload && s->datalen > 0 && s->datalen <= PREVIEW_MAX &&
	    s->data != NULL) {
		sb_printf(&sb, " ");
		sb_quote(&sb, s->data, s->datalen);
	}
	return sb.len;
}

size_t
print_line(char *buf, size_t cap, const struct seg *s,
    const struct print_ctx *pc, size_t *segoff)
{
	struct sbuf sb;
	char a[IPADDR_STRLEN], b[IPADDR_STRLEN];

	sb_init(&sb, buf, cap);
	/* tcpdump's "IP6" line for IPv6 */
	sb_printf(&sb, "%s %s.%u > %s.%u: ", SEG_IS6(s) ? "IP6" : "IP",
	    ipaddr_str(&s->saddr, a, sizeof(a)), s->sport,
	    ipaddr_str(&s->daddr, b, sizeof(b)), s->dport);
	if (segoff != NULL)
		*segoff = sb.len;
	if (cap == 0)
		return 0;
	return sb.len + print_seg(buf + sb.len, cap - sb.len, s, pc);
}

size_t
print_anno(char *buf, size_t cap, const struct seg *s)
{
	/* the value shown after a word is the field that is wrong */
	static const struct { uint32_t bit; const char *word; int val; } aw[] = {
		{ SEG_A_BAD_LINK, "bad link", 0 },
		{ SEG_A_TRUNC_IP, "truncated ip", 0 },
		{ SEG_A_BAD_VER, "bad ip version", 1 },
		{ SEG_A_BAD_IHL, "bad ihl", 1 },
		{ SEG_A_BAD_TOTLEN, "bad totlen", 1 },
		{ SEG_A_TRUNC, "truncated", 0 },
		{ SEG_A_NOT_TCP, "not tcp", 0 },
		{ SEG_A_FRAG, "fragment", 0 },
		{ SEG_A_TRUNC_TCP, "truncated tcp", 0 },
		{ SEG_A_BAD_DOFF, "bad doff", 1 },
		{ SEG_A_BAD_OPT, "bad option", 0 },
		{ SEG_A_IPSUM_BAD, "bad ip cksum", 0 },
		{ SEG_A_SUM_BAD, "bad cksum", 0 },
		{ SEG_A_SUM_PART, "partial cksum", 0 },
		{ SEG_A_SUM_UNCHK, "cksum unchecked", 0 },
	};
	struct sbuf sb;
	const char *sep = "";
	unsigned v;
	size_t i;

	sb_init(&sb, buf, cap);
	for (i = 0; i < sizeof(aw) / sizeof(aw[0]); i++) {
		if (!(s->anno & aw[i].bit))
			continue;
		sb_printf(&sb, "%s%s", sep, aw[i].word);
		sep = ", ";
		if (!aw[i].val)
			continue;
		switch (aw[i].bit) {
		case SEG_A_BAD_VER: v = s->ver; break;
		case SEG_A_BAD_IHL: v = s->ihl; break;
		case SEG_A_BAD_TOTLEN: v = s->tot_len; break;
		default: v = s->doff; break;
		}
		sb_printf(&sb, " %u", v);
	}
	return sb.len;
}

static const char *
sum_note(uint32_t anno)
{
	if (anno & SEG_A_SUM_BAD)
		return " (bad)";
	if (anno & SEG_A_SUM_PART)
		return " (partial: pseudo-header only, checksum offload "
		    "on loopback; not an error)";
	if (anno & SEG_A_SUM_UNCHK)
		return " (unchecked)";
	return "";
}

static void
tree_opts(FILE *f, const struct seg *s, size_t off, const struct optctx *oc)
{
	struct tcpopt tmp[SEG_MAXOPT];
	const struct tcpopt *o;
	char ob[256];
	int i, n;

	if (s->optlen == 0 && s->nopt == 0)
		return;
	fprintf(f, "  [%zu]\toptions %u bytes\n", off, s->optlen);
	n = seg_opts(s, tmp, &o);
	for (i = 0; i < n; i++) {
		tcpopt_format(ob, sizeof(ob), &o[i], 1, oc);
		fprintf(f, "  [%zu]\t  %s", off, ob);
		if (o[i].raw == TCPOPT_RAW_VERBATIM)
			fprintf(f, " (%u bytes)\n", o[i].datalen);
		else if (tcpopt_wirelen(&o[i]) == 1)
			fprintf(f, " (kind %u)\n", o[i].kind);
		else
			fprintf(f, " (kind %u len %u)\n", o[i].kind, o[i].len);
		off += tcpopt_wirelen(&o[i]);
	}
}

void
print_tree(FILE *f, const struct seg *s, const struct print_ctx *pc)
{
	static const struct print_ctx abs = { 0, 0, 0, 0 };
	size_t tcpoff = 20 + (size_t)s->ipoptlen, dataoff;
	struct optctx oc;
	struct sbuf sb;
	char a[16], fl[16], line[512];
	size_t i;

	if (pc == NULL)
		pc = &abs;
	fprintf(f, "IPv4 [0] %zu bytes\n", tcpoff);
	fprintf(f, "  [0]\tver %u, ihl %u (%u bytes)\n", s->ver, s->ihl,
	    s->ihl * 4u);
	fprintf(f, "  [1]\ttos 0x%02x\n", s->tos);
	fprintf(f, "  [2]\tlen %u\n", s->tot_len);
	fprintf(f, "  [4]\tid %u\n", s->id);
	fprintf(f, "  [6]\tflags%s%s%s, frag %u (0x%04x)\n",
	    s->frag & IP_RF ? " RF" : "", s->frag & IP_DF ? " DF" : "",
	    s->frag & IP_MF ? " MF" : "", s->frag & IP_OFFMASK, s->frag);
	fprintf(f, "  [8]\tttl %u\n", s->ttl);
	fprintf(f, "  [9]\tproto %u%s\n", s->proto, s->proto == 6 ?
	    " (tcp)" : "");
	fprintf(f, "  [10]\tcksum 0x%04x%s\n", s->ip_sum,
	    s->anno & SEG_A_IPSUM_BAD ? " (bad)" : "");
	fprintf(f, "  [12]\tsrc %s\n", print_addr(s->saddr.v4, a));
	fprintf(f, "  [16]\tdst %s\n", print_addr(s->daddr.v4, a));
	if (s->ipoptlen > 0) {
		fprintf(f, "  [20]\tip options %u bytes ", s->ipoptlen);
		for (i = 0; i < s->ipoptlen && i < sizeof(s->ipopt); i++)
			fprintf(f, "%02x", s->ipopt[i]);
		fprintf(f, "\n");
	}

	if (s->anno & (SEG_A_TRUNC_IP | SEG_A_BAD_VER | SEG_A_NOT_TCP |
	    SEG_A_TRUNC_TCP | SEG_A_BAD_LINK) ||
	    (s->frag & IP_OFFMASK)) {
		/* the TCP fields were never decoded */
		goto notes;
	}
	fprintf(f, "TCP [%zu] %u bytes\n", tcpoff, 20 + s->optlen);
	fprintf(f, "  [%zu]\tsport %u\n", tcpoff, s->sport);
	fprintf(f, "  [%zu]\tdport %u\n", tcpoff + 2, s->dport);
	if (pc->relative) {
		fprintf(f, "  [%zu]\tseq %u (abs %u)\n", tcpoff + 4,
		    s->seq - pc->seq_base, s->seq);
		fprintf(f, "  [%zu]\tack %u (abs %u)\n", tcpoff + 8,
		    s->ack - pc->ack_base, s->ack);
	} else {
		fprintf(f, "  [%zu]\tseq %u\n", tcpoff + 4, s->seq);
		fprintf(f, "  [%zu]\tack %u\n", tcpoff + 8, s->ack);
	}
	fprintf(f, "  [%zu]\tdoff %u (%u bytes), res 0x%x\n", tcpoff + 12,
	    s->doff, s->doff * 4u, s->res);
	fprintf(f, "  [%zu]\tflags 0x%02x [%s]\n", tcpoff + 13, s->flags,
	    print_flags(s->flags, fl));
	fprintf(f, "  [%zu]\twin %u\n", tcpoff + 14, s->win);
	fprintf(f, "  [%zu]\tcksum 0x%04x%s\n", tcpoff + 16, s->sum,
	    sum_note(s->anno));
	fprintf(f, "  [%zu]\turg %u\n", tcpoff + 18, s->urp);
	oc.relative = pc->relative;
	oc.sack_base = pc->ack_base;
	tree_opts(f, s, tcpoff + 20, &oc);
	dataoff = tcpoff + 20 + s->optlen;
	if (s->datalen > 0) {
		sb_init(&sb, line, sizeof(line));
		if (s->data != NULL)
			sb_quote(&sb, s->data, s->datalen < PREVIEW_MAX ?
			    s->datalen : PREVIEW_MAX);
		fprintf(f, "data [%zu] %u bytes %s%s\n", dataoff, s->datalen,
		    line, s->datalen > PREVIEW_MAX ? "..." : "");
	}
notes:
	if (print_anno(line, sizeof(line), s) > 0)
		fprintf(f, "notes: %s\n", line);
}

void
print_hex(FILE *f, const uint8_t *buf, size_t len)
{
	size_t off, i;

	for (off = 0; off < len; off += 16) {
		fprintf(f, "%04zx  ", off);
		for (i = 0; i < 16; i++) {
			if (off + i < len)
				fprintf(f, "%02x ", buf[off + i]);
			else
				fprintf(f, "   ");
			if (i == 7)
				fprintf(f, " ");
		}
		fprintf(f, " ");
		for (i = 0; i < 16 && off + i < len; i++)
			fputc(buf[off + i] >= 0x20 && buf[off + i] < 0x7f ?
			    buf[off + i] : '.', f);
		fputc('\n', f);
	}
}
