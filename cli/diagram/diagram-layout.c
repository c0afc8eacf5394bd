/*
 * cli/diagram/diagram-layout.c - the sequence diagram's pure layout: a recorded
 * conversation (cli/diagram.c) turned into rows of fixed-width cells for
 * a given width, with ASCII or Unicode box drawing, and those rows written
 * as plain text.  No terminal, no I/O but dg_text()'s stream.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "cli/diagram/diagram-int.h"
#include "cli/diagram/diagram-lay.h"
#include "core/xmalloc.h"
#include "core/utf8.h"

#define DG_MINBODY	12	/* narrowest arrow, label included */
#define DG_WIDEBODY	40	/* below this, short state names */
#define DG_TEXT_BLOCK	65536	/* dg_text() writes blocks of this size */


/* A string built in a fixed buffer of len bytes, cut where it is full. */
struct sbuf {
	char		*s;
	size_t		 n;
	size_t		 len;
};

/* The glyphs of one drawing set. */
struct dg_glyphs {
	const char	*line;		/* a lifeline */
	const char	*span;		/* a lifeline in TIME-WAIT */
	const char	*from_l;	/* the left lifeline an arrow leaves */
	const char	*from_r;
	const char	*shaft;
	const char	*head_r;	/* arrow heads */
	const char	*head_l;
	const char	*more;		/* text was cut */
	const char	*pending;	/* the shaft of a held arrow */
	const char	*lost;		/* where a dropped arrow ends */
};

static const struct dg_glyphs dg_ascii = {
	"|", ":", "|", "|", "-", ">", "<", "~", ".", "x"
};
static const struct dg_glyphs dg_utf8 = {
	"\xe2\x94\x82", "\xe2\x94\x86", "\xe2\x94\x9c", "\xe2\x94\xa4",
	"\xe2\x94\x80", "\xe2\x96\xb6", "\xe2\x97\x80", "\xe2\x80\xa6",
	"\xe2\x94\x84", "\xe2\x9c\x95"
};


/* Whether c is printable ASCII: one byte, one column. */
#define DG_PLAIN(c)	((unsigned char)(c) >= 0x20 && (unsigned char)(c) < 0x7f)

/*
 * Columns taken by the UTF-8 string s (CJK two each, UAX #11); printable
 * ASCII, nearly every label, is counted without decoding.
 */
static unsigned
dg_cols(const char *s)
{
	size_t	i = 0;

	while (DG_PLAIN(s[i]))
		i++;
	return (s[i] == '\0' ? (unsigned)i : utf8_width(s));
}

/* Make room for n more bytes. */
void
lb_grow(struct lbuf *lb, size_t n)
{
	if (lb->n + n + 1 <= lb->cap)
		return;
	while (lb->n + n + 1 > lb->cap)
		lb->cap = lb->cap ? lb->cap * 2 : 256;
	lb->s = xrealloc(lb->s, lb->cap);
}

/* Append at most max columns of s; returns the columns appended. */
static unsigned
lb_put(struct lbuf *lb, const char *s, unsigned max)
{
	unsigned	cols;
	size_t		i = 0;

	/* Printable ASCII up to the end or to max: a column a byte. */
	while (i < max && DG_PLAIN(s[i]))
		i++;
	if (s[i] == '\0' || (i == max && DG_PLAIN(s[i])))
		cols = (unsigned)i;
	else
		i = utf8_fit(s, max, &cols);

	lb_grow(lb, i);
	memcpy(lb->s + lb->n, s, i);
	lb->n += i;
	lb->s[lb->n] = '\0';
	lb->cols += cols;
	return (cols);
}

/* Append glyph g (one character, one column) n times. */
static void
lb_rep(struct lbuf *lb, const char *g, unsigned n)
{
	size_t		len = strlen(g);
	unsigned	i;

	lb_grow(lb, n * len);
	if (len == 1)
		memset(lb->s + lb->n, g[0], n);
	else
		for (i = 0; i < n; i++)
			memcpy(lb->s + lb->n + i * len, g, len);
	lb->n += n * len;
	lb->s[lb->n] = '\0';
	lb->cols += n;
}

