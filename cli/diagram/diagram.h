/*
 * cli/diagram/diagram.h - the sequence diagram ("ladder") of TCP conversations:
 * a model fed with captured segments, a pure layout that turns it into
 * rows of fixed-width cells, and a plain-text rendering of those rows
 * (DESIGN.md §3: the curses view only paints the same rows).
 *
 *	dg_add(dg, pkt, ts, dir)	a captured packet (non-TCP is ignored)
 *	dg_finish(dg, end)		run the timers due by end (DG_FLUSH: all)
 *	dg_layout(dg, conv, o, ...)	rows for one conversation
 *	dg_text(dg, conv, o, f)		the same rows as text (0: every conv)
 *
 * The model runs the passive tracker (core/tracker.h) and records, per
 * conversation, one arrow per segment (direction, time, flags, seq/ack
 * relative to each side's ISN, payload length, window, options in short
 * form, marks: retransmission, keepalive probe and answer, zero-window
 * probe), both endpoints' state changes where they happen with their
 * causes, timer expiries (TIME-WAIT's end), and notes (ignored RSTs, why
 * an RST reset what it did).  The left lifeline is the initiator's.
 *
 * A ladder row reads, left to right:
 *
 *	TIME  LSTATE |---- LABEL --->| RSTATE
 *
 * LABEL is "[marks] FLAGS START:END(LEN) ack N win N <options>": flags as
 * tcpdump prints them (S, F, R, P, U, E, W, A, "." for ACK), START:END(LEN)
 * as packetdrill writes it, options without NOPs and with timestamps only
 * on SYNs (their values change every run; the tracker keeps them).  A
 * state is written beside a lifeline on the row where it is entered; a
 * lifeline in TIME-WAIT is drawn dashed until the 2MSL timer ends it.
 *
 * Memory: dg_new() returns a model freed with dg_free(); dg_layout()
 * returns an array of rows freed with dg_rows_free().
 */
#ifndef TCPX_CLI_DIAGRAM_H
#define TCPX_CLI_DIAGRAM_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <sys/time.h>

#include "core/seg.h"
#include "core/tcp.h"

#define DG_FLUSH	(UINT64_MAX - 1)	/* dg_finish: run every timer */
#define DG_WIDTH	100			/* columns when opts say 0 */

/* Direction hint for dg_add: whether we sent the packet. */
#define DG_DIR_UNKNOWN	0
#define DG_DIR_OUT	1	/* sent by us (live sessions) */
#define DG_DIR_IN	2

/*
 * Conversations of segments held or dropped before any of theirs was on
 * the wire (a held SYN) have ids above DG_ORPHAN, until the tracker's
 * conversation on the same 4-tuple adopts their items (the id then goes).
 */
#define DG_ORPHAN	0x40000000u

/* Marks on an arrow. */
#define DG_M_RETRANS	0x01	/* resent sequence space */
#define DG_M_KEEPALIVE	0x02	/* a keepalive probe (RFC 1122 §4.2.3.6) */
#define DG_M_KA_ACK	0x04	/* the answer to a keepalive probe */
#define DG_M_ZWP	0x08	/* a zero-window probe (RFC 9293 §3.8.6.1) */
#define DG_M_HELD	0x10	/* held by step mode: not on the wire (or
				   not given to the engine) yet */
#define DG_M_DROPPED	0x20	/* dropped by the user or a fault */
#define DG_M_EDITED	0x40	/* edited while held */
#define DG_M_DELAYED	0x80	/* delayed by a fault, not sent yet */
#define DG_M_FAIL	0x100	/* a script failed on it (tcpx --pkt) */

enum dg_time {
	DG_TIME_REL = 0,	/* seconds since the conversation began */
	DG_TIME_ABS,		/* local time of day, HH:MM:SS.uuuuuu */
	DG_TIME_DELTA,		/* seconds since the row above */
};

/* How to lay out the rows. */
struct dg_opts {
	unsigned	width;		/* columns; 0: DG_WIDTH */
	enum dg_time	time;
	int		unicode;	/* box drawing; else ASCII */
	int		why;		/* every state change's cause as a note */
	uint64_t	origin;		/* relative times count from this (µs)
					   when not 0, not from the first row */
};

