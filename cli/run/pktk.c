/*
 * cli/run/pktk.c - the lab's kernel as a script's target (cli/run/pktk.h):
 * real time, the "<" segments injected with craft/, the kernel's captured
 * with capture/ (inbound only, stamped by libpcap), ARP/ND for our
 * address answered by capture/neigh, system calls and sysctls through the
 * executor in the peer namespace (lab/pktd.c, cli/run/pktk-sys.c).  Each
 * script gets a lab of its own, so the sysctls it sets die with it.
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
#include "cli/run/pktk-int.h"
#include "core/wire.h"
#include "core/xmalloc.h"
#include "craft/inject.h"
#include "lab/lab.h"
#include "lab/pktd.h"


static int	pk_begin(void *arg, struct pr *p);
static int	pk_collect(void *arg, struct pr *p);
static int	pk_input(void *arg, struct pr *p, const struct seg *s);
static int	pk_advance(void *arg, struct pr *p, uint64_t until,
		    bool stop_on_output);
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

/* Whether a signal ended the last run. */
int
pktk_interrupted(const struct pktk *k)
{
	(void)k;
	return (pk_stop != 0);
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
	if (neigh_wants(&pk)) {
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
