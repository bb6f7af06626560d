/* capnote.h - the comment a pcapng capture carries on each packet: the
 * command that sent it (and FILE:LINE in a script), or who sent it */
#ifndef TC_CAPNOTE_H
#define TC_CAPNOTE_H

struct session;
struct pkt_rec;

/* Remembers the command now running (up to its ';' or '#'). */
void	capnote_set_cmd(struct session *s, const char *text);
/* Writes r to the session's capture with its comment. */
void	capnote_write(struct session *s, const struct pkt_rec *r);

#endif
