/*
 * cli/print/print-tcp.c - TCP (RFC 9293) lines as tcpdump -n prints them: flags,
 * sequence numbers relative to each conversation's first ACK-bearing
 * segment (tcpdump's tcp_seq_hash, reproduced rule for rule) or absolute
 * (tcpdump -S), window,
 * urgent pointer, options and length.
 */
#include <stdlib.h>
#include <string.h>

#include "core/xmalloc.h"
#include "cli/print/print-int.h"

static uint32_t	seq_hash(int, const uint8_t *, const uint8_t *, uint32_t);
static void	seq_grow(struct printer *);
static struct seqent *seq_lookup(struct printer *, const struct pkt *, int,
		    int);
static void	print_flags(struct pbuf *, uint8_t);
static void	built_lengths(const struct pkt *, uint32_t *, uint32_t *);

/* Hash a conversation key (FNV-1a). */
static uint32_t
seq_hash(int alen, const uint8_t *src, const uint8_t *dst, uint32_t ports)
{
	uint32_t	h = 2166136261u;
	int		i;

	for (i = 0; i < alen; i++)
		h = (h ^ src[i]) * 16777619u;
	for (i = 0; i < alen; i++)
		h = (h ^ dst[i]) * 16777619u;
	for (i = 0; i < 4; i++)
		h = (h ^ ((ports >> (8 * i)) & 0xff)) * 16777619u;
	return (h);
}

/* Double the conversation table. */
static void
seq_grow(struct printer *pr)
{
	struct seqent	**tab, *e, *next;
	size_t		  n = pr->nbuckets * 2, i, b;
	int		  alen;

	tab = xcalloc(n, sizeof *tab);
	for (i = 0; i < pr->nbuckets; i++) {
		for (e = pr->tab[i]; e != NULL; e = next) {
			next = e->next;
			alen = e->family == 6 ? 16 : 4;
			b = seq_hash(alen, e->src, e->dst, e->ports) & (n - 1);
			e->next = tab[b];
			tab[b] = e;
		}
	}
	free(pr->tab);
	pr->tab = tab;
	pr->nbuckets = n;
}

/*
 * Find the conversation of p (direction-independent; rev says whether p
 * goes against the recorded orientation), creating it when absent or when
 * p is a SYN - the rules of tcpdump's tcp_print.  Returns NULL when it
 * (re)created the entry: such a segment prints absolute numbers.
 */
static struct seqent *
seq_lookup(struct printer *pr, const struct pkt *p, int rev, int syn)
{
	const uint8_t	*src = pkt_src(p), *dst = pkt_dst(p);
	struct seqent	*e;
	int		 fam = pkt_family(p), alen = fam == 6 ? 16 : 4;
	uint32_t	 ports, h;

	if (rev) {
		const uint8_t *t = src;
		src = dst;
		dst = t;
		ports = (uint32_t)p->tcp.dport << 16 | p->tcp.sport;
	} else
		ports = (uint32_t)p->tcp.sport << 16 | p->tcp.dport;
	h = seq_hash(alen, src, dst, ports);
	for (e = pr->tab[h & (pr->nbuckets - 1)]; e != NULL; e = e->next) {
		if (e->family == fam && e->ports == ports &&
		    memcmp(e->src, src, alen) == 0 &&
		    memcmp(e->dst, dst, alen) == 0)
			break;
	}
	if (e != NULL && !syn)
		return (e);
	if (e == NULL) {
		if (pr->nents >= pr->nbuckets * 2) {
			seq_grow(pr);
		}
		e = xcalloc(1, sizeof *e);
		e->family = (uint8_t)fam;
		memcpy(e->src, src, alen);
		memcpy(e->dst, dst, alen);
		e->ports = ports;
		e->next = pr->tab[h & (pr->nbuckets - 1)];
		pr->tab[h & (pr->nbuckets - 1)] = e;
		pr->nents++;
	}
	/* A new conversation: this segment's numbers are the base. */
	if (rev) {
		e->ack = p->tcp.seq;
		e->seq = p->tcp.ack - 1;
	} else {
		e->seq = p->tcp.seq;
		e->ack = p->tcp.ack - 1;
	}
	return (NULL);
}

/*
 * For a packet built rather than decoded, fill in the header and segment
 * lengths the encoder would compute when they were left zero.
 */
