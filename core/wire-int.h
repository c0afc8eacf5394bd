/*
 * core/wire-int.h - functions the wire codec's files share (internal; the
 * public interface is core/wire.h).
 */
#ifndef TCPX_CORE_WIRE_INT_H
#define TCPX_CORE_WIRE_INT_H

#include "core/wire.h"
#include "core/wire-read.h"

/* Flags for wire_decode_l4(): what the captured transport bytes allow. */
#define WIRE_L4_COMPLETE	0x1	/* all of it per the IP length is here */
#define WIRE_L4_FRAG		0x2	/* a fragment (MF set or offset != 0) */
#define WIRE_L4_BUILT		0x4	/* its checksum is wire_build()'s own,
					   over these bytes (wire_decode_built) */

/* Set p->err from a format; returns -1. */
int	wire_errf(struct pkt *p, const char *fmt, ...)
	    __attribute__((format(printf, 2, 3)));

/* Decode an ARP packet (RFC 826) from r into p. */
int	wire_decode_arp(struct pkt *p, struct wrd r);

/*
 * Decode an IPv4 packet (RFC 791) and what it carries from r into p;
 * built: WIRE_L4_BUILT (wire_build() made it) or 0.
 */
int	wire_decode_ip4(struct pkt *p, struct wrd r, size_t wire, int built);

/*
 * Decode an IPv6 packet (RFC 8200) and what it carries from r into p;
 * built: WIRE_L4_BUILT (wire_build() made it) or 0.
 */
int	wire_decode_ip6(struct pkt *p, struct wrd r, size_t wire, int built);

/* Decode the transport layer proto from r (p->l4_len bytes on the wire). */
int	wire_decode_l4(struct pkt *p, uint8_t proto, struct wrd r, int how);

/* Decode an ICMP (RFC 792) or ICMPv6 (RFC 4443) message from r into p. */
int	wire_decode_icmp(struct pkt *p, struct wrd r, int how, int v6);

/*
 * Parse the TCP options in r (which starts base bytes into the TCP header)
 * into th; returns 0, or -1 with a reason in err (errlen bytes).
 */
int	wire_tcpopt_parse(struct tcp_hdr *th, struct wrd r, size_t base,
	    char *err, size_t errlen);

/* The final destination of an IPv6 packet: a routing header's, else dst. */
const uint8_t *wire_ip6_final_dst(const struct ip6_hdr *h);

/* The pseudo-header sum for p's network layer, upper protocol and length. */
uint32_t wire_pkt_pseudo(const struct pkt *p, uint8_t proto, size_t len);

/*
 * Judge the transport checksum stored in the bytes of r (all of the
 * transport message when how has WIRE_L4_COMPLETE), with a pseudo-header
 * for proto when pseudo is set.
 */
enum wire_cksum wire_cksum_judge(const struct pkt *p, const struct wrd *r,
	    uint8_t proto, uint16_t stored, int how, int pseudo);

#endif