/* What a row or cell shows, for colour. */
enum dg_style {
	DG_S_PLAIN = 0,
	DG_S_HEAD,		/* titles and lifeline labels */
	DG_S_TIME,
	DG_S_STATE,		/* a state written beside a lifeline */
	DG_S_LINE,		/* a lifeline */
	DG_S_SPAN,		/* a lifeline in TIME-WAIT */
	DG_S_SYN,
	DG_S_FIN,
	DG_S_RST,
	DG_S_DATA,
	DG_S_ACK,		/* a pure ACK */
	DG_S_RETRANS,
	DG_S_PROBE,		/* keepalive or zero-window probe */
	DG_S_HELD,		/* held or delayed: not on the wire yet */
	DG_S_DROP,		/* dropped by the user or a fault */
	DG_S_NOTE,		/* a note, a timer */
};

enum dg_rowkind {
	DG_ROW_TITLE,		/* "conversation N: A > B" */
	DG_ROW_HEAD,		/* the lifelines' address:port labels */
	DG_ROW_ARROW,		/* a segment */
	DG_ROW_STATE,		/* a state change with no segment (a timer) */
	DG_ROW_NOTE,		/* one line of a note */
	DG_ROW_GONE,		/* how many of the first items were not kept */
};

/* The cells of a ladder row, left to right. */
enum dg_cellid {
	DG_C_TIME,		/* the time and a space */
	DG_C_LSTATE,		/* the initiator's state and a space */
	DG_C_LLINE,		/* its lifeline, one column */
	DG_C_BODY,		/* the arrow or the note */
	DG_C_RLINE,		/* the responder's lifeline */
	DG_C_RSTATE,		/* a space and the responder's state */
	DG_NCELLS
};

/* A cell: bytes [off, off + len) of the row's text, at column col. */
struct dg_cell {
	size_t		off;
	size_t		len;
	unsigned	col;
	unsigned	width;		/* columns */
	enum dg_style	style;
};

/*
 * One row: text is the whole line (UTF-8, no newline, may end in spaces).
 * Title and head rows have one style and no cells (all zero).
 */
struct dg_row {
	enum dg_rowkind	kind;
	enum dg_style	style;
	unsigned	conv;
	size_t		item;		/* the model item it shows (dg_item) */
	char		*text;
	struct dg_cell	cell[DG_NCELLS];
};

enum dg_itemkind {
	DG_IT_SEG,		/* an arrow */
	DG_IT_STATE,		/* a state change not caused by a segment */
	DG_IT_NOTE,		/* a note */
};

/* One recorded thing of a conversation, in time order. */
struct dg_item {
	uint64_t	time;		/* microseconds */
	uint8_t		kind;		/* DG_IT_* */
	int8_t		end;		/* sender (SEG), or the end it is about */
	uint8_t		dir;		/* DG_DIR_* */
	uint16_t	mark;		/* DG_M_* */
	int8_t		state[2];	/* state entered by each end, or -1 */
	uint16_t	flags;		/* TH_* */
	uint16_t	win;
	uint16_t	num;		/* a held segment's step number */
	uint8_t		released;	/* held, let go: its wire copy (drawn in
					   its place) not recorded yet */
	uint32_t	seq;		/* relative to the sender's ISN */
	uint32_t	ack;		/* relative to the receiver's ISN */
	uint32_t	len;		/* payload bytes */
	uint32_t	why[2];		/* causes of state[] (dg_str), NOTE: [0] */
	uint32_t	opts;		/* options in short form (dg_str), or 0 */
	uint64_t	pkt;		/* which dg_add() call it came from, 1..;
					   held: the caller's key */
};

struct dg;

/* An empty model; free with dg_free(). */
struct dg	*dg_new(void);

/* Free d and everything it recorded (NULL is fine). */
void		 dg_free(struct dg *d);

/*
 * The tracker's notes print absolute sequence numbers (on) or, the
 * default, relative to each end's ISN, as the arrows' labels do.
 */
void		 dg_set_abs_seq(struct dg *d, int on);

/*
 * A packet was captured at ts (dir: DG_DIR_*): record it when it is TCP.
 * Returns its conversation's id, or 0 when it was not TCP.
 */
unsigned	 dg_add(struct dg *d, const struct pkt *p,
		    const struct timeval *ts, int dir);

/*
 * Keep only the newest n tracked conversations (0, the default: all, as
 * reading a file does): a live session's diagram is a bounded history.
 * Older ones are dropped, oldest first, as new ones begin, except those
 * step mode holds a segment of.
 */
