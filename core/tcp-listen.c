/*
 * core/tcp-listen.c - passive open: a segment for a listener (RFC 9293
 * §3.10.7.2), the SYN queue and the accept queue, SYN cookies when the SYN
 * queue is full (RFC 4987 §3.6), the options a SYN negotiates (RFC 9293
 * §3.7.1 MSS, RFC 7323 §2.2 window scale and §3.2 timestamps, RFC 2018 §2
 * SACK-permitted), and what closing a listener does to the connections it
 * has not handed out (RFC 9293 §3.10.4, as Linux inet_csk_listen_stop).
 */
#include "core/syncookie.h"
#include "core/tcp-int.h"

/*
 * Take the options of the peer's SYN (or SYN-ACK): its MSS, and window
 * scaling, timestamps and SACK when both sides offer them; then set the
 * segment size and the congestion window.
 */
void
tcp_syn_options(struct stack *st, struct tcb *t, const struct seg *s,
    uint64_t now)
{
	const struct tcp_opt	*o;
	/* §3.7.1 (MUST-15): without the option, 536 over IPv4, 1220 over IPv6. */
	o = wire_tcpopt_find(&s->th, TCPOPT_MSS);
	t->peer_mss = o != NULL && o->u.mss > 0 ? o->u.mss :
	    (t->local.addr.family == 4 ? 536 : 1220);
	o = wire_tcpopt_find(&s->th, TCPOPT_WSCALE);
	if (o != NULL && t->cfg->opt_wscale) {
		t->ws_ok = true;
		/* RFC 7323 §2.3: a shift above 14 is used as 14. */
		t->snd_shift = o->u.wscale > 14 ? 14 : o->u.wscale;
		t->rcv_shift = t->cfg->wscale;
	}
	o = wire_tcpopt_find(&s->th, TCPOPT_TIMESTAMP);
	if (o != NULL && t->cfg->opt_ts) {
		t->ts_ok = true;
		t->ts_recent = o->u.ts.val;
	}
	if (wire_tcpopt_find(&s->th, TCPOPT_SACK_PERM) != NULL &&
	    t->cfg->opt_sack)
		t->sack_ok = true;
	tcp_sync_mss(st, t, now);
	cc_init(&t->cc, t->snd_mss);
}

/*
 * Count a listener's SYN queue (children in SYN-RECEIVED) and its accept
 * queue (children that completed the handshake and were not yet accepted,
 * those reset since included: Linux counts them in sk_ack_backlog until
 * accept() takes them).  Children the user owns (accepted, or claimed by
 * tcp_acceptq_claim) are in neither.
 */
void
tcp_listen_queues(const struct stack *st, const struct tcb *l, uint32_t *synq,
    uint32_t *acceptq)
{
	(void)st;
	*synq = l->nsynq;		/* kept by tcp_kid_sync(), O(1) per SYN */
	*acceptq = l->nacceptq;
}

/* The queue child t counts in: 0 none, 1 the SYN queue, 2 the accept queue. */
static uint8_t
tcp_kid_class(const struct tcb *t)
{
	if (!t->in_kids || t->listener == 0 || t->accepted)
		return (0);
	if (t->state == TCP_SYN_RECEIVED)
		return (1);
	return (t->in_acceptq ? 2 : 0);
}

/*
 * Bring the counts of t's listener up to date after a change to t (its
 * state, its queue flags, its place in the listener's list).
 */
void
tcp_kid_sync(struct tcb *t)
{
	uint8_t		 c = tcp_kid_class(t);
	struct tcb	*l;

	if (c == t->qclass)
		return;
	if ((l = stack_tcb(t->st, t->listener)) != NULL) {
		if (t->qclass == 1)
			l->nsynq--;
		else if (t->qclass == 2)
			l->nacceptq--;
		if (c == 1)
			l->nsynq++;
		else if (c == 2)
			l->nacceptq++;
	}
	t->qclass = c;
}

