#!/bin/sh
# tests/pkt.sh - run our own packetdrill scripts against the engine in
# virtual time with `tcpx --pkt --tap` (no root): tests/pkt/*.pkt, the
# state x segment suite tests/pkt/states/ and tests/pkt/states-ipv6/ (written
# by tests/pkt/gen/states.py), user calls by state (tests/pkt/calls/),
# RFC 7323 (tests/pkt/ts/), MUST-37/41 (tests/pkt/must/) and RFC 793's RST
# and SYN rules with the engine setting rfc5961 off (tests/pkt/rfc793/).
# Not run here: tests/pkt/known-fail/ (tcpx deviates; each script says how).
# See tests/pkt/README.
srcdir=${srcdir:-.}
d="$srcdir"/tests/pkt
exec ./tcpx --pkt --tap "$d"/*.pkt "$d"/states/*.pkt "$d"/states-ipv6/*.pkt \
    "$d"/calls/*.pkt "$d"/ts/*.pkt "$d"/must/*.pkt "$d"/rfc793/*.pkt
