/*
 * core/tracker.c - the passive tracker: infers both endpoints' states of
 * every TCP conversation from observed segments (RFC 9293 §3.3.2 state
 * diagram, §3.10.7 segment arrival rules read from the wire), with
 * keepalive (RFC 1122 §4.2.3.6) and zero-window probe (RFC 9293 §3.8.6.1)
 * recognition, RST acceptability (RFC 9293 §3.10.7.4, RFC 5961 §3.2) and
 * the TIME-WAIT 2MSL timer (RFC 9293 §3.10.8).  See core/tracker.h for the
 * model and its presumptions; core/tracker-table.c keeps the table of
 * conversations and the queue of events.
 */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "core/seq.h"
#include "core/tracker-int.h"

/* How a segment relates to what its sender had sent before. */
enum trk_class {
	TC_NEW,		/* new sequence space, or a pure ACK */
	TC_RETRANS,	/* sequence space sent before */
	TC_KEEPALIVE,	/* seq = SND.NXT - 1, 0 or 1 byte, peer's window open */
	TC_ZWP,		/* a probe of the peer's zero window */
};

/* The segment being processed, from end a to end b of conversation c. */
struct trk_in {
	struct trk_conv	*c;
	const struct seg *s;
	int		 a, b;
	uint64_t	 now;
	uint32_t	 seq, ack, seqlen;
	uint16_t	 flags;
};

static void	 trk_set_state(struct tracker *, struct trk_conv *, int,
		    enum tcp_state, uint64_t, uint32_t, const char *, ...)
		    __attribute__((format(printf, 7, 8)));
static struct trk_conv *trk_create(struct tracker *, const struct seg *,
		    uint64_t, int *);
static int	 trk_is_reopen(const struct trk_conv *, int, uint32_t);
static void	 trk_retire(struct tracker *, struct trk_conv *, int,
		    const struct trk_in *);
static void	 trk_syn_opts(struct trk_end *, const struct seg *);
static enum trk_class trk_classify(const struct trk_in *);
static void	 trk_fin_received(struct tracker *, struct trk_in *, int,
		    const char *);
static void	 trk_rst(struct tracker *, struct trk_in *);
static void	 trk_sender(struct tracker *, struct trk_in *, enum trk_class);
static void	 trk_receiver(struct tracker *, struct trk_in *);
static void	 trk_advance(struct trk_in *);
static void	 trk_report(struct tracker *, struct trk_in *, enum trk_class);
static int	 trk_acks_syn(const struct trk_end *, const struct trk_in *);

/*
 * A number of end e's sequence space as notes print it: relative to e's
 * ISN once known (as tcpdump without -S), absolute with cfg.abs_seq.
 * ISNs themselves (SYN and SYN,ACK notes) always print absolute.
 */
static uint32_t
trk_num(const struct tracker *tr, const struct trk_conv *c, int e,
    uint32_t seq)
{
	if (tr->cfg.abs_seq || !c->end[e].isn_known)
		return (seq);
	return (seq - c->end[e].isn);
}

/*
 * Move end `end` of c to state to, emitting a TRK_EV_STATE event that says
 * why; arms or clears the end's timer for the new state.
 */
static void
trk_set_state(struct tracker *tr, struct trk_conv *c, int end,
    enum tcp_state to, uint64_t now, uint32_t seq, const char *fmt, ...)
{
	struct trk_end		*e = &c->end[end];
	struct trk_event	*ev;
	char			 why[TRK_WHYLEN];
	va_list			 ap;

	va_start(ap, fmt);
	vsnprintf(why, sizeof why, fmt, ap);
	va_end(ap);
	ev = trk_emit(tr, TRK_EV_STATE, c, end, now, seq, "%s", why);
	ev->to = to;
	e->state = to;
	switch (to) {
	case TCP_SYN_SENT:
	case TCP_SYN_RECEIVED:
		e->deadline = now + tr->cfg.handshake;
		break;
	case TCP_TIME_WAIT:
		e->deadline = now + tr->cfg.time_wait;
		break;
	default:
		e->deadline = TCP_NEVER;
		break;
	}
	if (e->deadline < tr->soonest)
		tr->soonest = e->deadline;
	if (to == TCP_CLOSED || to == TCP_LISTEN) {
		e->fin_pending = e->fin_lost = false;
		e->ka_pending = false;
	}
}

