/*
 * lab/priv.c - privileges.  Without root, the lab is built in a user
 * namespace (user_namespaces(7)) where tcpx is uid 0 with a private
 * /run/netns; with root or file capabilities, tcpx keeps only what later
 * commands need, permitted but not effective, sets no_new_privs, and can
 * become another user (-Z, as tcpdump).  Raw capget/capset and prctl.
 */
#include "config.h"

#include <sys/mount.h>
#include <sys/prctl.h>
#include <sys/stat.h>
#include <sys/syscall.h>

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <grp.h>
#include <limits.h>
#include <pwd.h>
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "core/xmalloc.h"
#include "lab/netns.h"
#include "lab/priv.h"

static int	priv_made_userns;	/* priv_userns() made one */
static int	priv_dropped;		/* priv_drop() ran */

static int	priv_get(uint64_t *, uint64_t *, uint64_t *);
static int	priv_set(uint64_t, uint64_t, uint64_t);
static int	priv_write(const char *, const char *);
static long	priv_sysctl(const char *, const char *);
static char	*priv_forbidden(const char *, int);
static int	priv_netns_dir(char **);
static void	priv_run_over(int, const char *);
static void	priv_history(const char *, const char *, uid_t);

/* Read the effective, permitted and inheritable sets; 0 or -1. */
static int
priv_get(uint64_t *eff, uint64_t *perm, uint64_t *inh)
{
	struct __user_cap_header_struct	hdr = {
		_LINUX_CAPABILITY_VERSION_3, 0 };
	struct __user_cap_data_struct	d[2];

	memset(d, 0, sizeof d);
	if (syscall(SYS_capget, &hdr, d) != 0)
		return (-1);
	*eff = d[0].effective | (uint64_t)d[1].effective << 32;
	*perm = d[0].permitted | (uint64_t)d[1].permitted << 32;
	*inh = d[0].inheritable | (uint64_t)d[1].inheritable << 32;
	return (0);
}

/* Set the three sets; 0 or -1 (errno set). */
static int
priv_set(uint64_t eff, uint64_t perm, uint64_t inh)
{
	struct __user_cap_header_struct	hdr = {
		_LINUX_CAPABILITY_VERSION_3, 0 };
	struct __user_cap_data_struct	d[2];

	d[0].effective = (uint32_t)eff;
	d[1].effective = (uint32_t)(eff >> 32);
	d[0].permitted = (uint32_t)perm;
	d[1].permitted = (uint32_t)(perm >> 32);
	d[0].inheritable = (uint32_t)inh;
	d[1].inheritable = (uint32_t)(inh >> 32);
	return (syscall(SYS_capset, &hdr, d) == 0 ? 0 : -1);
}

/* Write text to path; 0, or -1 with errno. */
static int
priv_write(const char *path, const char *text)
{
	size_t	len = strlen(text);
	int	fd, e;

	if ((fd = open(path, O_WRONLY | O_CLOEXEC)) == -1)
		return (-1);
	if (write(fd, text, len) != (ssize_t)len) {
		e = errno;
		close(fd);
		errno = e;
		return (-1);
	}
	return (close(fd));
}

/* The number in file path under root, or -1 when there is none. */
static long
priv_sysctl(const char *root, const char *path)
{
	char	buf[PATH_MAX];
	ssize_t	n;
	int	fd;

	snprintf(buf, sizeof buf, "%s%s", root, path);
	if ((fd = open(buf, O_RDONLY | O_CLOEXEC)) == -1)
		return (-1);
	n = read(fd, buf, sizeof buf - 1);
	close(fd);
	if (n <= 0)
		return (-1);
	buf[n] = '\0';
	return (strtol(buf, NULL, 10));
}

/* Why what failed (errno e), from the host's /proc/sys. */
static char *
priv_forbidden(const char *what, int e)
{
	return (priv_why("", what, e));
}

