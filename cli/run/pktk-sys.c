/*
 * cli/run/pktk-sys.c - the kernel target's system calls (cli/run/pktk.h):
 * a script's call turned into a request for the executor in the peer
 * namespace (lab/pktd.h), script descriptors mapped to the kernel's as
 * packetdrill maps them, the answer compared by the code every target
 * shares (pkt_run_check_*); sysctls set in the peer only, and the text of
 * a settings file a shell line names.
 */
#include <sys/socket.h>

#include <errno.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/run/clock.h"
#include "cli/run/pktk-int.h"
#include "core/xmalloc.h"

static int	pk_arg(struct pr *p, const struct pkt_syscall *sc, size_t i,
		    int64_t *v);
static int	pk_request(struct pktk *k, struct pr *p,
		    const struct pkt_syscall *sc, struct pktd_req *q,
		    const uint8_t **data, size_t *len, uint8_t *pairs);
static int64_t	pk_fd(const struct pktk *k, int64_t fd);

volatile sig_atomic_t pk_stop;		/* a signal asked us to stop */

/*
 * Send request q (with len bytes of data) to the executor and wait for
 * its answer at most PKTK_CALL_WAIT; 0, 1 when the call is still blocked,
 * or -1 with the run failed.
 */
int
pk_call(struct pktk *k, struct pr *p, struct pktd_req *q, const void *data,
    size_t len, struct pktd_rep *r)
{
	struct pollfd	pfd;
	uint64_t	end = now_us() + PKTK_CALL_WAIT, now;
	ssize_t		n;

	q->len = (uint32_t)len;
	memcpy(k->req, q, sizeof *q);
	if (len > 0)
		memcpy(k->req + sizeof *q, data, len);
	if (send(k->fd, k->req, sizeof *q + len, MSG_NOSIGNAL) !=
	    (ssize_t)(sizeof *q + len))
		return (pkt_run_fail(p, "kernel: the executor is gone: %s",
		    strerror(errno)));
	for (;;) {
		if (pk_stop)
			return (pkt_run_fail(p, "interrupted"));
		if ((now = now_us()) >= end)
			return (1);
		pfd.fd = k->fd;
		pfd.events = POLLIN;
		if (poll(&pfd, 1, (int)((end - now + 999) / 1000)) == -1 &&
		    errno != EINTR)
			return (pkt_run_fail(p, "kernel: poll: %s",
			    strerror(errno)));
		if (!(pfd.revents & (POLLIN | POLLHUP)))
			continue;
		n = recv(k->fd, r, sizeof *r, 0);
		if (n == (ssize_t)sizeof *r)
			return (0);
		return (pkt_run_fail(p, "kernel: the executor is gone"));
	}
}

/* Argument i of sc as an integer; 0 or -1. */
static int
pk_arg(struct pr *p, const struct pkt_syscall *sc, size_t i, int64_t *v)
{
	if (i >= sc->nargs)
		return (pkt_run_fail(p, "%s() needs argument %zu", sc->name,
		    i + 1));
	return (pkt_run_eval(p, &sc->args[i], v));
}

/* Build the request for sc into q (and its data); 0 or -1. */
static int
pk_request(struct pktk *k, struct pr *p, const struct pkt_syscall *sc,
    struct pktd_req *q, const uint8_t **data, size_t *len, uint8_t *pairs)
{
	const struct pkt_expr	*e, *arg;
	const char		*n = sc->name;
	int64_t			 v;
	int32_t			 x;
	size_t			 i;

