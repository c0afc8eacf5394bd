/*
 * lab/lab.c - the built-in lab: two uniquely named network namespaces made
 * with iproute2, a veth pair created directly inside them (nothing ever
 * appears in the host namespace), offloads off on both ends, the peer
 * daemon started in the peer, and the calling process moved into its own
 * side.  Stale labs of dead processes are swept by name.  Without root
 * all of it happens in a user namespace of tcpx's own (lab/priv.c).
 */
#include "config.h"

#include <sys/mount.h>
#include <sys/prctl.h>
#include <sys/stat.h>
#include <sys/wait.h>

#include <linux/capability.h>

#include <dirent.h>
#include <errno.h>
#include <limits.h>
#include <fcntl.h>
#include <sched.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "core/xmalloc.h"
#include "lab/lab.h"
#include "lab/labd.h"
#include "lab/netns.h"
#include "lab/priv.h"
#include "lab/run.h"

#define LAB_MAXARGS	24

/*
 * tcpx0's interface index.  Both ends of a veth pair made in fresh
 * namespaces would be 2; the kernel then takes their carrier's coming up
 * as no urgent link event (ifindex == iflink) and handles it up to a
 * second later, and the peer's IPv6 (its multicast route, so neighbour
 * solicitations) waits for that: a first IPv6 connect took 1.25 s.
 */
#define LAB_IFINDEX	"10"
#define LAB_IPV6_WAIT	2000	/* ms the lab waits for an end's IPv6 */

static int	lab_ip(char **, ...);
static int	lab_build(struct lab *, char **);
static int	lab_setup_side(int, const char *, const char *, int, char **);
static int	lab_start_daemon(struct lab *, char **);
static int	lab_ipv6_wait(struct lab *, char **);
static void	lab_kill_pids(const char *);
static void	lab_destroy(const char *);
static void	lab_stop_daemon(pid_t);
static void	lab_path_self(void);
static void	lab_exec_child(const struct lab *, const char *,
		    char *const [], int, int) __attribute__((noreturn));

/* Run "ip ARGS..." (NULL-terminated); 0, or -1 with *cause naming it. */
static int
lab_ip(char **cause, ...)
{
	char	*argv[LAB_MAXARGS], *out, line[200], cmd[512], *why;
	size_t	 n = 0, len;
	va_list	 ap;
	int	 rc;

	argv[n++] = (char *)"ip";
	va_start(ap, cause);
	while (n < LAB_MAXARGS - 1 && (argv[n] = va_arg(ap, char *)) != NULL)
		n++;
	va_end(ap);
	argv[n] = NULL;
	if ((rc = run_cmd(argv, NULL, &out, &why)) == 0) {
		free(out);
		return (0);
	}
	cmd[0] = '\0';
	for (n = 0; argv[n] != NULL; n++) {
		len = strlen(cmd);
		snprintf(cmd + len, sizeof cmd - len, "%s%s", n ? " " : "",
		    argv[n]);
	}
	if (rc == -1) {
		*cause = xasprintf("lab: %s: %s", cmd, why);
		free(why);
	} else
		*cause = xasprintf("lab: %s: %s", cmd,
		    *run_firstline(out, line, sizeof line) != '\0' ? line :
		    "failed");
	free(out);
	return (-1);
}

/*
 * Run fn(arg, &why) inside namespace fd (name) and come back home; 0, or
 * -1 with *cause naming the namespace and what failed.
 */
static int
lab_in_ns(int fd, const char *name, int (*fn)(void *, char **), void *arg,
    char **cause)
{
	char	*why = NULL;
	int	 rc, home;

	if ((home = open("/proc/self/ns/net", O_RDONLY | O_CLOEXEC)) == -1) {
		*cause = xasprintf("lab: /proc/self/ns/net: %s",
		    strerror(errno));
		return (-1);
	}
	if (netns_enter(fd, name, &why) == -1) {
		*cause = xasprintf("lab: %s", why);
		free(why);
		close(home);
		return (-1);
	}
	if ((rc = fn(arg, &why)) == -1) {
		*cause = xasprintf("lab: %s: %s", name, why);
		free(why);
	}
	if (setns(home, CLONE_NEWNET) == -1 && rc == 0) {
		*cause = xasprintf("lab: returning from %s: %s", name,
		    strerror(errno));
		rc = -1;
	}
	close(home);
	return (rc);
}