/* t is a new child of listener l: it joins l's list until handed out. */
void
tcp_kid_add(struct tcb *l, struct tcb *t)
{
	t->kid_prev = NULL;
	t->kid_next = l->kids;
	if (l->kids != NULL)
		l->kids->kid_prev = t;
	l->kids = t;
	t->in_kids = true;
	tcp_kid_sync(t);
}

/*
 * A passive child completed its handshake: it joins its listener's accept
 * queue (Linux inet_csk_reqsk_queue_add) and stays there until tcp_accept()
 * takes it, even if it is reset meanwhile.  A child that ends in
 * SYN-RECEIVED never joins it: RFC 9293 §3.10.7.4 returns it to LISTEN and
 * "the user need not be informed" (Linux drops the request sock).
 */
void
tcp_acceptq_add(struct tcb *t)
{
	if (t->listener != 0 && !t->accepted)
		t->in_acceptq = true;
	tcp_kid_sync(t);
}

/*
 * A user call (CLOSE, shutdown or ABORT: what, uc) ends or shuts a passive
 * child
 * that was not accepted yet.  It leaves its listener's queues and becomes
 * the user's, as if accepted: tcp_accept() never hands out a connection the
 * user already closed, and closing the listener leaves it alone.  Linux
 * cannot address a child before accept(); the REPL can (see tcp_accept).
 */
void
tcp_acceptq_claim(struct stack *st, struct tcb *t, const char *what,
    enum tcp_cause uc)
{
	if (t->listener == 0 || t->accepted)
		return;
	stack_emit(st, TEV_NOTE, t, 0, uc, NULL, "user %s before accept: "
	    "taken out of the listener's %s queue, accept will not return it",
	    what,
	    t->in_acceptq ? "accept" : "SYN");
	t->in_acceptq = false;
	t->accepted = true;
	tcb_kid_del(t);
}

/*
 * The listener l was closed or aborted by the user (what, uc): reset the
 * children waiting in its accept queue and drop the half-open ones, as
 * Linux inet_csk_listen_stop() does; accepted children are not touched.
 */
void
tcp_listen_stop(struct stack *st, struct tcb *l, const char *what,
    enum tcp_cause uc)
{
	struct tcb	*t, *next;
	unsigned	 reset = 0, dropped = 0, dead = 0;
	const char	*clause;

	/* CLOSE or ABORT in LISTEN: "delete TCB, enter CLOSED state". */
	clause = uc == TCP_CAUSE_USER_ABORT ? "RFC 9293 §3.10.5" :
	    "RFC 9293 §3.10.4";
	for (t = l->kids; t != NULL; t = next) {
		next = t->kid_next;
		if (t->listener != l->id || t->accepted)
			continue;
		if (t->state == TCP_SYN_RECEIVED) {
			/* Linux drops the request; a later ACK draws RST. */
			dropped++;
			tcp_set_state(st, t, TCP_CLOSED,
			    TCP_CAUSE_LISTENER_CLOSED, clause, "listener "
			    "closed (user %s): half-open connection dropped, "
			    "nothing sent (Linux inet_csk_listen_stop, %s)",
			    what, clause);
		} else if (t->in_acceptq) {
			t->in_acceptq = false;
			tcp_kid_sync(t);
			if (t->state == TCP_CLOSED) {
				dead++;		/* reset or timed out already */
				stack_reap_queue(st, t);
				continue;
			}
			/* Linux tcp_disconnect: an active reset. */
			reset++;
			tcp_reset(st, t, TCP_CAUSE_LISTENER_CLOSED);
			tcp_set_state(st, t, TCP_CLOSED,
			    TCP_CAUSE_LISTENER_CLOSED, clause, "listener "
			    "closed (user %s) before accept: RST sent, TCB "
			    "deleted (Linux inet_csk_listen_stop, %s)", what,
			    clause);
		}
	}
	if (reset + dropped + dead > 0)
		stack_emit(st, TEV_NOTE, l, 0, uc, clause, "user %s of a "
		    "listener: %u unaccepted connection(s) reset, %u half-open "
		    "dropped, %u closed ones discarded (Linux "
		    "inet_csk_listen_stop; %s: \"delete TCB\")", what, reset,
		    dropped, dead, clause);
}

