/*
 * core/tcp-user.c - the user calls of RFC 9293 §3.10: SEND (§3.10.2),
 * RECEIVE (§3.10.3), CLOSE (§3.10.4) and ABORT (§3.10.5).  OPEN and STATUS
 * live in core/stack.c beside the connection table.
 */
#include <string.h>

#include "core/tcp-int.h"

/* The connection conn if it exists, else NULL with *cause set. */
static struct tcb *
tcp_user_tcb(const struct stack *st, unsigned conn, const char **cause)
{
	struct tcb	*t = stack_tcb(st, conn);

	if (t == NULL || t->state == TCP_CLOSED) {
		*cause = "connection does not exist";
		return (NULL);
	}
	return (t);
}

/* SEND: queue len bytes for transmission. */
int
tcp_send(struct stack *st, unsigned conn, const void *buf, size_t len,
    uint64_t now, const char **cause)
{
	struct tcb	*t;

	if ((t = tcp_user_tcb(st, conn, cause)) == NULL)
		return (-1);
	switch (t->state) {
	case TCP_LISTEN:
		*cause = "connection is listening, not open";
		return (-1);
	case TCP_SYN_SENT:
	case TCP_SYN_RECEIVED:
		/* "Queue the data for transmission after entering ESTABLISHED" */
	case TCP_ESTABLISHED:
	case TCP_CLOSE_WAIT:
		break;
	default:
		*cause = "connection closing";
		return (-1);
	}
	if (t->fin_queued) {
		*cause = "connection closing";
		return (-1);
	}
	bytes_append(&t->sndbuf, buf, len);
	tcp_output(st, t, now);
	return (0);
}

/* RECEIVE: take up to len readable bytes; reopening a closed window is announced. */
size_t
tcp_recv(struct stack *st, unsigned conn, void *buf, size_t len, uint64_t now)
{
	struct tcb	*t = stack_tcb(st, conn);
	uint32_t	 before;

	if (t == NULL)
		return (0);
	if (len > t->rcvbuf.len)
		len = t->rcvbuf.len;
	if (len == 0)
		return (0);
	before = tcp_rcv_wnd(t, st);
	memcpy(buf, t->rcvbuf.d, len);
	bytes_consume(&t->rcvbuf, len);
	/* Window update when the window grows by an MSS or more (RFC 9293 §3.8.6.2.2). */
	if (tcp_synchronized(t->state) && tcp_rcv_wnd(t, st) - before >= st->cfg.mss) {
		t->ack_now = true;
		tcp_output(st, t, now);
	}
	return (len);
}

/* CLOSE: we have no more to send; FIN follows the queued data. */
int
tcp_close(struct stack *st, unsigned conn, uint64_t now, const char **cause)
{
	struct tcb	*t;

	if ((t = tcp_user_tcb(st, conn, cause)) == NULL)
		return (-1);
	switch (t->state) {
	case TCP_LISTEN:
	case TCP_SYN_SENT:
		tcp_set_state(st, t, TCP_CLOSED, "user CLOSE in %s, RFC 9293 "
		    "§3.10.4", tcp_state_name(t->state));
		return (0);
	case TCP_SYN_RECEIVED:
	case TCP_ESTABLISHED:
		t->fin_queued = true;
		tcp_set_state(st, t, TCP_FIN_WAIT_1, "user CLOSE, RFC 9293 "
		    "§3.10.4");
		break;
	case TCP_CLOSE_WAIT:
		t->fin_queued = true;
		tcp_set_state(st, t, TCP_LAST_ACK, "user CLOSE, RFC 9293 "
		    "§3.10.4");
		break;
	default:
		*cause = "connection closing";
		return (-1);
	}
	tcp_output(st, t, now);
	return (0);
}

/* ABORT: reset a synchronized connection and enter CLOSED. */
int
tcp_abort(struct stack *st, unsigned conn, uint64_t now, const char **cause)
{
	struct tcb	*t;

	(void)now;
	if ((t = tcp_user_tcb(st, conn, cause)) == NULL)
		return (-1);
	switch (t->state) {
	case TCP_SYN_RECEIVED:
	case TCP_ESTABLISHED:
	case TCP_FIN_WAIT_1:
	case TCP_FIN_WAIT_2:
	case TCP_CLOSE_WAIT:
		/* "Send a reset segment: <SEQ=SND.NXT><CTL=RST>" */
		tcp_send_rst(st, &t->local, &t->remote, t->snd_nxt, 0, false);
		tcp_set_state(st, t, TCP_CLOSED, "user ABORT: RST sent, "
		    "RFC 9293 §3.10.5");
		break;
	default:
		tcp_set_state(st, t, TCP_CLOSED, "user ABORT in %s, RFC 9293 "
		    "§3.10.5", tcp_state_name(t->state));
		break;
	}
	return (0);
}
