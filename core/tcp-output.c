/*
 * core/tcp-output.c - what the engine sends: SYN and SYN-ACK with their
 * options (RFC 9293 §3.7.1 MSS, RFC 7323 window scale and timestamps,
 * RFC 2018 SACK-permitted), data within the peer's window and the
 * congestion window with Nagle and silly-window avoidance (RFC 9293
 * §3.7.4, §3.8.6.2), FIN after the data (§3.10.4), ACKs with SACK blocks,
 * retransmission (RFC 6298 §5.4, holes first with SACK), window and
 * keepalive probes, challenge ACKs (RFC 5961 §7) and resets (§3.5.2).
 */
#include <string.h>

#include "core/tcp-int.h"

#define TS_OPTLEN	12	/* NOP, NOP, timestamps */

/* The MSS for our side: the setting, or the MTU less the IP and TCP headers. */
uint16_t
tcp_our_mss(const struct tcp_cfg *c, int family)
{
	if (c->mss != 0)
		return (c->mss);
	return ((uint16_t)(c->mtu - (family == 4 ? 40 : 60)));
}

/* Our timestamp clock (RFC 7323 §5.4): milliseconds plus a per-connection offset. */
uint32_t
tcp_tsval(const struct tcb *t, uint64_t now)
{
	return ((uint32_t)(now / TCP_MS) + t->ts_offset);
}

/* Free receive buffer space: the most window we may offer (§3.8.6.2). */
uint32_t
tcp_rcv_wnd(const struct tcb *t)
{
	size_t	 used = t->rcvbuf.len + tcp_ooo_held(t);
	uint32_t max = 65535U << (t->ws_ok ? t->rcv_shift : 0);
	uint32_t room = used < t->cfg->rcv_buf ? (uint32_t)(t->cfg->rcv_buf - used) : 0;

	return (room > max ? max : room);
}

/*
 * The memory the out-of-order queue may charge (core/reasm.h): what the
 * receive buffer has left after the readable bytes, as Linux bounds its
 * queues by sk_rcvbuf, and never more than reasm_limit.
 */
size_t
tcp_ooo_limit(const struct tcb *t)
{
	size_t	room = t->rcvbuf.len < t->cfg->rcv_buf ?
	    t->cfg->rcv_buf - t->rcvbuf.len : 0;

	return (room < t->cfg->reasm_limit ? room : t->cfg->reasm_limit);
}

/*
 * The window to advertise now, applying receiver-side silly window
 * avoidance (RFC 9293 §3.8.6.2.2): the right edge never moves left, and
 * moves right only by at least min(RCV.BUFF / 2, MSS).
 */
static uint32_t
tcp_adv_wnd(const struct tcb *t)
{
	uint32_t	wnd = tcp_rcv_wnd(t), edge = t->rcv_nxt + wnd;
	uint32_t	step = t->cfg->rcv_buf / 2;

	if (step > t->snd_mss)
		step = t->snd_mss;
	if (!tcp_synchronized(t->state) && t->state != TCP_SYN_RECEIVED)
		return (wnd);
	/* Also after a zero window: reopen it only by a worthwhile amount. */
	if (seq_lt(edge, t->rcv_adv) ||
	    (seq_gt(edge, t->rcv_adv) && edge - t->rcv_adv < step))
		edge = t->rcv_adv;
	return (seq_gt(edge, t->rcv_nxt) ? edge - t->rcv_nxt : 0);
}

/* Append an option to th. */
static void
opt_add(struct tcp_hdr *th, uint8_t kind, uint8_t len)
{
	struct tcp_opt	o;

	memset(&o, 0, sizeof o);
	o.kind = kind;
	o.len = len;
	wire_tcpopt_add(th, &o);
}

/* Append the options of a SYN or SYN-ACK in Linux's order: mss,sackOK,TS,nop,wscale. */
static void
tcp_syn_opts(struct tcp_hdr *th, uint16_t mss, bool sack, bool ts,
    uint32_t tsval, uint32_t tsecr, int wscale)
{
	struct tcp_opt	*o;

	opt_add(th, TCPOPT_MSS, 4);
	th->opt[th->n_opt - 1].u.mss = mss;
	if (sack && ts)
		opt_add(th, TCPOPT_SACK_PERM, 2);
	else if (sack || ts) {
		opt_add(th, TCPOPT_NOP, 1);
		opt_add(th, TCPOPT_NOP, 1);
		if (sack)
			opt_add(th, TCPOPT_SACK_PERM, 2);
	}
	if (ts) {
		opt_add(th, TCPOPT_TIMESTAMP, 10);
		o = &th->opt[th->n_opt - 1];
		o->u.ts.val = tsval;
		o->u.ts.ecr = tsecr;
	}
	if (wscale >= 0) {
		opt_add(th, TCPOPT_NOP, 1);
		opt_add(th, TCPOPT_WSCALE, 3);
		th->opt[th->n_opt - 1].u.wscale = (uint8_t)wscale;
	}
}