/* Record the options of SYN s in e (RFC 9293 §3.7.1, RFC 7323, RFC 2018). */
static void
trk_syn_opts(struct trk_end *e, const struct seg *s)
{
	const struct tcp_opt	*o;

	e->syn_seen = true;
	e->isn_known = true;
	e->isn = s->th.seq;
	o = wire_tcpopt_find(&s->th, TCPOPT_MSS);
	e->mss = o != NULL ? o->u.mss : 0;
	o = wire_tcpopt_find(&s->th, TCPOPT_WSCALE);
	e->wscale = o != NULL ? (o->u.wscale > 14 ? 14 : o->u.wscale) : -1;
	e->sack_perm = wire_tcpopt_find(&s->th, TCPOPT_SACK_PERM) != NULL;
	e->ts = wire_tcpopt_find(&s->th, TCPOPT_TIMESTAMP) != NULL;
}

/*
 * Create the conversation that s opens, with its presumed starting states;
 * *a gets the end that sent s.
 */
static struct trk_conv *
trk_create(struct tracker *tr, const struct seg *s, uint64_t now, int *a)
{
	struct trk_conv	*c;
	int		 i, b;
	uint16_t	 f = s->th.flags;

	c = &tr->slot[trk_slot_new(tr, s, now)].c;
	c->first = c->last = now;
	/* The receiver of a first SYN,ACK sent the SYN we did not see. */
	*a = (f & (TH_SYN | TH_ACK | TH_RST)) == (TH_SYN | TH_ACK) ?
	    TRK_RESP : TRK_INIT;
	b = !*a;
	c->end[*a].ep.addr = s->src;
	c->end[*a].ep.port = s->th.sport;
	c->end[b].ep.addr = s->dst;
	c->end[b].ep.port = s->th.dport;
	for (i = 0; i < 2; i++) {
		c->end[i].state = TCP_CLOSED;
		c->end[i].wscale = -1;
		c->end[i].deadline = TCP_NEVER;
	}

	if (f & TH_RST) {
		c->midstream = true;
		trk_emit(tr, TRK_EV_CONV, c, -1, now, s->th.seq,
		    "a reset for a connection the capture never saw%s",
		    (f & TH_ACK) && s->th.seq == 0 ?
		    " (likely refusing an uncaptured SYN)" : "");
	} else if ((f & (TH_SYN | TH_ACK)) == TH_SYN) {
		trk_emit(tr, TRK_EV_CONV, c, -1, now, s->th.seq,
		    "new conversation: the initiator sent a SYN");
		trk_set_state(tr, c, TRK_RESP, TCP_LISTEN, now, s->th.seq,
		    "presumed: a SYN was sent to it (RFC 9293 §3.3.2)");
		c->end[TRK_RESP].passive = true;
	} else if (f & TH_SYN) {
		c->midstream = true;
		trk_emit(tr, TRK_EV_CONV, c, -1, now, s->th.seq,
		    "new conversation: capture starts at the SYN,ACK");
		c->end[TRK_INIT].isn_known = true;
		c->end[TRK_INIT].isn = s->th.ack - 1;
		c->end[TRK_INIT].nxt_known = true;
		c->end[TRK_INIT].snd_nxt = s->th.ack;
		trk_set_state(tr, c, TRK_INIT, TCP_SYN_SENT, now, s->th.seq,
		    "presumed: a SYN,ACK acks its uncaptured SYN seq %u",
		    s->th.ack - 1);
		trk_set_state(tr, c, TRK_RESP, TCP_LISTEN, now, s->th.seq,
		    "presumed: it answers a SYN with SYN,ACK");
		c->end[TRK_RESP].passive = true;
	} else {
		c->midstream = true;
		trk_emit(tr, TRK_EV_CONV, c, -1, now, s->th.seq,
		    "new conversation: capture starts mid-stream");
		for (i = 0; i < 2; i++)
			trk_set_state(tr, c, i, TCP_ESTABLISHED, now,
			    s->th.seq, "presumed: the capture starts "
			    "mid-stream, without the handshake");
	}
	return (c);
}

/*
 * Whether a bare SYN (sequence number seq) from end a of c opens a new
 * connection on the same 4-tuple, rather than repeating its SYN or
 * answering one in a simultaneous open.
 */
static int
trk_is_reopen(const struct trk_conv *c, int a, uint32_t seq)
{
	enum tcp_state	sa = c->end[a].state, sb = c->end[!a].state;

	if (c->end[a].isn_known && seq == c->end[a].isn)
		return (0);	/* a duplicate of its SYN */
	if (sa == TCP_SYN_SENT)
		return (0);
	if (sa == TCP_LISTEN && sb == TCP_SYN_SENT)
		return (0);
	return (1);
}

/*
 * A new SYN from end a reuses c's 4-tuple: end the old conversation where
 * the wire shows it is over (RFC 9293 §3.6.1; RFC 6191 for TIME-WAIT).
 */
