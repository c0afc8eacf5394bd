#!/bin/sh
# tests/pkt.sh - run our own packetdrill scripts against the engine in
# virtual time with `tcpx --pkt --tap` (no root): tests/pkt/*.pkt, the
# state x segment suite tests/pkt/states/ and tests/pkt/states-ipv6/ (written
# by tests/pkt/gen/states.py), and tests/pkt/must/.  Not run here:
# tests/pkt/known-fail/ (the engine deviates from the RFC; each script says
# how) and tests/pkt/rfc793/ (needs the engine setting rfc5961 off).
srcdir=${srcdir:-.}
exec ./tcpx --pkt --tap "$srcdir"/tests/pkt/*.pkt "$srcdir"/tests/pkt/states/*.pkt \
    "$srcdir"/tests/pkt/states-ipv6/*.pkt "$srcdir"/tests/pkt/must/*.pkt
