/*
 * tests/unit/test-wire.c - the wire codec decodes real kernel frames (and
 * hand-built ones for what kernels do not send) to exactly the fields
 * tcpdump shows for them, on every link type we read.
 */
#include <stdlib.h>
#include <string.h>

#include "tests/tap.h"
#include "tests/unit/test-wire-vectors.h"

static const struct pkt *dec(const char *name);
static int	 memeq(const void *a, const char *hex);
static void	 test_arp(void);
static void	 test_tcp4(void);
static void	 test_tcp6(void);
static void	 test_tcp_options(void);
static void	 test_udp(void);
static void	 test_icmp(void);
static void	 test_ip_options_ext(void);
static void	 test_offload(void);
static void	 test_links(void);

static struct pkt	 P;
static uint8_t		*B;

/* Decode the golden frame name from an exact heap copy; asserts success. */
static const struct pkt *
dec(const char *name)
{
	const struct wvec	*v = wvec_get(name);
	int			 rc;

	free(B);
	B = wvec_dup(v->b, v->len);
	rc = wire_decode(&P, v->dlt, B, v->len, v->len);
	if (!ok(rc == 0 && P.err[0] == '\0', "%s: decodes", name))
		diag("err: %s", P.err);
	return (&P);
}

/* Whether the bytes at a equal the hex string (two digits a byte). */
static int
memeq(const void *a, const char *hex)
{
	const uint8_t	*b = a;
	unsigned	 x;
	size_t		 i;

	if (a == NULL)
		return (0);
	for (i = 0; hex[2 * i] != '\0'; i++) {
		if (sscanf(hex + 2 * i, "%2x", &x) != 1 || b[i] != x)
			return (0);
	}
	return (1);
}

/* ARP request and reply from the kernel, and a padded one. */
static void
test_arp(void)
{
	const struct pkt	*p;

	p = dec("arp_req");
	is_int(p->layers, PKT_ETH | PKT_ARP, "arp_req: layers eth+arp");
	is_int(p->eth.type, ETHERTYPE_ARP, "arp_req: ethertype 0x0806");
	ok(memeq(p->eth.dst, "ffffffffffff"), "arp_req: broadcast");
	is_int(p->arp.op, 1, "arp_req: op request");
	ok(memeq(p->arp.sha, "020000770001"), "arp_req: sha");
	ok(memeq(p->arp.spa, "0a4d0001"), "arp_req: spa 10.77.0.1");
	ok(memeq(p->arp.tha, "000000000000"), "arp_req: tha unknown");
	ok(memeq(p->arp.tpa, "0a4d0002"), "arp_req: tpa 10.77.0.2");
	is_int(p->trailer_len, 0, "arp_req: no padding on veth");

	p = dec("arp_rep");
	is_int(p->arp.op, 2, "arp_rep: op reply");
	ok(memeq(p->arp.sha, "020000770002"),
	    "arp_rep: is-at 02:00:00:77:00:02");
	ok(memeq(p->arp.spa, "0a4d0002"), "arp_rep: spa 10.77.0.2");

	p = dec("arp_pad_hand");
	is_int(p->layers, PKT_ETH | PKT_ARP, "arp_pad: layers eth+arp");
	is_int(p->trailer_len, 18, "arp_pad: 18 bytes of link padding");
	ok(p->trailer == B + 42, "arp_pad: trailer after the ARP packet");
}

