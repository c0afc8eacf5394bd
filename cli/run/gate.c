/*
 * cli/run/gate.c - step mode and fault injection as a pure function of
 * (segment, direction, now): segments in either direction can be held,
 * numbered, until the user releases, edits or drops them, and the next N
 * segments can be dropped, duplicated, swapped with their successor,
 * delayed, corrupted or held as step mode holds them.  What happens is written to an array of outputs;
 * the data path does the rest.
 */
#include <limits.h>
#include <stdlib.h>
#include <string.h>

#include "cli/run/gate.h"
#include "core/xmalloc.h"

/* One armed fault: applies to the next `left` segments of direction dir. */
struct fault {
	enum fault_kind	 kind;
	enum gate_dir	 dir;
	int		 left;
	uint64_t	 delay;		/* FAULT_DELAY */
	unsigned	 frag;		/* FAULT_FRAGDROP: which fragment */
};

struct gate {
	bool		 step[2];	/* hold segments of this direction */
	unsigned	 step_conn;	/* only this connection's (0: all) */
	bool		 freeze;	/* `step freeze on` */
	unsigned	 next_num;
	struct gate_seg	*held;		/* step-held and delayed, oldest first */
	struct gate_seg	**tail;
	unsigned long	 nheld;
	unsigned long	 full_drops;
	struct fault	 faults[GATE_MAX_FAULTS];
	int		 nfaults;
	struct gate_seg	*reorder[2];	/* a segment waiting to be overtaken */
	uint32_t	 frag_id[2];	/* the datagram whose fragments are counted */
	unsigned	 frag_seen[2];	/* ... and how many of them went by */
};

static const char *fault_names[FAULT_NKINDS] = { "drop", "duplicate",
    "reorder", "delay", "corrupt", "hold", "drop fragment" };

/* An open gate: nothing held, no fault armed. */
struct gate *
gate_new(void)
{
	struct gate	*g = xcalloc(1, sizeof *g);

	g->tail = &g->held;
	return (g);
}

/* A copy of seg, owning its payload, for direction dir. */
static struct gate_seg *
gate_copy(enum gate_dir dir, const struct seg *seg, const struct segmeta *meta)
{
	struct gate_seg	*e = xcalloc(1, sizeof *e);

	e->dir = dir;
	e->seg = *seg;
	if (meta != NULL)
		e->meta = *meta;
	if (seg->len > 0) {
		e->data = xmalloc(seg->len);
		memcpy(e->data, seg->data, seg->len);
	}
	e->seg.data = e->data;
	return (e);
}

/* Free one held segment. */
static void
gate_seg_free(struct gate_seg *e)
{
	if (e != NULL) {
		free(e->data);
		free(e);
	}
}

/* Free g and everything it holds. */
void
gate_free(struct gate *g)
{
	struct gate_seg	*e;

	if (g == NULL)
		return;
	while ((e = g->held) != NULL) {
		g->held = e->next;
		gate_seg_free(e);
	}
	gate_seg_free(g->reorder[0]);
	gate_seg_free(g->reorder[1]);
	free(g);
}

/* Hold (on) or stop holding the segments of direction dir. */
void
gate_set_step(struct gate *g, enum gate_dir dir, bool on)
{
	g->step[dir] = on;
}

/* Whether segments of direction dir are held. */
bool
gate_stepping(const struct gate *g, enum gate_dir dir)
{
	return (g->step[dir]);
}

/* Hold only connection conn's segments (0: every one's). */
void
gate_set_step_conn(struct gate *g, unsigned conn)
{
	g->step_conn = conn;
}

/* Whether holding dir's segments depends on their connection. */
bool
gate_wants_conn(const struct gate *g, enum gate_dir dir)
{
	return (g->step[dir] && g->step_conn != 0);
}

/* `step freeze on|off`. */
void
gate_set_freeze(struct gate *g, bool on)
{
	g->freeze = on;
}

/* Whether the engine's clock should stop while anything is held. */
bool
gate_freeze(const struct gate *g)
{
	return (g->freeze);
}

