/*
 * cli/cmd-lab.c - `lab exec CMD...`: run a command in the lab's peer
 * namespace, where the real Linux kernel we talk to lives (ss, nstat, ip,
 * sysctl, tcpdump...), and show its output.
 */
#include <stdio.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "cli/cmd.h"
#include "cli/session.h"

static enum cmd_status cmd_lab(struct session *, int, char **);

const struct cmd_entry cmd_lab_entry = {
	"lab", NULL, "exec CMD [ARG...]", 2, -1, 0,
	"run a command in the lab's peer namespace (e.g. lab exec ss -tan)",
	"The peer is the real Linux kernel at 10.0.0.2 and fd00::2. Its view\n"
	"of our connections: lab exec ss -tan; its counters: lab exec nstat -a;\n"
	"its settings: lab exec sysctl net.ipv4.tcp_syncookies. Only with --lab.",
	cmd_lab
};

struct child {
	pid_t	pid;
	int	status;
};

/* Whether the child has finished (reaping it). */
static int
child_done(struct session *s, void *arg)
{
	struct child	*c = arg;

	(void)s;
	return (waitpid(c->pid, &c->status, WNOHANG) == c->pid);
}

/* lab exec CMD [ARG...] */
static enum cmd_status
cmd_lab(struct session *s, int argc, char **argv)
{
	struct child	 c;
	char		*cause = NULL;
	int		 rc;

	if (strcmp(argv[1], "exec") != 0) {
		say_err(s, "lab: unknown subcommand \"%s\" (usage: lab %s)",
		    argv[1], cmd_lab_entry.usage);
		return (CMD_USAGE);
	}
	if (argc < 3) {
		say_err(s, "usage: lab %s", cmd_lab_entry.usage);
		return (CMD_USAGE);
	}
	if (!s->lab.up) {
		say_err(s, "lab: not in the lab (start tcpx with --lab)");
		return (CMD_FAIL);
	}
	say_begin(s);
	fflush(stdout);
	/* The loop keeps running: tcpx answers the peer while CMD runs. */
	if ((c.pid = lab_spawn(&s->lab, argv + 2, STDOUT_FILENO, &cause)) == -1) {
		say_end(s);
		say_err(s, "lab exec: %s", cause);
		free(cause);
		return (CMD_FAIL);
	}
	s->child_running = 1;
	if (loop_until(s, child_done, &c, TCP_NEVER) != 1) {
		kill(c.pid, SIGTERM);
		while (waitpid(c.pid, &c.status, 0) == -1)
			;
	}
	s->child_running = 0;
	say_end(s);
	rc = lab_status(c.status);
	if (rc != 0) {
		say_err(s, "lab exec: %s exited with status %d", argv[2], rc);
		return (CMD_FAIL);
	}
	return (CMD_OK);
}
