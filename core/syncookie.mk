# core/syncookie.mk - stateless SYN cookies (RFC 4987 §3.6) and their unit test.
libtcpx_a_SOURCES += core/syncookie.h core/syncookie.c
check_PROGRAMS += tests/unit/test-syncookie
TESTS += tests/unit/test-syncookie
tests_unit_test_syncookie_LDADD = $(LIBTCPX)
