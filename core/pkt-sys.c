/*
 * core/pkt-sys.c - a script's system calls on the engine's user calls
 * (RFC 9293 §3.10) through a descriptor table, as Linux's socket API
 * answers them: socket, bind, listen, accept, connect (non-blocking:
 * EINPROGRESS), fcntl, setsockopt/getsockopt, read/recv, write/send,
 * shutdown, close and poll.  Return values and errno are compared with
 * the script's.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "core/pkt-run-int.h"

/* Linux's values for the names scripts use. */
#define PR_O_RDWR	2
#define PR_O_NONBLOCK	04000
#define PR_F_GETFL	3
#define PR_F_SETFL	4
#define PR_SOL_SOCKET	1
#define PR_IPPROTO_TCP	6
#define PR_SO_REUSEADDR	2
#define PR_SO_ERROR	4
#define PR_SO_SNDBUF	7
#define PR_SO_RCVBUF	8
#define PR_SO_KEEPALIVE	9
#define PR_SO_LINGER	13
#define PR_TCP_NODELAY	1
#define PR_TCP_MAXSEG	2
#define PR_TCP_KEEPIDLE	4
#define PR_TCP_KEEPINTVL 5
#define PR_TCP_KEEPCNT	6
#define PR_SHUT_RD	0
#define PR_SHUT_WR	1
#define PR_SHUT_RDWR	2
#define PR_POLLIN	0x001
#define PR_POLLOUT	0x004
#define PR_POLLERR	0x008
#define PR_POLLHUP	0x010
#define PR_POLLRDHUP	0x2000

static const struct {
	const char	*name;
	int64_t		 val;
} pr_names[] = {
	{ "AF_INET", 2 }, { "AF_INET6", 10 }, { "PF_INET", 2 },
	{ "PF_INET6", 10 }, { "SOCK_STREAM", 1 }, { "SOCK_DGRAM", 2 },
	{ "SOCK_NONBLOCK", PR_O_NONBLOCK }, { "IPPROTO_TCP", PR_IPPROTO_TCP },
	{ "IPPROTO_IP", 0 }, { "IPPROTO_UDP", 17 },
	{ "O_RDWR", PR_O_RDWR }, { "O_NONBLOCK", PR_O_NONBLOCK },
	{ "F_GETFL", PR_F_GETFL }, { "F_SETFL", PR_F_SETFL },
	{ "SOL_SOCKET", PR_SOL_SOCKET }, { "SOL_TCP", PR_IPPROTO_TCP },
	{ "SO_REUSEADDR", PR_SO_REUSEADDR }, { "SO_ERROR", PR_SO_ERROR },
	{ "SO_SNDBUF", PR_SO_SNDBUF }, { "SO_RCVBUF", PR_SO_RCVBUF },
	{ "SO_KEEPALIVE", PR_SO_KEEPALIVE }, { "SO_LINGER", PR_SO_LINGER },
	{ "TCP_NODELAY", PR_TCP_NODELAY }, { "TCP_MAXSEG", PR_TCP_MAXSEG },
	{ "TCP_KEEPIDLE", PR_TCP_KEEPIDLE },
	{ "TCP_KEEPINTVL", PR_TCP_KEEPINTVL },
	{ "TCP_KEEPCNT", PR_TCP_KEEPCNT },
	{ "SHUT_RD", PR_SHUT_RD }, { "SHUT_WR", PR_SHUT_WR },
	{ "SHUT_RDWR", PR_SHUT_RDWR },
	{ "POLLIN", PR_POLLIN }, { "POLLOUT", PR_POLLOUT },
	{ "POLLERR", PR_POLLERR }, { "POLLHUP", PR_POLLHUP },
	{ "POLLRDHUP", PR_POLLRDHUP }, { "MSG_DONTWAIT", 0x40 },
	{ "ECONNRESET", ECONNRESET }, { "ECONNREFUSED", ECONNREFUSED },
	{ "ETIMEDOUT", ETIMEDOUT }, { "EPIPE", EPIPE },
	{ "EAGAIN", EAGAIN }, { "EINPROGRESS", EINPROGRESS },
};

/* What a call did: its return value and errno (0 when none). */
struct pr_ret {
	int64_t	val;
	int	err;
};

static int	pr_arg(struct pr *p, const struct pkt_syscall *sc, size_t i,
		    int64_t *out);
