/* priv.c - the capabilities the shell needs, and what to say without them
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * No libcap for a few bits: the raw capget/capset calls have been stable
 * since 2.6.26.  Capabilities are per thread; tcpcraft's one extra thread
 * (backend_lo.c) starts at exit, after the last priv_lower.
 */
#include <sys/prctl.h>
#include <linux/capability.h>
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "errbuf.h"
#include "priv.h"

/* A process property, decided once by priv_init: kept here rather than
 * in the session, since a child forked by any module must drop. */
static int	confined;
static int	raised;		/* priv_raise calls not yet lowered */

static int
cap_get(struct __user_cap_data_struct d[_LINUX_CAPABILITY_U32S_3])
{
	struct __user_cap_header_struct h;

	memset(&h, 0, sizeof(h));
	memset(d, 0, sizeof(*d) * _LINUX_CAPABILITY_U32S_3);
	h.version = _LINUX_CAPABILITY_VERSION_3;
	return (int)syscall(SYS_capget, &h, d);
}

static int
cap_set(struct __user_cap_data_struct d[_LINUX_CAPABILITY_U32S_3])
{
	struct __user_cap_header_struct h;

	memset(&h, 0, sizeof(h));
	h.version = _LINUX_CAPABILITY_VERSION_3;
	return (int)syscall(SYS_capset, &h, d);
}

static uint32_t
mask_bits(int mask)
{
	return ((mask & PRIV_NET_RAW) ? 1u << CAP_NET_RAW : 0) |
	    ((mask & PRIV_NET_ADMIN) ? 1u << CAP_NET_ADMIN : 0);
}

/* Keeps only our two capabilities, and those only permitted: the
 * effective set (a file granted +ep) and inheritable set emptied. */
static int
keep_permitted(void)
{
	struct __user_cap_data_struct d[_LINUX_CAPABILITY_U32S_3];
	int i;

	if (cap_get(d) != 0)
		return -1;
	d[0].permitted &= mask_bits(PRIV_NET_RAW | PRIV_NET_ADMIN);
	for (i = 1; i < _LINUX_CAPABILITY_U32S_3; i++)
		d[i].permitted = 0;
	for (i = 0; i < _LINUX_CAPABILITY_U32S_3; i++)
		d[i].effective = d[i].inheritable = 0;
	return cap_set(d);
}

int
priv_init(struct errbuf *e)
{
	struct __user_cap_data_struct d[_LINUX_CAPABILITY_U32S_3];
	uid_t ruid = getuid();

	if (ruid == 0)
		return 0;	/* root: today's behaviour, all of it */
	/* set-user-ID root would hand the user every capability and
	 * root's files: the capable binary is made with setcap */
	if (geteuid() == 0 || geteuid() != ruid || getegid() != getgid())
		return err_set(e, 0, "set-user-ID or set-group-ID: not "
		    "supported, grant capabilities with setcap instead (make "
		    "setcap)");
	if (cap_get(d) != 0 ||
	    !(d[0].permitted & mask_bits(PRIV_NET_RAW | PRIV_NET_ADMIN)))
		return 0;	/* an ordinary user without them */
	confined = 1;
	if (keep_permitted() != 0 ||
	    prctl(PR_CAP_AMBIENT, PR_CAP_AMBIENT_CLEAR_ALL, 0, 0, 0) != 0)
		return err_set(e, 0, "cannot empty the effective capability "
		    "set");
	return 0;
}

int
priv_confined(void)
{
	return confined;
}

/* add: the bits joined to what is effective (a raise inside a raise
 * keeps the outer one's); else the effective set becomes bits. */
static void
set_effective(uint32_t bits, int add)
{
	struct __user_cap_data_struct d[_LINUX_CAPABILITY_U32S_3];
	int saved = errno;	/* the call raised for may be asked why */

	if (cap_get(d) == 0) {
		d[0].effective = ((add ? d[0].effective : 0) | bits) &
		    d[0].permitted;
		(void)cap_set(d);
	}
	errno = saved;
}

void
priv_raise(int mask)
{
	if (!confined)
		return;
	raised++;
	set_effective(mask_bits(mask), 1);
}

void
priv_lower(void)
{
	if (!confined)
		return;
	if (raised > 0)
		raised--;
	if (raised == 0)
		set_effective(0, 0);
}

void
priv_child(void)
{
	struct __user_cap_data_struct d[_LINUX_CAPABILITY_U32S_3];

	if (!confined)
		return;
	/* an empty permitted set cannot be refilled, and with
	 * no_new_privs an exec cannot fill it from a file either */
	memset(d, 0, sizeof(d));
	if (cap_set(d) != 0 ||
	    prctl(PR_CAP_AMBIENT, PR_CAP_AMBIENT_CLEAR_ALL, 0, 0, 0) != 0 ||
	    prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) != 0)
		_exit(127);	/* never run anything holding them */
}

int
priv_missing(void)
{
	struct __user_cap_data_struct d[_LINUX_CAPABILITY_U32S_3];
	uint32_t have;
	int missing = 0;

	if (cap_get(d) != 0)
		return PRIV_NET_RAW | PRIV_NET_ADMIN;
	have = confined ? d[0].permitted : d[0].effective;
	if (!(have & (1u << CAP_NET_RAW)))
		missing |= PRIV_NET_RAW;
	if (!(have & (1u << CAP_NET_ADMIN)))
		missing |= PRIV_NET_ADMIN;
	return missing;
}

const char *
priv_names(int missing)
{
	switch (missing & (PRIV_NET_RAW | PRIV_NET_ADMIN)) {
	case PRIV_NET_RAW:
		return "CAP_NET_RAW";
	case PRIV_NET_ADMIN:
		return "CAP_NET_ADMIN";
	case PRIV_NET_RAW | PRIV_NET_ADMIN:
		return "CAP_NET_RAW and CAP_NET_ADMIN";
	}
	return "nothing";
}

int
priv_check(struct errbuf *e)
{
	char exe[512];
	ssize_t n;
	int missing;

	if ((missing = priv_missing()) == 0)
		return 0;
	/* the setcap line names this very binary, so it can be pasted */
	if ((n = readlink("/proc/self/exe", exe, sizeof(exe) - 1)) <= 0)
		snprintf(exe, sizeof(exe), "./tcpcraft");
	else
		exe[n] = '\0';
	return err_set(e, 0, "missing %s (%s): run as root, or grant them "
	    "once with sudo make setcap (setcap cap_net_raw,cap_net_admin+ep "
	    "%s)", priv_names(missing), missing == PRIV_NET_RAW ?
	    "raw socket, capture" : missing == PRIV_NET_ADMIN ?
	    "kernel-RST guard, packet mark" : "raw socket, capture, guard",
	    exe);
}
