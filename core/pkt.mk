# core/pkt.mk - the packetdrill script parser (.pkt files) and its unit test.
libtcpx_a_SOURCES += core/pkt.h core/pkt-int.h core/pkt-arena.c \
	core/pkt-lex.c core/pkt-parse.c core/pkt-packet.c core/pkt-expr.c \
	core/pkt-code.c
check_PROGRAMS += tests/unit/test-pkt-parse
TESTS += tests/unit/test-pkt-parse
tests_unit_test_pkt_parse_SOURCES = tests/unit/test-pkt-parse.c \
	tests/unit/pktdump.h tests/tap.h
tests_unit_test_pkt_parse_LDADD = $(LIBTCPX)
