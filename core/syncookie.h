/*
 * core/syncookie.h - SYN cookies: a listener whose SYN queue is full (or
 * always, as Linux's net.ipv4.tcp_syncookies 0/1/2) answers a SYN without
 * keeping state, encoding what it must remember into its ISN, and rebuilds
 * the connection from the ACK that returns it (RFC 4987 §3.6).  The layout
 * follows Linux's idea: a keyed hash of the 4-tuple and the peer's ISN, a
 * 64-second counter, and an index into a small table of MSS values.
 * Pure: the secret and the time are parameters.
 */
#ifndef TCPX_CORE_SYNCOOKIE_H
#define TCPX_CORE_SYNCOOKIE_H

#include <stdint.h>

#include "core/seg.h"

#define SYNCOOKIE_PERIOD	(64ULL * 1000000ULL)	/* µs per counter tick */
#define SYNCOOKIE_MAXAGE	2			/* ticks a cookie stays valid */

/*
 * The ISN to send in the SYN-ACK for a SYN from r to l with sequence number
 * peer_isn and MSS option mss (0: none), at time now.  *mss_used is the
 * largest table MSS not above mss: what the connection will use.
 */
uint32_t	syncookie_make(const uint64_t key[2], const struct endpoint *l,
		    const struct endpoint *r, uint32_t peer_isn, uint16_t mss,
		    uint64_t now, uint16_t *mss_used);

/*
 * Check the cookie an ACK returns (SEG.ACK - 1) for a SYN whose sequence
 * number was peer_isn (SEG.SEQ - 1).  Returns the encoded MSS, or 0 when
 * the cookie is forged or older than SYNCOOKIE_MAXAGE ticks.
 */
uint16_t	syncookie_check(const uint64_t key[2], const struct endpoint *l,
		    const struct endpoint *r, uint32_t peer_isn, uint32_t cookie,
		    uint64_t now);

/* The keyed hash both use: SipHash-2-4 of the bytes under key. */
uint64_t	siphash24(const uint64_t key[2], const uint8_t *in, size_t len);

#endif
