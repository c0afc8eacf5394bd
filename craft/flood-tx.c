/*
 * craft/flood-tx.c - one sender of a flood (craft/flood.c builds the
 * frames): a packet socket bound to the interface, past the qdisc
 * (PACKET_QDISC_BYPASS, Linux 3.14), with a TPACKET_V2 transmit ring:
 * frames are written into the ring, one send() hands the kernel all of
 * them, and a slot is ours again when the kernel has sent its frame.
 * Each frame carries a virtio-net header (PACKET_VNET_HDR) whose hdr_len
 * is the whole frame: the kernel then copies the frame into the socket
 * buffer instead of lending it the ring's page, which a veth would copy
 * again (a page for each frame) before handing it to the peer.
 * Where the kernel refuses the ring, batches of FLOOD_BATCH frames go
 * with sendmmsg().
 */
#include <errno.h>
#include <linux/if_packet.h>
#include <linux/virtio_net.h>
#include <net/if.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/socket.h>
#include <unistd.h>

#include "core/xmalloc.h"
#include "craft/flood.h"
#include "craft/flood-tx.h"
#include "lab/priv.h"

#define FLOOD_SLOT	128	/* bytes of ring per frame: header and frame */

struct flood_tx {
	const struct flood	*f;
	int			 fd;
	int			 ifindex;
	uint8_t			*ring;		/* NULL: sendmmsg() */
	size_t			 ringlen;
	size_t			 vnet;		/* bytes of virtio-net header */
	unsigned		 next;		/* the slot the next frame takes */
	uint8_t			 frames[FLOOD_BATCH][FLOOD_SLOT];
};

/* A slot the kernel has not given back. */
#define FLOOD_BUSY	(TP_STATUS_SEND_REQUEST | TP_STATUS_SENDING | \
			    TP_STATUS_WRONG_FORMAT)

/* Where a frame starts in its ring slot (no PACKET_TX_HAS_OFF). */
#define FLOOD_DATA	(TPACKET2_HDRLEN - sizeof(struct sockaddr_ll))

/* Set up the transmit ring on tx's socket; 0, or -1 (tx stays on sendmmsg). */
static int
flood_tx_ring_setup(struct flood_tx *tx)
{
	struct tpacket_req	req;
	int			v = TPACKET_V2;
	long			page = sysconf(_SC_PAGESIZE);

	if (page < FLOOD_SLOT)
		page = 4096;
	if (setsockopt(tx->fd, SOL_PACKET, PACKET_VERSION, &v, sizeof v) != 0)
		return (-1);
	v = 1;
	if (setsockopt(tx->fd, SOL_PACKET, PACKET_VNET_HDR, &v, sizeof v) == 0)
		tx->vnet = sizeof(struct virtio_net_hdr);
	memset(&req, 0, sizeof req);
	req.tp_block_size = (unsigned)page;
	req.tp_frame_size = FLOOD_SLOT;
	req.tp_frame_nr = FLOOD_RING;
	req.tp_block_nr = FLOOD_RING / (req.tp_block_size / FLOOD_SLOT);
	if (req.tp_block_nr == 0)
		return (-1);
	req.tp_frame_nr = req.tp_block_nr * (req.tp_block_size / FLOOD_SLOT);
	if (setsockopt(tx->fd, SOL_PACKET, PACKET_TX_RING, &req,
	    sizeof req) != 0)
		return (-1);
	tx->ringlen = (size_t)req.tp_block_size * req.tp_block_nr;
	tx->ring = mmap(NULL, tx->ringlen, PROT_READ | PROT_WRITE, MAP_SHARED,
	    tx->fd, 0);
	if (tx->ring == MAP_FAILED) {
		tx->ring = NULL;
		return (-1);
	}
	return (0);
}