/* Arm a fault for the next n segments of dir. */
int
gate_arm(struct gate *g, enum fault_kind kind, enum gate_dir dir, int n,
    uint64_t delay)
{
	struct fault	*f;
	int		 i, k;

	for (i = k = 0; i < g->nfaults; i++)	/* forget the spent ones */
		if (g->faults[i].left > 0)
			g->faults[k++] = g->faults[i];
	g->nfaults = k;
	if (g->nfaults == GATE_MAX_FAULTS)
		return (-1);
	f = &g->faults[g->nfaults++];
	f->kind = kind;
	f->dir = dir;
	f->left = n;
	f->delay = delay;
	return (0);
}

/* Arm a fault dropping fragment idx of dir's next fragmented datagram. */
int
gate_arm_frag(struct gate *g, enum gate_dir dir, unsigned idx)
{
	if (gate_arm(g, FAULT_FRAGDROP, dir, 1, 0) != 0)
		return (-1);
	g->faults[g->nfaults - 1].frag = idx;
	g->frag_seen[dir] = 0;
	return (0);
}

/* A fragment of datagram id goes in dir: whether a fault drops it. */
bool
gate_frag(struct gate *g, enum gate_dir dir, uint32_t id, unsigned *idx)
{
	int	i;

	if (g->frag_seen[dir] == 0 || g->frag_id[dir] != id) {
		g->frag_id[dir] = id;
		g->frag_seen[dir] = 0;
	}
	*idx = ++g->frag_seen[dir];
	for (i = 0; i < g->nfaults; i++) {
		struct fault	*f = &g->faults[i];

		if (f->kind == FAULT_FRAGDROP && f->dir == dir && f->left > 0 &&
		    f->frag == g->frag_seen[dir]) {
			f->left = 0;
			return (true);
		}
	}
	return (false);
}

/* The fragment the i-th armed fault drops, 0 for a segment fault. */
unsigned
gate_fault_frag(const struct gate *g, int i)
{
	int	j;

	for (j = 0; j < g->nfaults; j++)
		if (g->faults[j].left > 0 && i-- == 0)
			return (g->faults[j].kind == FAULT_FRAGDROP ?
			    g->faults[j].frag : 0);
	return (0);
}

/* Disarm every fault. */
void
gate_disarm(struct gate *g)
{
	g->nfaults = 0;
}

/* The i-th armed fault that is not spent. */
int
gate_fault(const struct gate *g, int i, enum fault_kind *kind,
    enum gate_dir *dir, int *left)
{
	int	j;

	for (j = 0; j < g->nfaults; j++) {
		if (g->faults[j].left <= 0 || i-- > 0)
			continue;
		*kind = g->faults[j].kind;
		*dir = g->faults[j].dir;
		*left = g->faults[j].left;
		return (0);
	}
	return (-1);
}

/* The name of a fault kind. */
const char *
gate_fault_name(enum fault_kind kind)
{
	return (kind < FAULT_NKINDS ? fault_names[kind] : "?");
}

/* Append e to the held list. */
static void
gate_append(struct gate *g, struct gate_seg *e)
{
	e->next = NULL;
	*g->tail = e;
	g->tail = &e->next;
	g->nheld++;
}

/* Unlink e from the held list. */
static void
gate_unlink(struct gate *g, struct gate_seg *e)
{
	struct gate_seg	**pp;

	for (pp = &g->held; *pp != NULL; pp = &(*pp)->next) {
		if (*pp != e)
			continue;
		*pp = e->next;
		if (g->tail == &e->next)
			g->tail = pp;
		e->next = NULL;
		g->nheld--;
		return;
	}
}

/* Add an output to out[*n]. */
static struct gate_out *
gate_put(struct gate_out *out, size_t *n, enum gate_act act, enum gate_dir dir,
    const struct seg *seg, const struct segmeta *meta)
{
	struct gate_out	*o = &out[(*n)++];

	memset(o, 0, sizeof *o);
	o->act = act;
	o->dir = dir;
	o->seg = seg;
	o->meta = meta;
	return (o);
}

/* A GATE_PASS of the gate's copy e, which the caller then owns. */
static void
gate_put_own(struct gate_out *out, size_t *n, enum gate_act act,
    struct gate_seg *e)
{
	struct gate_out	*o = gate_put(out, n, act, e->dir, &e->seg, &e->meta);

	o->g = e;
	o->own = true;
}

