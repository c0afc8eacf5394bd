#!/bin/sh
# tests/pkt.sh - run our own packetdrill scripts (tests/pkt/*.pkt) against
# the engine in virtual time with `tcpx --pkt --tap` (no root).
srcdir=${srcdir:-.}
exec ./tcpx --pkt --tap "$srcdir"/tests/pkt/*.pkt