/* Append timestamps and, on an ACK with data held out of order, SACK blocks. */
static void
tcp_data_opts(const struct tcb *t, struct tcp_hdr *th, uint64_t now)
{
	struct sack_blk	 b[WIRE_MAX_SACK];
	struct tcp_opt	*o;
	int		 n, i, max;

	if (t->ts_ok) {
		opt_add(th, TCPOPT_NOP, 1);
		opt_add(th, TCPOPT_NOP, 1);
		opt_add(th, TCPOPT_TIMESTAMP, 10);
		o = &th->opt[th->n_opt - 1];
		o->u.ts.val = tcp_tsval(t, now);
		o->u.ts.ecr = t->ts_recent;
	}
	if (!t->sack_ok || !(th->flags & TH_ACK) || tcp_ooo_held(t) == 0)
		return;
	max = t->ts_ok ? 3 : 4;		/* 40 option bytes (RFC 2018 §3) */
	if ((n = reasm_sack(t->ooo, t->rcv_nxt, b, max)) == 0)
		return;
	opt_add(th, TCPOPT_NOP, 1);
	opt_add(th, TCPOPT_NOP, 1);
	opt_add(th, TCPOPT_SACK, (uint8_t)(2 + 8 * n));
	o = &th->opt[th->n_opt - 1];
	o->u.sack.n = (uint8_t)n;
	for (i = 0; i < n; i++) {
		o->u.sack.blk[i].left = b[i].left;
		o->u.sack.blk[i].right = b[i].right;
	}
}

/*
 * Queue one segment of t with sequence number seq, flags and payload, sent
 * because of cause; ACK segments carry RCV.NXT and settle any owed or
 * delayed ACK.  One that carries sequence space below SND.MAX is a resend.
 */
static void
tcp_emit(struct stack *st, struct tcb *t, uint32_t seq, uint16_t flags,
    const uint8_t *data, size_t len, uint64_t now, enum tcp_cause cause)
{
	struct seg	s;
	uint32_t	wnd;
	bool		rexmit;

	seg_clear(&s);		/* one per segment: not its 40 option slots */
	s.src = t->local.addr;
	s.dst = t->remote.addr;
	s.ttl = t->cfg->ttl;
	s.tos = t->cfg->tos;
	s.th.sport = t->local.port;
	s.th.dport = t->remote.port;
	s.th.seq = seq;
	s.th.flags = flags;
	if (flags & TH_ACK)
		s.th.ack = t->rcv_nxt;
	if (flags & TH_SYN) {
		/* §3.7.1, RFC 7323 §2.2: the window in a SYN is never scaled. */
		wnd = tcp_rcv_wnd(t);
		s.th.win = (uint16_t)(wnd > 65535 ? 65535 : wnd);
		t->rcv_adv = t->rcv_nxt + s.th.win;
		if (flags & TH_ACK)	/* SYN-ACK: answer what the peer offered */
			tcp_syn_opts(&s.th, tcp_our_mss(t->cfg, t->local.addr.family),
			    t->sack_ok, t->ts_ok, tcp_tsval(t, now), t->ts_recent,
			    t->ws_ok ? t->rcv_shift : -1);
		else
			tcp_syn_opts(&s.th, tcp_our_mss(t->cfg, t->local.addr.family),
			    t->cfg->opt_sack, t->cfg->opt_ts, tcp_tsval(t, now), 0,
			    t->cfg->opt_wscale ? t->cfg->wscale : -1);
	} else {
		wnd = tcp_adv_wnd(t);
		if (t->ws_ok)
			wnd = (wnd + (1U << t->rcv_shift) - 1) >> t->rcv_shift;
		s.th.win = (uint16_t)(wnd > 65535 ? 65535 : wnd);
		t->rcv_adv = t->rcv_nxt + ((uint32_t)s.th.win <<
		    (t->ws_ok ? t->rcv_shift : 0));
		tcp_data_opts(t, &s.th, now);
	}
	s.data = data;
	s.len = len;
	rexmit = seq_lt(seq, t->snd_max) && seg_seqlen(&s) > 0;
	if (rexmit)
		t->total_retrans++;
	stack_queue(st, &s, t->id, cause, rexmit);
	if (flags & TH_ACK) {
		t->ack_now = false;
		t->unacked_segs = 0;
		t->last_ack_sent = t->rcv_nxt;
		tcp_timer_set(t, TT_DELACK, TCP_NEVER);
	}
}

