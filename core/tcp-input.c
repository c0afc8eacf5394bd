/*
 * core/tcp-input.c - SEGMENT ARRIVES (RFC 9293 §3.10.7) for every state but
 * LISTEN, in the RFC's order: SYN-SENT (§3.10.7.3), then (§3.10.7.4) PAWS
 * (RFC 7323 §5.3), the sequence number check, RST, security, SYN, ACK,
 * URG, text and FIN - with the RFC 5961 defences where RFC 9293 places
 * them, duplicate ACKs and fast retransmit (RFC 5681 §3.2), SACK (RFC 2018),
 * out-of-order reassembly and delayed ACKs (RFC 1122 §4.2.3.2).
 */
#include <stdio.h>
#include <string.h>

#include "core/tcp-int.h"

#define PAWS_IDLE	(24ULL * 86400 * TCP_SEC)	/* RFC 7323 §5.5: 24 days */

static void tcp_text(struct stack *, struct tcb *, const struct seg *,
    uint64_t);
static void tcp_fin(struct stack *, struct tcb *, uint64_t);

/* The window the peer advertises in s, scaled (never in a SYN, RFC 7323 §2.2). */
static uint32_t
seg_wnd(const struct tcb *t, const struct seg *s)
{
	if (s->th.flags & TH_SYN || !t->ws_ok)
		return (s->th.win);
	return ((uint32_t)s->th.win << t->snd_shift);
}

/* Record the window of an acceptable segment (§3.10.7.4, fifth check). */
static void
tcp_update_wnd(struct tcb *t, const struct seg *s)
{
	t->snd_wnd = seg_wnd(t, s);
	if (t->snd_wnd > t->max_snd_wnd)
		t->max_snd_wnd = t->snd_wnd;
	t->snd_wl1 = s->th.seq;
	t->snd_wl2 = s->th.ack;
}

/* An RTT sample from an ACK: the echoed timestamp (RFC 7323 §4) or Karn's timing. */
static void
tcp_rtt_from_ack(struct tcb *t, const struct seg *s, uint64_t now)
{
	const struct tcp_opt	*o;
	uint32_t		 ms;

	if (t->ts_ok && (o = wire_tcpopt_find(&s->th, TCPOPT_TIMESTAMP)) != NULL &&
	    o->u.ts.ecr != 0) {
		ms = tcp_tsval(t, now) - o->u.ts.ecr;
		if (ms < 600000) {
			tcp_rtt_sample(t, (uint64_t)ms * TCP_MS);
			t->rtt_timing = false;
			return;
		}
	}
	if (t->rtt_timing && seq_gt(s->th.ack, t->rtt_seq)) {
		t->rtt_timing = false;
		tcp_rtt_sample(t, now - t->rtt_start);
	}
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
			tcp_respond_rst(st, s, TCP_CAUSE_BAD_ACK,
			    "RFC 9293 §3.10.7.3", "SYN-SENT, ACK unacceptable "
			    "(RFC 9293 §3.10.7.3): the answer to an old SYN?");
		else
			tcp_discard(st, t, s, TCP_CAUSE_BAD_ACK,
			    "RFC 9293 §3.10.7.3", "RST with an unacceptable "
			    "ACK in SYN-SENT (RFC 9293 §3.10.7.3)");
		return;
	}
	/* "Second, check the RST bit" (RFC 5961 §3.2: only with an acceptable ACK). */
	if (s->th.flags & TH_RST) {
		if (ack) {
			t->reset = true;
			tcp_drop(st, t, TCP_CAUSE_REFUSED, "RFC 9293 §3.10.7.3",
			    "connection refused: RST in SYN-SENT (RFC 9293 "
			    "§3.10.7.3)");
		} else
			tcp_discard(st, t, s, TCP_CAUSE_RST_IGNORED,
			    "RFC 9293 §3.10.7.3", "RST without ACK in SYN-SENT "
			    "(RFC 9293 §3.10.7.3)");
		return;
	}
	/* "Fourth, check the SYN bit" */
	if (!(s->th.flags & TH_SYN)) {
		tcp_discard(st, t, s, TCP_CAUSE_NO_SYN, "RFC 9293 §3.10.7.3",
		    "neither SYN nor RST in SYN-SENT (RFC 9293 §3.10.7.3)");
		return;
	}
	t->irs = s->th.seq;
	t->have_irs = true;
	t->rcv_nxt = s->th.seq + 1;
	/* The window our SYN offered now counts from the peer's ISN + 1. */
	t->rcv_adv = t->rcv_nxt + (tcp_rcv_wnd(t) > 65535 ? 65535 :
	    tcp_rcv_wnd(t));
	tcp_syn_options(st, t, s, now);
	t->ts_recent_age = now;
	tcp_update_wnd(t, s);
	if (ack) {
		t->snd_una = s->th.ack;
		if (t->retransmits == 0)
			tcp_rtt_sample(t, now - t->rtt_start);
		t->retransmits = 0;
		tcp_timer_set(t, TT_REXMT, TCP_NEVER);
	}
	if (seq_gt(t->snd_una, t->iss)) {
		tcp_set_state(st, t, TCP_ESTABLISHED, TCP_CAUSE_SYNACK_RCVD,
		    "RFC 9293 §3.10.7.3", "SYN-ACK acceptable, RFC 9293 "
		    "§3.10.7.3");
		tcp_keepalive_reset(t, now);
		tcp_owe_ack(t, TCP_CAUSE_SYNACK_RCVD);
		/* Data or FIN on the SYN-ACK: the text and FIN steps. */
		if (s->len > 0 || (s->th.flags & TH_FIN))
			tcp_text(st, t, s, now);
	} else {
		/* Simultaneous open: "enter SYN-RECEIVED, form a SYN,ACK". */
		tcp_set_state(st, t, TCP_SYN_RECEIVED, TCP_CAUSE_SYN_RCVD,
		    "RFC 9293 §3.10.7.3", "SYN received in SYN-SENT "
		    "(simultaneous open), RFC 9293 §3.10.7.3");
		t->snd_nxt = t->iss;
	}
	tcp_output(st, t, now);
}