/* A sender on ifname for the frames of f. */
struct flood_tx *
flood_tx_open(const struct flood *f, const char *ifname, char **cause)
{
	struct flood_tx		*tx;
	struct sockaddr_ll	 sll;
	int			 on = 1, fd;
	unsigned		 ifindex;

	if ((ifindex = if_nametoindex(ifname)) == 0) {
		*cause = xasprintf("flood: interface %s: %s", ifname,
		    strerror(errno));
		return (NULL);
	}
	priv_raise();	/* CAP_NET_RAW, kept for this */
	fd = socket(AF_PACKET, SOCK_RAW | SOCK_CLOEXEC, 0);
	priv_lower();
	if (fd == -1) {
		*cause = xasprintf("flood: packet socket: %s%s", strerror(errno),
		    errno == EPERM ? " (needs CAP_NET_RAW)" : "");
		return (NULL);
	}
	/* Protocol 0: bound to the interface, the socket receives nothing. */
	memset(&sll, 0, sizeof sll);
	sll.sll_family = AF_PACKET;
	sll.sll_ifindex = (int)ifindex;
	if (bind(fd, (struct sockaddr *)&sll, sizeof sll) != 0) {
		*cause = xasprintf("flood: interface %s: %s", ifname,
		    strerror(errno));
		close(fd);
		return (NULL);
	}
	tx = xcalloc(1, sizeof *tx);
	tx->f = f;
	tx->fd = fd;
	tx->ifindex = (int)ifindex;
	/* Best effort: older kernels go through the qdisc, or sendmmsg(). */
#ifdef PACKET_QDISC_BYPASS
	(void)setsockopt(fd, SOL_PACKET, PACKET_QDISC_BYPASS, &on, sizeof on);
#endif
	(void)on;
	(void)flood_tx_ring_setup(tx);
	return (tx);
}

/* Close the socket and free tx. */
void
flood_tx_close(struct flood_tx *tx)
{
	if (tx == NULL)
		return;
	if (tx->ring != NULL)
		munmap(tx->ring, tx->ringlen);
	close(tx->fd);
	free(tx);
}

/* How many frames one send takes at most. */
int
flood_tx_room(const struct flood_tx *tx)
{
	return (tx->ring != NULL ? (int)(tx->ringlen / FLOOD_SLOT) :
	    FLOOD_BATCH);
}

/* Whether tx sends through a transmit ring. */
int
flood_tx_ring(const struct flood_tx *tx)
{
	return (tx->ring != NULL);
}

/* The header of ring slot i. */
static struct tpacket2_hdr *
flood_tx_slot(struct flood_tx *tx, unsigned i)
{
	return ((struct tpacket2_hdr *)(tx->ring + (size_t)i * FLOOD_SLOT));
}

/*
 * Send frames first .. first+n-1 through the ring: as many as there are
 * free slots are written, one send() hands them over, and those the
 * kernel did not take (its queue was full) are taken back, so that what
 * went is always the first of them, as with sendmmsg().
 */
