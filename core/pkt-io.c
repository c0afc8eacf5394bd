/*
 * core/pkt-io.c - a script's data path on the engine's SEND and RECEIVE
 * (RFC 9293 §3.10.2, §3.10.3) as Linux's calls answer: read, recv,
 * recvfrom, readv, recvmsg; write, send, sendto, writev, sendmsg (a TCP
 * socket ignores the address); poll; ioctl SIOCINQ/SIOCOUTQ.  A call that
 * would block on a blocking descriptor says so (PR_CALL_BLOCK) and is run
 * again as the engine moves (core/pkt-block.c).
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "core/pkt-sys-int.h"

static const struct pkt_expr *pr_field(const struct pkt_expr *e,
		    const char *name);
static int	pr_iov_len(struct pr *p, const struct pkt_expr *iov,
		    int64_t *len);
static int	pr_io_args(struct pr *p, const struct pkt_syscall *sc,
		    int64_t *len, int64_t *flags, const uint8_t **data,
		    bool *null);
static enum pr_call pr_read(struct pr *p, struct pr_fd *f, int64_t n,
		    bool nonblock, bool null, struct pr_ret *ret);
static enum pr_call pr_write(struct pr *p, const struct pkt_syscall *sc,
		    struct pr_fd *f, int64_t n, const uint8_t *data,
		    bool nonblock, bool null, struct pr_ret *ret);
static enum pr_call pr_io(struct pr *p, const struct pkt_syscall *sc,
		    struct pr_fd *f, bool rd, struct pr_ret *ret);
static int	pr_revents(struct pr *p, struct pr_fd *f);

/* The element of struct e whose key (a name or name(args)) is name. */
static const struct pkt_expr *
pr_field(const struct pkt_expr *e, const char *name)
{
	size_t	i;

	if (e->kind != PKT_EX_STRUCT)
		return (NULL);
	for (i = 0; i < e->nkids; i++)
		if (e->kids[i].key != NULL && e->kids[i].key->text != NULL &&
		    strcmp(e->kids[i].key->text, name) == 0)
			return (&e->kids[i]);
	return (NULL);
}

/* The bytes of an iovec array [{..., N}, {iov_base=..., iov_len=N}]. */
static int
pr_iov_len(struct pr *p, const struct pkt_expr *iov, int64_t *len)
{
	const struct pkt_expr	*e, *l;
	int64_t			 n;
	size_t			 i;

	if (iov->kind != PKT_EX_ARRAY)
		return (pr_unsupported(p, "an iovec that is not [{..., N}]"));
	*len = 0;
	for (i = 0; i < iov->nkids; i++) {
		e = &iov->kids[i];
		if (e->kind != PKT_EX_STRUCT || e->nkids != 2)
			return (pr_unsupported(p, "an iovec that is not "
			    "[{..., N}]"));
		l = pr_field(e, "iov_len");
		if (pr_eval(p, l != NULL ? l : &e->kids[1], &n) != 0)
			return (-1);
		if (n < 0)
			return (pr_fail(p, "a negative iov_len"));
		*len += n;
	}
	return (0);
}

/*
 * The length, flags and data of a read or write call, whatever its form:
 * (fd, buf, len), (fd, buf, len, flags[, addr, addrlen]), (fd, iov, n) or
 * (fd, msg, flags).  data is the script's string or NULL (zeros); *null
 * says the buffer is NULL.
 */
