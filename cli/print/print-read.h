/*
 * cli/print/print-read.h - the printers' bounds-checked readers: the codec's
 * (core/wire-read.h, a struct wrd over captured bytes) and the one more they
 * need, a 64-bit word for MPTCP keys, HMACs and data sequence numbers
 * (RFC 8684).  A read past the end of a region yields 0; printers ask
 * wrd_has() first where tcpdump would say "[|proto]".
 */
#ifndef TCPX_CLI_PRINT_READ_H
#define TCPX_CLI_PRINT_READ_H

#include <stdint.h>

#include "core/wire-read.h"

/* The big-endian 64-bit word at off, or 0 past the end. */
static inline uint64_t
wrd_be64(const struct wrd *r, size_t off)
{
	if (!wrd_has(r, off, 8))
		return (0);
	return ((uint64_t)wrd_be32(r, off) << 32 | wrd_be32(r, off + 4));
}

#endif
