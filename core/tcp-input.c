/*
 * core/tcp-input.c - SEGMENT ARRIVES (RFC 9293 §3.10.7), in the RFC's order:
 * LISTEN (§3.10.7.2), SYN-SENT (§3.10.7.3), then for the other states
 * (§3.10.7.4) the sequence number check, RST, security, SYN, ACK, URG, text
 * and FIN, with the RFC 5961 defences where RFC 9293 places them.
 */
#include <string.h>

#include "core/tcp-int.h"

static bool tcp_acceptable(const struct stack *, const struct tcb *,
    const struct seg *);
static bool tcp_check_rst(struct stack *, struct tcb *, const struct seg *);
static bool tcp_check_ack(struct stack *, struct tcb *, const struct seg *,
    uint64_t);
static void tcp_text(struct stack *, struct tcb *, const struct seg *,
    uint32_t *);
static void tcp_fin(struct stack *, struct tcb *, uint64_t);
static void tcp_peer_mss(const struct stack *, struct tcb *, const struct seg *);

/* Take the peer's MSS option from a SYN (§3.7.1: 536 when absent). */
static void
tcp_peer_mss(const struct stack *st, struct tcb *t, const struct seg *s)
{
	const struct tcp_opt	*o = wire_tcpopt_find(&s->th, TCPOPT_MSS);

	t->snd_mss = o != NULL && o->u.mss > 0 ? o->u.mss : 536;
	if (t->snd_mss > st->cfg.mss)
		t->snd_mss = st->cfg.mss;
}

/* Record the window of an acceptable segment (§3.10.7.4, fifth check). */
static void
tcp_update_wnd(struct tcb *t, const struct seg *s)
{
	t->snd_wnd = s->th.win;
	t->snd_wl1 = s->th.seq;
	t->snd_wl2 = s->th.ack;
}

/* §3.10.7.2: a segment for a listener. */
void
tcp_input_listen(struct stack *st, struct tcb *l, const struct seg *s,
    uint64_t now)
{
	struct tcb	*t;

	/* "First, check for a RST: an incoming RST should be ignored." */
	if (s->th.flags & TH_RST)
		return;
	/* "Second, check for an ACK: ... form a reset <SEQ=SEG.ACK><CTL=RST>" */
	if (s->th.flags & TH_ACK) {
		tcp_respond_rst(st, s, "ACK to a listener (RFC 9293 §3.10.7.2)");
		return;
	}
	/* "Third, check for a SYN" - security and precedence are not used. */
	if (!(s->th.flags & TH_SYN))
		return;		/* "Fourth, other data or control: drop" */
	t = stack_new_tcb(st, TCP_LISTEN);
	t->listener = l->id;
	t->passive = true;
	t->local = l->local;
	t->local.addr = s->dst;
	t->remote.addr = s->src;
	t->remote.port = s->th.sport;
	t->irs = s->th.seq;
	t->rcv_nxt = s->th.seq + 1;
	t->iss = stack_isn(st, &t->local, &t->remote, now);
	t->snd_una = t->snd_nxt = t->snd_max = t->iss;
	t->snd_wnd = s->th.win;
	t->snd_wl1 = s->th.seq;
	tcp_peer_mss(st, t, s);
	tcp_set_state(st, t, TCP_SYN_RECEIVED, "SYN received, SYN-ACK sent, "
	    "RFC 9293 §3.10.7.2");
	tcp_output(st, t, now);
}

