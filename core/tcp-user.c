/*
 * core/tcp-user.c - the user calls of RFC 9293 §3.10: SEND (§3.10.2),
 * RECEIVE (§3.10.3), CLOSE (§3.10.4) as a full close or a shutdown of the
 * write side, and ABORT (§3.10.5).  OPEN and STATUS live in core/stack.c.
 */
#include <stdio.h>
#include <string.h>

#include "core/tcp-int.h"

/* The connection conn if it exists and is not CLOSED, else NULL with err. */
static struct tcb *
tcp_user_tcb(const struct stack *st, unsigned conn, char *err, size_t errlen)
{
	struct tcb	*t = stack_tcb(st, conn);

	if (t == NULL || t->state == TCP_CLOSED) {
		snprintf(err, errlen, "connection does not exist");
		return (NULL);
	}
	return (t);
}

/* SEND: queue len bytes for transmission. */
int
tcp_send(struct stack *st, unsigned conn, const void *buf, size_t len,
    uint64_t now, char *err, size_t errlen)
{
	struct tcb	*t;

	if ((t = tcp_user_tcb(st, conn, err, errlen)) == NULL)
		return (-1);
	switch (t->state) {
	case TCP_LISTEN:
		snprintf(err, errlen, "connection is listening, not open");
		return (-1);
	case TCP_SYN_SENT:
	case TCP_SYN_RECEIVED:
		/* "Queue the data for transmission after entering ESTABLISHED" */
	case TCP_ESTABLISHED:
	case TCP_CLOSE_WAIT:
		break;
	default:
		snprintf(err, errlen, "connection closing");
		return (-1);
	}
	if (t->fin_queued) {
		snprintf(err, errlen, "connection closing (write side shut)");
		return (-1);
	}
	if (t->sndbuf.len + len > t->cfg->snd_buf) {
		snprintf(err, errlen, "send buffer full (see sndbuf)");
		return (-1);
	}
	tcp_sndbuf_append(st, t, buf, len);
	tcp_output(st, t, now);
	return (0);
}

/* RECEIVE: take up to len readable bytes; a window that opens enough is announced. */
size_t
tcp_recv(struct stack *st, unsigned conn, void *buf, size_t len, uint64_t now)
{
	struct tcb	*t = stack_tcb(st, conn);
	uint32_t	 step;

	if (t == NULL)
		return (0);
	if (len > t->rcvbuf.len)
		len = t->rcvbuf.len;
	if (len == 0)
		return (0);
	memcpy(buf, t->rcvbuf.d, len);
	tcp_rcvbuf_consume(st, t, len);
	/* Window update once the edge can move by min(RCV.BUFF/2, MSS) (§3.8.6.2.2). */
	step = t->cfg->rcv_buf / 2 < t->snd_mss ? t->cfg->rcv_buf / 2 : t->snd_mss;
	if (tcp_synchronized(t->state) && !t->fin_rcvd &&
	    seq_geq(t->rcv_nxt + tcp_rcv_wnd(t), t->rcv_adv + step) &&
	    t->rcv_adv - t->rcv_nxt < step) {
		tcp_owe_ack(t, TCP_CAUSE_USER_RECEIVE);
		tcp_output(st, t, now);
	}
	return (len);
}

/*
 * Shut the write side for the user call what (uc: CLOSE or shutdown): FIN
 * after the queued data (§3.10.4); a listener closes instead, and its
 * unaccepted connections with it.
 */
static int
tcp_fin_after_data(struct stack *st, struct tcb *t, uint64_t now,
    const char *what, enum tcp_cause uc, char *err, size_t errlen)
{
	switch (t->state) {
	case TCP_LISTEN:
		/* "Delete TCB": unaccepted connections go with it (Linux). */
		tcp_set_state(st, t, TCP_CLOSED, uc, "RFC 9293 §3.10.4",
		    "user %s in LISTEN, RFC 9293 §3.10.4", what);
		tcp_listen_stop(st, t, what, uc);
		return (0);
	case TCP_SYN_SENT:
		tcp_set_state(st, t, TCP_CLOSED, uc, "RFC 9293 §3.10.4",
		    "user %s in SYN-SENT, RFC 9293 §3.10.4", what);
		return (0);
	case TCP_SYN_RECEIVED:
		if (t->sndbuf.len > 0) {
			/*
			 * "Otherwise, queue for processing after entering
			 * ESTABLISHED": data may not go before our SYN is
			 * acknowledged (tcp_input moves on to FIN-WAIT-1).
			 */
			t->fin_queued = t->shut_wr = true;
			return (0);
		}
		/* FALLTHROUGH */
	case TCP_ESTABLISHED:
		t->fin_queued = t->shut_wr = true;
		tcp_set_state(st, t, TCP_FIN_WAIT_1, uc, "RFC 9293 §3.10.4",
		    "user %s, RFC 9293 §3.10.4", what);
		break;
	case TCP_CLOSE_WAIT:
		t->fin_queued = t->shut_wr = true;
		tcp_set_state(st, t, TCP_LAST_ACK, uc, "RFC 9293 §3.10.4",
		    "user %s, RFC 9293 §3.10.4", what);
		break;
	default:
		snprintf(err, errlen, "connection closing");
		return (-1);
	}
	tcp_output(st, t, now);
	return (0);
}

