/*
 * core/tcp-timer.c - the engine's timers: retransmission with exponential
 * backoff and the RTO estimator (RFC 6298), the user timeout (RFC 5482),
 * zero-window probes (RFC 9293 §3.8.6.1), keepalive (RFC 1122 §4.2.3.6),
 * delayed ACKs (RFC 1122 §4.2.3.2), TIME-WAIT's 2MSL (RFC 9293 §3.10.8)
 * and the FIN-WAIT-2 timeout Linux applies to closed sockets.
 */
#include <stdio.h>

#include "core/tcp-int.h"

/* Arm (or with TCP_NEVER disarm) timer which of t at absolute time at. */
void
tcp_timer_set(struct tcb *t, enum tcp_timer which, uint64_t at)
{
	t->timer[which] = at;
	/* The heap's key may be early, never late (core/tcp-theap.c). */
	if (at != TCP_NEVER && (t->hidx == 0 || at < t->hkey))
		tcb_heap_update(t->st->heap, t);
}

/* Fold an RTT measurement into SRTT/RTTVAR and recompute the RTO (RFC 6298 §2). */
void
tcp_rtt_sample(struct tcb *t, uint64_t r)
{
	uint64_t	delta;

	if (t->srtt == 0) {
		/* §2.2: the first measurement. */
		t->srtt = r ? r : 1;
		t->rttvar = r / 2;
	} else {
		/* §2.3: RTTVAR <- 3/4 RTTVAR + 1/4 |SRTT - R'|; SRTT <- 7/8 SRTT + 1/8 R'. */
		delta = t->srtt > r ? t->srtt - r : r - t->srtt;
		t->rttvar = (3 * t->rttvar + delta) / 4;
		t->srtt = (7 * t->srtt + r) / 8;
	}
	/* RTO <- SRTT + max(G, 4 * RTTVAR), clamped to Linux's bounds (§2.4, §2.5). */
	t->rto = t->srtt + (4 * t->rttvar > 1000 ? 4 * t->rttvar : 1000);
	if (t->rto < t->cfg->rto_min)
		t->rto = t->cfg->rto_min;
	if (t->rto > t->cfg->rto_max)
		t->rto = t->cfg->rto_max;
}

/*
 * The connection failed (cause, clause): report why, with the last ICMP
 * soft error when it timed out (RFC 1122 §4.2.3.9), and enter CLOSED.
 */
void
tcp_drop(struct stack *st, struct tcb *t, enum tcp_cause cause,
    const char *clause, const char *why)
{
	t->error = tcp_cause_errno(cause);
	if (t->soft_err != NULL && (cause == TCP_CAUSE_RTO_GIVEUP ||
	    cause == TCP_CAUSE_USER_TIMEOUT ||
	    cause == TCP_CAUSE_KEEPALIVE_GIVEUP))
		stack_emit(st, TEV_ERROR, t, 0, cause, clause, "%s; last soft "
		    "error: %s", why, t->soft_err);
	else
		stack_emit(st, TEV_ERROR, t, 0, cause, clause, "%s", why);
	tcp_set_state(st, t, TCP_CLOSED, cause, clause, "%s", why);
}

/* Enter TIME-WAIT for 2MSL, with every other timer off (§3.10.7.4). */
void
tcp_enter_time_wait(struct stack *st, struct tcb *t, uint64_t now,
    enum tcp_cause cause, const char *clause, const char *why)
{
	int	i;

	for (i = 0; i < TT_N; i++)
		t->timer[i] = TCP_NEVER;
	tcp_set_state(st, t, TCP_TIME_WAIT, cause, clause, "%s", why);
	t->tw_since = now;
	tcp_timer_set(t, TT_TIMEWAIT, now + t->cfg->time_wait);
}

/* Event ev is about a segment t sent with SEQ seq (a resend or a probe). */
void
tcp_ev_sent(struct tcp_event *ev, const struct tcb *t, uint32_t seq)
{
	ev->has_seq = true;
	ev->seq = seq;
	ev->ack = t->rcv_nxt;
}

/* Something arrived: the peer is alive; restart the keepalive idle time. */
void
tcp_keepalive_reset(struct tcb *t, uint64_t now)
{
	t->last_rcv = now;
	t->ka_sent = 0;
	if (t->cfg->keepalive && (t->state == TCP_ESTABLISHED ||
	    t->state == TCP_CLOSE_WAIT || t->state == TCP_FIN_WAIT_2))
		tcp_timer_set(t, TT_KEEPALIVE, now + t->cfg->ka_idle);
	else
		tcp_timer_set(t, TT_KEEPALIVE, TCP_NEVER);
}

