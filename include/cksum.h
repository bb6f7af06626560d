/* cksum.h - RFC 1071 Internet checksum */
#ifndef TC_CKSUM_H
#define TC_CKSUM_H

#include <stddef.h>
#include <stdint.h>

/* One's-complement sum of buf added to sum (not folded, not inverted);
 * an odd final byte is padded with zero as RFC 1071 says.  Chain calls only
 * on even-length pieces except the last. */
uint32_t	cksum_add(uint32_t sum, const uint8_t *buf, size_t len);
/* Folds carries into 16 bits (not inverted). */
uint16_t	cksum_fold(uint32_t sum);
/* ~fold(sum): the value that goes in a header. */
uint16_t	cksum_finish(uint32_t sum);
/* Sum of the IPv4 pseudo-header (addresses host order). */
uint32_t	cksum_pseudo4(uint32_t saddr, uint32_t daddr, uint8_t proto,
		    uint16_t len);
/* Checksum of a TCP segment (header+options+data) as it goes in th_sum;
 * the segment's own checksum field must be zero or the caller accounts
 * for it. */
uint16_t	cksum_tcp4(uint32_t saddr, uint32_t daddr, const uint8_t *tcp,
		    size_t len);

#endif