/* What lab_side() sets up on one end of the link. */
struct lab_side {
	const char	*ifname;
	int		 ours;		/* tcpx's end: IPv6 off, ingress dropped */
};

/*
 * The kernel of tcpx's own namespace never needs what arrives on ifname:
 * the addresses are tcpx's, its capture has taken every frame before the
 * netdev ingress hook runs, and the kernel's IP layer only routed each
 * one to nowhere (a tenth of tcpx's CPU in a bulk receive when the peer
 * shares its CPU).  Drop them there (nftables; best effort: without it
 * everything works the same, only slower).
 */
static void
lab_drop_ingress(const char *ifname)
{
	char	*argv[] = { (char *)"nft", (char *)"-f", (char *)"-", NULL };
	char	 rules[256], *out = NULL, *why = NULL;

	snprintf(rules, sizeof rules, "table netdev tcpx {\n"
	    "\tchain in {\n"
	    "\t\ttype filter hook ingress device \"%s\" priority 0;\n"
	    "\t\tpolicy drop;\n"
	    "\t}\n"
	    "}\n", ifname);
	(void)run_cmd(argv, rules, &out, &why);
	free(out);
	free(why);
}

/*
 * Inside a namespace: offloads off on ifname; on tcpx's end IPv6 off and
 * ingress dropped, on the peer's IPv6 without DAD.
 */
static int
lab_side(void *arg, char **why)
{
	const struct lab_side	*sd = arg;
	char			 path[128];

	if (sd->ours) {
		snprintf(path, sizeof path,
		    "/proc/sys/net/ipv6/conf/%s/disable_ipv6", sd->ifname);
		if (netns_sysctl(path, "1", why) == -1)
			return (-1);
	} else {
		/*
		 * No duplicate address detection on a private two-host link:
		 * while the link-local address is tentative (about a second
		 * after link-up) the kernel ignores neighbour solicitations.
		 */
		snprintf(path, sizeof path,
		    "/proc/sys/net/ipv6/conf/%s/accept_dad", sd->ifname);
		if (netns_sysctl(path, "0", why) == -1)
			return (-1);
	}
	if (netns_offloads_off(sd->ifname, why) == -1)
		return (-1);
	if (sd->ours)
		lab_drop_ingress(sd->ifname);
	return (0);
}

/*
 * In namespace fd (name): set up ifname as tcpx's end (ours) or the
 * peer's (lab_side), and come back to home.
 */
static int
lab_setup_side(int fd, const char *name, const char *ifname, int ours,
    char **cause)
{
	struct lab_side	sd = { ifname, ours };

	return (lab_in_ns(fd, name, lab_side, &sd, cause));
}

/*
 * Inside a namespace: wait for the IPv6 of each interface in the NULL-ended
 * list arg, at most LAB_IPV6_WAIT ms each (best effort: late, IPv6 still
 * comes, only its first neighbour solicitations go unanswered).
 */
static int
lab_ipv6_ready(void *arg, char **why)
{
	const char *const	*ifs = arg;

	(void)why;
	for (; *ifs != NULL; ifs++)
		(void)netns_ipv6_wait(*ifs, LAB_IPV6_WAIT);
	return (0);
}

/*
 * Hand the lab over only when the peer's IPv6 (and the router's) is up:
 * a first `connect [fd00::2]:PORT` then gets its answer to the first
 * neighbour solicitation, as IPv4 gets its ARP reply.
 */
static int
lab_ipv6_wait(struct lab *l, char **cause)
{
	static const char *const peer_ifs[] = { LAB_PEER_IFNAME, NULL };
	static const char *const rtr_ifs[] = { LAB_RTR_IN, LAB_RTR_OUT, NULL };
	char	*why = NULL;
	int	 fd, rc;

	if (lab_in_ns(l->peer_fd, l->ns_peer, lab_ipv6_ready,
	    (void *)peer_ifs, cause) == -1)
		return (-1);
	if (l->ns_rtr[0] == '\0')
		return (0);
	if ((fd = netns_open(l->ns_rtr, &why)) == -1) {
		*cause = xasprintf("lab: router: %s", why);
		free(why);
		return (-1);
	}
	rc = lab_in_ns(fd, l->ns_rtr, lab_ipv6_ready, (void *)rtr_ifs, cause);
	close(fd);
	return (rc);
}

