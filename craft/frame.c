/*
 * craft/frame.c - turning an engine segment into the Ethernet frame that
 * carries it (IPv4 RFC 791 or IPv6 RFC 8200, TCP RFC 9293), through the
 * wire codec: lengths and checksums computed, no privileges needed.
 */
#include "core/seg.h"
#include "core/xmalloc.h"
#include "craft/inject.h"

/* Build the frame for s from smac to dmac; its length, or -1 with *cause. */
ssize_t
craft_seg_frame(const struct seg *s, const uint8_t smac[6],
    const uint8_t dmac[6], uint8_t *buf, size_t cap, char **cause)
{
	struct pkt	p;
	char		err[WIRE_ERRLEN];
	ssize_t		n;

	if (s->src.family != s->dst.family ||
	    (s->src.family != 4 && s->src.family != 6)) {
		*cause = xstrdup("source and destination must both be "
		    "IPv4 or both IPv6");
		return (-1);
	}
	seg_to_pkt(s, &p, smac, dmac);
	if ((n = wire_build(&p, 0, buf, cap, err, sizeof err)) < 0)
		*cause = xstrdup(err);
	return (n);
}
