/*
 * cli/hold.c - step mode and fault injection on the session's data path:
 * segments in either direction can be held (numbered) until the user
 * releases, edits or drops them, and the next N segments can be dropped,
 * duplicated, swapped with their successor, delayed or corrupted.
 */
#include <stdlib.h>
#include <string.h>

#include "cli/hold.h"
#include "cli/session.h"
#include "core/xmalloc.h"

static const char *fault_names[] = { "drop", "duplicate", "reorder", "delay",
    "corrupt" };
static const char *dir_names[] = { "outbound", "inbound" };

/* The engine's clock: real time less the time spent frozen. */
uint64_t
hold_now(const struct holdq *h)
{
	uint64_t	now = now_us();

	if (h->frozen_at != 0)
		now = h->frozen_at;
	return (now - h->frozen_total);
}

/* Stop (on) or restart the engine's clock. */
void
hold_freeze(struct holdq *h, bool on)
{
	if (on && h->frozen_at == 0)
		h->frozen_at = now_us();
	else if (!on && h->frozen_at != 0) {
		h->frozen_total += now_us() - h->frozen_at;
		h->frozen_at = 0;
	}
}

/* A copy of s whose payload the held entry owns. */
static struct held *
held_new(enum hold_dir dir, const struct seg *s)
{
	struct held	*e = xcalloc(1, sizeof *e);

	e->dir = dir;
	e->seg = *s;
	if (s->len > 0) {
		e->data = xmalloc(s->len);
		memcpy(e->data, s->data, s->len);
	}
	e->seg.data = e->data;
	return (e);
}

/* Free a held entry. */
static void
held_free(struct held *e)
{
	free(e->data);
	free(e);
}

/* Append e to the held list. */
static void
held_append(struct holdq *h, struct held *e)
{
	struct held	**pp;

	for (pp = &h->held; *pp != NULL; pp = &(*pp)->next)
		;
	*pp = e;
}

/* Unlink e from the held list. */
static void
held_unlink(struct holdq *h, struct held *e)
{
	struct held	**pp;

	for (pp = &h->held; *pp != NULL; pp = &(*pp)->next) {
		if (*pp == e) {
			*pp = e->next;
			e->next = NULL;
			return;
		}
	}
}

/* Hand a segment on: out to the wire, in to the engine. */
static void
hold_pass(struct session *s, enum hold_dir dir, const struct seg *seg,
    bool corrupt)
{
	if (dir == HOLD_OUT)
		net_send_seg(s, seg, corrupt);
	else if (corrupt)
		say(s, "* fault: inbound segment corrupted: dropped as a bad "
		    "checksum would be");
	else {
		stack_input(s->st, seg, hold_now(&s->hold));
		s->dg_cause = seg;	/* the states it causes go on its arrow */
		session_pump(s);
		s->dg_cause = NULL;
	}
}

/* Whether step mode holds this segment. */
static bool
hold_stepping(const struct session *s, enum hold_dir dir, const struct seg *seg)
{
	struct tcp_status	ts;
	struct endpoint		l, r;

	if (!s->hold.step[dir])
		return (false);
	if (s->hold.step_conn == 0)
		return (true);
	if (tcp_status(s->st, s->hold.step_conn, &ts) != 0)
		return (false);
	l.addr = dir == HOLD_OUT ? seg->src : seg->dst;
	l.port = dir == HOLD_OUT ? seg->th.sport : seg->th.dport;
	r.addr = dir == HOLD_OUT ? seg->dst : seg->src;
	r.port = dir == HOLD_OUT ? seg->th.dport : seg->th.sport;
	return (l.port == ts.local.port && r.port == ts.remote.port &&
	    addr_eq(&l.addr, &ts.local.addr) && addr_eq(&r.addr, &ts.remote.addr));
}

/* The first armed fault for dir, or NULL. */
static struct fault *
hold_next_fault(struct holdq *h, enum hold_dir dir)
{
	struct fault	*f;

	for (f = h->faults; f != NULL; f = f->next)
		if (f->dir == dir && f->left > 0)
			return (f);
	return (NULL);
}

/* Apply the armed faults (if any) to a segment that step mode let through. */
static void
hold_faults(struct session *s, enum hold_dir dir, const struct seg *seg)
{
	struct holdq	*h = &s->hold;
	struct fault	*f = hold_next_fault(h, dir);
	struct held	*e, *waiting = h->reorder[dir];

	if (f == NULL) {
		hold_pass(s, dir, seg, false);
		if (waiting != NULL) {
			/* The reordered one goes right after its successor. */
			h->reorder[dir] = NULL;
			say(s, "* fault: %s segment released after the one that "
			    "overtook it", dir_names[dir]);
			hold_pass(s, dir, &waiting->seg, false);
			held_free(waiting);
		}
		return;
	}
	f->left--;
	switch (f->kind) {
	case FAULT_DROP:
		say(s, "* fault: %s segment seq %u dropped (%d more)",
		    dir_names[dir], seg->th.seq, f->left);
		session_diagram_dropped(s, dir, seg);
		break;
	case FAULT_DUP:
		say(s, "* fault: %s segment seq %u duplicated (%d more)",
		    dir_names[dir], seg->th.seq, f->left);
		hold_pass(s, dir, seg, false);
		hold_pass(s, dir, seg, false);
		break;
	case FAULT_CORRUPT:
		say(s, "* fault: %s segment seq %u corrupted (%d more)",
		    dir_names[dir], seg->th.seq, f->left);
		hold_pass(s, dir, seg, true);
		break;
	case FAULT_DELAY:
		e = held_new(dir, seg);
		e->release_at = now_us() + f->delay;
		held_append(h, e);
		session_diagram_hold(s, e);
		say(s, "* fault: %s segment seq %u delayed by %llu ms (%d more)",
		    dir_names[dir], seg->th.seq,
		    (unsigned long long)(f->delay / 1000), f->left);
		break;
	case FAULT_REORDER:
		if (waiting != NULL) {
			/* Two reorders in a row: the older one goes now. */
			hold_pass(s, dir, &waiting->seg, false);
			held_free(waiting);
		}
		h->reorder[dir] = held_new(dir, seg);
		say(s, "* fault: %s segment seq %u held back until the next "
		    "one has passed (%d more)", dir_names[dir], seg->th.seq,
		    f->left);
		break;
	}
}