/* Fork the peer daemon into the peer namespace and wait until it listens. */
static int
lab_start_daemon(struct lab *l, char **cause)
{
	char	*why = NULL, buf[256];
	size_t	 len = 0;
	ssize_t	 n;
	pid_t	 parent = getpid();
	int	 p[2], null;

	if (pipe2(p, O_CLOEXEC) == -1) {
		*cause = xasprintf("lab: pipe: %s", strerror(errno));
		return (-1);
	}
	switch (l->labd_pid = fork()) {
	case -1:
		*cause = xasprintf("lab: fork: %s", strerror(errno));
		close(p[0]);
		close(p[1]);
		return (-1);
	case 0:
		close(p[0]);
		if (netns_enter(l->peer_fd, l->ns_peer, &why) == -1) {
			dprintf(p[1], "%s\n", why);
			_exit(1);
		}
		(void)prctl(PR_SET_PDEATHSIG, SIGTERM);
		if (getppid() != parent)
			_exit(0);
		(void)setsid();		/* out of the terminal's signals */
		if ((null = open("/dev/null", O_RDWR)) != -1) {
			(void)dup2(null, 0);
			(void)dup2(null, 1);
		}
		if (dup2(p[1], 3) == -1)
			_exit(1);
		(void)close_range(4, ~0U, 0);
		_exit(labd_run_ready(3));
	}
	close(p[1]);
	while (len < sizeof buf - 1) {
		n = read(p[0], buf + len, sizeof buf - 1 - len);
		if (n == -1 && errno == EINTR)
			continue;
		if (n <= 0)
			break;
		len += (size_t)n;
	}
	close(p[0]);
	buf[len] = '\0';
	if (strcmp(buf, "ready\n") == 0)
		return (0);
	buf[strcspn(buf, "\n")] = '\0';
	*cause = xasprintf("lab: peer daemon in %s: %s", l->ns_peer,
	    *buf != '\0' ? buf : "exited while starting");
	lab_stop_daemon(l->labd_pid);
	l->labd_pid = -1;
	return (-1);
}

/*
 * Inside the router's namespace: forward both families, answer ARP and ND
 * for each side on the other's behalf (proxy ARP, proxy NDP: both sides
 * keep one subnet) at once, not after proxy_delay's random wait of up to
 * 0.8 s (a first connect took 0.7-1.8 s), no ICMP rate limit (every
 * too-big packet gets its answer), offloads off.
 */
static int
lab_router_sysctls(void *arg, char **why)
{
	static const char *const sysctls[][2] = {
		{ "/proc/sys/net/ipv4/ip_forward", "1" },
		{ "/proc/sys/net/ipv6/conf/all/forwarding", "1" },
		{ "/proc/sys/net/ipv6/conf/all/proxy_ndp", "1" },
		{ "/proc/sys/net/ipv4/conf/all/rp_filter", "0" },
		{ "/proc/sys/net/ipv4/icmp_ratelimit", "0" },
		{ "/proc/sys/net/ipv6/icmp/ratelimit", "0" },
		{ "/proc/sys/net/ipv4/conf/" LAB_RTR_IN "/proxy_arp", "1" },
		{ "/proc/sys/net/ipv4/conf/" LAB_RTR_OUT "/proxy_arp", "1" },
		{ "/proc/sys/net/ipv6/conf/" LAB_RTR_IN "/accept_dad", "0" },
		{ "/proc/sys/net/ipv6/conf/" LAB_RTR_OUT "/accept_dad", "0" },
		/* Proxy answers at once, not after a random 0-0.8 s. */
		{ "/proc/sys/net/ipv4/neigh/" LAB_RTR_IN "/proxy_delay", "0" },
		{ "/proc/sys/net/ipv4/neigh/" LAB_RTR_OUT "/proxy_delay", "0" },
		{ "/proc/sys/net/ipv6/neigh/" LAB_RTR_IN "/proxy_delay", "0" },
		{ "/proc/sys/net/ipv6/neigh/" LAB_RTR_OUT "/proxy_delay", "0" },
	};
	size_t	i;

	(void)arg;
	for (i = 0; i < sizeof sysctls / sizeof sysctls[0]; i++)
		if (netns_sysctl(sysctls[i][0], sysctls[i][1], why) == -1)
			return (-1);
	if (netns_offloads_off(LAB_RTR_IN, why) == -1)
		return (-1);
	return (netns_offloads_off(LAB_RTR_OUT, why));
}

