# tests/attack.mk - the attack suite (issue 13): a raw-socket attacker in
# the lab's peer namespace (tests/net/attacker.py) against our engine:
# SYN floods from one and many forged sources, RFC 5961 blind RST/SYN/data,
# tiny MSS with and without timestamps, an out-of-order flood, bogus SACK
# blocks, malformed options and data offsets.
TESTS += tests/net/attack-synflood.sh tests/net/attack-5961.sh \
	tests/net/attack-mss.sh tests/net/attack-ooo.sh
EXTRA_DIST += tests/net/attack-synflood.sh tests/net/attack-5961.sh \
	tests/net/attack-mss.sh tests/net/attack-ooo.sh \
	tests/net/attack-lib.sh tests/net/attacker.py
