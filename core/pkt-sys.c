/*
 * core/pkt-sys.c - a script's system calls on the engine's user calls
 * (RFC 9293 §3.10) through a descriptor table, as Linux's socket API
 * answers them: the table (numbered as the script numbers its sockets),
 * the names scripts use, the calls that open and close (socket, bind,
 * listen, accept, connect, fcntl, shutdown, close, getsockname,
 * getpeername), the dispatch of every call and the comparison of what it
 * returned.  Options are in core/pkt-sockopt.c, the data path and poll in
 * core/pkt-io.c, calls that block in core/pkt-block.c.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "core/pkt-sys-int.h"

/* One call: its name and what runs it. */
struct pr_callent {
	const char	*name;
	enum pr_call	(*fn)(struct pr *, const struct pkt_syscall *,
			    struct pr_fd *, struct pr_ret *, uint64_t *);
	bool		 fd;	/* the first argument is a descriptor */
};

static struct pr_fd *pr_fd_new(struct pr *p, int64_t want);
static int	pr_open(struct pr *p, struct pr_fd *f, bool active);
static enum pr_call pr_sys_socket(struct pr *, const struct pkt_syscall *,
		    struct pr_fd *, struct pr_ret *, uint64_t *);
static enum pr_call pr_sys_bind(struct pr *, const struct pkt_syscall *,
		    struct pr_fd *, struct pr_ret *, uint64_t *);
static enum pr_call pr_sys_listen(struct pr *, const struct pkt_syscall *,
		    struct pr_fd *, struct pr_ret *, uint64_t *);
static enum pr_call pr_sys_accept(struct pr *, const struct pkt_syscall *,
		    struct pr_fd *, struct pr_ret *, uint64_t *);
static enum pr_call pr_sys_connect(struct pr *, const struct pkt_syscall *,
		    struct pr_fd *, struct pr_ret *, uint64_t *);
static enum pr_call pr_sys_fcntl(struct pr *, const struct pkt_syscall *,
		    struct pr_fd *, struct pr_ret *, uint64_t *);
static enum pr_call pr_sys_shutdown(struct pr *, const struct pkt_syscall *,
		    struct pr_fd *, struct pr_ret *, uint64_t *);
static enum pr_call pr_sys_close(struct pr *, const struct pkt_syscall *,
		    struct pr_fd *, struct pr_ret *, uint64_t *);
static enum pr_call pr_sys_name(struct pr *, const struct pkt_syscall *,
		    struct pr_fd *, struct pr_ret *, uint64_t *);

static const struct pr_callent pr_calls[] = {
	{ "socket", pr_sys_socket, false },
	{ "bind", pr_sys_bind, true },
	{ "listen", pr_sys_listen, true },
	{ "accept", pr_sys_accept, true },
	{ "connect", pr_sys_connect, true },
	{ "fcntl", pr_sys_fcntl, true },
	{ "shutdown", pr_sys_shutdown, true },
	{ "close", pr_sys_close, true },
	{ "getsockname", pr_sys_name, true },
	{ "getpeername", pr_sys_name, true },
	{ "setsockopt", pr_sys_setsockopt, true },
	{ "getsockopt", pr_sys_getsockopt, true },
	{ "read", pr_sys_read, true },
	{ "recv", pr_sys_read, true },
	{ "recvfrom", pr_sys_read, true },
	{ "readv", pr_sys_read, true },
	{ "recvmsg", pr_sys_read, true },
	{ "write", pr_sys_write, true },
	{ "send", pr_sys_write, true },
	{ "sendto", pr_sys_write, true },
	{ "writev", pr_sys_write, true },
	{ "sendmsg", pr_sys_write, true },
	{ "poll", pr_sys_poll, false },
	{ "ioctl", pr_sys_ioctl, true },
};

/* The descriptor numbered fd, or NULL. */
struct pr_fd *
pr_fd_find(struct pr *p, int64_t fd)
{
	size_t	i;

	for (i = 0; i < PR_MAXFD; i++)
		if (p->fd[i].kind != PR_FD_FREE && p->fd[i].num == fd)
			return (&p->fd[i]);
	return (NULL);
}