	memset(q, 0, sizeof *q);
	*data = NULL;
	*len = 0;
	if (strcmp(n, "socket") == 0) {
		q->op = PKTD_SOCKET;
		/* "..." for the domain: the script's family. */
		q->a[0] = pkt_run_v6(p) ? AF_INET6 : AF_INET;
		for (i = 0; i < 3; i++)
			if ((i > 0 || (sc->nargs > 0 &&
			    sc->args[0].kind != PKT_EX_ELLIPSIS)) &&
			    pk_arg(p, sc, i, &q->a[i]) != 0)
				return (-1);
		return (0);
	}
	if (strcmp(n, "poll") == 0) {
		if (sc->nargs != 3 || sc->args[0].kind != PKT_EX_ARRAY ||
		    sc->args[0].nkids > PKTD_MAXPOLL ||
		    pkt_run_eval(p, &sc->args[2], &q->a[1]) != 0)
			return (pkt_run_unsupported(p, "poll() needs [{fd, "
			    "events, revents}...] (at most %d), n, timeout",
			    PKTD_MAXPOLL));
		q->op = PKTD_POLL;
		q->a[0] = (int64_t)sc->args[0].nkids;
		for (i = 0; i < sc->args[0].nkids; i++) {
			e = &sc->args[0].kids[i];
			if (pkt_expr_field(e, "fd") == NULL ||
			    pkt_expr_field(e, "events") == NULL ||
			    pkt_run_eval(p, pkt_expr_field(e, "fd"), &v) != 0)
				return (pkt_run_unsupported(p, "poll() needs "
				    "{fd=N, events=E, revents=R}"));
			x = (int32_t)v;
			memcpy(pairs + i * 8, &x, 4);
			if (pkt_run_eval(p, pkt_expr_field(e, "events"),
			    &v) != 0)
				return (-1);
			x = (int32_t)v;
			memcpy(pairs + i * 8 + 4, &x, 4);
		}
		*data = pairs;
		*len = sc->args[0].nkids * 8;
		return (0);
	}
	if (sc->nargs == 0 || pk_arg(p, sc, 0, &q->a[0]) != 0)
		return (sc->nargs == 0 ? pkt_run_fail(p, "%s() needs a "
		    "descriptor", n) : -1);
	if (strcmp(n, "bind") == 0 || strcmp(n, "connect") == 0) {
		q->op = n[0] == 'b' ? PKTD_BIND : PKTD_CONNECT;
		addr_fmt(n[0] == 'b' ? &k->local.addr : &k->remote.addr,
		    q->addr, sizeof q->addr);
		q->a[1] = PKT_RUN_LPORT;
	} else if (strcmp(n, "listen") == 0) {
		q->op = PKTD_LISTEN;
		if (pk_arg(p, sc, 1, &q->a[1]) != 0)
			return (-1);
	} else if (strcmp(n, "accept") == 0)
		q->op = PKTD_ACCEPT;
	else if (strcmp(n, "fcntl") == 0) {
		q->op = PKTD_FCNTL;
		if (pk_arg(p, sc, 1, &q->a[1]) != 0 || (sc->nargs > 2 &&
		    pk_arg(p, sc, 2, &q->a[2]) != 0))
			return (-1);
	} else if (strcmp(n, "setsockopt") == 0 ||
	    strcmp(n, "getsockopt") == 0) {
		q->op = n[0] == 's' ? PKTD_SETSOCKOPT : PKTD_GETSOCKOPT;
		if (pk_arg(p, sc, 1, &q->a[1]) != 0 ||
		    pk_arg(p, sc, 2, &q->a[2]) != 0)
			return (-1);
		if (q->op == PKTD_GETSOCKOPT)
			return (0);
		if (sc->nargs < 4)
			return (pkt_run_fail(p, "setsockopt() needs a value"));
		arg = &sc->args[3];
		if (q->a[1] == PK_SOL_SOCKET && q->a[2] == PK_SO_LINGER) {
			if (arg->kind == PKT_EX_ARRAY && arg->nkids == 1)
				arg = &arg->kids[0];
			if (arg->kind != PKT_EX_STRUCT || arg->nkids != 2 ||
			    pkt_run_eval(p, &arg->kids[0], &q->a[3]) != 0 ||
			    pkt_run_eval(p, &arg->kids[1], &q->a[5]) != 0)
				return (pkt_run_unsupported(p, "SO_LINGER "
				    "needs {l_onoff, l_linger}"));
			q->a[4] = 1;
		} else if (pkt_run_eval(p, arg, &q->a[3]) != 0)
			return (-1);
	} else if (strcmp(n, "read") == 0 || strcmp(n, "recv") == 0 ||
	    strcmp(n, "write") == 0 || strcmp(n, "send") == 0) {
		q->op = n[0] == 'r' ? (n[2] == 'a' ? PKTD_READ : PKTD_RECV) :
		    (n[0] == 'w' ? PKTD_WRITE : PKTD_SEND);
		if (pk_arg(p, sc, 2, &q->a[1]) != 0 || (sc->nargs > 3 &&
		    pk_arg(p, sc, 3, &q->a[2]) != 0))
			return (-1);
		if (q->a[1] < 0 || q->a[1] > PKTD_MAXDATA)
			return (pkt_run_unsupported(p, "%s of %lld bytes", n,
			    (long long)q->a[1]));
		if (q->op == PKTD_WRITE || q->op == PKTD_SEND) {
			*len = (size_t)q->a[1];
			*data = k->req + sizeof *q;	/* zeros, or the string */
			memset(k->req + sizeof *q, 0, *len);
			if (sc->args[1].kind == PKT_EX_STRING)
				memcpy(k->req + sizeof *q, sc->args[1].text,
				    sc->args[1].len < *len ? sc->args[1].len :
				    *len);
		}
	} else if (strcmp(n, "shutdown") == 0) {
		q->op = PKTD_SHUTDOWN;
		if (pk_arg(p, sc, 1, &q->a[1]) != 0)
			return (-1);
	} else if (strcmp(n, "close") == 0)
		q->op = PKTD_CLOSE;
	else
		return (pkt_run_unsupported(p, "%s() is not run against the "
		    "kernel yet", n));
	return (0);
}