/* The IPv4 handshake, data, FIN and RST. */
static void
test_tcp4(void)
{
	const struct pkt	*p;
	const struct tcp_opt	*o;
	char			 k[128];

	p = dec("syn4");
	is_int(p->layers, PKT_ETH | PKT_IP4 | PKT_TCP, "syn4: layers");
	is_int(p->ip4.ihl, 5, "syn4: ihl 5");
	is_int(p->ip4.tot_len, 60, "syn4: total length 60");
	is_int(p->ip4.id, 13558, "syn4: id 13558");
	is_int(p->ip4.frag, IP4_DF, "syn4: DF, offset 0");
	is_int(p->ip4.ttl, 64, "syn4: ttl 64");
	is_int(p->ip4.proto, IPPROTO_TCP_, "syn4: proto tcp");
	is_int(p->ip4.cksum_ok, CK_OK, "syn4: ip checksum ok");
	ok(memeq(p->ip4.src, "0a4d0001") && memeq(p->ip4.dst, "0a4d0002"),
	    "syn4: 10.77.0.1 > 10.77.0.2");
	ok(p->l3 == B + 14 && p->l4 == B + 34, "syn4: l3 and l4 pointers");
	is_int(p->l4_len, 40, "syn4: l4_len 40");
	is_int(p->tcp.sport, 46692, "syn4: sport");
	is_int(p->tcp.dport, 8080, "syn4: dport");
	is_int(p->tcp.seq, 429397498U, "syn4: seq");
	is_int(p->tcp.ack, 0, "syn4: ack 0");
	is_int(p->tcp.flags, TH_SYN, "syn4: flags S");
	is_int(p->tcp.doff, 10, "syn4: doff 10");
	is_int(p->tcp.win, 64240, "syn4: win 64240");
	is_int(p->tcp.cksum, 0xa039, "syn4: cksum 0xa039");
	is_int(p->tcp.cksum_ok, CK_OK, "syn4: tcp checksum ok");
	is_str(wvec_optkinds(&p->tcp, k, sizeof k), "2,4,8,1,3",
	    "syn4: mss,sackOK,TS,nop,wscale");
	o = wire_tcpopt_find(&p->tcp, TCPOPT_MSS);
	ok(o != NULL && o->len == 4 && o->u.mss == 1460, "syn4: mss 1460");
	o = wire_tcpopt_find(&p->tcp, TCPOPT_TIMESTAMP);
	ok(o != NULL && o->u.ts.val == 3994920081U && o->u.ts.ecr == 0,
	    "syn4: TS val 3994920081 ecr 0");
	o = wire_tcpopt_find(&p->tcp, TCPOPT_WSCALE);
	ok(o != NULL && o->len == 3 && o->u.wscale == 10, "syn4: wscale 10");
	o = wire_tcpopt_find(&p->tcp, TCPOPT_SACK_PERM);
	ok(o != NULL && o->len == 2, "syn4: sackOK");
	is_int(p->payload_len, 0, "syn4: no payload");
	is_int(p->payload_wire, 0, "syn4: no payload on the wire");

	p = dec("synack4");
	is_int(p->tcp.flags, TH_SYN | TH_ACK, "synack4: flags S.");
	is_int(p->tcp.seq, 1259499318U, "synack4: seq");
	is_int(p->tcp.ack, 429397499U, "synack4: ack");
	is_int(p->tcp.win, 65160, "synack4: win");
	is_int(p->ip4.id, 0, "synack4: id 0");
	o = wire_tcpopt_find(&p->tcp, TCPOPT_TIMESTAMP);
	ok(o != NULL && o->u.ts.val == 897079459U &&
	    o->u.ts.ecr == 3994920081U, "synack4: TS echoes the SYN's");

	p = dec("ack4");
	is_int(p->tcp.flags, TH_ACK, "ack4: flags .");
	is_str(wvec_optkinds(&p->tcp, k, sizeof k), "1,1,8",
	    "ack4: nop,nop,TS");

	p = dec("psh4");
	is_int(p->tcp.flags, TH_PUSH | TH_ACK, "psh4: flags P.");
	is_int(p->tcp.seq, 429397499U, "psh4: seq");
	is_int(p->tcp.ack, 1259499319U, "psh4: ack");
	is_int(p->tcp.win, 63, "psh4: win 63");
	is_int(p->payload_len, 6, "psh4: 6 bytes of payload");
	is_int(p->payload_wire, 6, "psh4: 6 bytes on the wire");
	ok(p->payload != NULL && memcmp(p->payload, "hello\n", 6) == 0,
	    "psh4: payload \"hello\\n\"");
	is_int(p->tcp.cksum_ok, CK_OK, "psh4: checksum ok");

	p = dec("fin4");
	is_int(p->tcp.flags, TH_FIN | TH_ACK, "fin4: flags F.");
	is_int(p->tcp.seq, 429397505U, "fin4: seq");
	is_int(p->tcp.ack, 1259499325U, "fin4: ack");

	p = dec("rst4");
	is_int(p->tcp.flags, TH_RST | TH_ACK, "rst4: flags R.");
	is_int(p->tcp.seq, 0, "rst4: seq 0");
	is_int(p->tcp.ack, 4283281752U, "rst4: ack");
	is_int(p->tcp.win, 0, "rst4: win 0");
	is_int(p->tcp.doff, 5, "rst4: doff 5");
	is_int(p->tcp.n_opt, 0, "rst4: no options");
	is_int(p->tcp.cksum, 0xf2f5, "rst4: cksum 0xf2f5");
	is_int(p->tcp.cksum_ok, CK_OK, "rst4: checksum ok");
}

