/*
 * tests/unit/test-pkt-set.c - the settings a packetdrill script's shell
 * lines make (core/pkt-set.c, core/pkt-shell.c): sysctls mapped onto tcpx
 * settings (and the window scale Linux derives from tcp_rmem), the shell
 * syntax scripts use ($((..)), quotes, several assignments, ;, &&, ||,
 * redirections), script files read through the caller's callback
 * (../common/defaults.sh), set_sysctls.py and its restore, and the checks
 * on the engine's sockets (grep /proc/net/tcp, ss -K, counting with ss).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/pkt-run-int.h"
#include "tests/tap.h"

/* The files the callback serves, and what it was asked for. */
static const char	*file_text;
static char		 file_asked[256];
static int		 file_calls;

/* read_file for the tests: file_text, or an error when it is NULL. */
static int
read_file(void *arg, const char *path, char **text, char *err,
    size_t errlen)
{
	(void)arg;
	file_calls++;
	snprintf(file_asked, sizeof file_asked, "%s", path);
	if (file_text == NULL) {
		snprintf(err, errlen, "No such file or directory");
		return (-1);
	}
	*text = strdup(file_text);
	return (*text == NULL ? -1 : 0);
}

/* Parse and run text as the file named name, with or without the callback. */
static enum pkt_verdict
run_as(const char *name, const char *text, bool cb, struct pkt_result *r)
{
	struct pkt_script	*s;
	struct pkt_run_cfg	 c;
	char			 err[PKT_ERRLEN];
	enum pkt_verdict	 v;
	size_t			 i;

	s = pkt_parse(text, strlen(text), name, NULL, 0, err, sizeof err);
	if (s == NULL) {
		diag("parse: %s", err);
		memset(r, 0, sizeof *r);
		r->verdict = PKT_FAIL;
		snprintf(r->msg, sizeof r->msg, "%s", err);
		return (PKT_FAIL);
	}
	pkt_run_cfg_default(&c);
	if (cb)
		c.read_file = read_file;
	v = pkt_run(s, &c, r);
	if (v != PKT_PASS)
		diag("%s: %s", pkt_verdict_name(v), r->msg);
	for (i = 0; i < r->nskipped && i < PKT_RUN_MAXSKIP; i++)
		diag("skipped %d: %s", r->skip[i].line, r->skip[i].why);
	pkt_free(s);
	return (v);
}

/* Run text as t.pkt with the callback. */
static enum pkt_verdict
run(const char *text, struct pkt_result *r)
{
	return (run_as("t.pkt", text, true, r));
}

/* Whether any skipped line's reason holds text. */
static bool
skipped_with(const struct pkt_result *r, const char *text)
{
	size_t	i;

	for (i = 0; i < r->nskipped && i < PKT_RUN_MAXSKIP; i++)
		if (strstr(r->skip[i].why, text) != NULL)
			return (true);
	return (false);
}

#define PLAIN	"`sysctl -q net.ipv4.tcp_sack=0 net.ipv4.tcp_timestamps=0`\n"

/* An active open whose SYN offers window scale W (a string). */
#define CONNECT(w)							\
	"0 socket(..., SOCK_STREAM, IPPROTO_TCP) = 3\n"			\
	"+0 fcntl(3, F_SETFL, O_RDWR|O_NONBLOCK) = 0\n"			\
	"+0 connect(3, ..., ...) = -1 EINPROGRESS\n"			\
	"+0 > S 0:0(0) <mss 1460,nop,wscale " w ">\n"

/* ... completed, then closed by us: TIME-WAIT at the end. */
#define TO_TIME_WAIT							\
	CONNECT("7")							\
	"+.05 < S. 0:0(0) ack 1 win 5792 <mss 1460,nop,wscale 2>\n"	\
	"+0 > . 1:1(0) ack 1\n"						\
	"+0 close(3) = 0\n"						\
	"+0 > F. 1:1(0) ack 1\n"					\
	"+.05 < F. 1:1(0) ack 2 win 5792\n"				\
	"+0 > . 2:2(0) ack 2\n"

