/*
 * core/pkt-names.c - the names packetdrill scripts use for Linux's
 * constants (AF_INET, SOL_TCP, POLLIN, TCP_CLOSE_WAIT, TCPI_OPT_SACK...)
 * and errnos, and the evaluation of a system call's integer arguments.
 */
#include <errno.h>
#include <string.h>

#include "core/pkt-sys-int.h"

static const struct {
	const char	*name;
	int64_t		 val;
} pr_names[] = {
	{ "AF_INET", 2 }, { "AF_INET6", 10 }, { "PF_INET", 2 },
	{ "PF_INET6", 10 }, { "SOCK_STREAM", 1 }, { "SOCK_DGRAM", 2 },
	{ "SOCK_NONBLOCK", PR_O_NONBLOCK }, { "IPPROTO_TCP", PR_IPPROTO_TCP },
	{ "IPPROTO_IP", 0 }, { "IPPROTO_UDP", 17 },
	{ "O_RDWR", PR_O_RDWR }, { "O_NONBLOCK", PR_O_NONBLOCK },
	{ "F_GETFL", PR_F_GETFL }, { "F_SETFL", PR_F_SETFL },
	{ "SOL_SOCKET", PR_SOL_SOCKET }, { "SOL_TCP", PR_IPPROTO_TCP },
	{ "SO_REUSEADDR", PR_SO_REUSEADDR }, { "SO_ERROR", PR_SO_ERROR },
	{ "SO_SNDBUF", PR_SO_SNDBUF }, { "SO_RCVBUF", PR_SO_RCVBUF },
	{ "SO_KEEPALIVE", PR_SO_KEEPALIVE }, { "SO_LINGER", PR_SO_LINGER },
	{ "TCP_NODELAY", PR_TCP_NODELAY }, { "TCP_MAXSEG", PR_TCP_MAXSEG },
	{ "TCP_KEEPIDLE", PR_TCP_KEEPIDLE },
	{ "TCP_KEEPINTVL", PR_TCP_KEEPINTVL },
	{ "TCP_KEEPCNT", PR_TCP_KEEPCNT }, { "TCP_INFO", PR_TCP_INFO },
	{ "TCP_USER_TIMEOUT", PR_TCP_USER_TIMEOUT },
	{ "SHUT_RD", PR_SHUT_RD }, { "SHUT_WR", PR_SHUT_WR },
	{ "SHUT_RDWR", PR_SHUT_RDWR },
	{ "POLLIN", PR_POLLIN }, { "POLLOUT", PR_POLLOUT },
	{ "POLLERR", PR_POLLERR }, { "POLLHUP", PR_POLLHUP },
	{ "POLLNVAL", PR_POLLNVAL }, { "POLLRDHUP", PR_POLLRDHUP },
	{ "MSG_DONTWAIT", PR_MSG_DONTWAIT }, { "MSG_PEEK", PR_MSG_PEEK },
	{ "MSG_FASTOPEN", PR_MSG_FASTOPEN },
	{ "SIOCINQ", PR_SIOCINQ }, { "FIONREAD", PR_SIOCINQ },
	{ "SIOCOUTQ", PR_SIOCOUTQ }, { "TIOCOUTQ", PR_SIOCOUTQ },
	{ "NULL", 0 },
	{ "ECONNRESET", ECONNRESET }, { "ECONNREFUSED", ECONNREFUSED },
	{ "ETIMEDOUT", ETIMEDOUT }, { "EPIPE", EPIPE },
	{ "EAGAIN", EAGAIN }, { "EINPROGRESS", EINPROGRESS },
	/* tcpi_state (Linux's numbering) and tcpi_ca_state, for %{ }%. */
	{ "TCP_ESTABLISHED", 1 }, { "TCP_SYN_SENT", 2 },
	{ "TCP_SYN_RECV", 3 }, { "TCP_FIN_WAIT1", 4 },
	{ "TCP_FIN_WAIT2", 5 }, { "TCP_TIME_WAIT", 6 }, { "TCP_CLOSE", 7 },
	{ "TCP_CLOSE_WAIT", 8 }, { "TCP_LAST_ACK", 9 }, { "TCP_LISTEN", 10 },
	{ "TCP_CLOSING", 11 },
	{ "TCP_CA_Open", 0 }, { "TCP_CA_Disorder", 1 }, { "TCP_CA_CWR", 2 },
	{ "TCP_CA_Recovery", 3 }, { "TCP_CA_Loss", 4 },
	{ "TCPI_OPT_TIMESTAMPS", 1 }, { "TCPI_OPT_SACK", 2 },
	{ "TCPI_OPT_WSCALE", 4 }, { "TCPI_OPT_ECN", 8 },
	{ "TCPI_OPT_ECN_SEEN", 16 }, { "TCPI_OPT_SYN_DATA", 32 },
	{ "TCP_INFINITE_SSTHRESH", 0x7fffffff },
};

