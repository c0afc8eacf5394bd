/*
 * cli/obs/colour.h - colour for the packet and state lines on a terminal:
 * SYN, FIN, RST, pure ACKs and retransmissions each look different; no
 * colour when NO_COLOR is set or output is not a terminal.
 */
#ifndef TCPX_CLI_OBS_COLOUR_H
#define TCPX_CLI_OBS_COLOUR_H

#include "core/wire.h"

#define COLOUR_RESET	"\033[0m"

/* Whether stdout gets colour: a terminal, TERM not dumb, NO_COLOR unset or empty. */
int		 colour_on(void);

/*
 * The escape sequence that starts a packet line for p (retransmit: the
 * engine said this segment is a resend), or "" for plain; "" when colour
 * is off.
 */
const char	*colour_pkt(const struct pkt *p, int retransmit);

/* The escape sequence that starts a `*` line of a state change, or "". */
const char	*colour_state(void);

/* The escape sequence that starts a `*` note of a retransmission, or "". */
const char	*colour_rexmit(void);

/* The sequence that ends a coloured line: COLOUR_RESET when start is not "". */
const char	*colour_end(const char *start);

#endif
