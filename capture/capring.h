/*
 * capture/capring.h - the kernel's ring of a live capture, as libpcap
 * mapped it (TPACKET), touched ahead for writing in idle moments.  In a
 * virtual machine that shadows the guest's page tables, the first write
 * to each page of the mapping traps to the hypervisor (some 6-11 µs, and
 * no page fault the guest counts): libpcap writes every frame's status
 * word back, so the first pass through the ring (libpcap maps 42 MB for
 * the 32 MB tcpx asks: the first ~20,000 frames, 20 MB of a bulk receive)
 * cost 60-90 ms.
 */
#ifndef TCPX_CAPTURE_CAPRING_H
#define TCPX_CAPTURE_CAPRING_H

#include <stddef.h>
#include <stdint.h>

struct capring {
	uint8_t		*base;		/* the mapping, or NULL: none found */
	size_t		 len;
	size_t		 warm;		/* bytes from base touched so far */
};

/*
 * Find the mapping of packet socket fd's ring in this process (the
 * mapping /proc/self/maps names "socket:[INODE]"); r is left empty when
 * there is none (libpcap reads without a ring).
 */
void	capring_find(struct capring *r, int fd);

/*
 * Touch the next n bytes of the ring for writing, a page at a time
 * (bigmem_touch: the kernel's writes to the same words, before or after,
 * are never lost).  Returns the bytes still untouched (0: all of it, or
 * no ring).
 */
size_t	capring_warm(struct capring *r, size_t n);

#endif