/* Why what failed (errno e), from the sysctls under root. */
char *
priv_why(const char *root, const char *what, int e)
{
	static const struct {
		const char	*path;
		const char	*name;
		long		 forbids;
	} knobs[] = {
		{ "/proc/sys/kernel/unprivileged_userns_clone",
		    "kernel.unprivileged_userns_clone", 0 },
		{ "/proc/sys/user/max_user_namespaces",
		    "user.max_user_namespaces", 0 },
		{ "/proc/sys/kernel/apparmor_restrict_unprivileged_userns",
		    "kernel.apparmor_restrict_unprivileged_userns", 1 },
	};
	size_t	i;

	for (i = 0; i < sizeof knobs / sizeof knobs[0]; i++)
		if (priv_sysctl(root, knobs[i].path) == knobs[i].forbids)
			return (xasprintf("lab: not root, and this kernel "
			    "forbids unprivileged user namespaces (sysctl %s "
			    "= %ld): run as root, or change that sysctl",
			    knobs[i].name, knobs[i].forbids));
	return (xasprintf("lab: not root, and %s failed: %s (run as root)",
	    what, strerror(e)));
}

/*
 * In a new mount namespace: where the host has no /run/netns to mount
 * over, put a tmpfs on /run with every entry of the old one (fd old)
 * bound back into it, and an empty netns directory.
 */
static void
priv_run_over(int old, const char *name)
{
	char		src[PATH_MAX], dst[PATH_MAX], link[PATH_MAX];
	struct stat	sb;
	ssize_t		n;
	int		fd;

	if (fstatat(old, name, &sb, AT_SYMLINK_NOFOLLOW) == -1)
		return;
	snprintf(src, sizeof src, "/proc/self/fd/%d/%s", old, name);
	snprintf(dst, sizeof dst, "/run/%s", name);
	if (S_ISLNK(sb.st_mode)) {
		if ((n = readlinkat(old, name, link, sizeof link - 1)) > 0) {
			link[n] = '\0';
			(void)symlink(link, dst);
		}
		return;
	}
	if (S_ISDIR(sb.st_mode)) {
		if (mkdir(dst, 0755) == -1)
			return;
	} else if ((fd = open(dst, O_CREAT | O_WRONLY | O_CLOEXEC,
	    0644)) == -1)
		return;
	else
		close(fd);
	(void)mount(src, dst, NULL, MS_BIND | MS_REC, NULL);
}

/* A /run/netns of our own (a tmpfs), for "ip netns" in the namespace. */
static int
priv_netns_dir(char **cause)
{
	struct dirent	*de;
	DIR		*d;
	int		 old;

	if (mount("tcpx-netns", "/run/netns", "tmpfs", 0, "mode=755") == 0)
		return (0);
	if (errno != ENOENT) {
		*cause = priv_forbidden("mounting a private /run/netns", errno);
		return (-1);
	}
	/* No /run/netns on this host, and we may not make one there. */
	if ((old = open("/run", O_RDONLY | O_DIRECTORY | O_CLOEXEC)) == -1 ||
	    mount("tcpx-run", "/run", "tmpfs", 0, "mode=755") == -1) {
		*cause = priv_forbidden("mounting a private /run", errno);
		if (old != -1)
			close(old);
		return (-1);
	}
	if ((d = fdopendir(dup(old))) != NULL) {
		while ((de = readdir(d)) != NULL)
			if (strcmp(de->d_name, ".") != 0 &&
			    strcmp(de->d_name, "..") != 0)
				priv_run_over(old, de->d_name);
		closedir(d);
	}
	close(old);
	if (mkdir("/run/netns", 0755) == -1 && errno != EEXIST) {
		*cause = xasprintf("lab: /run/netns: %s", strerror(errno));
		return (-1);
	}
	return (0);
}

/* Point variable at /tmp/.NAME.uUID for uid, unless it is set already. */
static void
priv_history(const char *variable, const char *name, uid_t uid)
{
	char	path[64];

	snprintf(path, sizeof path, "/tmp/.%s.u%lu", name, (unsigned long)uid);
	(void)setenv(variable, path, 0);
}

