/*
 * core/tcp-timer.c - the engine's timers: retransmission with exponential
 * backoff and the RTO estimator (RFC 6298), TIME-WAIT's 2MSL (RFC 9293
 * §3.10.8) and the FIN-WAIT-2 timeout Linux applies to closed sockets.
 */
#include <stdio.h>

#include "core/tcp-int.h"

/* Arm (or with TCP_NEVER disarm) timer which of t at absolute time at. */
void
tcp_timer_set(struct tcb *t, enum tcp_timer which, uint64_t at)
{
	t->timer[which] = at;
}

/* Fold an RTT measurement into SRTT/RTTVAR and recompute the RTO (RFC 6298 §2). */
void
tcp_rtt_sample(const struct stack *st, struct tcb *t, uint64_t r)
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
	/* RTO <- SRTT + max(G, 4 * RTTVAR), clamped to Linux's bounds. */
	t->rto = t->srtt + (4 * t->rttvar > 1000 ? 4 * t->rttvar : 1000);
	if (t->rto < st->cfg.rto_min)
		t->rto = st->cfg.rto_min;
	if (t->rto > st->cfg.rto_max)
		t->rto = st->cfg.rto_max;
}

/* The connection failed: report why, and enter CLOSED. */
void
tcp_drop(struct stack *st, struct tcb *t, const char *why)
{
	stack_emit(st, TEV_ERROR, t, 0, "%s", why);
	tcp_set_state(st, t, TCP_CLOSED, "%s", why);
}

/* The retransmission timer expired (RFC 6298 §5.4-5.6). */
static void
tcp_timer_rexmt(struct stack *st, struct tcb *t, uint64_t now)
{
	int	limit = t->state == TCP_SYN_SENT ||
	    t->state == TCP_SYN_RECEIVED ? st->cfg.syn_retries :
	    st->cfg.retries2;

	if (t->retransmits >= limit) {
		char why[TCP_WHYLEN];
		snprintf(why, sizeof why, "retransmission timeout: no answer "
		    "after %d retransmissions (RFC 9293 §3.8.3)",
		    t->retransmits);
		tcp_drop(st, t, why);
		return;
	}
	t->retransmits++;
	/* §5.5: "back off the timer", bounded by RTO max. */
	t->rto = t->rto * 2 > st->cfg.rto_max ? st->cfg.rto_max : t->rto * 2;
	stack_emit(st, TEV_NOTE, t, 0, "retransmission timeout in %s: "
	    "retransmission #%d, RTO now %llu ms (RFC 6298 §5.5)",
	    tcp_state_name(t->state), t->retransmits,
	    (unsigned long long)(t->rto / TCP_MS));
	t->recovering = true;
	t->recover = t->snd_max;
	tcp_retransmit(st, t, now);
	tcp_timer_set(t, TT_REXMT, now + t->rto);
}

/* Run t's timers that are due at now. */
void
tcp_timer_run(struct stack *st, struct tcb *t, uint64_t now)
{
	if (t->timer[TT_REXMT] <= now) {
		t->timer[TT_REXMT] = TCP_NEVER;
		tcp_timer_rexmt(st, t, now);
	}
	if (t->timer[TT_TIMEWAIT] <= now) {
		t->timer[TT_TIMEWAIT] = TCP_NEVER;
		tcp_set_state(st, t, TCP_CLOSED, "TIME-WAIT timer (2MSL, %llu s) "
		    "expired, RFC 9293 §3.10.8",
		    (unsigned long long)(st->cfg.time_wait / TCP_SEC));
	}
	if (t->timer[TT_FINWAIT2] <= now) {
		t->timer[TT_FINWAIT2] = TCP_NEVER;
		if (t->state == TCP_FIN_WAIT_2)
			tcp_set_state(st, t, TCP_CLOSED, "FIN-WAIT-2 timeout "
			    "(%llu s, Linux tcp_fin_timeout) expired",
			    (unsigned long long)(st->cfg.fin_wait2 / TCP_SEC));
	}
}