/* Append s to sb, as much as fits. */
static void
sb_str(struct sbuf *sb, const char *s)
{
	while (*s != '\0' && sb->n + 1 < sb->len)
		sb->s[sb->n++] = *s++;
	sb->s[sb->n] = '\0';
}

/* Append v in decimal to sb, zero-padded to at least digits (<= 20). */
static void
sb_num(struct sbuf *sb, unsigned long long v, int digits)
{
	char	tmp[24];
	size_t	i = sizeof tmp - 1;
	int	n = 0;

	tmp[i] = '\0';
	do {
		tmp[--i] = (char)('0' + v % 10);
		v /= 10;
		n++;
	} while (v != 0 || n < digits);
	sb_str(sb, tmp + i);
}

/* Append s in exactly w columns: cut with a mark, padded; right-aligned. */
static void
lb_field(struct lbuf *lb, const char *s, unsigned w, int right,
    const char *more)
{
	unsigned	n = dg_cols(s);

	if (n > w) {
		if (w > 0) {	/* a wide character may leave a column over */
			n = lb_put(lb, s, w - 1);
			lb_put(lb, more, 1);
			lb_rep(lb, " ", w - 1 - n);
		}
		return;
	}
	if (right)
		lb_rep(lb, " ", w - n);
	lb_put(lb, s, n);
	if (!right)
		lb_rep(lb, " ", w - n);
}

/* Open cell id of row r at the line's end. */
static void
dg_cell_open(struct dg_row *r, const struct lbuf *lb, int id, int style)
{
	r->cell[id].off = lb->n;
	r->cell[id].col = lb->cols;
	r->cell[id].style = style;
}

/* Close cell id of row r at the line's end. */
static void
dg_cell_close(struct dg_row *r, const struct lbuf *lb, int id)
{
	r->cell[id].len = lb->n - r->cell[id].off;
	r->cell[id].width = lb->cols - r->cell[id].col;
}

/* The name of state s; short: at most 10 columns. */
const char *
dg_state_name(enum tcp_state s, int short_)
{
	if (short_ && s == TCP_SYN_RECEIVED)
		return ("SYN-RCVD");
	if (short_ && s == TCP_ESTABLISHED)
		return ("ESTAB");
	return (tcp_state_name(s));
}

/*
 * What time t shows as in o's mode (microseconds): since the conversation
 * began, since the row above, or t itself for the time of day.
 */
static uint64_t
dg_time_val(const struct dg_lay *l, uint64_t t)
{
	switch (l->o.time) {
	case DG_TIME_ABS:
		return (t);
	case DG_TIME_DELTA:
		return (t >= l->prev ? t - l->prev : 0);
	case DG_TIME_REL:
		break;
	}
	return (t >= l->first ? t - l->first : 0);
}

/* Format value v of a time (dg_time_val) in mode m into buf. */
static void
dg_time_put(enum dg_time m, uint64_t v, char *buf, size_t len)
{
	struct sbuf	sb = { buf, 0, len };
	struct tm	tm;
	time_t		sec;

	if (m == DG_TIME_ABS) {
		sec = (time_t)(v / 1000000);
		localtime_r(&sec, &tm);
		snprintf(buf, len, "%02d:%02d:%02d.%06u", tm.tm_hour,
		    tm.tm_min, tm.tm_sec, (unsigned)(v % 1000000));
		return;
	}
	buf[0] = '\0';
	if (m == DG_TIME_DELTA)
		sb_str(&sb, "+");
	sb_num(&sb, v / 1000000, 1);
	sb_str(&sb, ".");
	sb_num(&sb, v % 1000000, 6);
}

/* Format t as o asks into buf. */
static void
dg_time_fmt(const struct dg_lay *l, uint64_t t, char *buf, size_t len)
{
	dg_time_put(l->o.time, dg_time_val(l, t), buf, len);
}