/* Set the router up: its sysctls, addresses, host routes to each side. */
static int
lab_router_setup(struct lab *l, char **cause)
{
	char	*why = NULL;
	int	 fd, rc;

	if ((fd = netns_open(l->ns_rtr, &why)) == -1) {
		*cause = xasprintf("lab: router: %s", why);
		free(why);
		return (-1);
	}
	rc = lab_in_ns(fd, l->ns_rtr, lab_router_sysctls, NULL, cause);
	close(fd);
	if (rc == -1)
		return (-1);
	if (lab_ip(cause, "-n", l->ns_rtr, "link", "set", "lo", "up",
	    NULL) == -1 ||
	    lab_ip(cause, "-n", l->ns_rtr, "link", "set", LAB_RTR_IN, "up",
	    NULL) == -1 ||
	    lab_ip(cause, "-n", l->ns_rtr, "link", "set", LAB_RTR_OUT, "up",
	    NULL) == -1 ||
	    lab_ip(cause, "-n", l->ns_rtr, "addr", "add", LAB_RTR4 "/32", "dev",
	    LAB_RTR_IN, NULL) == -1 ||
	    lab_ip(cause, "-n", l->ns_rtr, "addr", "add", LAB_RTR6 "/128",
	    "dev", LAB_RTR_IN, "nodad", NULL) == -1 ||
	    lab_ip(cause, "-n", l->ns_rtr, "route", "add", LAB_MY4 "/32", "dev",
	    LAB_RTR_IN, NULL) == -1 ||
	    lab_ip(cause, "-n", l->ns_rtr, "route", "add", LAB_PEER4 "/32",
	    "dev", LAB_RTR_OUT, NULL) == -1 ||
	    lab_ip(cause, "-n", l->ns_rtr, "route", "add", LAB_MY6 "/128",
	    "dev", LAB_RTR_IN, NULL) == -1 ||
	    lab_ip(cause, "-n", l->ns_rtr, "route", "add", LAB_PEER6 "/128",
	    "dev", LAB_RTR_OUT, NULL) == -1 ||
	    lab_ip(cause, "-n", l->ns_rtr, "-6", "neigh", "add", "proxy",
	    LAB_PEER6, "dev", LAB_RTR_IN, NULL) == -1 ||
	    lab_ip(cause, "-n", l->ns_rtr, "-6", "neigh", "add", "proxy",
	    LAB_MY6, "dev", LAB_RTR_OUT, NULL) == -1)
		return (-1);
	return (0);
}

/* Give the router's link to the peer an MTU of mtu. */
int
lab_router_mtu(const struct lab *l, unsigned mtu, char **cause)
{
	char	m[16];

	if (l->ns_rtr[0] == '\0') {
		*cause = xasprintf("the lab has no router: start it with "
		    "--lab=router");
		return (-1);
	}
	snprintf(m, sizeof m, "%u", mtu);
	/* The peer still offers the MSS of its own 1500-byte LAN. */
	if (lab_ip(cause, "-n", l->ns_rtr, "link", "set", LAB_RTR_OUT, "mtu",
	    m, NULL) == -1 ||
	    lab_ip(cause, "-n", l->ns_peer, "link", "set", LAB_PEER_IFNAME,
	    "mtu", m, NULL) == -1 ||
	    lab_ip(cause, "-n", l->ns_peer, "route", "replace", "10.0.0.0/24",
	    "dev", LAB_PEER_IFNAME, "proto", "kernel", "scope", "link", "src",
	    LAB_PEER4, "advmss", "1460", NULL) == -1 ||
	    lab_ip(cause, "-n", l->ns_peer, "-6", "route", "replace",
	    "fd00::/64", "dev", LAB_PEER_IFNAME, "proto", "kernel", "metric",
	    "256", "advmss", "1440", NULL) == -1)
		return (-1);
	return (0);
}