#define LISTEN								\
	"0 socket(..., SOCK_STREAM, IPPROTO_TCP) = 3\n"			\
	"+0 setsockopt(3, SOL_SOCKET, SO_REUSEADDR, [1], 4) = 0\n"	\
	"+0 bind(3, ..., ...) = 0\n"					\
	"+0 listen(3, 1) = 0\n"

static const char defaults_sh[] =
	"#!/bin/bash\n"
	"# Flush old cached data (fastopen cookies).\n"
	"ip tcp_metrics flush all > /dev/null 2>&1\n"
	"\n"
	"sysctl -q net.ipv4.tcp_rmem=\"4096 540000 $((15*1024*1024))\"\n"
	"sysctl -q net.ipv4.tcp_wmem=\"4096 $((256*1024)) 4194304\"\n"
	"sysctl -q net.ipv4.tcp_sack=0 \\\n"
	"    net.ipv4.tcp_timestamps=0\n"
	"sysctl -q net.ipv4.tcp_frto=2\n"
	"sysctl -q net.ipv4.tcp_reordering=3\n"
	"tc qdisc add dev tun0 root pfifo\n";

/* pr_sysctl on its own: every kind of mapping, on a bare run state. */
static void
test_sysctl_table(void)
{
	struct pkt_script	 s;
	struct pkt_run_cfg	 c;
	struct pkt_result	 r;
	struct pr		 p;
	struct tcp_cfg		*cfg;
	char			 why[PKT_RUN_SKIPLEN];

	memset(&s, 0, sizeof s);
	s.file = "t.pkt";
	pkt_run_cfg_default(&c);
	memset(&p, 0, sizeof p);
	memset(&r, 0, sizeof r);
	p.s = &s;
	p.c = &c;
	p.r = &r;
	p.tg = pr_engine_target();	/* its sysctls are the settings */
	p.st = stack_new(&c.tcp, 1);
	pr_options(&p);
	cfg = stack_cfg(p.st);

	is_int(pr_sysctl(&p, "net.ipv4.tcp_fin_timeout", "30", why,
	    sizeof why), 1, "tcp_fin_timeout=30 is carried out");
	ok(cfg->fin_wait2 == 30 * TCP_SEC, "... fin_wait2 30 s");
	is_int(pr_sysctl(&p, "/proc/sys/net/ipv4/tcp_keepalive_time", "60",
	    why, sizeof why), 1, "a /proc/sys path names the sysctl too");
	ok(cfg->ka_idle == 60 * TCP_SEC, "... keepalive.idle 60 s");
	pr_sysctl(&p, "net/ipv4/tcp_keepalive_intvl", "5", why, sizeof why);
	ok(cfg->ka_intvl == 5 * TCP_SEC, "net/ipv4/... with slashes: "
	    "keepalive.intvl 5 s");
	pr_sysctl(&p, "net.ipv4.tcp_keepalive_probes", "3", why, sizeof why);
	is_int(cfg->ka_probes, 3, "tcp_keepalive_probes: keepalive.probes 3");
	pr_sysctl(&p, "net.ipv4.tcp_syn_retries", "2", why, sizeof why);
	pr_sysctl(&p, "net.ipv4.tcp_synack_retries", "3", why, sizeof why);
	pr_sysctl(&p, "net.ipv4.tcp_retries2", "4", why, sizeof why);
	ok(cfg->syn_retries == 2 && cfg->synack_retries == 3 &&
	    cfg->retries2 == 4, "syn_retries, synack_retries, retries2");
	pr_sysctl(&p, "net.ipv4.tcp_tw_reuse", "1", why, sizeof why);
	ok(cfg->tw_reuse, "tcp_tw_reuse=1: tw_reuse on");
	pr_sysctl(&p, "net.ipv4.tcp_tw_reuse", "2", why, sizeof why);
	ok(!cfg->tw_reuse, "tcp_tw_reuse=2 (loopback only): tw_reuse off");
	pr_sysctl(&p, "net.ipv4.tcp_timestamps", "2", why, sizeof why);
	ok(cfg->opt_ts, "tcp_timestamps=2 (no random offset): on");
	pr_sysctl(&p, "net.ipv4.tcp_syncookies", "2", why, sizeof why);
	pr_sysctl(&p, "net.ipv4.tcp_max_syn_backlog", "16", why, sizeof why);
	ok(cfg->syncookies == 2 && cfg->syn_backlog == 16, "tcp_syncookies, "
	    "tcp_max_syn_backlog");
	pr_sysctl(&p, "net.ipv4.tcp_rto_min_us", "5000", why, sizeof why);
	pr_sysctl(&p, "net.ipv4.tcp_rto_max_ms", "60000", why, sizeof why);
	ok(cfg->rto_min == 5 * TCP_MS && cfg->rto_max == 60 * TCP_SEC,
	    "tcp_rto_min_us 5000: rto.min 5 ms; tcp_rto_max_ms: rto.max 60 s");
	pr_sysctl(&p, "net.ipv4.ip_default_ttl", "7", why, sizeof why);
	is_int(cfg->ttl, 7, "ip_default_ttl: ttl");
	pr_sysctl(&p, "net.ipv4.tcp_wmem", "4096 16384 4194304", why,
	    sizeof why);
	is_int(cfg->snd_buf, 16384, "tcp_wmem: sndbuf is its default");

	/* The window scale Linux derives (tcp_select_initial_window). */
	pr_sysctl(&p, "net.ipv4.tcp_rmem", "4096 540000 15728640", why,
	    sizeof why);
	ok(cfg->rcv_buf == 540000 && cfg->wscale == 8, "tcp_rmem max 15 MiB: "
	    "rcvbuf 540000, wscale.shift 8 (15728640 >> 8 <= 65535)");
	pr_sysctl(&p, "net.ipv4.tcp_rmem", "4096 131072 6291456", why,
	    sizeof why);
	is_int(cfg->wscale, 7, "tcp_rmem max 6 MiB (Linux's default): 7");
	pr_sysctl(&p, "net.ipv4.tcp_rmem", "4096 8192 8192", why, sizeof why);
	is_int(cfg->wscale, 2, "tcp_rmem max 8192: rmem_max 212992 decides: "
	    "2");
	pr_sysctl(&p, "net.core.rmem_max", "65535", why, sizeof why);
	is_int(cfg->wscale, 0, "... and with rmem_max 65535: 0");
	pr_sysctl(&p, "net.ipv4.tcp_rmem", "4096 8192 1073741824", why,
	    sizeof why);
	is_int(cfg->wscale, 14, "tcp_rmem max 1 GiB: capped at 14");

	/* Values tcpx always behaves as. */
	is_int(pr_sysctl(&p, "net.ipv4.tcp_rfc1337", "0", why, sizeof why), 1,
	    "tcp_rfc1337=0: what tcpx does, carried out");
	why[0] = '\0';
	is_int(pr_sysctl(&p, "net.ipv4.tcp_rfc1337", "1", why, sizeof why), 0,
	    "tcp_rfc1337=1: not carried out");
	ok(strstr(why, "behaves as 0") != NULL, "... saying so: %s", why);
	is_int(pr_sysctl(&p, "net.ipv4.tcp_reordering", "3", why, sizeof why),
	    1, "tcp_reordering=3: carried out");
	is_int(pr_sysctl(&p, "net.ipv4.tcp_challenge_ack_limit", "0", why,
	    sizeof why), 0, "tcp_challenge_ack_limit is not mapped");
	ok(strstr(why, "per connection") != NULL, "... saying why: %s", why);
	is_int(pr_sysctl(&p, "net.ipv4.tcp_frto", "2", why, sizeof why), 0,
	    "tcp_frto: no setting");
	ok(strstr(why, "tcp_frto=2 has no tcpx setting") != NULL, "... %s",
	    why);
	is_int(pr_sysctl(&p, "net.ipv4.tcp_sack", "yes", why, sizeof why), -1,
	    "tcp_sack=yes: a bad value");
	ok(strstr(why, "\"yes\" is not a number") != NULL, "... %s", why);
	is_int(pr_sysctl(&p, "net.ipv4.tcp_rmem", "4096 87380", why,
	    sizeof why), -1, "tcp_rmem with two numbers: a bad value");
	is_int(pr_sysctl(&p, "net.ipv4.tcp_syn_retries", "1000", why,
	    sizeof why), -1, "tcp_syn_retries=1000: outside the setting's "
	    "range");
	ok(strstr(why, "outside") != NULL, "... %s", why);
	stack_free(p.st);
}

