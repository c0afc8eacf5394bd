# core/tracker.mk - the passive tracker (infers both endpoints' states from
# observed segments) and its unit test, which also replays the codec's
# golden kernel frames.
libtcpx_a_SOURCES += core/tracker.h core/tracker-int.h core/tracker.c \
	core/tracker-table.c
check_PROGRAMS += tests/unit/test-tracker
TESTS += tests/unit/test-tracker
tests_unit_test_tracker_SOURCES = tests/unit/test-tracker.c \
	tests/unit/test-wire-vectors.c tests/unit/test-wire-vectors.h \
	tests/unit/test-wire-util.c
tests_unit_test_tracker_LDADD = $(LIBTCPX)