/* An ACK to a listener: the return of a SYN cookie, or a reset (§3.10.7.2). */
static void
tcp_listen_ack(struct stack *st, struct tcb *l, const struct seg *s,
    uint64_t now)
{
	struct endpoint	 le, re;
	struct tcb	*t;
	uint32_t	 synq, acceptq;
	uint16_t	 mss = 0;

	le.addr = s->dst;
	le.port = s->th.dport;
	re.addr = s->src;
	re.port = s->th.sport;
	if (l->cfg->syncookies > 0 && !(s->th.flags & (TH_SYN | TH_FIN)))
		mss = syncookie_check(st->key, &le, &re, s->th.seq - 1,
		    s->th.ack - 1, now);
	if (mss == 0) {
		tcp_respond_rst(st, s, TCP_CAUSE_BAD_ACK, "RFC 9293 §3.10.7.2",
		    "ACK to a listener (RFC 9293 §3.10.7.2)");
		return;
	}
	/*
	 * A valid cookie, but no room to accept the connection: Linux's
	 * tcp_v4_syn_recv_sock() fails (ListenOverflows) and the ACK is
	 * dropped; the peer's retransmitted ACK or data tries again.
	 */
	tcp_listen_queues(st, l, &synq, &acceptq);
	if (acceptq >= l->cfg->backlog) {
		tcp_discard(st, l, s, TCP_CAUSE_ACCEPT_QUEUE_FULL, NULL,
		    "SYN cookie valid, but accept queue full "
		    "(%u): ACK dropped, no connection made; the peer's next "
		    "ACK retries (Linux)", acceptq);
		return;
	}
	t = stack_new_tcb(st, TCP_CLOSED, l->cfg, l);
	t->listener = l->id;
	tcp_kid_add(l, t);
	t->passive = true;
	t->local = le;
	t->remote = re;
	t->irs = s->th.seq - 1;
	t->have_irs = true;
	t->rcv_nxt = t->rcv_adv = s->th.seq;
	t->iss = s->th.ack - 1;
	t->snd_una = t->snd_nxt = t->snd_max = t->snd_sml = s->th.ack;
	t->peer_mss = mss;
	t->snd_mss = mss;
	cc_init(&t->cc, mss);
	t->snd_wnd = t->max_snd_wnd = s->th.win;
	t->snd_wl1 = s->th.seq;
	t->snd_wl2 = s->th.ack;
	tcp_set_state(st, t, TCP_ESTABLISHED, TCP_CAUSE_SYN_COOKIE,
	    "RFC 4987 §3.6", "SYN cookie in the ACK is "
	    "valid: connection rebuilt with MSS %u, no window scaling, SACK "
	    "or timestamps (RFC 4987 §3.6)", mss);
	tcp_acceptq_add(t);
	tcp_input(st, t, s, now);
}

/*
 * §3.10.7.2: a segment for a listener; tw, when not NULL, is the
 * connection in TIME-WAIT a new SYN on its 4-tuple ends (RFC 6191).
 */