/* Flags as tcpdump prints them: F S R P . U E W, A for AE; "-" for none. */
static void
dg_flags(uint16_t f, char *buf)
{
	static const struct {
		uint16_t	bit;
		char		c;
	} t[] = {
		{ TH_FIN, 'F' }, { TH_SYN, 'S' }, { TH_RST, 'R' },
		{ TH_PUSH, 'P' }, { TH_ACK, '.' }, { TH_URG, 'U' },
		{ TH_ECE, 'E' }, { TH_CWR, 'W' }, { TH_AE, 'A' },
	};
	size_t	i, n = 0;

	for (i = 0; i < sizeof t / sizeof t[0]; i++)
		if (f & t[i].bit)
			buf[n++] = t[i].c;
	if (n == 0)
		buf[n++] = '-';
	buf[n] = '\0';
}

/* The label of arrow it: marks, flags, sequence, ack, window, options. */
static void
dg_label(const struct dg *d, const struct dg_item *it, char *buf, size_t len)
{
	struct sbuf	sb = { buf, 0, len };
	char		fl[16];
	int		user = 0;

	buf[0] = '\0';
	dg_flags(it->flags, fl);
	if (it->mark & (DG_M_HELD | DG_M_DROPPED | DG_M_DELAYED)) {
		sb_str(&sb, it->mark & DG_M_DROPPED ? "[dropped" :
		    it->mark & DG_M_HELD ? "[held" : "[delayed");
		if (it->num != 0) {
			sb_str(&sb, " #");
			sb_num(&sb, it->num, 1);
		}
		sb_str(&sb, "] ");
		user = 1;
	}
	if (it->mark & DG_M_FAIL)
		sb_str(&sb, "[FAIL] ");
	if (it->mark & DG_M_EDITED) {
		sb_str(&sb, "[edited");
		if (it->num != 0 && !user) {
			sb_str(&sb, " #");
			sb_num(&sb, it->num, 1);
		}
		sb_str(&sb, "] ");
	}
	if (it->mark & DG_M_RETRANS)
		sb_str(&sb, "[retrans] ");
	if (it->mark & DG_M_KEEPALIVE)
		sb_str(&sb, "[keepalive] ");
	if (it->mark & DG_M_KA_ACK)
		sb_str(&sb, "[keepalive ack] ");
	if (it->mark & DG_M_ZWP)
		sb_str(&sb, "[zwp] ");
	sb_str(&sb, fl);
	sb_str(&sb, " ");
	sb_num(&sb, it->seq, 1);
	sb_str(&sb, ":");
	sb_num(&sb, (uint32_t)(it->seq + it->len), 1);
	sb_str(&sb, "(");
	sb_num(&sb, it->len, 1);
	sb_str(&sb, ")");
	if (it->flags & TH_ACK) {
		sb_str(&sb, " ack ");
		sb_num(&sb, it->ack, 1);
	}
	sb_str(&sb, " win ");
	sb_num(&sb, it->win, 1);
	if (it->opts != 0) {
		sb_str(&sb, " ");
		sb_str(&sb, dg_str(d, it->opts));
	}
}

/* The style of arrow it. */
static enum dg_style
dg_arrow_style(const struct dg_item *it)
{
	if (it->mark & (DG_M_DROPPED | DG_M_FAIL))
		return (DG_S_DROP);
	if (it->mark & (DG_M_HELD | DG_M_DELAYED))
		return (DG_S_HELD);
	if (it->flags & TH_RST)
		return (DG_S_RST);
	if (it->mark & DG_M_RETRANS)
		return (DG_S_RETRANS);
	if (it->mark & (DG_M_KEEPALIVE | DG_M_KA_ACK | DG_M_ZWP))
		return (DG_S_PROBE);
	if (it->flags & TH_SYN)
		return (DG_S_SYN);
	if (it->flags & TH_FIN)
		return (DG_S_FIN);
	if (it->len > 0)
		return (DG_S_DATA);
	return (DG_S_ACK);
}

/* The time before the first kept item, for delta times. */
uint64_t
dg_lay_prev0(const struct dg_lay *l)
{
	return (l->c->gone > 0 && l->c->prev_gone ? l->c->t_prev : l->first);
}