/* Build the namespaces, the veths between them and the daemon. */
static int
lab_build(struct lab *l, char **cause)
{
	char	*why = NULL;
	int	 self_fd;

	if (lab_ip(cause, "netns", "add", l->ns_self, NULL) == -1)
		return (-1);
	if (lab_ip(cause, "netns", "add", l->ns_peer, NULL) == -1)
		return (-1);
	if (l->ns_rtr[0] != '\0') {
		if (lab_ip(cause, "netns", "add", l->ns_rtr, NULL) == -1 ||
		    lab_ip(cause, "-n", l->ns_self, "link", "add", LAB_IFNAME,
		    "index", LAB_IFINDEX, "type", "veth", "peer", "name",
		    LAB_RTR_IN, "netns",
		    l->ns_rtr, NULL) == -1 ||
		    lab_ip(cause, "-n", l->ns_rtr, "link", "add", LAB_RTR_OUT,
		    "type", "veth", "peer", "name", LAB_PEER_IFNAME, "netns",
		    l->ns_peer, NULL) == -1 ||
		    lab_router_setup(l, cause) == -1)
			return (-1);
	} else if (lab_ip(cause, "-n", l->ns_self, "link", "add", LAB_IFNAME,
	    "index", LAB_IFINDEX, "type", "veth", "peer", "name",
	    LAB_PEER_IFNAME, "netns", l->ns_peer, NULL) == -1)
		return (-1);
	if (lab_ip(cause, "-n", l->ns_self, "link", "set", "lo", "up",
	    NULL) == -1 ||
	    lab_ip(cause, "-n", l->ns_peer, "link", "set", "lo", "up",
	    NULL) == -1 ||
	    lab_ip(cause, "-n", l->ns_peer, "addr", "add", LAB_PEER4 "/24",
	    "dev", LAB_PEER_IFNAME, NULL) == -1 ||
	    lab_ip(cause, "-n", l->ns_peer, "addr", "add", LAB_PEER6 "/64",
	    "dev", LAB_PEER_IFNAME, "nodad", NULL) == -1)
		return (-1);
	if ((self_fd = netns_open(l->ns_self, &why)) == -1 ||
	    (l->peer_fd = netns_open(l->ns_peer, &why)) == -1) {
		*cause = xasprintf("lab: %s", why);
		free(why);
		if (self_fd != -1)
			close(self_fd);
		return (-1);
	}
	if (lab_setup_side(self_fd, l->ns_self, LAB_IFNAME, 1, cause) == -1 ||
	    lab_setup_side(l->peer_fd, l->ns_peer, LAB_PEER_IFNAME, 0,
	    cause) == -1 ||
	    lab_ip(cause, "-n", l->ns_self, "link", "set", LAB_IFNAME, "up",
	    NULL) == -1 ||
	    lab_ip(cause, "-n", l->ns_peer, "link", "set", LAB_PEER_IFNAME,
	    "up", NULL) == -1 ||
	    lab_start_daemon(l, cause) == -1 ||
	    lab_ipv6_wait(l, cause) == -1) {
		close(self_fd);
		return (-1);
	}
	if (netns_enter(self_fd, l->ns_self, &why) == -1) {
		*cause = xasprintf("lab: %s", why);
		free(why);
		close(self_fd);
		return (-1);
	}
	close(self_fd);
	return (0);
}

