/*
 * tests/fuzz/fuzzrd.h - the fuzzer's bytes read front to back, zeros once
 * they run out: what the structured targets (fuzz-engine, fuzz-session,
 * fuzz-tracker) decode their programs with.
 */
#ifndef TCPX_TESTS_FUZZ_FUZZRD_H
#define TCPX_TESTS_FUZZ_FUZZRD_H

#include <stddef.h>
#include <stdint.h>

struct rd {
	const uint8_t	*p;
	size_t		 n;
};

/* The next byte, or 0 at the end. */
static inline uint8_t
u8(struct rd *r)
{
	if (r->n == 0)
		return (0);
	r->n--;
	return (*r->p++);
}

/* The next two bytes, big-endian. */
static inline uint16_t
u16(struct rd *r)
{
	uint16_t	v = u8(r);

	return ((uint16_t)(v << 8 | u8(r)));
}

/* The next four bytes, big-endian. */
static inline uint32_t
u32(struct rd *r)
{
	uint32_t	v = u16(r);

	return (v << 16 | u16(r));
}

#endif
