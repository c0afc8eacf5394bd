/*
 * craft/flood-tx.h - one sender of a flood: a packet socket bound to the
 * interface that bypasses the qdisc (PACKET_QDISC_BYPASS), with a
 * TPACKET_V2 transmit ring filled with frames and handed to the kernel
 * with one send(); sendmmsg() where the kernel refuses the ring.
 */
#ifndef TCPX_CRAFT_FLOOD_TX_H
#define TCPX_CRAFT_FLOOD_TX_H

#include <stdint.h>

struct flood;
struct flood_tx;

#define FLOOD_RING	512	/* frames in a sender's transmit ring */

/*
 * A sender on ifname for the frames of f (f must outlive it); NULL with
 * *cause (malloc'd) naming the interface or the missing capability.
 */
struct flood_tx	*flood_tx_open(const struct flood *f, const char *ifname,
		    char **cause);

/* Close the socket and free tx (NULL is fine). */
void		 flood_tx_close(struct flood_tx *tx);

/* How many frames one flood_tx_send() takes at most. */
int		 flood_tx_room(const struct flood_tx *tx);

/*
 * Send frames first .. first+n-1 of the flood (n <= flood_tx_room()):
 * how many went (0 when the interface's queue is full), or -1 with
 * *cause.
 */
int		 flood_tx_send(struct flood_tx *tx, uint64_t first, int n,
		    char **cause);

/* Whether tx sends through a transmit ring (else sendmmsg()). */
int		 flood_tx_ring(const struct flood_tx *tx);

#endif
