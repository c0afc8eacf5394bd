#!/bin/sh
# tests/net/priv.sh - no root needed, and least privilege when there is
# (lab/priv.c; issue 13 §4).  As user nobody: `tcpx --lab` builds the whole
# lab in a user namespace (a session with the echo server, the peer's
# sysctls and nftables through `lab exec`, --lab=router and a lesson,
# --pkt --against kernel), also on a host with no /run/netns; nothing
# appears in the host's /run/netns.  A copy of tcpx with
# cap_net_raw,cap_net_admin+ep runs -i IFACE as nobody (the nftables
# guard, a handshake, flood).  After start-up CapEff is 0 and NoNewPrivs 1
# (read from /proc/PID/status while tcpx sleeps), CapPrm holds only what
# later commands need; -Z USER switches user and the lab still works and
# goes away.  Needs root (to become nobody, to set file capabilities).
. "$top_srcdir/tests/lib.sh"
need_root
command -v setpriv >/dev/null || skip_all "needs setpriv (util-linux)"
command -v setcap >/dev/null || skip_all "needs setcap (libcap2-bin)"
command -v nft >/dev/null || skip_all "needs nft (nftables)"
command -v python3 >/dev/null || skip_all "needs python3"
NB="setpriv --reuid=65534 --regid=65534 --clear-groups"
$NB unshare -Urn true 2>/dev/null || skip_all "this kernel forbids \
unprivileged user namespaces (see kernel.unprivileged_userns_clone, \
user.max_user_namespaces, kernel.apparmor_restrict_unprivileged_userns)"
tmpdir T
chmod 755 "$T"
P="$top_srcdir/tests/pkt"

# status PID FIELD: FIELD's value in /proc/PID/status ("" if none).
status() { awk -v f="$2:" '$1 == f { print $2 }' "/proc/$1/status"; }

# alive PID: the process runs (and is no zombie).
alive() { ps -o stat= -p "$1" 2>/dev/null | grep -q '^[^Z]'; }

# start VAR OUT CMD...: run CMD in the background with output to OUT, VAR
# gets its pid (tcpx's: setpriv and ip netns exec exec it), and wait for
# the "ready" its script echoes (status 1 if it ended without).
start() {
	_sv=$1 _so=$2
	shift 2
	"$@" >"$_so" 2>&1 &
	_sp=$!
	eval "$_sv=\$_sp"
	wait_until 30 'grep -q "^ready" "$_so" || ! alive $_sp'
	grep -q '^ready' "$_so" || { diag "$(cat "$_so")"; return 1; }
}

# 1. The lab as nobody: a user namespace.
start pid "$T/ns.out" $NB "$TCPX" --lab -c 'connect 10.0.0.2:7;
    send "hello"; wait recv hello 10;
    lab exec sysctl -w net.ipv4.tcp_syncookies=2;
    lab exec nft add table inet tcpxt; lab exec nft list tables;
    lab sh "ls /sys/class/net | sort | tr \"\\n\" \" \""; echo; echo ready;
    sleep 60'
ok $? "nobody: the lab is up and the echo server answers"
is "$(status $pid Uid | cut -f1)" 65534 "nobody: tcpx runs as uid 65534"
is "$(status $pid CapEff)" 0000000000000000 \
    "nobody: no effective capability after start-up"
is "$(status $pid NoNewPrivs)" 1 "nobody: no_new_privs is set"
userns=$(readlink /proc/$pid/ns/user)
[ -n "$userns" ] && [ "$userns" != "$(readlink /proc/self/ns/user)" ]
ok $? "nobody: tcpx is in a user namespace of its own"
ip netns list | grep -q "^tcpx-lab-$pid-"
ok $((! $?)) "nobody: nothing in the host's /run/netns"
grep -q '^net.ipv4.tcp_syncookies = 2' "$T/ns.out"
ok $? "nobody: lab exec sysctl sets the peer's sysctl"
grep -q '^table inet tcpxt' "$T/ns.out"
ok $? "nobody: lab exec nft adds a table in the peer"
grep -q 'lo peer0 ' "$T/ns.out"
ok $? "nobody: lab exec sees the peer's own /sys"
# in_userns: nobody's processes still in tcpx's user namespace.
in_userns() {
	for _p in $(ps -o pid= -u 65534); do
		[ "$(readlink "/proc/$_p/ns/user" 2>/dev/null)" = "$userns" ] &&
		    echo "$_p"
	done
}
kill -TERM $pid; wait $pid
[ -n "$userns" ] && wait_until 10 '[ -z "$(in_userns)" ]'
ok $? "nobody: after SIGTERM nothing is left in the user namespace"
nft list tables | grep -q tcpxt
ok $((! $?)) "nobody: the peer's table never reached the host"

# A lesson with the router between (its sysctls, `lab mtu`, nstat).
$NB "$TCPX" --lab=router --lesson mss-mtu --auto >"$T/mss.out" 2>&1
is $? 0 "nobody: the mss-mtu lesson runs through with --lab=router"
grep -q 'path MTU 1500 -> 1400' \
    "$T/mss.out"
ok $? "nobody: the router answers with ICMP too-big"

# --pkt --against kernel.
$NB "$TCPX" --lab --pkt "$P/handshake-passive.pkt" --against kernel \
    --tolerance_usecs 100000 >"$T/pkt.out" 2>&1
is $? 0 "nobody: --pkt --against kernel passes"
grep -q '^PASS' "$T/pkt.out"; ok $? "nobody: the script's PASS line"

