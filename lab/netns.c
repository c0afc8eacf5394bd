/*
 * lab/netns.c - network namespace plumbing for the lab: setns(), sysctls of
 * the current namespace, capability checks, and veth offloads switched with
 * the SIOCETHTOOL feature ioctls (see DESIGN.md §9 for why they must be
 * off).
 */
#include "config.h"

#include <sys/ioctl.h>
#include <sys/socket.h>
#include <sys/syscall.h>

#include <linux/capability.h>
#include <linux/ethtool.h>
#include <linux/sockios.h>
#include <net/if.h>

#include <errno.h>
#include <fcntl.h>
#include <fnmatch.h>
#include <sched.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "core/xmalloc.h"
#include "lab/netns.h"

/*
 * Feature names (ETH_SS_FEATURES strings, fnmatch patterns) making up each
 * NETNS_OFF_* group: what "ethtool -K DEV tx off tso off gso off gro off"
 * switches, with every other segmentation offload too.
 */
static const struct {
	int		 bit;
	const char	*pattern;
	int		 report;	/* counts for netns_offloads_get() */
} netns_features[] = {
	{ NETNS_OFF_TXCSUM, "tx-checksum-*", 1 },
	{ NETNS_OFF_TSO, "tx-tcp*-segmentation", 1 },
	{ NETNS_OFF_GSO, "tx-generic-segmentation", 1 },
	{ NETNS_OFF_GSO, "tx-*segmentation", 0 },
	{ NETNS_OFF_GRO, "rx-gro", 1 },
	{ NETNS_OFF_GRO, "rx-gro-list", 0 },
	{ NETNS_OFF_GRO, "rx-udp-gro-forwarding", 0 },
};
#define NETNS_NFEATURES (sizeof netns_features / sizeof netns_features[0])

/* An interface's feature names and their state, from the ethtool ioctls. */
struct netns_feat {
	int				 s;
	uint32_t			 n;	/* number of features */
	struct ethtool_gstrings		*names;
	struct ethtool_gfeatures	*state;
};

static int	netns_ethtool(int, const char *, void *);
static int	netns_feat_load(struct netns_feat *, const char *, char **);
static void	netns_feat_free(struct netns_feat *);
static int	netns_feat_group(const char *, int);

/* Whether the process has capability cap in its effective set. */
int
netns_has_cap(int cap)
{
	struct __user_cap_header_struct	hdr;
	struct __user_cap_data_struct	data[_LINUX_CAPABILITY_U32S_3];

	memset(&hdr, 0, sizeof hdr);
	memset(data, 0, sizeof data);
	hdr.version = _LINUX_CAPABILITY_VERSION_3;
	if (syscall(SYS_capget, &hdr, data) != 0)
		return (geteuid() == 0);
	return ((data[cap / 32].effective & (1U << (cap % 32))) != 0);
}

/* Open /run/netns/NAME; returns the fd, or -1 with *cause. */
int
netns_open(const char *name, char **cause)
{
	char	path[256];
	int	fd;

	snprintf(path, sizeof path, "/run/netns/%s", name);
	if ((fd = open(path, O_RDONLY | O_CLOEXEC)) == -1)
		*cause = xasprintf("namespace %s: %s", name, strerror(errno));
	return (fd);
}

/* Move the calling thread into the network namespace fd. */
int
netns_enter(int fd, const char *name, char **cause)
{
	if (setns(fd, CLONE_NEWNET) == -1) {
		*cause = xasprintf("entering namespace %s: %s", name,
		    errno == EPERM ? "needs CAP_SYS_ADMIN" : strerror(errno));
		return (-1);
	}
	return (0);
}

/* Write value to /proc/sys file path in the current namespace. */
int
netns_sysctl(const char *path, const char *value, char **cause)
{
	size_t	len = strlen(value);
	int	fd;

	if ((fd = open(path, O_WRONLY | O_CLOEXEC)) == -1) {
		*cause = xasprintf("%s: %s", path, strerror(errno));
		return (-1);
	}
	if (write(fd, value, len) != (ssize_t)len) {
		*cause = xasprintf("%s: %s", path, strerror(errno));
		close(fd);
		return (-1);
	}
	close(fd);
	return (0);
}

/* Whether ifname has its IPv6 multicast route (ff00::/8) in this thread's namespace. */
static int
netns_mroute(const char *ifname)
{
	FILE		*f;
	char		 line[256], dst[40], dev[IFNAMSIZ + 1];
	unsigned	 plen;
	int		 found = 0;

	if ((f = fopen("/proc/thread-self/net/ipv6_route", "re")) == NULL)
		return (0);
	while (!found && fgets(line, sizeof line, f) != NULL)
		found = sscanf(line, "%39s %x %*s %*s %*s %*s %*s %*s %*s %16s",
		    dst, &plen, dev) == 3 && plen == 8 &&
		    strcmp(dst, "ff000000000000000000000000000000") == 0 &&
		    strcmp(dev, ifname) == 0;
	fclose(f);
	return (found);
}

/*
 * Wait up to ms milliseconds, polling each millisecond, until ifname's IPv6
 * is up in the current namespace: its multicast route is in place, which
 * the kernel adds once it has taken the link's carrier as up (until then it
 * drops neighbour solicitations, counted as Ip6InNoRoutes); whether it is.
 */
int
netns_ipv6_wait(const char *ifname, unsigned ms)
{
	struct timespec	ts = { 0, 1000000 };
	unsigned	i;

	for (i = 0; i < ms; i++) {
		if (netns_mroute(ifname))
			return (1);
		nanosleep(&ts, NULL);
	}
	return (netns_mroute(ifname));
}

