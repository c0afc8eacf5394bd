/*
 * cli/run/arpq.c - frames waiting for their next hop's link-layer address
 * (RFC 826, RFC 4861 §7.2.2): a bounded queue per address being resolved,
 * with the request repeated and the frames given up after ARPQ_GIVEUP.
 */
#include <stdlib.h>
#include <string.h>

#include "cli/run/arpq.h"
#include "core/xmalloc.h"

/* One address being resolved and the frames waiting for it. */
struct arpq_addr {
	struct addr		 a;
	uint64_t		 since;		/* first queued */
	uint64_t		 next_ask;	/* when to ask again */
	unsigned		 nframes;
	bool			 asked;		/* resolving was asked for itself */
	struct arpq_frame	*head;
	struct arpq_frame	**tail;
};

struct arpq {
	struct arpq_addr	 addr[ARPQ_ADDRS];
	unsigned		 naddr;
	struct arpq_stats	 st;
};

/* An empty queue. */
struct arpq *
arpq_new(void)
{
	return (xcalloc(1, sizeof(struct arpq)));
}

/* Free a frame taken from the queue. */
void
arpq_frame_free(struct arpq_frame *f)
{
	if (f != NULL) {
		free(f->data);
		free(f);
	}
}

/* Free every frame waiting for e; how many there were. */
static unsigned
arpq_clear(struct arpq *q, struct arpq_addr *e)
{
	struct arpq_frame	*f;
	unsigned		 n = 0;

	while ((f = e->head) != NULL) {
		e->head = f->next;
		arpq_frame_free(f);
		n++;
	}
	q->st.waiting -= n;
	e->nframes = 0;
	e->tail = &e->head;
	return (n);
}

/* Free q and every frame in it. */
void
arpq_free(struct arpq *q)
{
	unsigned	i;

	if (q == NULL)
		return;
	for (i = 0; i < q->naddr; i++)
		arpq_clear(q, &q->addr[i]);
	free(q);
}

/* The entry for a, or NULL. */
static struct arpq_addr *
arpq_find(const struct arpq *q, const struct addr *a)
{
	unsigned	i;

	for (i = 0; i < q->naddr; i++)
		if (addr_eq(&q->addr[i].a, a))
			return ((struct arpq_addr *)&q->addr[i]);
	return (NULL);
}

/* Forget entry e (its frames are gone already). */
static void
arpq_forget(struct arpq *q, struct arpq_addr *e)
{
	struct arpq_addr	*last = &q->addr[--q->naddr];

	if (e != last) {
		*e = *last;
		if (e->head == NULL)
			e->tail = &e->head;	/* the list head moved */
	}
	q->st.addrs = q->naddr;
}

/* Queue a copy of frame for next hop a. */
int
arpq_add(struct arpq *q, const struct addr *a, const uint8_t *frame,
    size_t len, const struct segmeta *meta, uint64_t now)
{
	struct arpq_addr	*e = arpq_find(q, a);
	struct arpq_frame	*f;
	int			 fresh = 0;

	if (e == NULL) {
		if (q->naddr == ARPQ_ADDRS) {
			q->st.full++;
			return (-1);
		}
		e = &q->addr[q->naddr++];
		memset(e, 0, sizeof *e);
		e->a = *a;
		e->since = now;
		e->next_ask = now + ARPQ_FIRST;
		e->tail = &e->head;
		q->st.addrs = q->naddr;
		fresh = 1;
	}
	if (len == 0) {
		e->asked = true;
		return (fresh);
	}
	if (e->nframes == ARPQ_PER_ADDR) {
		q->st.full++;
		return (-1);
	}
	f = xcalloc(1, sizeof *f);
	f->data = xmalloc(len);
	memcpy(f->data, frame, len);
	f->len = len;
	if (meta != NULL)
		f->meta = *meta;
	*e->tail = f;
	e->tail = &f->next;
	e->nframes++;
	q->st.waiting++;
	return (fresh);
}

/* The next frame that waited for resolved address a, or NULL. */
struct arpq_frame *
arpq_take(struct arpq *q, const struct addr *a)
{
	struct arpq_addr	*e = arpq_find(q, a);
	struct arpq_frame	*f;

	if (e == NULL)
		return (NULL);
	if ((f = e->head) == NULL) {
		arpq_forget(q, e);
		return (NULL);
	}
	if ((e->head = f->next) == NULL)
		e->tail = &e->head;
	f->next = NULL;
	e->nframes--;
	q->st.waiting--;
	q->st.sent++;
	return (f);
}

/* Drop connection conn's frames; forget addresses nothing waits for now. */
unsigned
arpq_drop_conn(struct arpq *q, unsigned conn)
{
	struct arpq_addr	*e;
	struct arpq_frame	**fp, *f;
	unsigned		 i = 0, n = 0, here;

	if (conn == 0)
		return (0);
	while (i < q->naddr) {
		e = &q->addr[i];
		here = 0;
		for (fp = &e->head; (f = *fp) != NULL;) {
			if (f->meta.conn != conn) {
				fp = &f->next;
				continue;
			}
			*fp = f->next;
			arpq_frame_free(f);
			here++;
		}
		e->tail = fp;
		e->nframes -= here;
		q->st.waiting -= here;
		q->st.orphaned += here;
		n += here;
		if (here > 0 && e->head == NULL && !e->asked)
			arpq_forget(q, e);	/* the last entry moved to i */
		else
			i++;
	}
	return (n);
}

/* What is due by now: an address to ask again, or one given up. */
enum arpq_todo
arpq_due(struct arpq *q, uint64_t now, struct addr *a, unsigned *dropped)
{
	struct arpq_addr	*e;
	unsigned		 i;

	for (i = 0; i < q->naddr; i++) {
		e = &q->addr[i];
		if (now >= e->since + ARPQ_GIVEUP) {
			*a = e->a;
			*dropped = arpq_clear(q, e);
			q->st.expired += *dropped;
			arpq_forget(q, e);
			return (ARPQ_GAVE_UP);
		}
		if (now >= e->next_ask) {
			*a = e->a;
			e->next_ask = now + ARPQ_RETRY;
			return (ARPQ_ASK);
		}
	}
	return (ARPQ_NOTHING);
}

/* The earliest time something is due, or UINT64_MAX. */
uint64_t
arpq_deadline(const struct arpq *q)
{
	uint64_t	d = UINT64_MAX, t;
	unsigned	i;

	for (i = 0; i < q->naddr; i++) {
		t = q->addr[i].next_ask;
		if (q->addr[i].since + ARPQ_GIVEUP < t)
			t = q->addr[i].since + ARPQ_GIVEUP;
		if (t < d)
			d = t;
	}
	return (d);
}

/* The i-th address being resolved, or NULL past the last. */
const struct addr *
arpq_addr(const struct arpq *q, unsigned i)
{
	return (i < q->naddr ? &q->addr[i].a : NULL);
}

/* Whether a is being resolved. */
bool
arpq_pending(const struct arpq *q, const struct addr *a)
{
	return (arpq_find(q, a) != NULL);
}

/* What the queue has done. */
void
arpq_stats(const struct arpq *q, struct arpq_stats *st)
{
	*st = q->st;
}