/* Shell syntax: assignments, arithmetic, quotes, lists, redirections. */
static void
test_syntax(void)
{
	struct pkt_result	r;

	is_int(run("`sysctl -q net.ipv4.tcp_sack=0 net.ipv4.tcp_timestamps=0 "
	    "net.ipv4.tcp_rmem=\"4096 540000 $((15*1024*1024))\"`\n"
	    CONNECT("8"), &r), PKT_PASS, "three assignments on one line, "
	    "$((..)) in a quoted triple: wscale 8, as Linux's scripts expect");
	is_int(r.nskipped, 0, "... nothing skipped");
	is_int(run(PLAIN CONNECT("7"), &r), PKT_PASS, "without tcp_rmem: "
	    "wscale 7");
	is_int(run("`sysctl -w net.ipv4.tcp_sack=0; sysctl -q "
	    "net.ipv4.tcp_timestamps=0 && sysctl -q "
	    "net.ipv4.tcp_rmem=\"4096 87380 $(( (2 + 1) * 21845 ))\"`\n"
	    CONNECT("2"), &r), PKT_PASS, "-w, ;, &&, parentheses in $((..)): "
	    "tcp_rmem max 65535, rmem_max 212992 decides: wscale 2");
	is_int(run("`sysctl -q net.core.rmem_max=65535 "
	    "net.ipv4.tcp_rmem=\"4096 87380 65535\" > /dev/null 2>&1`\n"
	    PLAIN CONNECT("0"), &r), PKT_PASS, "rmem_max and tcp_rmem both "
	    "small: wscale 0; redirections to /dev/null change nothing");
	is_int(r.nskipped, 0, "... nothing skipped");
	is_int(run("`echo 0 > /proc/sys/net/ipv4/tcp_sack # no SACK\n"
	    "echo \"0\" >/proc/sys/net/ipv4/tcp_timestamps`\n" CONNECT("7"),
	    &r), PKT_PASS, "echo V > /proc/sys/...: comments, two lines in "
	    "one backtick");
	is_int(r.nskipped, 0, "... nothing skipped");
	is_int(run("`sysctl -q net.ipv4.tcp_nonsense=1 || sysctl -q "
	    "net.ipv4.tcp_sack=0`\n`sysctl -q net.ipv4.tcp_timestamps=0 || "
	    "sysctl -q net.ipv4.tcp_sack=1`\n" CONNECT("7"), &r), PKT_PASS,
	    "||: the second runs only when the first was not carried out");
	is_int(r.nskipped, 1, "... the line whose first part was not is "
	    "listed");
	ok(r.skip[0].line == 1 && skipped_with(&r, "tcp_nonsense=1 has no "
	    "tcpx setting"), "... with its line and why: %s", r.skip[0].why);
	is_int(run("`sysctl -q net.ipv4.tcp_sack=$((1/0))`\n", &r), PKT_PASS,
	    "$((1/0)): the line is skipped, not run");
	ok(skipped_with(&r, "not an arithmetic expression"), "... saying "
	    "why: %s", r.nskipped ? r.skip[0].why : "");
	{
		char	long_expr[1200];
		int	i, n;

		n = snprintf(long_expr, sizeof long_expr, "`sysctl -q "
		    "net.ipv4.tcp_sack=$((");
		for (i = 0; i < 300; i++)
			long_expr[n++] = '(';
		long_expr[n++] = '0';
		for (i = 0; i < 300; i++)
			long_expr[n++] = ')';
		snprintf(long_expr + n, sizeof long_expr - (size_t)n, "))`\n");
		is_int(run(long_expr, &r), PKT_PASS, "300 parentheses in "
		    "$((..)): skipped, bounded");
		ok(skipped_with(&r, "longer than 255 bytes"), "... saying so");
	}
	is_int(run("`sysctl -q net.ipv4.tcp_sack=on`\n", &r), PKT_FAIL,
	    "a value the sysctl cannot have fails the script");
	ok(strstr(r.msg, "t.pkt:1:") != NULL && strstr(r.msg, "\"on\"") !=
	    NULL, "... naming the line and value: %s", r.msg);
	is_int(run("`sysctl -q net.ipv4.tcp_rfc1337=0 "
	    "net.ipv4.tcp_abort_on_overflow=0 net.ipv4.tcp_fack=0 "
	    "net.ipv4.tcp_ecn=0 net.ipv4.tcp_fastopen=0`\n", &r), PKT_PASS,
	    "values tcpx behaves as are carried out");
	is_int(r.nskipped, 0, "... nothing skipped");
	is_int(run("`sysctl -q net.ipv4.tcp_ecn=1`\n`echo hello`\n"
	    "`nstat > /tmp/x`\n", &r), PKT_PASS, "others are skipped");
	ok(r.nskipped == 3 && skipped_with(&r, "tcpx behaves as 0: no ECN") &&
	    skipped_with(&r, "\"echo\" is not run") &&
	    skipped_with(&r, "nstat > /tmp/x is not run"), "... each listed "
	    "with why");
}

