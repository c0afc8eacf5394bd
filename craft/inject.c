/*
 * craft/inject.c - link-layer injection: libnet opens the interface (its
 * errors name missing privileges) and finds its MAC address; whole
 * Ethernet frames, built by tcpx, are then written with one sendto()
 * each on libnet's packet socket, whose interface index is looked up
 * once (libnet asks the kernel for it again on every write), or queued
 * and written INJ_BATCH at a time with sendmmsg(), in async mode by the
 * transmit thread (craft/inject-tx.c) while the caller goes on.
 */
#include <sys/socket.h>
#include <linux/if_packet.h>
#include <net/if.h>
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>

#include <libnet.h>

/* libnet pulls in <netinet/tcp.h>'s TH_* flags; core/wire.h's are ours. */
#undef TH_FIN
#undef TH_SYN
#undef TH_RST
#undef TH_PUSH
#undef TH_ACK
#undef TH_URG
#undef TH_ECE
#undef TH_CWR

#include "core/xmalloc.h"
#include "craft/inject-int.h"

struct inj {
	libnet_t	*ln;
	char		*ifname;
	uint8_t		 mac[6];
	int		 fd;		/* libnet's packet socket */
	struct sockaddr_ll to;		/* the interface, for sendto() */
	struct inj_batch *q;		/* frames queued for inj_flush() */
	struct inj_batch *spare;	/* the other batch, maybe the thread's */
	struct injtx	*tx;		/* the transmit thread, or NULL */
	int		 tx_tried;	/* whether injtx_start() was called */
	int		 async;		/* inj_async() */
	int		 handed;	/* spare is (or was) the thread's */
	struct inj_stats st;
};

static int	inj_denied(const char *errbuf, int err);
static void	inj_report(struct inj *, size_t, const char *, inj_fail_fn *,
		    void *);
static size_t	inj_report_batch(struct inj *, struct inj_batch *,
		    inj_fail_fn *, void *);
static size_t	inj_reap(struct inj *, int, inj_fail_fn *, void *);

/* Whether a libnet failure (errbuf, errno err) means missing privileges. */
static int
inj_denied(const char *errbuf, int err)
{
	return (err == EPERM || err == EACCES ||
	    strstr(errbuf, "not permitted") != NULL ||
	    strstr(errbuf, "ermission denied") != NULL ||
	    strstr(errbuf, "UID") != NULL ||
	    strstr(errbuf, "CAP_NET_RAW") != NULL);
}

/*
 * Make j's socket send only: libnet opens it for every protocol, so the
 * kernel would queue it a copy of every frame on every interface, which
 * nobody reads.  Bound with protocol 0 it receives nothing (packet(7)).
 */
static void
inj_deaf(struct inj *j)
{
	struct sockaddr_ll	sll;

	if (j->fd == -1 || j->to.sll_ifindex == 0)
		return;
	memset(&sll, 0, sizeof sll);
	sll.sll_family = AF_PACKET;
	sll.sll_protocol = 0;
	sll.sll_ifindex = j->to.sll_ifindex;
	(void)bind(j->fd, (struct sockaddr *)&sll, sizeof sll);
}

/* Open link-layer injection on ifname; NULL with *cause on failure. */
struct inj *
inj_open(const char *ifname, char **cause)
{
	char				 errbuf[LIBNET_ERRBUF_SIZE];
	struct libnet_ether_addr	*ea;
	struct inj			*j;
	libnet_t			*ln;
	size_t				 len;
	unsigned			 ifindex;

	if ((ifindex = if_nametoindex(ifname)) == 0) {
		*cause = xasprintf("inject: %s: no such interface (ip link "
		    "lists them)", ifname);
		return (NULL);
	}
	errbuf[0] = '\0';
	errno = 0;
	ln = libnet_init(LIBNET_LINK_ADV, ifname, errbuf);
	if (ln == NULL) {
		len = strlen(errbuf);
		while (len > 0 && errbuf[len - 1] == '\n')
			errbuf[--len] = '\0';
		if (inj_denied(errbuf, errno))
			*cause = xasprintf("inject: opening %s for injection "
			    "needs CAP_NET_RAW (run as root)", ifname);
		else
			*cause = xasprintf("inject: %s: %s", ifname,
			    *errbuf != '\0' ? errbuf : "libnet_init failed");
		return (NULL);
	}
	if ((ea = libnet_get_hwaddr(ln)) == NULL) {
		*cause = xasprintf("inject: %s: no MAC address: %s", ifname,
		    libnet_geterror(ln));
		libnet_destroy(ln);
		return (NULL);
	}
	/* Not for the programs `lab exec` and `lab sh` start. */
	if (libnet_getfd(ln) != -1)
		(void)fcntl(libnet_getfd(ln), F_SETFD, FD_CLOEXEC);
	j = xcalloc(1, sizeof *j);
	j->ln = ln;
	j->ifname = xstrdup(ifname);
	memcpy(j->mac, ea->ether_addr_octet, 6);
	j->fd = libnet_getfd(ln);
	j->q = xcalloc(1, sizeof *j->q);
	j->to.sll_family = AF_PACKET;
	j->to.sll_ifindex = (int)ifindex;
	j->to.sll_halen = 6;
	inj_deaf(j);
	return (j);
}

