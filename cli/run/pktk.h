/*
 * cli/run/pktk.h - the lab's kernel as the target of a packetdrill script
 * (`tcpx --lab --pkt FILE --against kernel`, core/pkt-run.h): a fresh lab
 * per script; the script's system calls run on the peer's real stack
 * (10.0.0.2, fd00::2) through the executor of lab/pktd.c; tcpx plays the
 * script's remote side from 10.0.0.1 / fd00::1, injecting its "<"
 * segments (craft/) and matching the kernel's segments captured on the
 * wire (capture/), in real time, as packetdrill's remote mode does.
 * 10.0.0.1 is on no kernel interface, so no kernel of ours answers the
 * injected connection with RSTs: tcpx answers ARP/ND for it.
 */
#ifndef TCPX_CLI_RUN_PKTK_H
#define TCPX_CLI_RUN_PKTK_H

#include "core/pkt-run.h"

#define PKTK_CALL_WAIT	(2 * TCP_SEC)	/* µs a system call may block */
#define PKTK_ANY_WAIT	(10 * TCP_SEC)	/* µs a "*" line waits for a segment */
#define PKTK_ARP_WAIT	(2 * TCP_SEC)	/* µs to learn the peer's MAC */

struct pktk;

/* A kernel target (nothing is built until a script begins). */
struct pktk	*pktk_new(void);

/* Its ops for pkt_run_target(). */
const struct pkt_target *pktk_target(struct pktk *k);

/* The last run's lab set-up time in µs (lab, executor, MAC), for --verbose. */
uint64_t	 pktk_setup_us(const struct pktk *k);

/*
 * After each run, before its lab goes, run the shell line cmd in the peer
 * namespace with its output on our standard output (NULL: nothing): the
 * kernel's own view (ss, nstat) of what the script did.
 */
void		 pktk_set_peer_exec(struct pktk *k, const char *cmd);

/* Whether a signal (SIGINT, SIGTERM, SIGHUP) ended the last run. */
int		 pktk_interrupted(const struct pktk *k);

/* Free k (its lab is down after each run). */
void		 pktk_free(struct pktk *k);

#endif