/* The IPv6 handshake and data. */
static void
test_tcp6(void)
{
	const struct pkt	*p;
	const struct tcp_opt	*o;

	p = dec("syn6");
	is_int(p->layers, PKT_ETH | PKT_IP6 | PKT_TCP, "syn6: layers");
	is_int(p->ethertype, ETHERTYPE_IPV6, "syn6: ethertype 0x86dd");
	is_int(p->ip6.flow, 0xe0fda, "syn6: flowlabel 0xe0fda");
	is_int(p->ip6.tclass, 0, "syn6: traffic class 0");
	is_int(p->ip6.hlim, 64, "syn6: hlim 64");
	is_int(p->ip6.plen, 40, "syn6: payload length 40");
	is_int(p->ip6.nxt, IPPROTO_TCP_, "syn6: next header tcp");
	is_int(p->ip6.proto, IPPROTO_TCP_, "syn6: upper layer tcp");
	is_int(p->ip6.n_ext, 0, "syn6: no extension headers");
	ok(memeq(p->ip6.src, "fd770000000000000000000000000001") &&
	    memeq(p->ip6.dst, "fd770000000000000000000000000002"),
	    "syn6: fd77::1 > fd77::2");
	is_int(p->tcp.sport, 44470, "syn6: sport");
	is_int(p->tcp.seq, 2992384191U, "syn6: seq");
	is_int(p->tcp.win, 64800, "syn6: win");
	is_int(p->tcp.cksum, 0xcdcc, "syn6: cksum 0xcdcc");
	is_int(p->tcp.cksum_ok, CK_OK,
	    "syn6: checksum ok (IPv6 pseudo-header)");
	o = wire_tcpopt_find(&p->tcp, TCPOPT_MSS);
	ok(o != NULL && o->u.mss == 1440, "syn6: mss 1440");

	p = dec("synack6");
	is_int(p->tcp.flags, TH_SYN | TH_ACK, "synack6: flags S.");
	is_int(p->tcp.ack, 2992384192U, "synack6: ack");
	is_int(p->tcp.cksum_ok, CK_OK, "synack6: checksum ok");

	p = dec("psh6");
	is_int(p->tcp.flags, TH_PUSH | TH_ACK, "psh6: flags P.");
	ok(p->payload_len == 6 && memcmp(p->payload, "hello\n", 6) == 0,
	    "psh6: payload \"hello\\n\"");
	is_int(p->tcp.cksum_ok, CK_OK, "psh6: checksum ok");
}

