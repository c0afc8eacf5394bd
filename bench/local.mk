# bench/local.mk - benchmarks against peer tools, measured in the same run
# (`make bench`, as root; not part of make check).
EXTRA_DIST += bench/read-vs-tcpdump.sh bench/flood-vs-hping3.sh \
	bench/diagram-vs-tshark.sh bench/live-vs-tcpdump.sh

BENCH_ENV = top_srcdir='$(abs_top_srcdir)' TCPX='$(abs_top_builddir)/tcpx' \
	TCPDUMP='$(TCPDUMP)'

bench: bench-read bench-flood bench-diagram bench-live

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
