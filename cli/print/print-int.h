/*
 * cli/print/print-int.h - what the printer's files share: an append-only line
 * builder with fast number and address formatting, the printer object's
 * insides, and the per-protocol entry points.
 *
 * Calls go one way: print.c (link and network layers) calls the transport
 * printers, print-tcp.c calls print-tcpopt.c, and all of them call down
 * into print-pkt.c (what they ask of a decoded packet) and print-buf.c.
 * Packet bytes are read only through the struct wrd readers of
 * print-read.h.
 */
#ifndef TCPX_CLI_PRINT_INT_H
#define TCPX_CLI_PRINT_INT_H

#include <stddef.h>
#include <stdint.h>

#include "cli/print/print-read.h"
#include "core/wire.h"

/*
 * A line being built in a caller's buffer.  Appends past the end are
 * dropped but counted in len, so the result is always terminated and
 * truncation is visible as len >= cap.
 */
struct pbuf {
	char	*b;
	size_t	 len;
	size_t	 cap;		/* usable bytes, one less than the buffer */
};

/* One TCP conversation's initial sequence numbers (tcpdump's tcp_seq_hash). */
struct seqent {
	struct seqent	*next;
	uint8_t		 family;
	uint8_t		 src[16];
	uint8_t		 dst[16];
	uint32_t	 ports;		/* sport << 16 | dport of the canonical side */
	uint32_t	 seq;
	uint32_t	 ack;
};

struct printer {
	struct seqent	**tab;
	size_t		  nbuckets;
	size_t		  nents;
	int		  absolute;	/* tcpdump -S */
};

/* print-buf.c: the line builder. */
void	pb_init(struct pbuf *, char *, size_t);
size_t	pb_done(struct pbuf *);
void	pb_str(struct pbuf *, const char *);
void	pb_mem(struct pbuf *, const char *, size_t);
void	pb_chr(struct pbuf *, char);
void	pb_u32(struct pbuf *, uint32_t);
void	pb_u64(struct pbuf *, uint64_t);
void	pb_hex(struct pbuf *, uint64_t);
void	pb_hexbytes(struct pbuf *, const struct wrd *);
void	pb_hex02(struct pbuf *, uint8_t);
void	pb_ip4(struct pbuf *, const uint8_t *);
void	pb_ip6(struct pbuf *, const uint8_t *);
void	pb_addr(struct pbuf *, int, const uint8_t *);
void	pb_mac(struct pbuf *, const uint8_t *);
void	pb_printf(struct pbuf *, const char *, ...)
	    __attribute__((format(printf, 2, 3)));

/*
 * print-pkt.c: the network layer of p as family 4 or 6 (0 if none), its addresses, and the captured bytes
 * from the transport header on.
 */
int	pkt_family(const struct pkt *);
const uint8_t *pkt_src(const struct pkt *);
const uint8_t *pkt_dst(const struct pkt *);
struct wrd pkt_l4_wrd(const struct pkt *);

/*
 * print-pkt.c: append "src.sport > dst.dport: " or, after IPv6 extension
 * headers, "sport > dport: ".
 */
void	print_ports(struct pbuf *, const struct pkt *, uint16_t, uint16_t);

/* The transport printers: each appends from the transport header on. */
void	print_tcp(struct printer *, struct pbuf *, const struct pkt *, int);
void	print_icmp(struct pbuf *, const struct pkt *);
void	print_icmp6(struct pbuf *, const struct pkt *);

/*
 * print-tcpopt.c: append the TCP option list "options [...]" from the
 * captured (or, for a built packet, encoded) option bytes.
 */
int	print_tcp_options(struct pbuf *, const struct pkt *, uint32_t,
	    uint32_t, int, uint32_t);

/*
 * print-field.c, for the detail printers: "NAME (N)" of an IP protocol;
 * bytes of r as "xx xx"; a checksum's value and verdict to the line end;
 * a tcpdump -X style dump of at most DETAIL_DUMP_MAX bytes.
 * print-detail-tcp.c: the TCP header's fields.
 */
#define DETAIL_DUMP_MAX	512
struct detail_ctx;
const char *dt_proto_name(uint8_t);
void	dt_proto(struct pbuf *, uint8_t);
void	dt_bytes(struct pbuf *, const struct wrd *, size_t, size_t);
void	dt_cksum(struct pbuf *, const struct pkt *, unsigned, uint16_t,
	    enum wire_cksum);
void	dt_hexdump(struct pbuf *, int, const struct wrd *, size_t);
void	dt_tcp(struct pbuf *, const struct pkt *, const struct detail_ctx *);

#endif