/* tcpx set NAME VALUE: tcpx's own settings, e.g. rfc5961 off. */
static void
test_tcpx_set(void)
{
	struct pkt_result	r;
	const char		*est = PLAIN CONNECT("7")
	    "+.05 < S. 0:0(0) ack 1 win 5792 <mss 1460,nop,wscale 2>\n"
	    "+0 > . 1:1(0) ack 1\n";
	char			 text[2048];

	snprintf(text, sizeof text, "`tcpx set rfc5961 off`\n%s"
	    "+.1 < R 5:5(0) win 0\n"
	    "+0 write(3, ..., 10) = -1 ECONNRESET (Connection reset by peer)\n",
	    est);
	is_int(run(text, &r), PKT_PASS, "tcpx set rfc5961 off: an in-window "
	    "RST resets at once");
	is_int(r.nskipped, 0, "... nothing skipped");
	snprintf(text, sizeof text, "%s+.1 < R 5:5(0) win 0\n"
	    "+0 > . 1:1(0) ack 1\n", est);
	is_int(run(text, &r), PKT_PASS, "by default the same RST draws a "
	    "challenge ACK (RFC 5961 §3.2)");
	is_int(run("`tcpx set rfc5961 maybe`\n", &r), PKT_FAIL, "a bad value "
	    "fails the script");
	ok(strstr(r.msg, "tcpx set: rfc5961: \"maybe\" is not on or off") !=
	    NULL, "... %s", r.msg);
}

