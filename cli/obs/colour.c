/*
 * cli/obs/colour.c - colour for the packet and state lines on a terminal:
 * SYN green, FIN yellow, RST red, pure ACK dim, retransmissions magenta,
 * state changes cyan.  Off when NO_COLOR is set to anything non-empty
 * (https://no-color.org), when TERM is dumb, or when stdout is not a
 * terminal, so pipes, files and the tests see plain lines.
 */
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli/obs/colour.h"

#define C_SYN		"\033[32m"	/* green */
#define C_FIN		"\033[33m"	/* yellow */
#define C_RST		"\033[1;31m"	/* bold red */
#define C_ACK		"\033[2m"	/* dim */
#define C_REXMIT	"\033[35m"	/* magenta */
#define C_STATE		"\033[36m"	/* cyan */

static int	 colour_cached = -1;

/* Whether stdout gets colour: a terminal, TERM not dumb, NO_COLOR unset or empty. */
int
colour_on(void)
{
	const char	*e;

	if (colour_cached == -1) {
		colour_cached = isatty(STDOUT_FILENO);
		if ((e = getenv("NO_COLOR")) != NULL && *e != '\0')
			colour_cached = 0;
		if ((e = getenv("TERM")) == NULL || strcmp(e, "dumb") == 0)
			colour_cached = 0;
	}
	return (colour_cached);
}

/* The escape sequence that starts a packet line for p, or "". */
const char *
colour_pkt(const struct pkt *p, int retransmit)
{
	uint16_t	f;

	if (!colour_on() || !(p->layers & PKT_TCP))
		return ("");
	f = p->tcp.flags;
	if (f & TH_RST)
		return (C_RST);
	if (retransmit)
		return (C_REXMIT);
	if (f & TH_SYN)
		return (C_SYN);
	if (f & TH_FIN)
		return (C_FIN);
	if (f == TH_ACK && p->payload_wire == 0)
		return (C_ACK);
	return ("");
}

/* The escape sequence that starts a `*` line of a state change, or "". */
const char *
colour_state(void)
{
	return (colour_on() ? C_STATE : "");
}

/* The escape sequence that starts a `*` note of a retransmission, or "". */
const char *
colour_rexmit(void)
{
	return (colour_on() ? C_REXMIT : "");
}

/* The sequence that ends a coloured line started with start. */
const char *
colour_end(const char *start)
{
	return (*start != '\0' ? COLOUR_RESET : "");
}