static void
trk_retire(struct tracker *tr, struct trk_conv *c, int a,
    const struct trk_in *in)
{
	int	b = !a;

	if (c->end[a].state != TCP_CLOSED && c->end[a].state != TCP_LISTEN)
		trk_set_state(tr, c, a, TCP_CLOSED, in->now, in->seq,
		    "sent a new SYN seq %u on this 4-tuple: it has left this "
		    "connection", in->seq);
	if (c->end[b].state == TCP_TIME_WAIT)
		trk_set_state(tr, c, b, TCP_CLOSED, in->now, in->seq,
		    "a new SYN seq %u reuses the 4-tuple: TIME-WAIT ends early "
		    "(RFC 9293 §3.6.1, RFC 6191)", in->seq);
}

/* How the segment relates to what its sender had already sent. */
static enum trk_class
trk_classify(const struct trk_in *in)
{
	const struct trk_end	*a = &in->c->end[in->a];
	const struct trk_end	*b = &in->c->end[in->b];
	int			 plain, old;

	if (!a->nxt_known)
		return (TC_NEW);
	if ((in->flags & TH_SYN) && a->isn_known && in->seq != a->isn)
		return (TC_NEW);
	plain = !(in->flags & (TH_SYN | TH_FIN)) && in->s->len <= 1;
	old = plain && in->seq == a->snd_nxt - 1;
	/*
	 * RFC 9293 §3.8.6.1: probing a zero window with a byte at its edge,
	 * or as Linux does, with an old byte at SND.UNA-1.
	 */
	if (plain && b->win_known && b->wnd == 0 && (old || (b->ack_known &&
	    (in->seq == b->ack - 1 || (in->s->len == 1 && in->seq == b->ack)))))
		return (TC_ZWP);
	/* RFC 1122 §4.2.3.6: SEG.SEQ = SND.NXT-1 with 0 or 1 garbage octet. */
	if (old && (a->state == TCP_ESTABLISHED ||
	    a->state == TCP_CLOSE_WAIT))
		return (TC_KEEPALIVE);
	/* A SYN,ACK repeats its SYN's sequence number the first time too. */
	if ((in->flags & (TH_SYN | TH_ACK)) == (TH_SYN | TH_ACK) &&
	    (a->state == TCP_SYN_SENT || a->state == TCP_LISTEN))
		return (TC_NEW);
	if (in->seqlen > 0 && SEQ_LT(in->seq, a->snd_nxt))
		return (TC_RETRANS);
	return (TC_NEW);
}

/*
 * End r now has received its peer's FIN (RFC 9293 §3.10.7.4, eighth: the
 * FIN bit); evidence says how we know.
 */
static void
trk_fin_received(struct tracker *tr, struct trk_in *in, int r,
    const char *evidence)
{
	struct trk_conv	*c = in->c;
	struct trk_end	*e = &c->end[r];
	uint32_t	 fs = c->end[!r].fin_seq;

	e->fin_pending = e->fin_lost = false;
	e->fin_rcvd = true;
	switch (e->state) {
	case TCP_SYN_RECEIVED:
	case TCP_ESTABLISHED:
		trk_set_state(tr, c, r, TCP_CLOSE_WAIT, in->now, fs,
		    "received FIN seq %u (%s): passive close "
		    "(RFC 9293 §3.10.7.4)", trk_num(tr, c, !r, fs), evidence);
		break;
	case TCP_FIN_WAIT_1:
		trk_set_state(tr, c, r, TCP_CLOSING, in->now, fs,
		    "received FIN seq %u (%s) before the ACK of its own FIN: "
		    "simultaneous close (RFC 9293 §3.10.7.4)",
		    trk_num(tr, c, !r, fs), evidence);
		break;
	case TCP_FIN_WAIT_2:
		trk_set_state(tr, c, r, TCP_TIME_WAIT, in->now, fs,
		    "received FIN seq %u (%s) after its own FIN was acked "
		    "(RFC 9293 §3.10.7.4)", trk_num(tr, c, !r, fs), evidence);
		break;
	default:
		break;
	}
}