/* Send a bare ACK for what we have received, because of cause. */
void
tcp_send_ack(struct stack *st, struct tcb *t, uint64_t now,
    enum tcp_cause cause)
{
	tcp_emit(st, t, t->snd_nxt, TH_ACK, NULL, 0, now, cause);
}

/* An ACK is owed at the next output, because of cause. */
void
tcp_owe_ack(struct tcb *t, enum tcp_cause cause)
{
	t->ack_now = true;
	t->ack_cause = cause;
}

/*
 * Send a challenge ACK (RFC 5961 §3.2, §4.2, §5.2: clause), at most
 * cfg.chal_limit per 5 s per connection (§7: never a counter shared
 * between connections).
 */
void
tcp_challenge_ack(struct stack *st, struct tcb *t, uint64_t now,
    const char *clause, const char *why)
{
	if (now - t->chal_start >= 5 * TCP_SEC) {
		t->chal_start = now;
		t->chal_count = 0;
	}
	if (t->chal_count >= t->cfg->chal_limit) {
		stack_emit(st, TEV_DISCARD, t, 0, TCP_CAUSE_CHALLENGE_ACK_LIMIT,
		    "RFC 5961 §7", "%s: challenge ACK limit (%u per 5 s) "
		    "reached, nothing sent (RFC 5961 §7)", why,
		    t->cfg->chal_limit);
		return;
	}
	t->chal_count++;
	stack_emit(st, TEV_NOTE, t, 0, TCP_CAUSE_CHALLENGE_ACK, clause,
	    "%s: challenge ACK sent", why);
	tcp_send_ack(st, t, now, TCP_CAUSE_CHALLENGE_ACK);
}

/* Bytes of sndbuf already transmitted (SND.NXT - SND.UNA, less SYN/FIN). */
static size_t
tcp_sent_bytes(const struct tcb *t)
{
	uint32_t	n = t->snd_nxt - t->snd_una;

	if (t->fin_sent && seq_gt(t->snd_nxt, t->fin_seq))
		n--;
	return (n > t->sndbuf.len ? t->sndbuf.len : n);
}

/* Whether our FIN may follow the data in this state. */
static bool
tcp_fin_allowed(const struct tcb *t)
{
	return (t->fin_queued && !t->fin_sent &&
	    (t->state == TCP_FIN_WAIT_1 || t->state == TCP_LAST_ACK ||
	    t->state == TCP_CLOSING));
}

/*
 * Whether to send n of the unsent bytes now (RFC 9293 §3.7.4 Nagle and
 * §3.8.6.2.1 sender SWS avoidance): a full segment, or everything left when
 * nothing is outstanding (or Nagle is off, or a FIN follows, or - Minshall's
 * variant, as Linux - no earlier small segment is still unacknowledged), or
 * at least half the largest window the peer has offered.
 */
static bool
tcp_send_ok(const struct tcb *t, size_t n, size_t unsent, bool idle)
{
	bool	small_out = seq_gt(t->snd_sml, t->snd_una);

	if (n >= t->snd_mss || t->sws_force)
		return (true);
	if (n == unsent && (idle || !t->cfg->nagle || t->fin_queued ||
	    !small_out))
		return (true);
	return (t->max_snd_wnd > 0 && n >= t->max_snd_wnd / 2 && idle);
}

/*
 * When the retransmission timer must fire: after the RTO, but never after
 * the user timeout runs out (RFC 5482; Linux clamps the RTO the same way).
 */
uint64_t
tcp_rexmt_deadline(const struct tcb *t, uint64_t now)
{
	uint64_t	at = now + t->rto;

	if (t->cfg->user_timeout != 0 && t->unacked_since != 0 &&
	    t->unacked_since + t->cfg->user_timeout < at)
		at = t->unacked_since + t->cfg->user_timeout;
	return (at > now ? at : now);
}

