/*
 * cli/cmd/cmd-lab.c - `lab exec CMD...` and `lab sh 'LINE'`: run a command
 * or a shell line in the lab's peer namespace, where the real Linux kernel
 * we talk to lives (ss, nstat, ip, sysctl, tcpdump...), and show its output.
 */
#include <ctype.h>
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "cli/cmd/cmd.h"
#include "cli/cmd/lesson.h"
#include "cli/obs/out.h"
#include "cli/run/session.h"
#include "core/xmalloc.h"

/* How long an interrupted command has to end on SIGINT before SIGKILL. */
#define LAB_KILL_GRACE_MS	1000

static enum cmd_status cmd_lab(struct cmd_ctx *, int, char **);
static enum cmd_status lab_mtu(struct cmd_ctx *, int, char **);

const struct cmd_entry cmd_lab_entry = {
	.name = "lab",
	.usage = "exec CMD [ARG...] | sh 'SHELL LINE' | mtu N",
	.min_args = 1,
	.max_args = -1,
	.help = "run a command or shell line in the lab's peer namespace "
	    "(lab exec ss -tan)",
	.detail = "The peer is the real Linux kernel at 10.0.0.2 and fd00::2. Its view\n"
	    "of our connections: lab exec ss -tan; its counters: lab exec nstat -a;\n"
	    "its settings: lab exec sysctl net.ipv4.tcp_syncookies. Only with --lab.\n"
	    "lab exec runs one program with its arguments: no pipes, redirections\n"
	    "or variables. lab sh runs a line with /bin/sh -c, so those work:\n"
	    "lab sh 'ss -tan | wc -l' (quote the line; several words are joined\n"
	    "with spaces); each value measured so far is in its environment as\n"
	    "$M_NAME (measure). tcpx keeps answering the peer meanwhile; lines typed\n"
	    "while it runs wait for it, and Ctrl-C stops it (SIGINT, then SIGKILL\n"
	    "after a second) and says so.\n"
	    "lab mtu N (with --lab=router, where a Linux router at 10.0.0.254 and\n"
	    "fd00::fe stands between us and the peer): the router's link to the\n"
	    "peer gets an MTU of N, so it answers our larger packets with ICMP\n"
	    "\"fragmentation needed\" or \"packet too big\" and path MTU discovery\n"
	    "shrinks our segments (RFC 1191, RFC 8201). The peer still offers the\n"
	    "MSS of a 1500-byte link, as a host behind such a router would.",
	.exec = cmd_lab,
};

/* A command running in the peer's namespace. */
struct child {
	pid_t	 pid;
	int	 status;
	char	 sub[8];	/* "exec" or "sh", for messages */
	char	*what;		/* the command line, for messages */
};

/* Whether the child has finished (reaping it); SIGCHLD wakes the loop. */
static int
child_done(struct cmd_ctx *c, void *arg, uint64_t *wake)
{
	struct child	*ch = arg;

	(void)c;
	(void)wake;
	return (waitpid(ch->pid, &ch->status, WNOHANG) == ch->pid);
}

/*
 * Stop an interrupted child and its process group (a shell line's
 * pipeline): SIGINT, as a terminal's Ctrl-C, then SIGKILL if it is still
 * there after a grace period.  Returns the last signal sent.
 */
static int
child_stop(struct child *ch)
{
	struct timespec	 ts = { 0, 10 * 1000 * 1000 };
	int		 i;

	(void)kill(-ch->pid, SIGINT);
	for (i = 0; i < LAB_KILL_GRACE_MS / 10; i++) {
		if (waitpid(ch->pid, &ch->status, WNOHANG) == ch->pid)
			return (SIGINT);
		nanosleep(&ts, NULL);
	}
	(void)kill(-ch->pid, SIGKILL);
	while (waitpid(ch->pid, &ch->status, 0) == -1 && errno == EINTR)
		;
	return (SIGKILL);
}

