# tests/capture.mk - the pcap recorder (`capture`, -w): unit tests and a
# lab test read back with tcpdump (and tshark when installed).
check_PROGRAMS += tests/unit/test-pcapw
tests_unit_test_pcapw_SOURCES = tests/unit/test-pcapw.c tests/tap.h
tests_unit_test_pcapw_LDADD = $(LIBTCPX)
TESTS += tests/unit/test-pcapw tests/net/capture.sh
EXTRA_DIST += tests/net/capture.sh
check_PROGRAMS += tests/unit/test-pcapng
tests_unit_test_pcapng_SOURCES = tests/unit/test-pcapng.c tests/tap.h
tests_unit_test_pcapng_LDADD = $(LIBTCPX)
TESTS += tests/unit/test-pcapng tests/net/pcapng.sh
EXTRA_DIST += tests/net/pcapng.sh
check_PROGRAMS += tests/unit/test-record
tests_unit_test_record_SOURCES = tests/unit/test-record.c tests/tap.h
tests_unit_test_record_LDADD = $(LIBOBS) $(LIBRUN) $(LIBTCPX)
TESTS += tests/unit/test-record
