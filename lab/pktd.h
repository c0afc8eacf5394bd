/*
 * lab/pktd.h - the system-call executor of `tcpx --lab --pkt --against
 * kernel`: a process forked into the lab's peer namespace that carries out
 * a script's system calls on the real Linux stack, one request at a time
 * over a SOCK_SEQPACKET socketpair, and answers with the return value and
 * errno.  Its sockets are numbered from 3, as the script's are.
 */
#ifndef TCPX_LAB_PKTD_H
#define TCPX_LAB_PKTD_H

#include <stdint.h>
#include <sys/types.h>

#include "lab/lab.h"

#define PKTD_MAXDATA	65536	/* bytes of a write, a read, a sysctl */
#define PKTD_MAXPOLL	16	/* descriptors of one poll() */
#define PKTD_ADDRLEN	64

enum pktd_op {
	PKTD_SOCKET = 1,	/* a0 domain, a1 type, a2 protocol */
	PKTD_BIND,		/* a0 fd, addr, a1 port */
	PKTD_LISTEN,		/* a0 fd, a1 backlog */
	PKTD_ACCEPT,		/* a0 fd */
	PKTD_CONNECT,		/* a0 fd, addr, a1 port; rep.val: our port */
	PKTD_FCNTL,		/* a0 fd, a1 cmd, a2 arg */
	PKTD_SETSOCKOPT,	/* a0 fd, a1 level, a2 name, a3 value;
				   a4 1: struct linger {a3, a5} */
	PKTD_GETSOCKOPT,	/* a0 fd, a1 level, a2 name; rep.val */
	PKTD_READ,		/* a0 fd, a1 count, a2 flags (recv) */
	PKTD_RECV,
	PKTD_WRITE,		/* a0 fd, a1 count, a2 flags (send); data */
	PKTD_SEND,
	PKTD_SHUTDOWN,		/* a0 fd, a1 how */
	PKTD_CLOSE,		/* a0 fd */
	PKTD_POLL,		/* a0 n, a1 timeout ms; data: n x {fd, events} */
	PKTD_SYSCTL,		/* data: "net.ipv4.NAME\0VALUE"; rep.msg */
	PKTD_TCPINFO,		/* a0 fd; rep.val: tcpi_state */
};

/* A request; PKTD_WRITE's bytes, a poll's pairs, a sysctl's text follow it. */
struct pktd_req {
	uint32_t	op;
	uint32_t	len;		/* bytes after the header */
	int64_t		a[6];
	char		addr[PKTD_ADDRLEN];
};

/* The answer. */
struct pktd_rep {
	int64_t		ret;		/* the call's return value */
	int32_t		err;		/* its errno (0: none) */
	int32_t		npoll;
	int64_t		val;		/* getsockopt's value, connect's port */
	int16_t		revents[PKTD_MAXPOLL];
	char		msg[160];	/* a sysctl's failure */
};

/*
 * Fork the executor into l's peer namespace; its pid and our end of the
 * socketpair in *fd, or -1 with *cause (malloc'd).  It exits when the
 * socketpair closes or tcpx dies.
 */
pid_t	pktd_start(const struct lab *l, int *fd, char **cause);

/* Stop the executor pid (its sockets close with it) and reap it. */
void	pktd_stop(pid_t pid, int fd);

/* Serve requests on fd until it closes; the executor's body. */
int	pktd_serve(int fd);

#endif