static int
pr_io_args(struct pr *p, const struct pkt_syscall *sc, int64_t *len,
    int64_t *flags, const uint8_t **data, bool *null)
{
	const struct pkt_expr	*m, *e;
	const char		*n = sc->name;

	*flags = 0;
	*data = NULL;
	*null = false;
	if (strcmp(n, "readv") == 0 || strcmp(n, "writev") == 0) {
		if (sc->nargs != 3)
			return (pr_fail(p, "%s() needs fd, iov, iovcnt", n));
		return (pr_iov_len(p, &sc->args[1], len));
	}
	if (strcmp(n, "recvmsg") == 0 || strcmp(n, "sendmsg") == 0) {
		if (sc->nargs != 3)
			return (pr_fail(p, "%s() needs fd, msg, flags", n));
		m = &sc->args[1];
		if (m->kind == PKT_EX_ARRAY && m->nkids == 1)
			m = &m->kids[0];
		if ((e = pr_field(m, "msg_iov")) == NULL)
			return (pr_unsupported(p, "%s() without msg_iov", n));
		if (pr_iov_len(p, e, len) != 0)
			return (-1);
		if ((e = pr_field(m, "msg_control")) != NULL &&
		    !(e->kind == PKT_EX_ARRAY && e->nkids == 0) &&
		    e->kind != PKT_EX_ELLIPSIS)
			return (pr_unsupported(p, "%s() with msg_control is "
			    "not run", n));
		return (pr_eval(p, &sc->args[2], flags));
	}
	if (pr_arg(p, sc, 2, len) != 0)
		return (-1);
	if (sc->nargs > 3 && pr_eval(p, &sc->args[3], flags) != 0)
		return (-1);
	if (sc->nargs > 1 && sc->args[1].kind == PKT_EX_STRING &&
	    (int64_t)sc->args[1].len >= *len)
		*data = (const uint8_t *)sc->args[1].text;
	*null = sc->nargs > 1 && sc->args[1].kind == PKT_EX_NAME &&
	    strcmp(sc->args[1].text, "NULL") == 0;
	return (0);
}

/*
 * RECEIVE: up to n bytes; as Linux, EFAULT into a NULL buffer when
 * there is data, the error first (ECONNRESET...), 0
 * at the end of the stream or after it closed, ENOTCONN when it never
 * connected; EAGAIN or a block when nothing is there yet.
 */
static enum pr_call
pr_read(struct pr *p, struct pr_fd *f, int64_t n, bool nonblock, bool null,
    struct pr_ret *ret)
{
	struct tcp_status	ts;
	size_t			got;
	int			e;

	if (f->kind != PR_FD_CONN || tcp_status(p->st, f->id, &ts) != 0) {
		ret->val = -1;
		ret->err = ENOTCONN;
		return (PR_CALL_DONE);
	}
	if (null && n > 0 && ts.readable > 0) {
		/* Copying out to NULL fails; nothing is taken. */
		ret->val = -1;
		ret->err = EFAULT;
		return (PR_CALL_DONE);
	}
	got = n > 0 ? tcp_recv(p->st, f->id, p->buf, (size_t)n, p->now) : 0;
	if (got > 0 || n == 0) {
		ret->val = (int64_t)got;
	} else if ((e = pr_conn_error(p, f)) != 0) {
		ret->val = -1;
		ret->err = e;
	} else if (ts.fin_rcvd || ts.state == TCP_CLOSED || f->shut_rd) {
		ret->val = 0;
	} else if (nonblock) {
		ret->val = -1;
		ret->err = EAGAIN;
	} else
		return (PR_CALL_BLOCK);
	return (pr_collect(p) != 0 ? PR_CALL_ERR : PR_CALL_DONE);
}

/*
 * SEND: n bytes as the send buffer takes them (EFAULT from a NULL buffer);
 * as Linux, EPIPE on a socket
 * that is not connected or was shut, the connection's error once
 * (ECONNRESET...) then EPIPE, EAGAIN in SYN-SENT or when full
 * (non-blocking), else a block until all is queued (woken when half of
 * what is queued is free, as Linux); a blocking call cut by an error
 * returns what it queued.
 */
static enum pr_call
pr_write(struct pr *p, const struct pkt_syscall *sc, struct pr_fd *f,
    int64_t n, const uint8_t *data, bool nonblock, bool null,
    struct pr_ret *ret)
{
	struct tcp_status	ts;
	size_t			room, chunk;
	char			err[TCP_ERRLEN];
	int			e;