/* The interface's MAC address. */
void
inj_mac(const struct inj *j, uint8_t mac[6])
{
	memcpy(mac, j->mac, 6);
}

/* Send one complete link-layer frame; 0, or -1 with *cause. */
int
inj_send(struct inj *j, const uint8_t *frame, size_t len, char **cause)
{
	int	n;

	if (len > UINT32_MAX) {
		*cause = xasprintf("inject: %s: frame of %zu bytes too long",
		    j->ifname, len);
		return (-1);
	}
	if (j->handed)	/* after the frames before it */
		injtx_wait(j->tx);
	j->st.frames++;
	j->st.calls++;
	if (j->fd == -1 || j->to.sll_ifindex == 0 || len < 14) {
		n = libnet_adv_write_link(j->ln, frame, (uint32_t)len);
		if (n == -1 || (size_t)n != len) {
			*cause = xasprintf("inject: %s: sending %zu bytes: %s",
			    j->ifname, len, n == -1 ? libnet_geterror(j->ln) :
			    "short write");
			j->st.refused++;
			return (-1);
		}
		return (0);
	}
	/* The frame's own EtherType, as the kernel would read it. */
	memcpy(&j->to.sll_protocol, frame + 12, 2);
	n = (int)sendto(j->fd, frame, len, 0, (struct sockaddr *)&j->to,
	    sizeof j->to);
	if (n == -1 || (size_t)n != len) {
		*cause = xasprintf("inject: %s: sending %zu bytes: %s",
		    j->ifname, len, n == -1 ? strerror(errno) : "short write");
		j->st.refused++;
		return (-1);
	}
	return (0);
}

/* Tell fail that a frame of len bytes was refused for why. */
static void
inj_report(struct inj *j, size_t len, const char *why, inj_fail_fn *fail,
    void *arg)
{
	char	*cause;

	cause = xasprintf("inject: %s: sending %zu bytes: %s", j->ifname, len,
	    why);
	fail(arg, cause);
	free(cause);
}

/* Queue a copy of one frame for inj_flush(); flush first when full. */
void
inj_queue(struct inj *j, const uint8_t *frame, size_t len, inj_fail_fn *fail,
    void *arg)
{
	struct inj_batch *q;
	struct mmsghdr	*m;
	char		*cause = NULL;

	if (j->fd == -1 || j->to.sll_ifindex == 0 || len < 14 ||
	    len > INJ_BATCH_BYTES) {
		/* Not for sendmmsg(): by itself, after what is queued. */
		(void)inj_flush(j, fail, arg);
		if (inj_send(j, frame, len, &cause) != 0) {
			fail(arg, cause);
			free(cause);
		}
		return;
	}
	if (j->q->n == INJ_BATCH || j->q->used + len > INJ_BATCH_BYTES)
		(void)inj_flush(j, fail, arg);
	q = j->q;	/* a flush may have swapped it */
	if (q->buf == NULL)
		q->buf = xmalloc(INJ_BATCH_BYTES);
	memcpy(q->buf + q->used, frame, len);
	q->to[q->n] = j->to;
	/* The frame's own EtherType, as the kernel would read it. */
	memcpy(&q->to[q->n].sll_protocol, frame + 12, 2);
	q->iov[q->n].iov_base = q->buf + q->used;
	q->iov[q->n].iov_len = len;
	m = &q->msg[q->n];
	memset(m, 0, sizeof *m);
	m->msg_hdr.msg_name = &q->to[q->n];
	m->msg_hdr.msg_namelen = sizeof q->to[q->n];
	m->msg_hdr.msg_iov = &q->iov[q->n];
	m->msg_hdr.msg_iovlen = 1;
	q->n++;
	q->used += len;
}

/* How many frames are queued for the next inj_flush(). */
size_t
inj_queued(const struct inj *j)
{
	return (j->q->n);
}

