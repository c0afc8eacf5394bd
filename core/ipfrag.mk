# core/ipfrag.mk - IP fragmentation and reassembly (RFC 791 §3.2,
# RFC 8200 §4.5, RFC 5722) and its unit test.
libtcpx_a_SOURCES += core/ipfrag.h core/ipfrag.c core/ipdefrag.c
check_PROGRAMS += tests/unit/test-ipfrag
TESTS += tests/unit/test-ipfrag
tests_unit_test_ipfrag_LDADD = $(LIBTCPX)
