/*
 * cli/obs/frames.c - number every frame of the session and keep the
 * newest ones, bounded by count and bytes, for `decode` (and find the
 * newest of a direction and protocol, for `decode last` and `measure
 * ... field`).  The kept bytes share one buffer, first in, first out
 * (no allocation per frame on the bulk paths); a frame of more than
 * FRAMES_BIG has its own.  The buffer starts at FRAMES_BUF0 and doubles
 * in place when what the bounds keep does not fit (the memory follows the
 * frames kept, as it did with an allocation each), up to FRAMES_BIG bytes
 * beyond FRAMES_MEM, where the bytes FRAMES_MEM lets in always fit: what
 * is kept depends only on the count and the bytes, as it always did.
 * The buffer's largest size is reserved at once, and a live session
 * touches its pages while idle (FRAMES_WARM at a time): a page touched
 * the first time costs some 10 µs in a virtual machine, and the first
 * 16 MB of a bulk transfer ran at half speed paying for them.
 *
 * Frames are kept in the order the bus brings them (their id), but
 * numbered in the order of their timestamps, as the -w file writes them
 * (capture/pcapw.c): our frames are stamped when sent, and a captured
 * frame the kernel stamped earlier may still wait in the capture ring
 * behind the one we answered.  So a frame we send waits for its number
 * (FRAMES_PEND of them at most) until a captured frame stamped later
 * comes, or until someone asks for numbers; the two streams are each in
 * time order, and numbering merges them.
 */
#include <stdlib.h>
#include <string.h>

#include "cli/obs/frames.h"
#include "cli/obs/recfifo.h"
#include "cli/run/loop.h"
#include "cli/run/session.h"
#include "core/wire.h"
#include "core/xmalloc.h"

/* A frame of ours still without a number: its id and timestamp. */
struct frames_pend {
	unsigned long		 id;
	struct timeval		 ts;
};

struct frames {
	struct session		*s;
	struct frame_rec	*ring;		/* FRAMES_KEEP slots, by id (NULL
						   until the first frame) */
	unsigned long		*bynum;		/* FRAMES_KEEP: the id numbered
						   num, at num % FRAMES_KEEP */
	unsigned long		 last_id;	/* the newest frame's id */
	unsigned long		 first;		/* the oldest kept id (0: none) */
	unsigned long		 last;		/* the newest number given */
	unsigned long		 first_num;	/* no kept frame numbered below */
	struct frames_pend	 pend[FRAMES_PEND];	/* ours, unnumbered */
	size_t			 pend_head, pend_n;
	size_t			 mem;		/* bytes of kept frames */
	struct recfifo		 bytes;		/* the kept frames' bytes */
	struct loop_idle	*warming;	/* touching its pages, or NULL */
};

static void	frames_event(void *, const struct run_ev *);
static bool	frames_warm(void *);
static void	frames_evict(struct frames *);
static void	frames_number(struct frames *, unsigned long);
static void	frames_number_pend(struct frames *);
static void	frames_merge(struct frames *, const struct timeval *);
static void	frames_take(struct frames *, const struct run_ev *,
		    unsigned long);

/* The ring of s's frames, subscribed to its bus. */
struct frames *
frames_new(struct session *s)
{
	struct frames	*f = xcalloc(1, sizeof *f);

	f->s = s;
	recfifo_init(&f->bytes, FRAMES_BUF0);
	recfifo_reserve(&f->bytes, FRAMES_MEM + FRAMES_BIG);
	if (s->cap != NULL && s->loop != NULL)	/* live: frames will come */
		f->warming = loop_idle_add(s, frames_warm, f);
	bus_subscribe(&s->bus, frames_event, f);
	bus_want(&s->bus, frames_event, f, BUS_TYPE(RUN_FRAME));
	return (f);
}

/* Unsubscribe and free. */
void
frames_free(struct frames *f)
{
	size_t	i;

	if (f == NULL)
		return;
	bus_unsubscribe(&f->s->bus, frames_event, f);
	loop_idle_del(f->s, f->warming);
	for (i = 0; f->ring != NULL && i < FRAMES_KEEP; i++)
		if (f->ring[i].pos == UINT64_MAX)
			free(f->ring[i].data);
	free(f->ring);
	free(f->bynum);
	recfifo_free(&f->bytes);
	free(f);
}

/*
 * Forget the oldest kept frame (a frame too large to keep leaves a gap);
 * called while a new frame, f->last_id, is being taken in.
 */
