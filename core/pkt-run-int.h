/*
 * core/pkt-run-int.h - the state of one script run (core/pkt-run.c), shared
 * with the system call table (core/pkt-sys.c) and the settings
 * (core/pkt-set.c).  Everything is bounded: PR_* below.
 */
#ifndef TCPX_CORE_PKT_RUN_INT_H
#define TCPX_CORE_PKT_RUN_INT_H

#include <stdarg.h>

#include "core/pkt-run.h"

#define PR_MAXOUT	256	/* segments sent and not yet matched */
#define PR_MAXFD	64	/* descriptors, from PR_FD0 */
#define PR_FD0		3
#define PR_MAXTS	64	/* TS val mappings remembered */
#define PR_MAXOPT	16	/* socket options set on one descriptor */
#define PR_SEGBUF	65536	/* the largest payload */

#define PR_MAXRESTORE	32	/* settings set_sysctls.py remembers */

/* What shell lines changed, for what depends on more than one sysctl. */
struct pr_set {
	uint64_t	 rmem[3];	/* net.ipv4.tcp_rmem: min, default, max */
	uint64_t	 rmem_max;	/* net.core.rmem_max */
	bool		 recording;	/* set_sysctls.py: remember old values */
	struct {
		char	 knob[24];
		char	 val[32];
	}		 saved[PR_MAXRESTORE];	/* for sysctl_restore_*.sh */
	size_t		 nsaved;
	int		 depth;		/* script files being read */
};

/* A segment the engine sent, and when. */
struct pr_out {
	struct seg	 s;
	uint8_t		*data;		/* owned copy of s.data */
	uint64_t	 at;
	unsigned long	 num;		/* the engine's num-th segment (traces) */
};

enum pr_fd_kind {
	PR_FD_FREE = 0,
	PR_FD_SOCKET,		/* socket(), not yet listening or connected */
	PR_FD_LISTEN,		/* id is a listener */
	PR_FD_CONN,		/* id is a connection */
};

/* A socket option set on a descriptor: its value for getsockopt. */
struct pr_sockopt {
	int64_t		level, name, val;
};

/* One descriptor of the table. */
struct pr_fd {
	enum pr_fd_kind	 kind;
	int		 num;		/* the script's number for it */
	int		 connect;	/* connect() calls seen (core/pkt-sys.c) */
	unsigned	 id;
	bool		 nonblock;
	bool		 linger0;	/* SO_LINGER {1, 0}: close resets */
	int		 linger;	/* SO_LINGER {1, T}: close blocks up to T s */
	bool		 err_taken;	/* SO_ERROR or a call reported the error */
	bool		 shut_rd;
	struct pr_sockopt opt[PR_MAXOPT];
	size_t		 nopt;
};

/* One run. */
struct pr {
	const struct pkt_script	*s;
	const struct pkt_run_cfg *c;
	struct pkt_result	*r;
	const struct pkt_target	*tg;		/* what the script runs against */
	struct stack		*st;		/* the engine target's */
	uint64_t		 t0, now;	/* virtual µs */
	int64_t			 prev;		/* the previous statement's time */
	bool			 last_in;	/* ... was a "<" line */
	int64_t			 tol;
	bool			 v6;
	struct endpoint		 local, remote;
	bool			 have_iss;
	uint32_t		 iss;
	uint32_t		 rnext;		/* the peer's next sequence number */
	bool			 have_ts;	/* first TS val: script and ours */
	uint32_t		 ts_script0, ts_actual0;
	struct { uint32_t script, actual; } tsmap[PR_MAXTS];
	size_t			 ntsmap;
	struct pr_out		 out[PR_MAXOUT];
	size_t			 head, nout;	/* out[head..nout) unmatched */
	struct pr_fd		 fd[PR_MAXFD];
	uint8_t			*zeros;		/* PR_SEGBUF: payload of "<" lines */
	uint8_t			*buf;		/* PR_SEGBUF: scratch */
	int			 line;		/* the statement running */
	const struct seg	*cause;		/* the "<" segment being taken in */
	unsigned long		 nsent;		/* segments the target sent */
	unsigned long		 failnum;	/* the one the failure is about */
	struct pr_sys		*sys;		/* a blocked call (core/pkt-block.c) */
	struct pr_set		 set;		/* core/pkt-set.c */
};

