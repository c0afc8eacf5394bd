/*
 * core/tcp-reap.c - the end of a TCB: freed once it is CLOSED and nobody
 * can read from it any more (its owner released it, or it is a child its
 * listener never handed out), at the start of the next call into the
 * stack so that the events about its closing can still look it up; and
 * what the connection table holds, for `stat conns`.
 */
#include "core/tcp-int.h"

/*
 * Whether nobody can read from t any more: it is CLOSED and its owner
 * released it, or it is a child its listener never handed out and never
 * will (dropped in SYN-RECEIVED, or discarded with its listener).
 */
static bool
stack_freeable(const struct tcb *t)
{
	return (t->state == TCP_CLOSED && (t->released ||
	    (t->listener != 0 && !t->accepted && !t->in_acceptq)));
}

/* Queue t to be freed at the next call into the stack, if it is done. */
void
stack_reap_queue(struct stack *st, struct tcb *t)
{
	if (t->reaping || !stack_freeable(t))
		return;
	t->reaping = true;
	t->reap_next = st->reap;
	st->reap = t;
}

/*
 * Free the TCBs queued since the last call, each with a TEV_FREED event.
 * Called first by every call that can look TCBs up, so that no pointer to
 * one is held across it.
 */
void
stack_reap(struct stack *st)
{
	struct tcb	*t;

	while ((t = st->reap) != NULL) {
		st->reap = t->reap_next;
		stack_emit(st, TEV_FREED, t, 0, TCP_CAUSE_FREED, NULL,
		    "connection freed: CLOSED and %s", t->released ?
		    "released by its owner" : "never handed out by its "
		    "listener");
		tcb_kid_del(t);
		tcb_heap_del(st->heap, t);
		tcb_table_del(st->tab, t);
		tcb_table_freed(st->tab);
		stack_free_tcb(t);
	}
}

/* The owner is done with conn: free it once CLOSED. */
int
tcp_release(struct stack *st, unsigned conn)
{
	struct tcb	*t = stack_tcb(st, conn);

	if (t == NULL)
		return (-1);
	t->released = true;
	stack_reap_queue(st, t);
	return (0);
}

/* What the connection table holds. */
void
stack_table_stats(const struct stack *st, struct tcp_table_stats *o)
{
	tcb_table_stats(st->tab, o);
	o->timers = tcb_heap_len(st->heap);
}
