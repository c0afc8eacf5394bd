/*
 * cli/run/pktk.c - the lab's kernel as a script's target (cli/run/pktk.h):
 * real time, the "<" segments injected with craft/, the kernel's captured
 * with capture/ (inbound only, stamped by libpcap), ARP/ND for our
 * address answered by capture/neigh, system calls and sysctls through the
 * executor in the peer namespace (lab/pktd.c).  Each script gets a lab of
 * its own, so the sysctls it sets die with it.
 */
#include "config.h"

#include <sys/socket.h>
#include <sys/time.h>

#include <errno.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "capture/cap.h"
#include "capture/neigh.h"
#include "cli/run/clock.h"
#include "cli/run/pktk.h"
#include "core/wire.h"
#include "core/xmalloc.h"
#include "craft/inject.h"
#include "lab/lab.h"
#include "lab/pktd.h"

/* Linux's values (the executor runs on this machine's kernel). */
#define PK_SOL_SOCKET	1
#define PK_SO_LINGER	13

#define PKTK_MAXFD	1024	/* script descriptors mapped */

struct pktk {
	struct pkt_target tg;
	struct lab	 lab;
	bool		 up;
	struct inj	*inj;
	struct cap	*cap;
	struct neigh	*nb;
	uint8_t		 mac[6], peer_mac[6];
	bool		 have_peer_mac;
	pid_t		 pktd;
	int		 fd;		/* to the executor */
	int64_t		 wall_off;	/* wall µs - monotonic µs */
	struct pr	*p;		/* the run, while a frame is handled */
	struct endpoint	 local, remote;	/* the kernel's, the script's peer */
	unsigned	 sent;		/* segments handed to the run */
	uint8_t		*req;		/* PKTD_MAXDATA + header */
	int		 fdmap[PKTK_MAXFD];	/* script fd -> the kernel's, -1 */
	uint64_t	 setup_us;
	const char	*peer_exec;	/* run in the peer after each script */
};

static volatile sig_atomic_t pk_stop;	/* a signal asked us to stop */

static int	pk_call(struct pktk *k, struct pr *p, struct pktd_req *q,
		    const void *data, size_t len, struct pktd_rep *r);
static int	pk_begin(void *arg, struct pr *p);
static int	pk_input(void *arg, struct pr *p, const struct seg *s);
static int	pk_advance(void *arg, struct pr *p, uint64_t until,
		    bool stop_on_output);
static int	pk_collect(void *arg, struct pr *p);
static int	pk_syscall(void *arg, struct pr *p,
		    const struct pkt_syscall *sc);
static int	pk_sysctl(void *arg, struct pr *p, const char *name,
		    const char *value, char *err, size_t errlen);
static char	*pk_include(void *arg, struct pr *p, const char *path,
		    char *err, size_t errlen);
static void	pk_end(void *arg, struct pr *p);

/* Remember that a signal came; the waits see it. */
static void
pk_signal(int sig)
{
	(void)sig;
	pk_stop = 1;
}

/* A kernel target. */
struct pktk *
pktk_new(void)
{
	struct pktk	*k = xcalloc(1, sizeof *k);

	k->tg.name = "kernel";
	k->tg.arg = k;
	k->tg.begin = pk_begin;
	k->tg.input = pk_input;
	k->tg.advance = pk_advance;
	k->tg.collect = pk_collect;
	k->tg.syscall = pk_syscall;
	k->tg.sysctl = pk_sysctl;
	k->tg.include = pk_include;
	k->tg.end = pk_end;
	k->fd = -1;
	k->pktd = -1;
	k->lab.peer_fd = k->lab.home_fd = -1;
	k->req = xmalloc(sizeof(struct pktd_req) + PKTD_MAXDATA);
	return (k);
}

/* Its ops. */
const struct pkt_target *
pktk_target(struct pktk *k)
{
	return (&k->tg);
}

/* The last set-up time. */
uint64_t
pktk_setup_us(const struct pktk *k)
{
	return (k->setup_us);
}

