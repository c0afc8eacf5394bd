/*
 * lab/labd.h - the lab's peer daemon: TCP echo (RFC 862, port 7), discard
 * (RFC 863, port 9), a minimal HTTP/1.0 responder (RFC 1945, port 80) and
 * UDP echo (port 7), IPv4 and IPv6, served by the peer namespace's kernel.
 */
#ifndef TCPX_LAB_LABD_H
#define TCPX_LAB_LABD_H

#define LABD_ECHO_PORT		7
#define LABD_DISCARD_PORT	9
#define LABD_HTTP_PORT		80

/* The body every HTTP request is answered with. */
#define LABD_HTTP_BODY		"hello from the tcpx lab\n"

/*
 * Serve in the current network namespace until SIGTERM or the parent's
 * death.  Returns 0 after SIGTERM, 1 when it could not start (reason on
 * stderr).
 */
int	labd_run(void);

/*
 * The same, reporting start-up on ready_fd: it receives nothing when every
 * socket listens, or a one-line reason when one could not, and is closed
 * then.  ready_fd -1 reports on stderr instead.
 */
int	labd_run_ready(int ready_fd);

#endif