void		 dg_set_keep(struct dg *d, unsigned n);

/*
 * Keep only about the newest n items of each conversation (0, the default:
 * all, as reading a file does): once one holds an eighth more, its oldest
 * go down to n (never one held by step mode).  Its diagram then begins
 * with a row that says how many went.
 */
void		 dg_set_keep_items(struct dg *d, unsigned n);

/* Items dropped so far from conversations by that bound. */
uint64_t	 dg_trimmed(const struct dg *d);

/* How many of conversation conv's first items that bound dropped. */
uint64_t	 dg_items_gone(const struct dg *d, unsigned conv);

/* How many items the conversations still recorded hold. */
uint64_t	 dg_things(const struct dg *d);

/* Conversations dropped so far by that bound, and their items. */
unsigned long	 dg_evicted(const struct dg *d, uint64_t *items);

/* As dg_add(), for a segment observed at now (microseconds). */
unsigned	 dg_add_seg(struct dg *d, const struct seg *s, uint64_t now,
		    int dir);

/*
 * Segment s, which we send (dir DG_DIR_OUT) or received, is held as step
 * #num (0: delayed by a fault) under the caller's key: drawn as a pending
 * arrow until dg_unhold(key).  It does not go to the tracker.  Returns
 * its conversation's id (0: not TCP).
 */
unsigned	 dg_hold(struct dg *d, uint64_t key, const struct seg *s,
		    uint64_t now, int dir, unsigned num);

/*
 * The segment held under key is gone: released (the arrow keeps its place
 * and time, the order in which the engine sent it, and its wire copy,
 * when captured, is drawn there) or dropped (kept and marked).
 */
void		 dg_unhold(struct dg *d, uint64_t key, int dropped);

/*
 * Segment s did not go as the wire shows: a fault dropped it before the
 * wire (out) or the engine (in) (mark DG_M_DROPPED), or the engine got it
 * edited (DG_M_EDITED, step #num).  Drawn off the wire; not tracked.
 * Returns its conversation's id (0: none).
 */
unsigned	 dg_offwire(struct dg *d, const struct seg *s, uint64_t now,
		    int dir, unsigned num, int mark);

/*
 * In a live session, our end (local, of the conversation with remote)
 * entered state to, for why, as the engine says: the state goes on the
 * inbound segment cause when it is recorded, else on the next segment we
 * send, else (dg_local_flush) on a row of its own.  From then on the
 * tracker's inferences about our end are not drawn.
 */
void		 dg_local_state(struct dg *d, const struct endpoint *local,
		    const struct endpoint *remote, enum tcp_state to,
		    const char *why, uint64_t now, const struct seg *cause);

/* The engine's states that no segment went with get rows of their own. */
void		 dg_local_flush(struct dg *d);

/* Add mark (DG_M_*) to the segment conversation conv recorded last. */
void		 dg_mark_last(struct dg *d, unsigned conv, int mark);

/* Add a note (why) under the segment conversation conv recorded last. */
void		 dg_note_last(struct dg *d, unsigned conv, const char *why);

/*
 * Mark (DG_M_*) the arrow that dg_add() or dg_add_seg() call number pkt
 * (counting from 1, every call) recorded in conversation conv, and add
 * note (NULL: none) under it, after its notes.  Returns 0, or -1 when
 * there is no such arrow.
 */
int		 dg_mark_pkt(struct dg *d, unsigned conv, uint64_t pkt, int mark,
		    const char *note);

/*
 * Add a capture file's packet comment under the segment conversation conv
 * recorded last, as a note "# COMMENT" after the tracker's own, labelled
 * by no end: tcpx's comments say what its engine did, whichever end it was.
 */
void		 dg_comment_last(struct dg *d, unsigned conv,
		    const char *comment);

/*
 * The capture ended at end: run the tracker's timers due by then (DG_FLUSH:
 * all of them, as if time went on), and note each TIME-WAIT still running
 * with the time it will end.
 */
void		 dg_finish(struct dg *d, uint64_t end);

/*
 * Iterate conversations: the first id after `after` (0 starts), or 0.
 * Conversations of segments held before any was on the wire come last.
 */
unsigned	 dg_conv_next(const struct dg *d, unsigned after);

