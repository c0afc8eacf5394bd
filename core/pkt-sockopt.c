/*
 * core/pkt-sockopt.c - a script's setsockopt/getsockopt on the engine's
 * per-connection settings (core/tcp.h), as Linux answers them: SO_*
 * (SO_ERROR from the connection's errno, SO_SNDBUF/SO_RCVBUF reported
 * doubled), TCP_* (RFC 1122 §4.2.3.6 keepalive, RFC 896 Nagle, the MSS of
 * RFC 9293 §3.7.1) and TCP_INFO, whose tcpi_* fields also serve %{ }%
 * blocks (core/pkt-code-run.c).
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "core/pkt-sys-int.h"

static int	pr_setopt(struct pr *p, struct pr_fd *f, int64_t level,
		    int64_t name, int64_t val, struct tcp_cfg *into);
static int	pr_linger(struct pr *p, struct pr_fd *f,
		    const struct pkt_expr *arg);
static int	pr_getopt(struct pr *p, struct pr_fd *f, int64_t level,
		    int64_t name, int64_t *val);
static enum pr_call pr_tcp_info(struct pr *p, struct pr_fd *f,
		    const struct pkt_expr *arg);
static int	pr_linux_state(enum tcp_state s);

/* SO_LINGER {l_onoff, l_linger}: close resets (0 s) or blocks (T s). */
static int
pr_linger(struct pr *p, struct pr_fd *f, const struct pkt_expr *arg)
{
	int64_t	onoff = 0, linger = 0;

	if (arg->kind == PKT_EX_ARRAY && arg->nkids == 1)
		arg = &arg->kids[0];
	if (arg->kind != PKT_EX_STRUCT || arg->nkids != 2 ||
	    pr_eval(p, &arg->kids[0], &onoff) != 0 ||
	    pr_eval(p, &arg->kids[1], &linger) != 0)
		return (pr_unsupported(p, "SO_LINGER needs {l_onoff, "
		    "l_linger}"));
	f->linger0 = onoff != 0 && linger == 0;
	f->linger = onoff != 0 && linger > 0 ? (linger > 3600 ? 3600 :
	    (int)linger) : 0;
	return (0);
}

/*
 * Apply a socket option to f's connection, or to into (settings for an
 * OPEN to come) when not NULL; 0, or -1 when the run ended.
 */
static int
pr_setopt(struct pr *p, struct pr_fd *f, int64_t level, int64_t name,
    int64_t val, struct tcp_cfg *into)
{
	struct tcp_cfg	*c;
	const char	*knob = NULL;
	char		 text[32], err[TCP_ERRLEN];

	snprintf(text, sizeof text, "%lld", (long long)val);
	if (level == PR_SOL_SOCKET) {
		switch (name) {
		case PR_SO_REUSEADDR:
			break;
		case PR_SO_RCVBUF:
			knob = "rcvbuf";
			break;
		case PR_SO_SNDBUF:
			/* Linux doubles it; scripts count on the double. */
			knob = "sndbuf";
			snprintf(text, sizeof text, "%lld", (long long)val * 2);
			break;
		case PR_SO_KEEPALIVE:
			knob = "keepalive";
			snprintf(text, sizeof text, "%d", val != 0);
			break;
		default:
			return (pr_unsupported(p, "socket option %lld is not "
			    "run", (long long)name));
		}
	} else if (level == PR_IPPROTO_TCP) {
		switch (name) {
		case PR_TCP_NODELAY:
			knob = "nagle";
			snprintf(text, sizeof text, "%d", val == 0);
			break;
		case PR_TCP_MAXSEG:
			knob = "mss";
			break;
		case PR_TCP_KEEPIDLE:
			knob = "keepalive.idle";
			snprintf(text, sizeof text, "%llds", (long long)val);
			break;
		case PR_TCP_KEEPINTVL:
			knob = "keepalive.intvl";
			snprintf(text, sizeof text, "%llds", (long long)val);
			break;
		case PR_TCP_KEEPCNT:
			knob = "keepalive.probes";
			break;
		case PR_TCP_USER_TIMEOUT:
			knob = "user_timeout";
			snprintf(text, sizeof text, "%lldms", (long long)val);
			break;
		default:
			return (pr_unsupported(p, "TCP option %lld is not run",
			    (long long)name));
		}
	} else
		return (pr_unsupported(p, "option level %lld is not run",
		    (long long)level));
	if (f->nopt < PR_MAXOPT) {
		f->opt[f->nopt].level = level;
		f->opt[f->nopt].name = name;
		f->opt[f->nopt++].val = val;
	} else if (f->kind == PR_FD_SOCKET)
		return (pr_fail(p, "more than %d options set on one socket",
		    PR_MAXOPT));
	if (knob == NULL)
		return (0);
	/* Before OPEN the option waits in the descriptor (pr_sockopt_cfg). */
	if (f->kind == PR_FD_SOCKET && into == NULL)
		return (0);
	if ((c = into != NULL ? into : tcp_conn_cfg(p->st, f->id)) == NULL ||
	    tcp_knob_set(c, knob, text, err, sizeof err) != 0)
		return (pr_fail(p, "setsockopt: %s", c ? err :
		    "no connection"));
	if (into == NULL)
		tcp_cfg_changed(p->st, f->id, p->now);
	return (0);
}