/* Tell the run's tracer t (line and clock filled in), if it has one. */
void	pr_trace(struct pr *p, struct pkt_trace *t);

/* Segment s in the script's notation (relative to both ISNs) into buf. */
char	*pr_seg_text(const struct pr *p, const struct seg *s, char *buf,
	    size_t len);

/* Set verdict v with "FILE:LINE: " and the message (the first verdict stays). */
void	pr_vmsg(struct pr *p, enum pkt_verdict v, const char *fmt,
	    va_list ap) __attribute__((format(printf, 3, 0)));

/* Fail the run at the current line: "FILE:LINE: " and the message; returns -1. */
int	pr_fail(struct pr *p, const char *fmt, ...)
	    __attribute__((format(printf, 2, 3)));

/* End the run as skipped (unsupported) at the current line; returns -1. */
int	pr_unsupported(struct pr *p, const char *fmt, ...)
	    __attribute__((format(printf, 2, 3)));

/* Record the current line as skipped, with why. */
void	pr_skip_line(struct pr *p, const char *fmt, ...)
	    __attribute__((format(printf, 2, 3)));

/*
 * Take what the target sent by p->now (the target's collect op), tell the
 * tracer, and let a blocked call return if it now can.
 */
int	pr_collect(struct pr *p);

/*
 * Let time pass to until (the target's advance op); with stop_on_output,
 * stop as soon as a segment is waiting.
 */
int	pr_advance(struct pr *p, uint64_t until, bool stop_on_output);

/* Record what the target did at the current line (pkt_result's seen). */
void	pr_seen(struct pr *p, bool ok, int64_t at, const char *fmt, ...)
	    __attribute__((format(printf, 4, 5)));

/* An integer argument: a number, a name, or names or'ed; 0 or -1 (core/pkt-names.c). */
int	pr_eval(struct pr *p, const struct pkt_expr *e, int64_t *out);

/* The script's name for errno e ("ECONNRESET"), or NULL for one no script names. */
const char *pr_errno_name(int e);

/* The engine as a target (virtual time), for pkt_run(). */
const struct pkt_target *pr_engine_target(void);

/* A blocked call returns if the engine now lets it (from pr_collect); 0, or -1. */
int	pr_sys_wake(struct pr *p);

/* The engine's next deadline, or sooner a blocked call's timeout or end. */
uint64_t pr_sys_deadline(struct pr *p);

/* At the end of the script: a blocked call must return; 0, or -1. */
int	pr_sys_end(struct pr *p);

/* Free what the system calls kept. */
void	pr_sys_free(struct pr *p);

/* Run a %{ }% block's asserts against TCP_INFO (core/pkt-code-run.c); 0, or -1. */
int	pr_code(struct pr *p, const struct pkt_code *code);

/* Run a system call statement; 0, or -1 when the run ended. */
int	pr_syscall(struct pr *p, const struct pkt_syscall *sc);

/* Apply the script's --options; 0, or -1 when the run ended. */
int	pr_options(struct pr *p);

/*
 * Run a shell line (core/pkt-shell.c): sysctls with a tcpx setting change
 * it, others are skipped; 0, or -1 when the run ended (a check failed).
 */
int	pr_shell(struct pr *p, const char *text);

/*
 * Set a Linux sysctl (net.ipv4.tcp_sack, /proc/sys/net/ipv4/tcp_sack) to
 * value on the engine (core/pkt-set.c): 1 done, 0 not carried out (why
 * in why), -1 a bad value (why says which).
 */
int	pr_sysctl(struct pr *p, const char *name, const char *value,
	    char *why, size_t whylen);

/* Give back the settings set_sysctls.py changed (sysctl_restore_*.sh). */
void	pr_sysctl_restore(struct pr *p);

#endif
