# bench/local.mk - benchmarks against peer tools, measured in the same run
# (`make bench`, as root; not part of make check).
EXTRA_DIST += bench/alt.py bench/read-vs-tcpdump.sh bench/flood-vs-hping3.sh \
	bench/flood-vs-trafgen.sh \
	bench/diagram-vs-tshark.sh bench/live-vs-tcpdump.sh \
	bench/synflood.py bench/synflood-peer.py \
	bench/conns.sh bench/conns-peer.py bench/bulk-recv.sh bench/live-view.py \
	bench/bulk.sh bench/place.sh

BENCH_ENV = top_srcdir='$(abs_top_srcdir)' TCPX='$(abs_top_builddir)/tcpx' \
	TCPDUMP='$(TCPDUMP)'

# The connection bench comes last: its 100,000 kernel sockets are torn
# down for a while after it ends, and a bench run then measures that too.
bench: bench-read bench-flood bench-flood-trafgen bench-diagram bench-live \
	bench-live-view bench-ooo bench-touch bench-bulk-recv bench-bulk-send \
	bench-conns

# tcpx -r against tcpdump -n -r on a large capture of real kernel traffic.
bench-read: tcpx
	$(BENCH_ENV) $(SHELL) $(top_srcdir)/bench/read-vs-tcpdump.sh

# tcpx flood syn against hping3 --flood, frames counted at the receiver.
bench-flood: tcpx
	$(BENCH_ENV) $(SHELL) $(top_srcdir)/bench/flood-vs-hping3.sh

# tcpx flood syn (one sender, then one per CPU) beside trafgen --cpus 1
# and 2 and hping3 --flood, frames counted at the receiver, alternating
# rounds, min and median (issue 14's SYN flood row).
bench-flood-trafgen: tcpx
	$(BENCH_ENV) $(SHELL) $(top_srcdir)/bench/flood-vs-trafgen.sh

# tcpx -r --diagram=text against tshark -z flow,tcp on a 1M-packet capture.
bench-diagram: tcpx
	$(BENCH_ENV) $(SHELL) $(top_srcdir)/bench/diagram-vs-tshark.sh

# A live session's CPU per frame against tcpdump's capture alone.
bench-live: tcpx
	$(BENCH_ENV) $(SHELL) $(top_srcdir)/bench/live-vs-tcpdump.sh

.PHONY: bench bench-read bench-flood bench-flood-trafgen bench-diagram bench-live

# Connection scale: the time a new connection takes with 1k, 10k, 50k and
# 100k open and RSS per connection, beside a kernel listener's time and
# slab memory per socket in the same run (issue 14).
bench-conns: tcpx
	$(BENCH_ENV) $(SHELL) $(top_srcdir)/bench/conns.sh

.PHONY: bench-conns



# Bulk send, tcpx's engine -> the lab's kernel, beside iperf3 kernel ->
# kernel on a veth pair with the lab's offloads (BULK_SIZES, BULK_REPS):
# each end on a CPU of its own as two hosts (bench/place.sh), then as the
# scheduler places them.
bench-bulk-send: tcpx
	$(BENCH_ENV) BENCH_PLACE=1 $(SHELL) $(top_srcdir)/bench/bulk.sh send
	$(BENCH_ENV) BENCH_PLACE=0 $(SHELL) $(top_srcdir)/bench/bulk.sh send

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

# Bulk receive, kernel -> our engine (issue 14): 20 MB, 100 MB and 1 GB
# from a kernel sender in the lab's peer, Gbit/s beside iperf3 kernel ->
# kernel on a veth pair with the lab's offloads (BENCH_SIZES, BENCH_REPS),
# placed as two hosts (bench/place.sh), then unplaced.
bench-bulk-recv: tcpx
	$(BENCH_ENV) BENCH_PLACE=1 $(SHELL) $(top_srcdir)/bench/bulk-recv.sh
	$(BENCH_ENV) BENCH_PLACE=0 $(SHELL) $(top_srcdir)/bench/bulk-recv.sh

.PHONY: bench-bulk-recv
# The live diagram view (in a pseudo-terminal) under a flood of resets of
# one growing conversation at 50k-200k frames a second, beside the plain
# prompt and tcpdump: frames captured and dropped (libpcap's counts).
# BENCH_LIVE_VIEW_ARGS: e.g. --flood rst (a port each), --reps 5.
EXTRA_PROGRAMS += bench/rst-pace
bench_rst_pace_SOURCES = bench/rst-pace.c
CLEANFILES += bench/rst-pace
bench-live-view: tcpx bench/rst-pace
	$(BENCH_ENV) RST_PACE='$(abs_top_builddir)/bench/rst-pace' \
	    python3 $(top_srcdir)/bench/live-view.py $(BENCH_LIVE_VIEW_ARGS)

.PHONY: bench-live-view

# What a page of memory touched the first time costs here (and after a
# fork): the price the first megabytes of a bulk transfer pay.
EXTRA_PROGRAMS += bench/touch
bench_touch_SOURCES = bench/touch.c
CLEANFILES += bench/touch
bench-touch: bench/touch
	./bench/touch

.PHONY: bench-touch