static struct pr_fd *pr_fd(struct pr *p, const struct pkt_syscall *sc,
		    struct pr_ret *ret);
static int	pr_conn_error(struct pr *p, struct pr_fd *f);
static int	pr_setopt(struct pr *p, struct pr_fd *f, int64_t level,
		    int64_t name, int64_t val, const struct pkt_expr *arg);
static int	pr_getopt(struct pr *p, struct pr_fd *f, int64_t level,
		    int64_t name, int64_t *val);
static int	pr_open(struct pr *p, struct pr_fd *f, bool active,
		    struct pr_ret *ret);
static int	pr_io(struct pr *p, const struct pkt_syscall *sc,
		    struct pr_fd *f, bool rd, struct pr_ret *ret);
static int	pr_poll(struct pr *p, const struct pkt_syscall *sc,
		    struct pr_ret *ret);
static int	pr_revents(struct pr *p, struct pr_fd *f);

/* The value of an integer argument: a number, a name, or names or'ed. */
int
pr_eval(struct pr *p, const struct pkt_expr *e, int64_t *out)
{
	int64_t	v;
	size_t	i;

	switch (e->kind) {
	case PKT_EX_INT:
		*out = e->ival;
		return (0);
	case PKT_EX_NAME:
		for (i = 0; i < sizeof pr_names / sizeof pr_names[0]; i++)
			if (strcmp(pr_names[i].name, e->text) == 0) {
				*out = pr_names[i].val;
				return (0);
			}
		return (pr_unsupported(p, "the name %s is not known here",
		    e->text));
	case PKT_EX_OR:
		*out = 0;
		for (i = 0; i < e->nkids; i++) {
			if (pr_eval(p, &e->kids[i], &v) != 0)
				return (-1);
			*out |= v;
		}
		return (0);
	case PKT_EX_ARRAY:
		if (e->nkids == 1)
			return (pr_eval(p, &e->kids[0], out));
		/* FALLTHROUGH */
	default:
		return (pr_unsupported(p, "an argument that is not a number"));
	}
}

/* Argument i of sc as an integer. */
static int
pr_arg(struct pr *p, const struct pkt_syscall *sc, size_t i, int64_t *out)
{
	if (i >= sc->nargs)
		return (pr_fail(p, "%s() needs argument %zu", sc->name, i + 1));
	return (pr_eval(p, &sc->args[i], out));
}

/* The descriptor in sc's first argument, or NULL with EBADF in ret. */
static struct pr_fd *
pr_fd(struct pr *p, const struct pkt_syscall *sc, struct pr_ret *ret)
{
	int64_t	fd;

	if (sc->nargs == 0 || sc->args[0].kind != PKT_EX_INT)
		return (NULL);
	fd = sc->args[0].ival;
	if (fd < PR_FD0 || fd >= PR_FD0 + PR_MAXFD ||
	    p->fd[fd - PR_FD0].kind == PR_FD_FREE) {
		ret->val = -1;
		ret->err = EBADF;
		return (NULL);
	}
	return (&p->fd[fd - PR_FD0]);
}

/* A connection's pending error (SO_ERROR), taken once; 0: none. */
static int
pr_conn_error(struct pr *p, struct pr_fd *f)
{
	struct tcp_status	ts;

	if (f->kind != PR_FD_CONN || f->err_taken ||
	    tcp_status(p->st, f->id, &ts) != 0 || ts.error == 0)
		return (0);
	f->err_taken = true;
	return (ts.error);
}