/*
 * The largest time value items [from, c->nitem) show, *prev the time
 * before item from (moved on past them).
 */
void
dg_lay_scan(const struct dg_lay *l, size_t from, uint64_t *prev,
    uint64_t *max, int *timed)
{
	struct dg_lay	t = *l;
	size_t		i;
	uint64_t	v;

	t.prev = *prev;
	for (i = from; i < l->c->nitem; i++) {
		if (l->c->item[i].kind == DG_IT_NOTE)
			continue;
		v = dg_time_val(&t, l->c->item[i].time);
		if (!*timed || v > *max)
			*max = v;
		*timed = 1;
		t.prev = l->c->item[i].time;
	}
	*prev = t.prev;
}

/*
 * The largest time value the kept items show (*timed: any), delta times
 * counted from the first item's time even when an origin is given.
 */
void
dg_lay_scan_all(const struct dg_lay *l, uint64_t *max, int *timed)
{
	const struct dg_conv	*c = l->c;
	uint64_t		 prev;

	if (c->gone > 0)
		prev = c->prev_gone ? c->t_prev : c->t_first;
	else
		prev = c->nitem > 0 ? c->item[0].time : 0;
	*max = 0;
	*timed = 0;
	dg_lay_scan(l, 0, &prev, max, timed);
}

/*
 * The time column fits the widest time of the conversation: that of the
 * largest value shown, as no smaller value is wider.  The state columns
 * and the body take the rest of the width.
 */
void
dg_lay_geom(struct dg_lay *l, uint64_t max, int timed)
{
	char		buf[64];
	unsigned	w, fixed;

	l->tw = 8;
	if (timed) {
		dg_time_put(l->o.time, max, buf, sizeof buf);
		if (strlen(buf) > l->tw)
			l->tw = strlen(buf);
	}
	w = l->o.width;
	l->sw = 12;
	l->shortnames = 0;
	fixed = (l->tw + 1) + (l->sw + 1) + 2 + (1 + l->sw);
	if (w < fixed + DG_WIDEBODY) {
		l->shortnames = 1;
		l->sw = 10;
		fixed = (l->tw + 1) + (l->sw + 1) + 2 + (1 + l->sw);
	}
	l->body = w > fixed + DG_MINBODY ? w - fixed : DG_MINBODY;
}

/* Start laying out conversation c: geometry from the options and times. */
void
dg_lay_init(struct dg_lay *l, const struct dg *d, const struct dg_conv *c,
    const struct dg_opts *o)
{
	uint64_t	max = 0;
	int		timed = 0;

	memset(l, 0, sizeof *l);
	l->d = d;
	l->c = c;
	if (o != NULL)
		l->o = *o;
	if (l->o.width == 0)
		l->o.width = DG_WIDTH;
	l->g = l->o.unicode ? &dg_utf8 : &dg_ascii;
	/* Items dropped by a live bound (dg_trim) leave what they did. */
	l->state[0] = c->gone > 0 ? c->st_gone[0] : TCP_CLOSED;
	l->state[1] = c->gone > 0 ? c->st_gone[1] : TCP_CLOSED;
	l->first = c->gone > 0 ? c->t_first : c->nitem > 0 ?
	    c->item[0].time : 0;
	if (l->o.origin != 0 && l->o.origin <= l->first)
		l->first = l->o.origin;
	l->prev = dg_lay_prev0(l);
	dg_lay_scan_all(l, &max, &timed);
	dg_lay_geom(l, max, timed);
}

/* Prepare the notes item i shows below its first row. */
static void
dg_lay_item(struct dg_lay *l)
{
	const struct dg_item	*it = &l->c->item[l->i];
	int			 e;

	l->ntxt = 0;
	l->ti = 0;
	l->toff = 0;
	switch (it->kind) {
	case DG_IT_SEG:
		if (!l->o.why || (it->flags & TH_RST))
			break;
		for (e = 0; e < 2; e++)
			if (it->state[e] >= 0 && it->why[e] != 0) {
				l->txtend[l->ntxt] = e;
				l->txt[l->ntxt++] = dg_str(l->d, it->why[e]);
			}
		break;
	case DG_IT_STATE:
		l->txtend[0] = -1;
		l->txt[l->ntxt++] = dg_str(l->d, it->why[it->end]);
		break;
	case DG_IT_NOTE:
		l->txtend[0] = it->end;
		l->txt[l->ntxt++] = dg_str(l->d, it->why[0]);
		break;
	}
}

