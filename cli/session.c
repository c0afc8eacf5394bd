/*
 * cli/session.c - set up a session's network side (the lab, or an
 * interface with the host's own address guarded by nftables), run the
 * prompt or the batch, and tear everything down on every way out.
 */
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <net/if.h>
#include <sys/ioctl.h>
#include <sys/random.h>
#include <sys/socket.h>
#include <unistd.h>

#include "capture/cap.h"
#include "capture/neigh.h"
#include "capture/pcapw.h"
#include "cli/diagram/diagram.h"
#include "cli/print/print.h"
#include "cli/session.h"
#include "core/xmalloc.h"
#include "craft/guard.h"
#include "craft/inject.h"

/* Record a signal for the loop to act on. */
static void
session_sighandler(int sig)
{
	loop_signal = sig;
}

/* Catch the signals that must not skip the teardown. */
static void
session_signals(void)
{
	struct sigaction sa;

	memset(&sa, 0, sizeof sa);
	sa.sa_handler = session_sighandler;
	sigemptyset(&sa.sa_mask);
	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGTERM, &sa, NULL);
	sigaction(SIGHUP, &sa, NULL);
	signal(SIGPIPE, SIG_IGN);
}

/* The view of connection id, created on first use. */
struct view *
session_view(struct session *s, unsigned id)
{
	struct view	*v;

	for (v = s->views; v != NULL; v = v->next)
		if (v->id == id)
			return (v);
	v = xcalloc(1, sizeof *v);
	v->id = id;
	v->next = s->views;
	s->views = v;
	return (v);
}

/* Parse a connection or UDP socket id ("c3", "u5", "3"). */
unsigned
session_conn_arg(struct session *s, const char *cmd, const char *arg)
{
	struct tcp_status	 ts;
	const char		*p = arg;
	char			*end;
	unsigned long		 n;

	if (*p == 'c' || *p == 'u')
		p++;
	n = strtoul(p, &end, 10);
	if (*p == '\0' || *end != '\0' || n == 0 || n > 100000000UL ||
	    (tcp_status(s->st, (unsigned)n, &ts) != 0 &&
	    !udp_is_socket(s->st, (unsigned)n))) {
		say_err(s, "%s: no connection \"%s\" (see conns)", cmd, arg);
		return (0);
	}
	return ((unsigned)n);
}

/* "c3" for a TCP connection, "u5" for a UDP socket. */
const char *
session_id(const struct session *s, unsigned id, char *buf, size_t len)
{
	snprintf(buf, len, "%c%u", udp_is_socket(s->st, id) ? 'u' : 'c', id);
	return (buf);
}

/* Parse our -s addresses into the session; 0 or -1 with an error printed. */
static int
session_addrs(struct session *s)
{
	const struct opts *o = s->o;

	if (o->lab) {
		addr_parse(&s->my4, LAB_MY4);
		addr_parse(&s->my6, LAB_MY6);
		s->have4 = s->have6 = 1;
		return (0);
	}
	if (o->src != NULL) {
		if (addr_parse(&s->my4, o->src) != 0 || s->my4.family != 4) {
			fprintf(stderr, "tcpx: -s %s: not an IPv4 address\n",
			    o->src);
			return (-1);
		}
		s->have4 = 1;
	}
	if (o->src6 != NULL) {
		if (addr_parse(&s->my6, o->src6) != 0 || s->my6.family != 6) {
			fprintf(stderr, "tcpx: -s %s: not an IPv6 address\n",
			    o->src6);
			return (-1);
		}
		s->have6 = 1;
	}
	return (0);
}

/* Build the capture filter: ARP, ICMPv6 (ND) and whatever is sent to us. */
static void
session_filter(const struct session *s, char *buf, size_t len)
{
	char	a4[64], a6[64];
	int	n;

	n = snprintf(buf, len, "arp or icmp6");
	if (s->have4)
		n += snprintf(buf + n, len - (size_t)n, " or dst host %s",
		    addr_fmt(&s->my4, a4, sizeof a4));
	if (s->have6)
		snprintf(buf + n, len - (size_t)n, " or dst host %s",
		    addr_fmt(&s->my6, a6, sizeof a6));
}

