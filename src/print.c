/* print.c - a segment as one tcpdump-style line, as a tree, as hex
 *
 * The one-line form is tcpdump's (print-tcp.c) word for word, so users can
 * compare it with a capture and paste it back as a command.
 */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "ip6.h"
#include "print.h"
#include "rd.h"
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

	sb_putc(sb, '"');
	for (i = 0; i < n; i++) {
		switch (d[i]) {
		case '\r': sb_puts(sb, "\\r"); break;
		case '\n': sb_puts(sb, "\\n"); break;
		case '\t': sb_puts(sb, "\\t"); break;
		case '\\': sb_puts(sb, "\\\\"); break;
		case '"': sb_puts(sb, "\\\""); break;
		default:
			if (d[i] >= 0x20 && d[i] < 0x7f)
				sb_putc(sb, (char)d[i]);
			else
				sb_printf(sb, "\\x%02x", d[i]);
		}
	}
	sb_putc(sb, '"');
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

static size_t	seg_fields(char *buf, size_t cap, const struct seg *s,
		    const struct print_ctx *pc, int v);

size_t
print_seg(char *buf, size_t cap, const struct seg *s,
    const struct print_ctx *pc)
{
	return seg_fields(buf, cap, s, pc, 0);
}

static size_t
seg_fields(char *buf, size_t cap, const struct seg *s,
    const struct print_ctx *pc, int v)
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

	sb_puts(&sb, "Flags [");
	sb_puts(&sb, print_flags(s->flags, fl));
	sb_putc(&sb, ']');
	/* none for a fragment or a cut segment, which tcpdump cannot
	 * check either */
	if (v && (s->anno & SEG_A_SUM_BAD))
		sb_printf(&sb, ", cksum 0x%04x (incorrect -> 0x%04x)", s->sum,
		    s->sum_ok);
	else if (v && !(s->anno & SEG_A_SUM_UNCHK))
		sb_printf(&sb, ", cksum 0x%04x%s", s->sum,
		    s->anno & SEG_A_SUM_PART ? " (partial)" : " (correct)");
	/* tcpdump leaves the sequence number out of a bare ACK */
	if (s->datalen > 0 || (s->flags & (TH_SYN | TH_FIN | TH_RST))) {
		sb_puts(&sb, ", seq ");
		sb_uint(&sb, seq, 0, 0);
	}
	if (s->datalen > 0) {
		sb_putc(&sb, ':');
		sb_uint(&sb, (uint32_t)(seq + s->datalen), 0, 0);
	}
	if (s->flags & TH_ACK) {
		sb_puts(&sb, ", ack ");
		sb_uint(&sb, ack, 0, 0);
	}
	sb_puts(&sb, ", win ");
	sb_uint(&sb, s->win, 0, 0);
	if (s->flags & TH_URG) {
		sb_puts(&sb, ", urg ");
		sb_uint(&sb, s->urp, 0, 0);
	}
	if ((n = seg_opts(s, tmp, &o)) > 0) {
		/* SACK blocks acknowledge the other side's sequence space */
		oc.relative = pc->relative;
		oc.sack_base = pc->ack_base;
		tcpopt_format(ob, sizeof(ob), o, n, &oc);
		sb_puts(&sb, ", options [");
		sb_puts(&sb, ob);
		sb_putc(&sb, ']');
	}
	sb_puts(&sb, ", length ");
	sb_uint(&sb, s->datalen, 0, 0);
	if (pc->payload && s->datalen > 0 && s->datalen <= PREVIEW_MAX &&
	    s->data != NULL) {
		sb_putc(&sb, ' ');
		sb_quote(&sb, s->data, s->datalen);
	}
	return sb.len;
}

/* tcpdump's names of the protocols a next-header or proto field may
 * hold (its ipproto_values); the others are "unknown" there too */
static const char *
proto_name(uint8_t p)
{
	switch (p) {
	case 0:		return "Options";
	case 1:		return "ICMP";
	case 6:		return "TCP";
	case 17:	return "UDP";
	case 41:	return "IPv6";
	case 43:	return "Routing";
	case 44:	return "Fragment";
	case 50:	return "ESP";
	case 51:	return "AH";
	case 58:	return "ICMPv6";
	}
	return "unknown";
}

/* The TLVs of an options header x (hop-by-hop, destination) as far as
 * extbytes kept them: calls fn with each option's offset in the header,
 * type, length and value; stops at one that runs past the header. */
