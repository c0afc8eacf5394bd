/*
 * core/wire.h - the wire codec's data model: bytes <-> decoded packets.
 *
 * Ethernet II, ARP (RFC 826), IPv4 (RFC 791) with options, IPv6 (RFC 8200)
 * with extension headers, TCP (RFC 9293) with every option (RFC 7323
 * window scale and timestamps, RFC 2018 SACK, RFC 2385 MD5, RFC 7413 TFO,
 * RFC 8684 MPTCP, RFC 5925 AO), UDP (RFC 768), ICMP (RFC 792) and ICMPv6
 * (RFC 4443).  Pure: no I/O, no globals, no allocation.
 *
 * Decoding never copies: variable-length parts (options, extension headers,
 * payload, unknown option data) are pointers into the caller's buffer, which
 * must outlive the decoded struct.  Every read is bounds-checked; malformed
 * input yields -1 and a precise reason in pkt->err, with the layers decoded
 * before the fault still filled in.
 */
#ifndef TCPX_CORE_WIRE_H
#define TCPX_CORE_WIRE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

/*
 * Link types we decode: the LINKTYPE_ numbers of the pcap file format, the
 * same on every system (capture/ maps libpcap's DLT_ values onto them:
 * DLT_RAW is 12 on Linux, 14 on OpenBSD, LINKTYPE_RAW 101 in files).
 */
#define WIRE_DLT_NULL		0	/* BSD loopback, host byte order */
#define WIRE_DLT_EN10MB		1	/* Ethernet II, 802.1Q/802.1ad tags */
#define WIRE_DLT_RAW		101	/* bare IPv4/IPv6 (LINKTYPE_RAW) */
#define WIRE_DLT_LOOP		108	/* OpenBSD loopback, network byte order */
#define WIRE_DLT_LINUX_SLL	113	/* Linux cooked v1 */
#define WIRE_DLT_IPV4		228	/* bare IP (LINKTYPE_IPV4), as raw */
#define WIRE_DLT_IPV6		229	/* bare IP (LINKTYPE_IPV6), as raw */
#define WIRE_DLT_LINUX_SLL2	276	/* Linux cooked v2 */

#define ETHERTYPE_IPV4		0x0800
#define ETHERTYPE_ARP		0x0806
#define ETHERTYPE_IPV6		0x86dd
#define ETHERTYPE_8021Q		0x8100	/* VLAN tag (802.1Q) */
#define ETHERTYPE_8021AD	0x88a8	/* service tag (802.1ad, QinQ) */
#define ETHERTYPE_8021Q9100	0x9100	/* pre-802.1ad QinQ */
#define ETHERTYPE_8021Q9200	0x9200

#define IPPROTO_HOPOPTS_	0
#define IPPROTO_ICMP_		1
#define IPPROTO_TCP_		6
#define IPPROTO_UDP_		17
#define IPPROTO_ROUTING_	43
#define IPPROTO_FRAGMENT_	44
#define IPPROTO_ICMPV6_		58
#define IPPROTO_NONE_		59
#define IPPROTO_DSTOPTS_	60

/* TCP flag bits as in the header's 12 low bits of offset/flags word. */
#define TH_FIN	0x001
#define TH_SYN	0x002
#define TH_RST	0x004
#define TH_PUSH	0x008
#define TH_ACK	0x010
#define TH_URG	0x020
#define TH_ECE	0x040
#define TH_CWR	0x080
#define TH_AE	0x100	/* RFC 3540 NS, now "AE" (RFC 9768 AccECN) */

/* TCP option kinds (IANA). */
#define TCPOPT_EOL		0
#define TCPOPT_NOP		1
#define TCPOPT_MSS		2
#define TCPOPT_WSCALE		3
#define TCPOPT_SACK_PERM	4
#define TCPOPT_SACK		5
#define TCPOPT_TIMESTAMP	8
#define TCPOPT_MD5		19
#define TCPOPT_AO		29
#define TCPOPT_MPTCP		30
#define TCPOPT_TFO		34
#define TCPOPT_EXP1		253
#define TCPOPT_EXP2		254	/* TFO before RFC 7413 used 254 + magic 0xf989 */

