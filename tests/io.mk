# tests/io.mk - ARP/ND, crafting, injection, the lab and the firewall guard.
check_PROGRAMS += tests/unit/test-neigh tests/net/labctl tests/net/iotool
tests_unit_test_neigh_SOURCES = tests/unit/test-neigh.c tests/tap.h
tests_unit_test_neigh_LDADD = $(LIBTCPX)
# Test drivers for the root-only shell tests (not installed).
tests_net_labctl_SOURCES = tests/net/labctl.c
tests_net_labctl_LDADD = $(LIBTCPX)
tests_net_iotool_SOURCES = tests/net/iotool.c
tests_net_iotool_LDADD = $(LIBTCPX)
TESTS += tests/unit/test-neigh tests/net/lab.sh tests/net/inject.sh \
	tests/net/guard.sh
EXTRA_DIST += tests/net/lab.sh tests/net/inject.sh tests/net/guard.sh