/* Build the lab and move the calling process into ns_self. */
int
lab_up(struct lab *l, int router, char **cause)
{
	char		*ip;
	unsigned	 rnd;
	int		 fd;

	memset(l, 0, sizeof *l);
	l->peer_fd = l->home_fd = -1;
	l->labd_pid = -1;
	/* Not root: the lab goes into a user namespace of our own. */
	if (priv_userns(cause) == -1)
		return (-1);
	if ((ip = run_which("ip")) == NULL) {
		*cause = xasprintf("lab: the \"ip\" command was not found: "
		    "install it with \"apt-get install iproute2\"");
		return (-1);
	}
	free(ip);
	lab_sweep();

	if ((fd = open("/dev/urandom", O_RDONLY | O_CLOEXEC)) == -1 ||
	    read(fd, &rnd, sizeof rnd) != (ssize_t)sizeof rnd)
		rnd = (unsigned)time(NULL) ^ (unsigned)clock();
	if (fd != -1)
		close(fd);
	rnd &= 0xffffff;
	l->owner = getpid();
	snprintf(l->ns_self, sizeof l->ns_self, "%s%ld-%06x-self", LAB_PREFIX,
	    (long)l->owner, rnd);
	snprintf(l->ns_peer, sizeof l->ns_peer, "%s%ld-%06x-peer", LAB_PREFIX,
	    (long)l->owner, rnd);
	if (router)
		snprintf(l->ns_rtr, sizeof l->ns_rtr, "%s%ld-%06x-rtr",
		    LAB_PREFIX, (long)l->owner, rnd);
	if ((l->home_fd = open("/proc/self/ns/net",
	    O_RDONLY | O_CLOEXEC)) == -1) {
		*cause = xasprintf("lab: /proc/self/ns/net: %s",
		    strerror(errno));
		return (-1);
	}
	l->up = 1;
	if (lab_build(l, cause) == -1) {
		lab_down(l);
		return (-1);
	}
	return (0);
}

/* Ask the daemon to stop, waiting briefly before killing it. */
static void
lab_stop_daemon(pid_t pid)
{
	struct timespec	ts = { 0, 10 * 1000 * 1000 };
	int		i, status;

	if (pid <= 0)
		return;
	(void)kill(pid, SIGTERM);
	for (i = 0; i < 100; i++) {
		if (waitpid(pid, &status, WNOHANG) != 0)
			return;
		nanosleep(&ts, NULL);
	}
	(void)kill(pid, SIGKILL);
	while (waitpid(pid, &status, 0) == -1 && errno == EINTR)
		;
}

/* Kill every process (but us) still inside namespace name. */
static void
lab_kill_pids(const char *name)
{
	char	*argv[] = { (char *)"ip", (char *)"netns", (char *)"pids",
		    (char *)name, NULL };
	char	*out = NULL, *why = NULL, *p, *end;
	long	 pid;

	if (run_cmd(argv, NULL, &out, &why) == -1) {
		free(why);
		return;
	}
	for (p = out; *p != '\0'; p = end) {
		pid = strtol(p, &end, 10);
		if (end == p) {
			end = p + 1;
			continue;
		}
		if (pid > 0 && pid != (long)getpid())
			(void)kill((pid_t)pid, SIGKILL);
	}
	free(out);
}

/* Kill what is left in namespace name and delete it. */
static void
lab_destroy(const char *name)
{
	char	*cause = NULL;

	if (*name == '\0')
		return;
	lab_kill_pids(name);
	if (lab_ip(&cause, "netns", "delete", name, NULL) == -1)
		free(cause);
}

/* Tear the lab down; safe to call twice, and from atexit. */
void
lab_down(struct lab *l)
{
	if (!l->up || l->owner != getpid())
		return;
	l->up = 0;
	priv_raise();	/* setns() home and stopping the daemon */
	lab_stop_daemon(l->labd_pid);
	l->labd_pid = -1;
	if (l->peer_fd != -1)
		close(l->peer_fd);
	l->peer_fd = -1;
	if (l->home_fd != -1) {
		(void)setns(l->home_fd, CLONE_NEWNET);
		close(l->home_fd);
	}
	l->home_fd = -1;
	lab_destroy(l->ns_peer);
	if (l->ns_rtr[0] != '\0')
		lab_destroy(l->ns_rtr);
	lab_destroy(l->ns_self);
}

/*
 * Whether line, a process's /proc/PID/stat, shows the tcpx that made a
 * namespace at made (seconds since the epoch): a tcpx, not a zombie, that
 * started (its field 22, in hz ticks after boot) no later than that.
 * PIDs are reused (pid_max is often 32768), so a live pid proves nothing.
 */