/* The first armed fault for dir, or NULL. */
static struct fault *
gate_armed(struct gate *g, enum gate_dir dir)
{
	int	i;

	for (i = 0; i < g->nfaults; i++)
		if (g->faults[i].dir == dir && g->faults[i].left > 0 &&
		    g->faults[i].kind != FAULT_FRAGDROP)
			return (&g->faults[i]);
	return (NULL);
}

/*
 * Whether another segment may be held: GATE_MAX_HELD bounds what a peer
 * can make us keep while the user steps or a fault delays.
 */
static bool
gate_room(struct gate *g, enum gate_dir dir, const struct seg *seg,
    const struct segmeta *meta, struct gate_out *out, size_t *n)
{
	if (g->nheld < GATE_MAX_HELD)
		return (true);
	g->full_drops++;
	gate_put(out, n, GATE_FULL, dir, seg, meta)->left =
	    g->full_drops > INT_MAX ? INT_MAX : (int)g->full_drops;
	return (false);
}

/* Apply the armed faults (if any) to a segment step mode let through. */
static void
gate_faults(struct gate *g, enum gate_dir dir, const struct seg *seg,
    const struct segmeta *meta, uint64_t now, struct gate_out *out, size_t *n)
{
	struct fault	*f = gate_armed(g, dir);
	struct gate_seg	*e, *waiting = g->reorder[dir];
	struct gate_out	*o;

	if (f == NULL) {
		gate_put(out, n, GATE_PASS, dir, seg, meta);
		if (waiting != NULL) {
			/* The held-back one goes right after its successor. */
			g->reorder[dir] = NULL;
			gate_put(out, n, GATE_OVERTAKEN, dir, &waiting->seg,
			    &waiting->meta);
			gate_put_own(out, n, GATE_PASS, waiting);
		}
		return;
	}
	f->left--;
	switch (f->kind) {
	case FAULT_DROP:
		gate_put(out, n, GATE_FAULT_DROP, dir, seg, meta)->left = f->left;
		break;
	case FAULT_DUP:
		gate_put(out, n, GATE_FAULT_DUP, dir, seg, meta)->left = f->left;
		gate_put(out, n, GATE_PASS, dir, seg, meta);
		gate_put(out, n, GATE_PASS, dir, seg, meta);
		break;
	case FAULT_CORRUPT:
		gate_put(out, n, GATE_FAULT_CORRUPT, dir, seg, meta)->left =
		    f->left;
		gate_put(out, n, GATE_PASS, dir, seg, meta)->corrupt = true;
		break;
	case FAULT_DELAY:
		if (!gate_room(g, dir, seg, meta, out, n))
			break;
		e = gate_copy(dir, seg, meta);
		e->release_at = now + f->delay;
		gate_append(g, e);
		o = gate_put(out, n, GATE_FAULT_DELAY, dir, &e->seg, &e->meta);
		o->g = e;
		o->left = f->left;
		o->delay = f->delay;
		break;
	case FAULT_HOLD:
		/* Numbered, as step mode holds it: step releases, drop discards. */
		if (!gate_room(g, dir, seg, meta, out, n))
			break;
		e = gate_copy(dir, seg, meta);
		e->num = ++g->next_num;
		gate_append(g, e);
		o = gate_put(out, n, GATE_HELD, dir, &e->seg, &e->meta);
		o->g = e;
		o->left = f->left;
		break;
	case FAULT_REORDER:
		if (waiting != NULL)	/* two reorders in a row: the older goes */
			gate_put_own(out, n, GATE_PASS, waiting);
		e = g->reorder[dir] = gate_copy(dir, seg, meta);
		o = gate_put(out, n, GATE_FAULT_REORDER, dir, &e->seg, &e->meta);
		o->g = e;
		o->left = f->left;
		break;
	case FAULT_FRAGDROP:	/* gate_frag()'s, never returned by gate_armed() */
	case FAULT_NKINDS:
		break;
	}
}

/* Whether step mode holds a segment of dir (of connection meta->conn). */
static bool
gate_holds(const struct gate *g, enum gate_dir dir, const struct segmeta *meta)
{
	if (!g->step[dir])
		return (false);
	return (g->step_conn == 0 || (meta != NULL && meta->conn == g->step_conn));
}