/* An RST from end a: it closes its sender, and its receiver when acceptable. */
static void
trk_rst(struct tracker *tr, struct trk_in *in)
{
	struct trk_conv	*c = in->c;
	struct trk_end	*a = &c->end[in->a], *b = &c->end[in->b];
	int		 acked_syn, have, exact, inwin;
	uint32_t	 base, wnd;

	acked_syn = (in->flags & TH_ACK) && b->nxt_known &&
	    in->ack == b->snd_nxt;
	switch (a->state) {
	case TCP_CLOSED:
		break;
	case TCP_LISTEN:
		if (b->state == TCP_SYN_SENT && acked_syn)
			trk_set_state(tr, c, in->a, TCP_CLOSED, in->now,
			    in->seq, "answered the SYN with RST: nothing "
			    "listens on port %u (connection refused)",
			    a->ep.port);
		else
			trk_emit(tr, TRK_EV_NOTE, c, in->a, in->now, in->seq,
			    "sent RST seq %u from LISTEN: a listener resets "
			    "bad segments and keeps listening (RFC 9293 "
			    "§3.10.7.2)", trk_num(tr, c, in->a, in->seq));
		break;
	default:
		trk_set_state(tr, c, in->a, TCP_CLOSED, in->now, in->seq,
		    "sent RST seq %u: it aborted, or no longer knows the "
		    "connection (RFC 9293 §3.10.5)",
		    trk_num(tr, c, in->a, in->seq));
		break;
	}

	switch (b->state) {
	case TCP_CLOSED:
		break;
	case TCP_LISTEN:
		trk_emit(tr, TRK_EV_NOTE, c, in->b, in->now, in->seq,
		    "received RST seq %u in LISTEN: ignored (RFC 9293 "
		    "§3.10.7.2)", trk_num(tr, c, in->a, in->seq));
		break;
	case TCP_SYN_SENT:
		if (acked_syn)
			trk_set_state(tr, c, in->b, TCP_CLOSED, in->now,
			    in->seq, "received RST,ACK %u acking its SYN: "
			    "connection refused (RFC 9293 §3.10.7.3)",
			    trk_num(tr, c, in->b, in->ack));
		else
			trk_emit(tr, TRK_EV_NOTE, c, in->b, in->now, in->seq,
			    "received RST seq %u that does not ack its SYN: "
			    "ignored (RFC 9293 §3.10.7.3)",
			    trk_num(tr, c, in->a, in->seq));
		break;
	default:
		/* RCV.NXT is what it acked, or what its peer had sent. */
		have = b->ack_known || a->nxt_known;
		base = b->ack_known ? b->ack : a->snd_nxt;
		exact = (b->ack_known && in->seq == b->ack) ||
		    (a->nxt_known && in->seq == a->snd_nxt);
		wnd = b->win_known && b->wnd > 0 ? b->wnd : 1;
		inwin = seq_in(in->seq, base, base + wnd);
		if (!have || exact) {
			trk_set_state(tr, c, in->b,
			    b->state == TCP_SYN_RECEIVED && b->passive ?
			    TCP_LISTEN : TCP_CLOSED, in->now, in->seq,
			    "received RST seq %u, %s: connection reset "
			    "(RFC 9293 §3.10.7.4%s)",
			    trk_num(tr, c, in->a, in->seq),
			    have ? "= RCV.NXT, acceptable" :
			    "no sequence context to judge it",
			    b->state == TCP_SYN_RECEIVED && b->passive ?
			    ": back to LISTEN after a passive OPEN" :
			    b->state == TCP_TIME_WAIT ?
			    "; RFC 1337 would ignore it" : "");
		} else if (inwin)
			trk_emit(tr, TRK_EV_NOTE, c, in->b, in->now, in->seq,
			    "received RST seq %u in window but not RCV.NXT "
			    "%u: not reset, answered with a challenge ACK "
			    "(RFC 5961 §3.2)", trk_num(tr, c, in->a, in->seq),
			    trk_num(tr, c, in->a, base));
		else
			trk_emit(tr, TRK_EV_NOTE, c, in->b, in->now, in->seq,
			    "received RST seq %u outside its window [%u, %u): "
			    "ignored (RFC 9293 §3.10.7.4)",
			    trk_num(tr, c, in->a, in->seq),
			    trk_num(tr, c, in->a, base),
			    trk_num(tr, c, in->a, base + wnd));
		break;
	}
}

/* Whether the segment's ACK field acknowledges e's SYN. */
static int
trk_acks_syn(const struct trk_end *e, const struct trk_in *in)
{
	if (!(in->flags & TH_ACK))
		return (0);
	if (!e->isn_known)
		return (1);
	return (SEQ_GT(in->ack, e->isn));
}

