# tests/engine.mk - the engine test suite, grouped by state (DESIGN.md §6):
# opening, RFC 5961, closing, timers, data and two engines over a lossy link.
# The fixtures live in the header-only tests/unit/tcpfix.h.
ENGINE_TESTS = \
	tests/unit/test-tcp-open \
	tests/unit/test-tcp-5961 \
	tests/unit/test-tcp-close \
	tests/unit/test-tcp-timers \
	tests/unit/test-tcp-data \
	tests/unit/test-tcp-link
check_PROGRAMS += $(ENGINE_TESTS)
TESTS += $(ENGINE_TESTS)
tests_unit_test_tcp_open_LDADD = $(LIBTCPX)
tests_unit_test_tcp_5961_LDADD = $(LIBTCPX)
tests_unit_test_tcp_close_LDADD = $(LIBTCPX)
tests_unit_test_tcp_timers_LDADD = $(LIBTCPX)
tests_unit_test_tcp_data_LDADD = $(LIBTCPX)
tests_unit_test_tcp_link_LDADD = $(LIBTCPX)
EXTRA_DIST += tests/unit/tcpfix.h tests/unit/unitfix.h tests/unit/vmflags.h
check_PROGRAMS += tests/unit/test-tcp-icmp
TESTS += tests/unit/test-tcp-icmp
tests_unit_test_tcp_icmp_LDADD = $(LIBTCPX)
check_PROGRAMS += tests/unit/test-tcp-seqnum
TESTS += tests/unit/test-tcp-seqnum
tests_unit_test_tcp_seqnum_LDADD = $(LIBTCPX)
check_PROGRAMS += tests/unit/test-tcp-rfc793
TESTS += tests/unit/test-tcp-rfc793
tests_unit_test_tcp_rfc793_LDADD = $(LIBTCPX)
check_PROGRAMS += tests/unit/test-tcp-table
TESTS += tests/unit/test-tcp-table
tests_unit_test_tcp_table_LDADD = $(LIBTCPX)
