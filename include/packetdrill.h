/* packetdrill.h - tcpcraft --packetdrill FILE.pkt...: the command
 *
 * Reads each script (a syntax error or an unsupported construct: exit
 * 2, named with its line), runs it in a child of its own in a fresh
 * namespace (pdrun.c, backend_tun.c), and reports per file, or as TAP
 * with --tap.  Exit 0 when every script passed, 1 when one failed, 2
 * when one could not be run as written.
 */
#ifndef TC_PACKETDRILL_H
#define TC_PACKETDRILL_H

/* Whether argv asks for --packetdrill. */
int	packetdrill_wanted(int argc, char **argv);
/* The whole command; its exit status. */
int	packetdrill_main(int argc, char **argv);

#endif
