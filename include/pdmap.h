/* pdmap.h - a packetdrill script's numbers <-> the live connection's
 *
 * Pure.  As packetdrill numbers them: a SYN's sequence number is
 * written as its sender's ISN (the kernel's: any value, mapped to the
 * live ISN learned from the SYN; the remote's: as written, and sent as
 * written); every other number is relative to that ISN: seq 1 is ISN+1
 * on the wire, whatever the script wrote in the SYN.  So the kernel's
 * numbers (outbound seq; inbound ack and SACK edges) map through the
 * live ISN, the remote's (inbound seq; outbound ack and SACK edges)
 * through the remote's ISN.  Timestamps: an inbound TS ecr names a TS
 * val the script wrote on an earlier '>' line, and is sent as the live
 * TS val seen on that segment; outbound TS val is shown in the script's
 * space, counted from the first one seen.  All arithmetic is modulo
 * 2^32; before a SYN is seen the ISNs are 0 (numbers as on the wire).
 */
#ifndef TC_PDMAP_H
#define TC_PDMAP_H

#include <stdint.h>

#define PDMAP_NTS	64	/* script TS val -> live TS val, last seen */

struct pdmap {
	uint32_t	script_isn, live_isn;	/* the kernel's */
	uint32_t	remote_isn;		/* the remote's */
	int		have_ts;
	uint32_t	ts_script0, ts_live0;	/* the first TS val seen */
	int		nts, tsnext;
	struct { uint32_t script, live; } ts[PDMAP_NTS];
};

void	 pdmap_init(struct pdmap *m);
/* An outbound SYN with script seq sseq arrived with live seq lseq. */
void	 pdmap_learn_isn(struct pdmap *m, uint32_t sseq, uint32_t lseq);
/* An inbound SYN with seq seq was sent. */
void	 pdmap_remote_isn(struct pdmap *m, uint32_t seq);
/* The kernel's sequence space, on a segment that is a SYN (syn) or not:
 * live -> script (outbound seq) and script -> live (inbound ack, inbound
 * SACK edges). */
uint32_t pdmap_local_to_script(const struct pdmap *m, uint32_t live,
	    int syn);
uint32_t pdmap_local_to_live(const struct pdmap *m, uint32_t script,
	    int syn);
/* The remote's: script -> live (inbound seq), live -> script (outbound
 * ack and SACK edges). */
uint32_t pdmap_remote_to_live(const struct pdmap *m, uint32_t script,
	    int syn);
uint32_t pdmap_remote_to_script(const struct pdmap *m, uint32_t live,
	    int syn);
/* An outbound segment's TS val: remembers script -> live and returns the
 * live value in the script's space (for the comparison). */
uint32_t pdmap_ts_out(struct pdmap *m, uint32_t script_val,
	    uint32_t live_val);
/* An inbound TS ecr: the live TS val written as script_ecr on a '>'
 * line; 0 with *live set, or -1 when no '>' line showed that value
 * (0 is sent as 0: "no echo"). */
int	 pdmap_ts_in(const struct pdmap *m, uint32_t script_ecr,
	    uint32_t *live);

#endif