/* Apply the options set on socket f before OPEN to the settings c it opens with. */
int
pr_sockopt_cfg(struct pr *p, struct pr_fd *f, struct tcp_cfg *c)
{
	struct pr_sockopt	opt[PR_MAXOPT];
	size_t			i, n = f->nopt;

	memcpy(opt, f->opt, n * sizeof opt[0]);
	f->nopt = 0;
	for (i = 0; i < n; i++)
		if (pr_setopt(p, f, opt[i].level, opt[i].name, opt[i].val,
		    c) != 0)
			return (-1);
	return (0);
}

/* setsockopt(fd, level, name, value, len). */
enum pr_call
pr_sys_setsockopt(PR_CALL_ARGS)
{
	int64_t	level, name, val = 0;

	(void)ret;
	(void)wake;
	if (pr_arg(p, sc, 1, &level) != 0 || pr_arg(p, sc, 2, &name) != 0)
		return (PR_CALL_ERR);
	if (sc->nargs < 4)
		return (pr_fail(p, "setsockopt() needs a value"));
	if (level == PR_SOL_SOCKET && name == PR_SO_LINGER)
		return (pr_linger(p, f, &sc->args[3]) != 0 ? PR_CALL_ERR :
		    PR_CALL_DONE);
	if (pr_eval(p, &sc->args[3], &val) != 0 ||
	    pr_setopt(p, f, level, name, val, NULL) != 0)
		return (PR_CALL_ERR);
	return (PR_CALL_DONE);
}

/* A socket option's value for getsockopt; 0, or -1 when the run ended. */
static int
pr_getopt(struct pr *p, struct pr_fd *f, int64_t level, int64_t name,
    int64_t *val)
{
	const struct tcp_cfg	*c = stack_cfg(p->st);
	struct tcp_status	 ts;
	size_t			 i;
	bool			 set = false;

	if (level == PR_SOL_SOCKET && name == PR_SO_ERROR) {
		*val = pr_conn_error(p, f);
		return (0);
	}
	/* TCP_MAXSEG: a connection's MSS; before one, what was set or 536. */
	if (level == PR_IPPROTO_TCP && name == PR_TCP_MAXSEG &&
	    f->kind == PR_FD_CONN && tcp_status(p->st, f->id, &ts) == 0 &&
	    ts.state != TCP_CLOSED && ts.state != TCP_LISTEN) {
		*val = ts.snd_mss;
		return (0);
	}
	for (i = f->nopt; i > 0 && !set; i--)
		if (f->opt[i - 1].level == level && f->opt[i - 1].name == name) {
			*val = f->opt[i - 1].val;
			set = true;
		}
	/* Linux keeps twice what SO_SNDBUF and SO_RCVBUF ask for. */
	if (set && level == PR_SOL_SOCKET && (name == PR_SO_SNDBUF ||
	    name == PR_SO_RCVBUF))
		*val *= 2;
	if (set)
		return (0);
	if (f->kind != PR_FD_SOCKET && tcp_conn_cfg(p->st, f->id) != NULL)
		c = tcp_conn_cfg(p->st, f->id);
	if (level == PR_SOL_SOCKET && name == PR_SO_RCVBUF)
		*val = c->rcv_buf;
	else if (level == PR_SOL_SOCKET && name == PR_SO_SNDBUF)
		*val = c->snd_buf;
	else if (level == PR_SOL_SOCKET && name == PR_SO_KEEPALIVE)
		*val = c->keepalive;
	else if (level == PR_SOL_SOCKET && name == PR_SO_REUSEADDR)
		*val = 0;
	else if (level == PR_IPPROTO_TCP && name == PR_TCP_NODELAY)
		*val = !c->nagle;
	else if (level == PR_IPPROTO_TCP && name == PR_TCP_KEEPIDLE)
		*val = (int64_t)(c->ka_idle / TCP_SEC);
	else if (level == PR_IPPROTO_TCP && name == PR_TCP_KEEPINTVL)
		*val = (int64_t)(c->ka_intvl / TCP_SEC);
	else if (level == PR_IPPROTO_TCP && name == PR_TCP_KEEPCNT)
		*val = c->ka_probes;
	else if (level == PR_IPPROTO_TCP && name == PR_TCP_MAXSEG)
		*val = 536;	/* Linux's TCP_MSS_DEFAULT */
	else if (level == PR_IPPROTO_TCP && name == PR_TCP_USER_TIMEOUT)
		*val = (int64_t)(c->user_timeout / TCP_MS);
	else
		return (pr_unsupported(p, "getsockopt of option %lld/%lld is "
		    "not run", (long long)level, (long long)name));
	return (0);
}

