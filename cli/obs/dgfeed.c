/*
 * cli/obs/dgfeed.c - the session's own ladder, fed from the event stream:
 * segments as they go by, the engine's states and resend reasons, and what
 * step mode and faults did to segments.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/diagram/diagram.h"
#include "cli/obs/dgfeed.h"
#include "cli/obs/out.h"
#include "cli/run/session.h"
#include "core/xmalloc.h"

struct dgfeed {
	struct session	*s;
	struct dg	*dg;
	unsigned long	 count;		/* things recorded; grows = redraw */
	unsigned long	 slack;		/* ... of them never held (dgfeed_room) */
	uint64_t	 new_since;	/* this second of new conversations began */
	unsigned	 new_count;	/* new conversations drawn in it */
	unsigned long	 flood_left;	/* segments left out: too many new */
	unsigned	 keep_items;	/* items a conversation keeps */
	unsigned	 rexmit;	/* the engine said this connection resends */
	char		 rexmit_why[TCP_WHYLEN];	/* and why */
};

static void	dgfeed_event(void *, const struct run_ev *);
static int	dgfeed_spent(struct dgfeed *, uint64_t);

/* The diagram of s's conversations, subscribed to its bus. */
struct dgfeed *
dgfeed_new(struct session *s)
{
	struct dgfeed	*f = xcalloc(1, sizeof *f);

	f->s = s;
	f->keep_items = DGFEED_KEEP_ITEMS;
	bus_subscribe(&s->bus, dgfeed_event, f);
	bus_want(&s->bus, dgfeed_event, f, BUS_TYPE(RUN_FRAME) |
	    BUS_TYPE(RUN_ENGINE) | BUS_TYPE(RUN_GATE) | BUS_TYPE(RUN_PUMPED));
	return (f);
}

/* Unsubscribe and free the diagram. */
void
dgfeed_free(struct dgfeed *f)
{
	if (f == NULL)
		return;
	bus_unsubscribe(&f->s->bus, dgfeed_event, f);
	dg_free(f->dg);
	free(f);
}

/* The diagram's model (made when create and there is none yet). */
struct dg *
dgfeed_model(struct dgfeed *f, int create)
{
	if (f->dg == NULL && create) {
		f->dg = dg_new();
		dg_set_keep(f->dg, DGFEED_KEEP_CONVS);
		dg_set_keep_items(f->dg, f->keep_items);
	}
	if (f->dg != NULL)	/* the abs_seq setting, as the lines follow it */
		dg_set_abs_seq(f->dg, stack_cfg(f->s->st)->abs_seq);
	return (f->dg);
}

/* How many things were recorded. */
unsigned long
dgfeed_count(const struct dgfeed *f)
{
	return (f->count);
}

/* Conversations the diagram's bound dropped, and their things (*items). */
unsigned long
dgfeed_dropped(const struct dgfeed *f, uint64_t *items)
{
	*items = 0;
	return (f->dg != NULL ? dg_evicted(f->dg, items) : 0);
}

/* Keep about the newest n items of each conversation. */
void
dgfeed_set_keep_items(struct dgfeed *f, unsigned n)
{
	f->keep_items = n;
	if (f->dg != NULL)
		dg_set_keep_items(f->dg, n);
}

/* Items a conversation keeps. */
unsigned
dgfeed_keep_items(const struct dgfeed *f)
{
	return (f->keep_items);
}

/* Items dropped from long conversations so far. */
uint64_t
dgfeed_trimmed(const struct dgfeed *f)
{
	return (f->dg != NULL ? dg_trimmed(f->dg) : 0);
}

/* Whether the diagram takes one more thing; it says once when it stops. */
static int
dgfeed_room(struct dgfeed *f)
{
	uint64_t	gone = 0, held;

	if (f->dg != NULL) {
		dg_evicted(f->dg, &gone);
		gone += dg_trimmed(f->dg);	/* what long ones let go */
	}
	if (f->count - gone - f->slack < DGFEED_MAX_SEGS) {
		dgfeed_model(f, 1);
		return (1);
	}
	/*
	 * The count overstates what is held (engine states that found no
	 * conversation to join were counted too): look, rarely, near the bound.
	 */
	if (f->dg != NULL && (held = dg_things(f->dg)) < DGFEED_MAX_SEGS / 2) {
		f->slack = f->count - gone - held;
		dgfeed_model(f, 1);
		return (1);
	}
	if (f->count++ == DGFEED_MAX_SEGS)
		say_err("diagram: %d segments recorded; later ones are left "
		    "out", DGFEED_MAX_SEGS);
	return (0);
}

