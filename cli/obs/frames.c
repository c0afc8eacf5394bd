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
 */
#include <stdlib.h>
#include <string.h>

#include "cli/obs/frames.h"
#include "cli/obs/recfifo.h"
#include "cli/run/loop.h"
#include "cli/run/session.h"
#include "core/wire.h"
#include "core/xmalloc.h"

struct frames {
	struct session		*s;
	struct frame_rec	*ring;		/* FRAMES_KEEP slots, by num (NULL
						   until the first frame) */
	unsigned long		 last;		/* the newest frame's number */
	unsigned long		 first;		/* the oldest kept (0: none) */
	size_t			 mem;		/* bytes of kept frames */
	struct recfifo		 bytes;		/* the kept frames' bytes */
	struct loop_idle	*warming;	/* touching its pages, or NULL */
};

static void	frames_event(void *, const struct run_ev *);
static bool	frames_warm(void *);
static void	frames_evict(struct frames *);

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
	recfifo_free(&f->bytes);
	free(f);
}

/*
 * Forget the oldest kept frame (a frame too large to keep leaves a gap);
 * called while a new frame, f->last, is being taken in.
 */
static void
frames_evict(struct frames *f)
{
	struct frame_rec	*r = &f->ring[f->first % FRAMES_KEEP];

	if (r->num == f->first && r->data != NULL) {
		f->mem -= r->len;
		if (r->pos == UINT64_MAX)
			free(r->data);
		else
			recfifo_drop(&f->bytes, r->pos, r->len);
		memset(r, 0, sizeof *r);
	}
	f->first = f->first + 1 < f->last ? f->first + 1 : 0;
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
	for (n = f->first; f->first != 0 && n < f->last; n++) {
		r = &f->ring[n % FRAMES_KEEP];
		if (r->num == n && r->data != NULL && r->pos != UINT64_MAX)
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
	st->kept = f->first != 0 ? f->last - f->first + 1 : 0;
	st->bytes = f->mem;
	st->mapped = recfifo_mapped(&f->bytes, &st->touched);
}

/* The size of the buffer the kept frames share. */
size_t
frames_buffer(const struct frames *f)
{
	return (f->bytes.size);
}

/* Number and keep one frame, either direction. */
static void
frames_event(void *arg, const struct run_ev *ev)
{
	struct frames		*f = arg;
	struct frame_rec	*r;
	unsigned long		 num;
	uint8_t			*data = NULL;
	uint64_t		 pos = UINT64_MAX;

	if (ev->type != RUN_FRAME)
		return;
	num = ++f->last;
	while (f->first != 0 && (num - f->first >= FRAMES_KEEP ||
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
	if (f->ring == NULL)	/* at the first: a session may have none */
		f->ring = xcalloc(FRAMES_KEEP, sizeof *f->ring);
	r = &f->ring[num % FRAMES_KEEP];
	r->num = num;
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
		f->first = num;
}

/* Frame num if it is still kept, else NULL. */
const struct frame_rec *
frames_get(const struct frames *f, unsigned long num)
{
	const struct frame_rec	*r;

	if (f->first == 0 || num < f->first || num > f->last)
		return (NULL);
	r = &f->ring[num % FRAMES_KEEP];
	return (r->num == num ? r : NULL);
}

/* The number of the newest frame. */
unsigned long
frames_last(const struct frames *f)
{
	return (f->last);
}

/* The number of the oldest kept frame. */
unsigned long
frames_first(const struct frames *f)
{
	return (f->first);
}

/* The newest kept frame in direction dir (-1: either) with all of layers. */
unsigned long
frames_newest(const struct frames *f, int dir, unsigned layers)
{
	const struct frame_rec	*r;
	struct pkt		 p;
	unsigned long		 n;

	for (n = f->last; f->first != 0 && n >= f->first; n--) {
		if ((r = frames_get(f, n)) == NULL ||
		    (dir >= 0 && (int)r->dir != dir))
			continue;
		/* A frame the decoder refuses still has its first layers. */
		(void)wire_decode(&p, r->dlt, r->data, r->len, r->len);
		if ((p.layers & layers) == layers)
			return (n);
	}
	return (0);
}
