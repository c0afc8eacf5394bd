/*
 * core/tcp-output.c - what the engine sends: SYN and SYN-ACK with the MSS
 * option (RFC 9293 §3.7.1), data within the peer's window (§3.8.6), FIN after
 * the data (§3.10.4), ACKs, retransmission of the earliest unacknowledged
 * segment (RFC 6298 §5.4), and resets (§3.5.2, §3.10.7.1).
 */
#include <string.h>

#include "core/tcp-int.h"

static void tcp_emit(struct stack *, struct tcb *, uint32_t, uint16_t,
    const uint8_t *, size_t);

/* The receive window we offer: free space in the receive buffer (§3.8.6.2). */
uint32_t
tcp_rcv_wnd(const struct tcb *t, const struct stack *st)
{
	size_t	free_space = 0;

	if (t->rcvbuf.len < st->cfg.rcv_buf)
		free_space = st->cfg.rcv_buf - t->rcvbuf.len;
	return (free_space > 65535 ? 65535 : (uint32_t)free_space);
}

/*
 * Queue one segment of t with sequence number seq, flags, and payload;
 * ACK segments carry RCV.NXT, SYN segments our MSS (§3.7.1).
 */
static void
tcp_emit(struct stack *st, struct tcb *t, uint32_t seq, uint16_t flags,
    const uint8_t *data, size_t len)
{
	struct seg	s;
	struct tcp_opt	o;

	memset(&s, 0, sizeof s);
	s.src = t->local.addr;
	s.dst = t->remote.addr;
	s.th.sport = t->local.port;
	s.th.dport = t->remote.port;
	s.th.seq = seq;
	s.th.flags = flags;
	if (flags & TH_ACK)
		s.th.ack = t->rcv_nxt;
	s.th.win = (uint16_t)tcp_rcv_wnd(t, st);
	if (flags & TH_SYN) {
		memset(&o, 0, sizeof o);
		o.kind = TCPOPT_MSS;
		o.len = 4;
		o.u.mss = st->cfg.mss;
		wire_tcpopt_add(&s.th, &o);
	}
	s.data = data;
	s.len = len;
	stack_queue(st, &s);
	if (flags & TH_ACK)
		t->ack_now = false;
}