/*
 * Append the next line of the note being wrapped to fit w columns;
 * returns 0 when none is left.
 */
static int
dg_wrap(struct dg_lay *l, struct lbuf *lb, unsigned w)
{
	const char	*s;
	unsigned	 cols = 0;
	char		 pre[16] = "";
	size_t		 n;

	while (l->ti < l->ntxt && l->txt[l->ti][l->toff] == '\0') {
		l->ti++;
		l->toff = 0;
	}
	if (l->ti >= l->ntxt)
		return (0);
	/* "initiator: " only where it leaves room: every line takes text. */
	if (l->toff == 0 && l->txtend[l->ti] >= 0)
		snprintf(pre, sizeof pre, "%s: ", trk_end_name(
		    l->txtend[l->ti]));
	if (strlen(pre) + 8 > w)
		pre[0] = '\0';
	w -= lb_put(lb, pre, w);
	s = l->txt[l->ti] + l->toff;
	n = utf8_line(s, w, &cols);	/* at a blank, or between ideographs */
	if (cols > w) {			/* one wide character in one column */
		n = 0;
		cols = 0;
		while (s[n] != '\0' && s[n] != ' ')
			n++;		/* cannot be shown here: skipped */
	}
	lb_grow(lb, n);
	memcpy(lb->s + lb->n, s, n);
	lb->n += n;
	lb->s[lb->n] = '\0';
	lb->cols += cols;
	while (s[n] == ' ')
		n++;
	l->toff += n;
	return (1);
}

/* The lifeline glyph of end e on this row. */
static const char *
dg_line(const struct dg_lay *l, int e)
{
	return (l->state[e] == TCP_TIME_WAIT ? l->g->span : l->g->line);
}

/*
 * Append the arrow of it across the body: a held one's shaft dotted, a
 * dropped one ending short of the other lifeline.
 */
static void
dg_arrow(const struct dg_lay *l, const struct dg_item *it, struct lbuf *lb)
{
	/* Off the wire: held, delayed, or what the engine got edited. */
	const char	*shaft = (it->mark & (DG_M_HELD | DG_M_DELAYED)) ||
			    it->released ||
			    (it->pkt == 0 && !(it->mark & DG_M_DROPPED)) ?
			    l->g->pending : l->g->shaft;
	int		 lost = (it->mark & DG_M_DROPPED) != 0;
	char		 label[512];
	unsigned	 n, max = l->body - (lost ? 11 : 8);

	dg_label(l->d, it, label, sizeof label);
	n = dg_cols(label);
	if (n > max)
		n = max;
	if (it->end == TRK_INIT) {
		lb_rep(lb, shaft, 4);
		lb_put(lb, " ", 1);
		lb_field(lb, label, n, 0, l->g->more);
		lb_put(lb, " ", 1);
		if (lost) {
			lb_rep(lb, shaft, l->body - 10 - n);
			lb_put(lb, l->g->lost, 1);
			lb_rep(lb, " ", 3);
		} else {
			lb_rep(lb, shaft, l->body - 7 - n);
			lb_put(lb, l->g->head_r, 1);
		}
	} else {
		if (lost) {
			lb_rep(lb, " ", 3);
			lb_put(lb, l->g->lost, 1);
		} else {
			lb_put(lb, l->g->head_l, 1);
			lb_rep(lb, shaft, 3);
		}
		lb_put(lb, " ", 1);
		lb_field(lb, label, n, 0, l->g->more);
		lb_put(lb, " ", 1);
		lb_rep(lb, shaft, l->body - 6 - n);
	}
}

