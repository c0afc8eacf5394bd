# bench/local.mk - benchmarks against peer tools, measured in the same run
# (`make bench`, as root; not part of make check).
EXTRA_DIST += bench/read-vs-tcpdump.sh bench/flood-vs-hping3.sh \
	bench/diagram-vs-tshark.sh bench/live-vs-tcpdump.sh bench/bulk.sh \
	bench/synflood.py bench/synflood-peer.py

BENCH_ENV = top_srcdir='$(abs_top_srcdir)' TCPX='$(abs_top_builddir)/tcpx' \
	TCPDUMP='$(TCPDUMP)'

bench: bench-read bench-flood bench-diagram bench-live bench-ooo \
	bench-bulk-send

# tcpx -r against tcpdump -n -r on a large capture of real kernel traffic.
bench-read: tcpx
	$(BENCH_ENV) $(SHELL) $(top_srcdir)/bench/read-vs-tcpdump.sh

# tcpx flood syn against hping3 --flood, frames counted at the receiver.
bench-flood: tcpx
	$(BENCH_ENV) $(SHELL) $(top_srcdir)/bench/flood-vs-hping3.sh

# tcpx -r --diagram=text against tshark -z flow,tcp on a 1M-packet capture.
bench-diagram: tcpx
	$(BENCH_ENV) $(SHELL) $(top_srcdir)/bench/diagram-vs-tshark.sh

# A live session's CPU per frame against tcpdump's capture alone.
bench-live: tcpx
	$(BENCH_ENV) $(SHELL) $(top_srcdir)/bench/live-vs-tcpdump.sh

.PHONY: bench bench-read bench-flood bench-diagram bench-live

# Bulk send, tcpx's engine -> the lab's kernel, beside iperf3 kernel ->
# kernel on a veth pair with the lab's offloads (BULK_SIZES, BULK_REPS).
bench-bulk-send: tcpx
	$(BENCH_ENV) $(SHELL) $(top_srcdir)/bench/bulk.sh send

.PHONY: bench-bulk-send

# Issue 13's acceptance under a flood of forged SYNs at our listener: a
# kernel client's connects, the prompt's answer and RSS, during and after
# (hping3 --flood --rand-source, then tcpx's own 1M-SYN flood; and the
# same from one source).
bench-synflood: tcpx
	$(BENCH_ENV) python3 $(top_srcdir)/bench/synflood.py --tool hping3 --seconds 10
	$(BENCH_ENV) python3 $(top_srcdir)/bench/synflood.py --tool tcpx --count 1000000
	$(BENCH_ENV) python3 $(top_srcdir)/bench/synflood.py --tool hping3 --seconds 10 --one-source

.PHONY: bench-synflood

# The engine under 100,000 out-of-order one-byte segments (issue 13): CPU
# time for 10k and 100k and the ratio per segment; no root needed.
EXTRA_PROGRAMS = bench/ooo-flood
bench_ooo_flood_SOURCES = bench/ooo-flood.c
bench_ooo_flood_LDADD = $(LIBTCPX)
CLEANFILES += bench/ooo-flood
bench-ooo: bench/ooo-flood
	./bench/ooo-flood

.PHONY: bench-ooo

# Ten minutes of churn in the lab: RSS and fds printed and judged flat
# (issue 13 §3); bench/soak.sh --short is in make check, --valgrind by hand.
bench-soak: tcpx
	$(BENCH_ENV) $(SHELL) $(top_srcdir)/bench/soak.sh

.PHONY: bench-soak
