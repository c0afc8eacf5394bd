/*
 * core/pkt-run.h - run a parsed packetdrill script (core/pkt.h) against
 * tcpx's engine (core/tcp.h) in virtual time: no sockets, no clock, no
 * root.  Pure: the caller reads the file and prints the result.
 *
 * Conventions (as packetdrill's, for one connection per script):
 *	- we are 192.0.2.1 (2001:db8::1 with --ip_version=ipv6), the remote
 *	  peer 192.0.2.2 (2001:db8::2); a passive socket binds port 8080 and
 *	  the peer comes from PKT_RUN_RPORT; an active one connects to
 *	  8080 from the ephemeral port the engine picks;
 *	- "<" lines are the peer's segments: their sequence numbers are
 *	  relative to the peer's ISN (PKT_RUN_RISN: "S 0:0(0)" is it), ack
 *	  and SACK blocks to our ISS; LEN bytes without a payload are zeros;
 *	  an omitted START:END(LEN) is the peer's next sequence number;
 *	- ">" lines are what the engine must send next, in strict order:
 *	  sequence numbers relative to our ISS (learnt from our SYN), acks to
 *	  the peer's ISN; our TS val is mapped to the script's from the first
 *	  one seen and an inbound TS ecr back again (RFC 7323 §3);
 *	- a statement at time T runs at virtual time T; a ">" line must be
 *	  sent within the tolerance of T (or of T~T2); "*" is any time.  The
 *	  engine's timers run between statements, so a retransmission a
 *	  script expects at +1 is sent at +1.  A relative time after a ">"
 *	  line counts from when the segment was sent;
 *	- a segment the engine sends that no ">" line expects fails the
 *	  script at the next statement.
 *
 * System calls run through a descriptor table (numbered as the script
 * numbers them) onto the engine's user calls (core/pkt-sys.c); one that
 * would block blocks in virtual time (core/pkt-block.c); %{ }% blocks'
 * asserts run against TCP_INFO (core/pkt-code-run.c).  `sysctl` shell
 * lines and script options that have a tcpx setting change it, others are
 * skipped and listed, as are %{ }% blocks not in a simple form.  A script
 * needing what is not supported (UDP, ICMP, TCP Fast Open) ends as
 * skipped.
 *
 * A run can be watched (cfg.trace: each statement, each segment in and
 * out, each engine event, the end) and stepped: pkt_run_begin(), then
 * pkt_run_next() for one statement at a time, then pkt_run_end();
 * pkt_run() is that loop.
 *
 * Memory: a run allocates only while it runs; the result is the caller's.
 */
#ifndef TCPX_CORE_PKT_RUN_H
#define TCPX_CORE_PKT_RUN_H

#include <stdbool.h>
#include <stdint.h>

#include "core/pkt.h"
#include "core/tcp.h"

#define PKT_RUN_TOLERANCE	4000	/* µs: packetdrill's --tolerance_usecs */
#define PKT_RUN_LPORT		8080	/* our port when passive, theirs when active */
#define PKT_RUN_RPORT		48000	/* the peer's port when it is active */
#define PKT_RUN_RISN		1000000u /* the peer's ISN */
#define PKT_RUN_MSGLEN		1024	/* a verdict's message */
#define PKT_RUN_MAXSKIP		32	/* skipped lines listed (all are counted) */
#define PKT_RUN_SKIPLEN		160

enum pkt_verdict {
	PKT_PASS,
	PKT_FAIL,
	PKT_SKIP,	/* the script needs something not supported */
};

#define PKT_RUN_MAXFILE	65536	/* bytes of a shell script a line names */

struct pkt_result;

/* What a run tells its tracer, as it happens. */
enum pkt_trace_kind {
	PKT_TRACE_STMT,		/* stmt starts (before its time is reached) */
	PKT_TRACE_IN,		/* seg, a "<" line's, went to the engine */
	PKT_TRACE_OUT,		/* the engine sent seg, its num-th segment */
	PKT_TRACE_EVENT,	/* the engine's event ev; cause: the "<"
				   segment it came from, or NULL */
	PKT_TRACE_PUMPED,	/* the engine has said all it had at now */
	PKT_TRACE_END,		/* the run is over: r is final; num: the
				   segment the failure is about, or 0 */
};

