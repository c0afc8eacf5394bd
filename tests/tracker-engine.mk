# tests/tracker-engine.mk - the tracker's inferred states of our own end
# against our engine's, on lab sessions.
TESTS += tests/net/tracker-engine.sh
EXTRA_DIST += tests/net/tracker-engine.sh tests/net/tracker-engine.awk
