/*
 * lab/pktd.c - the system-call executor of kernel mode (lab/pktd.h): forked
 * into the peer namespace as the peer daemon is (lab/lab.c), it carries
 * out each request on the real stack and answers with the return value
 * and errno.  Requests and answers are bounded (PKTD_MAXDATA,
 * PKTD_MAXPOLL); a malformed one gets EINVAL.
 */
#include "config.h"

#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/wait.h>

#include <netinet/in.h>
#include <netinet/tcp.h>
#include <arpa/inet.h>

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <sched.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "core/xmalloc.h"
#include "lab/pktd.h"

#define PKTD_FD		1000	/* the executor's end, above the script's fds */
#define PKTD_BUFSZ	(PKTD_MAXDATA + (int)sizeof(struct pktd_req))

static int	pktd_addr(const struct pktd_req *q, struct sockaddr_storage *ss,
		    socklen_t *len);
static void	pktd_sysctl(const char *text, size_t len, struct pktd_rep *r);
static void	pktd_call(const struct pktd_req *q, const uint8_t *data,
		    uint8_t *buf, struct pktd_rep *r);

/* Fork the executor into the peer namespace. */
pid_t
pktd_start(const struct lab *l, int *fd, char **cause)
{
	int	sp[2], sz = 4 * PKTD_BUFSZ;
	pid_t	pid, parent = getpid();

	if (socketpair(AF_UNIX, SOCK_SEQPACKET | SOCK_CLOEXEC, 0, sp) == -1) {
		*cause = xasprintf("pktd: socketpair: %s", strerror(errno));
		return (-1);
	}
	(void)setsockopt(sp[0], SOL_SOCKET, SO_SNDBUF, &sz, sizeof sz);
	(void)setsockopt(sp[1], SOL_SOCKET, SO_SNDBUF, &sz, sizeof sz);
	switch ((pid = fork())) {
	case -1:
		*cause = xasprintf("pktd: fork: %s", strerror(errno));
		close(sp[0]);
		close(sp[1]);
		return (-1);
	case 0:
		if (setns(l->peer_fd, CLONE_NEWNET) == -1) {
			dprintf(2, "tcpx: pktd: setns %s: %s\n", l->ns_peer,
			    strerror(errno));
			_exit(1);
		}
		(void)prctl(PR_SET_PDEATHSIG, SIGKILL);
		if (getppid() != parent)
			_exit(0);
		(void)setsid();
		signal(SIGPIPE, SIG_IGN);
		if (dup2(sp[1], PKTD_FD) == -1)
			_exit(1);
		/* The script's sockets are numbered from 3, as in packetdrill. */
		(void)close_range(3, PKTD_FD - 1, 0);
		(void)close_range(PKTD_FD + 1, ~0U, 0);
		_exit(pktd_serve(PKTD_FD));
	}
	close(sp[1]);
	*fd = sp[0];
	return (pid);
}

/* Stop the executor and reap it. */
void
pktd_stop(pid_t pid, int fd)
{
	if (fd != -1)
		close(fd);
	if (pid > 0) {
		(void)kill(pid, SIGKILL);
		while (waitpid(pid, NULL, 0) == -1 && errno == EINTR)
			;
	}
}

/* The request's address and port as a sockaddr; 0, or -1 when bad. */
static int
pktd_addr(const struct pktd_req *q, struct sockaddr_storage *ss,
    socklen_t *len)
{
	struct sockaddr_in	*s4 = (struct sockaddr_in *)ss;
	struct sockaddr_in6	*s6 = (struct sockaddr_in6 *)ss;
	char			 a[PKTD_ADDRLEN];

	memcpy(a, q->addr, sizeof a);
	a[sizeof a - 1] = '\0';
	memset(ss, 0, sizeof *ss);
	if (inet_pton(AF_INET, a, &s4->sin_addr) == 1) {
		s4->sin_family = AF_INET;
		s4->sin_port = htons((uint16_t)q->a[1]);
		*len = sizeof *s4;
		return (0);
	}
	if (inet_pton(AF_INET6, a, &s6->sin6_addr) == 1) {
		s6->sin6_family = AF_INET6;
		s6->sin6_port = htons((uint16_t)q->a[1]);
		*len = sizeof *s6;
		return (0);
	}
	return (-1);
}

/* Write "net.ipv4.NAME\0VALUE" under /proc/sys of this namespace. */
static void
pktd_sysctl(const char *text, size_t len, struct pktd_rep *r)
{
	char	 path[256], *p;
	size_t	 n = strnlen(text, len);
	ssize_t	 w;
	int	 fd;

	r->ret = -1;
	if (n == len || n == 0 || n > 160 || strncmp(text, "net.", 4) != 0 ||
	    strstr(text, "..") != NULL) {
		snprintf(r->msg, sizeof r->msg, "not a net.* sysctl");
		return;
	}
	snprintf(path, sizeof path, "/proc/sys/%s", text);
	for (p = path + 10; *p != '\0'; p++)
		if (*p == '.')
			*p = '/';
		else if (*p == '/') {
			snprintf(r->msg, sizeof r->msg, "bad name");
			return;
		}
	if ((fd = open(path, O_WRONLY | O_CLOEXEC)) == -1) {
		snprintf(r->msg, sizeof r->msg, "%s", strerror(errno));
		return;
	}
	w = write(fd, text + n + 1, len - n - 1);
	if (w == -1)
		snprintf(r->msg, sizeof r->msg, "%s", strerror(errno));
	else
		r->ret = 0;
	close(fd);
}

