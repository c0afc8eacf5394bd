/*
 * lab/labd.c - the lab's peer daemon: one thread, one ppoll() loop serving
 * TCP echo (RFC 862) on 7, discard (RFC 863) on 9, an HTTP/1.0 (RFC 1945)
 * responder on 80 that answers any request with 200 OK, and UDP echo on 7,
 * on dual-stack sockets.  Stops on SIGTERM, which is also what it gets when
 * its parent dies (PR_SET_PDEATHSIG).
 */
#include "config.h"

#include <sys/prctl.h>
#include <sys/socket.h>

#include <netinet/in.h>

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "lab/labd.h"

#define LABD_MAXCONN	128		/* connections served at once */
#define LABD_BUFSZ	16384		/* per-connection buffer */
#define LABD_MAXREQ	65536		/* answer a request this long anyway */
#define LABD_NLISTEN	4

enum labd_kind { LABD_ECHO, LABD_DISCARD, LABD_HTTP, LABD_UDP_ECHO };

/* What a connection is doing. */
enum labd_state {
	LABD_READING,	/* waiting for data (echo, discard, HTTP request) */
	LABD_WRITING,	/* sending buf[off..len) */
	LABD_DRAINING,	/* HTTP answered and shut down: reading until EOF */
};

struct labd_conn {
	int		 fd;
	enum labd_kind	 kind;
	enum labd_state	 state;
	size_t		 off, len;	/* pending output in buf */
	size_t		 req;		/* request bytes seen (HTTP) */
	uint32_t	 tail;		/* last four request bytes (HTTP) */
	uint8_t		 buf[LABD_BUFSZ];
};

struct labd_listen {
	int		 fd;
	enum labd_kind	 kind;
	uint16_t	 port;
};

static volatile sig_atomic_t labd_stop;
static struct labd_conn labd_conns[LABD_MAXCONN];	/* fd -1: free */

static void	labd_on_term(int);
static int	labd_socket(int, uint16_t, char *, size_t);
static void	labd_accept(struct labd_listen *);
static void	labd_udp(int);
static int	labd_conn_io(struct labd_conn *, short);
static int	labd_http_read(struct labd_conn *, const uint8_t *, size_t);
static void	labd_http_answer(struct labd_conn *);
static void	labd_report(int, const char *);

/* Record that SIGTERM arrived. */
static void
labd_on_term(int sig)
{
	(void)sig;
	labd_stop = 1;
}

/* Write a start-up report (line) to fd, or stderr when fd is -1. */
static void
labd_report(int fd, const char *line)
{
	size_t	len = strlen(line);

	if (write(fd != -1 ? fd : 2, line, len) != (ssize_t)len)
		return;
}

/*
 * A non-blocking dual-stack socket of type (SOCK_STREAM listening, or
 * SOCK_DGRAM) bound to port; fd, or -1 with a reason in err.
 */