/* ip route ... advmss N mtu lock N rto_min T: mss, mtu, rto.min. */
static void
test_route(void)
{
	struct pkt_result	r;

	is_int(run(PLAIN "`ip route change 192.0.2.2 via 192.168.0.2 dev tun0 "
	    "advmss 600 mtu lock 640 rto_min 5ms`\n"
	    "0 socket(..., SOCK_STREAM, IPPROTO_TCP) = 3\n"
	    "+0 fcntl(3, F_SETFL, O_RDWR|O_NONBLOCK) = 0\n"
	    "+0 connect(3, ..., ...) = -1 EINPROGRESS\n"
	    "+0 > S 0:0(0) <mss 600,nop,wscale 7>\n"
	    "+.1 < S. 0:0(0) ack 1 win 5792 <mss 1460,nop,wscale 2>\n"
	    "+0 > . 1:1(0) ack 1\n"
	    "+0 write(3, ..., 1000) = 1000\n"
	    "+0 > . 1:601(600) ack 1\n"
	    "+0 > P. 601:1001(400) ack 1\n", &r), PKT_PASS, "ip route advmss "
	    "600 mtu lock 640: the SYN offers MSS 600, segments of 600 bytes");
	is_int(r.nskipped, 0, "... nothing skipped");
	is_int(run(PLAIN "`ip route change 192.0.2.2 mtu lock 640`\n"
	    "0 socket(..., SOCK_STREAM, IPPROTO_TCP) = 3\n"
	    "+0 fcntl(3, F_SETFL, O_RDWR|O_NONBLOCK) = 0\n"
	    "+0 connect(3, ..., ...) = -1 EINPROGRESS\n"
	    "+0 > S 0:0(0) <mss 600,nop,wscale 7>\n", &r), PKT_PASS,
	    "ip route mtu lock 640 alone: the MSS derived from it, 600");
	is_int(run(PLAIN "`ip -6 route change 2001:DB8::1 via fd3d:fa7b:d17d::0 "
	    "dev tun0 advmss 600 initcwnd 11`\n" CONNECT("7"), &r), PKT_FAIL,
	    "ip -6 route: advmss applied");
	ok(strstr(r.msg, "mss 600") != NULL, "... %s", r.msg);
	ok(r.nskipped == 1 && skipped_with(&r, "route attribute initcwnd 11 "
	    "has no tcpx setting"), "... initcwnd listed as skipped");
	is_int(run("`ip route change 192.0.2.2 advmss 70000`\n", &r), PKT_FAIL,
	    "advmss out of the setting's range fails the script");
	ok(strstr(r.msg, "route advmss") != NULL, "... %s", r.msg);
	is_int(run("`ip link set dev tun0 up`\n", &r), PKT_PASS, "other ip "
	    "commands are skipped");
	ok(skipped_with(&r, "this ip command is not run"), "... listed");
}