/* The retransmission timer expired (RFC 6298 §5.4-5.7). */
static void
tcp_timer_rexmt(struct stack *st, struct tcb *t, uint64_t now)
{
	uint32_t	limit = t->state == TCP_SYN_SENT ? t->cfg->syn_retries :
	    t->state == TCP_SYN_RECEIVED ? t->cfg->synack_retries :
	    t->cfg->retries2;
	char			 why[TCP_WHYLEN];
	struct tcp_event	*ev;

	if (t->cfg->user_timeout != 0 && t->unacked_since != 0 &&
	    now - t->unacked_since >= t->cfg->user_timeout) {
		snprintf(why, sizeof why, "user timeout: data unacknowledged "
		    "for %llu ms (RFC 5482)", (unsigned long long)
		    (t->cfg->user_timeout / TCP_MS));
		tcp_drop(st, t, TCP_CAUSE_USER_TIMEOUT, "RFC 5482", why);
		return;
	}
	if ((uint32_t)t->retransmits >= limit) {
		snprintf(why, sizeof why, "retransmission timeout: no answer "
		    "after %d retransmissions (RFC 9293 §3.8.3)",
		    t->retransmits);
		tcp_drop(st, t, TCP_CAUSE_RTO_GIVEUP, "RFC 9293 §3.8.3", why);
		return;
	}
	t->retransmits++;
	/* §5.5: "back off the timer", bounded by RTO max. */
	t->rto = t->rto * 2 > t->cfg->rto_max ? t->cfg->rto_max : t->rto * 2;
	ev = stack_emit(st, TEV_NOTE, t, 0, TCP_CAUSE_RTO, "RFC 6298 §5.5",
	    "retransmission timeout in %s: retransmission #%d, RTO now %llu "
	    "ms (RFC 6298 §5.5)", tcp_state_name(t->state), t->retransmits,
	    (unsigned long long)(t->rto / TCP_MS));
	if (tcp_synchronized(t->state)) {
		cc_on_rto(&t->cc, t->snd_max, t->snd_max - t->snd_una);
		tcp_sb_drop(t);	/* RFC 2018 §8: SACK information is advisory */
	}
	tcp_ev_sent(ev, t, tcp_retransmit(st, t, now, TCP_CAUSE_RTO));
	tcp_timer_set(t, TT_REXMT, tcp_rexmt_deadline(t, now));
}

/* The persist timer expired: probe the zero window, back off (§3.8.6.1). */
static void
tcp_timer_persist(struct stack *st, struct tcb *t, uint64_t now)
{
	struct tcp_event	*ev;
	uint64_t		 d;

	if (t->sndbuf.len == 0 || !tcp_synchronized(t->state))
		return;		/* nothing waits */
	if (t->snd_wnd != 0) {
		/* The SWS override timeout (RFC 9293 §3.8.6.2.1). */
		t->sws_force = true;
		tcp_output(st, t, now);
		t->sws_force = false;
		return;
	}
	ev = stack_emit(st, TEV_NOTE, t, 0, TCP_CAUSE_WINDOW_PROBE,
	    "RFC 9293 §3.8.6.1", "zero window: window probe #%d (RFC 9293 "
	    "§3.8.6.1)", t->persist_shift + 1);
	tcp_ev_sent(ev, t, tcp_send_probe(st, t, now, TCP_CAUSE_WINDOW_PROBE));
	if (t->persist_shift < 12)
		t->persist_shift++;
	d = t->rto << t->persist_shift;
	tcp_timer_set(t, TT_PERSIST, now + (d > t->cfg->rto_max ?
	    t->cfg->rto_max : d));
}