/* Send b's frames in order on fd, noting in b the ones refused. */
void
inj_batch_send(int fd, struct inj_batch *b)
{
	size_t	i = 0, k;
	int	n;

	while (i < b->n) {
		n = sendmmsg(fd, b->msg + i, (unsigned)(b->n - i), 0);
		b->calls++;
		if (n == -1 && errno == EINTR)
			continue;
		if (n <= 0) {
			/* The first one of the rest failed: skip it. */
			b->refused[b->nrefused].len = b->iov[i].iov_len;
			b->refused[b->nrefused++].err = n == -1 ? errno :
			    -1;
			i++;
			continue;
		}
		for (k = i; k < i + (size_t)n; k++) {
			if (b->msg[k].msg_len != b->iov[k].iov_len) {
				b->refused[b->nrefused].len = b->iov[k].iov_len;
				b->refused[b->nrefused++].err = 0;
			}
		}
		i += (size_t)n;
	}
}

/* Report the frames b's sending refused to fail; empty b.  How many. */
static size_t
inj_report_batch(struct inj *j, struct inj_batch *b, inj_fail_fn *fail,
    void *arg)
{
	size_t	i, n = b->nrefused;

	j->st.frames += b->n;
	j->st.calls += b->calls;
	j->st.refused += n;
	b->calls = 0;
	for (i = 0; i < n; i++)
		inj_report(j, b->refused[i].len, b->refused[i].err > 0 ?
		    strerror(b->refused[i].err) : b->refused[i].err == 0 ?
		    "short write" : "not sent", fail, arg);
	b->n = b->used = b->nrefused = 0;
	return (n);
}

/* Flushes hand their batch to the transmit thread while on. */
void
inj_async(struct inj *j, int on)
{
	j->async = on;
}

/*
 * Once the thread has sent what it was handed (waiting for it if wait),
 * report the refused to fail.  How many were.
 */
static size_t
inj_reap(struct inj *j, int wait, inj_fail_fn *fail, void *arg)
{
	if (!j->handed)
		return (0);
	if (wait)
		injtx_wait(j->tx);
	else if (!injtx_done(j->tx))
		return (0);
	j->handed = 0;
	return (inj_report_batch(j, j->spare, fail, arg));
}

/* Wait for the frames the thread has; report the refused.  How many. */
size_t
inj_settle(struct inj *j, inj_fail_fn *fail, void *arg)
{
	return (inj_reap(j, 1, fail, arg));
}

/* Whether the thread still sends; once done, its refused are reported. */
int
inj_pending(struct inj *j, inj_fail_fn *fail, void *arg)
{
	(void)inj_reap(j, 0, fail, arg);
	return (j->handed);
}

/*
 * Send the queued frames in order, after those the thread has; each
 * refused one goes to fail.  In async mode the thread takes a batch of
 * INJ_ASYNC_MIN small frames or more (INJ_ASYNC_FRAME bytes on average
 * at most: ACKs).
 */
size_t
inj_flush(struct inj *j, inj_fail_fn *fail, void *arg)
{
	struct inj_batch *b;
	size_t		  failed;

	if (j->q->n == 0)	/* nothing to wait for */
		return (inj_reap(j, 0, fail, arg));
	if (j->handed && !injtx_done(j->tx))
		j->st.waited++;
	failed = inj_reap(j, 1, fail, arg);
	if (j->async && !j->tx_tried) {
		j->tx = injtx_start(j->fd);
		j->tx_tried = 1;
	}
	if (j->async && j->tx != NULL && j->q->n >= INJ_ASYNC_MIN &&
	    j->q->used <= j->q->n * INJ_ASYNC_FRAME) {
		if (j->spare == NULL)
			j->spare = xcalloc(1, sizeof *j->spare);
		b = j->spare;
		j->spare = j->q;
		j->q = b;
		injtx_post(j->tx, j->spare);
		j->handed = 1;
		j->st.handed++;
		return (failed);
	}
	inj_batch_send(j->fd, j->q);
	return (failed + inj_report_batch(j, j->q, fail, arg));
}

/* Fill st with what j did so far. */
void
inj_stats(const struct inj *j, struct inj_stats *st)
{
	*st = j->st;
	st->thread = j->tx != NULL ? 1 : j->tx_tried ? -1 : 0;
}

/* Close j (NULL is fine); what is still queued is not sent. */
void
inj_close(struct inj *j)
{
	if (j == NULL)
		return;
	injtx_stop(j->tx);	/* what it has leaves first */
	libnet_destroy(j->ln);
	if (j->q != NULL)
		free(j->q->buf);
	if (j->spare != NULL)
		free(j->spare->buf);
	free(j->q);
	free(j->spare);
	free(j->ifname);
	free(j);
}
