/*
 * core/seg.h - a TCP segment as the engine sees it: addresses, the parsed
 * TCP header with its options, and the payload.  Converted to and from the
 * codec's struct pkt; the engine never touches raw bytes.
 */
#ifndef TCPX_CORE_SEG_H
#define TCPX_CORE_SEG_H

#include <string.h>

#include "core/wire.h"

#define SEG_ERRLEN	48	/* enough for endpoint_parse's messages */

/* An IPv4 (family 4, first 4 bytes of a) or IPv6 (family 6) address. */
struct addr {
	uint8_t		family;
	uint8_t		a[16];
};

/* An address and port. */
struct endpoint {
	struct addr	addr;
	uint16_t	port;
};

/*
 * A segment, datagram or ICMP message as the stack sees it.  proto is 0 or
 * IPPROTO_TCP_ for TCP (th is the header), IPPROTO_UDP_ for UDP (only
 * th.sport and th.dport are used), IPPROTO_ICMP_/IPPROTO_ICMPV6_ for an ICMP
 * error (icmp_type, icmp_code; data is the quoted packet).
 */
struct seg {
	uint8_t		proto;
	uint8_t		icmp_type;
	uint8_t		icmp_code;
	struct addr	src;
	struct addr	dst;
	uint8_t		ttl;		/* IPv4 TTL or IPv6 hop limit; 0 means default (64) */
	uint8_t		tos;		/* IPv4 TOS or IPv6 traffic class */
	struct tcp_hdr	th;		/* ports, seq, ack, flags, window, options */
	uint32_t	icmp_info;	/* ICMP error: the 4 bytes after the checksum (MTU...) */
	struct icmp_quote quote;	/* ICMP error: what it says of the packet it quotes */
	const uint8_t	*data;		/* payload, borrowed */
	size_t		len;
};

/* Fill s from a decoded TCP or UDP packet; -1 if p holds neither or is cut short (ip_missing). */
int	seg_from_pkt(struct seg *s, const struct pkt *p);

/*
 * Fill s from a decoded ICMP or ICMPv6 error that quotes a TCP or UDP
 * packet (RFC 792, RFC 4443 §3); returns 0, or -1 for anything else.
 */
int	seg_from_icmp(struct seg *s, const struct pkt *p);

/*
 * Fill p with the IP and TCP, UDP or ICMP layers for s, and an Ethernet
 * header from smac to dmac when both are given (else a raw IP packet),
 * ready for wire_build().
 */
void	seg_to_pkt(const struct seg *s, struct pkt *p, const uint8_t *smac,
	    const uint8_t *dmac);

/*
 * Copy s into dst as an assignment would, but of its TCP options only the
 * n_opt in use (wire_tcphdr_copy): a segment is 2 kB, nearly all of it
 * room for options.
 */
void	seg_copy(struct seg *dst, const struct seg *s);

/*
 * Zero s but for its TCP option slots: n_opt is 0, so none is in use and
 * nothing reads them (wire_tcpopt_add() fills each it appends, seg_copy()
 * copies the ones in use).  For a segment built from nothing on the data
 * path; memset() the whole of one that may be copied by assignment.
 */
void	seg_clear(struct seg *s);

/* Sequence space length of s: payload plus one for each of SYN and FIN. */
uint32_t seg_seqlen(const struct seg *s);

/* Whether a is a multicast or the limited broadcast address. */
int	addr_is_group(const struct addr *a);

/* Whether two addresses are equal (inline: every lookup by address calls it). */
static inline int
addr_eq(const struct addr *a, const struct addr *b)
{
	if (a->family != b->family)
		return (0);
	if (a->family == 4)
		return (a->a[0] == b->a[0] && a->a[1] == b->a[1] &&
		    a->a[2] == b->a[2] && a->a[3] == b->a[3]);
	return (memcmp(a->a, b->a, 16) == 0);
}

/* Parse "1.2.3.4" or "fd00::1" into a; returns 0 or -1. */
int	addr_parse(struct addr *a, const char *s);

/* Format a as text into buf (at least 46 bytes); returns buf. */
char	*addr_fmt(const struct addr *a, char *buf, size_t len);

/*
 * Parse "HOST:PORT", "[V6]:PORT" into e; returns 0, or -1 with a reason
 * in err (errlen bytes; SEG_ERRLEN is enough).
 */
int	endpoint_parse(struct endpoint *e, const char *s, char *err,
	    size_t errlen);

#endif
