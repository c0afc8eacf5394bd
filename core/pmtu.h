/*
 * core/pmtu.h - what the engine learnt of path MTUs: a fixed-size cache
 * keyed by destination (RFC 1191 §5, RFC 8201 §5.2: "associate the PMTU
 * with the destination address"), each entry forgotten after a while so
 * that a larger MTU is tried again (RFC 1191 §6.3).  No allocation after
 * pmtu_new(); a colliding destination replaces the older entry.
 */
#ifndef TCPX_CORE_PMTU_H
#define TCPX_CORE_PMTU_H

#include <stdint.h>

#include "core/seg.h"

#define PMTU_SLOTS	1024	/* destinations remembered at once */

struct pmtu;

/* An empty cache, its slots chosen by a hash keyed with key. */
struct pmtu	*pmtu_new(uint64_t key);
void		 pmtu_free(struct pmtu *p);

/* The MTU learnt toward dst that still holds at now, or 0. */
uint16_t	 pmtu_get(const struct pmtu *p, const struct addr *dst,
		    uint64_t now);

/* Learn that the path to dst carries mtu bytes, until until. */
void		 pmtu_set(struct pmtu *p, const struct addr *dst, uint16_t mtu,
		    uint64_t until);

#endif