#define WIRE_MAX_TCPOPT		40	/* 40 option bytes hold at most 40 options */
#define WIRE_MAX_SACK		4
#define WIRE_MAX_IP6EXT		8
#define WIRE_MAX_VLAN		8	/* tags decoded in one frame */
#define WIRE_ERRLEN		128	/* enough for any codec message */

/* Verdict on a checksum, as far as the captured bytes allow. */
enum wire_cksum {
	CK_NONE = 0,	/* not checked (no such field, or not decoded) */
	CK_OK,		/* verified correct */
	CK_BAD,		/* verified wrong */
	CK_PARTIAL,	/* holds only the pseudo-header sum: TX offload left it unfinished */
	CK_UNKNOWN,	/* cannot be judged: packet truncated by snaplen, or fragment */
};

struct eth_hdr {
	uint8_t		dst[6];
	uint8_t		src[6];
	uint16_t	type;		/* the type after the MACs (a TPID when tagged) */
};

/* An 802.1Q or 802.1ad tag. */
struct vlan_tag {
	uint16_t	tpid;		/* ETHERTYPE_8021Q, _8021AD... */
	uint16_t	tci;		/* priority (3 bits), DEI, VLAN id (12 bits) */
};

/* The Linux cooked header's fields (v1 and v2). */
struct sll_hdr {
	uint16_t	pkttype;	/* 0 to us, 1 broadcast, 2 multicast, 3 other host, 4 outgoing */
	uint16_t	hatype;		/* ARPHRD_ type */
	uint32_t	ifindex;	/* v2 only */
	uint16_t	proto;		/* the protocol field as on the wire */
};

/* ARP for Ethernet/IPv4 (htype 1, ptype 0x0800, hlen 6, plen 4). */
struct arp_hdr {
	uint16_t	htype;
	uint16_t	ptype;
	uint8_t		hlen;
	uint8_t		plen;
	uint16_t	op;		/* 1 request, 2 reply */
	uint8_t		sha[6];
	uint8_t		spa[4];
	uint8_t		tha[6];
	uint8_t		tpa[4];
};

struct ip4_hdr {
	uint8_t		ihl;		/* header length in 32-bit words */
	uint8_t		tos;
	uint16_t	tot_len;
	uint16_t	id;
	uint16_t	frag;		/* flags (RF, DF, MF) and offset, as on the wire */
	uint8_t		ttl;
	uint8_t		proto;
	uint16_t	cksum;
	uint8_t		src[4];
	uint8_t		dst[4];
	const uint8_t	*opt;		/* (ihl - 5) * 4 option bytes */
	size_t		opt_len;
	enum wire_cksum	cksum_ok;
};
#define IP4_RF		0x8000
#define IP4_DF		0x4000
#define IP4_MF		0x2000
#define IP4_OFFMASK	0x1fff

struct ip6_ext {
	uint8_t		type;		/* this header's protocol number */
	uint8_t		nxt;		/* the next header field inside it */
	const uint8_t	*data;		/* whole extension header, type-dependent length */
	size_t		len;
};

struct ip6_hdr {
	uint8_t		tclass;
	uint32_t	flow;		/* 20 bits */
	uint16_t	plen;		/* payload length (after the fixed 40 bytes) */
	uint8_t		nxt;		/* next header in the fixed header */
	uint8_t		hlim;
	uint8_t		src[16];
	uint8_t		dst[16];
	struct ip6_ext	ext[WIRE_MAX_IP6EXT];
	int		n_ext;
	uint8_t		proto;		/* upper-layer protocol after the chain */
	uint32_t	jumbo;		/* RFC 2675 jumbo payload length when plen is 0, else 0 */
	bool		frag;		/* a fragment header was seen */
	uint16_t	frag_off;	/* offset in 8-byte units, from the fragment header */
};