/* Note that sequence space is going out: starts the unacknowledged clock. */
static void
tcp_sent(struct tcb *t, uint64_t now)
{
	if (t->unacked_since == 0 || t->snd_una == t->snd_nxt)
		t->unacked_since = now;
	if (t->timer[TT_REXMT] == TCP_NEVER)
		tcp_timer_set(t, TT_REXMT, tcp_rexmt_deadline(t, now));
}

/* Send the SYN or SYN-ACK of a connection that has not sent it yet. */
static void
tcp_output_syn(struct stack *st, struct tcb *t, uint64_t now)
{
	if (t->snd_nxt != t->iss)
		return;
	if (t->state == TCP_SYN_RECEIVED)
		tcp_emit(st, t, t->iss, TH_SYN | TH_ACK, NULL, 0, now,
		    TCP_CAUSE_SYN_RCVD);
	else
		tcp_emit(st, t, t->iss, TH_SYN, NULL, 0, now,
		    TCP_CAUSE_USER_OPEN);
	t->unacked_since = 0;
	tcp_sent(t, now);
	t->snd_nxt = t->snd_max = t->iss + 1;
	t->rtt_start = now;
}

/*
 * Send everything the state and the windows allow: the SYN or SYN-ACK,
 * then data, then our FIN once the data is out, and an owed ACK.
 */
void
tcp_output(struct stack *st, struct tcb *t, uint64_t now)
{
	size_t		off, n, unsent;
	uint32_t	edge, usable, wnd;
	uint16_t	flags;
	bool		sent = false, idle;

	switch (t->state) {
	case TCP_CLOSED:
	case TCP_LISTEN:
		return;
	case TCP_SYN_SENT:
	case TCP_SYN_RECEIVED:
		tcp_output_syn(st, t, now);
		return;
	default:
		break;
	}

	/* A path MTU learnt from ICMP expired: segments may grow again (RFC 1191 §6.3). */
	if (t->pmtu != 0 && stack_path_mtu(st, &t->remote.addr, now) != t->pmtu)
		tcp_sync_mss(st, t, now);

	/* Data, one segment at a time, inside min(SND.WND, cwnd) (§3.8.6, RFC 5681). */
	for (;;) {
		off = tcp_sent_bytes(t);
		if (t->fin_sent || off >= t->sndbuf.len)
			break;
		unsent = t->sndbuf.len - off;
		wnd = t->snd_wnd < cc_window(&t->cc) ? t->snd_wnd :
		    cc_window(&t->cc);
		edge = t->snd_una + wnd;
		usable = seq_gt(edge, t->snd_nxt) ? edge - t->snd_nxt : 0;
		n = unsent < usable ? unsent : usable;
		if (n > t->snd_mss)
			n = t->snd_mss;
		idle = t->snd_nxt == t->snd_una;
		if (n == 0 || !tcp_send_ok(t, n, unsent, idle))
			break;
		flags = TH_ACK | (n == unsent ? TH_PUSH : 0);
		if (n == unsent && tcp_fin_allowed(t))
			flags |= TH_FIN;	/* the FIN rides on the last data */
		tcp_sent(t, now);
		tcp_emit(st, t, t->snd_nxt, flags, t->sndbuf.d + off, n, now,
		    TCP_CAUSE_SEND);
		t->sws_force = false;
		if (n < t->snd_mss)
			t->snd_sml = t->snd_nxt + (uint32_t)n;
		if (!t->rtt_timing) {
			t->rtt_timing = true;
			t->rtt_seq = t->snd_nxt;
			t->rtt_start = now;
		}
		t->snd_nxt += (uint32_t)n;
		if (flags & TH_FIN) {
			t->fin_seq = t->snd_nxt;
			t->fin_sent = true;
			t->snd_nxt++;
		}
		if (seq_gt(t->snd_nxt, t->snd_max))
			t->snd_max = t->snd_nxt;
		tcp_timer_set(t, TT_PERSIST, TCP_NEVER);
		sent = true;
	}
	/*
	 * Data held back by sender SWS avoidance with nothing in flight: no
	 * ACK will come to re-open the question, so the override timeout
	 * sends what fits after 1 s (RFC 9293 §3.8.6.2.1: 0.1-1.0 s).
	 */
	if (!t->fin_sent && tcp_sent_bytes(t) < t->sndbuf.len &&
	    t->snd_nxt == t->snd_una && t->snd_wnd > 0 &&
	    t->timer[TT_PERSIST] == TCP_NEVER && t->timer[TT_REXMT] == TCP_NEVER)
		tcp_timer_set(t, TT_PERSIST, now + TCP_SEC);

	/* Our FIN follows the last byte of data (§3.10.4). */
	if (tcp_fin_allowed(t) && tcp_sent_bytes(t) == t->sndbuf.len) {
		t->fin_seq = t->snd_nxt;
		t->fin_sent = true;
		tcp_sent(t, now);
		tcp_emit(st, t, t->snd_nxt, TH_FIN | TH_ACK, NULL, 0, now,
		    TCP_CAUSE_SEND);
		t->snd_nxt++;
		if (seq_gt(t->snd_nxt, t->snd_max))
			t->snd_max = t->snd_nxt;
		sent = true;
	}

	/* Zero window with data waiting and nothing in flight: probe (§3.8.6.1). */
	if (t->snd_wnd == 0 && tcp_sent_bytes(t) < t->sndbuf.len &&
	    t->snd_nxt == t->snd_una && t->timer[TT_REXMT] == TCP_NEVER &&
	    t->timer[TT_PERSIST] == TCP_NEVER) {
		uint64_t d = t->rto << (t->persist_shift < 12 ? t->persist_shift : 12);
		tcp_timer_set(t, TT_PERSIST, now + (d > t->cfg->rto_max ?
		    t->cfg->rto_max : d));
	}

	if (t->ack_now && !sent)
		tcp_send_ack(st, t, now, t->ack_cause);
}