/* §3.10.7.3: a segment in SYN-SENT. */
static void
tcp_input_syn_sent(struct stack *st, struct tcb *t, const struct seg *s,
    uint64_t now)
{
	bool	ack = (s->th.flags & TH_ACK) != 0;

	/* "First, check the ACK bit": it must acknowledge our SYN. */
	if (ack && (seq_leq(s->th.ack, t->iss) || seq_gt(s->th.ack, t->snd_nxt))) {
		if (!(s->th.flags & TH_RST))
			tcp_respond_rst(st, s, "SYN-SENT, ACK unacceptable "
			    "(RFC 9293 §3.10.7.3): an old duplicate SYN's answer?");
		return;
	}
	/* "Second, check the RST bit" (RFC 5961 §3.2: only with an acceptable ACK). */
	if (s->th.flags & TH_RST) {
		if (ack)
			tcp_drop(st, t, "connection refused: RST in SYN-SENT "
			    "(RFC 9293 §3.10.7.3)");
		return;
	}
	/* "Fourth, check the SYN bit" */
	if (!(s->th.flags & TH_SYN))
		return;		/* "Fifth, if neither SYN nor RST: drop" */
	t->irs = s->th.seq;
	t->rcv_nxt = s->th.seq + 1;
	tcp_peer_mss(st, t, s);
	tcp_update_wnd(t, s);
	if (ack) {
		t->snd_una = s->th.ack;
		if (t->retransmits == 0)
			tcp_rtt_sample(st, t, now - t->rtt_start);
		t->retransmits = 0;
		tcp_timer_set(t, TT_REXMT, TCP_NEVER);
	}
	if (seq_gt(t->snd_una, t->iss)) {
		tcp_set_state(st, t, TCP_ESTABLISHED, "SYN-ACK acceptable, "
		    "RFC 9293 §3.10.7.3");
		t->ack_now = true;
		/* Data or FIN on the SYN-ACK: the text and FIN steps. */
		if (s->len > 0 || (s->th.flags & TH_FIN)) {
			uint32_t seq = s->th.seq + 1;
			tcp_text(st, t, s, &seq);
			if ((s->th.flags & TH_FIN) && seq == t->rcv_nxt)
				tcp_fin(st, t, now);
		}
	} else {
		/* Simultaneous open: "enter SYN-RECEIVED, form a SYN,ACK". */
		tcp_set_state(st, t, TCP_SYN_RECEIVED, "SYN received in SYN-SENT "
		    "(simultaneous open), RFC 9293 §3.10.7.3");
		t->snd_nxt = t->iss;
	}
	tcp_output(st, t, now);
}

/* §3.10.7.4 first check: the segment acceptability test. */
static bool
tcp_acceptable(const struct stack *st, const struct tcb *t, const struct seg *s)
{
	uint32_t	wnd = tcp_rcv_wnd(t, st);
	uint32_t	len = seg_seqlen(s);
	uint32_t	seq = s->th.seq, nxt = t->rcv_nxt;

	if (len == 0 && wnd == 0)
		return (seq == nxt);
	if (len == 0)
		return (seq_in(seq, nxt, nxt + wnd));
	if (wnd == 0)
		return (false);
	return (seq_in(seq, nxt, nxt + wnd) ||
	    seq_in(seq + len - 1, nxt, nxt + wnd));
}

/* §3.10.7.4 second check, with RFC 5961 §3.2; returns true to go on. */
static bool
tcp_check_rst(struct stack *st, struct tcb *t, const struct seg *s)
{
	if (!(s->th.flags & TH_RST))
		return (true);
	if (s->th.seq != t->rcv_nxt) {
		/* RFC 5961 §3.2: in window but not exact: challenge ACK. */
		stack_emit(st, TEV_NOTE, t, 0, "RST with SEQ %u != RCV.NXT %u: "
		    "challenge ACK sent (RFC 5961 §3.2)", s->th.seq, t->rcv_nxt);
		tcp_send_ack(st, t);
		return (false);
	}
	switch (t->state) {
	case TCP_SYN_RECEIVED:
		tcp_drop(st, t, t->passive ? "RST in SYN-RECEIVED: back to "
		    "LISTEN (RFC 9293 §3.10.7.4)" : "connection refused: RST "
		    "in SYN-RECEIVED (RFC 9293 §3.10.7.4)");
		break;
	case TCP_CLOSING:
	case TCP_LAST_ACK:
	case TCP_TIME_WAIT:
		tcp_set_state(st, t, TCP_CLOSED, "RST received, RFC 9293 "
		    "§3.10.7.4");
		break;
	default:
		tcp_drop(st, t, "connection reset by peer (RFC 9293 §3.10.7.4)");
		break;
	}
	return (false);
}