/* SACK blocks, Fast Open, MD5 and options no kernel sends here. */
static void
test_tcp_options(void)
{
	const struct pkt	*p;
	const struct tcp_opt	*o;
	char			 k[128];

	p = dec("sack2");
	is_str(wvec_optkinds(&p->tcp, k, sizeof k), "1,1,8,1,1,5",
	    "sack2: nop,nop,TS,nop,nop,sack");
	o = wire_tcpopt_find(&p->tcp, TCPOPT_SACK);
	ok(o != NULL && o->len == 18 && o->u.sack.n == 2, "sack2: 2 blocks");
	ok(o != NULL && o->u.sack.blk[0].left == 332560124U &&
	    o->u.sack.blk[0].right == 332561572U,
	    "sack2: block {332560124:332561572}");
	ok(o != NULL && o->u.sack.blk[1].left == 332551436U &&
	    o->u.sack.blk[1].right == 332558676U,
	    "sack2: block {332551436:332558676}");
	is_int(p->tcp.ack, 332549988U, "sack2: ack below the holes");

	p = dec("tfo_req");
	is_str(wvec_optkinds(&p->tcp, k, sizeof k), "2,4,8,1,3,34,1,1",
	    "tfo_req: ...,wscale,tfo,nop,nop");
	o = wire_tcpopt_find(&p->tcp, TCPOPT_TFO);
	ok(o != NULL && o->len == 2, "tfo_req: empty cookie (request)");

	p = dec("tfo_synack");
	o = wire_tcpopt_find(&p->tcp, TCPOPT_TFO);
	ok(o != NULL && o->len == 10 && memeq(o->data, "9ea4a78f7b703ab4"),
	    "tfo_synack: cookie 9ea4a78f7b703ab4");

	p = dec("tfo_data");
	is_int(p->tcp.flags, TH_SYN, "tfo_data: a SYN");
	ok(p->payload_len == 4 && memcmp(p->payload, "tfo\n", 4) == 0,
	    "tfo_data: carrying data");
	o = wire_tcpopt_find(&p->tcp, TCPOPT_TFO);
	ok(o != NULL && memeq(o->data, "9ea4a78f7b703ab4"),
	    "tfo_data: with the cookie");

	p = dec("md5_syn");
	is_str(wvec_optkinds(&p->tcp, k, sizeof k), "1,1,19,2,1,1,4,1,3",
	    "md5_syn: nop,nop,md5,mss,nop,nop,sackOK,nop,wscale");
	o = wire_tcpopt_find(&p->tcp, TCPOPT_MD5);
	ok(o != NULL && o->len == 18 &&
	    memeq(o->data, "1f6c48584b3900a052a24946b65f89fa"),
	    "md5_syn: digest 1f6c4858...65f89fa");
	is_int(p->tcp.cksum_ok, CK_OK, "md5_syn: checksum ok");

	p = dec("tcp_opts_hand");
	is_str(wvec_optkinds(&p->tcp, k, sizeof k), "30,29,253,99,1,0",
	    "opts_hand: mptcp,ao,exp,99,nop,eol");
	o = wire_tcpopt_find(&p->tcp, TCPOPT_MPTCP);
	ok(o != NULL && o->len == 12 && memeq(o->data, "01810102030405060708"),
	    "opts_hand: mptcp MP_CAPABLE data");
	o = wire_tcpopt_find(&p->tcp, TCPOPT_AO);
	ok(o != NULL && o->len == 16 && memeq(o->data, "0709a0a1"),
	    "opts_hand: ao keyid 7 rnextkeyid 9");
	o = wire_tcpopt_find(&p->tcp, TCPOPT_EXP1);
	ok(o != NULL && o->len == 6 && memeq(o->data, "1234abcd"),
	    "opts_hand: exp 253 ExID 0x1234");
	o = wire_tcpopt_find(&p->tcp, 99);
	ok(o != NULL && o->len == 4 && memeq(o->data, "dead"),
	    "opts_hand: unknown kind 99 kept with its data");
	o = wire_tcpopt_find(&p->tcp, TCPOPT_EOL);
	ok(o != NULL && o->len == 1, "opts_hand: eol ends the header");
	is_int(p->tcp.doff, 15, "opts_hand: doff 15");
	is_int(p->tcp.cksum_ok, CK_OK, "opts_hand: checksum ok");
	ok(p->payload_len == 1 && p->payload[0] == 'x', "opts_hand: payload");

	p = dec("tfo_exp_hand");
	is_str(wvec_optkinds(&p->tcp, k, sizeof k), "2,254",
	    "tfo_exp: mss,exp 254");
	o = wire_tcpopt_find(&p->tcp, TCPOPT_EXP2);
	ok(o != NULL && o->len == 12 && memeq(o->data, "f989"),
	    "tfo_exp: magic 0xf989");

	is_str(wire_tcpopt_name(TCPOPT_SACK_PERM), "sackOK", "name: sackOK");
	is_str(wire_tcpopt_name(TCPOPT_TIMESTAMP), "TS", "name: TS");
	is_str(wire_tcpopt_name(TCPOPT_TFO), "tfo", "name: tfo");
	is_str(wire_tcpopt_name(TCPOPT_MPTCP), "mptcp", "name: mptcp");
	ok(wire_tcpopt_name(99) == NULL, "name: kind 99 unknown");
}

