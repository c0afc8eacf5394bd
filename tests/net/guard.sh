#!/bin/sh
# tests/net/guard.sh - the firewall guard (craft/guard.c) for tcpx on a host
# address: in a namespace whose kernel owns 10.0.0.1/fd00::1, a guarded port
# gets no RST (TCP) or port unreachable (UDP) from that kernel while other
# ports still do; the table is removed by guard_free and, for a dead
# process, by guard_sweep.  Without privileges guard_new and inj_open fail
# with one line naming the capability, and lab_up builds the lab in a user
# namespace of its own.  Needs root.
. "$top_srcdir/tests/lib.sh"
need_root
IOTOOL=$top_builddir/tests/net/iotool
LABCTL=$top_builddir/tests/net/labctl
[ -x "$IOTOOL" ] && [ -x "$LABCTL" ] || skip_all "test drivers not built"
command -v nft >/dev/null || skip_all "needs nft (nftables)"
command -v python3 >/dev/null || skip_all "needs python3"
TCPDUMP=${TCPDUMP:-$(command -v tcpdump)}
tmpdir T
nft list ruleset >"$T/host.before" 2>&1

ns_pair G P	# G: the guarded kernel (10.0.0.1, fd00::1); P: its peer

# try tcp|udp HOST PORT: what a kernel client in P gets.
cat >"$T/try.py" <<'EOF'
import socket, sys
proto, host, port = sys.argv[1], sys.argv[2], int(sys.argv[3])
fam = socket.AF_INET6 if ':' in host else socket.AF_INET
s = socket.socket(fam, socket.SOCK_STREAM if proto == 'tcp' else socket.SOCK_DGRAM)
s.settimeout(1.5)
try:
    s.connect((host, port))
    if proto == 'udp':
        s.send(b'x'); s.recv(10)
    print('connected')
except ConnectionRefusedError:
    print('refused')
except socket.timeout:
    print('timeout')
EOF
try() { ip netns exec "$P" python3 "$T/try.py" "$@" 2>&1; }

is "$(try tcp 10.0.0.1 5555)" refused "unguarded: the kernel answers a SYN with RST"
is "$(try udp 10.0.0.1 5555)" refused "unguarded: the kernel answers UDP with port unreachable"

# guard_new + guard_add_port, driven through a fifo.
mkfifo "$T/in"
ip netns exec "$G" "$IOTOOL" guard 10.0.0.1 fd00::1 5555 <"$T/in" >>"$T/out" 2>&1 &
drv=$!
exec 3>"$T/in"
wait_for '^table' "$T/out"
ok $? "guard_new and guard_add_port succeed"
table=$(sed -n 's/^table //p' "$T/out")
case $table in tcpx_[0-9]*) x=0 ;; *) x=1 ;; esac
ok $x "the table is named tcpx_<pid> ($table)"
rs=$(ip netns exec "$G" nft list table inet "$table" 2>&1)
diag "$rs"
echo "$rs" | grep -q 'hook input priority' && echo "$rs" | grep -q 'policy accept'
ok $? "an input chain with policy accept"
echo "$rs" | grep -q 'ip daddr 10.0.0.1 tcp dport @ports drop' &&
	echo "$rs" | grep -q 'ip6 daddr fd00::1 tcp dport @ports drop'
ok $? "drop rules for TCP to 10.0.0.1 and fd00::1 on @ports"
[ "$(echo "$rs" | grep -c 'elements = { 5555 }')" -eq 2 ]
ok $? "port 5555 is in the TCP and UDP sets"

if [ -n "$TCPDUMP" ]; then
	tcpdump_start td "$G" a0 "$T/g.pcap" tcp
	ok $? "tcpdump listens in the guarded namespace"
fi
is "$(try tcp 10.0.0.1 5555)" timeout "guarded: no RST for a SYN to 10.0.0.1:5555"
is "$(try tcp fd00::1 5555)" timeout "guarded: no RST for a SYN to [fd00::1]:5555"
is "$(try udp 10.0.0.1 5555)" timeout "guarded: no port unreachable for UDP to :5555"
is "$(try tcp 10.0.0.1 5556)" refused "the guard is scoped: port 5556 still gets RST"
if [ -n "$TCPDUMP" ]; then
	# The RST for port 5556 is the last packet.
	tcpdump_stop "$td" "$T/g.pcap" 'IP 10\.0\.0\.1\.5556 > .*Flags \[R'
	"$TCPDUMP" -n -r "$T/g.pcap" >"$T/g.txt" 2>/dev/null
	grep -q '10.0.0.2.[0-9]* > 10.0.0.1.5555: Flags \[S\]' "$T/g.txt"
	ok $? "capture in the guarded namespace still sees the SYN (pcap is before netfilter)"
	grep -q '10.0.0.1.5555 > .*Flags \[R' "$T/g.txt"
	ok $((! $?)) "and the guarded kernel sent no RST from port 5555"
fi

echo del >&3
wait_for '^deleted' "$T/out"
is "$(try tcp 10.0.0.1 5555)" refused "guard_del_port gives the port back to the kernel"

echo free >&3
wait_for '^freed' "$T/out"
exec 3>&-
wait "$drv"
ip netns exec "$G" nft list tables | grep -q "$table"
ok $((! $?)) "guard_free removes the table"

# A table left by a dead process is swept.
: >"$T/out"
rm -f "$T/in"; mkfifo "$T/in"
ip netns exec "$G" "$IOTOOL" guard 10.0.0.1 fd00::1 6666 <"$T/in" >>"$T/out" 2>&1 &
drv=$!
exec 3>"$T/in"
wait_for '^table' "$T/out"
table=$(sed -n 's/^table //p' "$T/out")
echo exit >&3
exec 3>&-
wait "$drv"
ip netns exec "$G" nft list tables | grep -q "$table\$"
ok $? "a process that dies leaves its table behind"
is "$(ip netns exec "$G" "$IOTOOL" sweep)" "swept 1" "guard_sweep deletes it"
ip netns exec "$G" nft list tables | grep -q "$table\$"
ok $((! $?)) "the stale table is gone"

nft list ruleset >"$T/host.after" 2>&1
cmp -s "$T/host.before" "$T/host.after"
ok $? "the host namespace's ruleset is unchanged"

# Without privileges: one line each, naming the capability; no crash.
if command -v setpriv >/dev/null; then
	chmod 755 "$T"
	cp "$IOTOOL" "$LABCTL" "$T/"
	np() { ip netns exec "$G" setpriv --reuid=65534 --regid=65534 --clear-groups "$@"; }
	r=$(np "$T/iotool" nopriv 2>&1)
	ok $? "iotool nopriv runs to the end as nobody"
	diag "$r"
	is "$(echo "$r" | sed -n 1p)" \
		"guard: installing the nftables rule needs CAP_NET_ADMIN (run as root)" \
		"guard_new without privileges names CAP_NET_ADMIN"
	is "$(echo "$r" | sed -n 2p)" \
		"inject: opening lo for injection needs CAP_NET_RAW (run as root)" \
		"inj_open without privileges names CAP_NET_RAW"
	is "$(echo "$r" | sed -n 3p)" "lab_up succeeded" \
		"lab_up without privileges builds the lab in a user namespace"
	r=$(np "$T/labctl" </dev/null 2>&1)
	x=$?
	is "$x/$(echo "$r" | sed -n 3p)" "0/ready" \
		"labctl as nobody: the lab comes up (user namespace), exit 0"
else
	diag "setpriv not installed: skipping the unprivileged checks"
fi
done_testing
