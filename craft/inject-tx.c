/*
 * craft/inject-tx.c - the transmit thread: it sends a batch of frames
 * while the caller's thread goes on.  Over a veth the receiving kernel
 * does its work in the sender's system call: the peer's TCP takes our
 * ACKs, frees what they cover and sends its next segments, all inside
 * our sendmmsg().  Sent from a second thread, that work runs on the
 * second CPU while the first reads the segments it sent.  One batch is
 * in the thread's hands at a time, so frames leave in the order queued.
 * The thread blocks every signal: they reach the caller's loop.
 */
#include <pthread.h>
#include <signal.h>
#include <stdatomic.h>
#include <stdint.h>
#include <stdlib.h>
#include <time.h>

#include "core/xmalloc.h"
#include "craft/cpus.h"
#include "craft/inject-int.h"

/* How long the thread spins for the next batch before it sleeps (µs). */
#define INJTX_SPIN_MAX	20
#define INJTX_SPIN_MIN	5

struct injtx {
	int		 fd;
	pthread_t	 thread;
	pthread_mutex_t	 lock;
	pthread_cond_t	 cond;		/* busy or quit changed */
	struct inj_batch *b;		/* the batch handed over */
	atomic_int	 busy;		/* b is not all sent yet */
	atomic_int	 asleep;	/* the thread waits on cond: wake it */
	int		 quit;		/* under lock */
};

/* A moment's pause in a spin (a hint to the CPU, or nothing). */
static inline void
injtx_pause(void)
{
#if defined(__x86_64__) || defined(__i386__)
	__builtin_ia32_pause();
#elif defined(__aarch64__)
	__asm__ __volatile__("yield");
#endif
}

/* Microseconds on the monotonic clock. */
static uint64_t
injtx_now(void)
{
	struct timespec	ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ((uint64_t)ts.tv_sec * 1000000 + (uint64_t)ts.tv_nsec / 1000);
}

/* Spin up to us microseconds for a batch; whether one came. */
static int
injtx_spin(struct injtx *tx, uint64_t us)
{
	uint64_t	start = injtx_now();
	int		i;

	while (injtx_now() - start < us) {
		for (i = 0; i < 64; i++) {
			if (atomic_load_explicit(&tx->busy,
			    memory_order_acquire))
				return (1);
			injtx_pause();
		}
	}
	return (0);
}

/*
 * The thread: send each batch handed over until told to quit.  Between
 * batches it spins a while before it sleeps: in a bulk receive the next
 * batch often comes within microseconds, and a sleep and a wake-up (a
 * futex each way) cost more.  The spin is short: on two CPUs a longer one
 * takes the CPU the peer's programs need (1 ms made a 4 MB send twice as
 * slow).  Each wait that ends in a sleep halves it, down to
 * INJTX_SPIN_MIN; a batch caught spinning sets it back to INJTX_SPIN_MAX.
 */
static void *
injtx_main(void *arg)
{
	struct injtx	*tx = arg;
	uint64_t	 spin = INJTX_SPIN_MAX;

	for (;;) {
		if (injtx_spin(tx, spin))
			spin = INJTX_SPIN_MAX;
		else {
			if ((spin /= 2) < INJTX_SPIN_MIN)
				spin = INJTX_SPIN_MIN;
			pthread_mutex_lock(&tx->lock);
			atomic_store(&tx->asleep, 1);
			while (!atomic_load(&tx->busy) && !tx->quit)
				pthread_cond_wait(&tx->cond, &tx->lock);
			atomic_store(&tx->asleep, 0);
			pthread_mutex_unlock(&tx->lock);
			if (!atomic_load(&tx->busy))
				break;		/* told to quit, nothing left */
		}
		/* busy was stored after b: b is the batch to send. */
		inj_batch_send(tx->fd, tx->b);
		pthread_mutex_lock(&tx->lock);
		atomic_store(&tx->busy, 0);
		pthread_cond_broadcast(&tx->cond);
		pthread_mutex_unlock(&tx->lock);
	}
	return (NULL);
}

/* Start a transmit thread for fd; NULL on one CPU or without a thread. */
struct injtx *
injtx_start(int fd)
{
	struct injtx	*tx;
	sigset_t	 all, old;
	int		 rc;

	if (cpus_usable() < 2)
		return (NULL);
	tx = xcalloc(1, sizeof *tx);
	tx->fd = fd;
	atomic_init(&tx->busy, 0);
	pthread_mutex_init(&tx->lock, NULL);
	pthread_cond_init(&tx->cond, NULL);
	sigfillset(&all);
	pthread_sigmask(SIG_SETMASK, &all, &old);
	rc = pthread_create(&tx->thread, NULL, injtx_main, tx);
	pthread_sigmask(SIG_SETMASK, &old, NULL);
	if (rc != 0) {
		pthread_cond_destroy(&tx->cond);
		pthread_mutex_destroy(&tx->lock);
		free(tx);
		return (NULL);
	}
	return (tx);
}

/* Hand b to the thread (the one before it sent: injtx_wait() first). */
void
injtx_post(struct injtx *tx, struct inj_batch *b)
{
	tx->b = b;
	atomic_store(&tx->busy, 1);
	if (atomic_load(&tx->asleep)) {
		pthread_mutex_lock(&tx->lock);
		pthread_cond_broadcast(&tx->cond);
		pthread_mutex_unlock(&tx->lock);
	}
}

/* Wait until the batch last handed over has been sent. */
void
injtx_wait(struct injtx *tx)
{
	if (!atomic_load(&tx->busy))
		return;
	pthread_mutex_lock(&tx->lock);
	while (atomic_load(&tx->busy))
		pthread_cond_wait(&tx->cond, &tx->lock);
	pthread_mutex_unlock(&tx->lock);
}

/* Whether the batch last handed over has been sent. */
int
injtx_done(struct injtx *tx)
{
	return (!atomic_load(&tx->busy));
}

/* Let the thread send what it has, end it and free tx (NULL is fine). */
void
injtx_stop(struct injtx *tx)
{
	if (tx == NULL)
		return;
	pthread_mutex_lock(&tx->lock);
	tx->quit = 1;
	pthread_cond_broadcast(&tx->cond);
	pthread_mutex_unlock(&tx->lock);
	pthread_join(tx->thread, NULL);
	pthread_cond_destroy(&tx->cond);
	pthread_mutex_destroy(&tx->lock);
	free(tx);
}