	if (f->kind != PR_FD_CONN || tcp_status(p->st, f->id, &ts) != 0) {
		ret->val = -1;
		ret->err = EPIPE;
		return (PR_CALL_DONE);
	}
	if ((e = pr_conn_error(p, f)) != 0 || ts.shut_wr || ts.fin_sent ||
	    ts.state == TCP_CLOSED) {
		ret->val = ret->done > 0 ? ret->done : -1;
		ret->err = ret->done > 0 ? 0 : e != 0 ? e : EPIPE;
		return (PR_CALL_DONE);
	}
	if (ts.state == TCP_SYN_SENT || ts.state == TCP_SYN_RECEIVED) {
		if (!nonblock)
			return (PR_CALL_BLOCK);
		ret->val = -1;
		ret->err = EAGAIN;
		return (PR_CALL_DONE);
	}
	room = ts.cfg.snd_buf > ts.unsent + ts.unacked ?
	    ts.cfg.snd_buf - ts.unsent - ts.unacked : 0;
	/*
	 * A blocked writer wakes, as Linux's sk_stream_write_space, only
	 * when the free space is at least half of what is queued.
	 */
	if (p->sys != NULL && p->sys->running &&
	    room < (ts.unsent + ts.unacked) / 2)
		return (PR_CALL_BLOCK);
	if ((int64_t)room > n - ret->done)
		room = (size_t)(n - ret->done);
	if (null && room > 0) {
		/* Copying in from NULL fails. */
		ret->val = ret->done > 0 ? ret->done : -1;
		ret->err = ret->done > 0 ? 0 : EFAULT;
		return (PR_CALL_DONE);
	}
	while (room > 0) {
		/* Without the script's data, zeros PR_SEGBUF at a time. */
		chunk = data == NULL && room > PR_SEGBUF ? PR_SEGBUF : room;
		if (tcp_send(p->st, f->id, data != NULL ? data + ret->done :
		    p->zeros, chunk, p->now, err, sizeof err) != 0)
			return (pr_fail(p, "%s: %s", sc->name, err));
		ret->done += (int64_t)chunk;
		room -= chunk;
		if (pr_collect(p) != 0)
			return (PR_CALL_ERR);
	}
	if (ret->done < n && !nonblock)
		return (PR_CALL_BLOCK);
	if (ret->done == 0 && n > 0) {
		ret->val = -1;
		ret->err = EAGAIN;
	} else
		ret->val = ret->done;
	return (PR_CALL_DONE);
}

/* The read family (rd) or the write family on descriptor f. */
static enum pr_call
pr_io(struct pr *p, const struct pkt_syscall *sc, struct pr_fd *f, bool rd,
    struct pr_ret *ret)
{
	const uint8_t	*data;
	int64_t		 n, flags;
	bool		 nonblock, null;

	if (pr_io_args(p, sc, &n, &flags, &data, &null) != 0)
		return (PR_CALL_ERR);
	if (n < 0)
		return (pr_fail(p, "%s() of %lld bytes", sc->name,
		    (long long)n));
	if (n > PR_SEGBUF * 64)
		return (pr_unsupported(p, "%s() of %lld bytes (at most %d "
		    "are run)", sc->name, (long long)n, PR_SEGBUF * 64));
	if (flags & PR_MSG_FASTOPEN)
		return (pr_unsupported(p, "%s() with MSG_FASTOPEN: the engine "
		    "has no TCP Fast Open", sc->name));
	if (flags & ~(int64_t)PR_MSG_DONTWAIT)
		return (pr_unsupported(p, "%s() flags 0x%llx are not run",
		    sc->name, (long long)flags));
	nonblock = f->nonblock || (flags & PR_MSG_DONTWAIT);
	if (rd)
		return (pr_read(p, f, n > PR_SEGBUF ? PR_SEGBUF : n,
		    nonblock, null, ret));
	return (pr_write(p, sc, f, n, data, nonblock, null, ret));
}

/* read, recv, recvfrom, readv, recvmsg. */
enum pr_call
pr_sys_read(PR_CALL_ARGS)
{
	(void)wake;
	return (pr_io(p, sc, f, true, ret));
}

/* write, send, sendto, writev, sendmsg. */
enum pr_call
pr_sys_write(PR_CALL_ARGS)
{
	(void)wake;
	return (pr_io(p, sc, f, false, ret));
}

/* The poll events of a descriptor now. */
static int
pr_revents(struct pr *p, struct pr_fd *f)
{
	struct tcp_status	ts;
	int			ev = 0;

	if (f->kind == PR_FD_SOCKET)
		return (PR_POLLOUT | PR_POLLHUP);
	if (tcp_status(p->st, f->id, &ts) != 0)
		return (PR_POLLHUP);
	if (f->kind == PR_FD_LISTEN)
		return (ts.acceptq > 0 ? PR_POLLIN : 0);
	if (ts.readable > 0 || ts.fin_rcvd)
		ev |= PR_POLLIN;
	if (ts.fin_rcvd)
		ev |= PR_POLLRDHUP;
	if ((ts.state == TCP_ESTABLISHED || ts.state == TCP_CLOSE_WAIT) &&
	    !ts.shut_wr && ts.unsent + ts.unacked < ts.cfg.snd_buf)
		ev |= PR_POLLOUT;
	if (ts.error != 0 && !f->err_taken)
		ev |= PR_POLLERR;
	if (ts.state == TCP_CLOSED || (ts.fin_rcvd && ts.shut_wr))
		ev |= PR_POLLHUP | PR_POLLIN | PR_POLLRDHUP;
	return (ev);
}

