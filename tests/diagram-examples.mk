# tests/diagram-examples.mk - golden ladders of the shipped examples that
# teach the history-SYN reset, keepalive and retransmission, recorded in
# the lab.
TESTS += tests/net/diagram-examples.sh
EXTRA_DIST += tests/net/diagram-examples.sh \
	tests/golden/diagram-history-syn-client.txt \
	tests/golden/diagram-keepalive.txt \
	tests/golden/diagram-retransmit-loss.txt