/* The kernel's descriptor for the script's fd (as packetdrill maps them). */
static int64_t
pk_fd(const struct pktk *k, int64_t fd)
{
	if (fd >= 0 && fd < PKTK_MAXFD && k->fdmap[fd] != -1)
		return (k->fdmap[fd]);
	return (fd);
}

/* Run a system call on the kernel and compare its result with the script's. */
int
pk_syscall(void *arg, struct pr *p, const struct pkt_syscall *sc)
{
	struct pktk		*k = arg;
	struct pktd_req		 q;
	struct pktd_rep		 r;
	struct endpoint		 l, rem;
	const uint8_t		*data;
	uint8_t			 pairs[PKTD_MAXPOLL * 8], tmp[PKTD_MAXDATA];
	size_t			 len, i;
	int64_t			 v;
	int32_t			 x;
	int			 rc;

	if (sc->has_end)
		return (pkt_run_unsupported(p, "blocking calls (\"...T\") "
		    "are not run against the kernel yet"));
	if (pk_request(k, p, sc, &q, &data, &len, pairs) != 0)
		return (-1);
	if (q.op == PKTD_POLL)
		for (i = 0; i < (size_t)q.a[0]; i++) {
			memcpy(&x, pairs + i * 8, 4);
			x = (int32_t)pk_fd(k, x);
			memcpy(pairs + i * 8, &x, 4);
		}
	else if (q.op != PKTD_SOCKET)
		q.a[0] = pk_fd(k, q.a[0]);
	if (data == k->req + sizeof q) {	/* pk_call copies over it */
		memcpy(tmp, data, len);
		data = tmp;
	}
	memset(&r, 0, sizeof r);
	if ((rc = pk_call(k, p, &q, data, len, &r)) != 0)
		return (rc < 0 ? -1 : pkt_run_unsupported(p, "%s() still "
		    "blocked after %d s (a call that waits for a later line "
		    "needs \"...T\")", sc->name, (int)(PKTK_CALL_WAIT /
		    TCP_SEC)));
	if (k->tg.collect(k, p) != 0)
		return (-1);
	/*
	 * A new descriptor takes the number the script gives it (packetdrill
	 * maps script fds to live ones; only errors are compared).
	 */
	if ((q.op == PKTD_SOCKET || q.op == PKTD_ACCEPT) && r.ret >= 0 &&
	    sc->ret >= 0 && sc->ret < PKTK_MAXFD) {
		k->fdmap[sc->ret] = (int)r.ret;
		r.ret = sc->ret;
	}
	if (q.op == PKTD_CLOSE && r.ret == 0 && sc->nargs > 0 &&
	    pkt_run_eval(p, &sc->args[0], &v) == 0 && v >= 0 &&
	    v < PKTK_MAXFD)
		k->fdmap[v] = -1;
	if (q.op == PKTD_CONNECT && r.val != 0) {
		/* Active: the kernel's port, ours is the script's 8080. */
		l = k->local;
		l.port = (uint16_t)r.val;
		rem = k->remote;
		rem.port = PKT_RUN_LPORT;
		pkt_run_addrs(p, &l, &rem);
	}
	if (q.op == PKTD_GETSOCKOPT && r.ret == 0 &&
	    pkt_run_check_optval(p, sc, r.val) != 0)
		return (-1);
	if (q.op == PKTD_POLL)
		for (i = 0; i < (size_t)r.npoll && i < PKTD_MAXPOLL; i++)
			if (pkt_run_eval(p, pkt_expr_field(&sc->args[0].kids[i],
			    "fd"), &v) != 0 || pkt_run_check_revents(p, v,
			    pkt_expr_field(&sc->args[0].kids[i], "revents"),
			    r.revents[i]) != 0)
				return (-1);
	return (pkt_run_check_ret(p, sc, r.ret, r.err));
}

