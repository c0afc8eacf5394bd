/*
 * cli/diagram/diagram-ladder.c - the rows of one conversation kept up to
 * date as its model grows, for the live view: each sync lays out only the
 * items added or changed since the last (the store counts its changes,
 * dg_touch), drops the rows of items a live bound let go (dg_trim), and
 * lays out everything again only when the time column must change width
 * or a change is too old to place.  The rows are always those dg_layout()
 * gives for the model as it is (tests/unit/test-diagram-ladder.c).
 */
#include <stdlib.h>
#include <string.h>

#include "cli/diagram/diagram-int.h"
#include "cli/diagram/diagram-lay.h"
#include "core/xmalloc.h"

/* The layout's state before an item, kept beside the item's first row. */
struct dg_ladder_ck {
	int		state[2];
	uint64_t	prev;
};

struct dg_ladder {
	unsigned		 conv;
	struct dg_opts		 o;
	struct dg_row		*rows;
	struct dg_ladder_ck	*ck;	/* by row: valid on an item's first */
	size_t			 nrows;
	size_t			 cap;
	size_t			 nhead;	/* title, head and gone rows */
	struct dg_lay		 l;	/* after the last item laid out */
	int			 valid;	/* rows and l stand for the model */
	uint64_t		 ver;	/* the conversation's, when synced */
	uint64_t		 gone;	/* its items gone then */
	uint64_t		 max;	/* the largest time value shown */
	int			 timed;
	uint64_t		 work;
};

static void	dg_ladder_clear(struct dg_ladder *, size_t);
static void	dg_ladder_row(struct dg_ladder *, const struct dg_row *,
		    const struct dg_ladder_ck *);
static void	dg_ladder_heads(struct dg_ladder *);
static void	dg_ladder_items(struct dg_ladder *);
static void	dg_ladder_full(struct dg_ladder *, const struct dg *,
		    const struct dg_conv *);
static size_t	dg_ladder_find(const struct dg_ladder *, size_t);

/* Rows of conversation conv with o, none laid out yet. */
struct dg_ladder *
dg_ladder_new(unsigned conv, const struct dg_opts *o)
{
	struct dg_ladder	*l = xcalloc(1, sizeof *l);

	l->conv = conv;
	if (o != NULL)
		l->o = *o;
	return (l);
}

/* Free the rows from index from on. */
static void
dg_ladder_clear(struct dg_ladder *l, size_t from)
{
	size_t	i;

	for (i = from; i < l->nrows; i++)
		free(l->rows[i].text);
	l->nrows = from < l->nrows ? from : l->nrows;
}

/* Free the ladder and its rows. */
void
dg_ladder_free(struct dg_ladder *l)
{
	if (l == NULL)
		return;
	dg_ladder_clear(l, 0);
	free(l->rows);
	free(l->ck);
	free(l);
}

/* The rows as last synced. */
const struct dg_row *
dg_ladder_rows(const struct dg_ladder *l, size_t *n)
{
	*n = l->nrows;
	return (l->rows);
}

/* Items laid out or looked at so far. */
uint64_t
dg_ladder_work(const struct dg_ladder *l)
{
	return (l->work);
}

/* Append row r (its text now the ladder's) with the layout's state ck. */
static void
dg_ladder_row(struct dg_ladder *l, const struct dg_row *r,
    const struct dg_ladder_ck *ck)
{
	if (l->nrows == l->cap) {
		l->cap = l->cap ? l->cap * 2 : 64;
		l->rows = xrealloc(l->rows, l->cap * sizeof *l->rows);
		l->ck = xrealloc(l->ck, l->cap * sizeof *l->ck);
	}
	l->ck[l->nrows] = *ck;
	l->rows[l->nrows++] = *r;
}

/*
 * Lay out the title, head and gone rows again in place of the old ones
 * (the conversation's ends, who is us and what went may have changed).
 */
static void
dg_ladder_heads(struct dg_ladder *l)
{
	struct dg_lay		 h = l->l;
	struct dg_row		 r, head[3];
	struct dg_ladder_ck	 ck;
	struct lbuf		 lb;
	size_t			 n = 0, i, tail;

	h.phase = 0;
	h.i = 0;
	h.started = 0;
	while (h.phase < 3 && !(h.phase == 2 && h.c->gone == 0)) {
		memset(&lb, 0, sizeof lb);
		if (!dg_lay_next(&h, &r, &lb)) {
			free(lb.s);
			break;
		}
		head[n++] = r;
	}
	memset(&ck, 0, sizeof ck);
	if (n != l->nhead) {
		/* The gone row came: the item rows move down a row. */
		tail = l->nrows - l->nhead;
		while (l->nrows + n > l->cap) {
			l->cap = l->cap ? l->cap * 2 : 64;
			l->rows = xrealloc(l->rows, l->cap * sizeof *l->rows);
			l->ck = xrealloc(l->ck, l->cap * sizeof *l->ck);
		}
		for (i = 0; i < l->nhead; i++)
			free(l->rows[i].text);
		memmove(l->rows + n, l->rows + l->nhead, tail * sizeof *l->rows);
		memmove(l->ck + n, l->ck + l->nhead, tail * sizeof *l->ck);
		l->nrows = n + tail;
		l->nhead = n;
	} else
		for (i = 0; i < n; i++)
			free(l->rows[i].text);
	for (i = 0; i < n; i++) {
		l->rows[i] = head[i];
		l->ck[i] = ck;
	}
}