/* Segment seg goes in direction dir at now: what happens, into out. */
size_t
gate_offer(struct gate *g, enum gate_dir dir, const struct seg *seg,
    const struct segmeta *meta, uint64_t now, struct gate_out *out)
{
	struct gate_seg	*e;
	struct gate_out	*o;
	size_t		 n = 0;

	if (!gate_holds(g, dir, meta)) {
		gate_faults(g, dir, seg, meta, now, out, &n);
		return (n);
	}
	if (!gate_room(g, dir, seg, meta, out, &n))
		return (n);
	e = gate_copy(dir, seg, meta);
	e->num = ++g->next_num;
	gate_append(g, e);
	o = gate_put(out, &n, GATE_HELD, dir, &e->seg, &e->meta);
	o->g = e;
	return (n);
}

/* Held segment #num (0: the oldest step-held one), or NULL. */
struct gate_seg *
gate_find(struct gate *g, unsigned num)
{
	struct gate_seg	*e;

	for (e = g->held; e != NULL; e = e->next)
		if (e->num != 0 && (num == 0 || e->num == num))
			return (e);
	return (NULL);
}

/* Let held segment #num go through the armed faults. */
size_t
gate_release(struct gate *g, unsigned num, uint64_t now, struct gate_out *out)
{
	struct gate_seg	*e = gate_find(g, num);
	size_t		 n = 0;

	if (e == NULL)
		return (0);
	gate_unlink(g, e);
	gate_put_own(out, &n, GATE_RELEASED, e);
	gate_faults(g, e->dir, &e->seg, &e->meta, now, out, &n);
	return (n);
}

/* Drop held segment #num. */
size_t
gate_drop(struct gate *g, unsigned num, struct gate_out *out)
{
	struct gate_seg	*e = gate_find(g, num);
	size_t		 n = 0;

	if (e == NULL)
		return (0);
	gate_unlink(g, e);
	gate_put_own(out, &n, GATE_DROPPED, e);
	return (n);
}

/* The next delayed segment due by now, as a GATE_PASS. */
size_t
gate_tick(struct gate *g, uint64_t now, struct gate_out *out)
{
	struct gate_seg	*e;
	size_t		 n = 0;

	for (e = g->held; e != NULL; e = e->next) {
		if (e->num != 0 || e->release_at > now)
			continue;
		gate_unlink(g, e);
		gate_put_own(out, &n, GATE_PASS, e);
		return (n);
	}
	return (0);
}

/* The earliest time a delayed segment is due, or UINT64_MAX. */
uint64_t
gate_deadline(const struct gate *g)
{
	const struct gate_seg	*e;
	uint64_t		 d = UINT64_MAX;

	for (e = g->held; e != NULL; e = e->next)
		if (e->num == 0 && e->release_at < d)
			d = e->release_at;
	return (d);
}

/* Free the copies the caller owns in out[0..n). */
void
gate_out_done(struct gate_out *out, size_t n)
{
	size_t	i;

	for (i = 0; i < n; i++) {
		if (out[i].own)
			gate_seg_free(out[i].g);
		out[i].own = false;
		out[i].g = NULL;
	}
}

/* The step-held segment after prev (NULL: the first), oldest first. */
const struct gate_seg *
gate_next_held(const struct gate *g, const struct gate_seg *prev)
{
	const struct gate_seg	*e = prev != NULL ? prev->next : g->held;

	while (e != NULL && e->num == 0)
		e = e->next;
	return (e);
}

/* Whether step mode holds anything. */
bool
gate_holding(const struct gate *g)
{
	return (gate_next_held(g, NULL) != NULL);
}

/* Replace a held segment's payload by a copy of len bytes of d. */
void
gate_seg_payload(struct gate_seg *e, const uint8_t *d, size_t len)
{
	free(e->data);
	e->data = NULL;
	if (len > 0) {
		e->data = xmalloc(len);
		memcpy(e->data, d, len);
	}
	e->seg.data = e->data;
	e->seg.len = len;
}

/* What the gate has done. */
void
gate_stats(const struct gate *g, struct gate_stats *st)
{
	st->held = g->nheld;
	st->full_drops = g->full_drops;
}