/* One thing a run tells its tracer; pointers valid during the call. */
struct pkt_trace {
	enum pkt_trace_kind	 kind;
	int			 line;	/* the statement running, or 0 */
	uint64_t		 now;	/* virtual µs */
	uint64_t		 t0;	/* virtual µs of script time 0 */
	const struct pkt_stmt	*stmt;	/* STMT */
	const struct seg	*seg;	/* IN, OUT */
	const char		*text;	/* IN, OUT: seg in notation relative to
					   the script's ISNs, as messages say */
	unsigned long		 num;	/* OUT, END */
	const struct tcp_event	*ev;	/* EVENT */
	const struct seg	*cause;	/* EVENT */
	struct endpoint		 local, remote;	/* EVENT: its connection's
					   ends (port 0: none, a listener) */
	const struct pkt_result	*r;	/* END */
};

/* A tracer: called synchronously from inside the run. */
typedef void	pkt_trace_fn(void *arg, const struct pkt_trace *t);

/* How to run: the engine's settings and the comparison's. */
struct pkt_run_cfg {
	struct tcp_cfg	tcp;		/* the stack's settings before the script's */
	int64_t		tolerance;	/* µs; -1: the script's, else PKT_RUN_TOLERANCE */
	bool		lenient;	/* options as a set by kind, TS val ignored */
	/*
	 * Read the shell script a backtick line names (path joined to the
	 * script's directory: "dir/../common/defaults.sh") into *text
	 * (malloc'd, NUL-terminated, at most PKT_RUN_MAXFILE bytes; pkt_run
	 * frees it); 0, or -1 with err.  NULL: such lines are skipped.
	 */
	int		(*read_file)(void *arg, const char *path, char **text,
			    char *err, size_t errlen);
	void		*read_arg;

	pkt_trace_fn	*trace;		/* or NULL */
	void		*trace_arg;
};

/* A line the run did not carry out, and why. */
struct pkt_skip {
	int	line;
	char	why[PKT_RUN_SKIPLEN];
};

/*
 * What the target did at a line, for comparing two targets: the segment
 * it sent for a ">" line, what a call returned.
 */
#define PKT_RUN_MAXSEEN		256	/* lines recorded (all are counted) */
#define PKT_RUN_SEENLEN		160
struct pkt_seen {
	int	 line;
	bool	 ok;			/* the line passed */
	int64_t	 at;			/* script µs it was sent; -1: not a segment */
	char	 what[PKT_RUN_SEENLEN];	/* "sent \"> S. 0:0(0) ...\"", "returned -1 EAGAIN" */
};

/* The verdict on a script. */
struct pkt_result {
	enum pkt_verdict verdict;
	int		 line;		/* where it failed or was skipped; 0 */
	char		 msg[PKT_RUN_MSGLEN];	/* "FILE:LINE: ..." */
	size_t		 nskipped;	/* lines skipped (all of them) */
	struct pkt_skip	 skip[PKT_RUN_MAXSKIP];	/* the first ones */
	size_t		 nstmts;	/* statements run */
	size_t		 nseen;		/* what the target did (all of it) */
	struct pkt_seen	 seen[PKT_RUN_MAXSEEN];	/* the first lines */
};

/* Fill c with the defaults: Linux-like engine settings, the script's tolerance. */
void	pkt_run_cfg_default(struct pkt_run_cfg *c);

/*
 * The target a script runs against: the matching (times, tolerance,
 * ISN and TS mapping, strict order, --lenient) is the same for every
 * target; how time passes, where the peer's segments go, where the
 * target's segments come from and who carries out the system calls is
 * the target's.  The engine (core/pkt-engine.c: virtual time) is one;
 * the lab's kernel (cli/run/pktk.c: real time, on the wire) another.
 * Each op gets the run p; a failure is reported with pkt_run_fail() or
 * pkt_run_unsupported() and returns -1.
 */
struct pr;
struct pkt_target {
	const char	*name;		/* "engine", "kernel": in messages */
	void		*arg;
	/* Start: set p's clock (pkt_run_clock) and addresses (pkt_run_addrs). */
	int	(*begin)(void *arg, struct pr *p);
	/* The peer's segment s arrives now. */
	int	(*input)(void *arg, struct pr *p, const struct seg *s);
	/*
	 * Let time pass to until (TCP_NEVER: without end), handing what the
	 * target sends to pkt_run_sent(); with stop_on_output, return as
	 * soon as a segment is waiting.  The clock ends at until unless it
	 * stopped early.
	 */
	int	(*advance)(void *arg, struct pr *p, uint64_t until,
		    bool stop_on_output);
	/* Hand what the target sent by now to pkt_run_sent(). */
	int	(*collect)(void *arg, struct pr *p);
	/* Carry out a system call and compare it (pkt_run_check_*). */
	int	(*syscall)(void *arg, struct pr *p,
		    const struct pkt_syscall *sc);
	/* A sysctl of a shell line (name as "net.ipv4.tcp_sack"); NULL: the engine's settings. */
	int	(*sysctl)(void *arg, struct pr *p, const char *name,
		    const char *value, char *err, size_t errlen);
	/* The run is over (also after a failure). */
	void	(*end)(void *arg, struct pr *p);
};