/*
 * A new descriptor numbered want (the script's number for it, as
 * packetdrill maps its fds), or the lowest free from PR_FD0 when want is
 * negative; NULL after failing the run when the table is full or want is
 * taken.
 */
static struct pr_fd *
pr_fd_new(struct pr *p, int64_t want)
{
	size_t	i;
	int64_t	n;

	if (want >= 0 && pr_fd_find(p, want) != NULL) {
		pr_fail(p, "descriptor %lld is already open", (long long)want);
		return (NULL);
	}
	for (n = PR_FD0; want < 0; n++)
		if (pr_fd_find(p, n) == NULL)
			want = n;
	if (want > INT32_MAX) {
		pr_fail(p, "descriptor %lld is too large", (long long)want);
		return (NULL);
	}
	for (i = 0; i < PR_MAXFD && p->fd[i].kind != PR_FD_FREE; i++)
		;
	if (i == PR_MAXFD) {
		pr_fail(p, "more than %d descriptors", PR_MAXFD);
		return (NULL);
	}
	memset(&p->fd[i], 0, sizeof p->fd[i]);
	p->fd[i].num = (int)want;
	return (&p->fd[i]);
}

/* A connection's pending error (SO_ERROR), taken once; 0: none. */
int
pr_conn_error(struct pr *p, struct pr_fd *f)
{
	struct tcp_status	ts;

	if (f->kind != PR_FD_CONN || f->err_taken ||
	    tcp_status(p->st, f->id, &ts) != 0 || ts.error == 0)
		return (0);
	f->err_taken = true;
	return (ts.error);
}

/* Set ret to -1 with errno e; the call is done. */
static enum pr_call
pr_errret(struct pr_ret *ret, int e)
{
	ret->val = -1;
	ret->err = e;
	return (PR_CALL_DONE);
}

/* listen() or connect(): OPEN with the options set before it; 0, or -1. */
static int
pr_open(struct pr *p, struct pr_fd *f, bool active)
{
	struct tcp_cfg		 c = *stack_cfg(p->st);
	struct tcp_status	 ts;
	struct endpoint		 l = p->local, r = p->remote;
	char			 err[TCP_ERRLEN];

	if (active) {
		l.port = 0;
		r.port = PKT_RUN_LPORT;
		if (pr_sockopt_cfg(p, f, &c) != 0)
			return (-1);
		f->id = tcp_connect_cfg(p->st, &l, &r, &c, p->now, err,
		    sizeof err);
		if (f->id == 0)
			return (pr_fail(p, "connect: %s", err));
		f->kind = PR_FD_CONN;
		if (tcp_status(p->st, f->id, &ts) == 0) {
			p->local = ts.local;
			p->remote = ts.remote;
		}
	} else {
		f->id = tcp_listen(p->st, &l, err, sizeof err);
		if (f->id == 0)
			return (pr_fail(p, "listen: %s", err));
		f->kind = PR_FD_LISTEN;
		if (pr_sockopt_cfg(p, f, tcp_conn_cfg(p->st, f->id)) != 0)
			return (-1);
	}
	return (pr_collect(p));
}

/* socket(domain, SOCK_STREAM[|SOCK_NONBLOCK], proto) = the script's fd. */
static enum pr_call
pr_sys_socket(struct pr *p, const struct pkt_syscall *sc, struct pr_fd *f,
    struct pr_ret *ret, uint64_t *wake)
{
	int64_t	type;

	(void)wake;
	if (pr_arg(p, sc, 1, &type) != 0)
		return (PR_CALL_ERR);
	if ((type & ~PR_O_NONBLOCK) != 1)
		return (pr_unsupported(p, "only SOCK_STREAM sockets are run"));
	if ((f = pr_fd_new(p, sc->ret)) == NULL)
		return (PR_CALL_ERR);
	f->kind = PR_FD_SOCKET;
	f->nonblock = (type & PR_O_NONBLOCK) != 0;
	ret->val = f->num;
	return (PR_CALL_DONE);
}

