/*
 * tests/net/iotool.c - a test driver for craft/ and capture/neigh.c on real
 * interfaces (the shell tests run it inside their own namespaces):
 *   arp IFACE MY4 TARGET4		inject one ARP request
 *   syn IFACE SRC DST PORT DMAC	inject one TCP SYN (craft_seg_frame)
 *   respond IFACE MY4 MY6 SECONDS	answer ARP/ND for MY4/MY6 a while
 *   probe IFACE MY PEER PORT DMAC	SYN to PEER:PORT answering ARP/ND,
 *					wait for the SYN-ACK, then RST it
 *   guard ADDR4 ADDR6 PORT		guard_new + guard_add_port (TCP and
 *					UDP); then stdin "free" or "exit"
 *   batch IFACE N DOWN SIZE		queue N numbered frames of SIZE bytes
 *					(EtherType 0x88b5) with inj_async()
 *					on, flushing every 10, then send one
 *					"last" frame by itself; DOWN 1: take
 *					IFACE down first, so every one is
 *					refused.  Prints the threads seen,
 *					the batches the thread sent and what
 *					inj_settle() and inj_send() reported
 *   sweep				print guard_sweep()'s count
 *   nopriv				try guard_new, inj_open and lab_up
 *					and print each one's error line (or
 *					that it succeeded)
 * Frames are read with a plain AF_PACKET socket.  Not installed.
 */
#include "config.h"

#include <sys/socket.h>

#include <arpa/inet.h>
#include <linux/if_packet.h>
#include <net/ethernet.h>
#include <net/if.h>

#include <sys/ioctl.h>

#include <errno.h>
#include <poll.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "capture/neigh.h"
#include "craft/guard.h"
#include "craft/inject.h"
#include "lab/lab.h"

static struct inj	*j;
static struct neigh	*nb;
static int		 rawfd = -1;
static int		 answered;

static void	die(const char *, ...)
		    __attribute__((noreturn, format(printf, 1, 2)));
static struct addr parse_addr(const char *);
static void	parse_mac(const char *, uint8_t *);
static uint64_t	now_us(void);
static void	open_iface(const char *, const struct addr *,
		    const struct addr *);
static int	next_frame(struct pkt *, uint8_t *, size_t, int);
static void	send_seg(const struct seg *, const uint8_t *);
static int	cmd_arp(char **);
static int	cmd_syn(char **);
static int	cmd_respond(char **);
static int	cmd_probe(char **);
static int	cmd_guard(char **);
static int	cmd_nopriv(void);
static int	cmd_batch(char **);

/* Print a message and exit 2. */
static void
die(const char *fmt, ...)
{
	va_list	ap;

	va_start(ap, fmt);
	fprintf(stderr, "iotool: ");
	vfprintf(stderr, fmt, ap);
	fprintf(stderr, "\n");
	va_end(ap);
	exit(2);
}

/* Parse an address or die. */
static struct addr
parse_addr(const char *s)
{
	struct addr	a;

	if (addr_parse(&a, s) != 0)
		die("bad address \"%s\"", s);
	return (a);
}

/* Parse aa:bb:cc:dd:ee:ff or die. */
static void
parse_mac(const char *s, uint8_t *mac)
{
	unsigned	m[6];
	int		i;

	if (sscanf(s, "%x:%x:%x:%x:%x:%x", &m[0], &m[1], &m[2], &m[3], &m[4],
	    &m[5]) != 6)
		die("bad MAC \"%s\"", s);
	for (i = 0; i < 6; i++)
		mac[i] = (uint8_t)m[i];
}

/* Monotonic microseconds. */
static uint64_t
now_us(void)
{
	struct timespec	ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ((uint64_t)ts.tv_sec * 1000000 + (uint64_t)ts.tv_nsec / 1000);
}

/* Open injection and a raw inbound socket on ifname; neighbour table too. */
static void
open_iface(const char *ifname, const struct addr *my4, const struct addr *my6)
{
	struct sockaddr_ll	sll;
	char			*cause = NULL;
	uint8_t			 mac[6];

	if ((j = inj_open(ifname, &cause)) == NULL)
		die("%s", cause);
	inj_mac(j, mac);
	nb = neigh_new(mac, my4, my6);
	if ((rawfd = socket(AF_PACKET, SOCK_RAW, htons(ETH_P_ALL))) == -1)
		die("AF_PACKET socket: %s", strerror(errno));
	memset(&sll, 0, sizeof sll);
	sll.sll_family = AF_PACKET;
	sll.sll_protocol = htons(ETH_P_ALL);
	if ((sll.sll_ifindex = (int)if_nametoindex(ifname)) == 0)
		die("%s: %s", ifname, strerror(errno));
	if (bind(rawfd, (struct sockaddr *)&sll, sizeof sll) == -1)
		die("bind %s: %s", ifname, strerror(errno));
}