/* The shell line to run in the peer after each script. */
void
pktk_set_peer_exec(struct pktk *k, const char *cmd)
{
	k->peer_exec = cmd;
}

/* Free k. */
void
pktk_free(struct pktk *k)
{
	if (k == NULL)
		return;
	pk_end(k, NULL);
	free(k->req);
	free(k);
}

/* Inject frame (len bytes); 0, or -1 with the run failed. */
static int
pk_send_frame(struct pktk *k, struct pr *p, const uint8_t *frame, size_t len)
{
	char	*cause = NULL;
	int	 rc;

	if (inj_send(k->inj, frame, len, &cause) == 0)
		return (0);
	rc = pkt_run_fail(p, "kernel: injecting a frame: %s", cause);
	free(cause);
	return (rc);
}

/*
 * A captured frame: ARP/ND for our address answered, the kernel's TCP
 * segments from the script's connection address handed to the run at the
 * time libpcap stamped them.
 */
static void
pk_frame(void *arg, const struct cap_frame *f)
{
	struct pktk	*k = arg;
	struct pkt	 pk;
	struct seg	 s;
	uint8_t		 reply[256];
	size_t		 n;
	int64_t		 at;

	if (wire_decode(&pk, f->dlt, f->data, f->caplen, f->len) != 0 &&
	    !(pk.layers & (PKT_ARP | PKT_ICMP6)))
		return;
	if ((pk.layers & PKT_ARP) || ((pk.layers & PKT_ICMP6) &&
	    pk.icmp.type >= 128)) {
		n = neigh_input(k->nb, &pk, reply, sizeof reply, now_us());
		if (n > 0 && k->p != NULL)
			(void)pk_send_frame(k, k->p, reply, n);
		if (neigh_lookup(k->nb, &k->local.addr, k->peer_mac) == 0)
			k->have_peer_mac = true;
		return;
	}
	if (k->p == NULL || seg_from_pkt(&s, &pk) != 0 ||
	    s.proto != IPPROTO_TCP_ || !addr_eq(&s.src, &k->local.addr) ||
	    !addr_eq(&s.dst, &k->remote.addr))
		return;
	at = (int64_t)f->ts.tv_sec * 1000000 + f->ts.tv_usec - k->wall_off;
	if (at < 0)
		at = 0;
	if (pkt_run_sent(k->p, &s, (uint64_t)at) == 0)
		k->sent++;
}

/* Hand every captured frame that is ready to pk_frame; 0, or -1. */
static int
pk_dispatch(struct pktk *k, struct pr *p)
{
	char	*cause = NULL;
	int	 rc = 0;

	k->p = p;
	if (cap_dispatch(k->cap, pk_frame, k, &cause) < 0) {
		rc = pkt_run_fail(p, "kernel: capture: %s", cause);
		free(cause);
	}
	return (rc);
}

/*
 * Wait for captured frames until monotonic time until (or a segment, with
 * stop_on_output); 0, or -1 with the run failed.
 */
static int
pk_wait(struct pktk *k, struct pr *p, uint64_t until, bool stop_on_output)
{
	struct pollfd	pfd;
	struct timespec	ts;
	uint64_t	now;
	unsigned	sent0 = k->sent;

	for (;;) {
		if (pk_dispatch(k, p) != 0)
			return (-1);
		if (pk_stop)
			return (pkt_run_fail(p, "interrupted"));
		if (stop_on_output && k->sent != sent0)
			return (0);
		if ((now = now_us()) >= until)
			return (0);
		pfd.fd = cap_fd(k->cap);
		pfd.events = POLLIN;
		ts.tv_sec = (time_t)((until - now) / 1000000);
		ts.tv_nsec = (long)((until - now) % 1000000) * 1000;
		if (ppoll(&pfd, 1, &ts, NULL) == -1 && errno != EINTR)
			return (pkt_run_fail(p, "kernel: poll: %s",
			    strerror(errno)));
	}
}

