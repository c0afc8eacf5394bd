/*
 * core/pdn-int.h - what the packetdrill-notation files share: a bounded
 * text appender and printers for flags, hex and single options, used both
 * to format segments and to explain pattern mismatches.
 */
#ifndef TCPX_CORE_PDN_INT_H
#define TCPX_CORE_PDN_INT_H

#include "core/pdn.h"

/* Text being written into p (len bytes); n counts what was wanted. */
struct pdn_buf {
	char	*p;
	size_t	 len;
	size_t	 n;
};

/* Start writing into p (len bytes). */
void	pdn_buf_init(struct pdn_buf *b, char *p, size_t len);

/* Append formatted text, truncating but always terminating. */
void	pdn_printf(struct pdn_buf *b, const char *fmt, ...)
	    __attribute__((format(printf, 2, 3)));

/* Append flags in packetdrill's order (F S R P . U E W A), "-" for none. */
void	pdn_fmt_flags(struct pdn_buf *b, uint16_t flags);

/* Append n bytes as lower-case hex digits. */
void	pdn_fmt_hex(struct pdn_buf *b, const uint8_t *d, size_t n);

/*
 * Append one option in notation: data holds its bytes (may be NULL: read
 * as zeros), any its PDN_ANY_* wildcards, and SACK blocks are printed
 * minus sack_base.
 */
void	pdn_fmt_opt(struct pdn_buf *b, const struct tcp_opt *o,
	    const uint8_t *data, uint16_t any, uint32_t sack_base);


#endif