static void
frames_evict(struct frames *f)
{
	struct frame_rec	*r = &f->ring[f->first % FRAMES_KEEP];

	if (r->id == f->first && r->data != NULL) {
		f->mem -= r->len;
		if (r->pos == UINT64_MAX)
			free(r->data);
		else
			recfifo_drop(&f->bytes, r->pos, r->len);
		memset(r, 0, sizeof *r);
	}
	f->first = f->first + 1 < f->last_id ? f->first + 1 : 0;
}

/* Give frame id the next number (kept or not, it counts). */
static void
frames_number(struct frames *f, unsigned long id)
{
	struct frame_rec	*r = &f->ring[id % FRAMES_KEEP];

	f->last++;
	f->bynum[f->last % FRAMES_KEEP] = id;
	if (r->id == id)
		r->num = f->last;
}

/* Number the oldest of our frames still waiting. */
static void
frames_number_pend(struct frames *f)
{
	frames_number(f, f->pend[f->pend_head].id);
	f->pend_head = (f->pend_head + 1) % FRAMES_PEND;
	f->pend_n--;
}

/*
 * Number our frames still waiting that were stamped no later than ts
 * (all of them for NULL): the -w file puts a frame after every one not
 * later than it.
 */
static void
frames_merge(struct frames *f, const struct timeval *ts)
{
	while (f->pend_n > 0 && (ts == NULL ||
	    !timercmp(&f->pend[f->pend_head].ts, ts, >)))
		frames_number_pend(f);
}

/* Number every frame taken in: someone asks for numbers. */
static void
frames_settle(struct frames *f)
{
	frames_merge(f, NULL);
}

/*
 * Grow the buffer the kept frames share, while a new frame, f->last, is
 * being taken in: to twice its size, or to its largest (FRAMES_MEM +
 * FRAMES_BIG) when twice that would pass it, so that a growth always at
 * least doubles and the fifo moves at most what had wrapped to its start
 * (cli/obs/recfifo.c); the frames keep their positions, their bytes are
 * looked up again.
 */
static void
frames_grow(struct frames *f)
{
	struct frame_rec	*r;
	unsigned long		 n;
	size_t			 size = f->bytes.size * 2;

	if (size * 2 > FRAMES_MEM + FRAMES_BIG)
		size = FRAMES_MEM + FRAMES_BIG;
	recfifo_grow(&f->bytes, size);
	for (n = f->first; f->first != 0 && n < f->last_id; n++) {
		r = &f->ring[n % FRAMES_KEEP];
		if (r->id == n && r->data != NULL && r->pos != UINT64_MAX)
			r->data = recfifo_at(&f->bytes, r->pos);
	}
}

/* Idle work: touch the next FRAMES_WARM bytes of the buffer; whether more remain. */
static bool
frames_warm(void *arg)
{
	struct frames	*f = arg;

	if (recfifo_warm(&f->bytes, FRAMES_WARM) > 0)
		return (true);
	f->warming = NULL;	/* done: the loop forgets it */
	return (false);
}

/* What the kept frames hold. */
void
frames_stats(const struct frames *f, struct frames_stats *st)
{
	st->kept = f->first != 0 ? f->last_id - f->first + 1 : 0;
	st->bytes = f->mem;
	st->mapped = recfifo_mapped(&f->bytes, &st->touched);
}

/* The size of the buffer the kept frames share. */
size_t
frames_buffer(const struct frames *f)
{
	return (f->bytes.size);
}

/*
 * Keep one frame, either direction, and number it: a captured one after
 * ours stamped no later, one of ours when a later captured one comes
 * (or someone asks).
 */
static void
frames_event(void *arg, const struct run_ev *ev)
{
	struct frames		*f = arg;
	struct frames_pend	*p;
	unsigned long		 id;

	if (ev->type != RUN_FRAME)
		return;
	id = ++f->last_id;
	if (f->ring == NULL) {	/* at the first: a session may have none */
		f->ring = xcalloc(FRAMES_KEEP, sizeof *f->ring);
		f->bynum = xcalloc(FRAMES_KEEP, sizeof *f->bynum);
	}
	frames_take(f, ev, id);
	if (ev->dir != RUN_OUT || ev->ts == NULL) {
		frames_merge(f, ev->ts);
		frames_number(f, id);
		return;
	}
	if (f->pend_n == FRAMES_PEND)	/* the oldest can wait no more */
		frames_number_pend(f);
	p = &f->pend[(f->pend_head + f->pend_n++) % FRAMES_PEND];
	p->id = id;
	p->ts = *ev->ts;
}