/* Apply a socket option; 0, or -1 when the run ended. */
static int
pr_setopt(struct pr *p, struct pr_fd *f, int64_t level, int64_t name,
    int64_t val, const struct pkt_expr *arg)
{
	struct tcp_cfg	*c;
	const char	*knob = NULL;
	char		 text[32], err[TCP_ERRLEN];
	int64_t		 onoff = 0, linger = 0;

	if (level == PR_SOL_SOCKET && name == PR_SO_LINGER) {
		if (arg->kind != PKT_EX_STRUCT && !(arg->kind ==
		    PKT_EX_ARRAY && arg->nkids == 1 &&
		    arg->kids[0].kind == PKT_EX_STRUCT))
			return (pr_unsupported(p, "SO_LINGER needs "
			    "{l_onoff, l_linger}"));
		if (arg->kind == PKT_EX_ARRAY)
			arg = &arg->kids[0];
		if (arg->nkids != 2 || pr_eval(p, &arg->kids[0], &onoff) != 0 ||
		    pr_eval(p, &arg->kids[1], &linger) != 0)
			return (pr_unsupported(p, "SO_LINGER needs "
			    "{l_onoff, l_linger}"));
		f->linger0 = onoff != 0 && linger == 0;
		if (onoff != 0 && linger != 0)
			return (pr_unsupported(p, "SO_LINGER with a time "
			    "(close would block)"));
		return (0);
	}
	snprintf(text, sizeof text, "%lld", (long long)val);
	if (level == PR_SOL_SOCKET) {
		switch (name) {
		case PR_SO_REUSEADDR:
			break;
		case PR_SO_RCVBUF:
			knob = "rcvbuf";
			break;
		case PR_SO_SNDBUF:
			knob = "sndbuf";
			break;
		case PR_SO_KEEPALIVE:
			knob = "keepalive";
			snprintf(text, sizeof text, "%d", val != 0);
			break;
		default:
			return (pr_unsupported(p, "socket option %lld is not "
			    "run", (long long)name));
		}
	} else if (level == PR_IPPROTO_TCP) {
		switch (name) {
		case PR_TCP_NODELAY:
			knob = "nagle";
			snprintf(text, sizeof text, "%d", val == 0);
			break;
		case PR_TCP_MAXSEG:
			knob = "mss";
			break;
		case PR_TCP_KEEPIDLE:
			knob = "keepalive.idle";
			snprintf(text, sizeof text, "%llds", (long long)val);
			break;
		case PR_TCP_KEEPINTVL:
			knob = "keepalive.intvl";
			snprintf(text, sizeof text, "%llds", (long long)val);
			break;
		case PR_TCP_KEEPCNT:
			knob = "keepalive.probes";
			break;
		default:
			return (pr_unsupported(p, "TCP option %lld is not run",
			    (long long)name));
		}
	} else
		return (pr_unsupported(p, "option level %lld is not run",
		    (long long)level));
	if (f->nopt < PR_MAXOPT) {
		f->opt[f->nopt].level = level;
		f->opt[f->nopt].name = name;
		f->opt[f->nopt++].val = val;
	}
	if (knob == NULL)
		return (0);
	/* Before OPEN the option waits in the descriptor (pr_open). */
	if (f->kind == PR_FD_SOCKET)
		return (0);
	if ((c = tcp_conn_cfg(p->st, f->id)) == NULL ||
	    tcp_knob_set(c, knob, text, err, sizeof err) != 0)
		return (pr_fail(p, "setsockopt: %s", c ? err :
		    "no connection"));
	tcp_cfg_changed(p->st, f->id, p->now);
	return (0);
}

/* A socket option's value for getsockopt; 0, or -1 when the run ended. */
static int
pr_getopt(struct pr *p, struct pr_fd *f, int64_t level, int64_t name,
    int64_t *val)
{
	const struct tcp_cfg	*c = stack_cfg(p->st);
	size_t			 i;

	if (level == PR_SOL_SOCKET && name == PR_SO_ERROR) {
		*val = pr_conn_error(p, f);
		return (0);
	}
	for (i = f->nopt; i > 0; i--)
		if (f->opt[i - 1].level == level && f->opt[i - 1].name == name) {
			*val = f->opt[i - 1].val;
			return (0);
		}
	if (f->kind != PR_FD_SOCKET && tcp_conn_cfg(p->st, f->id) != NULL)
		c = tcp_conn_cfg(p->st, f->id);
	if (level == PR_SOL_SOCKET && name == PR_SO_RCVBUF)
		*val = c->rcv_buf;
	else if (level == PR_SOL_SOCKET && name == PR_SO_SNDBUF)
		*val = c->snd_buf;
	else if (level == PR_SOL_SOCKET && name == PR_SO_KEEPALIVE)
		*val = c->keepalive;
	else if (level == PR_IPPROTO_TCP && name == PR_TCP_NODELAY)
		*val = !c->nagle;
	else
		return (pr_unsupported(p, "getsockopt of option %lld/%lld is "
		    "not run", (long long)level, (long long)name));
	return (0);
}