/*
 * Wait up to ms for an inbound frame, answering ARP/ND on the way; returns
 * 1 with p decoded from buf, or 0 on timeout.
 */
static int
next_frame(struct pkt *p, uint8_t *buf, size_t cap, int ms)
{
	struct sockaddr_ll	 from;
	struct pollfd		 pfd = { rawfd, POLLIN, 0 };
	uint64_t		 end = now_us() + (uint64_t)ms * 1000;
	uint8_t			 reply[256];
	socklen_t		 fromlen;
	ssize_t			 n;
	size_t			 rlen;
	char			*cause = NULL;

	while (now_us() < end) {
		if (poll(&pfd, 1, (int)((end - now_us()) / 1000) + 1) <= 0)
			continue;
		fromlen = sizeof from;
		n = recvfrom(rawfd, buf, cap, 0, (struct sockaddr *)&from,
		    &fromlen);
		if (n <= 0 || from.sll_pkttype == PACKET_OUTGOING)
			continue;
		if (wire_decode(p, WIRE_DLT_EN10MB, buf, (size_t)n,
		    (size_t)n) != 0)
			continue;
		rlen = neigh_input(nb, p, reply, sizeof reply, now_us());
		if (rlen > 0) {
			if (inj_send(j, reply, rlen, &cause) == -1)
				die("%s", cause);
			answered++;
			printf("answered %s\n",
			    (p->layers & PKT_ARP) ? "arp" : "nd");
			continue;
		}
		return (1);
	}
	return (0);
}

/* Build s into a frame to dmac and inject it. */
static void
send_seg(const struct seg *s, const uint8_t *dmac)
{
	uint8_t		 f[1600], mac[6];
	char		*cause = NULL;
	ssize_t		 len;

	inj_mac(j, mac);
	if ((len = craft_seg_frame(s, mac, dmac, f, sizeof f, &cause)) < 0)
		die("craft: %s", cause);
	if (inj_send(j, f, (size_t)len, &cause) == -1)
		die("%s", cause);
}

/* arp IFACE MY4 TARGET4: inject one ARP request. */
static int
cmd_arp(char **av)
{
	struct addr	my4 = parse_addr(av[1]), t = parse_addr(av[2]);
	uint8_t		f[128];
	size_t		len;
	char		*cause = NULL;

	open_iface(av[0], &my4, NULL);
	if ((len = neigh_request(nb, &t, f, sizeof f)) == 0)
		die("neigh_request failed");
	if (inj_send(j, f, len, &cause) == -1)
		die("%s", cause);
	printf("sent arp %zu\n", len);
	return (0);
}

/* The threads this process has (its status file's Threads: line). */
static int
thread_count(void)
{
	FILE	*f;
	char	 line[128];
	int	 n = -1;

	if ((f = fopen("/proc/self/status", "r")) == NULL)
		return (-1);
	while (fgets(line, sizeof line, f) != NULL)
		if (sscanf(line, "Threads: %d", &n) == 1)
			break;
	fclose(f);
	return (n);
}

/* Take ifname down (in the test's own namespace). */
static void
iface_down(const char *ifname)
{
	struct ifreq	ifr;
	int		fd;

	if ((fd = socket(AF_INET, SOCK_DGRAM, 0)) == -1)
		die("socket: %s", strerror(errno));
	memset(&ifr, 0, sizeof ifr);
	snprintf(ifr.ifr_name, sizeof ifr.ifr_name, "%s", ifname);
	if (ioctl(fd, SIOCGIFFLAGS, &ifr) == -1)
		die("%s: SIOCGIFFLAGS: %s", ifname, strerror(errno));
	ifr.ifr_flags &= ~IFF_UP;
	if (ioctl(fd, SIOCSIFFLAGS, &ifr) == -1)
		die("%s: SIOCSIFFLAGS: %s", ifname, strerror(errno));
	close(fd);
}

/* A refusal inj_settle() reports: count it, keep the first cause. */
static void
batch_fail(void *arg, const char *cause)
{
	char	**first = arg;

	answered++;
	if (*first == NULL)
		*first = strdup(cause);
}