/* The keepalive timer expired: probe, or give up after the last probe. */
static void
tcp_timer_keepalive(struct stack *st, struct tcb *t, uint64_t now)
{
	struct tcp_event	*ev;
	char			 why[TCP_WHYLEN];
	uint64_t		 gap;

	if (!t->cfg->keepalive)
		return;
	if (t->snd_una != t->snd_max) {
		/* Data in flight: retransmissions watch the peer instead. */
		tcp_timer_set(t, TT_KEEPALIVE, now + t->cfg->ka_intvl);
		return;
	}
	if ((uint32_t)t->ka_sent >= t->cfg->ka_probes) {
		snprintf(why, sizeof why, "keepalive: no answer to %d probes, "
		    "peer declared dead (RFC 1122 §4.2.3.6)", t->ka_sent);
		tcp_reset(st, t, TCP_CAUSE_KEEPALIVE_GIVEUP);
		tcp_drop(st, t, TCP_CAUSE_KEEPALIVE_GIVEUP, "RFC 1122 §4.2.3.6",
		    why);
		return;
	}
	t->ka_sent++;
	if (t->ka_sent == 1) {
		gap = now - t->last_rcv;
		ev = stack_emit(st, TEV_NOTE, t, 0, TCP_CAUSE_KEEPALIVE_PROBE,
		    "RFC 1122 §4.2.3.6", "keepalive probe #1 after %llu.%01llu s "
		    "idle (RFC 1122 §4.2.3.6)", (unsigned long long)(gap /
		    TCP_SEC), (unsigned long long)(gap % TCP_SEC / 100000));
	} else {
		gap = now - t->ka_last;
		ev = stack_emit(st, TEV_NOTE, t, 0, TCP_CAUSE_KEEPALIVE_PROBE,
		    "RFC 1122 §4.2.3.6", "keepalive probe #%d, %llu.%01llu s "
		    "after #%d (RFC 1122 §4.2.3.6)", t->ka_sent,
		    (unsigned long long)(gap / TCP_SEC),
		    (unsigned long long)(gap % TCP_SEC / 100000), t->ka_sent - 1);
	}
	ev->elapsed = gap;
	t->ka_last = now;
	tcp_ev_sent(ev, t, tcp_send_probe(st, t, now,
	    TCP_CAUSE_KEEPALIVE_PROBE));
	tcp_timer_set(t, TT_KEEPALIVE, now + t->cfg->ka_intvl);
}

/* Run t's timers that are due at now. */
void
tcp_timer_run(struct stack *st, struct tcb *t, uint64_t now)
{
	struct tcp_event	*ev;
	uint64_t		 gap;
	char			 tw[32];

	if (t->timer[TT_DELACK] <= now) {
		t->timer[TT_DELACK] = TCP_NEVER;
		if (t->state != TCP_CLOSED)
			tcp_send_ack(st, t, now, TCP_CAUSE_DELAYED_ACK);
	}
	if (t->timer[TT_REXMT] <= now) {
		t->timer[TT_REXMT] = TCP_NEVER;
		tcp_timer_rexmt(st, t, now);
	}
	if (t->timer[TT_PERSIST] <= now) {
		t->timer[TT_PERSIST] = TCP_NEVER;
		tcp_timer_persist(st, t, now);
	}
	if (t->timer[TT_KEEPALIVE] <= now) {
		t->timer[TT_KEEPALIVE] = TCP_NEVER;
		tcp_timer_keepalive(st, t, now);
	}
	if (t->timer[TT_TIMEWAIT] <= now) {
		t->timer[TT_TIMEWAIT] = TCP_NEVER;
		gap = now - t->tw_since;
		/* The timer as `set time_wait` takes it: "60s", "200ms". */
		ev = tcp_set_state(st, t, TCP_CLOSED, TCP_CAUSE_TIME_WAIT_EXPIRED,
		    "RFC 9293 §3.10.8", "TIME-WAIT ended after %llu.%03llu s: "
		    "the 2MSL timer (%s) expired, RFC 9293 §3.10.8",
		    (unsigned long long)(gap / TCP_SEC),
		    (unsigned long long)(gap % TCP_SEC / TCP_MS),
		    tcp_time_format(t->cfg->time_wait, tw, sizeof tw));
		ev->elapsed = gap;
	}
	if (t->timer[TT_FINWAIT2] <= now) {
		t->timer[TT_FINWAIT2] = TCP_NEVER;
		if (t->state == TCP_FIN_WAIT_2)
			tcp_set_state(st, t, TCP_CLOSED,
			    TCP_CAUSE_FIN_WAIT2_TIMEOUT, NULL, "FIN-WAIT-2 "
			    "timeout (%llu s, Linux tcp_fin_timeout) expired",
			    (unsigned long long)(t->cfg->fin_wait2 / TCP_SEC));
	}
}

/* Connection conn's settings changed at now: re-arm the timers they govern. */
void
tcp_cfg_changed(struct stack *st, unsigned conn, uint64_t now)
{
	struct tcb	*t = stack_tcb(st, conn);

	if (t == NULL || t->state == TCP_CLOSED)
		return;
	if (t->timer[TT_KEEPALIVE] == TCP_NEVER || !t->cfg->keepalive)
		tcp_keepalive_reset(t, now);
	if (t->state == TCP_TIME_WAIT && t->timer[TT_TIMEWAIT] > now + t->cfg->time_wait)
		tcp_timer_set(t, TT_TIMEWAIT, now + t->cfg->time_wait);
	if (t->timer[TT_FINWAIT2] != TCP_NEVER &&
	    t->timer[TT_FINWAIT2] > now + t->cfg->fin_wait2)
		tcp_timer_set(t, TT_FINWAIT2, now + t->cfg->fin_wait2);
	if (!t->cfg->delack && t->timer[TT_DELACK] != TCP_NEVER)
		tcp_timer_set(t, TT_DELACK, now);
}