/* Script files: read through the callback, relative to the script. */
static void
test_files(void)
{
	struct pkt_result	r;

	file_text = defaults_sh;
	file_calls = 0;
	is_int(run_as("gtests/close/t.pkt", "`../common/defaults.sh`\n"
	    CONNECT("8"), true, &r), PKT_PASS, "../common/defaults.sh: its "
	    "sysctls applied (wscale 8, no SACK, no timestamps)");
	is_int(file_calls, 1, "... read once");
	is_str(file_asked, "gtests/close/../common/defaults.sh", "... "
	    "relative to the script's directory");
	is_int(r.nskipped, 1, "... one of its lines skipped (tcp_frto); the "
	    "metrics flush, the pfifo qdisc and tcp_reordering=3 are not "
	    "needed");
	ok(r.nskipped == 1 && r.skip[0].line == 1 &&
	    strstr(r.skip[0].why, "defaults.sh:9:") != NULL &&
	    strstr(r.skip[0].why, "tcp_frto=2") != NULL, "... listed with "
	    "the file's line: %s", r.skip[0].why);
	is_int(run_as("t.pkt", "`../common/defaults.sh\n"
	    " ../common/set_sysctls.py /proc/sys/net/ipv4/tcp_rmem=\"4096 "
	    "87380 6291456\"\n`\n" CONNECT("7"), true, &r), PKT_PASS, "a file "
	    "and set_sysctls.py in one backtick, continuation lines");
	is_str(file_asked, "../common/defaults.sh", "... a script with no "
	    "directory: the path as written");

	is_int(run_as("t.pkt", "`../common/defaults.sh`\n", false, &r),
	    PKT_PASS, "without a callback the file is not read");
	ok(skipped_with(&r, "script files are not read here"), "... and the "
	    "line is listed");
	file_text = NULL;
	is_int(run("`../common/defaults.sh`\n", &r), PKT_FAIL, "a file that "
	    "cannot be read fails the script");
	ok(strstr(r.msg, "../common/defaults.sh: No such file") != NULL,
	    "... naming it: %s", r.msg);
	file_text = "../common/defaults.sh\n";
	is_int(run("`../common/defaults.sh`\n", &r), PKT_PASS, "a file naming "
	    "another: not followed");
	ok(skipped_with(&r, "a script file naming another is not run"),
	    "... and listed");
	file_text = NULL;
}

