/* priv.c - the capabilities the shell needs, and what to say without them
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <linux/capability.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "errbuf.h"
#include "priv.h"

int
priv_missing(void)
{
	struct __user_cap_header_struct h;
	struct __user_cap_data_struct d[_LINUX_CAPABILITY_U32S_3];
	uint32_t eff;
	int missing = 0;

	memset(&h, 0, sizeof(h));
	memset(d, 0, sizeof(d));
	h.version = _LINUX_CAPABILITY_VERSION_3;
	/* no libcap for two bits; the raw call has been stable since 2.6.26 */
	if (syscall(SYS_capget, &h, d) != 0)
		return PRIV_NET_RAW | PRIV_NET_ADMIN;
	eff = d[0].effective;
	if (!(eff & (1u << CAP_NET_RAW)))
		missing |= PRIV_NET_RAW;
	if (!(eff & (1u << CAP_NET_ADMIN)))
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
