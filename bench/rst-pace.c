/*
 * bench/rst-pace.c - a paced flood of resets that all belong to one
 * conversation (one 4-tuple, the sequence number one higher each time),
 * for bench/live-view.py: the live diagram then grows one conversation by
 * every frame, the case its incremental layout is for.  tcpx's own `flood
 * rst` gives each reset a port of its own (a conversation each), and
 * trafgen's --rate is not kept above some 50,000 frames a second, so this
 * sends batches with sendmmsg(2) on an AF_PACKET socket, as many as the
 * rate allows by now.  A closed port drops resets without an answer (RFC
 * 9293 §3.10.7.1), so the receiver only captures.  Root; not part of make
 * check.
 *
 *	rst-pace IFACE DSTMAC SRC DST SPORT DPORT COUNT RATE
 *
 * prints "rst-pace: COUNT frames in T s (R/s)".
 */
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <arpa/inet.h>
#include <linux/if_packet.h>
#include <net/ethernet.h>
#include <net/if.h>
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#define PACE_BATCH	64		/* frames a sendmmsg(2) */
#define PACE_LEN	54		/* Ethernet, IPv4, TCP, no options */

static uint64_t	now_ns(void);
static uint16_t	sum16(const uint8_t *, size_t, uint32_t);
static void	frame(uint8_t *, const uint8_t *, const uint8_t *,
		    struct in_addr, struct in_addr, uint16_t, uint16_t,
		    uint32_t);

/* Nanoseconds on the monotonic clock. */
static uint64_t
now_ns(void)
{
	struct timespec	ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ((uint64_t)ts.tv_sec * 1000000000ULL + (uint64_t)ts.tv_nsec);
}

/* The Internet checksum of b (n bytes) on top of the partial sum acc. */
static uint16_t
sum16(const uint8_t *b, size_t n, uint32_t acc)
{
	size_t	i;

	for (i = 0; i + 1 < n; i += 2)
		acc += (uint32_t)b[i] << 8 | b[i + 1];
	if (n & 1)
		acc += (uint32_t)b[n - 1] << 8;
	while (acc >> 16)
		acc = (acc & 0xffff) + (acc >> 16);
	return ((uint16_t)~acc);
}

/* Build a reset from src:sport to dst:dport with sequence number seq. */
static void
frame(uint8_t *f, const uint8_t *dmac, const uint8_t *smac,
    struct in_addr src, struct in_addr dst, uint16_t sport, uint16_t dport,
    uint32_t seq)
{
	uint8_t		*ip = f + 14, *th = ip + 20, ph[12];
	uint16_t	 s;
	uint32_t	 acc = 0;
	size_t		 i;

	memset(f, 0, PACE_LEN);
	memcpy(f, dmac, 6);
	memcpy(f + 6, smac, 6);
	f[12] = 0x08;
	ip[0] = 0x45;
	ip[3] = 40;
	ip[6] = 0x40;		/* DF */
	ip[8] = 64;
	ip[9] = 6;
	memcpy(ip + 12, &src, 4);
	memcpy(ip + 16, &dst, 4);
	s = sum16(ip, 20, 0);
	ip[10] = s >> 8;
	ip[11] = s & 0xff;
	th[0] = sport >> 8;
	th[1] = sport & 0xff;
	th[2] = dport >> 8;
	th[3] = dport & 0xff;
	th[4] = seq >> 24;
	th[5] = (seq >> 16) & 0xff;
	th[6] = (seq >> 8) & 0xff;
	th[7] = seq & 0xff;
	th[12] = 5 << 4;
	th[13] = 0x04;		/* RST */
	memcpy(ph, &src, 4);
	memcpy(ph + 4, &dst, 4);
	ph[8] = 0;
	ph[9] = 6;
	ph[10] = 0;
	ph[11] = 20;
	for (i = 0; i < 12; i += 2)
		acc += (uint32_t)ph[i] << 8 | ph[i + 1];
	s = sum16(th, 20, acc);
	th[16] = s >> 8;
	th[17] = s & 0xff;
}