/* Enter a user namespace of our own unless we may make namespaces. */
int
priv_userns(char **cause)
{
	char	map[64];
	uid_t	uid = geteuid();
	gid_t	gid = getegid();

	if (netns_has_cap(CAP_SYS_ADMIN))
		return (0);
	if (unshare(CLONE_NEWUSER | CLONE_NEWNS | CLONE_NEWNET) == -1) {
		*cause = priv_forbidden("creating a user namespace", errno);
		return (-1);
	}
	snprintf(map, sizeof map, "0 %lu 1\n", (unsigned long)uid);
	if (priv_write("/proc/self/uid_map", map) == -1) {
		*cause = priv_forbidden("mapping our uid", errno);
		return (-1);
	}
	if (priv_write("/proc/self/setgroups", "deny") == -1 && errno != ENOENT) {
		*cause = priv_forbidden("/proc/self/setgroups", errno);
		return (-1);
	}
	snprintf(map, sizeof map, "0 %lu 1\n", (unsigned long)gid);
	if (priv_write("/proc/self/gid_map", map) == -1) {
		*cause = priv_forbidden("mapping our gid", errno);
		return (-1);
	}
	/* Nothing we mount leaks out (the new namespace copies the host's). */
	if (mount(NULL, "/", NULL, MS_REC | MS_PRIVATE, NULL) == -1) {
		*cause = priv_forbidden("a private mount namespace", errno);
		return (-1);
	}
	if (priv_netns_dir(cause) == -1)
		return (-1);
	/*
	 * iproute2's nstat, ifstat and rtacct keep history in /tmp/.NAME.uUID
	 * of getuid(): 0 here, whose file (if any) is the real root's.  Use
	 * the file the user's own runs would.
	 */
	priv_history("NSTAT_HISTORY", "nstat", uid);
	priv_history("IFSTAT_HISTORY", "ifstat", uid);
	priv_history("RTACCT_HISTORY", "rtacct", uid);
	priv_made_userns = 1;
	return (0);
}

/* Whether priv_userns() made a user namespace. */
int
priv_in_userns(void)
{
	return (priv_made_userns);
}

/* Become user (if any), keep only keep, permitted only; no_new_privs. */
int
priv_drop(uint64_t keep, const char *user, char **cause)
{
	struct passwd	*pw;
	uint64_t	 eff, perm, inh;

	if (user != NULL) {
		if ((pw = getpwnam(user)) == NULL) {
			*cause = xasprintf("-Z %s: no such user", user);
			return (-1);
		}
		if (priv_made_userns || (pw->pw_uid != getuid() &&
		    !netns_has_cap(CAP_SETUID))) {
			*cause = xasprintf("-Z %s: switching user needs root "
			    "(tcpx runs as an ordinary user%s)", user,
			    priv_made_userns ? ", its lab in a user namespace" :
			    "");
			return (-1);
		}
		(void)prctl(PR_SET_KEEPCAPS, 1, 0, 0, 0);
		if ((pw->pw_uid != getuid() &&
		    initgroups(pw->pw_name, pw->pw_gid) == -1) ||
		    setresgid(pw->pw_gid, pw->pw_gid, pw->pw_gid) == -1 ||
		    setresuid(pw->pw_uid, pw->pw_uid, pw->pw_uid) == -1) {
			*cause = xasprintf("-Z %s: %s", user, strerror(errno));
			return (-1);
		}
		(void)prctl(PR_SET_KEEPCAPS, 0, 0, 0, 0);
	}
	if (priv_get(&eff, &perm, &inh) == -1) {
		*cause = xasprintf("capget: %s", strerror(errno));
		return (-1);
	}
	keep &= perm;
	(void)prctl(PR_CAP_AMBIENT, PR_CAP_AMBIENT_CLEAR_ALL, 0, 0, 0);
	if (priv_set(0, keep, keep) == -1) {
		*cause = xasprintf("capset: %s", strerror(errno));
		return (-1);
	}
	if (prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) == -1) {
		*cause = xasprintf("no_new_privs: %s", strerror(errno));
		return (-1);
	}
	priv_dropped = 1;
	return (0);
}

/* Make the permitted capabilities effective. */
void
priv_raise(void)
{
	uint64_t	eff, perm, inh;

	if (priv_dropped && priv_get(&eff, &perm, &inh) == 0)
		(void)priv_set(perm, perm, inh);
}

/* Nothing effective again, after priv_raise(). */
void
priv_lower(void)
{
	uint64_t	eff, perm, inh;

	if (priv_dropped && priv_get(&eff, &perm, &inh) == 0)
		(void)priv_set(0, perm, inh);
}

/* In a child about to exec: permitted capabilities effective and ambient. */
void
priv_child(void)
{
	uint64_t	eff, perm, inh;
	int		c;

	if (priv_get(&eff, &perm, &inh) == -1 || perm == 0)
		return;
	if (priv_set(perm, perm, perm | inh) == -1)
		return;
	for (c = 0; c < 64; c++)
		if (perm & PRIV_CAP(c))
			(void)prctl(PR_CAP_AMBIENT, PR_CAP_AMBIENT_RAISE,
			    (unsigned long)c, 0, 0);
}
