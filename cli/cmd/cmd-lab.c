/*
 * cli/cmd/cmd-lab.c - `lab exec CMD...`: run a command in the lab's peer
 * namespace, where the real Linux kernel we talk to lives (ss, nstat, ip,
 * sysctl, tcpdump...), and show its output.
 */
#include <stdio.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "cli/cmd/cmd.h"
#include "cli/obs/out.h"
#include "cli/run/session.h"
#include "core/xmalloc.h"

static enum cmd_status cmd_lab(struct cmd_ctx *, int, char **);

const struct cmd_entry cmd_lab_entry = {
	.name = "lab",
	.usage = "exec CMD [ARG...]",
	.min_args = 2,
	.max_args = -1,
	.help = "run a command in the lab's peer namespace (e.g. lab exec ss -tan)",
	.detail = "The peer is the real Linux kernel at 10.0.0.2 and fd00::2. Its view\n"
	    "of our connections: lab exec ss -tan; its counters: lab exec nstat -a;\n"
	    "its settings: lab exec sysctl net.ipv4.tcp_syncookies. Only with --lab.",
	.exec = cmd_lab,
};

/* A command running in the peer's namespace. */
struct child {
	pid_t	pid;
	int	status;
	char	name[64];
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

/* The child ended, or is stopped when the wait was interrupted. */
static enum cmd_status
child_finish(struct cmd_ctx *c, void *arg, enum cmd_end how)
{
	struct child	*ch = arg;
	int		 rc;

	(void)c;
	if (how != CMD_END_DONE) {
		kill(ch->pid, SIGTERM);
		while (waitpid(ch->pid, &ch->status, 0) == -1)
			;
	}
	say_end();
	if ((rc = lab_status(ch->status)) != 0) {
		say_err("lab exec: %s exited with status %d", ch->name, rc);
		return (CMD_FAIL);
	}
	return (how == CMD_END_INTERRUPT ? CMD_FAIL : CMD_OK);
}

/* lab exec CMD [ARG...] */
static enum cmd_status
cmd_lab(struct cmd_ctx *c, int argc, char **argv)
{
	struct child	*ch;
	char		*cause = NULL;
	pid_t		 pid;

	if (strcmp(argv[1], "exec") != 0) {
		say_err("lab: unknown subcommand \"%s\" (%susage: lab %s)",
		    argv[1], cmd_did_you_mean(argv[1], "exec"),
		    cmd_lab_entry.usage);
		return (CMD_USAGE);
	}
	if (argc < 3) {
		say_err("usage: lab %s", cmd_lab_entry.usage);
		return (CMD_USAGE);
	}
	if (!c->s->lab.up) {
		say_err("lab: not in the lab (start tcpx with --lab)");
		return (CMD_FAIL);
	}
	say_begin();
	fflush(stdout);
	/* The loop keeps running: tcpx answers the peer while CMD runs. */
	if ((pid = lab_spawn(&c->s->lab, argv + 2, STDOUT_FILENO,
	    &cause)) == -1) {
		say_end();
		say_err("lab exec: %s", cause);
		free(cause);
		return (CMD_FAIL);
	}
	ch = xcalloc(1, sizeof *ch);
	ch->pid = pid;
	snprintf(ch->name, sizeof ch->name, "%s", argv[2]);
	return (cmd_await(c, child_done, child_finish, ch, UINT64_MAX));
}