/* Lay out the items from l->l's place to the end, appending their rows. */
static void
dg_ladder_items(struct dg_ladder *l)
{
	struct dg_ladder_ck	ck;
	struct dg_row		r;
	struct lbuf		lb;
	size_t			last = SIZE_MAX;
	uint64_t		prev;

	for (;;) {
		prev = l->l.prev;	/* before the row: the time it shows moves it */
		memset(&lb, 0, sizeof lb);
		if (!dg_lay_next(&l->l, &r, &lb)) {
			free(lb.s);
			break;
		}
		memset(&ck, 0, sizeof ck);
		if (r.item != last) {
			/* An item's first row: the states of those before hold. */
			ck.state[0] = l->l.state[0];
			ck.state[1] = l->l.state[1];
			ck.prev = prev;
			last = r.item;
			l->work++;
		}
		dg_ladder_row(l, &r, &ck);
	}
}

/* Lay out conversation c of d again from the start. */
static void
dg_ladder_full(struct dg_ladder *l, const struct dg *d,
    const struct dg_conv *c)
{
	struct dg_row	r;
	struct lbuf	lb;

	dg_ladder_clear(l, 0);
	dg_lay_init(&l->l, d, c, &l->o);
	l->work += c->nitem;		/* its scan of the times */
	dg_lay_scan_all(&l->l, &l->max, &l->timed);
	l->nhead = 0;
	while (l->l.phase < 3) {
		if (l->l.phase == 2 && c->gone == 0) {
			l->l.phase = 3;		/* no gone row */
			break;
		}
		memset(&lb, 0, sizeof lb);
		if (!dg_lay_next(&l->l, &r, &lb)) {
			free(lb.s);
			break;
		}
		dg_ladder_row(l, &r, &(struct dg_ladder_ck){ { 0, 0 }, 0 });
		l->nhead++;
	}
	dg_ladder_items(l);
	l->valid = 1;
	l->ver = c->ver;
	l->gone = c->gone;
}

/* The row where item i's rows begin (a binary search past the heads). */
static size_t
dg_ladder_find(const struct dg_ladder *l, size_t i)
{
	size_t	lo = l->nhead, hi = l->nrows, mid;

	while (lo < hi) {
		mid = lo + (hi - lo) / 2;
		if (l->rows[mid].item < i)
			lo = mid + 1;
		else
			hi = mid;
	}
	return (lo);
}

/* Bring the rows up to date with d; 1 when they changed. */
int
dg_ladder_sync(struct dg_ladder *l, const struct dg *d, size_t *dropped)
{
	const struct dg_conv	*c = dg_find(d, l->conv);
	uint64_t		 from, max, prev;
	size_t			 k, j, r, i;
	int			 timed;
	unsigned		 tw;

	if (dropped != NULL)
		*dropped = 0;
	if (c == NULL) {
		if (l->nrows == 0 && !l->valid)
			return (0);
		dg_ladder_clear(l, 0);
		l->valid = 0;
		return (1);
	}
	if (!l->valid || c->gone < l->gone) {
		dg_ladder_full(l, d, c);
		return (1);
	}
	if (c->ver == l->ver)
		return (0);
	l->l.d = d;
	l->l.c = c;
	from = dg_changed_since(c, l->ver);
	if (from < c->gone) {
		dg_ladder_full(l, d, c);	/* a change to what went */
		return (1);
	}
	/* Items a live bound let go: their rows go, the rest move up. */
	k = (size_t)(c->gone - l->gone);
	if (k > l->l.i || !l->timed) {
		/* More went than was laid out, or no time shown yet. */
		dg_ladder_full(l, d, c);
		return (1);
	}
	if (k > 0) {
		r = dg_ladder_find(l, k);
		for (i = l->nhead; i < r; i++)
			free(l->rows[i].text);
		memmove(l->rows + l->nhead, l->rows + r,
		    (l->nrows - r) * sizeof *l->rows);
		memmove(l->ck + l->nhead, l->ck + r,
		    (l->nrows - r) * sizeof *l->ck);
		l->nrows -= r - l->nhead;
		for (i = l->nhead; i < l->nrows; i++)
			l->rows[i].item -= k;
		l->l.i -= k;
		if (dropped != NULL)
			*dropped = r - l->nhead;
		l->gone = c->gone;
	}
	j = from == UINT64_MAX ? l->l.i : (size_t)(from - c->gone);
	if (j > l->l.i)
		j = l->l.i;
	if (k > 0 || j < l->l.i) {
		/* What went or changed may have held the widest time. */
		dg_lay_scan_all(&l->l, &max, &timed);
		l->work += c->nitem;
	} else {
		/* Only added: the new items' times against the widest. */
		max = l->max;
		timed = l->timed;
		prev = l->l.prev;
		dg_lay_scan(&l->l, j, &prev, &max, &timed);
		l->work += c->nitem - j;
	}
	tw = l->l.tw;
	dg_lay_geom(&l->l, max, timed);
	if (l->l.tw != tw) {
		dg_ladder_full(l, d, c);
		return (1);
	}
	l->max = max;
	l->timed = timed;
	if (j < l->l.i) {
		/* Lay out again from item j, in the state it began in. */
		r = dg_ladder_find(l, j);
		dg_ladder_clear(l, r);
		l->l.i = j;
		l->l.state[0] = l->ck[r].state[0];
		l->l.state[1] = l->ck[r].state[1];
		l->l.prev = l->ck[r].prev;
	}
	l->l.started = 0;
	l->l.phase = 3;
	dg_ladder_heads(l);
	dg_ladder_items(l);
	l->ver = c->ver;
	return (1);
}
