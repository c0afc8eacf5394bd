# tests/diagram.mk - the sequence diagram: its layout as text on hand-built
# segments, and the ladders of the shipped examples recorded in the lab,
# against golden files.
check_PROGRAMS += tests/unit/test-diagram
tests_unit_test_diagram_SOURCES = tests/unit/test-diagram.c tests/tap.h
tests_unit_test_diagram_LDADD = $(LIBDIAGRAM) $(LIBTCPX)
TESTS += tests/unit/test-diagram tests/net/diagram.sh
check_PROGRAMS += tests/unit/test-diagram-ladder
tests_unit_test_diagram_ladder_SOURCES = tests/unit/test-diagram-ladder.c tests/tap.h
tests_unit_test_diagram_ladder_LDADD = $(LIBDIAGRAM) $(LIBTCPX)
TESTS += tests/unit/test-diagram-ladder tests/net/diagram-keep.sh
EXTRA_DIST += tests/net/diagram-keep.sh
EXTRA_DIST += tests/net/diagram.sh tests/golden/diagram-step-handshake.txt \
	tests/golden/diagram-step-handshake-split.txt \
	tests/golden/diagram-abort-linger.txt
TESTS += tests/net/diagram-view.sh
EXTRA_DIST += tests/net/diagram-view.sh
TESTS += tests/net/diagram-live.sh
EXTRA_DIST += tests/net/diagram-live.sh
TESTS += tests/net/diagram-tui.sh
EXTRA_DIST += tests/net/diagram-tui.sh
TESTS += tests/net/diagram-resize.sh
EXTRA_DIST += tests/net/diagram-resize.sh
TESTS += tests/net/diagram-rate.sh
EXTRA_DIST += tests/net/diagram-rate.sh