/* Build numbered frame i (or "last" when i < 0) of size bytes into f. */
static size_t
batch_frame(uint8_t *f, size_t size, const uint8_t *mac, int i)
{
	memset(f, 0, size);
	memset(f, 0xff, 6);
	memcpy(f + 6, mac, 6);
	f[12] = 0x88;
	f[13] = 0xb5;
	if (i < 0)
		snprintf((char *)f + 14, 32, "tcpx-batch last");
	else
		snprintf((char *)f + 14, 32, "tcpx-batch %06d", i);
	return (size);
}

/* batch IFACE N DOWN SIZE: numbered frames through the transmit thread. */
static int
cmd_batch(char **av)
{
	struct inj_stats st;
	uint8_t		 f[1514], mac[6];
	char		*first = NULL, *cause = NULL;
	int		 n = atoi(av[1]), i, threads = 0, t;
	size_t		 settled, size = (size_t)atoi(av[3]);

	if (size < 60 || size > sizeof f)
		die("batch: SIZE from 60 to %zu", sizeof f);
	open_iface(av[0], NULL, NULL);
	inj_mac(j, mac);
	if (atoi(av[2]) != 0)
		iface_down(av[0]);
	inj_async(j, 1);
	for (i = 0; i < n; i++) {
		inj_queue(j, f, batch_frame(f, size, mac, i), batch_fail,
		    &first);
		if (i % 10 == 9)
			(void)inj_flush(j, batch_fail, &first);
		if ((t = thread_count()) > threads)
			threads = t;
	}
	(void)inj_flush(j, batch_fail, &first);
	inj_async(j, 0);
	/* By itself, after all the thread has. */
	if (inj_send(j, f, batch_frame(f, size, mac, -1), &cause) == -1) {
		printf("last: %s\n", cause);
		free(cause);
	}
	settled = inj_settle(j, batch_fail, &first);
	inj_stats(j, &st);
	printf("threads %d\n", threads);
	printf("handed %llu\n", (unsigned long long)st.handed);
	printf("refused %d: %s\n", answered, first != NULL ? first : "none");
	printf("pending %d after settling %zu\n",
	    inj_pending(j, batch_fail, &first), settled);
	free(first);
	return (0);
}

/* syn IFACE SRC DST PORT DMAC: inject one SYN from port 40000. */
static int
cmd_syn(char **av)
{
	struct seg	s;
	uint8_t		dmac[6];

	memset(&s, 0, sizeof s);
	s.src = parse_addr(av[1]);
	s.dst = parse_addr(av[2]);
	s.th.sport = 40000;
	s.th.dport = (uint16_t)atoi(av[3]);
	s.th.seq = 1000;
	s.th.flags = TH_SYN;
	s.th.win = 64240;
	parse_mac(av[4], dmac);
	open_iface(av[0], NULL, NULL);
	send_seg(&s, dmac);
	printf("sent syn\n");
	return (0);
}

/* respond IFACE MY4 MY6 SECONDS: answer ARP/ND for a while. */
static int
cmd_respond(char **av)
{
	struct addr	my4 = parse_addr(av[1]), my6 = parse_addr(av[2]);
	struct pkt	p;
	uint8_t		buf[2048];
	uint64_t	end;

	open_iface(av[0], &my4, &my6);
	printf("listening\n");
	fflush(stdout);
	end = now_us() + (uint64_t)atoi(av[3]) * 1000000;
	while (now_us() < end)
		(void)next_frame(&p, buf, sizeof buf,
		    (int)((end - now_us()) / 1000) + 1);
	printf("answered %d\n", answered);
	return (answered > 0 ? 0 : 1);
}

/* probe IFACE MY PEER PORT DMAC: one handshake's first two segments. */
static int
cmd_probe(char **av)
{
	static const char *verdict[] = { "none", "ok", "bad", "partial",
	    "unknown" };
	struct addr	my = parse_addr(av[1]);
	struct seg	s;
	struct pkt	p;
	uint8_t		buf[2048], dmac[6];
	uint16_t	sport = (uint16_t)(40000 + getpid() % 20000);
	uint64_t	end;

	parse_mac(av[4], dmac);
	open_iface(av[0], my.family == 4 ? &my : NULL,
	    my.family == 6 ? &my : NULL);
	memset(&s, 0, sizeof s);
	s.src = my;
	s.dst = parse_addr(av[2]);
	s.th.sport = sport;
	s.th.dport = (uint16_t)atoi(av[3]);
	s.th.seq = 1000;
	s.th.flags = TH_SYN;
	s.th.win = 64240;
	send_seg(&s, dmac);
	end = now_us() + 5000000;
	while (now_us() < end) {
		if (!next_frame(&p, buf, sizeof buf, 100))
			continue;
		if (!(p.layers & PKT_TCP) || p.tcp.dport != sport ||
		    p.tcp.sport != s.th.dport)
			continue;
		printf("reply flags %#x ack %u cksum %s\n", p.tcp.flags,
		    p.tcp.ack, verdict[p.tcp.cksum_ok]);
		s.th.flags = TH_RST;
		s.th.seq = 1001;
		send_seg(&s, dmac);
		return ((p.tcp.flags & (TH_SYN | TH_ACK)) ==
		    (TH_SYN | TH_ACK) && p.tcp.ack == 1001 ? 0 : 1);
	}
	printf("no reply\n");
	return (1);
}