/* UDP over IPv4 and IPv6. */
static void
test_udp(void)
{
	const struct pkt	*p;

	p = dec("udp4");
	is_int(p->layers, PKT_ETH | PKT_IP4 | PKT_UDP, "udp4: layers");
	is_int(p->udp.sport, 50306, "udp4: sport");
	is_int(p->udp.dport, 9090, "udp4: dport");
	is_int(p->udp.len, 12, "udp4: length 12");
	is_int(p->udp.cksum_ok, CK_OK, "udp4: checksum ok");
	ok(p->payload_len == 4 && memcmp(p->payload, "ping", 4) == 0,
	    "udp4: payload \"ping\"");

	p = dec("udp6");
	is_int(p->layers, PKT_ETH | PKT_IP6 | PKT_UDP, "udp6: layers");
	is_int(p->udp.sport, 44450, "udp6: sport");
	is_int(p->udp.len, 12, "udp6: length 12");
	is_int(p->udp.cksum_ok, CK_OK, "udp6: checksum ok");
	is_int(p->ip6.flow, 0xe38b3, "udp6: flowlabel");
}

/* ICMP echo, errors with their quotes, and ICMPv6 ND and MLD. */
static void
test_icmp(void)
{
	const struct pkt	*p;

	p = dec("echo4");
	is_int(p->layers, PKT_ETH | PKT_IP4 | PKT_ICMP, "echo4: layers");
	is_int(p->icmp.type, 8, "echo4: echo request");
	is_int(p->icmp.code, 0, "echo4: code 0");
	ok(memeq(p->icmp.rest, "12340001"), "echo4: id 4660 seq 1");
	is_int(p->icmp.cksum_ok, CK_OK, "echo4: checksum ok");
	ok(p->icmp.body_len == 9 && memcmp(p->icmp.body, "tcpx-echo", 9) == 0,
	    "echo4: body");
	ok(!p->icmp.quote.present, "echo4: nothing quoted");

	p = dec("echoreply4");
	is_int(p->icmp.type, 0, "echoreply4: echo reply");
	ok(memeq(p->icmp.rest, "12340001"), "echoreply4: id 4660 seq 1");
	is_int(p->icmp.cksum_ok, CK_OK, "echoreply4: checksum ok");

	p = dec("unreach4");
	is_int(p->icmp.type, 3, "unreach4: destination unreachable");
	is_int(p->icmp.code, 3, "unreach4: port unreachable");
	is_int(p->ip4.tos, 0xc0, "unreach4: tos 0xc0");
	is_int(p->icmp.cksum_ok, CK_OK, "unreach4: checksum ok");
	ok(p->icmp.quote.present && p->icmp.quote.family == 4 &&
	    p->icmp.quote.proto == IPPROTO_UDP_, "unreach4: quotes IPv4 UDP");
	ok(memeq(p->icmp.quote.src, "0a4d0001") &&
	    memeq(p->icmp.quote.dst, "0a4d0002"),
	    "unreach4: quoted 10.77.0.1 > 10.77.0.2");
	ok(p->icmp.quote.has_ports && p->icmp.quote.sport == 50306 &&
	    p->icmp.quote.dport == 9091, "unreach4: quoted ports 50306 > 9091");
	ok(!p->icmp.quote.has_seq, "unreach4: no sequence number for UDP");

	p = dec("unreach6");
	is_int(p->layers, PKT_ETH | PKT_IP6 | PKT_ICMP6, "unreach6: layers");
	is_int(p->icmp.type, 1, "unreach6: destination unreachable");
	is_int(p->icmp.code, 4, "unreach6: port unreachable");
	is_int(p->icmp.cksum_ok, CK_OK, "unreach6: checksum ok");
	ok(p->icmp.quote.present && p->icmp.quote.family == 6 &&
	    p->icmp.quote.proto == IPPROTO_UDP_, "unreach6: quotes IPv6 UDP");
	ok(memeq(p->icmp.quote.dst, "fd770000000000000000000000000002"),
	    "unreach6: quoted dst fd77::2");
	ok(p->icmp.quote.has_ports && p->icmp.quote.sport == 44450 &&
	    p->icmp.quote.dport == 9091, "unreach6: quoted ports 44450 > 9091");

	p = dec("timex4_hand");
	is_int(p->icmp.type, 11, "timex4: time exceeded");
	ok(p->icmp.quote.present && p->icmp.quote.proto == IPPROTO_TCP_,
	    "timex4: quotes TCP");
	ok(p->icmp.quote.has_ports && p->icmp.quote.sport == 8080 &&
	    p->icmp.quote.dport == 443, "timex4: quoted ports 8080 > 443");
	ok(p->icmp.quote.has_seq && p->icmp.quote.seq == 0xdeadbeef,
	    "timex4: quoted seq 0xdeadbeef");

	p = dec("ns6");
	is_int(p->layers, PKT_ETH | PKT_IP6 | PKT_ICMP6, "ns6: layers");
	is_int(p->icmp.type, 135, "ns6: neighbor solicitation");
	is_int(p->icmp.body_len, 24, "ns6: target and one option");
	ok(memeq(p->icmp.body, "fd770000000000000000000000000002"),
	    "ns6: target fd77::2");
	is_int(p->icmp.cksum_ok, CK_OK, "ns6: checksum ok");
	ok(!p->icmp.quote.present, "ns6: nothing quoted");
	is_int(p->ip6.hlim, 255, "ns6: hlim 255");

	p = dec("mld6");
	is_int(p->layers, PKT_ETH | PKT_IP6 | PKT_ICMP6, "mld6: layers");
	is_int(p->ip6.nxt, IPPROTO_HOPOPTS_, "mld6: hop-by-hop first");
	is_int(p->ip6.n_ext, 1, "mld6: one extension header");
	ok(p->ip6.ext[0].type == IPPROTO_HOPOPTS_ &&
	    p->ip6.ext[0].nxt == IPPROTO_ICMPV6_ && p->ip6.ext[0].len == 8 &&
	    p->ip6.ext[0].data == B + 54,
	    "mld6: hop-by-hop, 8 bytes, then icmp6");
	ok(memeq(p->ip6.ext[0].data + 2, "0502"), "mld6: router alert option");
	is_int(p->ip6.proto, IPPROTO_ICMPV6_, "mld6: upper layer icmp6");
	is_int(p->icmp.type, 143, "mld6: MLDv2 report");
	is_int(p->icmp.cksum_ok, CK_OK, "mld6: checksum ok");
	is_int(p->ip6.hlim, 1, "mld6: hlim 1");
	is_int(p->l4_len, 28, "mld6: 28 bytes of icmp6");
}