/* bind(fd, ..., ...): the address is the script's convention's. */
static enum pr_call
pr_sys_bind(struct pr *p, const struct pkt_syscall *sc, struct pr_fd *f,
    struct pr_ret *ret, uint64_t *wake)
{
	(void)p;
	(void)sc;
	(void)wake;
	if (f->kind != PR_FD_SOCKET)
		return (pr_errret(ret, EINVAL));
	return (PR_CALL_DONE);
}

/* listen(fd, backlog): OPEN, passive (RFC 9293 §3.10.1). */
static enum pr_call
pr_sys_listen(struct pr *p, const struct pkt_syscall *sc, struct pr_fd *f,
    struct pr_ret *ret, uint64_t *wake)
{
	int64_t	backlog;

	(void)wake;
	if (pr_arg(p, sc, 1, &backlog) != 0)
		return (PR_CALL_ERR);
	if (f->kind == PR_FD_CONN)
		return (pr_errret(ret, EINVAL));
	if (f->kind == PR_FD_SOCKET && pr_open(p, f, false) != 0)
		return (PR_CALL_ERR);
	/* Linux lets a listener listen again: a new backlog. */
	tcp_conn_cfg(p->st, f->id)->backlog = backlog < 1 ? 1 :
	    backlog > 65535 ? 65535 : (uint32_t)backlog;
	return (PR_CALL_DONE);
}

/* accept(fd, ..., ...): a connection off the accept queue; blocks when none. */
static enum pr_call
pr_sys_accept(struct pr *p, const struct pkt_syscall *sc, struct pr_fd *f,
    struct pr_ret *ret, uint64_t *wake)
{
	struct pr_fd	*n;
	unsigned	 id;

	(void)wake;
	if (f->kind != PR_FD_LISTEN)
		return (pr_errret(ret, EINVAL));
	if ((id = tcp_accept(p->st, f->id)) == 0) {
		if (f->nonblock)
			return (pr_errret(ret, EAGAIN));
		return (PR_CALL_BLOCK);
	}
	if ((n = pr_fd_new(p, sc->ret)) == NULL)
		return (PR_CALL_ERR);
	n->kind = PR_FD_CONN;
	n->id = id;
	n->connect = 2;		/* connect() on it: EISCONN */
	ret->val = n->num;
	return (PR_CALL_DONE);
}

/*
 * connect(fd, ..., ...): OPEN, active.  As Linux: non-blocking, the first
 * call says EINPROGRESS, one in SYN-SENT EALREADY, the first after the
 * handshake 0 and later ones EISCONN; a failed open gives its error
 * (ECONNREFUSED, ETIMEDOUT).  A blocking call waits for the handshake.
 */
static enum pr_call
pr_sys_connect(struct pr *p, const struct pkt_syscall *sc, struct pr_fd *f,
    struct pr_ret *ret, uint64_t *wake)
{
	struct tcp_status	ts;
	int			e;

	(void)sc;
	(void)wake;
	if (f->kind == PR_FD_LISTEN)
		return (pr_errret(ret, EISCONN));
	if (f->kind == PR_FD_SOCKET) {
		if (pr_open(p, f, true) != 0)
			return (PR_CALL_ERR);
		f->connect = 1;
		ret->done = 1;
		if (f->nonblock)
			return (pr_errret(ret, EINPROGRESS));
		return (PR_CALL_BLOCK);
	}
	if (f->connect >= 2 && ret->done == 0)
		return (pr_errret(ret, EISCONN));
	if (tcp_status(p->st, f->id, &ts) != 0)
		return (pr_errret(ret, ECONNABORTED));
	if (ts.state == TCP_SYN_SENT || ts.state == TCP_SYN_RECEIVED) {
		if (f->nonblock && ret->done == 0)
			return (pr_errret(ret, EALREADY));
		return (PR_CALL_BLOCK);
	}
	if (ts.state == TCP_CLOSED) {
		f->connect = 0;
		e = pr_conn_error(p, f);
		return (pr_errret(ret, e != 0 ? e : ECONNABORTED));
	}
	f->connect = 2;
	ret->val = 0;
	return (PR_CALL_DONE);
}

