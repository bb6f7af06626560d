/* pdcode.c - the %{ python }% blocks of a packetdrill script
 *
 * The fields of struct tcp_info come from the kernel's uapi header; the
 * ones newer than the header on the build machine are read by offset
 * when the running kernel returns them (it returns as many bytes as it
 * knows).
 */
#include <sys/socket.h>
#include <sys/wait.h>

#include <errno.h>
#include <linux/tcp.h>
#include <netinet/in.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "pdcode.h"

struct pdcode {
	FILE	*f;
	char	*buf;
	size_t	 len;
	int	 n;
};

/* The constants packetdrill's blocks may use. */
static const struct { const char *name; unsigned v; } consts[] = {
	{ "TCP_ESTABLISHED", 1 }, { "TCP_SYN_SENT", 2 },
	{ "TCP_SYN_RECV", 3 }, { "TCP_FIN_WAIT1", 4 },
	{ "TCP_FIN_WAIT2", 5 }, { "TCP_TIME_WAIT", 6 }, { "TCP_CLOSE", 7 },
	{ "TCP_CLOSE_WAIT", 8 }, { "TCP_LAST_ACK", 9 }, { "TCP_LISTEN", 10 },
	{ "TCP_CLOSING", 11 },
	{ "TCP_CA_Open", 0 }, { "TCP_CA_Disorder", 1 }, { "TCP_CA_CWR", 2 },
	{ "TCP_CA_Recovery", 3 }, { "TCP_CA_Loss", 4 },
	{ "TCPI_OPT_TIMESTAMPS", 1 }, { "TCPI_OPT_SACK", 2 },
	{ "TCPI_OPT_WSCALE", 4 }, { "TCPI_OPT_ECN", 8 },
	{ "TCPI_OPT_ECN_SEEN", 16 }, { "TCPI_OPT_SYN_DATA", 32 },
	{ "TCPI_OPT_USEC_TS", 64 }, { "TCPI_OPT_TFO_CHILD", 128 },
};

#define F(name)	{ #name, offsetof(struct tcp_info, name),		\
	sizeof(((struct tcp_info *)0)->name) }
static const struct { const char *name; size_t off, size; } fields[] = {
	F(tcpi_state), F(tcpi_ca_state), F(tcpi_retransmits),
	F(tcpi_probes), F(tcpi_backoff), F(tcpi_options),
	F(tcpi_rto), F(tcpi_ato), F(tcpi_snd_mss), F(tcpi_rcv_mss),
	F(tcpi_unacked), F(tcpi_sacked), F(tcpi_lost), F(tcpi_retrans),
	F(tcpi_fackets), F(tcpi_last_data_sent), F(tcpi_last_ack_sent),
	F(tcpi_last_data_recv), F(tcpi_last_ack_recv), F(tcpi_pmtu),
	F(tcpi_rcv_ssthresh), F(tcpi_rtt), F(tcpi_rttvar),
	F(tcpi_snd_ssthresh), F(tcpi_snd_cwnd), F(tcpi_advmss),
	F(tcpi_reordering), F(tcpi_rcv_rtt), F(tcpi_rcv_space),
	F(tcpi_total_retrans), F(tcpi_pacing_rate), F(tcpi_max_pacing_rate),
	F(tcpi_bytes_acked), F(tcpi_bytes_received), F(tcpi_segs_out),
	F(tcpi_segs_in), F(tcpi_notsent_bytes), F(tcpi_min_rtt),
	F(tcpi_data_segs_in), F(tcpi_data_segs_out), F(tcpi_delivery_rate),
	F(tcpi_busy_time), F(tcpi_rwnd_limited), F(tcpi_sndbuf_limited),
	F(tcpi_delivered), F(tcpi_delivered_ce), F(tcpi_bytes_sent),
	F(tcpi_bytes_retrans), F(tcpi_dsack_dups), F(tcpi_reord_seen),
	F(tcpi_rcv_ooopack), F(tcpi_snd_wnd),
};
#undef F

/* After tcpi_snd_wnd, in the order newer kernels add them. */
static const struct { const char *name; size_t size; } newer[] = {
	{ "tcpi_rcv_wnd", 4 }, { "tcpi_rehash", 4 },
	{ "tcpi_total_rto", 2 }, { "tcpi_total_rto_recoveries", 2 },
	{ "tcpi_total_rto_time", 4 },
};

struct pdcode *
pdcode_new(void)
{
	struct pdcode *pc = calloc(1, sizeof(*pc));

	if (pc != NULL && (pc->f = open_memstream(&pc->buf, &pc->len)) ==
	    NULL) {
		free(pc);
		return NULL;
	}
	return pc;
}

void
pdcode_free(struct pdcode *pc)
{
	if (pc == NULL)
		return;
	fclose(pc->f);
	free(pc->buf);
	free(pc);
}

