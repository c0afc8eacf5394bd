/*
 * bench/ooo-flood.c - the engine under an out-of-order flood (issue 13):
 * one-byte segments at every other byte of the window, ascending,
 * descending and shuffled, fed to an ESTABLISHED connection in virtual
 * time with every ACK taken, as tests/unit/test-tcp-ooo.c does.  Prints
 * the CPU time for 10,000 and 100,000 segments and the ratio of their
 * costs per segment (1.0 is linear; a quadratic queue gives ~10), then the
 * queue alone (core/reasm.c) with no bound worth the name, where 100,000
 * blocks pile up.  No peer tool does this; the figure to compare is the
 * issue's: 7-8 s for 100,000 segments before.  Not part of make check.
 */
#include <time.h>

#include "core/reasm.h"
#include "core/wire.h"
#include "tests/unit/tcpfix.h"

static double	cpu_now(void);
static void	order(uint32_t *, int, int);
static double	engine_flood(int, int, struct tcp_status *);
static double	queue_flood(int, int);

static const char *orders[] = { "ascending", "descending", "shuffled" };

/* CPU seconds used so far. */
static double
cpu_now(void)
{
	struct timespec	ts;

	clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
	return (ts.tv_sec + ts.tv_nsec / 1e9);
}

/* Offsets 1, 3, 5 ... of n segments in order o. */
static void
order(uint32_t *off, int n, int o)
{
	uint32_t	seed = 7, t;
	int		i, j;

	for (i = 0; i < n; i++)
		off[i] = 1 + 2 * (uint32_t)(o == 1 ? n - 1 - i : i);
	if (o == 2) {
		for (i = n - 1; i > 0; i--) {
			seed = seed * 1103515245 + 12345;
			j = (int)((seed >> 8) % (uint32_t)(i + 1));
			t = off[i], off[i] = off[j], off[j] = t;
		}
	}
}

/* CPU seconds for n segments in order o through the engine. */
static double
engine_flood(int n, int o, struct tcp_status *ts)
{
	static uint32_t		 off[100000];
	struct fix		 f;
	struct tcp_cfg		 c;
	struct seg		 s;
	const struct tcp_opt	*opt;
	uint8_t			 b = 'x';
	uint32_t		 irs;
	double			 t0;
	int			 i;

	tcp_cfg_default(&c);
	c.delack = false;
	c.rcv_buf = 4U << 20;	/* room for 2 x 100,000 bytes of window */
	fix_syn_sent(&f, &c);
	s = fix_seg(&f, TH_SYN | TH_ACK, f.snd, f.iss + 1, NULL, 0);
	fix_opt_mss(&s, 1460);
	fix_opt_sackok(&s);
	opt = wire_tcpopt_find(&f.out.th, TCPOPT_TIMESTAMP);
	fix_opt_ts(&s, f.peer_tsval, opt != NULL ? opt->u.ts.val : 0);
	fix_opt_ws(&s, 7);
	fix_put(&f, &s);
	f.snd++;
	f.peer_ts = true;
	fix_drain(&f);
	irs = f.snd;
	order(off, n, o);
	t0 = cpu_now();
	for (i = 0; i < n; i++) {
		s = fix_seg(&f, TH_ACK, irs + off[i], f.rcv, &b, 1);
		fix_put(&f, &s);
		fix_drain(&f);
		fix_ev_clear(&f);
	}
	t0 = cpu_now() - t0;
	*ts = fix_status(&f);
	fix_free(&f);
	return (t0);
}

/* CPU seconds for n segments in order o into a queue bounded at 1 GB. */
static double
queue_flood(int n, int o)
{
	static uint32_t	 off[100000];
	struct reasm	*r = reasm_new(1U << 30);
	struct sack_blk	 blk[3];
	uint8_t		 b = 'x';
	double		 t0;
	int		 i;

	order(off, n, o);
	t0 = cpu_now();
	for (i = 0; i < n; i++) {
		reasm_insert(r, 0, off[i], &b, 1, false);
		reasm_sack(r, 0, blk, 3);
	}
	t0 = cpu_now() - t0;
	reasm_free(r);
	return (t0);
}

int
main(void)
{
	struct tcp_status	ts;
	double			t10, t100;
	int			o;

	printf("Out-of-order flood: one-byte segments at every other byte, "
	    "CPU time\n");
	printf("  through the engine (rcv_buf 4 MB, the queue bounded by "
	    "reasm_limit, 1 MB), every ACK taken:\n");
	for (o = 0; o < 3; o++) {
		t10 = engine_flood(10000, o, &ts);
		t100 = engine_flood(100000, o, &ts);
		printf("    %-10s  10k %.3f s  100k %.3f s  (%.0f ns per "
		    "segment; per-segment ratio 100k/10k %.2f)  held %zu "
		    "blocks, pruned %llu, dropped %llu\n", orders[o], t10,
		    t100, t100 / 1e5 * 1e9, (t100 / 1e5) / (t10 / 1e4),
		    ts.ooo_blocks, (unsigned long long)ts.ooo_pruned_blocks,
		    (unsigned long long)ts.ooo_dropped);
	}
	printf("  the queue alone, bound 1 GB (every block kept):\n");
	for (o = 0; o < 3; o++) {
		t10 = queue_flood(10000, o);
		t100 = queue_flood(100000, o);
		printf("    %-10s  10k %.3f s  100k %.3f s  (per-segment "
		    "ratio 100k/10k %.2f)\n", orders[o], t10, t100,
		    (t100 / 1e5) / (t10 / 1e4));
	}
	return (0);
}