/* RFC 7323 §5.3 R1: PAWS; returns false when the segment must be dropped. */
static bool
tcp_paws_ok(struct stack *st, struct tcb *t, const struct seg *s,
    uint64_t now)
{
	const struct tcp_opt	*o;

	if (!t->ts_ok || (s->th.flags & TH_RST))
		return (true);
	if ((o = wire_tcpopt_find(&s->th, TCPOPT_TIMESTAMP)) == NULL)
		return (true);
	if (!seq_lt(o->u.ts.val, t->ts_recent) ||
	    now - t->ts_recent_age > PAWS_IDLE)
		return (true);
	tcp_discard(st, t, s, TCP_CAUSE_PAWS, "RFC 7323 §5.3", "PAWS: TSval %u "
	    "older than TS.Recent %u (RFC 7323 §5.3)", o->u.ts.val,
	    t->ts_recent);
	tcp_owe_ack(t, TCP_CAUSE_PAWS);
	return (false);
}

/* §3.10.7.4 first check: the segment acceptability test. */
static bool
tcp_acceptable(const struct tcb *t, const struct seg *s)
{
	uint32_t	wnd = tcp_rcv_wnd(t);
	uint32_t	len = seg_seqlen(s);
	uint32_t	seq = s->th.seq, nxt = t->rcv_nxt;

	/* The window we offered may be larger than what is free now. */
	if (seq_gt(t->rcv_adv, nxt) && t->rcv_adv - nxt > wnd)
		wnd = t->rcv_adv - nxt;
	if (len == 0 && wnd == 0)
		return (seq == nxt);
	if (len == 0)
		return (seq_in(seq, nxt, nxt + wnd));
	if (wnd == 0)
		return (false);
	return (seq_in(seq, nxt, nxt + wnd) ||
	    seq_in(seq + len - 1, nxt, nxt + wnd));
}

/*
 * A keepalive probe (RFC 1122 §4.2.3.6): SEG.SEQ = RCV.NXT - 1 with at most
 * one octet, while the window we advertised is open (else it probes a
 * zero window).
 */
static bool
tcp_is_keepalive(const struct tcb *t, const struct seg *s)
{
	return (s->len <= 1 && !(s->th.flags & (TH_SYN | TH_FIN | TH_RST)) &&
	    s->th.seq == t->rcv_nxt - 1 && seq_gt(t->rcv_adv, t->rcv_nxt));
}

/*
 * §3.10.7.4 first check failed: "If an incoming segment is not
 * acceptable, an acknowledgment should be sent in reply (unless the RST
 * bit is set)", and the segment dropped.
 */
