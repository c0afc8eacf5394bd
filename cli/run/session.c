/*
 * cli/run/session.c - set up a session's network side (the lab, or an
 * interface with the host's own address guarded by nftables), its engine,
 * gate, ARP queue and loop, and tear everything down on every way out.
 */
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
#include "cli/run/arpq.h"
#include "cli/run/loop.h"
#include "cli/run/session.h"
#include "core/bigmem.h"
#include "core/ipfrag.h"
#include "core/xmalloc.h"
#include "craft/guard.h"
#include "craft/inject.h"
#include "lab/priv.h"

/* Bytes of the capture's ring written ahead per idle moment (~64 pages). */
#define SESSION_CAP_WARM	(256 * 1024)
/* malloc's heap made ready for a first transfer, and the bytes a moment. */
#define SESSION_HEAP		(8 * 1024 * 1024)
#define SESSION_HEAP_WARM	(256 * 1024)

/* Parse our addresses into s; 0, or -1 with *cause. */
static int
session_addrs(struct session *s, char **cause)
{
	const struct session_opts *o = &s->o;

	if (o->lab || o->offline) {
		addr_parse(&s->my4, LAB_MY4);
		addr_parse(&s->my6, LAB_MY6);
		s->have4 = s->have6 = 1;
		return (0);
	}
	if (o->src != NULL) {
		if (addr_parse(&s->my4, o->src) != 0 || s->my4.family != 4) {
			*cause = xasprintf("-s %s: not an IPv4 address", o->src);
			return (-1);
		}
		s->have4 = 1;
	}
	if (o->src6 != NULL) {
		if (addr_parse(&s->my6, o->src6) != 0 || s->my6.family != 6) {
			*cause = xasprintf("-s %s: not an IPv6 address", o->src6);
			return (-1);
		}
		s->have6 = 1;
	}
	return (0);
}

/*
 * The capture filter: ARP, ICMPv6 (ND), IPv6 with a Hop-by-Hop header
 * first (multicast listener reports, which "icmp6" misses: RFC 3810 §5)
 * and whatever is sent to us.
 */
static void
session_filter(const struct session *s, char *buf, size_t len)
{
	char	a4[64], a6[64];
	int	n;

	n = snprintf(buf, len, "arp or icmp6 or (ip6 and ip6[6] == 0)");
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

	if ((fd = socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0)) == -1)
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

/*
 * Idle work, a step at a time: write ahead into the capture's ring, then
 * touch malloc's heap (core/bigmem.h), so that a first bulk transfer does
 * not pay for memory used the first time; whether more is cold.
 */
static bool
session_warm(void *arg)
{
	struct session	*s = arg;

	if (s->cap != NULL && cap_warm(s->cap, SESSION_CAP_WARM) > 0)
		return (true);
	return (bigmem_heap_warm(&s->heap, SESSION_HEAP_WARM) > 0);
}

/* Set up the lab or the interface, capture, injection and the engine. */
static int
session_setup(struct session *s, char **cause)
{
	char		filter[256];
	uint64_t	seed;

	if (session_addrs(s, cause) != 0)
		return (-1);
	if (loop_init(s, cause) != 0)	/* signals are caught from here on */
		return (-1);
	if (s->o.offline) {
		static const uint8_t mac[6] = { 0x02, 0, 0, 0, 0, 0x01 };

		memcpy(s->mac, mac, sizeof s->mac);	/* locally administered */
		s->ifname[0] = '\0';	/* names no interface: flood fails */
	} else if (s->o.lab) {
		if (lab_up(&s->lab, s->o.lab == 2, cause) != 0)	/* sweeps stale labs first */
			return (-1);
		snprintf(s->ifname, sizeof s->ifname, "%s", LAB_IFNAME);
	} else {
		snprintf(s->ifname, sizeof s->ifname, "%s", s->o.iface);
		s->guard = guard_new(	/* sweeps tables of dead runs first */
		    s->have4 ? &s->my4 : NULL, s->have6 ? &s->my6 : NULL, cause);
		if (s->guard == NULL)
			return (-1);
	}
	if (!s->o.offline) {
		if ((s->inj = inj_open(s->ifname, cause)) == NULL)
			return (-1);
		inj_mac(s->inj, s->mac);
		session_filter(s, filter, sizeof filter);
		if ((s->cap = cap_open_live(s->ifname, filter, 1, cause)) ==
		    NULL)
			return (-1);
		bigmem_heap_start(&s->heap, SESSION_HEAP);
		(void)loop_idle_add(s, session_warm, s);
		/* Handles open, lab built: keep what later commands need. */
		if (priv_drop(!s->o.lab ? PRIV_KEEP_IFACE : PRIV_KEEP_LAB |
		    (s->o.user != NULL ? PRIV_KEEP_Z : PRIV_KEEP_ROOT),
		    s->o.user, cause) != 0)
			return (-1);
	}
	/* In the lab we own our addresses; on a host interface the kernel answers ARP. */
	s->nb = neigh_new(s->mac, s->have4 ? &s->my4 : NULL,
	    s->have6 ? &s->my6 : NULL);
	neigh_set_passive(s->nb, !s->o.lab);
	if (getrandom(&seed, sizeof seed, 0) != sizeof seed)
		seed = (uint64_t)getpid() ^ now_us();
	tcp_cfg_default(&s->cfg);
	s->cfg.mtu = s->o.offline ? 1500 :	/* MSS = MTU - headers (§3.7.1) */
	    session_mtu(s->ifname);
	s->st = stack_new(&s->cfg, seed);
	s->gate = gate_new();
	s->arpq = arpq_new();
	s->defrag[0] = ipdefrag_new(s->cfg.frag_mem, seed ^ 0x9e3779b97f4a7c15ULL);
	s->defrag[1] = ipdefrag_new(s->cfg.frag_mem, seed ^ 0xc2b2ae3d27d4eb4fULL);
	s->ip_id = (uint16_t)(seed >> 16);	/* RFC 6864 §4.1: not predictable */
	s->frag6_id = (uint32_t)(seed >> 32);	/* RFC 7739 §5 */
	return (0);
}

/* Set everything up; the session, or NULL with *cause. */
struct session *
session_new(const struct session_opts *o, char **cause)
{
	struct session	*s = xcalloc(1, sizeof *s);

	s->o = *o;
	s->lab.peer_fd = s->lab.home_fd = -1;
	if (session_setup(s, cause) != 0) {
		session_free(s);
		return (NULL);
	}
	return (s);
}

/* Undo everything session_new did, in reverse; safe on a partial set-up. */
void
session_free(struct session *s)
{
	if (s == NULL)
		return;
	ipdefrag_free(s->defrag[0]);
	ipdefrag_free(s->defrag[1]);
	arpq_free(s->arpq);
	gate_free(s->gate);
	stack_free(s->st);
	neigh_free(s->nb);
	cap_close(s->cap);
	bigmem_heap_stop(&s->heap);
	inj_close(s->inj);
	guard_free(s->guard);
	lab_down(&s->lab);
	loop_done(s);
	free(s);
}