/* fcntl(fd, F_GETFL) or fcntl(fd, F_SETFL, flags): O_NONBLOCK. */
static enum pr_call
pr_sys_fcntl(struct pr *p, const struct pkt_syscall *sc, struct pr_fd *f,
    struct pr_ret *ret, uint64_t *wake)
{
	int64_t	cmd, fl;

	(void)wake;
	if (pr_arg(p, sc, 1, &cmd) != 0)
		return (PR_CALL_ERR);
	if (cmd == PR_F_GETFL)
		ret->val = PR_O_RDWR | (f->nonblock ? PR_O_NONBLOCK : 0);
	else if (cmd == PR_F_SETFL) {
		if (pr_arg(p, sc, 2, &fl) != 0)
			return (PR_CALL_ERR);
		f->nonblock = (fl & PR_O_NONBLOCK) != 0;
	} else
		return (pr_unsupported(p, "fcntl command %lld is not run",
		    (long long)cmd));
	return (PR_CALL_DONE);
}

/* shutdown(fd, SHUT_RD|SHUT_WR|SHUT_RDWR): ENOTCONN unless connected. */
static enum pr_call
pr_sys_shutdown(struct pr *p, const struct pkt_syscall *sc, struct pr_fd *f,
    struct pr_ret *ret, uint64_t *wake)
{
	struct tcp_status	ts;
	char			err[TCP_ERRLEN];
	int64_t			how;

	(void)wake;
	if (pr_arg(p, sc, 1, &how) != 0)
		return (PR_CALL_ERR);
	if (how < PR_SHUT_RD || how > PR_SHUT_RDWR)
		return (pr_errret(ret, EINVAL));
	if (f->kind != PR_FD_CONN || tcp_status(p->st, f->id, &ts) != 0 ||
	    ts.state == TCP_CLOSED)
		return (pr_errret(ret, ENOTCONN));
	if (how == PR_SHUT_RD || how == PR_SHUT_RDWR)
		f->shut_rd = true;
	if ((how == PR_SHUT_WR || how == PR_SHUT_RDWR) && !ts.shut_wr &&
	    tcp_shutdown(p->st, f->id, p->now, err, sizeof err) != 0)
		return (pr_errret(ret, ENOTCONN));
	return (pr_collect(p) != 0 ? PR_CALL_ERR : PR_CALL_DONE);
}

/*
 * close(fd): CLOSE (RFC 9293 §3.10.4); with SO_LINGER {1, 0} ABORT
 * (§3.10.5); with SO_LINGER {1, T} it blocks, as Linux's, until our FIN
 * is acknowledged or T seconds pass.
 */
static enum pr_call
pr_sys_close(struct pr *p, const struct pkt_syscall *sc, struct pr_fd *f,
    struct pr_ret *ret, uint64_t *wake)
{
	struct tcp_status	ts;
	char			err[TCP_ERRLEN];

	(void)sc;
	if (ret->done == 1) {
		/* Blocked in SO_LINGER until our FIN is acked or *wake. */
		if (tcp_status(p->st, ret->conn, &ts) == 0 &&
		    (ts.state == TCP_FIN_WAIT_1 || ts.state == TCP_CLOSING ||
		    ts.state == TCP_LAST_ACK) && p->now < *wake)
			return (PR_CALL_BLOCK);
		return (PR_CALL_DONE);
	}
	if (f->kind == PR_FD_CONN && f->linger0)
		(void)tcp_abort(p->st, f->id, p->now, err, sizeof err);
	else if (f->kind != PR_FD_SOCKET)
		(void)tcp_close(p->st, f->id, p->now, err, sizeof err);
	if (f->kind == PR_FD_CONN && f->linger > 0 && !f->linger0 &&
	    tcp_status(p->st, f->id, &ts) == 0 && (ts.state ==
	    TCP_FIN_WAIT_1 || ts.state == TCP_CLOSING ||
	    ts.state == TCP_LAST_ACK)) {
		ret->done = 1;
		ret->conn = f->id;
		*wake = p->now + (uint64_t)f->linger * TCP_SEC;
		memset(f, 0, sizeof *f);
		if (pr_collect(p) != 0)
			return (PR_CALL_ERR);
		return (PR_CALL_BLOCK);
	}
	memset(f, 0, sizeof *f);
	return (pr_collect(p) != 0 ? PR_CALL_ERR : PR_CALL_DONE);
}