/* CLOSE, full: FIN after the data; unread data or later data mean RST. */
int
tcp_close(struct stack *st, unsigned conn, uint64_t now, char *err,
    size_t errlen)
{
	struct tcb	*t;

	if ((t = tcp_user_tcb(st, conn, err, errlen)) == NULL)
		return (-1);
	tcp_acceptq_claim(st, t, "CLOSE", TCP_CAUSE_USER_CLOSE);
	if (t->rcvbuf.len > 0 && tcp_synchronized(t->state)) {
		/* RFC 2525 §2.17: closing with unread data must reset. */
		tcp_reset(st, t, TCP_CAUSE_USER_CLOSE);
		tcp_set_state(st, t, TCP_CLOSED, TCP_CAUSE_USER_CLOSE,
		    "RFC 2525 §2.17", "user CLOSE with %zu unread bytes: RST "
		    "sent (RFC 2525 §2.17)", t->rcvbuf.len);
		return (0);
	}
	if (t->shut_wr) {
		/* The FIN is on its way already: a full close only orphans it. */
		t->orphaned = true;
		if (t->state == TCP_FIN_WAIT_2)
			tcp_timer_set(t, TT_FINWAIT2, now + t->cfg->fin_wait2);
		return (0);
	}
	t->orphaned = true;
	return (tcp_fin_after_data(st, t, now, "CLOSE", TCP_CAUSE_USER_CLOSE,
	    err, errlen));
}

/*
 * CLOSE once the peer's FIN is in (its program read to the end): at once in
 * CLOSE-WAIT, else armed for tcp_fin, which calls tcp_eof_close.
 */
int
tcp_close_at_eof(struct stack *st, unsigned conn, uint64_t now, char *err,
    size_t errlen)
{
	struct tcb	*t;

	if ((t = tcp_user_tcb(st, conn, err, errlen)) == NULL)
		return (-1);
	switch (t->state) {
	case TCP_CLOSE_WAIT:
		return (tcp_close(st, conn, now, err, errlen));
	case TCP_SYN_RECEIVED:
	case TCP_ESTABLISHED:
		if (!t->shut_wr) {
			t->close_at_eof = true;
			return (0);
		}
		/* FALLTHROUGH */
	default:
		snprintf(err, errlen, "%s", t->state == TCP_LISTEN ?
		    "connection is listening, not open" : t->state ==
		    TCP_SYN_SENT ? "connection not yet open" :
		    "connection closing");
		return (-1);
	}
}

/*
 * The peer's FIN has just moved t to CLOSE-WAIT and the user asked to
 * close at the end of the stream: CLOSE now, before the ACK owed for the
 * FIN goes, so that our FIN carries it (§3.10.4).  The data before the FIN
 * counts as read: it is handed to the user as usual.
 */
void
tcp_eof_close(struct stack *st, struct tcb *t, uint64_t now)
{
	char	err[TCP_ERRLEN];

	t->close_at_eof = false;
	if (t->shut_wr || t->state != TCP_CLOSE_WAIT)
		return;
	t->orphaned = true;
	(void)tcp_fin_after_data(st, t, now, "CLOSE at the end of the "
	    "peer's stream", TCP_CAUSE_USER_CLOSE, err, sizeof err);
}

/* Shutdown of the write side: FIN after the data; RECEIVE goes on. */
int
tcp_shutdown(struct stack *st, unsigned conn, uint64_t now, char *err,
    size_t errlen)
{
	struct tcb	*t;

	if ((t = tcp_user_tcb(st, conn, err, errlen)) == NULL)
		return (-1);
	if (t->shut_wr) {
		snprintf(err, errlen, "write side already shut");
		return (-1);
	}
	tcp_acceptq_claim(st, t, "shutdown", TCP_CAUSE_USER_SHUTDOWN);
	return (tcp_fin_after_data(st, t, now, "shutdown (write side)",
	    TCP_CAUSE_USER_SHUTDOWN, err, errlen));
}

/*
 * ABORT: reset a synchronized connection and enter CLOSED; a listener's
 * unaccepted connections are reset with it.
 */
int
tcp_abort(struct stack *st, unsigned conn, uint64_t now, char *err,
    size_t errlen)
{
	struct tcb	*t;

	(void)now;
	if ((t = tcp_user_tcb(st, conn, err, errlen)) == NULL)
		return (-1);
	tcp_acceptq_claim(st, t, "ABORT", TCP_CAUSE_USER_ABORT);
	switch (t->state) {
	case TCP_SYN_RECEIVED:
	case TCP_ESTABLISHED:
	case TCP_FIN_WAIT_1:
	case TCP_FIN_WAIT_2:
	case TCP_CLOSE_WAIT:
		/* "Send a reset segment: <SEQ=SND.NXT><CTL=RST>" */
		tcp_reset(st, t, TCP_CAUSE_USER_ABORT);
		tcp_set_state(st, t, TCP_CLOSED, TCP_CAUSE_USER_ABORT,
		    "RFC 9293 §3.10.5", "user ABORT: RST sent, RFC 9293 "
		    "§3.10.5");
		break;
	case TCP_LISTEN:
		tcp_set_state(st, t, TCP_CLOSED, TCP_CAUSE_USER_ABORT,
		    "RFC 9293 §3.10.5", "user ABORT in LISTEN, RFC 9293 "
		    "§3.10.5");
		tcp_listen_stop(st, t, "ABORT", TCP_CAUSE_USER_ABORT);
		break;
	default:
		tcp_set_state(st, t, TCP_CLOSED, TCP_CAUSE_USER_ABORT,
		    "RFC 9293 §3.10.5", "user ABORT in %s, RFC 9293 §3.10.5",
		    tcp_state_name(t->state));
		break;
	}
	return (0);
}
