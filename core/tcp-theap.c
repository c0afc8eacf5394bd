/*
 * core/tcp-theap.c - the timer heap: a binary min-heap of TCBs keyed by
 * their earliest timer, each TCB at most once (it knows its place, hidx),
 * so that stack_deadline() is the top and stack_tick() takes only the TCBs
 * that are due: O(log n) per change instead of a walk over every TCB.
 * A key may be earlier than the TCB's earliest timer (a timer was put
 * off or disarmed without telling the heap); popping it then costs one
 * look and the TCB goes back with its true key.  It is never later:
 * tcp_timer_set() moves a TCB up whenever a timer comes earlier.
 */
#include <stdlib.h>

#include "core/tcp-int.h"
#include "core/xmalloc.h"

struct tcb_heap {
	struct tcb	**a;
	size_t		  n, cap;
};

/* A new empty heap. */
struct tcb_heap *
tcb_heap_new(void)
{
	return (xcalloc(1, sizeof(struct tcb_heap)));
}

/* Free the heap (not the TCBs). */
void
tcb_heap_free(struct tcb_heap *h)
{
	if (h == NULL)
		return;
	free(h->a);
	free(h);
}

/* The earliest of t's timers, or TCP_NEVER. */
static uint64_t
heap_key(const struct tcb *t)
{
	uint64_t	k = TCP_NEVER;
	int		i;

	for (i = 0; i < TT_N; i++)
		if (t->timer[i] < k)
			k = t->timer[i];
	return (k);
}

/* Put t at place i. */
static void
heap_put(struct tcb_heap *h, size_t i, struct tcb *t)
{
	h->a[i] = t;
	t->hidx = i + 1;
}

/* Whether the entry at i goes before the one at j (earlier; ties: lower id). */
static int
heap_less(const struct tcb_heap *h, size_t i, size_t j)
{
	const struct tcb	*a = h->a[i], *b = h->a[j];

	return (a->hkey < b->hkey || (a->hkey == b->hkey && a->id < b->id));
}

/* Swap the entries at i and j. */
static void
heap_swap(struct tcb_heap *h, size_t i, size_t j)
{
	struct tcb	*t = h->a[i];

	heap_put(h, i, h->a[j]);
	heap_put(h, j, t);
}

/* Move the entry at i up or down to its place. */
static void
heap_fix(struct tcb_heap *h, size_t i)
{
	size_t	c;

	while (i > 0 && heap_less(h, i, (i - 1) / 2)) {
		heap_swap(h, i, (i - 1) / 2);
		i = (i - 1) / 2;
	}
	for (;;) {
		c = 2 * i + 1;
		if (c >= h->n)
			break;
		if (c + 1 < h->n && heap_less(h, c + 1, c))
			c++;
		if (!heap_less(h, c, i))
			break;
		heap_swap(h, i, c);
		i = c;
	}
}

/* Take t out of the heap (nothing when it is not in). */
void
tcb_heap_del(struct tcb_heap *h, struct tcb *t)
{
	size_t	i;

	if (t->hidx == 0)
		return;
	i = t->hidx - 1;
	t->hidx = 0;
	if (i != --h->n) {
		heap_put(h, i, h->a[h->n]);
		heap_fix(h, i);
	}
}

/* t's timers changed: key it by its earliest (out when none is armed). */
void
tcb_heap_update(struct tcb_heap *h, struct tcb *t)
{
	uint64_t	k = heap_key(t);

	if (k == TCP_NEVER) {
		tcb_heap_del(h, t);
		return;
	}
	t->hkey = k;
	if (t->hidx == 0) {
		if (h->n == h->cap) {
			h->cap = h->cap ? h->cap * 2 : 64;
			h->a = xrealloc(h->a, h->cap * sizeof *h->a);
		}
		heap_put(h, h->n++, t);
	}
	heap_fix(h, t->hidx - 1);
}

/* The earliest key (no later than any armed timer), or TCP_NEVER. */
uint64_t
tcb_heap_min(const struct tcb_heap *h)
{
	return (h->n > 0 ? h->a[0]->hkey : TCP_NEVER);
}

/* Take out and return a TCB whose key is due at now, or NULL. */
struct tcb *
tcb_heap_pop_due(struct tcb_heap *h, uint64_t now)
{
	struct tcb	*t;

	if (h->n == 0 || h->a[0]->hkey > now)
		return (NULL);
	t = h->a[0];
	tcb_heap_del(h, t);
	return (t);
}

/* How many TCBs are in the heap. */
size_t
tcb_heap_len(const struct tcb_heap *h)
{
	return (h->n);
}