/* listen() or connect(): OPEN with the descriptor's options. */
static int
pr_open(struct pr *p, struct pr_fd *f, bool active, struct pr_ret *ret)
{
	struct tcp_cfg		 c = *stack_cfg(p->st);
	struct tcp_status	 ts;
	struct endpoint		 l = p->local, r = p->remote;
	char			 err[TCP_ERRLEN];
	size_t			 i;
	int			 k;

	if (active && !f->nonblock)
		return (pr_unsupported(p, "connect() would block (blocking "
		    "calls are not run yet)"));
	if (active) {
		l.port = 0;
		r.port = PKT_RUN_LPORT;
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
	}
	/* Options set before OPEN apply now (pr_setopt on an open fd). */
	k = (int)f->nopt;
	f->nopt = 0;
	for (i = 0; i < (size_t)k; i++)
		if (pr_setopt(p, f, f->opt[i].level, f->opt[i].name,
		    f->opt[i].val, NULL) != 0)
			return (-1);
	if (active) {
		ret->val = -1;
		ret->err = EINPROGRESS;
	}
	return (pr_collect(p));
}

/* read/recv (rd) or write/send: the data path. */
static int
pr_io(struct pr *p, const struct pkt_syscall *sc, struct pr_fd *f, bool rd,
    struct pr_ret *ret)
{
	struct tcp_status	ts;
	const uint8_t		*data = p->zeros;
	int64_t			 n;
	size_t			 got, room;
	char			 err[TCP_ERRLEN];
	int			 e;