static void
ext_opts(const struct seg *s, const struct ip6ext *x,
    void (*fn)(void *, size_t, uint8_t, uint8_t, struct rd *), void *arg)
{
	struct rd r, v;
	size_t len = x->len, start;
	uint8_t type, olen;

	if (x->off >= SEG_EXTBYTES || x->off >= s->extlen)
		return;
	if (len > SEG_EXTBYTES - (size_t)x->off)
		len = SEG_EXTBYTES - (size_t)x->off;
	if (x->off + len > s->extlen)
		len = s->extlen - (size_t)x->off;
	rd_init(&r, s->extbytes + x->off, len);
	rd_skip(&r, 2);
	while (!r.err && rd_left(&r) > 0) {
		start = r.off;
		type = rd_u8(&r);
		if (type == 0) {
			rd_init(&v, NULL, 0);
			fn(arg, start, 0, 0, &v);
			continue;
		}
		olen = rd_u8(&r);
		if (r.err || !rd_have(&r, olen))
			return;
		v = rd_sub(&r, olen);
		fn(arg, start, type, olen, &v);
	}
}

/* One option in tcpdump -v's words (print-ip6opts.c) */
static void
opt_words(struct sbuf *sb, uint8_t type, uint8_t len, struct rd *v)
{
	switch (type) {
	case 0:
		sb_printf(sb, "(pad1)");
		break;
	case 1:
		sb_printf(sb, "(padn)");
		break;
	case 5:
		if (len == 2) {
			sb_printf(sb, "(rtalert: 0x%04x) ", rd_be16(v));
			break;
		}
		sb_printf(sb, "(rtalert: invalid len %u)", len);
		break;
	case 0xc2:
		if (len == 4) {
			sb_printf(sb, "(jumbo: %u) ", rd_be32(v));
			break;
		}
		sb_printf(sb, "(jumbo: invalid len %u)", len);
		break;
	default:
		sb_printf(sb, "(opt_type 0x%02x: len=%u)", type, len);
	}
}

static void
opt_line(void *arg, size_t off, uint8_t type, uint8_t len, struct rd *v)
{
	(void)off;
	opt_words(arg, type, len, v);
}

/* The header's length byte: 8-byte units after the first 8 (a header
 * built but not yet encoded has len 0, the smallest) */
static unsigned
hdrlen_byte(const struct ip6ext *x)
{
	return x->len >= 8 ? x->len / 8u - 1 : 0;
}

/* Has the TCP header of s been decoded?  Not when the chain ended in
 * something else, broke, or was a later fragment. */
static int
tcp_decoded(const struct seg *s)
{
	unsigned i;

	if (s->anno & (SEG_A_TRUNC_IP | SEG_A_BAD_VER | SEG_A_NOT_TCP |
	    SEG_A_TRUNC_TCP | SEG_A_BAD_LINK | SEG_A_BAD_EXT))
		return 0;
	for (i = 0; i < s->next && i < SEG_MAXEXT; i++)
		if (s->ext[i].type == IP6_NXT_FRAG && s->ext[i].fragoff != 0)
			return 0;
	return 1;
}

/* "RT6 (len=2, type=0 [Deprecated], segleft=1, [0]::1) ": the
 * addresses of a type 0 or 2 header as far as extbytes kept them; with
 * v, the reserved word before them */
static void
rt_words(struct sbuf *sb, const struct seg *s, const struct ip6ext *x,
    int v)
{
	char a[IPADDR_STRLEN];
	struct ipaddr ad;
	struct rd r;
	uint8_t b[16];
	uint32_t rsv;
	size_t n, len = x->len, i;

	sb_printf(sb, "RT6 (len=%u, type=%u%s, segleft=%u", hdrlen_byte(x),
	    x->rtype, x->rtype == 0 ? " [Deprecated]" : "", x->segleft);
	if (x->off >= SEG_EXTBYTES || x->off >= s->extlen) {
		sb_printf(sb, ") ");
		return;
	}
	if (len > SEG_EXTBYTES - (size_t)x->off)
		len = SEG_EXTBYTES - (size_t)x->off;
	if (x->off + len > s->extlen)
		len = s->extlen - (size_t)x->off;
	rd_init(&r, s->extbytes + x->off, len);
	rd_skip(&r, 4);
	rsv = rd_be32(&r);
	if (v && !r.err)
		sb_printf(sb, ", rsv=0x%x", rsv);
	n = x->rtype == 0 || x->rtype == 2 ? hdrlen_byte(x) / 2 : 0;
	for (i = 0; i < n && rd_bytes(&r, b, 16) == 16; i++) {
		ad = ipaddr_from_bytes(AF_INET6, b);
		sb_printf(sb, ", [%zu]%s", i, ipaddr_str(&ad, a, sizeof(a)));
	}
	sb_printf(sb, ") ");
}