/* IPv4 options, fragments, and a long IPv6 extension header chain. */
static void
test_ip_options_ext(void)
{
	const struct pkt	*p;

	p = dec("rr4");
	is_int(p->ip4.ihl, 8, "rr4: ihl 8");
	is_int(p->ip4.opt_len, 12, "rr4: 12 option bytes");
	ok(memeq(p->ip4.opt, "070b080a4d000100000000"),
	    "rr4: record route, pointer 8, 10.77.0.1 recorded");
	is_int(p->ip4.cksum_ok, CK_OK, "rr4: header checksum ok");
	is_int(p->udp.cksum_ok, CK_OK, "rr4: udp checksum ok");
	ok(p->payload_len == 2 && memcmp(p->payload, "rr", 2) == 0,
	    "rr4: payload");
	ok(p->l4 == B + 14 + 32, "rr4: transport after the options");

	p = dec("frag4_hand");
	is_int(p->layers, PKT_ETH | PKT_IP4, "frag4: no transport layer");
	is_int(p->ip4.frag & IP4_OFFMASK, 185, "frag4: offset 185");
	ok(p->l4 == NULL && p->payload == B + 34 && p->payload_len == 24,
	    "frag4: 24 bytes of fragment data");

	p = dec("frag4_first_hand");
	is_int(p->layers, PKT_ETH | PKT_IP4 | PKT_UDP,
	    "frag4_first: udp decoded");
	is_int(p->udp.len, 3000, "frag4_first: udp length of the datagram");
	is_int(p->udp.cksum_ok, CK_UNKNOWN, "frag4_first: checksum unknown");
	is_int(p->payload_len, 16, "frag4_first: 16 bytes here");

	p = dec("ext6_hand");
	is_int(p->ip6.n_ext, 4, "ext6: four extension headers");
	ok(p->ip6.ext[0].type == IPPROTO_HOPOPTS_ &&
	    p->ip6.ext[1].type == IPPROTO_DSTOPTS_ &&
	    p->ip6.ext[2].type == IPPROTO_ROUTING_ &&
	    p->ip6.ext[3].type == IPPROTO_FRAGMENT_,
	    "ext6: hop-by-hop, dstopts, routing, fragment");
	ok(p->ip6.ext[2].len == 24 && p->ip6.ext[3].len == 8,
	    "ext6: routing 24 bytes, fragment 8");
	ok(p->ip6.frag && p->ip6.frag_off == 0, "ext6: atomic fragment");
	is_int(p->ip6.proto, IPPROTO_UDP_, "ext6: upper layer udp");
	is_int(p->udp.cksum_ok, CK_OK,
	    "ext6: udp checksum against the routing header's final address");
	ok(p->payload_len == 4 && memcmp(p->payload, "ext!", 4) == 0,
	    "ext6: payload");

	p = dec("frag6_hand");
	is_int(p->layers, PKT_ETH | PKT_IP6, "frag6: no transport layer");
	ok(p->ip6.frag && p->ip6.frag_off == 100, "frag6: offset 100");
	is_int(p->ip6.proto, IPPROTO_TCP_, "frag6: fragment of tcp");
	is_int(p->payload_len, 16, "frag6: 16 bytes of data");
}