/* A title or head row. */
static void
dg_lay_head(struct dg_lay *l, struct dg_row *r, struct lbuf *lb)
{
	const struct dg_conv	*c = l->c;
	char			 a[2][96], ab[64];
	unsigned		 left, n;
	int			 e;

	for (e = 0; e < 2; e++) {
		addr_fmt(&c->ep[e].addr, ab, sizeof ab);
		snprintf(a[e], sizeof a[e], "%s%s%s:%u%s",
		    c->ep[e].addr.family == 6 ? "[" : "", ab,
		    c->ep[e].addr.family == 6 ? "]" : "", c->ep[e].port,
		    c->local == e ? " (us)" : "");
	}
	r->style = DG_S_HEAD;
	if (l->phase == 0) {
		r->kind = DG_ROW_TITLE;
		lb_put(lb, "conversation ", 13);
		if (c->id > DG_ORPHAN)
			snprintf(ab, sizeof ab, "-: ");
		else
			snprintf(ab, sizeof ab, "%u: ", c->id);
		lb_put(lb, ab, 64);
		lb_put(lb, a[0], 96);
		lb_put(lb, " > ", 3);
		lb_put(lb, a[1], 96);
		if (c->id > DG_ORPHAN)
			lb_put(lb, " (nothing on the wire yet)", 64);
		if (c->midstream)
			lb_put(lb, " (capture began mid-stream)", 64);
		return;
	}
	r->kind = DG_ROW_HEAD;
	left = l->tw + 1 + l->sw + 1 + 1;
	n = dg_cols(a[0]);
	if (n + 1 <= left - l->tw) {
		lb_field(lb, "time", l->tw, 1, l->g->more);
		lb_field(lb, a[0], left - l->tw, 1, l->g->more);
	} else
		lb_field(lb, a[0], left, 1, l->g->more);
	lb_rep(lb, " ", l->body);
	lb_field(lb, a[1], l->sw + 2 > dg_cols(a[1]) ? dg_cols(a[1]) :
	    l->sw + 2, 0, l->g->more);
}

/* The time cell of a row at time t (or blank), and the state cells. */
static void
dg_lay_side(struct dg_lay *l, struct dg_row *r, struct lbuf *lb, int id,
    const struct dg_item *it, int timed)
{
	char		 buf[64];
	const char	*state = "";
	int		 e = id == DG_C_LSTATE ? TRK_INIT : TRK_RESP;

	if (id == DG_C_TIME) {
		dg_cell_open(r, lb, id, DG_S_TIME);
		buf[0] = '\0';
		if (timed) {
			dg_time_fmt(l, it->time, buf, sizeof buf);
			l->prev = it->time;
		}
		lb_field(lb, buf, l->tw, 1, l->g->more);
		lb_put(lb, " ", 1);
		dg_cell_close(r, lb, id);
		return;
	}
	dg_cell_open(r, lb, id, DG_S_STATE);
	if (it != NULL && it->state[e] >= 0)
		state = dg_state_name(it->state[e], l->shortnames);
	if (id == DG_C_RSTATE)
		lb_put(lb, " ", 1);
	lb_field(lb, state, l->sw, id == DG_C_LSTATE, l->g->more);
	if (id == DG_C_LSTATE)
		lb_put(lb, " ", 1);
	dg_cell_close(r, lb, id);
}

/* The row that says how many of the first items were not kept. */
static void
dg_lay_gone(struct dg_lay *l, struct dg_row *r, struct lbuf *lb)
{
	char	buf[160];

	r->kind = DG_ROW_GONE;
	r->style = DG_S_NOTE;
	snprintf(buf, sizeof buf, "(%llu earlier items left out: the diagram "
	    "keeps the newest of a long conversation)",
	    (unsigned long long)l->c->gone);
	lb_put(lb, buf, l->o.width);
}

/*
 * Lay out the next row into r, its text into lb (emptied first, and kept
 * by the caller: r->text is lb->s); returns 0 when there is none.
 */