/* Segments left out: they began too many conversations a second. */
unsigned long
dgfeed_flood_left(const struct dgfeed *f)
{
	return (f->flood_left);
}

/*
 * Whether seg, of a conversation not drawn yet, may begin one at now: at
 * most DGFEED_NEW_RATE a second, so that a flood of forged SYNs from
 * random addresses costs a count, not a conversation each.
 */
static int
dgfeed_new_ok(struct dgfeed *f, const struct seg *seg, uint64_t now)
{
	if (dg_knows(f->dg, seg))
		return (1);
	if (dgfeed_spent(f, now)) {
		f->flood_left++;
		return (0);
	}
	f->new_count++;
	return (1);
}

/* Whether this second's DGFEED_NEW_RATE new conversations are drawn already. */
static int
dgfeed_spent(struct dgfeed *f, uint64_t now)
{
	if (now - f->new_since >= 1000000) {
		f->new_since = now;
		f->new_count = 0;
	}
	return (f->new_count >= DGFEED_NEW_RATE);
}

/*
 * Whether our end's new state in connection ts is worth keeping for the
 * diagram: not when the conversation is not drawn and this second's new
 * conversations are spent, for then its segments will not be drawn
 * either (a flood's half-open connections), and a state kept for them
 * would be looked for again at every turn.
 */
static int
dgfeed_state_ok(struct dgfeed *f, const struct tcp_status *ts, uint64_t now)
{
	struct seg	probe;

	if (!dgfeed_spent(f, now))
		return (1);
	memset(&probe, 0, sizeof probe);
	probe.src = ts->local.addr;
	probe.th.sport = ts->local.port;
	probe.dst = ts->remote.addr;
	probe.th.dport = ts->remote.port;
	return (dg_knows(f->dg, &probe));
}

/* A TCP segment we sent (out) or received. */
static void
dgfeed_seg(struct dgfeed *f, const struct run_ev *ev)
{
	const struct seg	*seg = ev->seg;
	unsigned		 id;
	int			 out = ev->dir == RUN_OUT;
	uint64_t		 now;

	if (seg->proto == IPPROTO_UDP_ || !dgfeed_room(f))
		return;
	now = turn_wall_us();
	if (!dgfeed_new_ok(f, seg, now))
		return;
	if ((id = dg_add_seg(f->dg, seg, now, out ? DG_DIR_OUT :
	    DG_DIR_IN)) == 0)
		return;
	f->count++;
	if (out && ev->meta != NULL && ev->meta->edited)
		dg_mark_last(f->dg, id, DG_M_EDITED);
	if (out && f->rexmit != 0 && ev->meta != NULL && ev->meta->rexmit &&
	    ev->meta->conn == f->rexmit) {
		/* The engine knows what the wire cannot: why it resent. */
		dg_mark_last(f->dg, id, DG_M_RETRANS);
		dg_note_last(f->dg, id, f->rexmit_why);
		f->rexmit = 0;
	}
}

/* An engine event: our end's state, or the reason for a resend. */
static void
dgfeed_engine(struct dgfeed *f, const struct run_ev *ev)
{
	const struct tcp_event	*tev = ev->tev;
	struct tcp_status	 ts;

	if (tev->type == TEV_NOTE && tev->conn != 0 &&
	    (tev->cause == TCP_CAUSE_RTO ||
	    tev->cause == TCP_CAUSE_FAST_RETRANSMIT)) {
		f->rexmit = tev->conn;
		snprintf(f->rexmit_why, sizeof f->rexmit_why, "%s", tev->why);
		return;
	}
	if (tev->type != TEV_STATE || tcp_status(f->s->st, tev->conn, &ts) != 0 ||
	    ts.remote.port == 0)
		return;		/* a listener has no conversation */
	dgfeed_model(f, 1);
	if (!dgfeed_state_ok(f, &ts, turn_wall_us()))
		return;
	dg_local_state(f->dg, &ts.local, &ts.remote, tev->to, tev->why,
	    turn_wall_us(), ev->cause);
	f->count++;
}

/*
 * A resend the engine just gave the gate, recorded as conversation id's
 * last segment: marked, with the engine's reason, where it was made
 * (held or dropped at the gate, it may never reach the wire).
 */
static void
dgfeed_resend(struct dgfeed *f, const struct gate_out *g, unsigned id)
{
	if (id == 0 || g->dir != GATE_OUT || f->rexmit == 0 ||
	    g->meta == NULL || !g->meta->rexmit || g->meta->conn != f->rexmit)
		return;
	dg_mark_last(f->dg, id, DG_M_RETRANS);
	dg_note_last(f->dg, id, f->rexmit_why);
	f->rexmit = 0;
}