int
lab_stat_owns(const char *line, long long boot, long hz, time_t made,
    int named_tcpx)
{
	char		 buf[1024], *p, *field;
	long long	 start = -1;
	int		 i;

	snprintf(buf, sizeof buf, "%s", line);
	/* comm runs from the first '(' to the last ')': it may hold either. */
	if ((p = strrchr(buf, ')')) == NULL || p[1] != ' ' || p[2] == 'Z')
		return (0);
	if (!named_tcpx && (strchr(buf, '(') != p - 5 ||
	    strncmp(p - 5, "(tcpx", 5) != 0))
		return (0);
	/* "pid (comm) state f4 ... f22=starttime ..." (proc(5)) */
	for (i = 3, field = strtok(p + 2, " "); field != NULL && i < 22; i++)
		field = strtok(NULL, " ");
	if (field != NULL)
		start = strtoll(field, NULL, 10);
	if (boot < 0 || start < 0 || hz <= 0)
		return (1);	/* cannot tell: keep it */
	return (boot + start / hz <= (long long)made + 1);
}

/* Whether a /proc/PID/cmdline runs tcpx: an argument named tcpx. */
int
lab_cmdline_is_tcpx(const char *buf, size_t len)
{
	const char	*arg, *end = buf + len, *nul, *base;

	for (arg = buf; arg < end; arg = nul + 1) {
		if ((nul = memchr(arg, '\0', (size_t)(end - arg))) == NULL)
			nul = end;
		for (base = nul; base > arg && base[-1] != '/'; base--)
			;
		if (nul - base == 4 && memcmp(base, "tcpx", 4) == 0)
			return (1);
	}
	return (0);
}

/* Whether process pid's command line runs tcpx (under valgrind, say). */
static int
lab_pid_named_tcpx(pid_t pid)
{
	char	path[64], buf[4096];
	ssize_t	n;
	int	fd;

	snprintf(path, sizeof path, "/proc/%ld/cmdline", (long)pid);
	if ((fd = open(path, O_RDONLY | O_CLOEXEC)) == -1)
		return (0);
	n = read(fd, buf, sizeof buf);
	close(fd);
	return (n > 0 && lab_cmdline_is_tcpx(buf, (size_t)n));
}

/* Whether the tcpx that made a namespace at made still runs as pid. */
static int
lab_owner_alive(pid_t pid, time_t made)
{
	char		 path[64], line[1024], buf[256];
	long long	 boot = -1;
	FILE		*f;
	int		 got = 0;

	if (kill(pid, 0) != 0 && errno != EPERM)
		return (0);
	snprintf(path, sizeof path, "/proc/%ld/stat", (long)pid);
	if ((f = fopen(path, "r")) == NULL)
		return (0);
	got = fgets(line, sizeof line, f) != NULL;
	fclose(f);
	if (!got)
		return (0);
	if ((f = fopen("/proc/stat", "r")) != NULL) {
		while (fgets(buf, sizeof buf, f) != NULL)
			if (strncmp(buf, "btime ", 6) == 0)
				boot = strtoll(buf + 6, NULL, 10);
		fclose(f);
	}
	return (lab_stat_owns(line, boot, sysconf(_SC_CLK_TCK), made,
	    lab_pid_named_tcpx(pid)));
}

/* Remove namespaces of lab runs whose tcpx is gone; how many. */
int
lab_sweep(void)
{
	DIR		*d;
	struct dirent	*de;
	struct stat	 sb;
	char		*end, path[PATH_MAX];
	long		 pid;
	int		 n = 0;

	if ((d = opendir("/run/netns")) == NULL)
		return (0);
	while ((de = readdir(d)) != NULL) {
		if (strncmp(de->d_name, LAB_PREFIX, strlen(LAB_PREFIX)) != 0)
			continue;
		pid = strtol(de->d_name + strlen(LAB_PREFIX), &end, 10);
		if (pid <= 0 || *end != '-' || pid == (long)getpid())
			continue;
		snprintf(path, sizeof path, "/run/netns/%s", de->d_name);
		if (stat(path, &sb) == 0 &&
		    lab_owner_alive((pid_t)pid, sb.st_mtime))
			continue;	/* its tcpx is still running */
		lab_destroy(de->d_name);
		n++;
	}
	closedir(d);
	return (n);
}