static void
tcp_unacceptable(struct stack *st, struct tcb *t, const struct seg *s,
    uint64_t now)
{
	bool		 old = seg_seqlen(s) > 0 &&
	    seq_leq(s->th.seq + seg_seqlen(s), t->rcv_nxt);
	enum tcp_cause	 cause = old ? TCP_CAUSE_DUPLICATE :
	    TCP_CAUSE_OUT_OF_WINDOW;
	const char	*clause = "RFC 9293 §3.10.7.4";

	if (tcp_is_keepalive(t, s)) {
		cause = TCP_CAUSE_KEEPALIVE_ANSWER;
		clause = "RFC 1122 §4.2.3.6";
	}
	if (!(s->th.flags & TH_RST)) {
		if (t->state == TCP_TIME_WAIT && (s->th.flags & TH_FIN))
			tcp_timer_set(t, TT_TIMEWAIT, now + t->cfg->time_wait);
		tcp_send_ack(st, t, now, cause);
	}
	if (old)
		tcp_discard(st, t, s, cause, clause, "old duplicate: "
		    "everything in it is below RCV.NXT %u, acknowledged again "
		    "(RFC 9293 §3.10.7.4)", tcp_seq_theirs(t, t->rcv_nxt));
	else
		tcp_discard(st, t, s, cause, clause, "not acceptable: outside "
		    "RCV.NXT %u + RCV.WND (RFC 9293 §3.10.7.4)",
		    tcp_seq_theirs(t, t->rcv_nxt));
}

/* §3.10.7.4 second check, with RFC 5961 §3.2; returns true to go on. */
static bool
tcp_check_rst(struct stack *st, struct tcb *t, const struct seg *s,
    uint64_t now)
{
	if (!(s->th.flags & TH_RST))
		return (true);
	/*
	 * RFC 5961 §3.2: only a RST at RCV.NXT resets; one elsewhere in the
	 * window draws a challenge ACK.  With rfc5961 off, RFC 793 §3.9
	 * ("second check the RST bit"): any RST in the window resets.
	 */
	if (s->th.seq != t->rcv_nxt && t->cfg->rfc5961) {
		char why[96];
		snprintf(why, sizeof why, "RST with SEQ %u in window but not "
		    "RCV.NXT %u (RFC 5961 §3.2)", tcp_seq_theirs(t, s->th.seq),
		    tcp_seq_theirs(t, t->rcv_nxt));
		tcp_challenge_ack(st, t, now, "RFC 5961 §3.2", why);
		return (false);
	}
	t->reset = true;
	switch (t->state) {
	case TCP_SYN_RECEIVED:
		/*
		 * Passive: "return this connection to LISTEN state ... The
		 * user need not be informed" - the child never joined the
		 * accept queue (tcp_acceptq_add), so tcp_accept() never
		 * hands it out; the listener itself stays in LISTEN.
		 */
		if (t->passive)
			tcp_drop(st, t, TCP_CAUSE_RST_RCVD,
			    "RFC 9293 §3.10.7.4", "RST in SYN-RECEIVED: the "
			    "listener carries on (RFC 9293 §3.10.7.4)");
		else
			tcp_drop(st, t, TCP_CAUSE_REFUSED, "RFC 9293 §3.10.7.4",
			    "connection refused: RST in SYN-RECEIVED (RFC 9293 "
			    "§3.10.7.4)");
		break;
	case TCP_CLOSING:
	case TCP_LAST_ACK:
	case TCP_TIME_WAIT:
		tcp_set_state(st, t, TCP_CLOSED, TCP_CAUSE_RST_RCVD,
		    "RFC 9293 §3.10.7.4", "RST received, RFC 9293 §3.10.7.4");
		break;
	default:
		tcp_drop(st, t, TCP_CAUSE_RST_RCVD, "RFC 9293 §3.10.7.4",
		    "connection reset by peer (RFC 9293 §3.10.7.4)");
		break;
	}
	return (false);
}

/*
 * §3.10.7.4 fourth check: a SYN in a synchronized state draws a challenge
 * ACK (RFC 5961 §4.2); a passive SYN-RECEIVED goes back to its listener.
 */
static void
tcp_check_syn(struct stack *st, struct tcb *t, const struct seg *s,
    uint64_t now)
{
	if (t->state == TCP_SYN_RECEIVED && t->passive) {
		tcp_drop(st, t, TCP_CAUSE_SYN_RCVD, "RFC 9293 §3.10.7.4",
		    "SYN in SYN-RECEIVED: back to LISTEN (RFC 9293 §3.10.7.4)");
		return;
	}
	if (!t->cfg->rfc5961) {
		tcp_syn_reset_793(st, t, s);
		return;
	}
	tcp_challenge_ack(st, t, now, "RFC 5961 §4.2", "SYN in a synchronized "
	    "state (RFC 5961 §4.2)");
}

