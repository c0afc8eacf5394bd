# core/reasm.mk - the out-of-order queue (an AVL tree of blocks) and SACK block generation
# (RFC 9293 §3.10.7.4, RFC 2018 §4) and its unit test.
libtcpx_a_SOURCES += core/avl.h core/avl.c core/reasm.h core/reasm-int.h \
	core/reasm-blk.c core/reasm.c
check_PROGRAMS += tests/unit/test-reasm
TESTS += tests/unit/test-reasm
tests_unit_test_reasm_LDADD = $(LIBTCPX)
# The engine under an out-of-order flood (issue 13), in virtual time.
check_PROGRAMS += tests/unit/test-tcp-ooo
TESTS += tests/unit/test-tcp-ooo
tests_unit_test_tcp_ooo_LDADD = $(LIBTCPX)
# The queue under floods of one-byte segments, its work counted.
check_PROGRAMS += tests/unit/test-reasm-flood
TESTS += tests/unit/test-reasm-flood
tests_unit_test_reasm_flood_LDADD = $(LIBTCPX)