/* What Linux leaves in a checksum when TX offload is on (veth). */
static void
test_offload(void)
{
	static const uint8_t	 a4[4] = { 10, 77, 0, 1 }, b4[4] = { 10, 77,
				    0, 2 };
	const struct pkt	*p;

	p = dec("syn4_offload");
	is_int(p->tcp.cksum, 0x14cb, "offload: syn4 holds 0x14cb");
	is_int((uint16_t)(wire_fold(wire_pseudo_sum(4, a4, b4, 6, 40)) ^
	    0xffff), 0x14cb, "offload: 0x14cb is the folded pseudo-header sum");
	is_int(p->tcp.cksum_ok, CK_PARTIAL, "offload: syn4 partial");
	is_int(p->ip4.cksum_ok, CK_OK, "offload: ip header still summed");

	p = dec("syn6_offload");
	is_int(p->tcp.cksum, 0xfb20, "offload: syn6 holds 0xfb20");
	is_int(p->tcp.cksum_ok, CK_PARTIAL, "offload: syn6 partial");

	p = dec("udp4_offload");
	is_int(p->udp.cksum, 0x14ba, "offload: udp4 holds 0x14ba");
	is_int(p->udp.cksum_ok, CK_PARTIAL, "offload: udp4 partial");

	p = dec("udp6_offload");
	is_int(p->udp.cksum_ok, CK_PARTIAL, "offload: udp6 partial");
}