/*
 * A SYN for a connection in TIME-WAIT opens a new one when something
 * listens there (RFC 6191 §2; Linux TCP_TW_SYN), whatever the window says,
 * if it is newer than the old connection's: by its timestamp when both
 * use them and the timestamps differ, else by its sequence number.  The
 * new connection's ISS lies above the old one's sequence space
 * (tcp_reopen_iss).  Returns true when the SYN was handed to the listener.
 */
static bool
tcp_time_wait_syn(struct stack *st, struct tcb *t, const struct seg *s,
    uint64_t now)
{
	const struct tcp_opt	*o;
	struct tcb		*l;
	bool			 by_ts;

	if ((s->th.flags & (TH_SYN | TH_ACK | TH_RST)) != TH_SYN)
		return (false);
	o = wire_tcpopt_find(&s->th, TCPOPT_TIMESTAMP);
	by_ts = t->ts_ok && o != NULL && o->u.ts.val != t->ts_recent;
	if (by_ts ? !seq_gt(o->u.ts.val, t->ts_recent) :
	    !seq_gt(s->th.seq, t->rcv_nxt))
		return (false);
	if ((l = stack_listener(st, &s->dst, s->th.dport)) == NULL)
		return (false);
	tcp_set_state(st, t, TCP_CLOSED, TCP_CAUSE_TW_NEW_SYN, "RFC 6191 §2",
	    "new SYN with a higher %s ends TIME-WAIT (RFC 6191)", by_ts ?
	    "timestamp" : "sequence number");
	tcp_input_listen(st, l, s, t, now);
	return (true);
}

/* A new ACK moved SND.UNA: free data, sample RTT, congestion control, timers. */
static void
tcp_new_ack(struct stack *st, struct tcb *t, const struct seg *s, uint64_t now)
{
	uint32_t	ack = s->th.ack, acked = ack - t->snd_una;
	size_t		n = acked;

	if (t->fin_sent && seq_gt(ack, t->fin_seq))
		n--;
	tcp_sndbuf_consume(st, t, n);
	t->snd_una = ack;
	if (seq_lt(t->snd_nxt, ack))
		t->snd_nxt = ack;
	if (t->sb != NULL) {
		sb_advance(t->sb, ack);
		tcp_sb_trim(t);
	}
	tcp_rtt_from_ack(t, s, now);
	t->retransmits = 0;
	t->persist_shift = 0;
	/* RFC 6298 §5.2/5.3: stop when all is acked, else restart. */
	t->unacked_since = t->snd_una == t->snd_max ? 0 : now;
	tcp_timer_set(t, TT_REXMT, t->snd_una == t->snd_max ? TCP_NEVER :
	    tcp_rexmt_deadline(t, now));
	if (cc_on_ack(&t->cc, acked, ack, t->snd_max) == CC_RETRANSMIT) {
		/* RFC 6582 §3.2 step 3: a partial ACK - resend the next hole. */
		tcp_retransmit(st, t, now, TCP_CAUSE_PARTIAL_ACK);
	}
}