/* Carry out request q (data: its bytes); the answer in r. */
static void
pktd_call(const struct pktd_req *q, const uint8_t *data, uint8_t *buf,
    struct pktd_rep *r)
{
	struct sockaddr_storage	 ss;
	struct sockaddr_in6	*s6 = (struct sockaddr_in6 *)&ss;
	struct sockaddr_in	*s4 = (struct sockaddr_in *)&ss;
	struct pollfd		 pfd[PKTD_MAXPOLL];
	struct linger		 lg;
	socklen_t		 sl;
	int			 fd = (int)q->a[0], v, i;
	size_t			 n;

	errno = 0;
	r->ret = -1;
	switch (q->op) {
	case PKTD_SOCKET:
		r->ret = socket((int)q->a[0], (int)q->a[1], (int)q->a[2]);
		break;
	case PKTD_BIND:
	case PKTD_CONNECT:
		if (pktd_addr(q, &ss, &sl) != 0) {
			errno = EINVAL;
			break;
		}
		if (q->op == PKTD_BIND) {
			r->ret = bind(fd, (struct sockaddr *)&ss, sl);
			break;
		}
		r->ret = connect(fd, (struct sockaddr *)&ss, sl);
		v = errno;
		sl = sizeof ss;
		if (getsockname(fd, (struct sockaddr *)&ss, &sl) == 0)
			r->val = ntohs(ss.ss_family == AF_INET6 ?
			    s6->sin6_port : s4->sin_port);
		errno = v;
		break;
	case PKTD_LISTEN:
		r->ret = listen(fd, (int)q->a[1]);
		break;
	case PKTD_ACCEPT:
		r->ret = accept(fd, NULL, NULL);
		break;
	case PKTD_FCNTL:
		r->ret = fcntl(fd, (int)q->a[1], (long)q->a[2]);
		break;
	case PKTD_SETSOCKOPT:
		if (q->a[4]) {
			lg.l_onoff = (int)q->a[3];
			lg.l_linger = (int)q->a[5];
			r->ret = setsockopt(fd, (int)q->a[1], (int)q->a[2],
			    &lg, sizeof lg);
		} else {
			v = (int)q->a[3];
			r->ret = setsockopt(fd, (int)q->a[1], (int)q->a[2],
			    &v, sizeof v);
		}
		break;
	case PKTD_GETSOCKOPT:
		v = 0;
		sl = sizeof v;
		r->ret = getsockopt(fd, (int)q->a[1], (int)q->a[2], &v, &sl);
		r->val = v;
		break;
	case PKTD_TCPINFO: {
		struct tcp_info	ti;

		sl = sizeof ti;
		memset(&ti, 0, sizeof ti);
		r->ret = getsockopt(fd, IPPROTO_TCP, TCP_INFO, &ti, &sl);
		r->val = ti.tcpi_state;
		break;
	}
	case PKTD_READ:
	case PKTD_RECV:
		n = q->a[1] < 0 ? 0 : q->a[1] > PKTD_MAXDATA ? PKTD_MAXDATA :
		    (size_t)q->a[1];
		r->ret = q->op == PKTD_READ ? read(fd, buf, n) :
		    recv(fd, buf, n, (int)q->a[2]);
		break;
	case PKTD_WRITE:
	case PKTD_SEND:
		r->ret = q->op == PKTD_WRITE ? write(fd, data, q->len) :
		    send(fd, data, q->len, (int)q->a[2]);
		break;
	case PKTD_SHUTDOWN:
		r->ret = shutdown(fd, (int)q->a[1]);
		break;
	case PKTD_CLOSE:
		r->ret = close(fd);
		break;
	case PKTD_POLL:
		if (q->a[0] < 0 || q->a[0] > PKTD_MAXPOLL ||
		    q->len != (size_t)q->a[0] * 2 * sizeof(int32_t)) {
			errno = EINVAL;
			break;
		}
		for (i = 0; i < (int)q->a[0]; i++) {
			memcpy(&pfd[i].fd, data + i * 8, 4);
			memcpy(&v, data + i * 8 + 4, 4);
			pfd[i].events = (short)v;
			pfd[i].revents = 0;
		}
		r->ret = poll(pfd, (nfds_t)q->a[0], (int)q->a[1]);
		r->npoll = (int32_t)q->a[0];
		for (i = 0; i < (int)q->a[0]; i++)
			r->revents[i] = pfd[i].revents;
		break;
	case PKTD_SYSCTL:
		pktd_sysctl((const char *)data, q->len, r);
		return;
	default:
		errno = EINVAL;
		break;
	}
	r->err = r->ret < 0 ? errno : 0;
}

/* Serve requests on fd until it closes. */
int
pktd_serve(int fd)
{
	struct pktd_req	 q;
	struct pktd_rep	 r;
	uint8_t		*in, *buf;
	ssize_t		 n;

	in = xmalloc(PKTD_BUFSZ);
	buf = xmalloc(PKTD_MAXDATA);
	for (;;) {
		n = recv(fd, in, PKTD_BUFSZ, 0);
		if (n == -1 && errno == EINTR)
			continue;
		if (n <= 0)
			break;
		memset(&r, 0, sizeof r);
		if ((size_t)n < sizeof q) {
			r.ret = -1;
			r.err = EINVAL;
		} else {
			memcpy(&q, in, sizeof q);
			if (q.len != (size_t)n - sizeof q) {
				r.ret = -1;
				r.err = EINVAL;
			} else
				pktd_call(&q, in + sizeof q, buf, &r);
		}
		if (send(fd, &r, sizeof r, MSG_NOSIGNAL) != (ssize_t)sizeof r)
			break;
	}
	free(in);
	free(buf);
	return (0);
}