/* guard ADDR4 ADDR6 PORT: guard the port, then wait for "free" or "exit". */
static int
cmd_guard(char **av)
{
	struct addr	 a4 = parse_addr(av[0]), a6 = parse_addr(av[1]);
	struct guard	*g;
	char		*cause = NULL, line[64];
	uint16_t	 port = (uint16_t)atoi(av[2]);

	if ((g = guard_new(&a4, &a6, &cause)) == NULL)
		die("%s", cause);
	if (guard_add_port(g, port, &cause) == -1 ||
	    guard_add_port(g, port, &cause) == -1 ||
	    guard_add_udp_port(g, port, &cause) == -1)
		die("%s", cause);
	printf("table %s\n", guard_table(g));
	fflush(stdout);
	while (fgets(line, sizeof line, stdin) != NULL) {
		if (strncmp(line, "del", 3) == 0) {
			if (guard_del_port(g, port, &cause) == -1)
				die("%s", cause);
			printf("deleted\n");
		} else if (strncmp(line, "free", 4) == 0) {
			guard_free(g);
			printf("freed\n");
			return (0);
		} else if (strncmp(line, "exit", 4) == 0)
			_exit(0);	/* leave the table, as a crash would */
		fflush(stdout);
	}
	guard_free(g);
	return (0);
}

/* Try what needs privileges and print each error line. */
static int
cmd_nopriv(void)
{
	struct lab	 l;
	struct addr	 a4 = parse_addr("10.0.0.1");
	struct guard	*g;
	struct inj	*ij;
	char		*cause = NULL;

	if ((g = guard_new(&a4, NULL, &cause)) != NULL) {
		guard_free(g);
		printf("guard_new succeeded\n");
	} else
		printf("%s\n", cause);
	free(cause);
	cause = NULL;
	if ((ij = inj_open("lo", &cause)) != NULL) {
		inj_close(ij);
		printf("inj_open succeeded\n");
	} else
		printf("%s\n", cause);
	free(cause);
	cause = NULL;
	/* Last: without root it moves us into a user namespace. */
	if (lab_up(&l, 0, &cause) == 0) {
		lab_down(&l);
		printf("lab_up succeeded\n");
	} else
		printf("%s\n", cause);
	free(cause);
	return (0);
}

int
main(int argc, char **argv)
{
	static const struct {
		const char	*name;
		int		 nargs;
		int		 (*fn)(char **);
	} cmds[] = {
		{ "arp", 3, cmd_arp },
		{ "syn", 5, cmd_syn },
		{ "respond", 4, cmd_respond },
		{ "probe", 5, cmd_probe },
		{ "guard", 3, cmd_guard },
		{ "batch", 4, cmd_batch },
	};
	size_t	i;
	int	rc = 2;

	setvbuf(stdout, NULL, _IOLBF, 0);
	if (argc == 2 && strcmp(argv[1], "sweep") == 0) {
		printf("swept %d\n", guard_sweep());
		return (0);
	}
	if (argc == 2 && strcmp(argv[1], "nopriv") == 0)
		return (cmd_nopriv());
	for (i = 0; i < sizeof cmds / sizeof cmds[0]; i++) {
		if (argc >= 2 && strcmp(argv[1], cmds[i].name) == 0) {
			if (argc - 2 != cmds[i].nargs)
				die("%s needs %d arguments", cmds[i].name,
				    cmds[i].nargs);
			rc = cmds[i].fn(argv + 2);
			break;
		}
	}
	if (i == sizeof cmds / sizeof cmds[0])
		die("usage: iotool arp|syn|respond|probe|guard|batch|sweep|"
		    "nopriv ...");
	inj_close(j);
	neigh_free(nb);
	if (rawfd != -1)
		close(rawfd);
	return (rc);
}
