# tests/tracker-ss.mk - the tracker's inferred states of both ends against
# ss samples of two kernels talking in namespaces.
TESTS += tests/net/tracker-ss.sh
EXTRA_DIST += tests/net/tracker-ss.sh tests/net/tracker-ss.py