/* §3.10.7.4 fifth check: the ACK field; returns true to go on. */
static bool
tcp_check_ack(struct stack *st, struct tcb *t, const struct seg *s,
    uint64_t now)
{
	const struct tcp_opt	*o;
	struct tcp_event	*ev;
	uint32_t		 ack = s->th.ack, sacked = 0;

	if (!(s->th.flags & TH_ACK)) {
		tcp_discard(st, t, s, TCP_CAUSE_NO_ACK, "RFC 9293 §3.10.7.4",
		    "no ACK bit (RFC 9293 §3.10.7.4)");
		return (false);
	}
	if (t->state == TCP_SYN_RECEIVED) {
		struct tcb *l = t->listener ? stack_tcb(st, t->listener) : NULL;
		if (!(seq_lt(t->snd_una, ack) && seq_leq(ack, t->snd_nxt))) {
			tcp_respond_rst(st, s, TCP_CAUSE_BAD_ACK,
			    "RFC 9293 §3.10.7.4", "SYN-RECEIVED, ACK "
			    "unacceptable (RFC 9293 §3.10.7.4)");
			return (false);
		}
		/*
		 * The backlog, as Linux's tcp_check_req checks it; a child
		 * the user claimed (tcp_acceptq_claim) joins no queue.
		 */
		if (l != NULL && l->state == TCP_LISTEN && !t->accepted) {
			uint32_t synq, n;
			tcp_listen_queues(st, l, &synq, &n);
			if (n >= l->cfg->backlog) {
				tcp_discard(st, t, s,
				    TCP_CAUSE_ACCEPT_QUEUE_FULL, NULL, "accept "
				    "queue full (%u): handshake ACK dropped, "
				    "SYN-ACK will be resent (Linux "
				    "tcp_abort_on_overflow=0)", n);
				return (false);
			}
		}
		t->snd_una = ack;
		if (t->retransmits == 0)
			tcp_rtt_sample(t, now - t->rtt_start);
		t->retransmits = 0;
		tcp_timer_set(t, TT_REXMT, TCP_NEVER);
		tcp_update_wnd(t, s);
		tcp_set_state(st, t, TCP_ESTABLISHED, TCP_CAUSE_ACK_OF_SYN,
		    "RFC 9293 §3.10.7.4", "ACK of our SYN-ACK, RFC 9293 "
		    "§3.10.7.4");
		tcp_acceptq_add(t);
		tcp_keepalive_reset(t, now);
		if (t->fin_queued)
			tcp_set_state(st, t, TCP_FIN_WAIT_1, t->orphaned ?
			    TCP_CAUSE_USER_CLOSE : TCP_CAUSE_USER_SHUTDOWN,
			    "RFC 9293 §3.10.4", "CLOSE queued in SYN-RECEIVED: "
			    "FIN after the data, RFC 9293 §3.10.4");
	}
	/* RFC 5961 §5.2: SND.UNA - MAX.SND.WND <= SEG.ACK <= SND.NXT. */
	if (!t->cfg->rfc5961) {
		if (!tcp_check_ack_793(st, t, s, now))
			return (false);
	} else if (seq_gt(ack, t->snd_nxt)) {
		tcp_challenge_ack(st, t, now, "RFC 5961 §5.2", "ACK of data "
		    "not yet sent (RFC 5961 §5.2)");
		return (false);
	} else if (seq_lt(ack, t->snd_una - t->max_snd_wnd)) {
		tcp_challenge_ack(st, t, now, "RFC 5961 §5.2", "ACK older than "
		    "SND.UNA - MAX.SND.WND: blind data injection? (RFC 5961 "
		    "§5.2)");
		return (false);
	}
	if (t->state == TCP_TIME_WAIT)
		return (true);
	if (t->sack_ok && (o = wire_tcpopt_find(&s->th, TCPOPT_SACK)) != NULL) {
		struct sack_blk b[WIRE_MAX_SACK];
		int i;
		for (i = 0; i < o->u.sack.n; i++) {
			b[i].left = o->u.sack.blk[i].left;
			b[i].right = o->u.sack.blk[i].right;
		}
		sacked = sb_update(tcp_sb(t), b, o->u.sack.n, t->snd_una,
		    t->snd_max);
		tcp_sb_trim(t);
	}
	if (seq_gt(ack, t->snd_una))
		tcp_new_ack(st, t, s, now);
	else if (ack == t->snd_una && s->len == 0 &&
	    !(s->th.flags & (TH_SYN | TH_FIN)) && t->snd_max != t->snd_una &&
	    (seg_wnd(t, s) == t->snd_wnd || sacked > 0)) {
		/*
		 * RFC 5681 §2 "duplicate acknowledgment"; with SACK also one
		 * that SACKs new octets whatever its window (RFC 6675 §2
		 * "DupAck": Linux opens its window as out-of-order data fills
		 * its queue, so its duplicates rarely keep the window).
		 */
		if (cc_on_dupack(&t->cc, t->snd_una, t->snd_max,
		    t->snd_max - t->snd_una) == CC_RETRANSMIT) {
			ev = stack_emit(st, TEV_NOTE, t, 0,
			    TCP_CAUSE_FAST_RETRANSMIT, "RFC 5681 §3.2", "3 "
			    "duplicate ACKs: fast retransmit of %u (RFC 5681 "
			    "§3.2)", tcp_seq_ours(t, t->snd_una));
			tcp_ev_sent(ev, t, tcp_retransmit(st, t, now,
			    TCP_CAUSE_FAST_RETRANSMIT));
		} else if (t->sb != NULL &&
		    sb_sacked_bytes(t->sb) > 2 * (uint32_t)t->snd_mss &&
		    cc_on_sack_lost(&t->cc, t->snd_una, t->snd_max,
		    t->snd_max - t->snd_una) == CC_RETRANSMIT) {
			/* RFC 6675 §4 IsLost(SND.UNA), DupThresh 3. */
			ev = stack_emit(st, TEV_NOTE, t, 0,
			    TCP_CAUSE_FAST_RETRANSMIT, "RFC 6675 §5", "%u "
			    "bytes SACKed above it before a third duplicate "
			    "ACK: fast retransmit of %u (RFC 6675 §5)",
			    sb_sacked_bytes(t->sb), tcp_seq_ours(t, t->snd_una));
			tcp_ev_sent(ev, t, tcp_retransmit(st, t, now,
			    TCP_CAUSE_FAST_RETRANSMIT));
		}
	}
	/* Window update (§3.10.7.4): only from newer segments. */
	if (seq_leq(t->snd_una, ack) && (seq_lt(t->snd_wl1, s->th.seq) ||
	    (t->snd_wl1 == s->th.seq && seq_leq(t->snd_wl2, ack)))) {
		bool was_zero = t->snd_wnd == 0;
		tcp_update_wnd(t, s);
		if (was_zero && t->snd_wnd > 0) {
			tcp_timer_set(t, TT_PERSIST, TCP_NEVER);
			t->persist_shift = 0;
		}
	}

	if (t->fin_sent && seq_gt(t->snd_una, t->fin_seq)) {
		switch (t->state) {
		case TCP_FIN_WAIT_1:
			tcp_set_state(st, t, TCP_FIN_WAIT_2,
			    TCP_CAUSE_ACK_OF_FIN, "RFC 9293 §3.10.7.4", "our "
			    "FIN acknowledged, RFC 9293 §3.10.7.4");
			if (t->orphaned)
				tcp_timer_set(t, TT_FINWAIT2,
				    now + t->cfg->fin_wait2);
			break;
		case TCP_CLOSING:
			tcp_enter_time_wait(st, t, now, TCP_CAUSE_ACK_OF_FIN,
			    "RFC 9293 §3.10.7.4", "our FIN acknowledged, RFC "
			    "9293 §3.10.7.4");
			break;
		case TCP_LAST_ACK:
			tcp_set_state(st, t, TCP_CLOSED, TCP_CAUSE_ACK_OF_FIN,
			    "RFC 9293 §3.10.7.4", "our FIN acknowledged, RFC "
			    "9293 §3.10.7.4");
			return (false);
		default:
			break;
		}
	}
	return (true);
}