/* Issue one ethtool ioctl (cmd in data) on ifname through socket s. */
static int
netns_ethtool(int s, const char *ifname, void *data)
{
	struct ifreq	ifr;

	memset(&ifr, 0, sizeof ifr);
	snprintf(ifr.ifr_name, sizeof ifr.ifr_name, "%s", ifname);
	ifr.ifr_data = data;
	return (ioctl(s, SIOCETHTOOL, &ifr));
}

/* Read ifname's feature names and state into f; 0, or -1 with *cause. */
static int
netns_feat_load(struct netns_feat *f, const char *ifname, char **cause)
{
	struct {
		struct ethtool_sset_info	hdr;
		uint32_t			len;
	} sset;
	uint32_t	blocks;

	memset(f, 0, sizeof *f);
	if ((f->s = socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0)) == -1) {
		*cause = xasprintf("socket: %s", strerror(errno));
		return (-1);
	}
	memset(&sset, 0, sizeof sset);
	sset.hdr.cmd = ETHTOOL_GSSET_INFO;
	sset.hdr.sset_mask = 1ULL << ETH_SS_FEATURES;
	if (netns_ethtool(f->s, ifname, &sset) == -1 ||
	    !(sset.hdr.sset_mask & (1ULL << ETH_SS_FEATURES)))
		goto fail;
	f->n = sset.len;
	blocks = (f->n + 31) / 32;
	f->names = xcalloc(1, sizeof *f->names + (size_t)f->n *
	    ETH_GSTRING_LEN);
	f->names->cmd = ETHTOOL_GSTRINGS;
	f->names->string_set = ETH_SS_FEATURES;
	f->names->len = f->n;
	f->state = xcalloc(1, sizeof *f->state + blocks *
	    sizeof f->state->features[0]);
	f->state->cmd = ETHTOOL_GFEATURES;
	f->state->size = blocks;
	if (netns_ethtool(f->s, ifname, f->names) == -1 ||
	    netns_ethtool(f->s, ifname, f->state) == -1)
		goto fail;
	return (0);
fail:
	*cause = xasprintf("%s: reading offload features: %s", ifname,
	    strerror(errno));
	netns_feat_free(f);
	return (-1);
}

/* Free what netns_feat_load() allocated. */
static void
netns_feat_free(struct netns_feat *f)
{
	if (f->s != -1)
		close(f->s);
	f->s = -1;
	free(f->names);
	free(f->state);
	f->names = NULL;
	f->state = NULL;
}

/* The NETNS_OFF_* group feature name belongs to (0: none). */
static int
netns_feat_group(const char *name, int report_only)
{
	size_t	i;

	for (i = 0; i < NETNS_NFEATURES; i++) {
		if (report_only && !netns_features[i].report)
			continue;
		if (fnmatch(netns_features[i].pattern, name, 0) == 0)
			return (netns_features[i].bit);
	}
	return (0);
}

/* Which NETNS_OFF_* features are on for ifname, or -1 with *cause. */
int
netns_offloads_get(const char *ifname, char **cause)
{
	struct netns_feat	 f;
	char			 name[ETH_GSTRING_LEN + 1];
	uint32_t		 i;
	int			 on = 0;

	if (netns_feat_load(&f, ifname, cause) == -1)
		return (-1);
	for (i = 0; i < f.n; i++) {
		if (!(f.state->features[i / 32].active & (1U << (i % 32))))
			continue;
		memcpy(name, f.names->data + i * ETH_GSTRING_LEN,
		    ETH_GSTRING_LEN);
		name[ETH_GSTRING_LEN] = '\0';
		on |= netns_feat_group(name, 1);
	}
	netns_feat_free(&f);
	return (on);
}

/* Turn TX checksum, segmentation offloads and GRO off on ifname. */
int
netns_offloads_off(const char *ifname, char **cause)
{
	struct netns_feat	 f;
	struct ethtool_sfeatures *set;
	char			 name[ETH_GSTRING_LEN + 1];
	uint32_t		 i, blocks, bit;
	int			 on;

	if (netns_feat_load(&f, ifname, cause) == -1)
		return (-1);
	blocks = f.state->size;
	set = xcalloc(1, sizeof *set + blocks * sizeof set->features[0]);
	set->cmd = ETHTOOL_SFEATURES;
	set->size = blocks;
	for (i = 0; i < f.n; i++) {
		memcpy(name, f.names->data + i * ETH_GSTRING_LEN,
		    ETH_GSTRING_LEN);
		name[ETH_GSTRING_LEN] = '\0';
		bit = 1U << (i % 32);
		if (netns_feat_group(name, 0) != 0 &&
		    !(f.state->features[i / 32].never_changed & bit))
			set->features[i / 32].valid |= bit;
	}
	if (netns_ethtool(f.s, ifname, set) == -1) {
		*cause = xasprintf("%s: switching offloads off: %s", ifname,
		    errno == EPERM ? "needs CAP_NET_ADMIN" : strerror(errno));
		free(set);
		netns_feat_free(&f);
		return (-1);
	}
	free(set);
	netns_feat_free(&f);
	if ((on = netns_offloads_get(ifname, cause)) == -1)
		return (-1);
	if (on != 0) {
		*cause = xasprintf("%s: offloads still on after switching "
		    "them off (mask %#x)", ifname, (unsigned)on);
		return (-1);
	}
	return (0);
}