static int
flood_tx_ring_send(struct flood_tx *tx, uint64_t first, int n, char **cause)
{
	struct tpacket2_hdr	*h;
	struct virtio_net_hdr	 vh;
	unsigned		 slots = (unsigned)flood_tx_room(tx), i, m;
	uint32_t		 st;
	uint8_t			*data;
	size_t			 len;

	for (i = 0; i < (unsigned)n; i++) {
		h = flood_tx_slot(tx, (tx->next + i) % slots);
		/* A slot still sending (a slow interface) is not free yet. */
		if (__atomic_load_n(&h->tp_status, __ATOMIC_ACQUIRE) &
		    FLOOD_BUSY)
			break;
		data = (uint8_t *)h + FLOOD_DATA;
		len = flood_frame(tx->f, first + i, data + tx->vnet,
		    FLOOD_SLOT - FLOOD_DATA - tx->vnet);
		if (tx->vnet != 0) {
			/* No offloads; the frame is all header: copy it. */
			memset(&vh, 0, sizeof vh);
			vh.hdr_len = (uint16_t)len;
			memcpy(data, &vh, sizeof vh);
		}
		h->tp_len = (uint32_t)(tx->vnet + len);
		__atomic_store_n(&h->tp_status, TP_STATUS_SEND_REQUEST,
		    __ATOMIC_RELEASE);
	}
	if ((n = (int)i) == 0)
		return (0);
	if (send(tx->fd, NULL, 0, MSG_DONTWAIT) == -1 && errno != ENOBUFS &&
	    errno != EAGAIN && errno != EINTR) {
		*cause = xasprintf("flood: send: %s", strerror(errno));
		for (i = 0; i < (unsigned)n; i++) {
			h = flood_tx_slot(tx, (tx->next + i) % slots);
			if (__atomic_load_n(&h->tp_status, __ATOMIC_ACQUIRE) &
			    TP_STATUS_SEND_REQUEST)
				__atomic_store_n(&h->tp_status,
				    TP_STATUS_AVAILABLE, __ATOMIC_RELEASE);
		}
		return (-1);
	}
	/*
	 * The kernel takes frames in ring order and stops at the first it
	 * cannot send, leaving it and those after it requested: those are
	 * ours again (outside send() the kernel does not look at them).
	 */
	for (m = 0; m < (unsigned)n; m++) {
		h = flood_tx_slot(tx, (tx->next + m) % slots);
		st = __atomic_load_n(&h->tp_status, __ATOMIC_ACQUIRE);
		if (st & TP_STATUS_WRONG_FORMAT) {
			*cause = xasprintf("flood: the kernel refused frame "
			    "%llu", (unsigned long long)(first + m));
			return (-1);
		}
		if (st & TP_STATUS_SEND_REQUEST)
			break;
	}
	for (i = m; i < (unsigned)n; i++)
		__atomic_store_n(&flood_tx_slot(tx, (tx->next + i) %
		    slots)->tp_status, TP_STATUS_AVAILABLE, __ATOMIC_RELEASE);
	tx->next = (tx->next + m) % slots;
	return ((int)m);
}

/* Send frames first .. first+n-1 with one sendmmsg(). */
static int
flood_tx_mmsg_send(struct flood_tx *tx, uint64_t first, int n, char **cause)
{
	struct mmsghdr		msgs[FLOOD_BATCH];
	struct iovec		iov[FLOOD_BATCH];
	struct sockaddr_ll	sll;
	int			i, sent;

	memset(&sll, 0, sizeof sll);
	sll.sll_family = AF_PACKET;
	sll.sll_ifindex = tx->ifindex;
	sll.sll_halen = 6;
	memset(msgs, 0, sizeof msgs);
	for (i = 0; i < n; i++) {
		iov[i].iov_base = tx->frames[i];
		iov[i].iov_len = flood_frame(tx->f, first + (uint64_t)i,
		    tx->frames[i], sizeof tx->frames[i]);
		msgs[i].msg_hdr.msg_iov = &iov[i];
		msgs[i].msg_hdr.msg_iovlen = 1;
		msgs[i].msg_hdr.msg_name = &sll;
		msgs[i].msg_hdr.msg_namelen = sizeof sll;
	}
	memcpy(sll.sll_addr, tx->frames[0], 6);
	if ((sent = sendmmsg(tx->fd, msgs, (unsigned)n, 0)) == -1) {
		if (errno == ENOBUFS || errno == EAGAIN || errno == EINTR)
			return (0);	/* the queue is full: try again later */
		*cause = xasprintf("flood: sendmmsg: %s", strerror(errno));
		return (-1);
	}
	return (sent);
}

/* Send frames first .. first+n-1: how many went, or -1 with *cause. */
int
flood_tx_send(struct flood_tx *tx, uint64_t first, int n, char **cause)
{
	if (n <= 0)
		return (0);
	if (n > flood_tx_room(tx))
		n = flood_tx_room(tx);
	if (tx->ring != NULL)
		return (flood_tx_ring_send(tx, first, n, cause));
	return (flood_tx_mmsg_send(tx, first, n, cause));
}