/* Route a segment through step mode and the armed faults. */
void
hold_route(struct session *s, enum hold_dir dir, const struct seg *seg)
{
	struct held	*e;

	if (!hold_stepping(s, dir, seg)) {
		hold_faults(s, dir, seg);
		return;
	}
	e = held_new(dir, seg);
	e->num = ++s->hold.next_num;
	held_append(&s->hold, e);
	session_diagram_hold(s, e);
	if (s->hold.freeze)
		hold_freeze(&s->hold, true);
	net_show_seg(s, dir == HOLD_OUT ? '>' : '<', e->num, &e->seg);
}

/* The held segment #num (0: the oldest one held by step), or NULL. */
struct held *
hold_find(struct session *s, unsigned num)
{
	struct held	*e;

	for (e = s->hold.held; e != NULL; e = e->next)
		if (e->num != 0 && (num == 0 || e->num == num))
			return (e);
	return (NULL);
}

/* Restart the clock when nothing is held any more. */
static void
hold_maybe_thaw(struct session *s)
{
	if (hold_find(s, 0) == NULL)
		hold_freeze(&s->hold, false);
}

/* Let segment #num go. */
int
hold_release(struct session *s, unsigned num)
{
	struct held	*e = hold_find(s, num);

	if (e == NULL)
		return (-1);
	held_unlink(&s->hold, e);
	hold_maybe_thaw(s);
	session_diagram_unhold(s, e, 0);
	if (e->edited)
		session_diagram_edited(s, e);
	hold_faults(s, e->dir, &e->seg);
	s->dg_mark = 0;
	held_free(e);
	return (0);
}

/* Discard segment #num. */
int
hold_drop(struct session *s, unsigned num)
{
	struct held	*e = hold_find(s, num);

	if (e == NULL)
		return (-1);
	held_unlink(&s->hold, e);
	session_diagram_unhold(s, e, 1);
	say(s, "* #%u dropped: the %s never sees it", e->num,
	    e->dir == HOLD_OUT ? "peer" : "engine");
	held_free(e);
	hold_maybe_thaw(s);
	return (0);
}

/* Release the delayed segments whose time has come. */
void
hold_timers(struct session *s)
{
	struct held	*e, *next;
	uint64_t	 now = now_us();

	for (e = s->hold.held; e != NULL; e = next) {
		next = e->next;
		if (e->num != 0 || e->release_at > now)
			continue;
		held_unlink(&s->hold, e);
		session_diagram_unhold(s, e, 0);
		hold_pass(s, e->dir, &e->seg, false);
		held_free(e);
	}
}

/* The earliest release time of a delayed segment, or TCP_NEVER. */
uint64_t
hold_deadline(const struct session *s)
{
	const struct held	*e;
	uint64_t		 d = TCP_NEVER;

	for (e = s->hold.held; e != NULL; e = e->next)
		if (e->num == 0 && e->release_at < d)
			d = e->release_at;
	return (d);
}

/* Arm a fault for the next n segments in direction dir. */
int
hold_fault(struct holdq *h, enum fault_kind kind, enum hold_dir dir, int n,
    uint64_t delay)
{
	struct fault	*f = xcalloc(1, sizeof *f), **pp;

	f->kind = kind;
	f->dir = dir;
	f->left = n;
	f->delay = delay;
	for (pp = &h->faults; *pp != NULL; pp = &(*pp)->next)
		;
	*pp = f;
	return (0);
}

/* The name of a fault kind. */
const char *
hold_fault_name(enum fault_kind k)
{
	return (fault_names[k]);
}

/* Disarm every fault. */
void
hold_free_faults(struct holdq *h)
{
	struct fault	*f;

	while ((f = h->faults) != NULL) {
		h->faults = f->next;
		free(f);
	}
}

/* Free everything held and armed. */
void
hold_free(struct holdq *h)
{
	struct held	*e;
	int		 i;

	while ((e = h->held) != NULL) {
		h->held = e->next;
		held_free(e);
	}
	hold_free_faults(h);
	for (i = 0; i < 2; i++) {
		if (h->reorder[i] != NULL)
			held_free(h->reorder[i]);
		h->reorder[i] = NULL;
	}
}