/* §3.10.7.4 fifth check: the ACK field; returns true to go on. */
static bool
tcp_check_ack(struct stack *st, struct tcb *t, const struct seg *s,
    uint64_t now)
{
	uint32_t	ack = s->th.ack;
	size_t		n;

	if (!(s->th.flags & TH_ACK))
		return (false);		/* "if the ACK bit is off, drop" */
	if (t->state == TCP_SYN_RECEIVED) {
		if (!(seq_lt(t->snd_una, ack) && seq_leq(ack, t->snd_nxt))) {
			tcp_respond_rst(st, s, "SYN-RECEIVED, ACK unacceptable "
			    "(RFC 9293 §3.10.7.4)");
			return (false);
		}
		t->snd_una = ack;
		if (t->retransmits == 0)
			tcp_rtt_sample(st, t, now - t->rtt_start);
		t->retransmits = 0;
		tcp_timer_set(t, TT_REXMT, TCP_NEVER);
		tcp_update_wnd(t, s);
		tcp_set_state(st, t, TCP_ESTABLISHED, "ACK of our SYN-ACK, "
		    "RFC 9293 §3.10.7.4");
	}
	if (seq_gt(ack, t->snd_nxt)) {
		/* Acknowledges something not yet sent: "send an ACK, drop". */
		tcp_send_ack(st, t);
		return (false);
	}
	if (t->state == TCP_TIME_WAIT)
		return (true);
	if (seq_gt(ack, t->snd_una)) {
		n = (size_t)(ack - t->snd_una);
		if (t->fin_sent && seq_gt(ack, t->fin_seq))
			n--;
		bytes_consume(&t->sndbuf, n);
		t->snd_una = ack;
		if (t->rtt_timing && seq_gt(ack, t->rtt_seq)) {
			t->rtt_timing = false;
			tcp_rtt_sample(st, t, now - t->rtt_start);
		}
		t->retransmits = 0;
		/* RFC 6298 §5.2/5.3: stop when all is acked, else restart. */
		tcp_timer_set(t, TT_REXMT, t->snd_una == t->snd_max ?
		    TCP_NEVER : now + t->rto);
		/*
		 * After an RTO, an ACK short of what was outstanding then is
		 * a partial ACK: the next segment was lost too, resend it
		 * now rather than one per RTO (the idea of RFC 6582 §3.2).
		 */
		if (t->recovering && seq_lt(ack, t->recover))
			tcp_retransmit(st, t, now);
		else
			t->recovering = false;
	}
	/* Window update (§3.10.7.4): only from newer segments. */
	if (seq_leq(t->snd_una, ack) && (seq_lt(t->snd_wl1, s->th.seq) ||
	    (t->snd_wl1 == s->th.seq && seq_leq(t->snd_wl2, ack))))
		tcp_update_wnd(t, s);

	if (t->fin_sent && seq_gt(t->snd_una, t->fin_seq)) {
		switch (t->state) {
		case TCP_FIN_WAIT_1:
			tcp_set_state(st, t, TCP_FIN_WAIT_2, "our FIN "
			    "acknowledged, RFC 9293 §3.10.7.4");
			tcp_timer_set(t, TT_FINWAIT2, now + st->cfg.fin_wait2);
			break;
		case TCP_CLOSING:
			tcp_set_state(st, t, TCP_TIME_WAIT, "our FIN "
			    "acknowledged, RFC 9293 §3.10.7.4");
			tcp_timer_set(t, TT_TIMEWAIT, now + st->cfg.time_wait);
			break;
		case TCP_LAST_ACK:
			tcp_set_state(st, t, TCP_CLOSED, "our FIN "
			    "acknowledged, RFC 9293 §3.10.7.4");
			return (false);
		default:
			break;
		}
	}
	return (true);
}

/*
 * §3.10.7.4 seventh step: accept in-order text into the receive buffer.
 * *seq is the sequence number of the first payload byte and is advanced.
 */
static void
tcp_text(struct stack *st, struct tcb *t, const struct seg *s, uint32_t *seq)
{
	const uint8_t	*data = s->data;
	size_t		 len = s->len, skip, room;
	uint32_t	 wnd = tcp_rcv_wnd(t, st);

	if (len == 0)
		return;
	switch (t->state) {
	case TCP_ESTABLISHED:
	case TCP_FIN_WAIT_1:
	case TCP_FIN_WAIT_2:
		break;
	default:
		/* "This should not occur since a FIN has been received." */
		return;
	}
	if (seq_lt(*seq, t->rcv_nxt)) {		/* trim what we already have */
		skip = (size_t)(t->rcv_nxt - *seq);
		if (skip >= len) {
			t->ack_now = true;
			*seq += (uint32_t)len;
			return;
		}
		data += skip;
		len -= skip;
		*seq = t->rcv_nxt;
	}
	t->ack_now = true;
	if (*seq != t->rcv_nxt)
		return;		/* out of order: not held yet, ACK says what we want */
	room = wnd;
	if (len > room)
		len = room;	/* trim to the window's right edge */
	bytes_append(&t->rcvbuf, data, len);
	t->rcv_nxt += (uint32_t)len;
	*seq += (uint32_t)len;
	stack_emit(st, TEV_DATA, t, len, "%zu bytes received", len);
}

