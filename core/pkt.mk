# core/pkt.mk - the packetdrill script parser (.pkt files) and its unit test.
libtcpx_a_SOURCES += core/pkt.h core/pkt-int.h core/pkt-arena.c \
	core/pkt-lex.c core/pkt-parse.c core/pkt-packet.c core/pkt-expr.c \
	core/pkt-code.c \
	core/pkt-run.h core/pkt-run-int.h core/pkt-run.c core/pkt-sys.c \
	core/pkt-sys-int.h core/pkt-sockopt.c core/pkt-io.c core/pkt-block.c \
	core/pkt-code-run.c core/pkt-names.c \
	core/pkt-engine.c core/pkt-check.c core/pkt-target.c \
	core/pkt-set.c core/pkt-shell-int.h core/pkt-shell.c \
	core/pkt-shell-word.c core/pkt-shell-sock.c
check_PROGRAMS += tests/unit/test-pkt-parse
TESTS += tests/unit/test-pkt-parse
tests_unit_test_pkt_parse_SOURCES = tests/unit/test-pkt-parse.c \
	tests/unit/pktdump.h tests/tap.h
tests_unit_test_pkt_parse_LDADD = $(LIBTCPX)
check_PROGRAMS += tests/unit/test-pkt-run
TESTS += tests/unit/test-pkt-run
tests_unit_test_pkt_run_SOURCES = tests/unit/test-pkt-run.c tests/tap.h \
	tests/unit/pkttest.h
tests_unit_test_pkt_run_LDADD = $(LIBTCPX)
# Our own scripts, run against the engine by `tcpx --pkt --tap` (no root).
TESTS += tests/pkt.sh
# The whole folder: its scripts (and sub-folders) go into the tarball.
EXTRA_DIST += tests/pkt.sh tests/pkt
check_PROGRAMS += tests/unit/test-pkt-sys
TESTS += tests/unit/test-pkt-sys
tests_unit_test_pkt_sys_SOURCES = tests/unit/test-pkt-sys.c tests/tap.h \
	tests/unit/pkttest.h
tests_unit_test_pkt_sys_LDADD = $(LIBTCPX)
# The same scripts against the lab's kernel (root; cli/run/pktk.c).
TESTS += tests/net/pkt-kernel.sh
EXTRA_DIST += tests/net/pkt-kernel.sh
# Every script of ours marked "kernel: same" against the lab's kernel.
TESTS += tests/net/pkt-kernel-same.sh
EXTRA_DIST += tests/net/pkt-kernel-same.sh
# The target interface with a fake target, and comparing two runs.
check_PROGRAMS += tests/unit/test-pkt-target
TESTS += tests/unit/test-pkt-target
tests_unit_test_pkt_target_SOURCES = tests/unit/test-pkt-target.c tests/tap.h
tests_unit_test_pkt_target_LDADD = $(LIBTCPX)
check_PROGRAMS += tests/unit/test-pkt-set
TESTS += tests/unit/test-pkt-set
tests_unit_test_pkt_set_SOURCES = tests/unit/test-pkt-set.c tests/tap.h
tests_unit_test_pkt_set_LDADD = $(LIBTCPX)