/* Learn the peer's MAC: ask, and wait for the answer (bounded). */
static int
pk_resolve(struct pktk *k, struct pr *p)
{
	uint8_t		frame[256];
	uint64_t	end = now_us() + PKTK_ARP_WAIT, next;
	size_t		n;

	while (!k->have_peer_mac) {
		if (now_us() >= end)
			return (pkt_run_fail(p, "kernel: the lab's peer did "
			    "not answer ARP/ND"));
		if ((n = neigh_request(k->nb, &k->local.addr, frame,
		    sizeof frame)) == 0)
			return (pkt_run_fail(p, "kernel: cannot ask for the "
			    "peer's MAC"));
		if (pk_send_frame(k, p, frame, n) != 0)
			return (-1);
		/* Look every 2 ms, ask again every 100 ms. */
		next = now_us() + 100000;
		while (!k->have_peer_mac && now_us() < next)
			if (pk_wait(k, p, now_us() + 2000, false) != 0)
				return (-1);
	}
	return (0);
}

/*
 * Wake the executor up before the clock starts: its first answer after
 * the fork is slow (~6 ms here), its next ones take tens of µs.
 */
static int
pk_warm(struct pktk *k, struct pr *p)
{
	struct pktd_req	q;
	struct pktd_rep	r;
	int		i, rc;

	for (i = 0; i < 3; i++) {
		memset(&q, 0, sizeof q);
		q.op = PKTD_CLOSE;
		q.a[0] = -1;
		if ((rc = pk_call(k, p, &q, NULL, 0, &r)) != 0)
			return (rc < 0 ? -1 : pkt_run_fail(p, "kernel: the "
			    "executor does not answer"));
	}
	return (0);
}

/*
 * A fresh lab: namespaces, capture and injection on our veth end, the
 * executor in the peer, the peer's MAC; the clock starts.
 */
static int
pk_begin(void *arg, struct pr *p)
{
	struct pktk		*k = arg;
	struct sigaction	 sa;
	struct addr		 my4, my6;
	char			*cause = NULL;
	uint64_t		 t = now_us();
	bool			 v6 = pkt_run_v6(p);

	memset(&sa, 0, sizeof sa);
	sa.sa_handler = pk_signal;
	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGTERM, &sa, NULL);
	sigaction(SIGHUP, &sa, NULL);
	signal(SIGPIPE, SIG_IGN);
	pk_stop = 0;
	k->sent = 0;
	memset(k->fdmap, 0xff, sizeof k->fdmap);
	k->have_peer_mac = false;
	memset(&k->local, 0, sizeof k->local);
	memset(&k->remote, 0, sizeof k->remote);
	addr_parse(&k->local.addr, v6 ? LAB_PEER6 : LAB_PEER4);
	addr_parse(&k->remote.addr, v6 ? LAB_MY6 : LAB_MY4);
	k->local.port = PKT_RUN_LPORT;
	k->remote.port = PKT_RUN_RPORT;
	pkt_run_addrs(p, &k->local, &k->remote);
	addr_parse(&my4, LAB_MY4);
	addr_parse(&my6, LAB_MY6);
	if (lab_up(&k->lab, 0, &cause) != 0)
		goto fail;
	k->up = true;
	if ((k->inj = inj_open(LAB_IFNAME, &cause)) == NULL)
		goto fail;
	inj_mac(k->inj, k->mac);
	if ((k->cap = cap_open_live(LAB_IFNAME, "arp or icmp6 or tcp", 1,
	    &cause)) == NULL)
		goto fail;
	k->nb = neigh_new(k->mac, &my4, &my6);
	if ((k->pktd = pktd_start(&k->lab, &k->fd, &cause)) == -1)
		goto fail;
	if (pk_resolve(k, p) != 0 || pk_warm(k, p) != 0)
		return (-1);
	k->wall_off = (int64_t)wall_us() - (int64_t)now_us();
	k->setup_us = now_us() - t;
	pkt_run_clock(p, now_us());
	return (0);