/* §3.10.7.4 eighth step: the FIN bit, once everything before it is in. */
static void
tcp_fin(struct stack *st, struct tcb *t, uint64_t now)
{
	t->rcv_nxt++;
	t->fin_rcvd = true;
	t->ack_now = true;
	switch (t->state) {
	case TCP_SYN_RECEIVED:
	case TCP_ESTABLISHED:
		tcp_set_state(st, t, TCP_CLOSE_WAIT, "FIN received, RFC 9293 "
		    "§3.10.7.4");
		break;
	case TCP_FIN_WAIT_1:
		if (t->fin_sent && seq_gt(t->snd_una, t->fin_seq)) {
			tcp_set_state(st, t, TCP_TIME_WAIT, "FIN received and "
			    "our FIN acknowledged, RFC 9293 §3.10.7.4");
			tcp_timer_set(t, TT_REXMT, TCP_NEVER);
			tcp_timer_set(t, TT_TIMEWAIT, now + st->cfg.time_wait);
		} else
			tcp_set_state(st, t, TCP_CLOSING, "FIN received before "
			    "our FIN was acknowledged (simultaneous close), "
			    "RFC 9293 §3.10.7.4");
		break;
	case TCP_FIN_WAIT_2:
		tcp_set_state(st, t, TCP_TIME_WAIT, "FIN received, RFC 9293 "
		    "§3.10.7.4");
		tcp_timer_set(t, TT_FINWAIT2, TCP_NEVER);
		tcp_timer_set(t, TT_TIMEWAIT, now + st->cfg.time_wait);
		break;
	case TCP_TIME_WAIT:
		/* "Restart the 2 MSL time-wait timeout." */
		tcp_timer_set(t, TT_TIMEWAIT, now + st->cfg.time_wait);
		break;
	default:
		break;	/* CLOSE-WAIT, CLOSING, LAST-ACK: remain */
	}
}

/* §3.10.7.4: a segment for a connection in any state but LISTEN. */
void
tcp_input(struct stack *st, struct tcb *t, const struct seg *s, uint64_t now)
{
	uint32_t	seq;

	if (t->state == TCP_SYN_SENT) {
		tcp_input_syn_sent(st, t, s, now);
		return;
	}

	/* First, check the sequence number. */
	if (!tcp_acceptable(st, t, s)) {
		if (!(s->th.flags & TH_RST)) {
			if (t->state == TCP_TIME_WAIT && (s->th.flags & TH_FIN))
				tcp_timer_set(t, TT_TIMEWAIT,
				    now + st->cfg.time_wait);
			tcp_send_ack(st, t);
		}
		return;
	}
	/* Second, check the RST bit. */
	if (!tcp_check_rst(st, t, s))
		return;
	/* Third, security: tcpx does not use the IP security option. */
	/* Fourth, the SYN bit (RFC 5961 §4: challenge ACK, irrespective of SEQ). */
	if (s->th.flags & TH_SYN) {
		if (t->state == TCP_SYN_RECEIVED && t->passive) {
			tcp_drop(st, t, "SYN in SYN-RECEIVED: back to LISTEN "
			    "(RFC 9293 §3.10.7.4)");
			return;
		}
		stack_emit(st, TEV_NOTE, t, 0, "SYN in %s: challenge ACK sent "
		    "(RFC 5961 §4)", tcp_state_name(t->state));
		tcp_send_ack(st, t);
		return;
	}
	/* Fifth, the ACK field. */
	if (!tcp_check_ack(st, t, s, now)) {
		tcp_output(st, t, now);
		return;
	}
	/* Sixth, the URG bit: parsed but not acted on (RFC 6093 advises against it). */
	/* Seventh, the segment text. */
	seq = s->th.seq;
	tcp_text(st, t, s, &seq);
	/* Eighth, the FIN bit, when every byte before it has arrived. */
	if ((s->th.flags & TH_FIN) && seq == t->rcv_nxt && !t->fin_rcvd)
		tcp_fin(st, t, now);
	tcp_output(st, t, now);
}