static const struct {
	const char	*name;
	int		 val;
} pr_errnos[] = {
	{ "EAGAIN", EAGAIN }, { "EWOULDBLOCK", EAGAIN },
	{ "EINPROGRESS", EINPROGRESS }, { "EALREADY", EALREADY },
	{ "EISCONN", EISCONN }, { "ENOTCONN", ENOTCONN },
	{ "ECONNRESET", ECONNRESET }, { "ECONNREFUSED", ECONNREFUSED },
	{ "ECONNABORTED", ECONNABORTED },
	{ "ETIMEDOUT", ETIMEDOUT }, { "EPIPE", EPIPE }, { "EBADF", EBADF },
	{ "EINVAL", EINVAL }, { "EADDRINUSE", EADDRINUSE },
	{ "EOPNOTSUPP", EOPNOTSUPP }, { "ENOPROTOOPT", ENOPROTOOPT },
	{ "EHOSTUNREACH", EHOSTUNREACH }, { "ENETUNREACH", ENETUNREACH },
	{ "EMSGSIZE", EMSGSIZE }, { "ENOTSOCK", ENOTSOCK },
	{ "EFAULT", EFAULT }, { "EADDRNOTAVAIL", EADDRNOTAVAIL },
	{ "ENOBUFS", ENOBUFS }, { "EPERM", EPERM }, { "EINTR", EINTR },
};

/* Whether name is a constant the scripts use; its value in *out. */
bool
pr_name_value(const char *name, int64_t *out)
{
	size_t	i;

	for (i = 0; i < sizeof pr_names / sizeof pr_names[0]; i++)
		if (strcmp(pr_names[i].name, name) == 0) {
			*out = pr_names[i].val;
			return (true);
		}
	return (false);
}

/* The value of an integer argument: a number, a name, or names or'ed. */
int
pr_eval(struct pr *p, const struct pkt_expr *e, int64_t *out)
{
	int64_t	v;
	size_t	i;

	switch (e->kind) {
	case PKT_EX_INT:
		*out = e->ival;
		return (0);
	case PKT_EX_NAME:
		if (pr_name_value(e->text, out))
			return (0);
		return (pr_unsupported(p, "the name %s is not known here",
		    e->text));
	case PKT_EX_OR:
		*out = 0;
		for (i = 0; i < e->nkids; i++) {
			if (pr_eval(p, &e->kids[i], &v) != 0)
				return (-1);
			*out |= v;
		}
		return (0);
	case PKT_EX_ARRAY:
		if (e->nkids == 1)
			return (pr_eval(p, &e->kids[0], out));
		/* FALLTHROUGH */
	default:
		return (pr_unsupported(p, "an argument that is not a number"));
	}
}

/* Argument i of sc as an integer. */
int
pr_arg(struct pr *p, const struct pkt_syscall *sc, size_t i, int64_t *out)
{
	if (i >= sc->nargs)
		return (pr_fail(p, "%s() needs argument %zu", sc->name, i + 1));
	return (pr_eval(p, &sc->args[i], out));
}

/* The script's name for errno e ("ECONNRESET"), or NULL for one no script names. */
const char *
pr_errno_name(int e)
{
	size_t	i;

	for (i = 0; i < sizeof pr_errnos / sizeof pr_errnos[0]; i++)
		if (pr_errnos[i].val == e)
			return (pr_errnos[i].name);
	return (NULL);
}
