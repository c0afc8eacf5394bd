# core/cc.mk - NewReno congestion control and the sender's SACK scoreboard.
libtcpx_a_SOURCES += core/cc.h core/cc.c
check_PROGRAMS += tests/unit/test-cc
TESTS += tests/unit/test-cc
tests_unit_test_cc_LDADD = $(LIBTCPX)