/* Send a bare ACK for what we have received. */
void
tcp_send_ack(struct stack *st, struct tcb *t)
{
	tcp_emit(st, t, t->snd_nxt, TH_ACK, NULL, 0);
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

/*
 * Send everything the state and the windows allow: the SYN or SYN-ACK,
 * then data, then our FIN once the data is out, and an owed ACK.
 */
void
tcp_output(struct stack *st, struct tcb *t, uint64_t now)
{
	size_t		off, n;
	uint32_t	edge, usable;
	bool		sent = false;

	switch (t->state) {
	case TCP_CLOSED:
	case TCP_LISTEN:
		return;
	case TCP_SYN_SENT:
		if (t->snd_nxt == t->iss) {
			tcp_emit(st, t, t->iss, TH_SYN, NULL, 0);
			t->snd_nxt = t->snd_max = t->iss + 1;
			t->rtt_start = now;
			tcp_timer_set(t, TT_REXMT, now + t->rto);
		}
		return;
	case TCP_SYN_RECEIVED:
		if (t->snd_nxt == t->iss) {
			tcp_emit(st, t, t->iss, TH_SYN | TH_ACK, NULL, 0);
			t->snd_nxt = t->snd_max = t->iss + 1;
			t->rtt_start = now;
			tcp_timer_set(t, TT_REXMT, now + t->rto);
		}
		return;
	default:
		break;
	}

	/* Data, one MSS at a time, inside SND.UNA + SND.WND (§3.8.6). */
	for (;;) {
		off = tcp_sent_bytes(t);
		if (t->fin_sent || off >= t->sndbuf.len)
			break;
		edge = t->snd_una + t->snd_wnd;
		usable = seq_gt(edge, t->snd_nxt) ? edge - t->snd_nxt : 0;
		n = t->sndbuf.len - off;
		if (n > usable)
			n = usable;
		if (n > t->snd_mss)
			n = t->snd_mss;
		if (n == 0)
			break;
		tcp_emit(st, t, t->snd_nxt, TH_ACK |
		    (off + n == t->sndbuf.len ? TH_PUSH : 0),
		    t->sndbuf.d + off, n);
		if (!t->rtt_timing) {
			t->rtt_timing = true;
			t->rtt_seq = t->snd_nxt;
			t->rtt_start = now;
		}
		t->snd_nxt += (uint32_t)n;
		if (seq_gt(t->snd_nxt, t->snd_max))
			t->snd_max = t->snd_nxt;
		if (t->timer[TT_REXMT] == TCP_NEVER)
			tcp_timer_set(t, TT_REXMT, now + t->rto);
		sent = true;
	}

	/* Our FIN follows the last byte of data (§3.10.4). */
	if (t->fin_queued && !t->fin_sent &&
	    tcp_sent_bytes(t) == t->sndbuf.len &&
	    (t->state == TCP_FIN_WAIT_1 || t->state == TCP_LAST_ACK ||
	    t->state == TCP_CLOSING)) {
		t->fin_seq = t->snd_nxt;
		t->fin_sent = true;
		tcp_emit(st, t, t->snd_nxt, TH_FIN | TH_ACK, NULL, 0);
		t->snd_nxt++;
		if (seq_gt(t->snd_nxt, t->snd_max))
			t->snd_max = t->snd_nxt;
		if (t->timer[TT_REXMT] == TCP_NEVER)
			tcp_timer_set(t, TT_REXMT, now + t->rto);
		sent = true;
	}

	if (t->ack_now && !sent)
		tcp_send_ack(st, t);
}

/*
 * Retransmit the earliest unacknowledged segment (RFC 6298 §5.4): the SYN,
 * the SYN-ACK, up to one MSS of data from SND.UNA, or the FIN.
 */
void
tcp_retransmit(struct stack *st, struct tcb *t, uint64_t now)
{
	size_t	inflight, n;

	t->rtt_timing = false;	/* Karn: no RTT sample from retransmissions */
	switch (t->state) {
	case TCP_SYN_SENT:
		tcp_emit(st, t, t->iss, TH_SYN, NULL, 0);
		return;
	case TCP_SYN_RECEIVED:
		tcp_emit(st, t, t->iss, TH_SYN | TH_ACK, NULL, 0);
		return;
	default:
		break;
	}
	inflight = tcp_sent_bytes(t);
	n = inflight < t->snd_mss ? inflight : t->snd_mss;
	if (n > 0)
		tcp_emit(st, t, t->snd_una, TH_ACK |
		    (n == inflight ? TH_PUSH : 0), t->sndbuf.d, n);
	else if (t->fin_sent && seq_geq(t->fin_seq, t->snd_una))
		tcp_emit(st, t, t->fin_seq, TH_FIN | TH_ACK, NULL, 0);
	(void)now;
}

/* Queue a reset from local to remote with the given SEQ/ACK. */
void
tcp_send_rst(struct stack *st, const struct endpoint *local,
    const struct endpoint *remote, uint32_t seq, uint32_t ack, bool with_ack)
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
	stack_queue(st, &s);
}

/*
 * Answer a segment that belongs to no connection, or is unacceptable in a
 * non-synchronized state, with the reset RFC 9293 §3.10.7.1 prescribes:
 * "If the ACK bit is off, <SEQ=0><ACK=SEG.SEQ+SEG.LEN><CTL=RST,ACK>;
 * if on, <SEQ=SEG.ACK><CTL=RST>".  An incoming RST is never answered.
 */
void
tcp_respond_rst(struct stack *st, const struct seg *s, const char *why)
{
	struct endpoint	l, r;

	if (s->th.flags & TH_RST)
		return;
	l.addr = s->dst;
	l.port = s->th.dport;
	r.addr = s->src;
	r.port = s->th.sport;
	if (s->th.flags & TH_ACK)
		tcp_send_rst(st, &l, &r, s->th.ack, 0, false);
	else
		tcp_send_rst(st, &l, &r, 0, s->th.seq + seg_seqlen(s), true);
	stack_emit(st, TEV_NOTE, NULL, 0, "RST sent to port %u: %s",
	    s->th.sport, why);
}