int
main(int argc, char **argv)
{
	static uint8_t		buf[PACE_BATCH][PACE_LEN];
	struct mmsghdr		msg[PACE_BATCH];
	struct iovec		iov[PACE_BATCH];
	struct sockaddr_ll	sll;
	struct ifreq		ifr;
	struct in_addr		src, dst;
	uint8_t			dmac[6], smac[6];
	uint64_t		count, sent = 0, start, due, t;
	double			rate, secs;
	unsigned		sport, dport, v[6];
	int			fd, one = 1, i, n, k;

	if (argc != 9 || sscanf(argv[2], "%x:%x:%x:%x:%x:%x", &v[0], &v[1],
	    &v[2], &v[3], &v[4], &v[5]) != 6 ||
	    inet_pton(AF_INET, argv[3], &src) != 1 ||
	    inet_pton(AF_INET, argv[4], &dst) != 1 ||
	    (sport = (unsigned)atoi(argv[5])) == 0 || sport > 65535 ||
	    (dport = (unsigned)atoi(argv[6])) == 0 || dport > 65535 ||
	    (count = strtoull(argv[7], NULL, 10)) == 0 ||
	    (rate = atof(argv[8])) <= 0) {
		fprintf(stderr, "usage: rst-pace IFACE DSTMAC SRC DST SPORT "
		    "DPORT COUNT RATE\n");
		return (2);
	}
	for (i = 0; i < 6; i++)
		dmac[i] = (uint8_t)v[i];
	if ((fd = socket(AF_PACKET, SOCK_RAW, 0)) == -1) {
		perror("rst-pace: socket");
		return (1);
	}
	(void)setsockopt(fd, SOL_PACKET, PACKET_QDISC_BYPASS, &one,
	    sizeof one);
	memset(&ifr, 0, sizeof ifr);
	snprintf(ifr.ifr_name, sizeof ifr.ifr_name, "%s", argv[1]);
	if (ioctl(fd, SIOCGIFHWADDR, &ifr) == -1) {
		fprintf(stderr, "rst-pace: %s: %s\n", argv[1], strerror(errno));
		return (1);
	}
	memcpy(smac, ifr.ifr_hwaddr.sa_data, 6);
	memset(&sll, 0, sizeof sll);
	sll.sll_family = AF_PACKET;
	sll.sll_ifindex = (int)if_nametoindex(argv[1]);
	sll.sll_halen = 6;
	memcpy(sll.sll_addr, dmac, 6);
	if (bind(fd, (struct sockaddr *)&sll, sizeof sll) == -1) {
		perror("rst-pace: bind");
		return (1);
	}
	memset(msg, 0, sizeof msg);
	for (i = 0; i < PACE_BATCH; i++) {
		iov[i].iov_base = buf[i];
		iov[i].iov_len = PACE_LEN;
		msg[i].msg_hdr.msg_iov = &iov[i];
		msg[i].msg_hdr.msg_iovlen = 1;
	}
	start = now_ns();
	while (sent < count) {
		t = now_ns() - start;
		due = (uint64_t)(rate * (double)t / 1e9) + 1;
		if (due > count)
			due = count;
		if (due <= sent) {
			/* Ahead of the rate: wait for the next frame's time. */
			struct timespec	ts = { 0, (long)(1e9 / rate) };

			nanosleep(&ts, NULL);
			continue;
		}
		n = due - sent > PACE_BATCH ? PACE_BATCH : (int)(due - sent);
		for (i = 0; i < n; i++)
			frame(buf[i], dmac, smac, src, dst, (uint16_t)sport,
			    (uint16_t)dport, (uint32_t)(1000 + sent + i));
		if ((k = sendmmsg(fd, msg, (unsigned)n, 0)) < 0) {
			if (errno == ENOBUFS || errno == EAGAIN)
				continue;
			perror("rst-pace: sendmmsg");
			return (1);
		}
		sent += (uint64_t)k;
	}
	secs = (double)(now_ns() - start) / 1e9;
	printf("rst-pace: %llu frames in %.3f s (%.0f/s)\n",
	    (unsigned long long)sent, secs, (double)sent / secs);
	return (0);
}