/*
 * Decide when to acknowledge received data (RFC 1122 §4.2.3.2): at once for
 * out-of-order data, for data filling a hole (RFC 5681 §4.2), and for every
 * second full-sized segment; otherwise within delack_time.
 */
static void
tcp_ack_policy(struct tcb *t, size_t len, bool at_once, uint64_t now)
{
	if (len >= t->snd_mss)
		t->unacked_segs++;
	if (at_once || !t->cfg->delack || t->unacked_segs >= 2 ||
	    tcp_ooo_held(t) > 0) {
		/* RFC 5681 §4.2: at once for these */
		tcp_owe_ack(t, TCP_CAUSE_DATA_RCVD);
		return;
	}
	if (t->timer[TT_DELACK] == TCP_NEVER)
		tcp_timer_set(t, TT_DELACK, now + t->cfg->delack_time);
}

/*
 * §3.10.7.4 seventh and eighth steps: accept text in order (holding what
 * comes early), then the FIN once every byte before it has arrived.
 */
static void
tcp_text(struct stack *st, struct tcb *t, const struct seg *s, uint64_t now)
{
	const uint8_t	*data = s->data;
	size_t		 len = s->len, skip, before, pulled;
	uint32_t	 seq = s->th.seq + ((s->th.flags & TH_SYN) ? 1 : 0);
	bool		 fin = (s->th.flags & TH_FIN) != 0, held_fin = false;
	uint32_t	 wnd;

	if (len == 0 && !fin)
		return;
	if (t->fin_rcvd) {
		if (len > 0)
			tcp_discard(st, t, s, TCP_CAUSE_DATA_AFTER_FIN,
			    "RFC 9293 §3.10.7.4", "data after the peer's FIN "
			    "is ignored (RFC 9293 §3.10.7.4, seventh step)");
		return;
	}
	if (seq_lt(seq, t->rcv_nxt)) {		/* trim what we already have */
		skip = (size_t)(t->rcv_nxt - seq);
		if (skip > len || (skip == len && !fin)) {
			tcp_owe_ack(t, TCP_CAUSE_DUPLICATE);
			tcp_discard(st, t, s, TCP_CAUSE_DUPLICATE,
			    "RFC 9293 §3.10.7.4", "duplicate: all of it is "
			    "below RCV.NXT %u, acknowledged again",
			    tcp_seq_theirs(t, t->rcv_nxt));
			return;
		}
		data += skip;
		len -= skip;
		seq = t->rcv_nxt;
	}
	if (len > 0 && t->orphaned) {
		/* New data for a socket the user closed: Linux resets (RFC 2525 §2.17). */
		tcp_reset(st, t, TCP_CAUSE_DATA_AFTER_CLOSE);
		tcp_drop(st, t, TCP_CAUSE_DATA_AFTER_CLOSE, "RFC 2525 §2.17",
		    "data arrived after close: RST sent, as Linux does (RFC "
		    "2525 §2.17)");
		return;
	}
	wnd = tcp_rcv_wnd(t);
	if (seq_gt(t->rcv_adv, t->rcv_nxt) && t->rcv_adv - t->rcv_nxt > wnd)
		wnd = t->rcv_adv - t->rcv_nxt;
	if (seq != t->rcv_nxt) {
		/* Out of order: hold it (bounded), answer with a duplicate ACK. */
		size_t room = seq_lt(seq, t->rcv_nxt + wnd) ?
		    (size_t)(t->rcv_nxt + wnd - seq) : 0;
		if (len > room) {
			len = room;
			fin = false;
		}
		reasm_insert(tcp_ooo(t), t->rcv_nxt, seq, data, len, fin);
		tcp_ack_policy(t, len, true, now);
		return;
	}
	if (len > wnd) {
		len = wnd;	/* trim to the window's right edge */
		fin = false;
	}
	before = t->rcvbuf.len;
	tcp_rcvbuf_append(st, t, data, len);
	t->rcv_nxt += (uint32_t)len;
	held_fin = false;
	pulled = t->ooo != NULL ? reasm_pull(t->ooo, t->rcv_nxt, &t->rcvbuf,
	    &held_fin) : 0;
	t->rcv_nxt += (uint32_t)pulled;
	if (t->rcvbuf.len > before)
		stack_emit_n(st, TEV_DATA, t, t->rcvbuf.len - before,
		    TCP_CAUSE_DATA_RCVD, "RFC 9293 §3.10.7.4",
		    t->rcvbuf.len - before, " bytes received");
	tcp_ack_policy(t, len, pulled > 0 || held_fin, now);
	if (fin || held_fin)
		tcp_fin(st, t, now);
}