/* The same IP packets behind raw, BSD loopback and Linux cooked headers. */
static void
test_links(void)
{
	const struct wvec	*v4 = wvec_get("psh4"), *v6 = wvec_get("psh6");
	uint8_t			 buf[256], *c;
	struct pkt		 p;
	size_t			 n;

	n = v4->len - 14;
	c = wvec_dup(v4->b + 14, n);
	is_int(wire_decode(&p, WIRE_DLT_RAW, c, n, n), 0, "raw: ipv4 decodes");
	is_int(p.layers, PKT_IP4 | PKT_TCP, "raw: ip4+tcp, no link layer");
	is_int(p.ethertype, ETHERTYPE_IPV4, "raw: ethertype from the version");
	ok(p.payload_len == 6 && p.tcp.cksum_ok == CK_OK, "raw: payload, sum");
	free(c);

	n = v6->len - 14;
	c = wvec_dup(v6->b + 14, n);
	is_int(wire_decode(&p, WIRE_DLT_RAW, c, n, n), 0, "raw: ipv6 decodes");
	is_int(p.layers, PKT_IP6 | PKT_TCP, "raw: ip6+tcp");
	free(c);

	/* AF_INET (2) little-endian, AF_INET6 as FreeBSD (28) big-endian. */
	memcpy(buf, "\x02\x00\x00\x00", 4);
	memcpy(buf + 4, v4->b + 14, v4->len - 14);
	n = v4->len - 10;
	c = wvec_dup(buf, n);
	is_int(wire_decode(&p, WIRE_DLT_NULL, c, n, n), 0,
	    "null: af 2 decodes");
	is_int(p.layers, PKT_IP4 | PKT_TCP, "null: ip4+tcp");
	free(c);
	memcpy(buf, "\x00\x00\x00\x1c", 4);
	memcpy(buf + 4, v6->b + 14, v6->len - 14);
	n = v6->len - 10;
	c = wvec_dup(buf, n);
	is_int(wire_decode(&p, WIRE_DLT_NULL, c, n, n), 0,
	    "null: af 28 big-endian decodes");
	is_int(p.layers, PKT_IP6 | PKT_TCP, "null: ip6+tcp");
	free(c);

	/* Linux cooked v1: outgoing (4), ARPHRD_ETHER, a 6-byte address. */
	memcpy(buf, "\x00\x04\x00\x01\x00\x06\x02\x00\x00\x77\x00\x01\x00\x00"
	    "\x86\xdd", 16);
	memcpy(buf + 16, v6->b + 14, v6->len - 14);
	n = v6->len + 2;
	c = wvec_dup(buf, n);
	is_int(wire_decode(&p, WIRE_DLT_LINUX_SLL, c, n, n), 0,
	    "sll: decodes");
	is_int(p.layers, PKT_SLL | PKT_IP6 | PKT_TCP, "sll: sll+ip6+tcp");
	is_int(p.ethertype, ETHERTYPE_IPV6, "sll: protocol 0x86dd");
	ok(p.payload_len == 6 && memcmp(p.payload, "hello\n", 6) == 0,
	    "sll: payload");
	free(c);

	/* An ethertype we do not decode: the rest is payload. */
	memcpy(buf, v4->b, 12);
	memcpy(buf + 12, "\x88\xb5hello", 7);
	c = wvec_dup(buf, 19);
	is_int(wire_decode(&p, WIRE_DLT_EN10MB, c, 19, 19), 0,
	    "eth: unknown ethertype decodes");
	ok(p.layers == PKT_ETH && p.ethertype == 0x88b5 &&
	    p.payload_len == 5, "eth: its bytes are payload");
	free(c);
}

/* Run the golden decoding tests. */
int
main(void)
{
	test_arp();
	test_tcp4();
	test_tcp6();
	test_tcp_options();
	test_udp();
	test_icmp();
	test_ip_options_ext();
	test_offload();
	test_links();
	free(B);
	return (done_testing());
}