/* The newest conversation (held ones first), or 0. */
unsigned	 dg_conv_last(const struct dg *d);

/* Whether segment s belongs to a conversation the diagram follows already. */
int		 dg_knows(const struct dg *d, const struct seg *s);

/*
 * End e of conversation conv as the tracker has it now: its state and its
 * timer (TIME-WAIT's end; TCP_NEVER for none); -1 if there is none.
 */
int		 dg_conv_timer(const struct dg *d, unsigned conv, int e,
		    enum tcp_state *st, uint64_t *deadline);

/* The end of conversation conv that is us, or -1. */
int		 dg_conv_local(const struct dg *d, unsigned conv);

/* The two endpoints of conversation conv (initiator first); -1 if none. */
int		 dg_conv_ends(const struct dg *d, unsigned conv,
		    struct endpoint ep[2]);

/* The items of conversation conv, and how many (*n); NULL if none. */
const struct dg_item *dg_items(const struct dg *d, unsigned conv, size_t *n);

/* A string an item refers to (why, opts); "" for 0. */
const char	*dg_str(const struct dg *d, uint32_t off);

/* The name of a time mode: "relative", "absolute" or "delta". */
const char	*dg_time_name(enum dg_time t);

/* Parse a time mode by name (or "rel", "abs"); 0, or -1 if unknown. */
int		 dg_time_parse(const char *name, enum dg_time *t);

/*
 * Lay out conversation conv with o (NULL: defaults) into *rows, *nrows:
 * a title, the lifeline labels, then one row per arrow, state change and
 * note line.  Pure: the same model and options give the same rows.
 * Returns 0, or -1 when there is no such conversation.
 */
int		 dg_layout(const struct dg *d, unsigned conv,
		    const struct dg_opts *o, struct dg_row **rows,
		    size_t *nrows);

/* Free rows from dg_layout(). */
void		 dg_rows_free(struct dg_row *rows, size_t nrows);

/*
 * The rows of one conversation kept up to date as the model grows (the
 * live view's): dg_ladder_sync() lays out only what changed since the
 * last call, so a growing conversation costs the same per new item however
 * long it is; the rows are always those dg_layout() would give.
 * cli/diagram/diagram-ladder.c; free with dg_ladder_free().
 */
struct dg_ladder;

/* Rows of conversation conv with o (NULL: defaults), none laid out yet. */
struct dg_ladder *dg_ladder_new(unsigned conv, const struct dg_opts *o);

/* Free the ladder and its rows (NULL is fine). */
void		 dg_ladder_free(struct dg_ladder *l);

/*
 * Bring the rows up to date with d; returns 1 when they changed.  Rows
 * before the first kept item that were dropped are counted (*dropped, may
 * be NULL), for a caller that keeps positions in them.
 */
int		 dg_ladder_sync(struct dg_ladder *l, const struct dg *d,
		    size_t *dropped);

/* The rows as last synced, and how many (*n). */
const struct dg_row *dg_ladder_rows(const struct dg_ladder *l, size_t *n);

/* Items laid out or looked at so far: the work done, for tests. */
uint64_t	 dg_ladder_work(const struct dg_ladder *l);

/*
 * Write the rows of conversation conv (0: every one, a blank line between)
 * to out as text, trailing spaces cut.  Returns 0, or -1 on a write error
 * or when conv does not exist.
 */
int		 dg_text(const struct dg *d, unsigned conv,
		    const struct dg_opts *o, FILE *out);

/*
 * The diagram of the pcap or pcapng file at path (cli/diagram/diagram-file.c),
 * which must hold conversation conv unless it is 0: the model (free with
 * dg_free()), or NULL.  *rc is 0; 1 when the file is cut short (what came
 * before is in the model); or 2 when it cannot be read or lacks conv.  When
 * *rc is not 0, *cause says why (the caller frees it).
 */
struct dg	*dg_file_load(const char *path, unsigned conv, int *rc,
		    char **cause);

/*
 * Write the diagram of conversation conv (0: every one) of the file at
 * path to out as text; an exit status: 0, or 1 (cut short, write error)
 * or 2 with *cause (the caller frees it).
 */
int		 dg_file_text(const char *path, const struct dg_opts *o,
		    unsigned conv, FILE *out, char **cause);

/* The name of state s in at most 12 columns, or 10 when short. */
const char	*dg_state_name(enum tcp_state s, int short_);

#endif