/*
 * Resend at once, in segments of the current SND.MSS, everything in
 * flight: what a smaller path MTU made the network drop (RFC 1191 §6.5,
 * "retransmit"; Linux's tcp_simple_retransmit), without touching the
 * congestion window (RFC 1191 §6.4).  Returns SND.UNA.
 */
uint32_t
tcp_resend_all(struct stack *st, struct tcb *t, uint64_t now,
    enum tcp_cause cause)
{
	size_t		inflight = tcp_sent_bytes(t), off, n;
	uint16_t	flags;

	t->rtt_timing = false;	/* Karn: no RTT sample from retransmissions */
	for (off = 0; off < inflight; off += n) {
		n = inflight - off < t->snd_mss ? inflight - off : t->snd_mss;
		flags = TH_ACK;
		if (off + n == inflight) {
			flags |= TH_PUSH;
			if (t->fin_sent)
				flags |= TH_FIN;
		}
		tcp_emit(st, t, t->snd_una + (uint32_t)off, flags,
		    t->sndbuf.d + off, n, now, cause);
	}
	if (inflight == 0 && t->fin_sent && seq_geq(t->fin_seq, t->snd_una))
		tcp_emit(st, t, t->fin_seq, TH_FIN | TH_ACK, NULL, 0, now, cause);
	return (t->snd_una);
}

/*
 * Retransmit the earliest unacknowledged segment (RFC 6298 §5.4) because
 * of cause: the SYN, the SYN-ACK, the first hole the peer has not SACKed,
 * or the FIN.  Returns the sequence number resent (SND.UNA if nothing was).
 */
uint32_t
tcp_retransmit(struct stack *st, struct tcb *t, uint64_t now,
    enum tcp_cause cause)
{
	size_t		inflight, off;
	uint32_t	seq, len;
	uint16_t	flags;

	t->rtt_timing = false;	/* Karn: no RTT sample from retransmissions */
	switch (t->state) {
	case TCP_SYN_SENT:
		tcp_emit(st, t, t->iss, TH_SYN, NULL, 0, now, cause);
		return (t->iss);
	case TCP_SYN_RECEIVED:
		tcp_emit(st, t, t->iss, TH_SYN | TH_ACK, NULL, 0, now, cause);
		return (t->iss);
	default:
		break;
	}
	inflight = tcp_sent_bytes(t);
	if (inflight > 0) {
		if (t->sb == NULL || !sb_next_hole(t->sb, t->snd_una,
		    t->snd_una + (uint32_t)inflight, t->snd_mss, &seq, &len)) {
			seq = t->snd_una;
			len = inflight < t->snd_mss ? (uint32_t)inflight :
			    t->snd_mss;
		}
		off = (size_t)(seq - t->snd_una);
		flags = TH_ACK;
		if (off + len == inflight) {
			flags |= TH_PUSH;
			if (t->fin_sent)
				flags |= TH_FIN;
		}
		tcp_emit(st, t, seq, flags, t->sndbuf.d + off, len, now, cause);
		return (seq);
	}
	if (t->fin_sent && seq_geq(t->fin_seq, t->snd_una)) {
		tcp_emit(st, t, t->fin_seq, TH_FIN | TH_ACK, NULL, 0, now,
		    cause);
		return (t->fin_seq);
	}
	return (t->snd_una);
}

