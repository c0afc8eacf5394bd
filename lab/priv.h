/*
 * lab/priv.h - privileges: a user namespace that lets an ordinary user
 * build the lab, and dropping what tcpx holds once its handles are open
 * (capabilities down to what later commands need, no_new_privs, -Z USER).
 */
#ifndef TCPX_LAB_PRIV_H
#define TCPX_LAB_PRIV_H

#include <linux/capability.h>

#include <stdint.h>

/* A capability (CAP_*) as a bit of a priv set. */
#define PRIV_CAP(c)	(1ULL << (c))

/*
 * What a session keeps after set-up.  The lab: entering the peer's
 * namespace and mounting its /sys for `lab exec` (CAP_SYS_ADMIN), ip, nft
 * and sysctls there (CAP_NET_ADMIN), flood's packet socket (CAP_NET_RAW).
 * As root, also what `lab exec tcpdump -w` uses to become user tcpdump
 * (CAP_CHOWN, CAP_SETUID, CAP_SETGID); after -Z instead, what another
 * user needs for the peer's sysctls and /run/netns (CAP_DAC_OVERRIDE) and
 * to stop the root peer daemon (CAP_KILL).  -i: the nftables guard, flood.
 */
#define PRIV_KEEP_LAB	(PRIV_CAP(CAP_SYS_ADMIN) | PRIV_CAP(CAP_NET_ADMIN) | \
			    PRIV_CAP(CAP_NET_RAW))
#define PRIV_KEEP_ROOT	(PRIV_CAP(CAP_CHOWN) | PRIV_CAP(CAP_SETUID) | \
			    PRIV_CAP(CAP_SETGID))
#define PRIV_KEEP_Z	(PRIV_CAP(CAP_DAC_OVERRIDE) | PRIV_CAP(CAP_KILL))
#define PRIV_KEEP_IFACE	(PRIV_CAP(CAP_NET_ADMIN) | PRIV_CAP(CAP_NET_RAW))

/*
 * Unless the process may already create namespaces (CAP_SYS_ADMIN), move
 * it into a new user namespace where its uid and gid are 0, with network
 * and mount namespaces of its own and a private /run/netns, so that the
 * lab can be built there.  Returns 0, or -1 with *cause (malloc'd): one
 * line naming the sysctl that forbids it, when one does.
 */
int	priv_userns(char **cause);

/*
 * Why what failed with errno e when making the user namespace: one line
 * naming the sysctl (read under root, "" for the host: root + "/proc/sys/
 * ...") that forbids unprivileged user namespaces, when one does; else
 * what and the error.  Malloc'd.  For priv_userns(); exported for its
 * tests.
 */
char	*priv_why(const char *root, const char *what, int e);

/* Whether priv_userns() made a user namespace. */
int	priv_in_userns(void);

/*
 * Switch to user (NULL: stay) and keep only the capabilities in keep
 * (PRIV_CAP bits), permitted but not effective (priv_raise() and
 * priv_child() use them), with no_new_privs set.  Returns 0, or -1 with
 * *cause (malloc'd).
 */
int	priv_drop(uint64_t keep, const char *user, char **cause);

/* Make the permitted capabilities effective (for a call that needs them). */
void	priv_raise(void);

/* After priv_raise(): nothing effective again (when priv_drop() ran). */
void	priv_lower(void);

/*
 * In a forked child about to exec a helper (ip, nft, a `lab exec`
 * command): make the permitted capabilities effective and ambient, so the
 * helper has them too.
 */
void	priv_child(void);

#endif
