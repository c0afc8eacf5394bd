/*
 * tests/net/labctl.c - a test driver for lab/: brings the lab up, prints
 * the namespace names, then obeys one command per stdin line:
 *   exec CMD ARGS...	run in the peer namespace, then print "status N"
 *   offloads		print which offloads are on at both veth ends
 *   down		lab_down twice (it must be idempotent), print "down"
 *   sweep		print lab_sweep()'s count
 * EOF tears the lab down.  "labctl sweep" only sweeps.  Not installed.
 */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "lab/lab.h"
#include "lab/netns.h"

#define MAXARGS	64

static void	offloads(const struct lab *);
static int	run_exec(const struct lab *, char *);

/* Print the offload masks of both veth ends. */
static void
offloads(const struct lab *l)
{
	char	*cause = NULL;
	int	 self, peer = -1, home;

	self = netns_offloads_get(LAB_IFNAME, &cause);
	home = open("/proc/self/ns/net", 0);
	if (home != -1 && setns(l->peer_fd, CLONE_NEWNET) == 0) {
		peer = netns_offloads_get(LAB_PEER_IFNAME, &cause);
		(void)setns(home, CLONE_NEWNET);
	}
	if (home != -1)
		close(home);
	printf("offloads %s %d %s %d\n", LAB_IFNAME, self, LAB_PEER_IFNAME,
	    peer);
	if (cause != NULL)
		printf("error %s\n", cause);
	free(cause);
}

/* Split line into words and run them in the peer; print the status. */
static int
run_exec(const struct lab *l, char *line)
{
	char	*argv[MAXARGS], *cause = NULL;
	int	 n = 0, rc;

	for (argv[n] = strtok(line, " \t"); argv[n] != NULL && n < MAXARGS - 1;
	    argv[n] = strtok(NULL, " \t"))
		n++;
	argv[n] = NULL;
	fflush(stdout);
	rc = lab_exec(l, argv, 1, &cause);
	if (rc == -1) {
		printf("error %s\n", cause);
		free(cause);
	}
	printf("status %d\n", rc);
	return (rc);
}

int
main(int argc, char **argv)
{
	struct lab	 l;
	char		*cause = NULL, line[1024];

	setvbuf(stdout, NULL, _IOLBF, 0);
	if (argc > 1 && strcmp(argv[1], "sweep") == 0) {
		printf("swept %d\n", lab_sweep());
		return (0);
	}
	if (lab_up(&l, 0, &cause) == -1) {
		fprintf(stderr, "%s\n", cause);
		free(cause);
		return (1);
	}
	printf("self %s\npeer %s\nready\n", l.ns_self, l.ns_peer);
	while (fgets(line, sizeof line, stdin) != NULL) {
		line[strcspn(line, "\n")] = '\0';
		if (strncmp(line, "exec ", 5) == 0)
			run_exec(&l, line + 5);
		else if (strcmp(line, "offloads") == 0)
			offloads(&l);
		else if (strcmp(line, "down") == 0) {
			lab_down(&l);
			lab_down(&l);
			printf("down\n");
		} else if (strcmp(line, "sweep") == 0)
			printf("swept %d\n", lab_sweep());
		else
			printf("error unknown command \"%s\"\n", line);
	}
	lab_down(&l);
	return (0);
}