void
tcp_input_listen(struct stack *st, struct tcb *l, const struct seg *s,
    const struct tcb *tw, uint64_t now)
{
	struct endpoint	 le, re;
	struct tcb	*t;
	uint32_t	 synq, acceptq, cookie;
	uint16_t	 mss_used, mss;
	const struct tcp_opt *o;

	/* "First, check for a RST: an incoming RST should be ignored." */
	if (s->th.flags & TH_RST) {
		tcp_discard(st, l, s, TCP_CAUSE_RST_IGNORED,
		    "RFC 9293 §3.10.7.2", "RST to a listener is ignored (RFC "
		    "9293 §3.10.7.2)");
		return;
	}
	/* "Second, check for an ACK" - or a returning SYN cookie. */
	if (s->th.flags & TH_ACK) {
		tcp_listen_ack(st, l, s, now);
		return;
	}
	/* "Third, check for a SYN" - security is not used. */
	if (!(s->th.flags & TH_SYN)) {
		tcp_discard(st, l, s, TCP_CAUSE_NO_SYN, "RFC 9293 §3.10.7.2",
		    "neither SYN, ACK nor RST to a listener (RFC 9293 "
		    "§3.10.7.2)");
		return;
	}
	/*
	 * SYN+FIN: RFC 9293 §3.10.7.2 would answer the SYN and keep the FIN
	 * for later; Linux drops the segment (tcp_rcv_state_process,
	 * TCP_LISTEN: th->fin, SKB_DROP_REASON_TCP_FLAGS), as the
	 * synfin_drop setting does.  Off: the SYN is answered and the FIN,
	 * left unacknowledged, is the peer's to send again.
	 */
	if ((s->th.flags & TH_FIN) && l->cfg->synfin_drop) {
		tcp_discard(st, l, s, TCP_CAUSE_SYN_FIN, NULL, "SYN with FIN "
		    "to a listener dropped, as Linux does (synfin_drop on)");
		return;
	}
	le.addr = s->dst;
	le.port = s->th.dport;
	re.addr = s->src;
	re.port = s->th.sport;
	tcp_listen_queues(st, l, &synq, &acceptq);
	if (acceptq >= l->cfg->backlog) {
		tcp_discard(st, l, s, TCP_CAUSE_ACCEPT_QUEUE_FULL, NULL,
		    "SYN dropped: accept queue full (%u), as Linux does",
		    acceptq);
		return;
	}
	/* A cookie's ISN cannot honour tcp_reopen_iss(): none then (Linux). */
	if (tw == NULL && (l->cfg->syncookies == 2 ||
	    (l->cfg->syncookies == 1 && synq >= l->cfg->syn_backlog))) {
		o = wire_tcpopt_find(&s->th, TCPOPT_MSS);
		mss = o != NULL ? o->u.mss : 536;
		if (mss > tcp_our_mss(l->cfg, le.addr.family))
			mss = tcp_our_mss(l->cfg, le.addr.family);
		cookie = syncookie_make(st->key, &le, &re, s->th.seq, mss, now,
		    &mss_used);
		tcp_send_synack(st, l, &le, &re, cookie, s->th.seq + 1,
		    mss_used);
		stack_emit(st, TEV_NOTE, l, 0, TCP_CAUSE_SYN_COOKIE,
		    "RFC 4987 §3.6", "SYN from port %u: %s, SYN "
		    "cookie sent (ISN %u encodes MSS %u), no state kept "
		    "(RFC 4987 §3.6)", re.port, l->cfg->syncookies == 2 ?
		    "syncookies always on" : "SYN queue full", cookie, mss_used);
		return;
	}
	if (synq >= l->cfg->syn_backlog) {
		tcp_discard(st, l, s, TCP_CAUSE_SYN_QUEUE_FULL, NULL, "SYN "
		    "dropped: SYN queue full (%u) and SYN cookies off", synq);
		return;
	}
	t = stack_new_tcb(st, TCP_LISTEN, l->cfg, l);
	t->listener = l->id;
	tcp_kid_add(l, t);
	t->passive = true;
	t->local = le;
	t->remote = re;
	t->irs = s->th.seq;
	t->have_irs = true;
	t->rcv_nxt = s->th.seq + 1;
	if (tw != NULL)
		t->iss = tcp_reopen_iss(tw);
	else
		t->iss = l->cfg->isn ? l->cfg->isn : stack_isn(st, &le, &re, now);
	t->snd_una = t->snd_nxt = t->snd_max = t->snd_sml = t->iss;
	t->ts_offset = (uint32_t)stack_isn(st, &re, &le, 0);
	t->snd_wnd = t->max_snd_wnd = s->th.win;	/* never scaled in a SYN */
	t->snd_wl1 = s->th.seq;
	tcp_syn_options(st, t, s, now);
	t->ts_recent_age = now;
	tcp_set_state(st, t, TCP_SYN_RECEIVED, TCP_CAUSE_SYN_RCVD,
	    "RFC 9293 §3.10.7.2", "SYN received, SYN-ACK sent, RFC 9293 "
	    "§3.10.7.2");
	tcp_output(st, t, now);
}
