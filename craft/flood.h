/*
 * craft/flood.h - the fast path for floods: SYN or RST segments built from one
 * template with varying source address (within a spoof range), port and
 * sequence number, checksums fixed per frame, sent in batches through a
 * packet socket's transmit ring (one system call for many frames;
 * craft/flood-tx.h), or from a thread per CPU (craft/flood-mt.h).
 */
#ifndef TCPX_CRAFT_FLOOD_H
#define TCPX_CRAFT_FLOOD_H

#include <stddef.h>
#include <stdint.h>

#include "core/seg.h"

#define FLOOD_BATCH	64	/* frames per flood_send() */

struct flood;

/*
 * A flood of segments with flags (TH_SYN, with an MSS option, or TH_RST)
 * from src (a range lo-hi of IPv4 addresses when spoofing: lo and hi
 * given, family 4) to dst:port, with Ethernet header smac -> dmac.  seed
 * makes the sequence of frames reproducible.
 */
struct flood	*flood_new(uint16_t flags, const struct addr *lo,
		    const struct addr *hi, const struct addr *dst, uint16_t port,
		    const uint8_t smac[6], const uint8_t dmac[6], uint64_t seed,
		    char **cause);
void		 flood_free(struct flood *);

/* Build frame number i into buf (cap bytes); its length, or 0. */
size_t		 flood_frame(const struct flood *, uint64_t i, uint8_t *buf,
		    size_t cap);

/*
 * Open a sender (a packet socket) on ifname for flood_send; 0, or -1 with
 * *cause (malloc'd) naming the interface or the missing capability.
 */
int		 flood_open(struct flood *, const char *ifname, char **cause);

/* Send frames first .. first+n-1 (n <= FLOOD_BATCH); how many went, or -1. */
int		 flood_send(struct flood *, uint64_t first, int n, char **cause);

#endif