/* §3.10.7.4 eighth step: the FIN bit, once everything before it is in. */
static void
tcp_fin(struct stack *st, struct tcb *t, uint64_t now)
{
	t->rcv_nxt++;
	t->fin_rcvd = true;
	tcp_owe_ack(t, TCP_CAUSE_FIN_RCVD);	/* acknowledged at once */
	switch (t->state) {
	case TCP_SYN_RECEIVED:
	case TCP_ESTABLISHED:
		tcp_set_state(st, t, TCP_CLOSE_WAIT, TCP_CAUSE_FIN_RCVD,
		    "RFC 9293 §3.10.7.4", "FIN received, RFC 9293 §3.10.7.4");
		if (t->close_at_eof)	/* `close at-eof`: our FIN takes the ACK */
			tcp_eof_close(st, t, now);
		break;
	case TCP_FIN_WAIT_1:
		if (t->fin_sent && seq_gt(t->snd_una, t->fin_seq))
			tcp_enter_time_wait(st, t, now, TCP_CAUSE_FIN_RCVD,
			    "RFC 9293 §3.10.7.4", "FIN received and our FIN "
			    "acknowledged, RFC 9293 §3.10.7.4");
		else
			tcp_set_state(st, t, TCP_CLOSING, TCP_CAUSE_FIN_RCVD,
			    "RFC 9293 §3.10.7.4", "FIN received before our FIN "
			    "was acknowledged (simultaneous close), RFC 9293 "
			    "§3.10.7.4");
		break;
	case TCP_FIN_WAIT_2:
		tcp_enter_time_wait(st, t, now, TCP_CAUSE_FIN_RCVD,
		    "RFC 9293 §3.10.7.4", "FIN received, RFC 9293 §3.10.7.4");
		break;
	default:
		break;	/* CLOSE-WAIT, CLOSING, LAST-ACK: remain */
	}
}