int
pdcode_check(const char *text, char *msg, size_t cap)
{
	static const char *const unknown[] = { "bbr_", "dctcp_", "skmem_",
	    "tcpi_received_ce", "tcpi_delivered_e", "tcpi_received_e" };
	size_t i;

	for (i = 0; i < sizeof(unknown) / sizeof(unknown[0]); i++)
		if (strstr(text, unknown[i]) != NULL) {
			snprintf(msg, cap, "unsupported: %s... in a %%{ }%% "
			    "block", unknown[i]);
			return -1;
		}
	return 0;
}

static uint64_t
get(const uint8_t *b, size_t off, size_t size)
{
	uint8_t v8;
	uint16_t v16;
	uint32_t v32;
	uint64_t v64;

	switch (size) {
	case 1:
		memcpy(&v8, b + off, 1);
		return v8;
	case 2:
		memcpy(&v16, b + off, 2);
		return v16;
	case 4:
		memcpy(&v32, b + off, 4);
		return v32;
	default:
		memcpy(&v64, b + off, 8);
		return v64;
	}
}

static void
snapshot(struct pdcode *pc, int fd)
{
	uint8_t buf[512];
	struct tcp_info ti;
	socklen_t len = sizeof(buf);
	size_t i, off;

	memset(buf, 0, sizeof(buf));
	if (fd < 0 || getsockopt(fd, IPPROTO_TCP, TCP_INFO, buf, &len) != 0)
		len = 0;
	for (i = 0; i < sizeof(consts) / sizeof(consts[0]); i++)
		fprintf(pc->f, "%s = %u\n", consts[i].name, consts[i].v);
	for (i = 0; i < sizeof(fields) / sizeof(fields[0]); i++)
		fprintf(pc->f, "%s = %llu\n", fields[i].name, (unsigned long long)
		    get(buf, fields[i].off, fields[i].size));
	memcpy(&ti, buf, sizeof(ti));
	fprintf(pc->f, "tcpi_snd_wscale = %u\ntcpi_rcv_wscale = %u\n"
	    "tcpi_delivery_rate_app_limited = %u\n"
	    "tcpi_fastopen_client_fail = %u\n", ti.tcpi_snd_wscale,
	    ti.tcpi_rcv_wscale, ti.tcpi_delivery_rate_app_limited,
	    ti.tcpi_fastopen_client_fail);
	off = offsetof(struct tcp_info, tcpi_snd_wnd) + 4;
	for (i = 0; i < sizeof(newer) / sizeof(newer[0]); i++) {
		fprintf(pc->f, "%s = %llu\n", newer[i].name,
		    off + newer[i].size <= len ? (unsigned long long)get(buf,
		    off, newer[i].size) : 0ull);
		off += newer[i].size;
	}
	fprintf(pc->f, "\n");
}

void
pdcode_add(struct pdcode *pc, int fd, const char *path, int line,
    const char *text)
{
	const char *p;

	snapshot(pc, fd);
	/* the file's name as a python string literal */
	fprintf(pc->f, "_file = '");
	for (p = path; *p != '\0'; p++)
		fprintf(pc->f, *p == '\'' || *p == '\\' ? "\\%c" : "%c", *p);
	fprintf(pc->f, "'\n_line = %d\n%s\n\n", line, text);
	pc->n++;
}

static const char preamble[] =
	"import sys\n"
	"import traceback\n"
	"def _hook(etype, value, tb):\n"
	"  sys.stderr.write('%s:%d: error in Python code\\n' % (_file, _line))\n"
	"  traceback.print_exception(etype, value, tb)\n"
	"sys.excepthook = _hook\n\n";

int
pdcode_run(struct pdcode *pc, char *msg, size_t cap)
{
	char path[] = "/tmp/tcpcraft-pd-XXXXXX";
	pid_t pid;
	int fd, st = -1;
	ssize_t w;

	if (pc->n == 0)
		return 0;
	fflush(pc->f);
	if ((fd = mkstemp(path)) < 0) {
		snprintf(msg, cap, "cannot write the python file");
		return 1;
	}
	w = write(fd, preamble, sizeof(preamble) - 1);
	if (w >= 0)
		w = write(fd, pc->buf, pc->len);
	close(fd);
	fflush(stdout);
	if (w >= 0 && (pid = fork()) == 0) {
		dup2(1, 2);	/* the traceback with the report */
		execlp("python3", "python3", path, (char *)NULL);
		_exit(127);
	}
	if (w >= 0 && pid > 0)
		while (waitpid(pid, &st, 0) < 0 && errno == EINTR)
			continue;
	unlink(path);
	if (WIFEXITED(st) && WEXITSTATUS(st) == 127) {
		snprintf(msg, cap, "%d %%{ }%% block%s skipped: no python3",
		    pc->n, pc->n == 1 ? "" : "s");
		return -1;
	}
	return st == 0 ? 0 : 1;
}
