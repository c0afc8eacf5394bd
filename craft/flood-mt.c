/*
 * craft/flood-mt.c - a flood at full speed from several sender threads,
 * each with its own packet socket and transmit ring (craft/flood-tx.c).
 * The senders take runs of frame numbers from one atomic counter; each
 * adds what the kernel took to an atomic total, and the last one to
 * finish makes an eventfd readable for the caller's poll loop.  Sender
 * threads block every signal: Ctrl-C reaches the loop, which stops them.
 */
#include <errno.h>
#include <pthread.h>
#include <signal.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>
#include <sys/eventfd.h>
#include <time.h>
#include <unistd.h>

#include "core/xmalloc.h"
#include "craft/flood-mt.h"
#include "craft/flood-tx.h"

struct flood_sender {
	struct flood_mt	*mt;
	struct flood_tx	*tx;
	pthread_t	 thread;
	int		 started;
};

struct flood_mt {
	uint64_t		 count;
	_Atomic uint64_t	 next;		/* the next frame number to take */
	_Atomic uint64_t	 sent;
	atomic_int		 stop;
	atomic_int		 running;	/* senders not yet finished */
	int			 efd;		/* readable when running is 0 */
	pthread_mutex_t		 lock;		/* of cause */
	char			*cause;		/* the first sender's error */
	int			 n;
	struct flood_sender	 senders[FLOOD_THREADS_MAX];
};

/* Note a sender's error (the first one is kept) and stop the others. */
static void
flood_mt_fail(struct flood_mt *mt, char *cause)
{
	pthread_mutex_lock(&mt->lock);
	if (mt->cause == NULL)
		mt->cause = cause;
	else
		free(cause);
	pthread_mutex_unlock(&mt->lock);
	atomic_store(&mt->stop, 1);
}

/* One sender: take runs of frame numbers until all are taken or told to stop. */
static void *
flood_mt_main(void *arg)
{
	struct flood_sender	*s = arg;
	struct flood_mt		*mt = s->mt;
	struct timespec		 nap = { 0, 50000 };
	uint64_t		 first, v = 1;
	int			 room = flood_tx_room(s->tx), n, off, k;
	char			*cause = NULL;

	while (!atomic_load_explicit(&mt->stop, memory_order_relaxed)) {
		first = atomic_fetch_add(&mt->next, (uint64_t)room);
		if (first >= mt->count)
			break;
		n = mt->count - first < (uint64_t)room ?
		    (int)(mt->count - first) : room;
		for (off = 0; off < n; off += k) {
			if (atomic_load_explicit(&mt->stop,
			    memory_order_relaxed))
				break;
			k = flood_tx_send(s->tx, first + (uint64_t)off,
			    n - off, &cause);
			if (k < 0) {
				flood_mt_fail(mt, cause);
				break;
			}
			if (k == 0)	/* the interface's queue is full */
				nanosleep(&nap, NULL);
			atomic_fetch_add(&mt->sent, (uint64_t)k);
		}
	}
	if (atomic_fetch_sub(&mt->running, 1) == 1)
		(void)write(mt->efd, &v, sizeof v);
	return (NULL);
}

/* Stop and wait for the senders started so far; close their sockets. */
static void
flood_mt_join(struct flood_mt *mt)
{
	int	i;

	atomic_store(&mt->stop, 1);
	for (i = 0; i < mt->n; i++) {
		if (mt->senders[i].started)
			pthread_join(mt->senders[i].thread, NULL);
		mt->senders[i].started = 0;
		flood_tx_close(mt->senders[i].tx);
		mt->senders[i].tx = NULL;
	}
}

/* Free mt (its senders joined). */
static void
flood_mt_free(struct flood_mt *mt)
{
	if (mt->efd != -1)
		close(mt->efd);
	pthread_mutex_destroy(&mt->lock);
	free(mt->cause);
	free(mt);
}

/* Send frames 0 .. count-1 of f on ifname from up to threads senders. */
struct flood_mt *
flood_mt_start(const struct flood *f, const char *ifname, uint64_t count,
    int threads, char **cause)
{
	struct flood_mt	*mt;
	sigset_t	 all, old;
	uint64_t	 runs = (count + FLOOD_RING - 1) / FLOOD_RING;
	int		 i, rc;

	if (threads < 1)
		threads = 1;
	if (threads > FLOOD_THREADS_MAX)
		threads = FLOOD_THREADS_MAX;
	if ((uint64_t)threads > runs)
		threads = runs > 0 ? (int)runs : 1;
	mt = xcalloc(1, sizeof *mt);
	mt->count = count;
	pthread_mutex_init(&mt->lock, NULL);
	if ((mt->efd = eventfd(0, EFD_CLOEXEC | EFD_NONBLOCK)) == -1) {
		*cause = xasprintf("flood: eventfd: %s", strerror(errno));
		flood_mt_free(mt);
		return (NULL);
	}
	/* Every socket first, here, where the capability is raised. */
	for (i = 0; i < threads; i++) {
		mt->senders[i].mt = mt;
		if ((mt->senders[i].tx = flood_tx_open(f, ifname,
		    cause)) == NULL) {
			flood_mt_join(mt);
			flood_mt_free(mt);
			return (NULL);
		}
		mt->n = i + 1;
	}
	atomic_store(&mt->running, threads);
	sigfillset(&all);
	pthread_sigmask(SIG_SETMASK, &all, &old);
	for (i = 0; i < threads; i++) {
		rc = pthread_create(&mt->senders[i].thread, NULL,
		    flood_mt_main, &mt->senders[i]);
		if (rc != 0) {
			pthread_sigmask(SIG_SETMASK, &old, NULL);
			*cause = xasprintf("flood: thread: %s", strerror(rc));
			atomic_fetch_sub(&mt->running, threads - i);
			flood_mt_join(mt);
			flood_mt_free(mt);
			return (NULL);
		}
		mt->senders[i].started = 1;
	}
	pthread_sigmask(SIG_SETMASK, &old, NULL);
	return (mt);
}

/* How many sender threads run. */
int
flood_mt_threads(const struct flood_mt *mt)
{
	return (mt->n);
}

/* Whether every sender uses a transmit ring. */
int
flood_mt_ring(const struct flood_mt *mt)
{
	int	i;

	for (i = 0; i < mt->n; i++)
		if (mt->senders[i].tx == NULL ||
		    !flood_tx_ring(mt->senders[i].tx))
			return (0);
	return (mt->n > 0);
}

/* Frames sent so far. */
uint64_t
flood_mt_sent(struct flood_mt *mt)
{
	return (atomic_load(&mt->sent));
}

/* The descriptor readable once every sender has finished. */
int
flood_mt_fd(const struct flood_mt *mt)
{
	return (mt->efd);
}

/* Whether every sender has finished; reads the descriptor's news. */
int
flood_mt_done(struct flood_mt *mt)
{
	uint64_t	v;

	if (atomic_load(&mt->running) != 0)
		return (0);
	(void)read(mt->efd, &v, sizeof v);
	return (1);
}

/* Stop the senders, wait for them, free mt: the frames sent. */
uint64_t
flood_mt_stop(struct flood_mt *mt, char **cause)
{
	uint64_t	sent;

	flood_mt_join(mt);
	sent = atomic_load(&mt->sent);
	if (mt->cause != NULL) {
		*cause = mt->cause;
		mt->cause = NULL;
	}
	flood_mt_free(mt);
	return (sent);
}