/* In a forked child: enter the peer namespace and exec path; never returns. */
static void
lab_exec_child(const struct lab *l, const char *path, char *const argv[],
    int out, int errfd)
{
	int	e, null;

	(void)setpgid(0, 0);	/* its own group: stopped as one (a pipeline) */
	priv_child();		/* what tcpx kept, for setns, mount and argv */
	if (setns(l->peer_fd, CLONE_NEWNET) == -1)
		goto fail;
	/*
	 * As "ip netns exec" does: a /sys that shows the peer's devices.  In
	 * a user namespace the host's /sys is locked: mount over it.
	 */
	if (unshare(CLONE_NEWNS) == 0 &&
	    mount(NULL, "/", NULL, MS_SLAVE | MS_REC, NULL) == 0 &&
	    (umount2("/sys", MNT_DETACH) == 0 || priv_in_userns()))
		(void)mount(l->ns_peer, "/sys", "sysfs", 0, NULL);
	if ((null = open("/dev/null", O_RDONLY)) != -1)
		(void)dup2(null, 0);
	/* tcpx ignores SIGPIPE; a command must not inherit that (pipelines). */
	(void)signal(SIGPIPE, SIG_DFL);
	lab_path_self();
	if (dup2(out, 1) == -1 || dup2(out, 2) == -1)
		goto fail;
	execv(path, argv);
fail:
	e = errno;
	if (write(errfd, &e, sizeof e) != sizeof e)
		_exit(127);
	_exit(127);
}

/*
 * Start argv in the peer namespace with output to out; its pid, or -1 with
 * *cause when it could not be started (exec failures are reported here).
 */
pid_t
lab_spawn(const struct lab *l, char *const argv[], int out, char **cause)
{
	char	*path;
	int	 p[2], e, status;
	ssize_t	 n;
	pid_t	 pid;

	if (!l->up) {
		*cause = xasprintf("lab: not running");
		return (-1);
	}
	if (argv[0] == NULL) {
		*cause = xasprintf("no command");
		return (-1);
	}
	if (strcmp(argv[0], "tcpx") == 0 &&
	    (path = realpath("/proc/self/exe", NULL)) != NULL)
		;	/* `lab exec tcpx ...` runs this very tcpx */
	else if ((path = run_which(argv[0])) == NULL) {
		*cause = xasprintf("%s: command not found", argv[0]);
		return (-1);
	}
	if (pipe2(p, O_CLOEXEC) == -1) {
		*cause = xasprintf("pipe: %s", strerror(errno));
		free(path);
		return (-1);
	}
	if ((pid = fork()) == -1) {
		*cause = xasprintf("fork: %s", strerror(errno));
		close(p[0]);
		close(p[1]);
		free(path);
		return (-1);
	}
	if (pid == 0)
		lab_exec_child(l, path, argv, out, p[1]);
	(void)setpgid(pid, pid);	/* as the child does: no race */
	close(p[1]);
	while ((n = read(p[0], &e, sizeof e)) == -1 && errno == EINTR)
		;
	close(p[0]);
	if (n == (ssize_t)sizeof e) {
		while (waitpid(pid, &status, 0) == -1 && errno == EINTR)
			;
		*cause = xasprintf("%s: %s", path, strerror(e));
		free(path);
		return (-1);
	}
	free(path);
	return (pid);
}

/* The exit status of a finished child as lab_exec reports it. */
int
lab_status(int status)
{
	if (WIFSIGNALED(status))
		return (128 + WTERMSIG(status));
	return (WEXITSTATUS(status));
}

/* Put the directory of this very program first in PATH: `tcpx` is us. */
static void
lab_path_self(void)
{
	char	 self[PATH_MAX], *slash, *path;
	ssize_t	 n;

	if ((n = readlink("/proc/self/exe", self, sizeof self - 1)) <= 0)
		return;
	self[n] = '\0';
	if ((slash = strrchr(self, '/')) == NULL)
		return;
	*slash = '\0';
	path = getenv("PATH");
	path = xasprintf("%s:%s", self, path != NULL ? path :
	    "/usr/sbin:/usr/bin:/sbin:/bin");
	(void)setenv("PATH", path, 1);
}

/* Run argv in the peer namespace with output to out; its exit status. */
int
lab_exec(const struct lab *l, char *const argv[], int out, char **cause)
{
	int	status;
	pid_t	pid;

	if ((pid = lab_spawn(l, argv, out, cause)) == -1)
		return (-1);
	while (waitpid(pid, &status, 0) == -1 && errno == EINTR)
		;
	return (lab_status(status));
}
