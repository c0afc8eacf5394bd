/*
 * core/ipfrag.h - IP fragments: splitting a datagram that does not fit the
 * link (RFC 791 §3.2, RFC 8200 §4.5) and putting back together the
 * fragments addressed to us (RFC 791 §3.2, RFC 1122 §3.3.2, RFC 8200 §4.5,
 * RFC 5722), with bounded memory and a timeout.  Pure: no I/O, no clock;
 * the caller passes the time.
 */
#ifndef TCPX_CORE_IPFRAG_H
#define TCPX_CORE_IPFRAG_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/seg.h"

#define IPFRAG_ERRLEN		96	/* enough for any message here */
#define IPDEFRAG_MAX_FRAGS	64	/* fragments kept for one datagram */
#define IPDEFRAG_MAX_DGRAMS	4096	/* datagrams being reassembled at once */
#define IPDEFRAG_QUOTE		128	/* bytes of the first fragment kept to quote */

/*
 * Called for each fragment ipfrag_split() makes: frag (len bytes) begins
 * with the link header; idx counts from 1 and last says it is the last.
 */
typedef void	ipfrag_emit(void *arg, const uint8_t *frag, size_t len,
		    unsigned idx, bool last);

/*
 * Split the IP datagram at frame + l2len (frame holds len bytes) into
 * fragments of at most mtu bytes of IP, each carrying at most size bytes
 * of data (0: as many as fit; otherwise rounded down to a multiple of 8).
 * id is the IPv6 Fragment header's Identification (an IPv4 datagram keeps
 * its own).  Each fragment is written into scratch (cap bytes) and handed
 * to emit.  A datagram that already fits and asks no size is emitted whole
 * (one call, idx 1, last).  force splits an IPv4 datagram with DF set.
 * Returns the number of fragments, or -1 with a reason in err.
 */
int		 ipfrag_split(const uint8_t *frame, size_t len, size_t l2len,
		    size_t mtu, size_t size, uint32_t id, bool force,
		    uint8_t *scratch, size_t cap, ipfrag_emit *emit, void *arg,
		    char *err, size_t errlen);

struct ipdefrag;

enum ipdefrag_verdict {
	IPDF_WHOLE,	/* not a fragment: use the packet as it is */
	IPDF_HELD,	/* a fragment, kept until the others arrive */
	IPDF_DONE,	/* the last one missing: the datagram is in the result */
	IPDF_DROPPED,	/* refused or discarded: the result says why */
};

/* Why a fragment or a datagram was let go (counted for `stat path`). */
enum ipdefrag_drop {
	IPDF_BAD,		/* malformed: lengths that cannot be */
	IPDF_TOO_BIG,		/* it would end past 65535 bytes */
	IPDF_DUP,		/* the very same fragment again */
	IPDF_OVERLAP,		/* overlaps another: the datagram is discarded */
	IPDF_DEAD,		/* part of a datagram discarded before */
	IPDF_TOO_MANY,		/* more than IPDEFRAG_MAX_FRAGS fragments */
	IPDF_EVICTED,		/* older datagrams evicted to make room (counted) */
	IPDF_TIMEOUT,		/* datagrams that timed out (counted) */
	IPDF_NDROPS
};

/* What ipdefrag_input() made of a packet. */
struct ipdefrag_result {
	uint8_t			*data;	/* IPDF_DONE: the datagram; free() it */
	size_t			 len;
	unsigned		 nfrags;	/* IPDF_DONE: of how many fragments */
	enum ipdefrag_drop	 drop;	/* IPDF_DROPPED: why */
	uint32_t		 id;	/* the fragment's Identification */
	uint32_t		 off;	/* its offset in bytes */
	size_t			 dlen;	/* its data bytes */
	bool			 more;	/* its MF / M flag */
};

/* A datagram whose time ran out, for an ICMP Time Exceeded and a note. */
struct ipdefrag_expired {
	struct addr	 src;
	struct addr	 dst;
	uint32_t	 id;
	unsigned	 nfrags;	/* fragments that did arrive */
	size_t		 have;		/* data bytes they held */
	size_t		 total;		/* the datagram's length, 0 when unknown */
	bool		 dead;		/* it had been discarded for overlapping */
	uint64_t	 age;		/* how long it waited */
	uint8_t		 quote[IPDEFRAG_QUOTE];	/* the first fragment's start */
	size_t		 quote_len;	/* 0 when the first fragment never came */
};

struct ipdefrag_stats {
	unsigned long	 held;		/* datagrams being reassembled now */
	unsigned long	 bytes;		/* memory they use */
	unsigned long	 done;		/* datagrams reassembled */
	unsigned long	 drops[IPDF_NDROPS];
};

/*
 * An empty reassembler that keeps at most limit bytes of fragments;
 * seed keys its hash.  Free with ipdefrag_free().
 */
struct ipdefrag	*ipdefrag_new(size_t limit, uint64_t seed);

/* Keep at most limit bytes from now on (older datagrams go as room is needed). */
void		 ipdefrag_set_limit(struct ipdefrag *d, size_t limit);

/* Free d and every fragment it keeps (NULL is fine). */
void		 ipdefrag_free(struct ipdefrag *d);

/*
 * Take the IP packet ip (len bytes, the whole packet) that arrived at now;
 * a new datagram waits at most timeout (the same for every call, so that
 * arrival order is the order of expiry: keep one reassembler per family).
 * Returns what became of it, with the details in *r.
 */
enum ipdefrag_verdict ipdefrag_input(struct ipdefrag *d, const uint8_t *ip,
		    size_t len, uint64_t now, uint64_t timeout,
		    struct ipdefrag_result *r);

/*
 * Let go of one datagram whose time ran out by now, described in *x;
 * returns 1, or 0 when none has.
 */
int		 ipdefrag_expire(struct ipdefrag *d, uint64_t now,
		    struct ipdefrag_expired *x);

/* The time the oldest datagram runs out, or UINT64_MAX. */
uint64_t	 ipdefrag_deadline(const struct ipdefrag *d);

/* What d has done. */
void		 ipdefrag_stats(const struct ipdefrag *d,
		    struct ipdefrag_stats *st);

/* A few words for a drop reason ("overlapping fragments", ...). */
const char	*ipdefrag_drop_name(enum ipdefrag_drop why);

#endif
