/*
 * cli/ui/pktrun.h - `tcpx --pkt FILE...`: run packetdrill scripts against
 * our engine in virtual time (core/pkt-run.h) and report on them.
 */
#ifndef TCPX_CLI_UI_PKTRUN_H
#define TCPX_CLI_UI_PKTRUN_H

#include "core/pkt-run.h"

struct pktrun_junit;

/* Whether argv asks for --pkt. */
int	pktrun_wanted(int argc, char **argv);

/* Run `tcpx --pkt ...`; the exit status (0 only when every script passed). */
int	pktrun_main(int argc, char **argv);

/*
 * --junit FILE (cli/ui/pktrun-junit.c): open FILE for the report, or NULL
 * with a message; add each script's result; write it all and free (0, or
 * -1 with a message).
 */
struct pktrun_junit *pktrun_junit_open(const char *path);
void	pktrun_junit_add(struct pktrun_junit *j, const char *path,
	    const struct pkt_result *r, double secs);
int	pktrun_junit_close(struct pktrun_junit *j);

#endif
