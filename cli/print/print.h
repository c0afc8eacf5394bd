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
 * Every function writes a NUL-terminated string into the caller's buffer
 * and returns its length; output that does not fit is cut off (a buffer of
 * PRINT_LINE_MAX bytes always holds a whole line).
 */
#ifndef TCPX_CLI_PRINT_H
#define TCPX_CLI_PRINT_H

#include <stddef.h>
#include <sys/time.h>

#include "core/wire.h"

#define PRINT_LINE_MAX	2048	/* longest tcpdump-style line we produce */
#define PRINT_JSON_MAX	8192	/* longest JSON object we produce */
#define PRINT_TS_MAX	32

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

#endif