/*
 * Send a probe (cause: keepalive or zero window) that makes the peer
 * answer with an ACK: a segment with SEG.SEQ = SND.UNA - 1 and no data, as
 * Linux does for both keepalive (RFC 1122 §4.2.3.6 allows it) and
 * zero-window probes (RFC 9293 §3.8.6.1 suggests one byte of new data; an
 * old sequence number draws the same ACK).  Returns its SEQ.
 */
uint32_t
tcp_send_probe(struct stack *st, struct tcb *t, uint64_t now,
    enum tcp_cause cause)
{
	tcp_emit(st, t, t->snd_una - 1, TH_ACK, NULL, 0, now, cause);
	return (t->snd_una - 1);
}

/*
 * A SYN-ACK from listener lis for a SYN cookie: no connection block, MSS
 * option only.
 */
void
tcp_send_synack(struct stack *st, const struct tcb *lis,
    const struct endpoint *l, const struct endpoint *r, uint32_t iss,
    uint32_t ack, uint16_t mss)
{
	const struct tcp_cfg	*c = lis->cfg;
	struct seg		 s;

	memset(&s, 0, sizeof s);
	s.src = l->addr;
	s.dst = r->addr;
	s.th.sport = l->port;
	s.th.dport = r->port;
	s.th.seq = iss;
	s.th.ack = ack;
	s.th.flags = TH_SYN | TH_ACK;
	s.th.win = (uint16_t)(c->rcv_buf > 65535 ? 65535 : c->rcv_buf);
	opt_add(&s.th, TCPOPT_MSS, 4);
	s.th.opt[0].u.mss = mss;
	stack_queue(st, &s, lis->id, TCP_CAUSE_SYN_COOKIE, false);
}

/*
 * Queue a reset of connection conn (0: none) from local to remote with the
 * given SEQ/ACK, sent because of cause.
 */
void
tcp_send_rst(struct stack *st, unsigned conn, const struct endpoint *local,
    const struct endpoint *remote, uint32_t seq, uint32_t ack, bool with_ack,
    enum tcp_cause cause)
{
	struct seg	s;

	memset(&s, 0, sizeof s);
	s.src = local->addr;
	s.dst = remote->addr;
	s.th.sport = local->port;
	s.th.dport = remote->port;
	s.th.seq = seq;
	s.th.ack = with_ack ? ack : 0;
	s.th.flags = TH_RST | (with_ack ? TH_ACK : 0);
	stack_queue(st, &s, conn, cause, false);
}

/* Reset connection t because of cause: <SEQ=SND.NXT><CTL=RST> (§3.10.5). */
void
tcp_reset(struct stack *st, const struct tcb *t, enum tcp_cause cause)
{
	tcp_send_rst(st, t->id, &t->local, &t->remote, t->snd_nxt, 0, false,
	    cause);
}

/*
 * Answer a segment that belongs to no connection, or is unacceptable in a
 * non-synchronized state (cause, clause), with the reset RFC 9293
 * §3.10.7.1 prescribes: "If the ACK bit is off,
 * <SEQ=0><ACK=SEG.SEQ+SEG.LEN><CTL=RST,ACK>; if on, <SEQ=SEG.ACK><CTL=RST>".
 * An incoming RST is never answered.
 */
void
tcp_respond_rst(struct stack *st, const struct seg *s, enum tcp_cause cause,
    const char *clause, const char *why)
{
	struct endpoint	l, r;

	if (s->th.flags & TH_RST) {
		tcp_discard(st, NULL, s, TCP_CAUSE_RST_IGNORED,
		    "RFC 9293 §3.10.7.1", "RST for no connection is ignored "
		    "(RFC 9293 §3.10.7.1)");
		return;
	}
	l.addr = s->dst;
	l.port = s->th.dport;
	r.addr = s->src;
	r.port = s->th.sport;
	if (s->th.flags & TH_ACK)
		tcp_send_rst(st, 0, &l, &r, s->th.ack, 0, false, cause);
	else
		tcp_send_rst(st, 0, &l, &r, 0, s->th.seq + seg_seqlen(s), true,
		    cause);
	stack_emit(st, TEV_NOTE, NULL, 0, cause, clause, "RST sent to port %u: "
	    "%s", s->th.sport, why);
}