fail:
	pkt_run_fail(p, "kernel: %s", cause);
	free(cause);
	return (-1);
}

/* Inject the peer's segment. */
static int
pk_input(void *arg, struct pr *p, const struct seg *s)
{
	struct pktk	*k = arg;
	uint8_t		 frame[PKTD_MAXDATA + 256];
	char		*cause = NULL;
	ssize_t		 n;

	n = craft_seg_frame(s, k->mac, k->peer_mac, frame, sizeof frame,
	    &cause);
	if (n < 0) {
		pkt_run_fail(p, "kernel: building the segment: %s", cause);
		free(cause);
		return (-1);
	}
	if (pk_send_frame(k, p, frame, (size_t)n) != 0)
		return (-1);
	pkt_run_clock(p, now_us());
	return (0);
}

/* Real time passes to until (bounded for "*"), capturing the kernel's segments. */
static int
pk_advance(void *arg, struct pr *p, uint64_t until, bool stop_on_output)
{
	struct pktk	*k = arg;
	uint64_t	 cap = now_us() + PKTK_ANY_WAIT;

	if (until == TCP_NEVER || until > cap)
		until = until == TCP_NEVER ? cap : until;
	if (pk_wait(k, p, until, stop_on_output) != 0)
		return (-1);
	pkt_run_clock(p, now_us());
	return (0);
}

/* What was captured by now. */
static int
pk_collect(void *arg, struct pr *p)
{
	struct pktk	*k = arg;

	if (pk_dispatch(k, p) != 0)
		return (-1);
	pkt_run_clock(p, now_us());
	return (0);
}

/*
 * Send request q (with len bytes of data) to the executor and wait for
 * its answer at most PKTK_CALL_WAIT; 0, 1 when the call is still blocked,
 * or -1 with the run failed.
 */
static int
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
static int
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
	if (pk_collect(k, p) != 0)
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
static int
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

/* Read a settings file a shell line names (at most 64 KB). */
static char *
pk_include(void *arg, struct pr *p, const char *path, char *err,
    size_t errlen)
{
	FILE	*f;
	char	*buf;
	size_t	 n;

	(void)arg;
	(void)p;
	if ((f = fopen(path, "r")) == NULL) {
		snprintf(err, errlen, "%s: %s", path, strerror(errno));
		return (NULL);
	}
	buf = xmalloc(65536 + 1);
	n = fread(buf, 1, 65536 + 1, f);
	fclose(f);
	if (n > 65536) {
		snprintf(err, errlen, "%s: longer than 64 KB", path);
		free(buf);
		return (NULL);
	}
	buf[n] = '\0';
	return (buf);
}

/* Tear the lab down (also after a failure; p may be NULL). */
static void
pk_end(void *arg, struct pr *p)
{
	struct pktk	*k = arg;
	char		*argv[4], *cause = NULL;

	(void)p;
	pktd_stop(k->pktd, k->fd);
	k->pktd = -1;
	k->fd = -1;
	neigh_free(k->nb);
	k->nb = NULL;
	cap_close(k->cap);
	k->cap = NULL;
	inj_close(k->inj);
	k->inj = NULL;
	k->p = NULL;
	if (k->up && k->peer_exec != NULL) {
		argv[0] = (char *)"sh";
		argv[1] = (char *)"-c";
		argv[2] = (char *)k->peer_exec;
		argv[3] = NULL;
		fflush(stdout);
		if (lab_exec(&k->lab, argv, STDOUT_FILENO, &cause) == -1) {
			fprintf(stderr, "tcpx: --peer-exec: %s\n", cause);
			free(cause);
		}
	}
	if (k->up)
		lab_down(&k->lab);
	k->up = false;
	signal(SIGINT, SIG_DFL);
	signal(SIGTERM, SIG_DFL);
	signal(SIGHUP, SIG_DFL);
}
