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
 * System calls run through a descriptor table (fds from 3) onto the
 * engine's user calls (core/pkt-sys.c); `sysctl` shell lines and script
 * options that have a tcpx setting change it, others are skipped and
 * listed, as are %{ }% blocks.  A script needing what is not supported
 * (a blocking call that would block, UDP, ICMP) ends as skipped.
 *
 * Memory: pkt_run() allocates only while it runs; the result is the
 * caller's.
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
};

/* A line the run did not carry out, and why. */
struct pkt_skip {
	int	line;
	char	why[PKT_RUN_SKIPLEN];
};

/* The verdict on a script. */
struct pkt_result {
	enum pkt_verdict verdict;
	int		 line;		/* where it failed or was skipped; 0 */
	char		 msg[PKT_RUN_MSGLEN];	/* "FILE:LINE: ..." */
	size_t		 nskipped;	/* lines skipped (all of them) */
	struct pkt_skip	 skip[PKT_RUN_MAXSKIP];	/* the first ones */
	size_t		 nstmts;	/* statements run */
};

/* Fill c with the defaults: Linux-like engine settings, the script's tolerance. */
void	pkt_run_cfg_default(struct pkt_run_cfg *c);

/*
 * Run script s with settings c; fill *r and return its verdict.  The
 * message names the line, what was expected and what the engine did.
 */
enum pkt_verdict pkt_run(const struct pkt_script *s,
	    const struct pkt_run_cfg *c, struct pkt_result *r);

/* "passed", "failed" or "skipped". */
const char *pkt_verdict_name(enum pkt_verdict v);

#endif
