/*
 * cli/diagram/diagram-lay.h - the layout's insides, which the full layout
 * (diagram-layout.c) and the incremental one (diagram-ladder.c) share: where
 * a layout stands, and the steps that lay out one row at a time.
 */
#ifndef TCPX_CLI_DIAGRAM_LAY_H
#define TCPX_CLI_DIAGRAM_LAY_H

#include "cli/diagram/diagram-int.h"

/* A growing line of UTF-8 text and its width in columns. */
struct lbuf {
	char		*s;
	size_t		 n;
	size_t		 cap;
	unsigned	 cols;
};

struct dg_glyphs;

/* Where a layout is: the conversation, its geometry, the item it is at. */
struct dg_lay {
	const struct dg		*d;
	const struct dg_conv	*c;
	struct dg_opts		 o;
	const struct dg_glyphs	*g;
	unsigned		 tw;	/* time column */
	unsigned		 sw;	/* state columns */
	unsigned		 body;	/* between the lifelines */
	int			 shortnames;
	int			 phase;	/* 0 title, 1 head, 2 gone, 3 items */
	size_t			 i;	/* next item */
	int			 started;	/* item i's first row is out */
	const char		*txt[3];	/* item i's notes to wrap */
	int			 txtend[3];	/* the end each is about */
	int			 ntxt;
	int			 ti;
	size_t			 toff;
	int			 state[2];	/* before item i */
	uint64_t		 first;
	uint64_t		 prev;
};

/* Make room in lb for n more bytes. */
void		 lb_grow(struct lbuf *lb, size_t n);

/* Start laying out conversation c of d with o: geometry from the times. */
void		 dg_lay_init(struct dg_lay *l, const struct dg *d,
		    const struct dg_conv *c, const struct dg_opts *o);

/*
 * The largest time value items [from, c->nitem) show, the time before
 * item from being *prev (moved on past them): into *max when *timed (any
 * shown yet) says it is larger; for the width of the time column.
 */
void		 dg_lay_scan(const struct dg_lay *l, size_t from,
		    uint64_t *prev, uint64_t *max, int *timed);

/* The largest time value the kept items show (*timed: any shown). */
void		 dg_lay_scan_all(const struct dg_lay *l, uint64_t *max,
		    int *timed);

/* The columns of the time column, and the geometry that follows from it. */
void		 dg_lay_geom(struct dg_lay *l, uint64_t max, int timed);

/* The time before the first kept item, for delta times. */
uint64_t	 dg_lay_prev0(const struct dg_lay *l);

/*
 * Lay out the next row into r, its text into lb (emptied first, and kept
 * by the caller: r->text is lb->s); returns 0 when there is none.
 */
int		 dg_lay_next(struct dg_lay *l, struct dg_row *r,
		    struct lbuf *lb);

#endif
