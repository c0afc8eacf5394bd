/*
 * core/seq.h - wrap-safe comparisons of 32-bit sequence numbers
 * (RFC 9293 §3.4: arithmetic is modulo 2^32).
 */
#ifndef TCPX_CORE_SEQ_H
#define TCPX_CORE_SEQ_H

#include <stdint.h>

/* a < b in sequence space. */
static inline int
seq_lt(uint32_t a, uint32_t b)
{
	return ((int32_t)(a - b) < 0);
}

/* a <= b in sequence space. */
static inline int
seq_leq(uint32_t a, uint32_t b)
{
	return ((int32_t)(a - b) <= 0);
}

/* a > b in sequence space. */
static inline int
seq_gt(uint32_t a, uint32_t b)
{
	return ((int32_t)(a - b) > 0);
}

/* a >= b in sequence space. */
static inline int
seq_geq(uint32_t a, uint32_t b)
{
	return ((int32_t)(a - b) >= 0);
}

/* lo <= x < hi in sequence space (false when the range is empty). */
static inline int
seq_in(uint32_t x, uint32_t lo, uint32_t hi)
{
	return (x - lo < hi - lo);
}

#define SEQ_LT(a, b)	seq_lt((a), (b))
#define SEQ_LEQ(a, b)	seq_leq((a), (b))
#define SEQ_GT(a, b)	seq_gt((a), (b))
#define SEQ_GEQ(a, b)	seq_geq((a), (b))

#endif