/* The chain as tcpdump prints it between the addresses and the ports:
 * "HBH ", "DSTOPT ", "RT6 (len=0, type=0 [Deprecated], segleft=0) ",
 * "frag (0|24) "; with v, the options and tcpdump -v's extra fields.
 * Returns 0 where tcpdump stops (a later fragment: "frag (24|24)"). */
static int
chain_words(struct sbuf *sb, const struct seg *s, int v)
{
	const struct ip6ext *x;
	size_t hoff = IP6HDR, flen;
	unsigned i;

	for (i = 0; i < s->next && i < SEG_MAXEXT; i++, hoff += x->len) {
		x = &s->ext[i];
		switch (x->type) {
		case IP6_NXT_HOPOPTS:
		case IP6_NXT_DSTOPTS:
			sb_printf(sb, "%s ", x->type == IP6_NXT_HOPOPTS ?
			    "HBH" : "DSTOPT");
			if (v) {
				ext_opts(s, x, opt_line, sb);
				sb_printf(sb, " ");
			}
			break;
		case IP6_NXT_ROUTING:
			rt_words(sb, s, x, v);
			break;
		case IP6_NXT_FRAG:
			/* the bytes after this header, as tcpdump counts */
			flen = IP6HDR + (size_t)s->plen > hoff + 8 ?
			    IP6HDR + (size_t)s->plen - hoff - 8 : 0;
			if (v)
				sb_printf(sb, "frag (0x%08x:%u|%zu)", x->ident,
				    x->fragoff * 8u, flen);
			else
				sb_printf(sb, "frag (%u|%zu)",
				    x->fragoff * 8u, flen);
			if (x->fragoff != 0)
				return 0;
			sb_printf(sb, " ");
			break;
		}
	}
	return 1;
}

/* tcpdump -v's header in parentheses: IPv4's "(tos 0x0, ttl 64, id 1,
 * offset 0, flags [DF], proto TCP (6), length 40) ", IPv6's "(class
 * 0xb8, flowlabel 0x12345, hlim 64, next-header TCP (6) payload length:
 * 20) " (class and flow label only when not 0, as tcpdump does). */
/* tcpdump's words for the fragment flags, in its order, ", " between */
static void
frag_words(struct sbuf *sb, uint16_t frag)
{
	static const struct {
		uint16_t	 bit;
		const char	*w;
	} fw[] = { { IP_MF, "+" }, { IP_DF, "DF" }, { IP_RF, "rsvd" } };
	size_t i;
	int any = 0;

	for (i = 0; i < sizeof(fw) / sizeof(fw[0]); i++)
		if (frag & fw[i].bit)
			sb_printf(sb, "%s%s", any++ ? ", " : "", fw[i].w);
	if (!any)
		sb_printf(sb, "none");
}

static void
ip_verbose(struct sbuf *sb, const struct seg *s)
{
	if (SEG_IS6(s)) {
		sb_printf(sb, "(");
		if (s->tos != 0)
			sb_printf(sb, "class 0x%02x, ", s->tos);
		if ((s->flow & 0xfffff) != 0)
			sb_printf(sb, "flowlabel 0x%05x, ", s->flow & 0xfffff);
		sb_printf(sb, "hlim %u, next-header %s (%u) payload length: "
		    "%u) ", s->ttl, proto_name(s->nxt), s->nxt, s->plen);
		return;
	}
	sb_printf(sb, "(tos 0x%x, ttl %u, id %u, offset %u, flags [",
	    s->tos, s->ttl, s->id, (s->frag & IP_OFFMASK) * 8u);
	frag_words(sb, s->frag);
	sb_printf(sb, "], proto %s (%u), length %u", proto_name(s->proto),
	    s->proto, s->tot_len);
	/* tcpdump checks the header sum only with -v */
	if (s->anno & SEG_A_IPSUM_BAD)
		sb_printf(sb, ", bad cksum %x (->%x)!", s->ip_sum,
		    s->ip_sum_ok);
	sb_printf(sb, ") ");
}

