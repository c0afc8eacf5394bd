/*
 * cli/ui/pktrun.h - `tcpx --pkt FILE...`: run packetdrill scripts against
 * our engine in virtual time (core/pkt-run.h) and report on them.
 */
#ifndef TCPX_CLI_UI_PKTRUN_H
#define TCPX_CLI_UI_PKTRUN_H

/* Whether argv asks for --pkt. */
int	pktrun_wanted(int argc, char **argv);

/* Run `tcpx --pkt ...`; the exit status (0 only when every script passed). */
int	pktrun_main(int argc, char **argv);

#endif