/* Keep the bytes of frame id, making room within the bounds. */
static void
frames_take(struct frames *f, const struct run_ev *ev, unsigned long id)
{
	struct frame_rec	*r;
	uint8_t			*data = NULL;
	uint64_t		 pos = UINT64_MAX;

	while (f->first != 0 && (id - f->first >= FRAMES_KEEP ||
	    f->mem + ev->len > FRAMES_MEM))
		frames_evict(f);
	if (ev->len > FRAMES_MEM)
		return;		/* numbered, never kept */
	if (ev->len > FRAMES_BIG)
		data = xmalloc(ev->len);
	else	/* grow; at the full size the margin makes room always,
		   and dropping more is a guard */
		while ((data = recfifo_put(&f->bytes, ev->len, &pos)) ==
		    NULL) {
			if (f->bytes.size < FRAMES_MEM + FRAMES_BIG)
				frames_grow(f);
			else if (f->first != 0)
				frames_evict(f);
			else
				abort();	/* len <= FRAMES_BIG fits */
		}
	r = &f->ring[id % FRAMES_KEEP];
	r->id = id;
	r->num = 0;
	r->dir = ev->dir;
	r->dlt = ev->pkt != NULL ? ev->pkt->dlt : WIRE_DLT_EN10MB;
	if (ev->ts != NULL)
		r->ts = *ev->ts;
	r->data = data;
	r->pos = pos;
	memcpy(r->data, ev->frame, ev->len);
	r->len = ev->len;
	f->mem += ev->len;
	if (f->first == 0)
		f->first = id;
}

/* The kept record numbered num, or NULL (without settling). */
static const struct frame_rec *
frames_lookup(const struct frames *f, unsigned long num)
{
	const struct frame_rec	*r;
	unsigned long		 id;

	if (f->ring == NULL || num == 0 || num > f->last ||
	    f->last - num >= FRAMES_KEEP)
		return (NULL);
	id = f->bynum[num % FRAMES_KEEP];
	r = &f->ring[id % FRAMES_KEEP];
	return (r->id == id && r->num == num && r->data != NULL ? r : NULL);
}

/* Frame num if it is still kept, else NULL. */
const struct frame_rec *
frames_get(struct frames *f, unsigned long num)
{
	frames_settle(f);
	return (frames_lookup(f, num));
}

/* Frame id (in the order the bus brought them) if still kept, else NULL. */
const struct frame_rec *
frames_get_id(const struct frames *f, unsigned long id)
{
	const struct frame_rec	*r;

	if (f->ring == NULL || f->first == 0 || id < f->first ||
	    id > f->last_id)
		return (NULL);
	r = &f->ring[id % FRAMES_KEEP];
	return (r->id == id && r->data != NULL ? r : NULL);
}

/* The id of the newest frame taken in (0: none yet). */
unsigned long
frames_last_id(const struct frames *f)
{
	return (f->last_id);
}

/* The number of the newest frame. */
unsigned long
frames_last(struct frames *f)
{
	frames_settle(f);
	return (f->last);
}

/* The number of the oldest kept frame. */
unsigned long
frames_first(struct frames *f)
{
	frames_settle(f);
	if (f->first == 0)
		return (0);
	if (f->first_num == 0 || f->last - f->first_num >= FRAMES_KEEP)
		f->first_num = f->last >= FRAMES_KEEP ?
		    f->last - FRAMES_KEEP + 1 : 1;
	/* Numbers only go: what was not kept is not kept again. */
	while (f->first_num < f->last && frames_lookup(f, f->first_num) ==
	    NULL)
		f->first_num++;
	return (f->first_num);
}

/* The newest kept frame in direction dir (-1: either) with all of layers. */
unsigned long
frames_newest(struct frames *f, int dir, unsigned layers)
{
	const struct frame_rec	*r;
	struct pkt		 p;
	unsigned long		 n, first = frames_first(f);

	for (n = f->last; first != 0 && n >= first; n--) {
		if ((r = frames_lookup(f, n)) == NULL ||
		    (dir >= 0 && (int)r->dir != dir))
			continue;
		/* A frame the decoder refuses still has its first layers. */
		(void)wire_decode(&p, r->dlt, r->data, r->len, r->len);
		if ((p.layers & layers) == layers)
			return (n);
	}
	return (0);
}