/*
 * poll([{fd=N, events=E, revents=R}...], n, timeout): the events each
 * descriptor has now; with none and a timeout (ms; -1: none) it blocks
 * until one comes or the timeout ends it with 0.  revents are compared.
 */
enum pr_call
pr_sys_poll(PR_CALL_ARGS)
{
	const struct pkt_expr	*a, *e, *fdx, *evx, *rvx;
	int64_t			 fd, want, tmo, got[PKT_MAX_LIST];
	int64_t			 fds[PKT_MAX_LIST];
	size_t			 i;

	if (sc->nargs != 3 || sc->args[0].kind != PKT_EX_ARRAY ||
	    pr_eval(p, &sc->args[2], &tmo) != 0)
		return (pr_unsupported(p, "poll() needs [{fd, events, "
		    "revents}...], n, timeout"));
	a = &sc->args[0];
	if (a->nkids > PKT_MAX_LIST)
		return (pr_fail(p, "poll() of more than %d descriptors",
		    PKT_MAX_LIST));
	ret->val = 0;
	for (i = 0; i < a->nkids; i++) {
		e = &a->kids[i];
		fdx = pkt_expr_field(e, "fd");
		evx = pkt_expr_field(e, "events");
		if (fdx == NULL || evx == NULL || pr_eval(p, fdx, &fd) != 0 ||
		    pr_eval(p, evx, &want) != 0)
			return (pr_unsupported(p, "poll() needs {fd=N, "
			    "events=E, revents=R}"));
		fds[i] = fd;
		if ((f = pr_fd_find(p, fd)) == NULL)
			got[i] = PR_POLLNVAL;
		else
			got[i] = pr_revents(p, f) & (want | PR_POLLERR |
			    PR_POLLHUP);
		if (got[i] != 0)
			ret->val++;
	}
	if (ret->val == 0 && tmo != 0) {
		if (*wake == TCP_NEVER && tmo > 0)
			*wake = p->now + (uint64_t)tmo * TCP_MS;
		if (p->now < *wake)
			return (PR_CALL_BLOCK);
	}
	for (i = 0; i < a->nkids; i++) {
		rvx = pkt_expr_field(&a->kids[i], "revents");
		if (pkt_run_check_revents(p, fds[i], rvx, got[i]) != 0)
			return (PR_CALL_ERR);
	}
	return (PR_CALL_DONE);
}

/*
 * ioctl(fd, SIOCINQ, [N]): bytes ready to read; ioctl(fd, SIOCOUTQ, [N]):
 * bytes not yet acknowledged (queued and in flight); EINVAL on a listener.
 */
enum pr_call
pr_sys_ioctl(PR_CALL_ARGS)
{
	struct tcp_status	ts;
	int64_t			req, want, got;

	(void)wake;
	if (pr_arg(p, sc, 1, &req) != 0)
		return (PR_CALL_ERR);
	if (req != PR_SIOCINQ && req != PR_SIOCOUTQ)
		return (pr_unsupported(p, "ioctl request 0x%llx is not run",
		    (long long)req));
	if (f->kind == PR_FD_LISTEN) {
		ret->val = -1;
		ret->err = EINVAL;
		return (PR_CALL_DONE);
	}
	got = 0;
	if (f->kind == PR_FD_CONN && tcp_status(p->st, f->id, &ts) == 0)
		got = (int64_t)(req == PR_SIOCINQ ? ts.readable :
		    ts.unsent + ts.unacked);
	if (sc->nargs > 2 && sc->args[2].kind != PKT_EX_ELLIPSIS) {
		if (pr_eval(p, &sc->args[2], &want) != 0)
			return (PR_CALL_ERR);
		if (want != got)
			return (pr_fail(p, "ioctl(%s): %lld expected, got "
			    "%lld", req == PR_SIOCINQ ? "SIOCINQ" : "SIOCOUTQ",
			    (long long)want, (long long)got));
	}
	return (PR_CALL_DONE);
}