static size_t
line_of(char *buf, size_t cap, const struct seg *s,
    const struct print_ctx *pc, size_t *segoff, int v)
{
	struct sbuf sb;
	char a[IPADDR_STRLEN], b[IPADDR_STRLEN];

	sb_init(&sb, buf, cap);
	sb_puts(&sb, SEG_IS6(s) ? "IP6 " : "IP ");
	if (v)
		ip_verbose(&sb, s);
	ipaddr_str(&s->saddr, a, sizeof(a));
	ipaddr_str(&s->daddr, b, sizeof(b));
	if (SEG_IS6(s) && (s->next > 0 || !tcp_decoded(s))) {
		/* tcpdump names the chain after the addresses, then
		 * the ports alone */
		sb_printf(&sb, "%s > %s: ", a, b);
		if (!chain_words(&sb, s, v) || !tcp_decoded(s)) {
			/* tcpdump's words for what the chain ends in */
			if (s->proto == IP6_NXT_NONE &&
			    (s->anno & SEG_A_NOT_TCP))
				sb_printf(&sb, "no next header");
			else if (s->anno & SEG_A_NOT_TCP)
				sb_printf(&sb, "ip-proto-%u %u", s->proto,
				    s->plen >= s->extlen ? s->plen - s->extlen :
				    0);
			if (segoff != NULL)
				*segoff = sb.len;
			return sb.len;
		}
		sb_printf(&sb, "%u > %u: ", s->sport, s->dport);
	} else {
		sb_puts(&sb, a);
		sb_putc(&sb, '.');
		sb_uint(&sb, s->sport, 0, 0);
		sb_puts(&sb, " > ");
		sb_puts(&sb, b);
		sb_putc(&sb, '.');
		sb_uint(&sb, s->dport, 0, 0);
		sb_puts(&sb, ": ");
	}
	if (segoff != NULL)
		*segoff = sb.len;
	if (cap == 0)
		return 0;
	return sb.len + seg_fields(buf + sb.len, cap - sb.len, s, pc, v);
}

size_t
print_line(char *buf, size_t cap, const struct seg *s,
    const struct print_ctx *pc, size_t *segoff)
{
	return line_of(buf, cap, s, pc, segoff, 0);
}

size_t
print_line_v(char *buf, size_t cap, const struct seg *s,
    const struct print_ctx *pc, size_t *segoff)
{
	return line_of(buf, cap, s, pc, segoff, 1);
}

static const char *
ext_name(uint8_t type)
{
	const char *nm = ip6_ext_name(type);

	return nm != NULL ? nm : "unknown";
}

/* Why a header of the chain is malformed, in words */
static const char *
extbad_word(uint8_t bad)
{
	switch (bad) {
	case EXTBAD_TRUNC:	return "runs past the payload";
	case EXTBAD_ORDER:	return "not first";
	case EXTBAD_OPT:	return "an option runs past it";
	case EXTBAD_MANY:	return "one too many";
	}
	return "";
}

/* ": routing runs past the payload" for the first bad header of the
 * chain; one past the headers kept says the chain was too long */
