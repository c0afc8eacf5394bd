/*
 * capture/neigh.h - ARP (RFC 826) and IPv6 neighbour discovery (RFC 4861)
 * for the addresses tcpx owns: answers requests for them and resolves peers'
 * MAC addresses.  Sans-IO: frames in, frames out, `now` as a parameter.
 */
#ifndef TCPX_CAPTURE_NEIGH_H
#define TCPX_CAPTURE_NEIGH_H

#include <stddef.h>
#include <stdint.h>

#include "core/seg.h"

struct neigh;

/* A neighbour table for a host with MAC mac owning my4 and/or my6 (either may be NULL). */
struct neigh	*neigh_new(const uint8_t mac[6], const struct addr *my4,
		    const struct addr *my6);
void		 neigh_free(struct neigh *n);

/*
 * With on, leave answering for our addresses to the kernel (tcpx -i shares
 * the host's address): still learn peers and resolve them from our address.
 */
void		 neigh_set_passive(struct neigh *n, int on);

/*
 * Take an inbound decoded frame: learn sender mappings from ARP and ND,
 * and when it asks for one of our addresses write the reply frame into out
 * (cap bytes).  Returns the reply's length, or 0 when there is nothing to send.
 */
size_t		 neigh_input(struct neigh *n, const struct pkt *p, uint8_t *out,
		    size_t cap, uint64_t now_us);

/* Whether p is for neigh_input(): ARP, or ICMPv6 informational (ND). */
int		 neigh_wants(const struct pkt *p);

/* Copy the MAC for a into mac; returns 0, or -1 when it is not known yet. */
int		 neigh_lookup(const struct neigh *n, const struct addr *a,
		    uint8_t mac[6]);

/*
 * Write an ARP request or neighbour solicitation for a into out; returns
 * its length (0 on error).
 */
size_t		 neigh_request(const struct neigh *n, const struct addr *a,
		    uint8_t *out, size_t cap);

#endif
