/* starthandles.c - the minimal C start with handles open: libnet_init
 * (raw IPv4) and an activated immediate-mode pcap handle on lo, then exit.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#include <stdio.h>

#include <libnet.h>
#include <pcap/pcap.h>

int
main(void)
{
	char err[LIBNET_ERRBUF_SIZE], perr[PCAP_ERRBUF_SIZE];
	libnet_t *l;
	pcap_t *p;

	if ((l = libnet_init(LIBNET_RAW4, NULL, err)) == NULL)
		return 1;
	if ((p = pcap_create("lo", perr)) == NULL)
		return 1;
	pcap_set_immediate_mode(p, 1);
	if (pcap_activate(p) < 0)
		return 1;
	pcap_close(p);
	libnet_destroy(l);
	return 0;
}
