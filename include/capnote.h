/* capnote.h - the comment a pcapng capture carries on each packet: the
 * command that sent it (and FILE:LINE in a script), or who sent it */
#ifndef TC_CAPNOTE_H
#define TC_CAPNOTE_H

struct session;
struct pkt_rec;
struct obs_ops;

/* Writes r to the session's capture with its comment (the capture's
 * catch-up when it starts). */
void	capnote_write(struct session *s, const struct pkt_rec *r);

/* The observer (obs.h): what sends, each segment to the capture, the
 * file closed at the end. */
extern const struct obs_ops capnote_obs;

#endif