struct tcp_opt {
	uint8_t		kind;
	uint8_t		len;		/* whole option length; 1 for NOP; EOL: 1 + padding after it */
	union {
		uint16_t	mss;
		uint8_t		wscale;
		struct {
			uint32_t	val;
			uint32_t	ecr;
		} ts;
		struct {
			uint8_t		n;
			struct {
				uint32_t	left;
				uint32_t	right;
			} blk[WIRE_MAX_SACK];
		} sack;
	} u;
	const uint8_t	*data;		/* the len - 2 bytes after kind and length (EOL: len - 1 padding bytes) */
};

struct tcp_hdr {
	uint16_t	sport;
	uint16_t	dport;
	uint32_t	seq;
	uint32_t	ack;
	uint8_t		doff;		/* data offset in 32-bit words */
	uint16_t	flags;		/* TH_* */
	uint8_t		res;		/* the 3 reserved bits above AE, as on the wire */
	uint16_t	win;
	uint16_t	cksum;
	uint16_t	urp;
	struct tcp_opt	opt[WIRE_MAX_TCPOPT];
	int		n_opt;
	enum wire_cksum	cksum_ok;
};

struct udp_hdr {
	uint16_t	sport;
	uint16_t	dport;
	uint16_t	len;
	uint16_t	cksum;
	enum wire_cksum	cksum_ok;
};

/*
 * The packet an ICMP error quotes (RFC 792 / RFC 4443): its IP header and,
 * when present, the first bytes of its transport header.
 */
struct icmp_quote {
	bool		present;
	int		family;		/* 4 or 6 */
	uint8_t		proto;
	uint8_t		src[16];	/* first 4 bytes used for IPv4 */
	uint8_t		dst[16];
	bool		has_ports;
	uint16_t	sport;
	uint16_t	dport;
	bool		has_seq;
	uint32_t	seq;		/* TCP sequence number, when quoted */
};

struct icmp_hdr {
	uint8_t		type;
	uint8_t		code;
	uint16_t	cksum;
	uint8_t		rest[4];	/* id/seq, gateway, unused/MTU... as on the wire */
	const uint8_t	*body;		/* bytes after the 8-byte header */
	size_t		body_len;
	struct icmp_quote quote;	/* decoded for error types */
	enum wire_cksum	cksum_ok;
};

/* Which layers a struct pkt holds. */
#define PKT_ETH		0x001
#define PKT_ARP		0x002
#define PKT_IP4		0x004
#define PKT_IP6		0x008
#define PKT_TCP		0x010
#define PKT_UDP		0x020
#define PKT_ICMP	0x040
#define PKT_ICMP6	0x080
#define PKT_SLL		0x100	/* Linux cooked header, v1 or v2 (p->sll) */

struct pkt {
	int		dlt;		/* WIRE_DLT_* the bytes were decoded as */
	unsigned	layers;		/* PKT_* present and fully decoded */
	struct eth_hdr	eth;
	struct vlan_tag	vlan[WIRE_MAX_VLAN];	/* tags after the link header, outer first */
	int		n_vlan;
	struct sll_hdr	sll;
	size_t		linklen;	/* link header bytes, tags included, before l3 */
	uint16_t	ethertype;	/* the network-layer type, whatever the link */
	struct arp_hdr	arp;
	struct ip4_hdr	ip4;
	struct ip6_hdr	ip6;
	struct tcp_hdr	tcp;
	struct udp_hdr	udp;
	struct icmp_hdr	icmp;		/* ICMP or ICMPv6 */
	const uint8_t	*l3;		/* start of the network-layer header */
	const uint8_t	*l4;		/* start of the transport header */
	size_t		l4_len;		/* transport bytes per the IP length (may exceed capture) */
	const uint8_t	*payload;	/* application data after the transport header */
	size_t		payload_len;	/* bytes of it that were captured */
	size_t		payload_wire;	/* bytes of it per the IP length fields */
	size_t		caplen;		/* bytes handed to the decoder */
	size_t		wirelen;	/* bytes on the wire (>= caplen) */
	size_t		ip_missing;	/* bytes the IP length names beyond the frame (tcpdump's "truncated-ip") */
	char		err[WIRE_ERRLEN];	/* why decoding stopped; "" when it did not */
	const uint8_t	*trailer;	/* link padding after the network packet (e.g. to 60 bytes) */
	size_t		trailer_len;	/* captured bytes of it; wire_build() emits them last */
};