static int
labd_socket(int type, uint16_t port, char *err, size_t errlen)
{
	struct sockaddr_in6	sin6;
	struct sockaddr_in	sin;
	struct sockaddr		*sa;
	socklen_t		 salen;
	int			 fd, on = 1, off = 0;
	const char		*proto = type == SOCK_STREAM ? "tcp" : "udp";

	fd = socket(AF_INET6, type | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
	if (fd != -1) {
		(void)setsockopt(fd, IPPROTO_IPV6, IPV6_V6ONLY, &off,
		    sizeof off);
		memset(&sin6, 0, sizeof sin6);
		sin6.sin6_family = AF_INET6;
		sin6.sin6_addr = in6addr_any;
		sin6.sin6_port = htons(port);
		sa = (struct sockaddr *)&sin6;
		salen = sizeof sin6;
	} else if (errno == EAFNOSUPPORT) {
		fd = socket(AF_INET, type | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
		memset(&sin, 0, sizeof sin);
		sin.sin_family = AF_INET;
		sin.sin_addr.s_addr = htonl(INADDR_ANY);
		sin.sin_port = htons(port);
		sa = (struct sockaddr *)&sin;
		salen = sizeof sin;
	} else
		sa = NULL, salen = 0;
	if (fd == -1) {
		snprintf(err, errlen, "labd: %s socket for port %u: %s\n",
		    proto, port, strerror(errno));
		return (-1);
	}
	(void)setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &on, sizeof on);
	if (bind(fd, sa, salen) == -1 ||
	    (type == SOCK_STREAM && listen(fd, 64) == -1)) {
		snprintf(err, errlen, "labd: %s port %u: %s\n", proto, port,
		    strerror(errno));
		close(fd);
		return (-1);
	}
	return (fd);
}

/* Accept one connection on l into a free connection slot. */
static void
labd_accept(struct labd_listen *l)
{
	struct labd_conn	*c;
	int			 fd, i;

	fd = accept4(l->fd, NULL, NULL, SOCK_NONBLOCK | SOCK_CLOEXEC);
	if (fd == -1)
		return;
	for (i = 0; i < LABD_MAXCONN; i++) {
		if (labd_conns[i].fd == -1)
			break;
	}
	if (i == LABD_MAXCONN) {
		close(fd);	/* full: refuse politely with a FIN */
		return;
	}
	c = &labd_conns[i];
	memset(c, 0, offsetof(struct labd_conn, buf));
	c->fd = fd;
	c->kind = l->kind;
	c->state = LABD_READING;
}

/* Echo every datagram waiting on fd back to its sender. */
static void
labd_udp(int fd)
{
	struct sockaddr_storage	ss;
	socklen_t		sslen;
	uint8_t			buf[65536];
	ssize_t			n;

	for (;;) {
		sslen = sizeof ss;
		n = recvfrom(fd, buf, sizeof buf, 0, (struct sockaddr *)&ss,
		    &sslen);
		if (n == -1)
			return;
		(void)sendto(fd, buf, (size_t)n, 0, (struct sockaddr *)&ss,
		    sslen);
	}
}

/*
 * Account for n request bytes of an HTTP connection; returns whether the
 * request's header section is complete (an empty line was seen).
 */
static int
labd_http_read(struct labd_conn *c, const uint8_t *p, size_t n)
{
	size_t	i;

	for (i = 0; i < n; i++) {
		c->tail = (c->tail << 8) | p[i];
		if (c->tail == 0x0d0a0d0a || (c->tail & 0xffff) == 0x0a0a)
			return (1);
	}
	c->req += n;
	return (c->req >= LABD_MAXREQ);
}

/* Queue the HTTP response on c. */
static void
labd_http_answer(struct labd_conn *c)
{
	int	n;

	n = snprintf((char *)c->buf, sizeof c->buf,
	    "HTTP/1.0 200 OK\r\n"
	    "Server: tcpx-labd\r\n"
	    "Content-Type: text/plain\r\n"
	    "Content-Length: %zu\r\n"
	    "Connection: close\r\n"
	    "\r\n"
	    "%s", strlen(LABD_HTTP_BODY), LABD_HTTP_BODY);
	c->off = 0;
	c->len = (size_t)n;
	c->state = LABD_WRITING;
}

/* Serve one poll event on c; returns -1 when c should be closed. */
static int
labd_conn_io(struct labd_conn *c, short revents)
{
	uint8_t	 junk[4096];
	ssize_t	 n;

	if (c->state == LABD_WRITING) {
		if (revents & (POLLERR | POLLNVAL))
			return (-1);
		if (!(revents & POLLOUT))
			return ((revents & POLLHUP) ? -1 : 0);
		n = write(c->fd, c->buf + c->off, c->len - c->off);
		if (n == -1)
			return (errno == EAGAIN || errno == EINTR ? 0 : -1);
		if ((c->off += (size_t)n) < c->len)
			return (0);
		c->off = c->len = 0;
		if (c->kind == LABD_HTTP) {
			(void)shutdown(c->fd, SHUT_WR);
			c->state = LABD_DRAINING;
			return (0);
		}
		c->state = LABD_READING;
		return (0);	/* echo: read on; EOF closes */
	}

	if (!(revents & (POLLIN | POLLHUP | POLLERR)))
		return (0);
	if (c->kind == LABD_ECHO) {
		n = read(c->fd, c->buf, sizeof c->buf);
		if (n == -1)
			return (errno == EAGAIN || errno == EINTR ? 0 : -1);
		if (n == 0)
			return (-1);
		c->len = (size_t)n;
		c->state = LABD_WRITING;
		return (0);
	}
	n = read(c->fd, junk, sizeof junk);
	if (n == -1)
		return (errno == EAGAIN || errno == EINTR ? 0 : -1);
	if (c->kind == LABD_DISCARD || c->state == LABD_DRAINING)
		return (n == 0 ? -1 : 0);
	/* HTTP, reading the request: answer at its end, or at EOF. */
	if (n == 0) {
		if (c->req == 0 && c->tail == 0)
			return (-1);
		labd_http_answer(c);
		return (0);
	}
	if (labd_http_read(c, junk, (size_t)n))
		labd_http_answer(c);
	return (0);
}

/* Serve until SIGTERM or the parent's death; 0, or 1 if it cannot start. */
int
labd_run(void)
{
	return (labd_run_ready(-1));
}

/* Serve, reporting start-up on ready_fd ("ready\n" or a reason). */
int
labd_run_ready(int ready_fd)
{
	static const struct {
		int		 type;
		uint16_t	 port;
		enum labd_kind	 kind;
	} want[LABD_NLISTEN] = {
		{ SOCK_STREAM, LABD_ECHO_PORT, LABD_ECHO },
		{ SOCK_STREAM, LABD_DISCARD_PORT, LABD_DISCARD },
		{ SOCK_STREAM, LABD_HTTP_PORT, LABD_HTTP },
		{ SOCK_DGRAM, LABD_ECHO_PORT, LABD_UDP_ECHO },
	};
	struct labd_listen	 ls[LABD_NLISTEN];
	struct labd_conn	*c, *map[LABD_MAXCONN];
	struct pollfd		 pfd[LABD_NLISTEN + LABD_MAXCONN];
	struct sigaction	 sa;
	sigset_t		 block, waitmask;
	char			 err[256];
	int			 i, n, nc;

	(void)prctl(PR_SET_PDEATHSIG, SIGTERM);
	memset(&sa, 0, sizeof sa);
	sa.sa_handler = labd_on_term;
	sigemptyset(&sa.sa_mask);
	(void)sigaction(SIGTERM, &sa, NULL);
	sa.sa_handler = SIG_IGN;
	(void)sigaction(SIGINT, &sa, NULL);	/* Ctrl-C is for tcpx, not us */
	(void)sigaction(SIGHUP, &sa, NULL);
	(void)sigaction(SIGPIPE, &sa, NULL);
	sigemptyset(&block);
	sigaddset(&block, SIGTERM);
	(void)sigprocmask(SIG_BLOCK, &block, &waitmask);
	sigdelset(&waitmask, SIGTERM);

	for (i = 0; i < LABD_NLISTEN; i++) {
		ls[i].kind = want[i].kind;
		ls[i].port = want[i].port;
		ls[i].fd = labd_socket(want[i].type, want[i].port, err,
		    sizeof err);
		if (ls[i].fd == -1) {
			labd_report(ready_fd, err);
			while (i-- > 0)
				close(ls[i].fd);
			if (ready_fd != -1)
				close(ready_fd);
			return (1);
		}
	}
	if (ready_fd != -1) {
		labd_report(ready_fd, "ready\n");
		close(ready_fd);
	}

	for (i = 0; i < LABD_MAXCONN; i++)
		labd_conns[i].fd = -1;
	while (!labd_stop) {
		for (i = 0; i < LABD_NLISTEN; i++) {
			pfd[i].fd = ls[i].fd;
			pfd[i].events = POLLIN;
		}
		nc = 0;
		for (i = 0; i < LABD_MAXCONN; i++) {
			if ((c = &labd_conns[i])->fd == -1)
				continue;
			pfd[LABD_NLISTEN + nc].fd = c->fd;
			pfd[LABD_NLISTEN + nc].events =
			    c->state == LABD_WRITING ? POLLOUT : POLLIN;
			map[nc++] = c;
		}
		n = ppoll(pfd, (nfds_t)(LABD_NLISTEN + nc), NULL, &waitmask);
		if (n == -1) {
			if (errno == EINTR)
				continue;
			break;
		}
		for (i = 0; i < nc; i++) {
			if (pfd[LABD_NLISTEN + i].revents == 0)
				continue;
			if (labd_conn_io(map[i],
			    pfd[LABD_NLISTEN + i].revents) == -1) {
				close(map[i]->fd);
				map[i]->fd = -1;
			}
		}
		for (i = 0; i < LABD_NLISTEN; i++) {
			if (!(pfd[i].revents & POLLIN))
				continue;
			if (ls[i].kind == LABD_UDP_ECHO)
				labd_udp(ls[i].fd);
			else
				labd_accept(&ls[i]);
		}
	}
	for (i = 0; i < LABD_MAXCONN; i++)
		if (labd_conns[i].fd != -1)
			close(labd_conns[i].fd);
	for (i = 0; i < LABD_NLISTEN; i++)
		close(ls[i].fd);
	return (0);
}