/* The MTU of interface ifname, or 1500 when it cannot be read. */
static uint16_t
session_mtu(const char *ifname)
{
	struct ifreq	ifr;
	int		fd, mtu = 1500;

	if ((fd = socket(AF_INET, SOCK_DGRAM, 0)) == -1)
		return (1500);
	memset(&ifr, 0, sizeof ifr);
	if (strlen(ifname) >= sizeof ifr.ifr_name) {
		close(fd);
		return (1500);
	}
	memcpy(ifr.ifr_name, ifname, strlen(ifname));
	if (ioctl(fd, SIOCGIFMTU, &ifr) == 0 && ifr.ifr_mtu >= 68 &&
	    ifr.ifr_mtu <= 65535)
		mtu = ifr.ifr_mtu;
	close(fd);
	return ((uint16_t)mtu);
}

/* Set up the lab or the interface, capture and injection; 0 or -1 with an error printed. */
static int
session_setup(struct session *s)
{
	char	*cause = NULL, filter[256];
	uint64_t seed;

	if (session_addrs(s) != 0)
		return (-1);
	if (s->o->writefile != NULL &&	/* -w: the whole session, to the end */
	    (s->wfile = pcapw_stream(s->o->writefile, &cause)) == NULL) {
		fprintf(stderr, "tcpx: -w %s\n", cause);
		free(cause);
		return (-1);
	}
	if (s->o->lab) {
		if (lab_up(&s->lab, &cause) != 0)	/* sweeps stale labs first */
			goto fail;
		snprintf(s->ifname, sizeof s->ifname, "%s", LAB_IFNAME);
	} else {
		snprintf(s->ifname, sizeof s->ifname, "%s", s->o->iface);
		s->guard = guard_new(	/* sweeps tables of dead runs first */s->have4 ? &s->my4 : NULL,
		    s->have6 ? &s->my6 : NULL, &cause);
		if (s->guard == NULL)
			goto fail;
	}
	if ((s->inj = inj_open(s->ifname, &cause)) == NULL)
		goto fail;
	inj_mac(s->inj, s->mac);
	session_filter(s, filter, sizeof filter);
	if ((s->cap = cap_open_live(s->ifname, filter, 1, &cause)) == NULL)
		goto fail;
	/* In the lab we own our addresses; on a host interface the kernel answers ARP. */
	s->nb = neigh_new(s->mac, s->have4 ? &s->my4 : NULL,
	    s->have6 ? &s->my6 : NULL);
	neigh_set_passive(s->nb, !s->o->lab);
	if (getrandom(&seed, sizeof seed, 0) != sizeof seed)
		seed = (uint64_t)getpid() ^ now_us();
	tcp_cfg_default(&s->cfg);
	s->cfg.mtu = session_mtu(s->ifname);	/* MSS = MTU - headers (§3.7.1) */
	s->st = stack_new(&s->cfg, seed);
	s->pr = printer_new();
	s->arp_next = TCP_NEVER;
	return (0);
fail:
	fprintf(stderr, "tcpx: %s\n", cause);
	free(cause);
	return (-1);
}

/* Undo everything session_setup did, in reverse; safe on a partial setup. */
static void
session_teardown(struct session *s)
{
	struct view	*v;
	struct pending	*p;
	char		*cause = NULL;

	while ((v = s->views) != NULL) {
		s->views = v->next;
		bytes_free(&v->rx);
		free(v);
	}
	while ((p = s->pend) != NULL) {
		s->pend = p->next;
		free(p->data);
		free(p);
	}
	if (s->wfile != NULL && pcapw_flush(s->wfile, &cause) != 0) {
		fprintf(stderr, "tcpx: -w %s\n", cause);
		free(cause);
	}
	pcapw_free(s->wfile);
	pcapw_free(s->rec);
	dg_free(s->dg);
	hold_free(&s->hold);
	printer_free(s->pr);
	stack_free(s->st);
	neigh_free(s->nb);
	cap_close(s->cap);
	inj_close(s->inj);
	guard_free(s->guard);
	lab_down(&s->lab);
	fflush(stdout);
}

/* Set up the network side and run the REPL or the batch; returns an exit status. */
int
session_run(const struct opts *o)
{
	struct session	s;
	int		rc;

	memset(&s, 0, sizeof s);
	s.o = o;
	s.lab.peer_fd = s.lab.home_fd = -1;
	session_signals();
	if (session_setup(&s) != 0) {
		session_teardown(&s);
		return (EXIT_USAGE);
	}
	if (o->commands != NULL)
		rc = batch_string(&s, o->commands);
	else if (o->file != NULL)
		rc = batch_file(&s, o->file);
	else if (!isatty(STDIN_FILENO))
		rc = batch_file(&s, "-");
	else {
		s.interactive = 1;
		rc = repl_run(&s);
	}
	session_teardown(&s);
	return (rc);
}
