/*
 * cli/run/pktk-int.h - the kernel target's state (cli/run/pktk.c: the lab,
 * the wire and the clock), shared with its system calls and sysctls
 * (cli/run/pktk-sys.c).
 */
#ifndef TCPX_CLI_RUN_PKTK_INT_H
#define TCPX_CLI_RUN_PKTK_INT_H

#include <signal.h>
#include <stdbool.h>

#include "cli/run/pktk.h"
#include "lab/lab.h"
#include "lab/pktd.h"

struct cap;
struct inj;
struct neigh;

/* Linux's values (the executor runs on this machine's kernel). */
#define PK_SOL_SOCKET	1
#define PK_SO_LINGER	13

#define PKTK_MAXFD	1024	/* script descriptors mapped */

struct pktk {
	struct pkt_target tg;
	struct lab	 lab;
	bool		 up;
	struct inj	*inj;
	struct cap	*cap;
	struct neigh	*nb;
	uint8_t		 mac[6], peer_mac[6];
	bool		 have_peer_mac;
	pid_t		 pktd;
	int		 fd;		/* to the executor */
	int64_t		 wall_off;	/* wall µs - monotonic µs */
	struct pr	*p;		/* the run, while a frame is handled */
	struct endpoint	 local, remote;	/* the kernel's, the script's peer */
	unsigned	 sent;		/* segments handed to the run */
	uint8_t		*req;		/* PKTD_MAXDATA + header */
	int		 fdmap[PKTK_MAXFD];	/* script fd -> the kernel's, -1 */
	uint64_t	 setup_us;
	const char	*peer_exec;	/* run in the peer after each script */
};

/*
 * Set by SIGINT, SIGTERM or SIGHUP during a run (pktk.c's handler): the
 * waits stop.  Defined in pktk-sys.c, which calls nothing of pktk.c (the
 * capture is collected through the ops table).
 */
extern volatile sig_atomic_t pk_stop;

/*
 * Send request q (with len bytes of data) to the executor and wait for
 * its answer at most PKTK_CALL_WAIT; 0, 1 when still blocked, or -1.
 */
int	pk_call(struct pktk *k, struct pr *p, struct pktd_req *q,
	    const void *data, size_t len, struct pktd_rep *r);

/* The syscall op: a call on the kernel, compared with the script's. */
int	pk_syscall(void *arg, struct pr *p, const struct pkt_syscall *sc);

/* The sysctl op: set in the peer, checked to be per namespace. */
int	pk_sysctl(void *arg, struct pr *p, const char *name,
	    const char *value, char *err, size_t errlen);

#endif
