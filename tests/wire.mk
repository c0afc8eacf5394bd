# tests/wire.mk - unit tests of the wire codec (core/wire*.c): golden frames
# captured from real kernels, every truncation, malformed input, round trips.
WIRE_TEST_COMMON = tests/unit/test-wire-vectors.c \
	tests/unit/test-wire-vectors.h tests/unit/test-wire-util.c

check_PROGRAMS += tests/unit/test-wire tests/unit/test-wire-bad \
	tests/unit/test-wire-build
TESTS += tests/unit/test-wire tests/unit/test-wire-bad \
	tests/unit/test-wire-build
tests_unit_test_wire_SOURCES = tests/unit/test-wire.c $(WIRE_TEST_COMMON)
tests_unit_test_wire_LDADD = $(LIBTCPX)
tests_unit_test_wire_bad_SOURCES = tests/unit/test-wire-bad.c \
	$(WIRE_TEST_COMMON)
tests_unit_test_wire_bad_LDADD = $(LIBTCPX)
tests_unit_test_wire_build_SOURCES = tests/unit/test-wire-build.c \
	$(WIRE_TEST_COMMON)
tests_unit_test_wire_build_LDADD = $(LIBTCPX)
EXTRA_DIST += tests/unit/wire-golden.sh tests/unit/wire-golden.py \
	tests/unit/wire-vectors.py
