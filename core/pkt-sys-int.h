/*
 * core/pkt-sys-int.h - what the system call files share: the descriptor
 * table (core/pkt-sys.c), socket options and TCP_INFO (core/pkt-sockopt.c),
 * the data path and poll (core/pkt-io.c), blocking calls in virtual time
 * (core/pkt-block.c), %{ }% blocks (core/pkt-code-run.c) and the names
 * scripts use (core/pkt-names.c).  Numbers are
 * Linux's, as the scripts were written against it.
 */
#ifndef TCPX_CORE_PKT_SYS_INT_H
#define TCPX_CORE_PKT_SYS_INT_H

#include "core/pkt-run-int.h"

#define PR_O_RDWR	2
#define PR_O_NONBLOCK	04000
#define PR_F_GETFL	3
#define PR_F_SETFL	4
#define PR_SOL_SOCKET	1
#define PR_IPPROTO_TCP	6
#define PR_SO_REUSEADDR	2
#define PR_SO_ERROR	4
#define PR_SO_SNDBUF	7
#define PR_SO_RCVBUF	8
#define PR_SO_KEEPALIVE	9
#define PR_SO_LINGER	13
#define PR_TCP_NODELAY	1
#define PR_TCP_MAXSEG	2
#define PR_TCP_KEEPIDLE	4
#define PR_TCP_KEEPINTVL 5
#define PR_TCP_KEEPCNT	6
#define PR_TCP_INFO	11
#define PR_TCP_USER_TIMEOUT 18
#define PR_SHUT_RD	0
#define PR_SHUT_WR	1
#define PR_SHUT_RDWR	2
#define PR_POLLIN	0x001
#define PR_POLLOUT	0x004
#define PR_POLLERR	0x008
#define PR_POLLHUP	0x010
#define PR_POLLNVAL	0x020
#define PR_POLLRDHUP	0x2000
#define PR_MSG_PEEK	0x02
#define PR_MSG_DONTWAIT	0x40
#define PR_MSG_FASTOPEN	0x20000000
#define PR_SIOCINQ	0x541B		/* FIONREAD */
#define PR_SIOCOUTQ	0x5411		/* TIOCOUTQ */
#define PR_MAXVARS	32		/* variables of %{ }% blocks */

/* What a call did: its return value, errno (0: none) and its progress. */
struct pr_ret {
	int64_t	val;
	int	err;
	int64_t	done;		/* bytes a blocking write queued so far;
				   1 once a blocking connect or close began */
	unsigned conn;		/* close with SO_LINGER: its connection */
};

/* What running a call came to. */
enum pr_call {
	PR_CALL_ERR = -1,	/* the run ended (failed or skipped) */
	PR_CALL_DONE = 0,	/* it returned: ret holds what */
	PR_CALL_BLOCK,		/* it would block: run it again later */
};

/* The state of a call that blocks (core/pkt-block.c). */
struct pr_sys {
	bool			 active;
	bool			 running;	/* being retried: no re-entry */
	const struct pkt_syscall *sc;
	int			 line;
	int64_t			 start;		/* script µs */
	bool			 has_end;	/* "...T": runs beside the
						   statements after it */
	int64_t			 end;		/* script µs it must return at */
	uint64_t		 wake;		/* virtual µs a timeout ends it,
						   or TCP_NEVER */
	struct pr_ret		 ret;
	/* %{ }% blocks' variables (core/pkt-code-run.c), kept between them. */
	struct { const char *name; int64_t val; } var[PR_MAXVARS];
	size_t			 nvar;
};


/* Argument i of sc as an integer. */
int	pr_arg(struct pr *p, const struct pkt_syscall *sc, size_t i,
	    int64_t *out);

/* Whether name is a constant the scripts use; its value in *out. */
bool	pr_name_value(const char *name, int64_t *out);

/* The descriptor numbered fd, or NULL. */
struct pr_fd *pr_fd_find(struct pr *p, int64_t fd);

/* A connection's pending error (SO_ERROR), taken once; 0: none. */
int	pr_conn_error(struct pr *p, struct pr_fd *f);


/* Run call sc on descriptor f (NULL for socket and poll) into *ret. */
enum pr_call pr_call_run(struct pr *p, const struct pkt_syscall *sc,
	    struct pr_ret *ret, uint64_t *wake);

/* Compare what call sc returned (ret) with the script's; 0, or -1. */
int	pr_call_check(struct pr *p, const struct pkt_syscall *sc,
	    const struct pr_ret *ret);

/*
 * The calls of core/pkt-sockopt.c and core/pkt-io.c, as pr_call_run runs
 * them: descriptor f (NULL for poll), *wake a timeout's end (poll).
 */
#define PR_CALL_ARGS	struct pr *p, const struct pkt_syscall *sc, \
			struct pr_fd *f, struct pr_ret *ret, uint64_t *wake

/* setsockopt(fd, level, name, value, len). */
enum pr_call pr_sys_setsockopt(PR_CALL_ARGS);

/* getsockopt(fd, level, name, value, len): the value compared too. */
enum pr_call pr_sys_getsockopt(PR_CALL_ARGS);

/*
 * The value of TCP_INFO field name (tcpi_state...) for connection conn;
 * 1 with *out, 0 when the engine does not know that field, -1 when there
 * is no such connection.
 */
int	pr_tcpi(struct pr *p, unsigned conn, const char *name, int64_t *out);

/* Apply the options set on socket f before OPEN to the settings c it opens with. */
int	pr_sockopt_cfg(struct pr *p, struct pr_fd *f, struct tcp_cfg *c);

/* read, recv, recvfrom, readv, recvmsg. */
enum pr_call pr_sys_read(PR_CALL_ARGS);

/* write, send, sendto, writev, sendmsg. */
enum pr_call pr_sys_write(PR_CALL_ARGS);

/* poll([{fd, events, revents}...], n, timeout). */
enum pr_call pr_sys_poll(PR_CALL_ARGS);

/* ioctl(fd, SIOCINQ or SIOCOUTQ, [N]). */
enum pr_call pr_sys_ioctl(PR_CALL_ARGS);

/* Call sc would block: wait for it (or, with "...T", let the script go on). */
int	pr_block_start(struct pr *p, const struct pkt_syscall *sc,
	    int64_t start, const struct pr_ret *ret, uint64_t wake);

/* Wait until no call is blocked; 0, or -1 when the run ended. */
int	pr_block_wait(struct pr *p);

/* Check a "...T" call that returned at once against its end time. */
int	pr_block_time(struct pr *p, const struct pkt_syscall *sc,
	    int64_t start, int line);

#endif