/* What sending this segment tells about its sender's state. */
static void
trk_sender(struct tracker *tr, struct trk_in *in, enum trk_class cl)
{
	struct trk_conv	*c = in->c;
	struct trk_end	*a = &c->end[in->a], *b = &c->end[in->b];
	uint16_t	 f = in->flags;

	/* Its ACK covers its peer's FIN: it has received that FIN. */
	if (a->fin_pending && (f & TH_ACK) && b->fin_sent &&
	    SEQ_GT(in->ack, b->fin_seq))
		trk_fin_received(tr, in, in->a, "its ACK covers it");

	if ((f & (TH_SYN | TH_ACK)) == TH_SYN) {
		switch (a->state) {
		case TCP_CLOSED:
			trk_syn_opts(a, in->s);
			trk_set_state(tr, c, in->a, TCP_SYN_SENT, in->now,
			    in->seq, "sent SYN seq %u: active OPEN "
			    "(RFC 9293 §3.3.2)", in->seq);
			break;
		case TCP_LISTEN:
			trk_syn_opts(a, in->s);
			a->passive = false;
			trk_set_state(tr, c, in->a, TCP_SYN_SENT, in->now,
			    in->seq, "sent its own SYN seq %u: simultaneous "
			    "open (RFC 9293 §3.5, Figure 8)", in->seq);
			break;
		case TCP_SYN_SENT:
			if (a->isn_known && in->seq != a->isn) {
				trk_emit(tr, TRK_EV_NOTE, c, in->a, in->now,
				    in->seq, "sent a SYN with a new ISN %u "
				    "(was %u)", in->seq, a->isn);
				trk_syn_opts(a, in->s);
				a->snd_nxt = in->seq + in->seqlen;
			}
			break;
		default:
			break;
		}
		return;
	}
	if (f & TH_SYN) {	/* SYN,ACK */
		switch (a->state) {
		case TCP_LISTEN:
			trk_syn_opts(a, in->s);
			trk_set_state(tr, c, in->a, TCP_SYN_RECEIVED, in->now,
			    in->seq, "sent SYN,ACK seq %u ack %u: it received "
			    "the SYN (RFC 9293 §3.10.7.2)", in->seq, in->ack);
			break;
		case TCP_SYN_SENT:
			if (!a->isn_known || in->seq != a->isn)
				trk_syn_opts(a, in->s);
			trk_set_state(tr, c, in->a, TCP_SYN_RECEIVED, in->now,
			    in->seq, "sent SYN,ACK seq %u ack %u: it received "
			    "its peer's SYN in SYN-SENT, simultaneous open "
			    "(RFC 9293 §3.10.7.3)", in->seq, in->ack);
			/* The SYN,ACKs crossed: its peer's acked its SYN. */
			if (b->ack_known && a->isn_known &&
			    SEQ_GT(b->ack, a->isn))
				trk_set_state(tr, c, in->a, TCP_ESTABLISHED,
				    in->now, in->seq, "its peer's SYN,ACK, "
				    "seen before, acks its SYN: the SYN,ACKs "
				    "crossed (RFC 9293 §3.5, Figure 8)");
			break;
		default:
			if (cl == TC_NEW)
				trk_emit(tr, TRK_EV_NOTE, c, in->a, in->now,
				    in->seq, "sent a SYN,ACK in %s",
				    tcp_state_name(a->state));
			break;
		}
		return;
	}

	if (f & TH_ACK) {
		switch (a->state) {
		case TCP_SYN_SENT:
			if (b->state == TCP_LISTEN) {
				/* Its peer's SYN,ACK went uncaptured. */
				b->isn_known = true;
				b->isn = in->ack - 1;
				trk_set_state(tr, c, in->b, TCP_SYN_RECEIVED,
				    in->now, in->seq, "presumed: its peer "
				    "acks %u, so its SYN,ACK seq %u was not "
				    "captured", in->ack, b->isn);
			}
			if (b->isn_known && trk_acks_syn(b, in))
				trk_set_state(tr, c, in->a, TCP_ESTABLISHED,
				    in->now, in->seq, "sent ACK %u of its "
				    "peer's SYN,ACK (RFC 9293 §3.10.7.3)",
				    trk_num(tr, c, in->b, in->ack));
			break;
		case TCP_LISTEN:
			if (c->end[in->b].state == TCP_SYN_SENT &&
			    trk_acks_syn(b, in))
				trk_set_state(tr, c, in->a, TCP_SYN_RECEIVED,
				    in->now, in->seq, "sent ACK %u of its "
				    "peer's SYN: its SYN,ACK was not captured",
				    trk_num(tr, c, in->b, in->ack));
			break;
		case TCP_CLOSED:
			if (cl == TC_NEW)
				trk_emit(tr, TRK_EV_NOTE, c, in->a, in->now,
				    in->seq, "sent seq %u although presumed "
				    "CLOSED", trk_num(tr, c, in->a, in->seq));
			break;
		default:
			break;
		}
	}

	/* Its FIN again: the receiver may have it this time. */
	if ((f & TH_FIN) && a->fin_sent)
		b->fin_lost = false;
	/* A FIN it had not sent before (RFC 9293 §3.10.4 CLOSE). */
	if ((f & TH_FIN) && cl == TC_NEW &&
	    !(a->fin_sent && a->fin_seq == in->seq + (uint32_t)in->s->len)) {
		a->fin_sent = true;
		a->fin_seq = in->seq + (uint32_t)in->s->len;
		a->fin_acked = (f & TH_ACK) != 0;
		a->fin_ack = in->ack;
		switch (a->state) {
		case TCP_SYN_RECEIVED:
		case TCP_ESTABLISHED:
			trk_set_state(tr, c, in->a, TCP_FIN_WAIT_1, in->now,
			    in->seq, "sent FIN seq %u: active close "
			    "(RFC 9293 §3.10.4)", trk_num(tr, c, in->a,
			    a->fin_seq));
			break;
		case TCP_CLOSE_WAIT:
			trk_set_state(tr, c, in->a, TCP_LAST_ACK, in->now,
			    in->seq, "sent FIN seq %u after receiving its "
			    "peer's FIN (RFC 9293 §3.10.4)",
			    trk_num(tr, c, in->a, a->fin_seq));
			break;
		default:
			break;
		}
		if (!b->fin_rcvd)
			b->fin_pending = true;
	}
}