/* §3.10.7.4: a segment for a connection in any state but LISTEN. */
void
tcp_input(struct stack *st, struct tcb *t, const struct seg *s, uint64_t now)
{
	const struct tcp_opt	*o;
	struct seg		 crossed;

	if (t->state == TCP_SYN_SENT) {
		tcp_input_syn_sent(st, t, s, now);
		return;
	}
	t->last_rcv = now;
	tcp_keepalive_reset(t, now);

	if (t->state == TCP_SYN_RECEIVED && (s->th.flags & TH_SYN) &&
	    !(s->th.flags & TH_RST) && s->th.seq == t->irs) {
		if (!(s->th.flags & TH_ACK)) {
			/* The peer resent its SYN: so do we our SYN-ACK (Linux). */
			tcp_discard(st, t, s, TCP_CAUSE_DUP_SYN, NULL,
			    "retransmitted SYN: SYN-ACK sent again");
			tcp_retransmit(st, t, now, TCP_CAUSE_DUP_SYN);
			return;
		}
		if (!t->passive && s->th.ack == t->snd_nxt) {
			/*
			 * Simultaneous open: the peer's SYN,ACK crossed ours
			 * (RFC 9293 Figure 8).  Its ACK completes the handshake;
			 * take it without the SYN already counted in RCV.NXT.
			 */
			crossed = *s;
			crossed.th.flags &= (uint16_t)~TH_SYN;
			crossed.th.seq++;
			s = &crossed;
		}
	}
	if (t->state == TCP_TIME_WAIT && tcp_time_wait_syn(st, t, s, now))
		return;

	/* RFC 7323 §5.3: PAWS comes before the sequence number check. */
	if (!tcp_paws_ok(st, t, s, now)) {
		tcp_output(st, t, now);
		return;
	}
	/* First, check the sequence number. */
	if (!tcp_acceptable(t, s)) {
		tcp_unacceptable(st, t, s, now);
		return;
	}
	/* RFC 7323 §4.3: TS.Recent from segments covering Last.ACK.sent. */
	if (t->ts_ok && (o = wire_tcpopt_find(&s->th, TCPOPT_TIMESTAMP)) != NULL &&
	    seq_geq(o->u.ts.val, t->ts_recent) &&
	    seq_leq(s->th.seq, t->last_ack_sent)) {
		t->ts_recent = o->u.ts.val;
		t->ts_recent_age = now;
	}
	/* Second, check the RST bit. */
	if (!tcp_check_rst(st, t, s, now)) {
		tcp_output(st, t, now);
		return;
	}
	/* Third, security: tcpx does not use the IP security option. */
	/* Fourth, the SYN bit. */
	if (s->th.flags & TH_SYN) {
		tcp_check_syn(st, t, s, now);
		tcp_output(st, t, now);
		return;
	}
	/* Fifth, the ACK field. */
	if (!tcp_check_ack(st, t, s, now)) {
		tcp_output(st, t, now);
		return;
	}
	/* Sixth, the URG bit: parsed but not acted on (RFC 6093 advises against it). */
	/* Seventh and eighth: the segment text and the FIN bit. */
	if (t->state == TCP_TIME_WAIT) {
		if (s->th.flags & TH_FIN) {
			/* "Restart the 2 MSL time-wait timeout." */
			tcp_timer_set(t, TT_TIMEWAIT, now + t->cfg->time_wait);
			tcp_owe_ack(t, TCP_CAUSE_FIN_RCVD);
		}
	} else if (t->state == TCP_ESTABLISHED || t->state == TCP_FIN_WAIT_1 ||
	    t->state == TCP_FIN_WAIT_2)
		tcp_text(st, t, s, now);
	else if (s->len > 0 && seq_geq(s->th.seq + (uint32_t)s->len, t->rcv_nxt))
		tcp_discard(st, t, s, TCP_CAUSE_DATA_AFTER_FIN,
		    "RFC 9293 §3.10.7.4", "data in %s is ignored: the peer's "
		    "FIN came first (RFC 9293 §3.10.7.4, seventh step)",
		    tcp_state_name(t->state));
	tcp_output(st, t, now);
}
