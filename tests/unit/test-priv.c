/*
 * tests/unit/test-priv.c - where the kernel forbids unprivileged user
 * namespaces, the lab's error is one line naming the sysctl that does
 * (Debian's kernel.unprivileged_userns_clone, user.max_user_namespaces,
 * Ubuntu's kernel.apparmor_restrict_unprivileged_userns), read from a
 * /proc/sys tree made here.
 */
#include <sys/stat.h>

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "lab/priv.h"
#include "tests/tap.h"

static char	root[64];

/* Write value to root/proc/sys/path, making the directories. */
static void
knob(const char *path, const char *value)
{
	char	 buf[256], *p;
	FILE	*f;

	snprintf(buf, sizeof buf, "%s/proc/sys/%s", root, path);
	for (p = buf + strlen(root) + 1; (p = strchr(p, '/')) != NULL; p++) {
		*p = '\0';
		(void)mkdir(buf, 0755);
		*p = '/';
	}
	if ((f = fopen(buf, "w")) == NULL) {
		perror(buf);
		exit(1);
	}
	fprintf(f, "%s\n", value);
	fclose(f);
}

/* Whether priv_why() under root says want. */
static int
says(const char *want)
{
	char	*got = priv_why(root, "creating a user namespace", EPERM);
	int	 same = strcmp(got, want) == 0;

	if (!same)
		printf("#   got:  %s\n#   want: %s\n", got, want);
	free(got);
	return (same);
}

int
main(void)
{
	char	cmd[128], *why;

	snprintf(root, sizeof root, "/tmp/tcpx-test-priv.XXXXXX");
	if (mkdtemp(root) == NULL) {
		perror("mkdtemp");
		return (1);
	}
	knob("kernel/unprivileged_userns_clone", "1");
	knob("user/max_user_namespaces", "63000");
	knob("kernel/apparmor_restrict_unprivileged_userns", "0");
	ok(says("lab: not root, and creating a user namespace failed: "
	    "Operation not permitted (run as root)"),
	    "nothing forbids them: the error itself");
	knob("kernel/apparmor_restrict_unprivileged_userns", "1");
	ok(says("lab: not root, and this kernel forbids unprivileged user "
	    "namespaces (sysctl kernel.apparmor_restrict_unprivileged_userns "
	    "= 1): run as root, or change that sysctl"),
	    "Ubuntu's AppArmor restriction is named");
	knob("user/max_user_namespaces", "0");
	ok(says("lab: not root, and this kernel forbids unprivileged user "
	    "namespaces (sysctl user.max_user_namespaces = 0): run as root, "
	    "or change that sysctl"), "user.max_user_namespaces = 0 is named");
	knob("kernel/unprivileged_userns_clone", "0");
	ok(says("lab: not root, and this kernel forbids unprivileged user "
	    "namespaces (sysctl kernel.unprivileged_userns_clone = 0): run as "
	    "root, or change that sysctl"),
	    "Debian's kernel.unprivileged_userns_clone = 0 is named");
	why = priv_why(root, "x", EPERM);
	ok(strchr(why, '\n') == NULL, "one line, no newline");
	free(why);
	snprintf(cmd, sizeof cmd, "rm -rf %s", root);
	if (system(cmd) != 0)
		return (1);
	return (done_testing());
}
