/*
 * lab/lab.h - the built-in lab: two private network namespaces joined by a
 * veth pair.  tcpx's side owns 10.0.0.1 and fd00::1 (on no kernel interface:
 * tcpx answers ARP/ND itself); the peer namespace runs the real Linux stack at
 * 10.0.0.2 and fd00::2 with our daemon serving TCP echo (7), discard (9),
 * HTTP (80) and UDP echo (7).  The host namespace is never touched.
 */
#ifndef TCPX_LAB_LAB_H
#define TCPX_LAB_LAB_H

#include <sys/types.h>

#include <time.h>

#define LAB_PREFIX	"tcpx-lab-"	/* every namespace we create starts so */
#define LAB_MY4		"10.0.0.1"
#define LAB_PEER4	"10.0.0.2"
#define LAB_MY6		"fd00::1"
#define LAB_PEER6	"fd00::2"
#define LAB_IFNAME	"tcpx0"		/* tcpx's veth end, in its namespace */
#define LAB_PEER_IFNAME	"peer0"		/* the peer's veth end */
#define LAB_RTR_IN	"r0"		/* --lab=router: the router's end toward us */
#define LAB_RTR_OUT	"r1"		/* ... and toward the peer */
#define LAB_RTR4	"10.0.0.254"	/* the router's address on r0 */
#define LAB_RTR6	"fd00::fe"

struct lab {
	char	ns_self[64];	/* namespace tcpx runs in */
	char	ns_peer[64];	/* namespace of the kernel peer */
	char	ns_rtr[64];	/* --lab=router: a kernel router between ("": none) */
	int	peer_fd;	/* open /run/netns/<ns_peer>, for setns() */
	pid_t	labd_pid;	/* the peer daemon */
	int	up;
	int	home_fd;	/* the namespace lab_up was called in */
	pid_t	owner;		/* the process that built the lab */
};

/*
 * Remove namespaces left by lab runs whose process is gone.  Returns how
 * many were removed.
 */
int	lab_sweep(void);

/*
 * Whether line, a /proc/PID/stat, shows the tcpx that made a namespace at
 * made: a tcpx (by its comm, or any comm when named_tcpx says its command
 * line runs tcpx), not a zombie, started (boot, hz: from /proc/stat and
 * sysconf) no later than that.  For lab_sweep(); exported for its tests.
 */
int	lab_stat_owns(const char *line, long long boot, long hz, time_t made,
	    int named_tcpx);

/*
 * Whether a /proc/PID/cmdline (len bytes of NUL-ended arguments) runs
 * tcpx under another program: an argument whose last path part is "tcpx"
 * (valgrind's tool is the process then, its comm "memcheck-amd64-").
 */
int	lab_cmdline_is_tcpx(const char *buf, size_t len);

/*
 * Build the lab (with a Linux router between tcpx and the peer when
 * router is set), start the peer daemon, and move the calling process
 * into its own namespace (ns_self).  Returns 0, or -1 with *cause
 * (malloc'd), having removed whatever it had built.
 */
int	lab_up(struct lab *l, int router, char **cause);

/*
 * Give the router's link to the peer an MTU of mtu (the peer keeps
 * advertising the MSS of a 1500-byte link, as a host behind the router
 * would), so that the router answers larger packets with ICMP.  Returns
 * 0, or -1 with *cause.
 */
int	lab_router_mtu(const struct lab *l, unsigned mtu, char **cause);

/* Tear the lab down: kill the daemon, delete both namespaces.  Idempotent. */
void	lab_down(struct lab *l);

/*
 * Run argv in the peer namespace with stdout and stderr going to fd out,
 * waiting for it to finish.  Returns its exit status (0-255), or -1 with
 * *cause (malloc'd) when it could not be run.
 */
int	lab_exec(const struct lab *l, char *const argv[], int out, char **cause);

/*
 * Start argv in the peer namespace with output to out, without waiting,
 * in a process group of its own (its pid: kill(-pid) stops all of it, and a
 * terminal's Ctrl-C reaches tcpx alone): its pid (reap it with waitpid, map
 * the status with lab_status), or -1 with *cause (malloc'd) when it could
 * not be started.
 */
pid_t	lab_spawn(const struct lab *l, char *const argv[], int out,
	    char **cause);

/* A waitpid status as lab_exec reports it: the exit code, or 128 + signal. */
int	lab_status(int status);

#endif