/* set_sysctls.py remembers; /tmp/sysctl_restore_${PPID}.sh gives back. */
static void
test_restore(void)
{
	struct pkt_result	r;

	is_int(run("`../common/set_sysctls.py /proc/sys/net/ipv4/tcp_sack=0 "
	    "/proc/sys/net/ipv4/tcp_timestamps=0`\n" CONNECT("7"), &r),
	    PKT_PASS, "set_sysctls.py sets");
	is_int(run("`../common/set_sysctls.py /proc/sys/net/ipv4/tcp_sack=0 "
	    "/proc/sys/net/ipv4/tcp_timestamps=0`\n"
	    "`/tmp/sysctl_restore_${PPID}.sh`\n" CONNECT("7"), &r), PKT_FAIL,
	    "... and the restore gives the old values back");
	ok(strstr(r.msg, "sackOK") != NULL && strstr(r.msg, "TS val") != NULL,
	    "... SACK and timestamps offered again: %s", r.msg);
	is_int(run("`sysctl -q net.ipv4.tcp_sack=0`\n"
	    "`../common/set_sysctls.py /proc/sys/net/ipv4/tcp_timestamps=0`\n"
	    "`/tmp/sysctl_restore_${PPID}.sh`\n"
	    "`sysctl -q net.ipv4.tcp_timestamps=0`\n" CONNECT("7"), &r),
	    PKT_PASS, "... only what set_sysctls.py changed: sysctl's "
	    "tcp_sack=0 stays");
}

/* Sockets in a state: /proc/net/tcp, ss -K, counting with ss. */
static void
test_sockets(void)
{
	struct pkt_result	r;

	is_int(run(PLAIN LISTEN
	    "+0 `grep \" 0A \" /proc/net/tcp /proc/net/tcp6 | grep \":1F90\"`\n",
	    &r), PKT_PASS, "grep \" 0A \" /proc/net/tcp | grep \":1F90\": the "
	    "listener on 8080 is found");
	is_int(r.nskipped, 0, "... nothing skipped");
	is_int(run(PLAIN LISTEN
	    "+0 `grep \" 0A \" /proc/net/tcp6 | grep \":1F90\"`\n", &r),
	    PKT_FAIL, "... not in /proc/net/tcp6 (it is IPv4)");
	is_int(run(PLAIN LISTEN
	    "+0 `grep \" 0A \" /proc/net/tcp | grep \":1F91\"`\n", &r),
	    PKT_FAIL, "... none on port 8081");
	ok(strstr(r.msg, "t.pkt:6: shell line failed: no socket in LISTEN "
	    "(0A) with port 8081 (1F91)") != NULL, "... failing at its line: "
	    "%s", r.msg);
	is_int(run(PLAIN LISTEN
	    "+0 `grep \" 01 \" /proc/net/tcp`\n", &r), PKT_FAIL, "no "
	    "ESTABLISHED socket yet");

	is_int(run(PLAIN TO_TIME_WAIT
	    "+0 `[ \"$(ss -tn state time-wait | wc -l)\" -eq 2 ]`\n"
	    "+0 `test $(ss -H -t state time-wait | wc -l) -eq 1 && "
	    "test $(ss -H -t state established | wc -l) -eq 0`\n"
	    "+0 `ss -K -t state time-wait`\n"
	    "+0 `test $(ss -H -tn state time-wait | wc -l) -eq 0`\n", &r),
	    PKT_PASS, "ss: one socket in TIME-WAIT (a header without -H); "
	    "ss -K ends it");
	is_int(r.nskipped, 0, "... nothing skipped");
	is_int(run(PLAIN TO_TIME_WAIT
	    "+0 `test $(ss -H -tn state time-wait | wc -l) -eq 0`\n", &r),
	    PKT_FAIL, "... a count that is wrong fails the script");
	ok(strstr(r.msg, "t.pkt:12: shell line failed: 1 line from ss (1 "
	    "socket in TIME-WAIT), not -eq 0") != NULL, "... saying how many: "
	    "%s", r.msg);
	is_int(run(PLAIN TO_TIME_WAIT
	    "+0 `ss -K -t state time-wait`\n"
	    "+1 `true`\n", &r), PKT_PASS,
	    "... after ss -K, nothing more is sent (no RST from TIME-WAIT)");
	is_int(run(PLAIN TO_TIME_WAIT
	    "+0 `ss -K -t state time-wait dport = :8080`\n", &r), PKT_PASS,
	    "ss with a filter: skipped, not run");
	ok(skipped_with(&r, "this ss is not run"), "... listed");
}

int
main(void)
{
	test_sysctl_table();
	test_syntax();
	test_route();
	test_tcpx_set();
	test_files();
	test_restore();
	test_sockets();
	return (done_testing());
}
