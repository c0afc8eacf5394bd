/*
 * craft/inject-int.h - inside injection: a batch of frames for one
 * sendmmsg(), which the caller's thread or the transmit thread
 * (craft/inject-tx.c) sends, and what it refused.
 */
#ifndef TCPX_CRAFT_INJECT_INT_H
#define TCPX_CRAFT_INJECT_INT_H

#include <sys/socket.h>
#include <linux/if_packet.h>
#include <stddef.h>
#include <stdint.h>

#include "craft/inject.h"

/* A frame of a batch that did not leave: its length, and why. */
struct inj_refused {
	size_t		 len;
	int		 err;		/* errno; 0: a short write, -1: not sent */
};

/* Frames for one sendmmsg(): n of them, used bytes of buf. */
struct inj_batch {
	struct mmsghdr	 msg[INJ_BATCH];
	struct iovec	 iov[INJ_BATCH];
	struct sockaddr_ll to[INJ_BATCH];
	uint8_t		*buf;		/* INJ_BATCH_BYTES, at the first frame */
	size_t		 n;
	size_t		 used;
	struct inj_refused refused[INJ_BATCH];
	size_t		 nrefused;
	uint64_t	 calls;		/* sendmmsg() calls it took */
};

/* Send b's frames in order on fd, noting in b the ones refused. */
void		 inj_batch_send(int fd, struct inj_batch *b);

struct injtx;

/*
 * Start a transmit thread for packet socket fd; NULL when this process
 * may run on one CPU only (a second thread would only take turns with
 * the first) or no thread can be had.
 */
struct injtx	*injtx_start(int fd);

/*
 * Hand b to tx's thread, which sends it; the caller waits with
 * injtx_wait() before it touches b again or hands another.
 */
void		 injtx_post(struct injtx *tx, struct inj_batch *b);

/* Wait until the batch last handed to tx has been sent. */
void		 injtx_wait(struct injtx *tx);

/* Whether the batch last handed to tx has been sent (no waiting). */
int		 injtx_done(struct injtx *tx);

/* Wait for what tx sends, end its thread and free it (NULL is fine). */
void		 injtx_stop(struct injtx *tx);

#endif