int
dg_lay_next(struct dg_lay *l, struct dg_row *r, struct lbuf *lb)
{
	const struct dg_item	*it;
	int			 first, e;

	memset(r, 0, sizeof *r);
	lb->n = 0;
	lb->cols = 0;
	lb_grow(lb, 0);
	lb->s[0] = '\0';
	r->conv = l->c->id;
	if (l->phase < 2) {
		dg_lay_head(l, r, lb);
		l->phase++;
		r->text = lb->s;
		return (1);
	}
	if (l->phase == 2) {
		l->phase = 3;
		if (l->c->gone > 0) {
			dg_lay_gone(l, r, lb);
			r->text = lb->s;
			return (1);
		}
	}
	for (;;) {
		if (l->i >= l->c->nitem)
			return (0);
		it = &l->c->item[l->i];
		if (!l->started) {
			dg_lay_item(l);
			break;
		}
		if (l->ti < l->ntxt) {
			/* Is a line of note left?  Try it on a scratch row. */
			struct lbuf	t;

			memset(&t, 0, sizeof t);
			if (dg_wrap(l, &t, l->body - 2)) {
				r->kind = DG_ROW_NOTE;
				r->style = DG_S_NOTE;
				r->item = l->i;
				dg_lay_side(l, r, lb, DG_C_TIME, it, 0);
				dg_lay_side(l, r, lb, DG_C_LSTATE, NULL, 0);
				dg_cell_open(r, lb, DG_C_LLINE, DG_S_LINE);
				lb_put(lb, dg_line(l, 0), 1);
				dg_cell_close(r, lb, DG_C_LLINE);
				dg_cell_open(r, lb, DG_C_BODY, DG_S_NOTE);
				lb_put(lb, " ", 1);
				lb_put(lb, t.s, l->body - 2);
				lb_rep(lb, " ", l->body - 1 - t.cols);
				dg_cell_close(r, lb, DG_C_BODY);
				free(t.s);
				goto right;
			}
			free(t.s);
		}
		/* The item is done: its states hold from the next row on. */
		for (e = 0; e < 2; e++)
			if (it->state[e] >= 0)
				l->state[e] = it->state[e];
		l->i++;
		l->started = 0;
	}

	/* The first row of item it. */
	l->started = 1;
	r->item = l->i;
	first = 1;
	switch (it->kind) {
	case DG_IT_SEG:
		r->kind = DG_ROW_ARROW;
		r->style = dg_arrow_style(it);
		break;
	case DG_IT_STATE:
		r->kind = DG_ROW_STATE;
		r->style = DG_S_NOTE;
		break;
	default:
		r->kind = DG_ROW_NOTE;
		r->style = DG_S_NOTE;
		first = 0;
		break;
	}
	dg_lay_side(l, r, lb, DG_C_TIME, it, first);
	dg_lay_side(l, r, lb, DG_C_LSTATE, it, 0);
	dg_cell_open(r, lb, DG_C_LLINE, DG_S_LINE);
	lb_put(lb, r->kind == DG_ROW_ARROW && it->end == TRK_INIT ?
	    l->g->from_l : dg_line(l, 0), 1);
	dg_cell_close(r, lb, DG_C_LLINE);
	dg_cell_open(r, lb, DG_C_BODY, r->style);
	if (r->kind == DG_ROW_ARROW)
		dg_arrow(l, it, lb);
	else {
		struct lbuf	t;

		memset(&t, 0, sizeof t);
		lb_grow(&t, 0);
		t.s[0] = '\0';
		(void)dg_wrap(l, &t, l->body - 2);
		lb_put(lb, " ", 1);
		lb_put(lb, t.s, l->body - 2);
		lb_rep(lb, " ", l->body - 1 - t.cols);
		free(t.s);
	}
	dg_cell_close(r, lb, DG_C_BODY);
right:
	it = &l->c->item[l->i];
	dg_cell_open(r, lb, DG_C_RLINE, DG_S_LINE);
	lb_put(lb, r->kind == DG_ROW_ARROW && it->end == TRK_RESP ?
	    l->g->from_r : dg_line(l, 1), 1);
	dg_cell_close(r, lb, DG_C_RLINE);
	dg_lay_side(l, r, lb, DG_C_RSTATE, r->kind == DG_ROW_NOTE ? NULL : it,
	    0);
	for (e = 0; e < 2; e++)
		if (r->cell[e == 0 ? DG_C_LLINE : DG_C_RLINE].len > 0 &&
		    l->state[e] == TCP_TIME_WAIT)
			r->cell[e == 0 ? DG_C_LLINE : DG_C_RLINE].style =
			    DG_S_SPAN;
	r->text = lb->s;
	return (1);
}

