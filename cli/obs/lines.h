/*
 * cli/obs/lines.h - the session's printed lines, a subscriber of the event
 * stream: one tcpdump-style (or packetdrill-notation) line per frame, a
 * `*` line per engine event, step mode's held segments and what faults
 * did, data received, and the runtime's notes and errors.
 */
#ifndef TCPX_CLI_OBS_LINES_H
#define TCPX_CLI_OBS_LINES_H

struct lines;
struct seg;
struct session;

/* How much prints (set lines): everything, events only (-q), or neither. */
enum lines_level {
	LINES_ALL,	/* packet lines, data, engine events */
	LINES_EVENTS,	/* engine events: no packet or data lines (-q) */
	LINES_NONE,	/* none of them: errors and commands' output only */
};

/*
 * A printer of the events of s, subscribed to its bus (quiet: no packet
 * or data lines; verbose: also the kernels' IPv6 chatter); free with
 * lines_free().
 */
struct lines	*lines_new(struct session *s, int quiet, int verbose);

/* Unsubscribe and free (NULL is fine). */
void		 lines_free(struct lines *l);

/* Lines left out so far: more than HUSH_BURST of a kind in a second. */
unsigned long	 lines_left_out(const struct lines *l);

/* How segments print: 0 as tcpdump does, 1 in packetdrill notation. */
void		 lines_set_notation(struct lines *l, int packetdrill);
int		 lines_notation(const struct lines *l);

/* How much prints: packets and events, events only, or neither. */
void		 lines_set_level(struct lines *l, enum lines_level level);
enum lines_level lines_level(const struct lines *l);

/* The level named name ("all", "events", "none"), or -1; and its name. */
int		 lines_level_find(const char *name);
const char	*lines_level_name(enum lines_level level);

/* Print held segment seg (#num, dir '>' or '<') as it would go on the wire. */
void		 lines_held(struct lines *l, char dir, unsigned num,
		    const struct seg *seg);

#endif