/* Run script s against target t (pkt_run() is this with the engine). */
enum pkt_verdict pkt_run_target(const struct pkt_script *s,
	    const struct pkt_run_cfg *c, const struct pkt_target *t,
	    struct pkt_result *r);

/* For targets: the run's clock (µs, the target's own) is now. */
void	pkt_run_clock(struct pr *p, uint64_t now);

/* For targets: the run's clock. */
uint64_t pkt_run_now(const struct pr *p);

/* For targets: whether the script is IPv6. */
bool	pkt_run_v6(const struct pr *p);

/* For targets: the target's endpoint (local) and the script's peer (remote). */
void	pkt_run_addrs(struct pr *p, const struct endpoint *local,
	    const struct endpoint *remote);

/* For targets: the target sent s at time at; 0, or -1 when the run ended. */
int	pkt_run_sent(struct pr *p, const struct seg *s, uint64_t at);

/* For targets: fail the run at the current line; returns -1. */
int	pkt_run_fail(struct pr *p, const char *fmt, ...)
	    __attribute__((format(printf, 2, 3)));

/* For targets: end the run as skipped (unsupported) at the current line; -1. */
int	pkt_run_unsupported(struct pr *p, const char *fmt, ...)
	    __attribute__((format(printf, 2, 3)));

/* For targets: a call argument's value (a number, names or'ed); 0 or -1. */
int	pkt_run_eval(struct pr *p, const struct pkt_expr *e, int64_t *out);

/* For targets: compare a call's return value and errno with sc's; 0 or -1. */
int	pkt_run_check_ret(struct pr *p, const struct pkt_syscall *sc,
	    int64_t val, int err);

/* For targets: compare getsockopt's value with sc's 4th argument; 0 or -1. */
int	pkt_run_check_optval(struct pr *p, const struct pkt_syscall *sc,
	    int64_t got);

/* For targets: compare an fd's poll revents with the script's rvx; 0 or -1. */
int	pkt_run_check_revents(struct pr *p, int64_t fd,
	    const struct pkt_expr *rvx, int64_t got);

/*
 * Run script s with settings c; fill *r and return its verdict.  The
 * message names the line, what was expected and what the engine did.
 */
enum pkt_verdict pkt_run(const struct pkt_script *s,
	    const struct pkt_run_cfg *c, struct pkt_result *r);

struct pkt_runner;

/*
 * Start running script s with settings c into *r (the script's options
 * applied); s, c and r must outlive the run.  Free with pkt_run_end().
 */
struct pkt_runner *pkt_run_begin(const struct pkt_script *s,
	    const struct pkt_run_cfg *c, struct pkt_result *r);

/* As pkt_run_begin(), against target t (pkt_run_target() is the loop). */
struct pkt_runner *pkt_run_begin_target(const struct pkt_script *s,
	    const struct pkt_run_cfg *c, const struct pkt_target *t,
	    struct pkt_result *r);

/*
 * Run the next statement: 1 when it ran and the run goes on, 0 when the
 * run is over (every statement ran, or a verdict other than pass: r says).
 */
int		 pkt_run_next(struct pkt_runner *x);

/* Free a run (NULL is fine); the verdict so far (pass if unfinished). */
enum pkt_verdict pkt_run_end(struct pkt_runner *x);

/*
 * Compare two runs of one script (a by target an, b by bn) line by line:
 * call fn with "line 12: engine sent \"> . 1:1(0) ack 1\", kernel sent
 * \"> R 1:1(0)\"" for each line where they differ.  Returns how many.
 */
size_t	pkt_run_diff(const struct pkt_result *a, const char *an,
	    const struct pkt_result *b, const char *bn,
	    void (*fn)(void *arg, const char *text), void *arg);

/* "passed", "failed" or "skipped". */
const char *pkt_verdict_name(enum pkt_verdict v);

#endif