/* Flags for wire_build(). */
#define WIRE_KEEP_LEN	0x1	/* emit ip4.ihl/tot_len, ip6.plen, tcp.doff, udp.len as given */
#define WIRE_KEEP_CKSUM	0x2	/* emit checksum fields as given instead of computing them */

/*
 * Decode len captured bytes (wirelen on the wire) of link type dlt into p.
 * Returns 0, or -1 with p->err saying what was wrong and where.
 */
int	wire_decode(struct pkt *p, int dlt, const uint8_t *buf, size_t len,
	    size_t wirelen);

/*
 * As wire_decode() of len bytes of Ethernet, for a frame wire_build() made
 * with its lengths and checksums computed (flags 0) and nothing changed in
 * it since but its IPv4 Identification and header checksum: a transport
 * checksum is judged CK_OK without summing the segment again (its range
 * and pseudo-header are the builder's, and a sum that takes in its own
 * complement folds to zero, RFC 1071 section 2); p comes out as
 * wire_decode() leaves it, byte for byte.
 */
int	wire_decode_built(struct pkt *p, const uint8_t *buf, size_t len);

/* Whether wire_decode() knows link type dlt (WIRE_DLT_*). */
bool	wire_dlt_known(int dlt);

/*
 * Encode p (the layers in p->layers, then p->payload) into buf of cap bytes.
 * Lengths and checksums are computed unless flags keep them.  Returns the
 * number of bytes written, or -1 with a reason in err (errlen bytes;
 * WIRE_ERRLEN is enough; NULL and 0 when the reason is not wanted).
 */
ssize_t	wire_build(const struct pkt *p, unsigned flags, uint8_t *buf,
	    size_t cap, char *err, size_t errlen);

/*
 * Encode the options of th into out (40 bytes max); returns length, or -1
 * with a reason in err (errlen bytes, as for wire_build).
 */
int	wire_tcpopt_build(const struct tcp_hdr *th, uint8_t *out, size_t cap,
	    char *err, size_t errlen);

/* Find the first option of kind in th, or NULL. */
const struct tcp_opt *wire_tcpopt_find(const struct tcp_hdr *th, uint8_t kind);

/* Append an option to th; returns 0, or -1 when th has no room. */
int	wire_tcpopt_add(struct tcp_hdr *th, const struct tcp_opt *o);

/*
 * Copy th into dst: its fields and its n_opt options (all the slots when
 * n_opt is out of range); dst's slots past them are left as they were,
 * as nothing reads past n_opt.  A TCP header holds room for 40 options
 * (1920 bytes) and uses a few: this is what copying one costs.
 */
void	wire_tcphdr_copy(struct tcp_hdr *dst, const struct tcp_hdr *th);

/* RFC 1071 one's-complement sum of buf added to sum: finish with wire_fold(). */
uint32_t wire_sum(const void *buf, size_t len, uint32_t sum);

/* Fold a 32-bit one's-complement sum and complement it. */
uint16_t wire_fold(uint32_t sum);

/*
 * The checksum the IPv4 header (layer PKT_IP4) or the transport header
 * (PKT_TCP, PKT_UDP, PKT_ICMP, PKT_ICMP6) of p should hold, into *out;
 * 0, or -1 when p lacks that layer or not all of it was captured.
 */
int	wire_cksum_want(const struct pkt *p, unsigned layer, uint16_t *out);

/* Pseudo-header sum for IPv4 (family 4) or IPv6 (6), not folded. */
uint32_t wire_pseudo_sum(int family, const uint8_t *src, const uint8_t *dst,
	    uint8_t proto, uint32_t len);

/* The fixed length of a typed option kind (MSS, WS, SACK-perm, TS), or 0. */
unsigned	 wire_tcpopt_fixed_len(uint8_t kind);

/* The bytes option o takes on the wire. */
size_t		 wire_tcpopt_len(const struct tcp_opt *o);

/* The name of a TCP option kind ("mss", "sackOK"...), or NULL when unknown. */
const char *wire_tcpopt_name(uint8_t kind);

#endif