	if (pr_arg(p, sc, 2, &n) != 0)
		return (-1);
	if (n < 0 || n > PR_SEGBUF)
		return (pr_unsupported(p, "%s of %lld bytes", sc->name,
		    (long long)n));
	if (f->kind != PR_FD_CONN || tcp_status(p->st, f->id, &ts) != 0) {
		ret->val = -1;
		ret->err = ENOTCONN;
		return (0);
	}
	if (rd) {
		got = tcp_recv(p->st, f->id, p->buf, (size_t)n, p->now);
		if (got > 0 || n == 0) {
			ret->val = (int64_t)got;
		} else if ((e = pr_conn_error(p, f)) != 0) {
			ret->val = -1;
			ret->err = e;
		} else if (ts.fin_rcvd || ts.state == TCP_CLOSED ||
		    f->shut_rd) {
			ret->val = 0;
		} else if (f->nonblock) {
			ret->val = -1;
			ret->err = EAGAIN;
		} else
			return (pr_unsupported(p, "%s() would block (blocking "
			    "calls are not run yet)", sc->name));
		return (pr_collect(p));
	}
	if (sc->nargs > 1 && sc->args[1].kind == PKT_EX_STRING &&
	    (int64_t)sc->args[1].len >= n)
		data = (const uint8_t *)sc->args[1].text;
	if ((e = pr_conn_error(p, f)) != 0) {
		ret->val = -1;
		ret->err = e;
		return (0);
	}
	if (ts.shut_wr || ts.state == TCP_CLOSED || ts.fin_sent) {
		ret->val = -1;
		ret->err = EPIPE;
		return (0);
	}
	room = ts.cfg.snd_buf > ts.unsent + ts.unacked ?
	    ts.cfg.snd_buf - ts.unsent - ts.unacked : 0;
	if (room == 0 && n > 0) {
		if (!f->nonblock)
			return (pr_unsupported(p, "%s() would block (blocking "
			    "calls are not run yet)", sc->name));
		ret->val = -1;
		ret->err = EAGAIN;
		return (0);
	}
	if ((size_t)n < room)
		room = (size_t)n;
	if (tcp_send(p->st, f->id, data, room, p->now, err, sizeof err) != 0)
		return (pr_fail(p, "%s: %s", sc->name, err));
	ret->val = (int64_t)room;
	return (pr_collect(p));
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

/* poll([{fd=N, events=E, revents=R}...], n, 0). */
static int
pr_poll(struct pr *p, const struct pkt_syscall *sc, struct pr_ret *ret)
{
	const struct pkt_expr	*a, *e, *fdx, *evx, *rvx;
	struct pr_fd		*f;
	int64_t			 fd, want, tmo, got;
	size_t			 i;

	if (sc->nargs != 3 || sc->args[0].kind != PKT_EX_ARRAY ||
	    pr_eval(p, &sc->args[2], &tmo) != 0)
		return (pr_unsupported(p, "poll() needs [{fd, events, "
		    "revents}...], n, timeout"));
	a = &sc->args[0];
	ret->val = 0;
	for (i = 0; i < a->nkids; i++) {
		e = &a->kids[i];
		fdx = pkt_expr_field(e, "fd");
		evx = pkt_expr_field(e, "events");
		rvx = pkt_expr_field(e, "revents");
		if (fdx == NULL || evx == NULL || pr_eval(p, fdx, &fd) != 0 ||
		    pr_eval(p, evx, &want) != 0)
			return (pr_unsupported(p, "poll() needs {fd=N, "
			    "events=E, revents=R}"));
		if (fd < PR_FD0 || fd >= PR_FD0 + PR_MAXFD ||
		    (f = &p->fd[fd - PR_FD0])->kind == PR_FD_FREE)
			got = 0x20;	/* POLLNVAL */
		else
			got = pr_revents(p, f) & (want | PR_POLLERR |
			    PR_POLLHUP);
		if (got != 0)
			ret->val++;
		if (pkt_run_check_revents(p, fd, rvx, got) != 0)
			return (-1);
	}
	if (ret->val == 0 && tmo != 0)
		return (pr_unsupported(p, "poll() would block (blocking "
		    "calls are not run yet)"));
	return (0);
}

/* Run a system call statement and compare what it returns. */
int
pr_syscall(struct pr *p, const struct pkt_syscall *sc)
{
	struct pr_ret	 ret = { 0, 0 };
	struct pr_fd	*f = NULL;
	int64_t		 a1 = 0, a2 = 0, a3 = 0, v = 0;
	char		 err[TCP_ERRLEN];
	const char	*n = sc->name;
	size_t		 i;
	int		 rc = 0;

	if (sc->has_end)
		return (pr_unsupported(p, "blocking calls (\"...T\") are not "
		    "run yet"));
	if (strcmp(n, "socket") == 0) {
		if (pr_arg(p, sc, 1, &a1) != 0)
			return (-1);
		if ((a1 & ~PR_O_NONBLOCK) != 1)
			return (pr_unsupported(p, "only SOCK_STREAM sockets "
			    "are run"));
		for (i = 0; i < PR_MAXFD && p->fd[i].kind != PR_FD_FREE; i++)
			;
		if (i == PR_MAXFD)
			return (pr_fail(p, "more than %d descriptors",
			    PR_MAXFD));
		memset(&p->fd[i], 0, sizeof p->fd[i]);
		p->fd[i].kind = PR_FD_SOCKET;
		p->fd[i].nonblock = (a1 & PR_O_NONBLOCK) != 0;
		ret.val = (int64_t)i + PR_FD0;
	} else if (strcmp(n, "bind") == 0 || strcmp(n, "listen") == 0 ||
	    strcmp(n, "connect") == 0) {
		if ((f = pr_fd(p, sc, &ret)) != NULL) {
			if (f->kind != PR_FD_SOCKET) {
				ret.val = -1;
				ret.err = n[0] == 'c' ? EISCONN : EINVAL;
			} else if (n[0] == 'l') {
				if (pr_arg(p, sc, 1, &a1) != 0 ||
				    pr_open(p, f, false, &ret) != 0)
					return (-1);
				tcp_conn_cfg(p->st, f->id)->backlog =
				    a1 < 1 ? 1 : (uint32_t)a1;
			} else if (n[0] == 'c' && pr_open(p, f, true, &ret) != 0)
				return (-1);
		}
	} else if (strcmp(n, "accept") == 0) {
		if ((f = pr_fd(p, sc, &ret)) != NULL) {
			unsigned id;

			if (f->kind != PR_FD_LISTEN) {
				ret.val = -1;
				ret.err = EINVAL;
			} else if ((id = tcp_accept(p->st, f->id)) != 0) {
				for (i = 0; i < PR_MAXFD &&
				    p->fd[i].kind != PR_FD_FREE; i++)
					;
				if (i == PR_MAXFD)
					return (pr_fail(p, "more than %d "
					    "descriptors", PR_MAXFD));
				memset(&p->fd[i], 0, sizeof p->fd[i]);
				p->fd[i].kind = PR_FD_CONN;
				p->fd[i].id = id;
				ret.val = (int64_t)i + PR_FD0;
			} else if (f->nonblock) {
				ret.val = -1;
				ret.err = EAGAIN;
			} else
				return (pr_unsupported(p, "accept() would "
				    "block (blocking calls are not run yet)"));
		}
	} else if (strcmp(n, "fcntl") == 0) {
		if ((f = pr_fd(p, sc, &ret)) != NULL) {
			if (pr_arg(p, sc, 1, &a1) != 0)
				return (-1);
			if (a1 == PR_F_GETFL)
				ret.val = PR_O_RDWR |
				    (f->nonblock ? PR_O_NONBLOCK : 0);
			else if (a1 == PR_F_SETFL) {
				if (pr_arg(p, sc, 2, &a2) != 0)
					return (-1);
				f->nonblock = (a2 & PR_O_NONBLOCK) != 0;
			} else
				return (pr_unsupported(p, "fcntl command %lld",
				    (long long)a1));
		}
	} else if (strcmp(n, "setsockopt") == 0) {
		if ((f = pr_fd(p, sc, &ret)) != NULL) {
			if (pr_arg(p, sc, 1, &a1) != 0 ||
			    pr_arg(p, sc, 2, &a2) != 0)
				return (-1);
			if (sc->nargs < 4)
				return (pr_fail(p, "setsockopt() needs a "
				    "value"));
			a3 = 0;
			if (!(a1 == PR_SOL_SOCKET && a2 == PR_SO_LINGER) &&
			    pr_eval(p, &sc->args[3], &a3) != 0)
				return (-1);
			if (pr_setopt(p, f, a1, a2, a3, &sc->args[3]) != 0)
				return (-1);
		}
	} else if (strcmp(n, "getsockopt") == 0) {
		if ((f = pr_fd(p, sc, &ret)) != NULL) {
			if (pr_arg(p, sc, 1, &a1) != 0 ||
			    pr_arg(p, sc, 2, &a2) != 0 ||
			    pr_getopt(p, f, a1, a2, &v) != 0)
				return (-1);
			if (pkt_run_check_optval(p, sc, v) != 0)
				return (-1);
		}
	} else if (strcmp(n, "read") == 0 || strcmp(n, "recv") == 0 ||
	    strcmp(n, "write") == 0 || strcmp(n, "send") == 0) {
		if ((f = pr_fd(p, sc, &ret)) != NULL &&
		    pr_io(p, sc, f, n[0] == 'r', &ret) != 0)
			return (-1);
	} else if (strcmp(n, "shutdown") == 0) {
		if ((f = pr_fd(p, sc, &ret)) != NULL) {
			if (pr_arg(p, sc, 1, &a1) != 0)
				return (-1);
			if (f->kind != PR_FD_CONN) {
				ret.val = -1;
				ret.err = ENOTCONN;
			} else {
				if (a1 == PR_SHUT_RD || a1 == PR_SHUT_RDWR)
					f->shut_rd = true;
				if ((a1 == PR_SHUT_WR || a1 == PR_SHUT_RDWR) &&
				    tcp_shutdown(p->st, f->id, p->now, err,
				    sizeof err) != 0) {
					ret.val = -1;
					ret.err = ENOTCONN;
				}
			}
		}
	} else if (strcmp(n, "close") == 0) {
		if ((f = pr_fd(p, sc, &ret)) != NULL) {
			if (f->kind == PR_FD_CONN && f->linger0)
				(void)tcp_abort(p->st, f->id, p->now, err,
				    sizeof err);
			else if (f->kind != PR_FD_SOCKET)
				(void)tcp_close(p->st, f->id, p->now, err,
				    sizeof err);
			memset(f, 0, sizeof *f);
		}
	} else if (strcmp(n, "poll") == 0) {
		if (pr_poll(p, sc, &ret) != 0)
			return (-1);
	} else
		return (pr_unsupported(p, "%s() is not run yet", n));
	if (sc->nargs > 0 && f == NULL && ret.err == 0 &&
	    strcmp(n, "socket") != 0 && strcmp(n, "poll") != 0)
		return (pr_fail(p, "%s(): the first argument is not a "
		    "descriptor", n));
	rc = pr_collect(p);
	if (rc != 0)
		return (rc);
	return (pkt_run_check_ret(p, sc, ret.val, ret.err));
}