static void
built_lengths(const struct pkt *p, uint32_t *hlen, uint32_t *length)
{
	uint8_t	opts[40];
	char	err[WIRE_ERRLEN];
	int	n;

	if (*hlen == 0) {
		n = wire_tcpopt_build(&p->tcp, opts, sizeof opts, err,
		    sizeof err);
		*hlen = 20 + (n > 0 ? ((unsigned)n + 3) & ~3u : 0);
	}
	if (*length == 0)
		*length = *hlen + (uint32_t)(p->payload_wire > p->payload_len ?
		    p->payload_wire : p->payload_len);
}

/* Append tcpdump's flag letters ("none" when no flag is set). */
static void
print_flags(struct pbuf *pb, uint8_t f)
{
	static const struct {
		uint8_t	bit;
		char	c;
	} tab[] = {
		{ TH_FIN, 'F' }, { TH_SYN, 'S' }, { TH_RST, 'R' },
		{ TH_PUSH, 'P' }, { TH_ACK, '.' }, { TH_URG, 'U' },
		{ TH_ECE, 'E' }, { TH_CWR, 'W' }
	};
	size_t	i;

	pb_str(pb, "Flags [");
	if (f == 0)
		pb_str(pb, "none");
	for (i = 0; i < sizeof tab / sizeof tab[0]; i++) {
		if (f & tab[i].bit)
			pb_chr(pb, tab[i].c);
	}
	pb_chr(pb, ']');
}

/*
 * A TCP segment from the ports on, as tcpdump's tcp_print without -v (and
 * with -S when the printer prints absolute numbers).
 */
void
print_tcp(struct printer *pr, struct pbuf *pb, const struct pkt *p,
    int fragmented)
{
	const struct tcp_hdr	*th = &p->tcp;
	const struct seqent	*e;
	const uint8_t		*src, *dst;
	uint32_t		 seq = th->seq, ack = th->ack;
	uint32_t		 thseq = 0, thack = 0, hlen = th->doff * 4u;
	uint32_t		 length = (uint32_t)p->l4_len;
	uint8_t			 flags = (uint8_t)th->flags;
	int			 rev = 0, alen;

	if (p->l4 == NULL)
		built_lengths(p, &hlen, &length);
	print_ports(pb, p, th->sport, th->dport);
	if (hlen < 20) {
		pb_str(pb, " tcp ");
		pb_u32(pb, length - hlen);
		pb_str(pb, " [bad hdr length ");
		pb_u32(pb, hlen);
		pb_str(pb, " - too short, < 20]");
		return;
	}
	print_flags(pb, flags);
	if (flags & TH_ACK) {
		src = pkt_src(p);
		dst = pkt_dst(p);
		alen = pkt_family(p) == 6 ? 16 : 4;
		if (th->sport > th->dport)
			rev = 1;
		else if (th->sport == th->dport && memcmp(src, dst, alen) > 0)
			rev = 1;
		/* Followed even when absolute, for a later switch back. */
		e = seq_lookup(pr, p, rev, (flags & TH_SYN) != 0);
		if (pr->absolute) {
			/* tcpdump -S: numbers and SACK blocks as sent. */
		} else if (e != NULL) {
			if (rev) {
				seq -= e->ack;
				ack -= e->seq;
			} else {
				seq -= e->seq;
				ack -= e->ack;
			}
			thseq = e->seq;
			thack = e->ack;
		} else if (rev) {
			thseq = th->ack - 1;
			thack = th->seq;
		} else {
			thseq = th->seq;
			thack = th->ack - 1;
		}
	}
	if (hlen > length) {
		pb_str(pb, " [bad hdr length ");
		pb_u32(pb, hlen);
		pb_str(pb, " - too long, > ");
		pb_u32(pb, length);
		pb_chr(pb, ']');
		return;
	}
	length -= hlen;
	if (length > 0 || (flags & (TH_SYN | TH_FIN | TH_RST))) {
		pb_str(pb, ", seq ");
		pb_u32(pb, seq);
		if (length > 0) {
			pb_chr(pb, ':');
			pb_u32(pb, seq + length);
		}
	}
	if (flags & TH_ACK) {
		pb_str(pb, ", ack ");
		pb_u32(pb, ack);
	}
	pb_str(pb, ", win ");
	pb_u32(pb, th->win);
	if (flags & TH_URG) {
		pb_str(pb, ", urg ");
		pb_u32(pb, th->urp);
	}
	if (hlen > 20 && print_tcp_options(pb, p, thseq, thack, rev,
	    length) == -1)
		return;
	pb_str(pb, ", length ");
	pb_u32(pb, length);
	(void)fragmented;
}