/* Lay out conversation conv into rows. */
int
dg_layout(const struct dg *d, unsigned conv, const struct dg_opts *o,
    struct dg_row **rows, size_t *nrows)
{
	struct dg_lay	 l;
	struct dg_row	 r;
	struct lbuf	 lb;
	size_t		 cap = 0;

	const struct dg_conv	*c = dg_find(d, conv);

	*rows = NULL;
	*nrows = 0;
	if (c == NULL)
		return (-1);
	dg_lay_init(&l, d, c, o);
	for (;;) {
		memset(&lb, 0, sizeof lb);	/* each row keeps its text */
		if (!dg_lay_next(&l, &r, &lb))
			break;
		if (*nrows == cap) {
			cap = cap ? cap * 2 : 64;
			*rows = xrealloc(*rows, cap * sizeof **rows);
		}
		(*rows)[(*nrows)++] = r;
	}
	free(lb.s);
	return (0);
}

/* Free rows from dg_layout(). */
void
dg_rows_free(struct dg_row *rows, size_t nrows)
{
	size_t	i;

	for (i = 0; i < nrows; i++)
		free(rows[i].text);
	free(rows);
}

/* Write the text in page to out and empty it; returns 0, or -1. */
static int
dg_text_flush(struct lbuf *page, FILE *out)
{
	size_t	n = page->n;

	page->n = 0;
	return (n > 0 && fwrite(page->s, 1, n, out) != n ? -1 : 0);
}

/*
 * Add line s (n bytes) and a newline to the text in page, writing the page
 * to out once it holds DG_TEXT_BLOCK bytes; returns 0, or -1 on a write
 * error.  Large writes keep the system calls few on a big diagram.
 */
static int
dg_text_line(struct lbuf *page, const char *s, size_t n, FILE *out)
{
	lb_grow(page, n + 1);
	memcpy(page->s + page->n, s, n);
	page->n += n;
	page->s[page->n++] = '\n';
	if (page->n < DG_TEXT_BLOCK)
		return (0);
	return (dg_text_flush(page, out));
}

/* Add one conversation's rows to page, trailing spaces cut. */
static int
dg_text_conv(const struct dg *d, const struct dg_conv *c,
    const struct dg_opts *o, struct lbuf *page, FILE *out)
{
	struct dg_lay	l;
	struct dg_row	r;
	struct lbuf	lb;
	size_t		n;
	int		rc = 0;

	memset(&lb, 0, sizeof lb);	/* one row at a time */
	dg_lay_init(&l, d, c, o);
	while (dg_lay_next(&l, &r, &lb)) {
		n = lb.n;
		while (n > 0 && r.text[n - 1] == ' ')
			n--;
		if (dg_text_line(page, r.text, n, out) != 0)
			rc = -1;
	}
	free(lb.s);
	return (rc);
}

/* Write conversation conv (0: all) to out as text. */
int
dg_text(const struct dg *d, unsigned conv, const struct dg_opts *o,
    FILE *out)
{
	struct lbuf	page;
	unsigned	id;
	int		rc = 0, n = 0;

	if (conv != 0 && dg_find(d, conv) == NULL)
		return (-1);
	memset(&page, 0, sizeof page);
	if (conv != 0)
		rc = dg_text_conv(d, dg_find(d, conv), o, &page, out);
	else
		for (id = dg_conv_next(d, 0); id != 0;
		    id = dg_conv_next(d, id)) {
			if (n++ > 0 && dg_text_line(&page, "", 0, out) != 0)
				rc = -1;
			if (dg_text_conv(d, dg_find(d, id), o, &page, out) != 0)
				rc = -1;
		}
	if (dg_text_flush(&page, out) != 0)
		rc = -1;
	free(page.s);
	return (rc);
}