/* What the receipt of this segment does to its receiver's state. */
static void
trk_receiver(struct tracker *tr, struct trk_in *in)
{
	struct trk_conv	*c = in->c;
	struct trk_end	*b = &c->end[in->b];

	if (!(in->flags & TH_ACK))
		return;
	/* RFC 9293 §3.10.7.4, fifth: the ACK field. */
	if (b->state == TCP_SYN_RECEIVED && trk_acks_syn(b, in))
		trk_set_state(tr, c, in->b, TCP_ESTABLISHED, in->now, in->seq,
		    "received ACK %u of its SYN,ACK (RFC 9293 §3.10.7.4)",
		    trk_num(tr, c, in->b, in->ack));
	if (b->fin_sent && SEQ_GT(in->ack, b->fin_seq)) {
		switch (b->state) {
		case TCP_FIN_WAIT_1:
			trk_set_state(tr, c, in->b, TCP_FIN_WAIT_2, in->now,
			    in->seq, "received ACK %u of its FIN "
			    "(RFC 9293 §3.10.7.4)",
			    trk_num(tr, c, in->b, in->ack));
			break;
		case TCP_CLOSING:
			trk_set_state(tr, c, in->b, TCP_TIME_WAIT, in->now,
			    in->seq, "received ACK %u of its FIN in CLOSING "
			    "(RFC 9293 §3.10.7.4)",
			    trk_num(tr, c, in->b, in->ack));
			break;
		case TCP_LAST_ACK:
			trk_set_state(tr, c, in->b, TCP_CLOSED, in->now,
			    in->seq, "received ACK %u of its FIN in LAST-ACK "
			    "(RFC 9293 §3.10.7.4)",
			    trk_num(tr, c, in->b, in->ack));
			break;
		default:
			break;
		}
	}
	/* RFC 1122 §4.2.3.6: the peer answers a keepalive with an ACK. */
	if (b->ka_pending && in->seqlen == 0 && b->nxt_known &&
	    in->ack == b->snd_nxt) {
		b->ka_pending = false;
		trk_emit(tr, TRK_EV_KEEPALIVE_ACK, c, in->a, in->now, in->seq,
		    "acked the keepalive probe: it is alive (RFC 1122 "
		    "§4.2.3.6)");
	}
}

/* Update the sender's sequence, acknowledgment and window record. */
static void
trk_advance(struct trk_in *in)
{
	struct trk_end	*a = &in->c->end[in->a], *b = &in->c->end[in->b];
	uint32_t	 end = in->seq + in->seqlen;
	int		 shift;

	if (!a->nxt_known || SEQ_GT(end, a->snd_nxt)) {
		a->nxt_known = true;
		a->snd_nxt = end;
		if (in->seqlen > 0) {
			a->sent[a->nsent % TRK_SENT].seq = in->seq;
			a->sent[a->nsent % TRK_SENT].at = in->now;
			a->nsent++;
		}
	}
	if (in->flags & TH_ACK) {
		if (!a->ack_known || SEQ_GT(in->ack, a->ack)) {
			a->ack_known = true;
			a->ack = in->ack;
		}
		/* An ACK for sequence space the capture missed. */
		if (!b->nxt_known || SEQ_GT(in->ack, b->snd_nxt)) {
			b->nxt_known = true;
			b->snd_nxt = in->ack;
		}
	}
	/* RFC 7323 §2.2: windows in SYNs are never scaled. */
	shift = (in->flags & TH_SYN) || a->wscale < 0 || b->wscale < 0 ?
	    0 : a->wscale;
	a->win_known = true;
	a->win = in->s->th.win;
	a->wnd = (uint32_t)in->s->th.win << shift;
}

