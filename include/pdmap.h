/* pdmap.h - a packetdrill script's numbers <-> the live connection's
 *
 * Pure.  The script writes the kernel's sequence numbers as if its ISN
 * were the one in the script's SYN (usually 0); the remote's are written
 * as they go on the wire.  So an outbound segment's seq (and the SACK
 * blocks of an inbound one, and its ack) differ from the wire by the
 * kernel's ISN, learned from its SYN; the outbound ack and SACK blocks
 * need nothing.  Timestamps: an inbound TS ecr names a TS val the script
 * wrote on an earlier '>' line, and is sent as the live TS val seen on
 * that segment; outbound TS val is shown in the script's space, counted
 * from the first one seen.  All arithmetic is modulo 2^32.
 */
#ifndef TC_PDMAP_H
#define TC_PDMAP_H

#include <stdint.h>

#define PDMAP_NTS	64	/* script TS val -> live TS val, last seen */

struct pdmap {
	int		have_isn;
	uint32_t	isn_off;	/* live - script, kernel's seq space */
	int		have_ts;
	uint32_t	ts_script0, ts_live0;	/* the first TS val seen */
	int		nts, tsnext;
	struct { uint32_t script, live; } ts[PDMAP_NTS];
};

void	 pdmap_init(struct pdmap *m);
/* An outbound SYN with script seq sseq arrived with live seq lseq. */
void	 pdmap_learn_isn(struct pdmap *m, uint32_t sseq, uint32_t lseq);
/* Kernel's sequence space: live -> script (outbound seq) and script ->
 * live (inbound ack, inbound SACK edges). */
uint32_t pdmap_local_to_script(const struct pdmap *m, uint32_t live);
uint32_t pdmap_local_to_live(const struct pdmap *m, uint32_t script);
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