/*
 * getsockopt(fd, SOL_TCP, TCP_INFO, {tcpi_NAME=V, ...}, len): each field
 * the engine knows is compared; one it does not know skips the line.
 */
static enum pr_call
pr_tcp_info(struct pr *p, struct pr_fd *f, const struct pkt_expr *arg)
{
	const struct pkt_expr	*k;
	int64_t			 want, got;
	size_t			 i;
	int			 rc, unknown = 0;
	const char		*first = NULL;

	if (arg->kind == PKT_EX_ARRAY && arg->nkids == 1)
		arg = &arg->kids[0];
	if (arg->kind == PKT_EX_ELLIPSIS)
		return (PR_CALL_DONE);
	if (arg->kind != PKT_EX_STRUCT)
		return (pr_unsupported(p, "TCP_INFO needs {tcpi_NAME=VALUE, "
		    "...}"));
	if (f->kind != PR_FD_CONN)
		return (pr_unsupported(p, "TCP_INFO of a socket that is not "
		    "a connection is not run"));
	for (i = 0; i < arg->nkids; i++) {
		k = &arg->kids[i];
		if (k->key == NULL || k->key->kind != PKT_EX_NAME)
			return (pr_unsupported(p, "TCP_INFO needs "
			    "{tcpi_NAME=VALUE, ...}"));
		if (k->kind == PKT_EX_ELLIPSIS)
			continue;
		if (pr_eval(p, k, &want) != 0)
			return (PR_CALL_ERR);
		rc = pr_tcpi(p, f->id, k->key->text, &got);
		if (rc < 0)
			return (pr_fail(p, "getsockopt(TCP_INFO): no "
			    "connection"));
		if (rc == 0) {
			if (unknown++ == 0)
				first = k->key->text;
			continue;
		}
		if (got != want)
			return (pr_fail(p, "getsockopt(TCP_INFO): %s %lld "
			    "expected, got %lld", k->key->text,
			    (long long)want, (long long)got));
	}
	if (unknown > 0)
		pr_skip_line(p, "TCP_INFO field %s%s is not known to the "
		    "engine", first, unknown > 1 ? " (and others)" : "");
	return (PR_CALL_DONE);
}

/* getsockopt(fd, level, name, value, len): the value compared too. */
enum pr_call
pr_sys_getsockopt(PR_CALL_ARGS)
{
	int64_t	level, name, v = 0;

	(void)ret;
	(void)wake;
	if (pr_arg(p, sc, 1, &level) != 0 || pr_arg(p, sc, 2, &name) != 0)
		return (PR_CALL_ERR);
	if (level == PR_IPPROTO_TCP && name == PR_TCP_INFO)
		return (sc->nargs < 4 ? PR_CALL_DONE :
		    pr_tcp_info(p, f, &sc->args[3]));
	if (pr_getopt(p, f, level, name, &v) != 0)
		return (PR_CALL_ERR);
	return (pkt_run_check_optval(p, sc, v) != 0 ? PR_CALL_ERR :
	    PR_CALL_DONE);
}