/* What step mode or a fault did to a segment. */
static void
dgfeed_gate(struct dgfeed *f, const struct gate_out *g)
{
	int		dir = g->dir == GATE_OUT ? DG_DIR_OUT : DG_DIR_IN;
	unsigned	id;

	switch (g->act) {
	case GATE_HELD:
		dgfeed_model(f, 1);
		id = dg_hold(f->dg, (uint64_t)(uintptr_t)g->g, g->seg,
		    turn_wall_us(), dir, g->g->num);
		dgfeed_resend(f, g, id);
		break;
	case GATE_FAULT_DELAY:
		dgfeed_model(f, 1);
		dg_hold(f->dg, (uint64_t)(uintptr_t)g->g, g->seg, turn_wall_us(), dir,
		    g->g->num);
		break;
	case GATE_RELEASED:
	case GATE_DROPPED:
		if (f->dg == NULL)
			return;
		dg_unhold(f->dg, (uint64_t)(uintptr_t)g->g,
		    g->act == GATE_DROPPED);
		/* Coming in edited: the wire shows the original, so draw what the engine got. */
		if (g->act == GATE_RELEASED && g->meta->edited &&
		    g->dir == GATE_IN)
			dg_offwire(f->dg, g->seg, turn_wall_us(), DG_DIR_IN,
			    g->g->num, DG_M_EDITED);
		break;
	case GATE_PASS:
		if (g->g == NULL || g->g->release_at == 0 || f->dg == NULL)
			return;
		dg_unhold(f->dg, (uint64_t)(uintptr_t)g->g, 0);	/* delayed */
		break;
	case GATE_FAULT_DROP:
		dgfeed_model(f, 1);
		id = dg_offwire(f->dg, g->seg, turn_wall_us(), dir, 0, DG_M_DROPPED);
		dgfeed_resend(f, g, id);
		break;
	default:
		return;
	}
	f->count++;
}

/* Feed one event of the stream to the diagram. */
static void
dgfeed_event(void *arg, const struct run_ev *ev)
{
	struct dgfeed	*f = arg;

	switch (ev->type) {
	case RUN_FRAME:
		if (ev->seg != NULL)
			dgfeed_seg(f, ev);
		break;
	case RUN_ENGINE:
		dgfeed_engine(f, ev);
		break;
	case RUN_GATE:
		dgfeed_gate(f, ev->gate);
		break;
	case RUN_PUMPED:
		if (f->dg != NULL)	/* the engine's states no segment went with */
			dg_local_flush(f->dg);
		break;
	default:
		break;
	}
}

/* What is left of 2MSL for each end of conversation conv in TIME-WAIT. */
void
dgfeed_timewait(struct dgfeed *f, unsigned conv, char *buf, size_t len)
{
	struct endpoint		 ep[2];
	struct tcp_status	 ts;
	struct seg		 probe;
	enum tcp_state		 st;
	uint64_t		 at, now;
	unsigned		 id;
	int			 e, local, ours;
	size_t			 o = 0;

	buf[0] = '\0';
	if (f->dg == NULL || dg_conv_ends(f->dg, conv, ep) != 0)
		return;
	local = dg_conv_local(f->dg, conv);
	for (e = 0; e < 2; e++) {
		if (e == local) {
			memset(&probe, 0, sizeof probe);
			probe.src = ep[!e].addr;
			probe.th.sport = ep[!e].port;
			probe.dst = ep[e].addr;
			probe.th.dport = ep[e].port;
			if ((id = stack_find(f->s->st, &probe, &ours)) == 0 ||
			    tcp_status(f->s->st, id, &ts) != 0 ||
			    ts.state != TCP_TIME_WAIT ||
			    ts.timer[TCP_TIMER_TIMEWAIT] == TCP_NEVER)
				continue;
			at = ts.timer[TCP_TIMER_TIMEWAIT];
			now = session_now(f->s);
		} else if (dg_conv_timer(f->dg, conv, e, &st, &at) != 0 ||
		    st != TCP_TIME_WAIT || at == TCP_NEVER)
			continue;
		else
			now = wall_us();
		o += (size_t)snprintf(buf + o, len - o, "%sTIME-WAIT %s %.1f s",
		    o > 0 ? ", " : "", e == local ? "us" : "peer",
		    at > now ? (double)(at - now) / 1e6 : 0.0);
		if (o >= len)
			return;
	}
}
