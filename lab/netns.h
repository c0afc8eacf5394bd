/*
 * lab/netns.h - network namespace plumbing for the lab: entering namespaces,
 * per-namespace sysctls, capability checks, and switching veth offloads
 * with the ethtool ioctl (no ethtool binary needed).
 */
#ifndef TCPX_LAB_NETNS_H
#define TCPX_LAB_NETNS_H

/* Offload features, as bits for netns_offloads_get(). */
#define NETNS_OFF_TXCSUM	0x1	/* TX checksumming */
#define NETNS_OFF_TSO		0x2	/* TCP segmentation offload */
#define NETNS_OFF_GSO		0x4	/* generic segmentation offload */
#define NETNS_OFF_GRO		0x8	/* generic receive offload */
#define NETNS_OFF_ALL		0xf

/* Whether the process has capability cap (CAP_*) in its effective set. */
int	netns_has_cap(int cap);

/* Open the named namespace (/run/netns/NAME); fd, or -1 with *cause. */
int	netns_open(const char *name, char **cause);

/* Move the calling thread into the network namespace fd (named name). */
int	netns_enter(int fd, const char *name, char **cause);

/* Write value to a /proc/sys file of the current namespace. */
int	netns_sysctl(const char *path, const char *value, char **cause);

/* Wait up to ms ms until ifname's IPv6 is up (current namespace); whether it is. */
int	netns_ipv6_wait(const char *ifname, unsigned ms);

/* Turn TX checksum, TSO, GSO and GRO off on ifname (current namespace). */
int	netns_offloads_off(const char *ifname, char **cause);

/* Which of the NETNS_OFF_* features are on for ifname, or -1 with *cause. */
int	netns_offloads_get(const char *ifname, char **cause);

#endif