/*
 * A resend of a segment the sender's ring holds: ", N ms after it was
 * last sent" into buf (that gap is the RTO that fired, when a timer sent
 * it, RFC 6298 §5), and the ring now holds this sending; else "".  The
 * gap in µs, or UINT64_MAX when the ring does not hold it.
 */
static uint64_t
trk_resent(struct trk_in *in, char *buf, size_t len)
{
	struct trk_end	*a = &in->c->end[in->a];
	unsigned	 i, n = a->nsent < TRK_SENT ? a->nsent : TRK_SENT;
	uint64_t	 gap;

	buf[0] = '\0';
	for (i = 1; i <= n; i++) {
		unsigned k = (a->nsent - i) % TRK_SENT;
		if (a->sent[k].seq != in->seq || in->now < a->sent[k].at)
			continue;
		gap = in->now - a->sent[k].at;
		if (gap < 10 * TCP_MS)
			snprintf(buf, len, ", %.3f ms after it was last sent",
			    (double)gap / TCP_MS);
		else
			snprintf(buf, len, ", %llu ms after it was last sent",
			    (unsigned long long)(gap / TCP_MS));
		a->sent[k].at = in->now;
		return (gap);
	}
	return (UINT64_MAX);
}

/* Report what the segment was, besides any state change. */
static void
trk_report(struct tracker *tr, struct trk_in *in, enum trk_class cl)
{
	struct trk_conv	*c = in->c;
	struct trk_end	*a = &c->end[in->a], *b = &c->end[in->b];
	struct trk_event *ev;
	char		 since[64];
	uint64_t	 gap;

	switch (cl) {
	case TC_RETRANS:
		a->retrans++;
		gap = trk_resent(in, since, sizeof since);
		ev = trk_emit(tr, TRK_EV_RETRANSMIT, c, in->a, in->now, in->seq,
		    "retransmission of seq %u (%u of sequence space%s%s)%s",
		    in->flags & TH_SYN ? in->seq : trk_num(tr, c, in->a,
		    in->seq), in->seqlen,
		    in->flags & TH_SYN ? ", SYN" : "",
		    in->flags & TH_FIN ? ", FIN" : "", since);
		ev->gap_known = gap != UINT64_MAX;
		ev->gap = ev->gap_known ? gap : 0;
		/* RFC 9293 §3.10.7.4: a FIN again restarts TIME-WAIT. */
		if ((in->flags & TH_FIN) && b->state == TCP_TIME_WAIT) {
			b->deadline = in->now + tr->cfg.time_wait;
			trk_emit(tr, TRK_EV_NOTE, c, in->b, in->now, in->seq,
			    "its peer's FIN came again: 2MSL timer restarted "
			    "(RFC 9293 §3.10.7.4)");
		}
		break;
	case TC_KEEPALIVE:
		a->ka_pending = true;
		trk_emit(tr, TRK_EV_KEEPALIVE, c, in->a, in->now, in->seq,
		    "keepalive probe: seq %u = SND.NXT-1, %zu byte%s "
		    "(RFC 1122 §4.2.3.6)", trk_num(tr, c, in->a, in->seq),
		    in->s->len,
		    in->s->len == 1 ? "" : "s");
		break;
	case TC_ZWP:
		trk_emit(tr, TRK_EV_ZWP, c, in->a, in->now, in->seq,
		    "zero-window probe seq %u, %zu byte%s: its peer offers a "
		    "zero window (RFC 9293 §3.8.6.1)",
		    trk_num(tr, c, in->a, in->seq), in->s->len,
		    in->s->len == 1 ? "" : "s");
		break;
	case TC_NEW:
		break;
	}
}

