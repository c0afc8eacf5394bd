/*
 * tests/unit/test-capring.c - the capture ring written ahead
 * (capture/capring.c): warming goes a bounded step at a time, a page at a
 * time, to the end, and changes no byte (an atomic OR of 0); a socket
 * without a ring has none to warm; as root, the ring of a packet socket
 * (PACKET_RX_RING, mapped as libpcap maps it) is found at its address and
 * size.
 */
#include <sys/mman.h>
#include <sys/socket.h>
#include <linux/if_ether.h>
#include <linux/if_packet.h>
#include <arpa/inet.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "capture/capring.h"
#include "tests/tap.h"

/* Warming a region of 40 pages: steps, the end, the bytes unchanged. */
static void
test_warm(void)
{
	struct capring	 r;
	uint8_t		*m;
	size_t		 len = 40 * 4096, i, left, last, bad = 0;
	int		 steps = 0;

	m = malloc(len);
	for (i = 0; i < len; i++)
		m[i] = (uint8_t)(i * 7 + 3);
	memset(&r, 0, sizeof r);
	r.base = m;
	r.len = len;
	last = len;
	while ((left = capring_warm(&r, 3 * 4096)) > 0 && steps < 100) {
		if (left >= last)
			break;
		last = left;
		steps++;
	}
	is_int((long long)left, 0, "warming ends with nothing cold");
	is_int(steps, 13, "3 pages a step: 40 pages take 14, the last ends it");
	is_int((long long)r.warm, (long long)len, "all of it is written ahead");
	for (i = 0; i < len; i++)
		if (m[i] != (uint8_t)(i * 7 + 3))
			bad++;
	is_int((long long)bad, 0, "no byte changed");
	is_int((long long)capring_warm(&r, 4096), 0, "warming again: nothing");
	free(m);
	memset(&r, 0, sizeof r);
	is_int((long long)capring_warm(&r, 4096), 0, "no ring: nothing to warm");
}

/* A socket without a ring; a packet socket's ring, found (root only). */
static void
test_find(void)
{
	struct tpacket_req	 req;
	struct capring		 r;
	uint8_t			*m;
	int			 sv[2], fd, v = TPACKET_V2;

	if (socketpair(AF_UNIX, SOCK_STREAM, 0, sv) == 0) {
		capring_find(&r, sv[0]);
		ok(r.base == NULL && r.len == 0, "a socket pair: no ring");
		close(sv[0]);
		close(sv[1]);
	}
	capring_find(&r, -1);
	ok(r.base == NULL, "no descriptor: no ring");
	if ((fd = socket(AF_PACKET, SOCK_RAW, htons(ETH_P_ALL))) == -1) {
		diag("no packet socket (not root): its ring not looked for");
		return;
	}
	memset(&req, 0, sizeof req);
	req.tp_block_size = 4096 * 4;
	req.tp_block_nr = 8;
	req.tp_frame_size = 2048;
	req.tp_frame_nr = req.tp_block_size * req.tp_block_nr / 2048;
	if (setsockopt(fd, SOL_PACKET, PACKET_VERSION, &v, sizeof v) != 0 ||
	    setsockopt(fd, SOL_PACKET, PACKET_RX_RING, &req, sizeof req) != 0 ||
	    (m = mmap(NULL, 8 * 4096 * 4, PROT_READ | PROT_WRITE, MAP_SHARED,
	    fd, 0)) == MAP_FAILED) {
		diag("no ring on a packet socket here: not looked for");
		close(fd);
		return;
	}
	capring_find(&r, fd);
	ok(r.base == m && r.len == 8 * 4096 * 4,
	    "a packet socket's ring: found where it is mapped, whole");
	is_int((long long)capring_warm(&r, 1 << 20), 0, "and written ahead");
	munmap(m, 8 * 4096 * 4);
	close(fd);
}

int
main(void)
{
	test_warm();
	test_find();
	return (done_testing());
}