/* The child ended, or is stopped when the wait was interrupted. */
static enum cmd_status
child_finish(struct cmd_ctx *c, void *arg, enum cmd_end how)
{
	struct child	*ch = arg;
	enum cmd_status	 rc = CMD_OK;
	int		 code;

	(void)c;
	out_share(0);
	if (how != CMD_END_DONE) {
		code = child_stop(ch);
		say_end();
		say_err("lab %s: interrupted \"%s\" (%s)", ch->sub, ch->what,
		    code == SIGINT ? "SIGINT" : "SIGINT, then SIGKILL");
		rc = CMD_FAIL;
	} else {
		say_end();
		if ((code = lab_status(ch->status)) != 0) {
			say_err("lab %s: \"%s\" exited with status %d", ch->sub,
			    ch->what, code);
			rc = CMD_FAIL;
		}
	}
	free(ch->what);
	return (rc);
}

/* lab mtu N: the MTU of the router's link to the peer. */
static enum cmd_status
lab_mtu(struct cmd_ctx *c, int argc, char **argv)
{
	char		*end, *cause = NULL;
	unsigned long	 mtu;

	if (argc != 3) {
		say_err("usage: lab mtu N (576-9000 for IPv4; the IPv6 path "
		    "needs 1280 or more)");
		return (CMD_USAGE);
	}
	mtu = strtoul(argv[2], &end, 10);
	if (*end != '\0' || !isdigit((unsigned char)argv[2][0]) ||
	    mtu < 576 || mtu > 9000) {
		say_err("lab mtu: bad MTU \"%s\" (576-9000 bytes)", argv[2]);
		return (CMD_USAGE);
	}
	if (!c->s->lab.up) {
		say_err("lab: not in the lab (start tcpx with --lab=router)");
		return (CMD_FAIL);
	}
	if (lab_router_mtu(&c->s->lab, (unsigned)mtu, &cause) != 0) {
		say_err("lab mtu: %s", cause);
		free(cause);
		return (CMD_FAIL);
	}
	say("the router's link to the peer now has an MTU of %lu", mtu);
	return (CMD_OK);
}

/* argv's words joined with spaces, malloc'd. */
static char *
lab_join(char **argv)
{
	char	*s, *t;
	int	 i;

	s = xstrdup(argv[0]);
	for (i = 1; argv[i] != NULL; i++) {
		t = xasprintf("%s %s", s, argv[i]);
		free(s);
		s = t;
	}
	return (s);
}

/* lab exec CMD [ARG...] | lab sh 'SHELL LINE' */
static enum cmd_status
cmd_lab(struct cmd_ctx *c, int argc, char **argv)
{
	struct child	*ch;
	char		*cause = NULL, *line = NULL, **sh = NULL;
	char *const	*run = argv + 2;
	pid_t		 pid;

	if (strcmp(argv[1], "mtu") == 0)
		return (lab_mtu(c, argc, argv));
	if (strcmp(argv[1], "exec") != 0 && strcmp(argv[1], "sh") != 0) {
		say_err("lab: unknown subcommand \"%s\" (%susage: lab %s)",
		    argv[1], cmd_did_you_mean(argv[1], "exec sh mtu"),
		    cmd_lab_entry.usage);
		return (CMD_USAGE);
	}
	if (argc < 3) {
		say_err("lab %s: missing %s: usage: lab %s", argv[1],
		    strcmp(argv[1], "sh") == 0 ? "shell line" : "command",
		    cmd_lab_entry.usage);
		return (CMD_USAGE);
	}
	if (!c->s->lab.up) {
		say_err("lab: not in the lab (start tcpx with --lab)");
		return (CMD_FAIL);
	}
	line = lab_join(argv + 2);
	if (strcmp(argv[1], "sh") == 0) {
		/* The values measured so far go with it, as $M_NAME. */
		sh = measures_sh_argv(c, line);
		run = sh;
	}
	say_begin();
	fflush(stdout);
	/* The loop keeps running: tcpx answers the peer while CMD runs. */
	pid = lab_spawn(&c->s->lab, run, STDOUT_FILENO, &cause);
	if (sh != NULL)
		measures_argv_free(sh);
	if (pid == -1) {
		say_end();
		say_err("lab %s: %s", argv[1], cause);
		free(cause);
		free(line);
		return (CMD_FAIL);
	}
	out_share(1);	/* its lines and ours: each written whole */
	ch = xcalloc(1, sizeof *ch);
	ch->pid = pid;
	snprintf(ch->sub, sizeof ch->sub, "%s", argv[1]);
	ch->what = line;
	return (cmd_await(c, child_done, child_finish, ch, UINT64_MAX));
}