/* Linux's number for a state (include/net/tcp_states.h). */
static int
pr_linux_state(enum tcp_state s)
{
	static const int	linux_state[TCP_NSTATES] = {
		[TCP_CLOSED] = 7, [TCP_LISTEN] = 10, [TCP_SYN_SENT] = 2,
		[TCP_SYN_RECEIVED] = 3, [TCP_ESTABLISHED] = 1,
		[TCP_FIN_WAIT_1] = 4, [TCP_FIN_WAIT_2] = 5,
		[TCP_CLOSE_WAIT] = 8, [TCP_CLOSING] = 11, [TCP_LAST_ACK] = 9,
		[TCP_TIME_WAIT] = 6,
	};

	return (s < TCP_NSTATES ? linux_state[s] : 0);
}

/*
 * The value of TCP_INFO field name for connection conn, from its STATUS
 * (RFC 9293 §3.10.6), in Linux's units: cwnd and ssthresh in segments,
 * times in µs.  1 with *out, 0 when the engine does not know the field
 * (tcpi_unacked only when nothing is in flight: Linux counts segments, the
 * engine bytes), -1 when there is no such connection.
 */
int
pr_tcpi(struct pr *p, unsigned conn, const char *name, int64_t *out)
{
	struct tcp_status	ts;
	uint32_t		mss;

	if (tcp_status(p->st, conn, &ts) != 0)
		return (-1);
	mss = ts.snd_mss > 0 ? ts.snd_mss : 536;
	if (strcmp(name, "tcpi_state") == 0)
		*out = pr_linux_state(ts.state);
	else if (strcmp(name, "tcpi_ca_state") == 0) {
		if (strcmp(ts.cc_phase, "fast-recovery") == 0)
			*out = 3;
		else if (strcmp(ts.cc_phase, "loss") == 0)
			*out = 4;
		else
			*out = 0;
	} else if (strcmp(name, "tcpi_retransmits") == 0)
		*out = ts.retransmits;
	else if (strcmp(name, "tcpi_total_retrans") == 0)
		*out = ts.total_retrans;
	else if (strcmp(name, "tcpi_options") == 0)
		*out = (ts.ts_ok ? 1 : 0) | (ts.sack_ok ? 2 : 0) |
		    (ts.snd_wscale >= 0 ? 4 : 0);
	else if (strcmp(name, "tcpi_snd_wscale") == 0)
		*out = ts.snd_wscale < 0 ? 0 : ts.snd_wscale;
	else if (strcmp(name, "tcpi_rcv_wscale") == 0)
		*out = ts.rcv_wscale < 0 ? 0 : ts.rcv_wscale;
	else if (strcmp(name, "tcpi_rto") == 0)
		*out = (int64_t)ts.rto;
	else if (strcmp(name, "tcpi_rtt") == 0)
		*out = (int64_t)ts.srtt;
	else if (strcmp(name, "tcpi_rttvar") == 0)
		*out = (int64_t)ts.rttvar;
	else if (strcmp(name, "tcpi_snd_mss") == 0)
		*out = ts.snd_mss;
	else if (strcmp(name, "tcpi_advmss") == 0)
		*out = ts.adv_mss;
	else if (strcmp(name, "tcpi_pmtu") == 0)
		*out = ts.pmtu;
	else if (strcmp(name, "tcpi_snd_cwnd") == 0)
		*out = ts.cwnd / mss;
	else if (strcmp(name, "tcpi_snd_ssthresh") == 0)
		*out = ts.ssthresh == UINT32_MAX ? 0x7fffffff :
		    ts.ssthresh / mss;
	else if (strcmp(name, "tcpi_snd_wnd") == 0)
		*out = ts.snd_wnd;
	else if (strcmp(name, "tcpi_unacked") == 0 && ts.unacked == 0)
		*out = 0;
	else
		return (0);
	return (1);
}