static void
ext_why(struct sbuf *sb, const struct seg *s)
{
	unsigned i;

	for (i = 0; i < s->next && i < SEG_MAXEXT; i++)
		if (s->ext[i].bad) {
			sb_printf(sb, " (%s %s)", ext_name(s->ext[i].type),
			    extbad_word(s->ext[i].bad));
			return;
		}
	sb_printf(sb, " (more than %d headers)", SEG_MAXEXT);
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
		{ SEG_A_BAD_PLEN, "bad plen", 1 },
		{ SEG_A_BAD_EXT, "bad ext", 2 },
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
		if (aw[i].val == 2) {
			ext_why(&sb, s);
			continue;
		}
		switch (aw[i].bit) {
		case SEG_A_BAD_VER: v = s->ver; break;
		case SEG_A_BAD_IHL: v = s->ihl; break;
		case SEG_A_BAD_TOTLEN: v = s->tot_len; break;
		case SEG_A_BAD_PLEN: v = s->plen; break;
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

/* The IPv4 header; returns where TCP starts */
static size_t
tree4(FILE *f, const struct seg *s)
{
	size_t tcpoff = 20 + (size_t)s->ipoptlen, i;
	char a[16];

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
	return tcpoff;
}

/* a next-header value with its name when it is one tcpcraft knows */
static void
tree_nxt(FILE *f, size_t off, uint8_t nxt)
{
	const char *nm = ip6_ext_name(nxt);

	if (nxt == 6)
		nm = "tcp";
	else if (nxt == IP6_NXT_NONE)
		nm = "no next header";
	fprintf(f, "  [%zu]\tnxt %u%s%s%s\n", off, nxt, nm != NULL ? " (" :
	    "", nm != NULL ? nm : "", nm != NULL ? ")" : "");
}

struct optrow {
	FILE	*f;
	size_t	 base;	/* the header's offset in the packet */
};

static void
opt_row(void *arg, size_t off, uint8_t type, uint8_t len, struct rd *v)
{
	struct optrow *o = arg;
	char line[128];
	struct sbuf sb;

	sb_init(&sb, line, sizeof(line));
	opt_words(&sb, type, len, v);
	fprintf(o->f, "  [%zu]\t  %s\n", o->base + off, line);
}

/* One header of the chain at off */
static void
tree_ext(FILE *f, const struct seg *s, const struct ip6ext *x, size_t off)
{
	struct optrow o = { f, off };

	fprintf(f, "%s [%zu] %u bytes%s%s%s\n", ext_name(x->type), off, x->len,
	    x->bad ? " (bad: " : "", x->bad ? extbad_word(x->bad) : "",
	    x->bad ? ")" : "");
	tree_nxt(f, off, x->nxt);
	switch (x->type) {
	case IP6_NXT_FRAG:
		fprintf(f, "  [%zu]\toffset %u (%u bytes), mf %u\n", off + 2,
		    x->fragoff, x->fragoff * 8u, x->mf);
		fprintf(f, "  [%zu]\tid 0x%08x\n", off + 4, x->ident);
		break;
	case IP6_NXT_ROUTING:
		fprintf(f, "  [%zu]\tlen %u (%u bytes)\n", off + 1,
		    hdrlen_byte(x), x->len);
		fprintf(f, "  [%zu]\ttype %u, segleft %u\n", off + 2,
		    x->rtype, x->segleft);
		break;
	default:
		fprintf(f, "  [%zu]\tlen %u (%u bytes)\n", off + 1,
		    hdrlen_byte(x), x->len);
		ext_opts(s, x, opt_row, &o);
	}
}

/* The IPv6 header and the chain; returns where TCP starts */
static size_t
tree6(FILE *f, const struct seg *s)
{
	char a[IPADDR_STRLEN];
	size_t off = IP6HDR;
	unsigned i;

	fprintf(f, "IPv6 [0] %d bytes\n", IP6HDR);
	fprintf(f, "  [0]\tver %u, tc 0x%02x, flow 0x%05x\n", s->ver,
	    s->tos, s->flow & 0xfffff);
	fprintf(f, "  [4]\tplen %u%s\n", s->plen,
	    s->anno & SEG_A_BAD_PLEN ? " (bad)" : "");
	tree_nxt(f, 6, s->nxt);
	fprintf(f, "  [7]\thlim %u\n", s->ttl);
	fprintf(f, "  [8]\tsrc %s\n", ipaddr_str(&s->saddr, a, sizeof(a)));
	fprintf(f, "  [24]\tdst %s\n", ipaddr_str(&s->daddr, a, sizeof(a)));
	for (i = 0; i < s->next && i < SEG_MAXEXT; i++) {
		tree_ext(f, s, &s->ext[i], off);
		off += s->ext[i].len;
	}
	return off;
}

void
print_tree(FILE *f, const struct seg *s, const struct print_ctx *pc)
{
	static const struct print_ctx abs = { 0, 0, 0, 0 };
	size_t tcpoff, dataoff;
	struct optctx oc;
	struct sbuf sb;
	char fl[16], line[512];

	if (pc == NULL)
		pc = &abs;
	if (SEG_IS6(s)) {
		tcpoff = tree6(f, s);
		if (!tcp_decoded(s))
			goto notes;
	} else {
		tcpoff = tree4(f, s);
		if (s->anno & (SEG_A_TRUNC_IP | SEG_A_BAD_VER | SEG_A_NOT_TCP |
		    SEG_A_TRUNC_TCP | SEG_A_BAD_LINK) ||
		    (s->frag & IP_OFFMASK)) {
			/* the TCP fields were never decoded */
			goto notes;
		}
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
