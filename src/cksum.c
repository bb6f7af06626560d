/* cksum.c - RFC 1071 Internet checksum
 *
 * Sums are kept unfolded in 32 bits and folded only at the end, except that
 * cksum_add folds whenever the running sum reaches 2^31, so neither a long
 * buffer nor a long chain of calls can overflow.
 */
#include <stddef.h>
#include <stdint.h>

#include "cksum.h"

uint32_t
cksum_add(uint32_t sum, const uint8_t *buf, size_t len)
{
	size_t i;

	/* Folding before each add, not after, also covers a caller's sum
	 * that arrives already near the top. */
	for (i = 0; i + 1 < len; i += 2) {
		if (sum & 0x80000000u)
			sum = (sum & 0xffff) + (sum >> 16);
		sum += (uint32_t)buf[i] << 8 | buf[i + 1];
	}
	if (len & 1) {
		if (sum & 0x80000000u)
			sum = (sum & 0xffff) + (sum >> 16);
		sum += (uint32_t)buf[len - 1] << 8;
	}
	return sum;
}

uint16_t
cksum_fold(uint32_t sum)
{
	while (sum >> 16)
		sum = (sum & 0xffff) + (sum >> 16);
	return (uint16_t)sum;
}

uint16_t
cksum_finish(uint32_t sum)
{
	return (uint16_t)~cksum_fold(sum);
}

uint32_t
cksum_pseudo4(uint32_t saddr, uint32_t daddr, uint8_t proto, uint16_t len)
{
	return (saddr >> 16) + (saddr & 0xffff) + (daddr >> 16) +
	    (daddr & 0xffff) + proto + len;
}

uint16_t
cksum_tcp4(uint32_t saddr, uint32_t daddr, const uint8_t *tcp, size_t len)
{
	uint32_t sum;

	/* The pseudo-header length field is 16 bits; a longer segment cannot
	 * be an IPv4 one, so the truncation only matters for nonsense input. */
	sum = cksum_pseudo4(saddr, daddr, 6, (uint16_t)len);
	return cksum_finish(cksum_add(sum, tcp, len));
}