/* getsockname(fd, ...) is 0; getpeername ENOTCONN before the handshake. */
static enum pr_call
pr_sys_name(struct pr *p, const struct pkt_syscall *sc, struct pr_fd *f,
    struct pr_ret *ret, uint64_t *wake)
{
	struct tcp_status	ts;

	(void)wake;
	if (strcmp(sc->name, "getpeername") == 0 && (f->kind !=
	    PR_FD_CONN || tcp_status(p->st, f->id, &ts) != 0 ||
	    ts.state == TCP_CLOSED || ts.state == TCP_SYN_SENT))
		return (pr_errret(ret, ENOTCONN));
	return (PR_CALL_DONE);
}

/*
 * Run call sc into *ret: PR_CALL_DONE, PR_CALL_BLOCK when it would block
 * (run it again with the same ret; *wake is when a timeout of its own ends
 * it, TCP_NEVER when none) or PR_CALL_ERR.
 */
enum pr_call
pr_call_run(struct pr *p, const struct pkt_syscall *sc, struct pr_ret *ret,
    uint64_t *wake)
{
	const struct pr_callent	*c = NULL;
	struct pr_fd		*f = NULL;
	size_t			 i;

	for (i = 0; i < sizeof pr_calls / sizeof pr_calls[0]; i++)
		if (strcmp(pr_calls[i].name, sc->name) == 0)
			c = &pr_calls[i];
	if (c == NULL)
		return (pr_unsupported(p, "%s() is not run yet", sc->name));
	if (c->fd && !(ret->done == 1 && strcmp(sc->name, "close") == 0)) {
		if (sc->nargs == 0 || sc->args[0].kind != PKT_EX_INT)
			return (pr_fail(p, "%s(): the first argument is not "
			    "a descriptor", sc->name));
		if ((f = pr_fd_find(p, sc->args[0].ival)) == NULL)
			return (pr_errret(ret, EBADF));
	}
	return (c->fn(p, sc, f, ret, wake));
}

/* Compare what call sc returned with the script's (packetdrill's end_syscall). */
int
pr_call_check(struct pr *p, const struct pkt_syscall *sc,
    const struct pr_ret *ret)
{
	return (pkt_run_check_ret(p, sc, ret->val, ret->err));
}

/*
 * Run a system call statement: a call that would block waits in virtual
 * time (core/pkt-block.c), one written "...T" while the statements after
 * it run; what it returns is compared with the script's.
 */
int
pr_syscall(struct pr *p, const struct pkt_syscall *sc)
{
	struct pr_ret	ret = { 0 };
	uint64_t	wake = TCP_NEVER;
	int64_t		start = p->prev;
	int		line = p->line;

	/* As packetdrill's main thread: a call waits for the blocked one. */
	if (pr_block_wait(p) != 0)
		return (-1);
	p->line = line;
	switch (pr_call_run(p, sc, &ret, &wake)) {
	case PR_CALL_ERR:
		return (-1);
	case PR_CALL_BLOCK:
		return (pr_block_start(p, sc, start, &ret, wake));
	default:
		break;
	}
	if (pr_collect(p) != 0 || pr_call_check(p, sc, &ret) != 0)
		return (-1);
	return (sc->has_end ? pr_block_time(p, sc, start, line) : 0);
}
