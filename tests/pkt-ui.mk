# tests/pkt-ui.mk - what users see of a packetdrill run: the tracer and
# stepping, the run's ladder and the prompt's `pkt` command (unit test);
# tcpx --pkt's --junit XML and --diagram=text (shell, no root), --diagram's
# full-screen ladders (tmux, no root); `pkt` in a lab batch (root).
check_PROGRAMS += tests/unit/test-pkt-trace
tests_unit_test_pkt_trace_SOURCES = tests/unit/test-pkt-trace.c tests/tap.h
tests_unit_test_pkt_trace_LDADD = $(LIBCLI) $(LIBTCPX) $(READLINE_LIBS) $(CURSES_LIBS)
TESTS += tests/unit/test-pkt-trace tests/pkt-junit.sh tests/pkt-view.sh \
	tests/net/pkt-repl.sh
EXTRA_DIST += tests/pkt-junit.sh tests/junit.xsd tests/pkt-view.sh \
	tests/net/pkt-repl.sh