# A host with no /run/netns (and no way for nobody to make one): tcpx
# puts a tmpfs on /run with the old entries bound back.
mkdir -p "$T/run"
cat >"$T/norun.sh" <<EOF
mount -t tmpfs tcpxt-run /run && mkdir /run/tcpxt-mark &&
    echo kept >/run/tcpxt-mark/f || exit 9
$NB "$TCPX" --lab -c 'connect 10.0.0.2:7; send "hi"; wait recv hi 10;
    lab exec cat /run/tcpxt-mark/f'
EOF
unshare --mount --propagation private sh "$T/norun.sh" >"$T/norun.out" 2>&1
is $? 0 "no /run/netns on the host: the lab still comes up as nobody"
grep -q '^kept' "$T/norun.out"
ok $? "no /run/netns: /run's entries are still there for lab exec"

# 2. -i IFACE with file capabilities, as nobody.
ns_pair A B
mkdir "$T/bin"
cp "$TCPX" "$T/bin/tcpx"
chmod 755 "$T/bin" "$T/bin/tcpx"
setcap cap_net_raw,cap_net_admin+ep "$T/bin/tcpx"
ok $? "setcap on a copy of tcpx"
findmnt -no OPTIONS -T "$T/bin" | grep -q nosuid &&
    diag "$T is on a nosuid mount: file capabilities are ignored there"
start pid "$T/cap.out" ip netns exec "$A" $NB "$T/bin/tcpx" -i a0 \
    -s 10.0.0.1 -c 'listen 5000; echo ready; wait accept 30;
    flood syn 10.0.0.2:9 count=50 rate=10000; sleep 60'
ok $? "file capabilities: -i a0 starts as nobody (the nftables guard)"
is "$(status $pid CapEff)" 0000000000000000 \
    "file capabilities: no effective capability after start-up"
is "$(status $pid CapPrm)" 0000000000003000 \
    "file capabilities: CAP_NET_ADMIN and CAP_NET_RAW kept, permitted"
is "$(status $pid NoNewPrivs)" 1 "file capabilities: no_new_privs"
ip netns exec "$A" nft list tables | grep -q "tcpx_$pid\$"
ok $? "file capabilities: the guard's table is installed"
ip netns exec "$B" python3 -c '
import socket; s = socket.create_connection(("10.0.0.1", 5000), 10)
s.close()' 2>"$T/py.err"
ok $? "file capabilities: a kernel client connects to tcpx"
wait_for 'SYN-RECEIVED -> ESTABLISHED' "$T/cap.out"
ok $? "file capabilities: the handshake is tcpx's"
wait_for '^\* flood: 50 SYNs' "$T/cap.out" 20
ok $? "file capabilities: flood opens its packet socket after the drop"
kill -TERM $pid; wait $pid
ip netns exec "$A" nft list tables | grep -q "tcpx_$pid\$"
ok $((! $?)) "file capabilities: the guard's table is removed at exit"

# 3. Root: what is kept; -Z.
start pid "$T/root.out" "$TCPX" --lab -c 'echo ready; sleep 60'
is "$(status $pid CapEff)" 0000000000000000 \
    "root lab: no effective capability after start-up"
is "$(status $pid CapPrm)" 00000000002030c1 \
    "root lab: CapPrm is what lab exec, ip, nft, flood, tcpdump -w need"
is "$(status $pid NoNewPrivs)" 1 "root lab: no_new_privs"
kill -TERM $pid; wait $pid

start pid "$T/z.out" "$TCPX" --lab -Z nobody -c 'connect 10.0.0.2:7;
    send "hello"; wait recv hello 10;
    lab exec sysctl -w net.ipv4.tcp_syncookies=2; echo ready; sleep 60'
ok $? "-Z nobody: the lab is up and the echo server answers"
is "$(status $pid Uid | cut -f1)" 65534 "-Z nobody: tcpx runs as nobody"
is "$(status $pid Gid | cut -f1)" 65534 "-Z nobody: in group nogroup"
is "$(status $pid CapEff)" 0000000000000000 "-Z nobody: nothing effective"
is "$(status $pid CapPrm)" 0000000000203022 \
    "-Z nobody: no CAP_SETUID/SETGID/CHOWN kept (no way back to root)"
grep -q '^net.ipv4.tcp_syncookies = 2' "$T/z.out"
ok $? "-Z nobody: lab exec still sets the peer's sysctls"
ip netns list | grep -q "^tcpx-lab-$pid-"
ok $? "-Z nobody: a root lab (named namespaces)"
kill -TERM $pid; wait $pid
ip netns list | grep -q "^tcpx-lab-$pid-"
ok $((! $?)) "-Z nobody: the lab is removed at exit"

"$TCPX" --lab -Z tcpxt-no-such-user -c quit >"$T/zbad.out" 2>&1
is $? 2 "-Z with an unknown user: exit 2"
is "$(cat "$T/zbad.out")" "tcpx: -Z tcpxt-no-such-user: no such user" \
    "-Z with an unknown user: one line naming it"
$NB "$TCPX" --lab -Z root -c quit >"$T/znoroot.out" 2>&1
is $? 2 "-Z as nobody: exit 2"
grep -q '^tcpx: -Z root: switching user needs root' "$T/znoroot.out"
ok $? "-Z as nobody: says it needs root"
"$TCPX" -r /dev/null -Z nobody >/dev/null 2>&1
is $? 2 "-Z with -r: a usage error (-r needs no privileges)"

done_testing
