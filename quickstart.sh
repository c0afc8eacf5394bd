#!/bin/sh
# quickstart.sh - from a fresh Debian 12 machine (as root) to a running tcpx.
#
#   ./quickstart.sh lab    install what is missing, build, open tcpx in the lab
#   ./quickstart.sh test   install what is missing, build, run the whole suite
#
# TCPX_SANITIZE=1 builds with ASan+UBSan (CI does).  The build lives in
# ./build; the test run ends with the line "N passed, N failed, N skipped".
set -eu

cd "$(dirname "$0")"
what=${1:-}
case $what in
lab|test) ;;
*) echo "usage: $0 lab|test" >&2; exit 2 ;;
esac

# Debian packages: the toolchain, the libraries tcpx links, and what the
# lab and the tests use (iproute2 for namespaces, tcpdump to compare with,
# nftables for -i, tmux to drive the prompt, python3 for capture tools,
# gettext for the lessons' catalogues, locales to test them in Chinese,
# hping3 for the syn-flood lesson's flood from the kernel's side,
# libxml2-utils for xmllint, which checks tcpx --pkt --junit's XML,
# libcap2-bin for setcap: -i with file capabilities, tests/net/priv.sh;
# netsniff-ng for trafgen, which only `make bench-flood-trafgen` runs).
PKGS="build-essential autoconf automake pkg-config
libpcap-dev libnet1-dev libreadline-dev libncurses-dev
iproute2 tcpdump nftables ethtool procps util-linux tmux python3
gettext locales hping3 libxml2-utils libcap2-bin netsniff-ng"

missing=""
for p in $PKGS; do
	dpkg-query -W -f='${Status}\n' "$p" 2>/dev/null |
	    grep -q '^install ok installed' || missing="$missing $p"
done
if [ -n "$missing" ]; then
	[ "$(id -u)" -eq 0 ] || { echo "quickstart: run as root to install:$missing" >&2; exit 2; }
	echo "quickstart: installing$missing"
	apt-get update -qq
	DEBIAN_FRONTEND=noninteractive apt-get install -y -qq \
	    --no-install-recommends $missing >/dev/null
fi

flags=""
[ "${TCPX_SANITIZE:-0}" = 1 ] && flags="--enable-sanitizers"
if [ ! -x build/config.status ] || [ configure.ac -nt build/config.status ] ||
    [ "$(cat build/.flags 2>/dev/null)" != "$flags" ]; then
	autoreconf -fi
	mkdir -p build
	(cd build && ../configure -q $flags) 2>&1 | grep -v "cannot remove 'core'" || true
	echo "$flags" >build/.flags
fi
make -C build -s -j"$(nproc)"

if [ "$what" = lab ]; then
	exec ./build/tcpx --lab
fi

# The whole suite; then one honest summary line from automake's counts.
status=0
make -C build -s -j"$(nproc)" check || status=$?
log=build/test-suite.log
count() { sed -n "s/^# $1: *\([0-9][0-9]*\)$/\1/p" "$log" | head -n 1; }
if [ -f "$log" ]; then
	[ $status -ne 0 ] && sed -n '/^FAIL\|^ERROR\|^not ok/p' build/tests/*/*.log 2>/dev/null | head -n 50
	pass=$(count PASS); fail=$(count FAIL); err=$(count ERROR)
	xpass=$(count XPASS); skip=$(count SKIP)
	echo "${pass:-0} passed, $(( ${fail:-0} + ${err:-0} + ${xpass:-0} )) failed, ${skip:-0} skipped"
else
	echo "0 passed, 1 failed, 0 skipped"
	status=1
fi
exit $status
