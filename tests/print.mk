# tests/print.mk - the packet printers: unit tests on hand-built frames and
# the codec's golden frames (every field, test-detail), and
# tcpx -r against tcpdump -n -r on pcaps captured from real kernel traffic.
check_PROGRAMS += tests/unit/test-print tests/unit/test-detail
TESTS += tests/unit/test-print tests/unit/test-detail \
	tests/net/readfile-vs-tcpdump.sh tests/net/readfile-links.sh
tests_unit_test_print_SOURCES = tests/unit/test-print.c
tests_unit_test_print_LDADD = $(LIBPRINT) $(LIBTCPX)
tests_unit_test_detail_SOURCES = tests/unit/test-detail.c \
	$(WIRE_TEST_COMMON)
tests_unit_test_detail_LDADD = $(LIBPRINT) $(LIBTCPX)
TESTS += tests/net/detail-vs-tshark.sh tests/net/lab-decode.sh \
	tests/net/decode-order.sh
EXTRA_DIST += tests/net/detail-vs-tshark.sh tests/net/detail-fields.awk \
	tests/net/lab-decode.sh tests/net/decode-order.sh
EXTRA_DIST += tests/net/readfile-vs-tcpdump.sh tests/net/readfile-peer.py \
	tests/net/pcap2pcapng.py tests/net/mkframes.py \
	tests/net/readfile-links.sh tests/net/mklinks.py
