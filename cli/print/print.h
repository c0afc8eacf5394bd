/*
 * cli/print/print.h - packet printers: one line per decoded packet exactly as
 * `tcpdump -n` (4.99) prints it without the timestamp, tcpdump's local-time
 * timestamp, and one JSON object per packet with every decoded field.
 *
 * A struct printer keeps what tcpdump keeps between packets: the initial
 * sequence numbers of each TCP conversation, so that seq/ack (and SACK
 * blocks) print relative to them unless it prints absolute numbers (tcpdump
 * -S).  Use one printer per packet stream.
 *
 * print_detail() writes every field of a packet, layer by layer, on many
 * lines, as Wireshark's packet details do.
 *
 * Every function writes a NUL-terminated string into the caller's buffer
 * and returns its length; output that does not fit is cut off (a buffer of
 * PRINT_LINE_MAX bytes always holds a whole line).
 */
#ifndef TCPX_CLI_PRINT_H
#define TCPX_CLI_PRINT_H

#include <stddef.h>
#include <stdint.h>
#include <sys/time.h>

#include "core/wire.h"

#define PRINT_LINE_MAX	2048	/* longest tcpdump-style line we produce */
#define PRINT_JSON_MAX	8192	/* longest JSON object we produce */
#define PRINT_TS_MAX	32
#define PRINT_DETAIL_MAX 32768	/* a whole detail block, payload dump included */

#define DETAIL_WS_UNKNOWN	(-2)

/*
 * What the caller knows of a TCP segment's connection, for print_detail():
 * the window shift of the segment's sender (RFC 7323: -1 when the
 * handshake did not negotiate scaling, DETAIL_WS_UNKNOWN when it was not
 * seen) and the two initial sequence numbers, for relative numbers.
 */
struct detail_ctx {
	unsigned long	 num;		/* the frame's number (0: none) */
	int		 wscale;
	int		 rel_seq;	/* seq_base holds the sender's ISN */
	int		 rel_ack;	/* ack_base holds the receiver's ISN */
	uint32_t	 seq_base;
	uint32_t	 ack_base;
};

struct printer;

/* A printer with no conversations seen yet; free with printer_free(). */
struct printer	*printer_new(void);

/* Free p and the conversation state it holds (NULL is fine). */
void		 printer_free(struct printer *p);

/* Forget every TCP conversation (as if starting a new capture). */
void		 printer_reset(struct printer *p);

/*
 * Print TCP sequence numbers absolute (as tcpdump -S) or, the default,
 * relative; conversations are followed either way.
 */
void		 printer_set_absolute(struct printer *p, int on);

/*
 * Format pkt as `tcpdump -n` would, without the timestamp, into buf of len
 * bytes.  A packet the decoder rejected (pkt->err set) prints as far as it
 * was decoded followed by " [tcpx: <err>]".
 */
size_t		 print_pkt(struct printer *p, const struct pkt *pkt, char *buf,
		    size_t len);

/* Format tv as tcpdump's default local time "HH:MM:SS.uuuuuu". */
size_t		 print_ts(const struct timeval *tv, char *buf, size_t len);

/* Format pkt (captured at tv, may be NULL) as one JSON object, no newline. */
size_t		 print_json(const struct pkt *pkt, const struct timeval *tv,
		    char *buf, size_t len);

/*
 * Format every field of pkt, layer by layer, one per line and indented,
 * into buf of len bytes (PRINT_DETAIL_MAX always suffices), without a
 * final newline.  frame is the pkt->caplen bytes it was decoded from
 * (dumped when decoding failed; NULL: not dumped); dc what is known of
 * its TCP connection (NULL: nothing).
 */
size_t		 print_detail(const struct pkt *pkt, const uint8_t *frame,
		    const struct detail_ctx *dc, char *buf, size_t len);

#endif