/* A TCP segment was observed at now. */
unsigned
tracker_input(struct tracker *tr, const struct seg *s, uint64_t now)
{
	struct trk_in	 in;
	struct trk_end	*a, *b;
	enum trk_class	 cl;
	int		 i, end;

	tracker_tick(tr, now);
	memset(&in, 0, sizeof in);
	in.s = s;
	in.now = now;
	in.seq = s->th.seq;
	in.ack = s->th.ack;
	in.flags = s->th.flags;
	in.seqlen = seg_seqlen(s);

	i = trk_lookup(tr, s, &end);
	if (i != TRK_NOSLOT && (in.flags & (TH_SYN | TH_ACK | TH_RST)) ==
	    TH_SYN && trk_is_reopen(&tr->slot[i].c, end, in.seq)) {
		in.c = &tr->slot[i].c;
		in.a = end;
		in.b = !end;
		trk_retire(tr, in.c, end, &in);
		i = TRK_NOSLOT;
	}
	if (i == TRK_NOSLOT)
		in.c = trk_create(tr, s, now, &end);
	else
		in.c = &tr->slot[i].c;
	in.a = end;
	in.b = !end;
	a = &in.c->end[in.a];
	b = &in.c->end[in.b];
	in.c->last = now;
	a->segs++;
	a->bytes += s->len;

	if (in.flags & TH_RST) {
		trk_rst(tr, &in);
		trk_lru_touch(tr, trk_slot_of(tr, in.c), 1);
		return (in.c->id);
	}
	cl = trk_classify(&in);
	/*
	 * It resends what its peer's FIN segment acknowledged: that segment,
	 * FIN and all, never reached it.
	 */
	if (a->fin_pending && cl == TC_RETRANS && b->fin_acked &&
	    SEQ_LT(in.seq, b->fin_ack))
		a->fin_lost = true;
	/* A later segment from its peer: the receiver has the FIN before it. */
	if (b->fin_pending && !b->fin_lost && cl == TC_NEW)
		trk_fin_received(tr, &in, in.b, "a later segment followed it");
	trk_sender(tr, &in, cl);
	trk_receiver(tr, &in);
	trk_report(tr, &in, cl);
	trk_advance(&in);
	trk_lru_touch(tr, trk_slot_of(tr, in.c), 1);
	return (in.c->id);
}

/* Run every timer due at now. */
void
tracker_tick(struct tracker *tr, uint64_t now)
{
	struct trk_conv	*c;
	struct trk_end	*e;
	unsigned	 i;
	int		 j, moved;
	uint64_t	 t;

	if (now < tr->soonest)
		return;
	for (i = 0; i < tr->cfg.max_conv; i++) {
		if (!tr->slot[i].used)
			continue;
		c = &tr->slot[i].c;
		moved = 0;
		for (j = 0; j < 2; j++) {
			e = &c->end[j];
			if (e->deadline > now)
				continue;
			t = e->deadline;
			if (e->state == TCP_TIME_WAIT)
				trk_set_state(tr, c, j, TCP_CLOSED, t, 0,
				    "2MSL timer expired after %llu ms "
				    "(RFC 9293 §3.10.8)",
				    (unsigned long long)(tr->cfg.time_wait /
				    TCP_MS));
			else
				trk_set_state(tr, c, j, TCP_CLOSED, t, 0,
				    "handshake incomplete after %llu ms: "
				    "presumed given up (RFC 9293 §3.8.3; "
				    "Linux: 6 SYN retries, 127 s)",
				    (unsigned long long)(tr->cfg.handshake /
				    TCP_MS));
			moved = 1;
		}
		if (moved)
			trk_lru_touch(tr, (int)i, 1);	/* now finished */
	}
	tr->soonest = tracker_deadline(tr);
}

/* "initiator" or "responder". */
const char *
trk_end_name(int end)
{
	if (end == TRK_INIT)
		return ("initiator");
	if (end == TRK_RESP)
		return ("responder");
	return ("conversation");
}

/* Format ev on one line into buf; returns buf. */
char *
trk_event_fmt(const struct trk_event *ev, char *buf, size_t len)
{
	char		addr[64];
	const char	*kind;

	addr_fmt(&ev->who.addr, addr, sizeof addr);
	switch (ev->type) {
	case TRK_EV_STATE:
		snprintf(buf, len, "conv %u %s %s%s%s:%u: %s -> %s, because %s",
		    ev->conv, trk_end_name(ev->end),
		    ev->who.addr.family == 6 ? "[" : "", addr,
		    ev->who.addr.family == 6 ? "]" : "", ev->who.port,
		    tcp_state_name(ev->from), tcp_state_name(ev->to), ev->why);
		return (buf);
	case TRK_EV_CONV:
		kind = "new";
		break;
	case TRK_EV_RETRANSMIT:
		kind = "retransmit";
		break;
	case TRK_EV_KEEPALIVE:
	case TRK_EV_KEEPALIVE_ACK:
		kind = "keepalive";
		break;
	case TRK_EV_ZWP:
		kind = "zero-window probe";
		break;
	case TRK_EV_GONE:
		kind = "gone";
		break;
	default:
		kind = "note";
		break;
	}
	snprintf(buf, len, "conv %u %s %s%s%s:%u: %s: %s", ev->conv,
	    trk_end_name(ev->end), ev->who.addr.family == 6 ? "[" : "", addr,
	    ev->who.addr.family == 6 ? "]" : "", ev->who.port, kind, ev->why);
	return (buf);
}
