/*
 * core/tcp-rfc793.c - the rules of RFC 793 §3.9 that RFC 5961 replaced, for
 * the `rfc5961 off` setting: a SYN in the window of a synchronized
 * connection resets it ("fourth, check the SYN bit"), and an ACK of data
 * not yet sent is answered by a plain ACK while an old one is only
 * ignored ("fifth, check the ACK field").  The RST rule (any RST in the
 * window resets) is one condition in tcp-input.c, tcp_check_rst.
 */
#include "core/tcp-int.h"

/*
 * RFC 793 §3.9 fourth check: "If the SYN is in the window it is an error,
 * send a reset ... enter the CLOSED state".  The reset is formed as for
 * any segment that has no place (§3.4): <SEQ=SEG.ACK><CTL=RST> when the
 * SYN carries an ACK, else <SEQ=0><ACK=SEG.SEQ+SEG.LEN><CTL=RST,ACK>.
 */
void
tcp_syn_reset_793(struct stack *st, struct tcb *t, const struct seg *s)
{
	if (s->th.flags & TH_ACK)
		tcp_send_rst(st, t->id, &t->local, &t->remote, s->th.ack, 0,
		    false, TCP_CAUSE_SYN_RESET);
	else
		tcp_send_rst(st, t->id, &t->local, &t->remote, 0,
		    s->th.seq + seg_seqlen(s), true, TCP_CAUSE_SYN_RESET);
	t->reset = true;
	tcp_drop(st, t, TCP_CAUSE_SYN_RESET, "RFC 793 §3.9", "SYN in the "
	    "window of a synchronized connection: RST sent, connection reset "
	    "(RFC 793 §3.9; rfc5961 off)");
}

/*
 * RFC 793 §3.9 fifth check, in the synchronized states: "If the ACK acks
 * something not yet sent (SEG.ACK > SND.NXT) then send an ACK, drop the
 * segment, and return"; "If the ACK is a duplicate (SEG.ACK < SND.UNA),
 * it can be ignored" - the rest of the segment is still processed.
 * Returns true to go on.
 */
bool
tcp_check_ack_793(struct stack *st, struct tcb *t, const struct seg *s,
    uint64_t now)
{
	if (!seq_gt(s->th.ack, t->snd_nxt))
		return (true);
	tcp_discard(st, t, s, TCP_CAUSE_BAD_ACK, "RFC 793 §3.9", "ACK of data "
	    "not yet sent (SND.NXT %u): ACK sent, segment dropped (RFC 793 "
	    "§3.9; rfc5961 off)", tcp_seq_ours(t, t->snd_nxt));
	tcp_send_ack(st, t, now, TCP_CAUSE_BAD_ACK);
	return (false);
}