/*
 * A sysctl line in the peer namespace, checked to be per namespace: our
 * own namespace's value must not change with it (else it is put back and
 * the line refused).
 */
int
pk_sysctl(void *arg, struct pr *p, const char *name, const char *value,
    char *err, size_t errlen)
{
	struct pktk	*k = arg;
	struct pktd_req	 q;
	struct pktd_rep	 r;
	char		 text[256], path[300], before[256], after[256], *c;
	size_t		 nl, vl;
	FILE		*f;
	int		 rc;

	nl = strlen(name);
	vl = strlen(value);
	if (strncmp(name, "net.", 4) != 0 || nl + vl + 2 > sizeof text ||
	    strchr(name, '/') != NULL) {
		snprintf(err, errlen, "%s: only net.* sysctls of the peer's "
		    "namespace are set", name);
		return (-1);
	}
	memcpy(text, name, nl + 1);
	memcpy(text + nl + 1, value, vl);
	snprintf(path, sizeof path, "/proc/sys/%s", name);
	for (c = path + 10; *c != '\0'; c++)
		if (*c == '.')
			*c = '/';
	before[0] = after[0] = '\0';
	if ((f = fopen(path, "r")) != NULL) {
		if (fgets(before, sizeof before, f) == NULL)
			before[0] = '\0';
		fclose(f);
	}
	memset(&q, 0, sizeof q);
	q.op = PKTD_SYSCTL;
	if ((rc = pk_call(k, p, &q, text, nl + 1 + vl, &r)) != 0) {
		snprintf(err, errlen, "%s: the executor did not answer", name);
		return (-1);
	}
	if ((f = fopen(path, "r")) != NULL) {
		if (fgets(after, sizeof after, f) == NULL)
			after[0] = '\0';
		fclose(f);
	}
	if (strcmp(before, after) != 0) {
		if ((f = fopen(path, "w")) != NULL) {
			fputs(before, f);
			fclose(f);
		}
		snprintf(err, errlen, "%s is not per network namespace: "
		    "put back, not run", name);
		return (-1);
	}
	if (r.ret != 0) {
		r.msg[sizeof r.msg - 1] = '\0';
		snprintf(err, errlen, "%s=%s: %s", name, value, r.msg);
		return (-1);
	}
	return (0);
}
