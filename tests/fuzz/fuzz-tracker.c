/*
 * tests/fuzz/fuzz-tracker.c - libFuzzer target for the passive tracker:
 * the input is a capture of segments between a few endpoints, each with
 * any flags, sequence and acknowledgment numbers near what that side sent
 * last (or anywhere), raw option bytes and a payload, and pauses in
 * between.  Every event must name a live state and a terminated reason,
 * and tracker_input() must return a conversation that exists.
 */
#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "core/seg.h"
#include "core/tracker.h"
#include "core/wire.h"
#include "tests/fuzz/fuzzrd.h"

int	LLVMFuzzerTestOneInput(const uint8_t *, size_t);

/* Drain and check the tracker's events. */
static void
drain(struct tracker *tr)
{
	struct trk_event	 ev;
	char			 line[512];

	while (tracker_event(tr, &ev)) {
		if (memchr(ev.why, '\0', sizeof ev.why) == NULL)
			abort();
		if (ev.from >= TCP_NSTATES || ev.to >= TCP_NSTATES)
			abort();
		if (ev.end < -1 || ev.end > TRK_RESP)
			abort();
		trk_event_fmt(&ev, line, sizeof line);
		trk_event_fmt(&ev, line, 8);	/* cut off */
	}
}

/* A capture of segments, and pauses, through one tracker. */
int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const uint32_t	 scale[4] = { 1, 1000, 65536, 1U << 30 };
	static uint8_t		 b[20 + 60 + 512];
	struct rd		 r = { data, size };
	struct trk_cfg		 cfg;
	struct tracker		*tr;
	const struct trk_conv	*cv;
	struct pkt		 p;
	struct seg		 s;
	uint32_t		 last[4] = { 0, 0, 0, 0 };
	uint64_t		 now = 1000 * TCP_SEC;
	uint8_t			 op, sc, optlen, hl, a;
	size_t			 plen, len, i;
	unsigned		 id;
	int			 end, steps = 0;

	trk_cfg_default(&cfg);
	a = u8(&r);
	if (a & 1)
		cfg.max_conv = 1 + (a >> 1) % 4;	/* exercise eviction */
	if ((tr = tracker_new(&cfg)) == NULL)
		abort();

	while (r.n > 0 && steps++ < 4096) {
		op = u8(&r);
		if ((op & 0xc0) == 0xc0) {	/* a pause, and the timers */
			now += (uint64_t)u8(&r) * ((op & 1) ? TCP_SEC : TCP_MS);
			tracker_tick(tr, now);
			if (tracker_deadline(tr) <= now)
				abort();	/* a due timer survived the tick */
			drain(tr);
			continue;
		}
		/* Endpoints: 10.0.0.1-4, ports 1000-1001 and 80. */
		sc = u8(&r);
		memset(b, 0, sizeof b);
		a = op & 3;
		optlen = (uint8_t)(u8(&r) % 41);
		hl = (uint8_t)(20 + ((optlen + 3) & ~3));
		plen = (sc & 0x10) ? u8(&r) % 512 : 0;
		len = 20 + hl + plen;
		b[0] = 0x45;
		b[2] = (uint8_t)(len >> 8);
		b[3] = (uint8_t)len;
		b[8] = 64;
		b[9] = IPPROTO_TCP_;
		b[12] = 10; b[15] = (uint8_t)(1 + a);
		b[16] = 10; b[19] = (uint8_t)(1 + (a ^ 1));
		b[20] = (op & 4) ? 0 : 0x03;
		b[21] = (op & 4) ? 80 : (uint8_t)(0xe8 + ((op >> 3) & 1));
		b[22] = (op & 4) ? 0x03 : 0;
		b[23] = (op & 4) ? (uint8_t)(0xe8 + ((op >> 3) & 1)) : 80;
		if (sc & 0x20)
			last[a] = u32(&r);
		else
			last[a] += (uint32_t)(int8_t)u8(&r) * scale[sc & 3];
		for (i = 0; i < 4; i++) {
			b[24 + i] = (uint8_t)(last[a] >> (24 - 8 * i));
			b[28 + i] = (uint8_t)((last[a ^ 1] +
			    (uint32_t)(int8_t)(sc & 0xc0)) >> (24 - 8 * i));
		}
		b[32] = (uint8_t)((hl / 4) << 4 | (op >> 4 & 1));
		b[33] = u8(&r);
		b[34] = u8(&r);
		b[35] = (op & 0x20) ? 0 : u8(&r);
		for (i = 0; i < optlen; i++)
			b[40 + i] = u8(&r);
		for (i = 0; i < plen; i++)
			b[20 + hl + i] = u8(&r);
		if (wire_decode(&p, WIRE_DLT_RAW, b, len, len) != 0 ||
		    seg_from_pkt(&s, &p) != 0)
			continue;
		now += (sc >> 2) & 3;
		id = tracker_input(tr, &s, now);
		if (id == 0 || (cv = tracker_conv(tr, id)) == NULL)
			abort();
		if (cv->end[0].state >= TCP_NSTATES ||
		    cv->end[1].state >= TCP_NSTATES)
			abort();
		if (tracker_find(tr, &s, &end) != id || (end != TRK_INIT &&
		    end != TRK_RESP))
			abort();
		last[a] += (uint32_t)plen;
		drain(tr);
	}
	for (id = tracker_conv_next(tr, 0); id != 0;
	    id = tracker_conv_next(tr, id))
		if (tracker_conv(tr, id) == NULL)
			abort();
	tracker_free(tr);
	return (0);
}
