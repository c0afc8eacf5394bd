# core/pdn.mk - packetdrill notation for TCP segments (parse, build, print,
# match) and its unit test.
libtcpx_a_SOURCES += core/pdn.h core/pdn-int.h core/pdn-parse.c \
	core/pdn-fmt.c core/pdn-match.c
check_PROGRAMS += tests/unit/test-pdn
TESTS += tests/unit/test-pdn
tests_unit_test_pdn_LDADD = $(LIBTCPX)
