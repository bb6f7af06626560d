# ICMP around the conversation, in a routed lab of the test's own: tcpcraft
# on a veth in this namespace (10.77.91.10, its own address, the kernel's
# 10.77.91.2), a router namespace (10.77.91.1 | 10.77.92.1, the peer's link
# with MTU 1400, forwarding on) and the peer's namespace (10.77.92.2, MTU
# 1500: it offers MSS 1460), no route out of any of them.
# - a DF segment of 1460 bytes draws the router's need-frag (mtu 1400),
#   noted against the connection; the next send leaves as 1360 + 100 and
#   tcpdump in the peer's namespace sees both arrive; tcb shows both;
# - a forged need-frag quoting a seq outside the window: "not ours", and
#   the path MTU stays;
# - expect icmp ... as NAME, $NAME.mtu, and set pmtu off;
# - a router that rejects: host unreachable, matched to our SYN;
# - traceroute: the router at hop 1, the peer at hop 2;
# - a router that drops to the peer: nothing comes back, and the peer's
#   kernel client's SYN retransmissions are named.
# Namespaces tc-icmp-PID-r and tc-icmp-PID-p (another run names its own).
. tests/integ/lib.sh
. tests/integ/lablib.sh
routed_topo icmp
P=7
ip addr add 10.77.91.2/24 dev $IF
ip link set $IF up
ip route add 10.77.92.0/24 via 10.77.91.1
ip -n $R link set lo up
ip -n $R addr add 10.77.91.1/24 dev r0
ip -n $R link set r0 up
ip -n $R addr add 10.77.92.1/24 dev r1
ip -n $R link set r1 mtu 1400 up
ip netns exec $R sysctl -qw net.ipv4.ip_forward=1
# every ICMP error the test draws, however close together
ip netns exec $R sysctl -qw net.ipv4.icmp_ratelimit=0
ip -n $PN link set lo up
ip -n $PN addr add 10.77.92.2/24 dev p0
ip -n $PN link set p0 up
ip -n $PN route add 10.77.91.0/24 via 10.77.92.1
topo_no_route_out

# the peer: a kernel server on port 7 that takes whatever comes
sink_peer 10.77.92.2
ip netns exec $PN tcpdump -l -n -i p0 tcp >"$T/peer.txt" 2>"$T/peer.err" &
BG_PIDS="$BG_PIDS $!"
cap_listening "$T/peer.err"

tc_start -i $IF --src 10.77.91.10 --seed 7
# --- path MTU discovery ----------------------------------------------------
tc_cmd "capture $T/pmtu.pcap"
tc_cmd "connect 10.77.92.2:$P"
tc_wait "^c1: 10\.77\.91\.10:[0-9]+ -> 10\.77\.92\.2:$P via $IF"
L=$(sed -n 's/^c1: 10\.77\.91\.10:\([0-9]*\) .*ISS \([0-9]*\).*/\1/p' \
    "$T/out" | head -1)
ISS=$(sed -n 's/^c1: .*ISS \([0-9]*\).*/\1/p' "$T/out" | head -1)
tc_cmd syn
check "the handshake through the router" \
    tc_wait "In  IP 10\.77\.92\.2\.$P > 10\.77\.91\.10\.$L: Flags \[S\.\], seq 0, ack 1, .*options \[mss 1460\]"
tc_cmd ack
tc_mark
tc_cmd "send bytes:1460"
check "1460 bytes with DF leave in one segment" \
    tc_new "Out IP 10\.77\.91\.10\.$L > 10\.77\.92\.2\.$P: Flags \[P\.\], seq 1:1461, .*length 1460"
check "the router's need-frag in tcpdump's words, noted against it" \
    tc_new "In  IP 10\.77\.91\.1 > 10\.77\.91\.10: ICMP 10\.77\.92\.2 unreachable - need to frag \(mtu 1400\), length [0-9]+  # quotes our segment 1:1461; path MTU 1400: send MSS now 1360 \(was 1460\)"
tc_mark
tc_cmd tcb
check "tcb: the send MSS" tc_new "^MSS ours 1460 peer 1460 \(send 1360\)"
check "tcb: the path MTU" \
    tc_new "^Path MTU 1400 \(from an ICMP need-frag\): send MSS 1360"
tc_mark
tc_cmd "send bytes:1460"
check "the next send splits: 1360 ..." \
    tc_new "Out IP .*: Flags \[P\.\], seq 1461:2821, .*length 1360"
check "... + 100" tc_new "Out IP .*: Flags \[P\.\], seq 2821:2921, .*length 100"
check "no need-frag for them" sh -c "test $(tc_count 'need to frag') -eq 0"
peer_saw() { grep -Eq "10\.77\.91\.10\.$L > 10\.77\.92\.2\.$P: .*length $1\$" \
    "$T/peer.txt"; }
check "tcpdump in the peer's namespace: the 1360 arrived" \
    until_ok "$WAIT_S" peer_saw 1360
check "tcpdump in the peer's namespace: the 100 arrived" \
    until_ok "$WAIT_S" peer_saw 100
check "tcpdump in the peer's namespace: the 1460 never did" \
    sh -c "! grep -q 'length 1460\$' '$T/peer.txt'"
tc_cmd "capture stop"
tc_wait "^capture stopped"
check "the capture carries the ICMP error (tcpdump reads it)" sh -c \
    "tcpdump -nr '$T/pmtu.pcap' 2>/dev/null | grep -q 'IP 10\.77\.91\.1 > 10\.77\.91\.10: ICMP 10\.77\.92\.2 unreachable - need to frag (mtu 1400), length'"

# --- a forged need-frag, quoting a seq nobody sent --------------------------
# from the router's address, as a blind attacker would forge it
forge() {	# forge SEQ MTU
	ip netns exec $R python3 -c '
import socket, struct, sys
seq, mtu, lport = int(sys.argv[1]), int(sys.argv[2]), int(sys.argv[3])
def csum(b):
    s = sum(struct.unpack("!%dH" % (len(b) // 2), b))
    while s >> 16: s = (s & 0xffff) + (s >> 16)
    return ~s & 0xffff
q = struct.pack("!BBHHHBBH4s4s", 0x45, 0, 1500, 1, 0x4000, 63, 6, 0,
    socket.inet_aton("10.77.91.10"), socket.inet_aton("10.77.92.2"))
q += struct.pack("!HHI", lport, 7, seq)
m = struct.pack("!BBHHH", 3, 4, 0, 0, mtu) + q
m = m[:2] + struct.pack("!H", csum(m)) + m[4:]
s = socket.socket(socket.AF_INET, socket.SOCK_RAW, socket.IPPROTO_ICMP)
s.sendto(m, ("10.77.91.10", 0))
' "$1" "$2" "$L"
}
tc_mark
forge $(( (ISS + 100000) % 4294967296 )) 600
check "a forged need-frag outside the window: not ours" \
    tc_new "In  IP 10\.77\.91\.1 > 10\.77\.91\.10: ICMP 10\.77\.92\.2 unreachable - need to frag \(mtu 600\), length 36  # not ours: quoted seq outside the window .* a blind ICMP attack would look like this"
tc_mark
tc_cmd tcb
check "and it changes nothing: path MTU still 1400" \
    tc_new "^Path MTU 1400 \(from an ICMP need-frag\): send MSS 1360"

# --- set pmtu off (a black hole's effect), expect icmp, as NAME ------------
tc_cmd "set pmtu off; connect 10.77.92.2:$P; syn"
tc_wait "In  IP 10\.77\.92\.2\.$P > .*c2: SYN-SENT -> ESTABLISHED"
tc_mark
tc_cmd "ack; send bytes:1460; expect icmp need-frag as nf"
check "expect icmp need-frag is met" tc_new "^ok"
check "with pmtu off the error is shown and changes nothing" \
    tc_new "need to frag \(mtu 1400\).*# c2: quotes our segment 1:1461; set pmtu off: path MTU left as it is"
tc_mark
tc_cmd "send bytes:1460"
check "so the next send is too big again" \
    tc_new "Out IP .*: Flags \[P\.\], seq 1461:2921, .*length 1460"
tc_cmd 'set pmtu on; send "a" win $nf.mtu; send "b" win $nf.seq+99; connect $nf.from:7'
check "\$nf.mtu" tc_wait "Out IP .*: Flags \[P\.\], seq 2921:2922, ack 1, win 1400, length 1"
check "the quoted \$nf.seq (relative)" \
    tc_wait "Out IP .*: Flags \[P\.\], seq 2922:2923, ack 1, win 100, length 1"
check "\$nf.from: the router" tc_wait "^c3: 10\.77\.91\.10:[0-9]+ -> 10\.77\.91\.1:7 "
tc_stop

# --- a router that rejects: host unreachable, matched to the SYN ------------
ip netns exec $R nft -f - <<EOF
table ip tcicmp {
	chain through {
		type filter hook forward priority 0; policy accept;
		ip daddr 10.77.92.2 tcp dport 8 reject with icmp type host-unreachable
	}
}
EOF
rm -f "$T/in"
tc_start -i $IF --src 10.77.91.10 --seed 8
tc_cmd "connect 10.77.92.2:8"
tc_wait "^c1: "
tc_cmd "syn; expect icmp unreachable within 5s"
check "host unreachable, matched to our SYN" \
    tc_wait "In  IP 10\.77\.91\.1 > 10\.77\.91\.10: ICMP host 10\.77\.92\.2 unreachable, length [0-9]+  # quotes our SYN"
check "expect icmp unreachable is met" tc_wait "^ok"
tc_cmd "expect state SYN-SENT"

# --- traceroute ----------------------------------------------------------
tc_cmd "traceroute 10.77.92.2:$P max 5 wait 2s"
check "hop 1: the router's time exceeded" \
    tc_wait "In  IP 10\.77\.91\.1 > 10\.77\.91\.10: ICMP time exceeded in-transit, length [0-9]+  # hop 1: 10\.77\.91\.1, rtt [0-9.]+ ms\$"
check "hop 2: the peer's SYN-ACK" \
    tc_wait "In  IP 10\.77\.92\.2\.$P > 10\.77\.91\.10\.[0-9]+: Flags \[S\.\], .*# hop 2: 10\.77\.92\.2, rtt [0-9.]+ ms, the destination: port open"
check "reached at hop 2" tc_wait "^--- 10\.77\.92\.2:$P reached at hop 2\$"
# --- replay carries the capture's ICMP error --------------------------------
tc_cmd "replay $T/pmtu.pcap"
check "replay counts the capture's ICMP error apart" \
    tc_wait "^replay: .*pmtu\.pcap: [0-9]+ segments .*, 1 ICMP error to show\$"
check "and shows it at its place, neither sent nor waited for" \
    tc_wait "^replay: #[0-9]+ of the capture: IP 10\.77\.91\.1 > 10\.77\.91\.10: ICMP 10\.77\.92\.2 unreachable - need to frag \(mtu 1400\), length [0-9]+  # from the network"
check "the live router's own need-frag, on the replay's connection" \
    tc_wait "In  IP 10\.77\.91\.1 > 10\.77\.91\.10: ICMP 10\.77\.92\.2 unreachable - need to frag \(mtu 1400\), .*# c[0-9]+: quotes our segment 1:1461; path MTU 1400"
check "the replay ends" tc_wait "^replay: done"
tc_stop

# --- --json: the icmp event ---------------------------------------------------
timeout 30 "$TC" --json -i $IF --src 10.77.91.10 -c "connect 10.77.92.2:$P; \
    syn; expect S.; ack; send bytes:1460; expect icmp need-frag" \
    >"$T/json" 2>&1
check "--json: an icmp event with the kind, the MTU and the quoted seq" \
    grep -Eq '^\{"event":"icmp",.*"src":"10\.77\.91\.1",.*"kind":"need-frag","type":3,"code":4,"mtu":1400,.*"quoted":\{.*"seq":1,.*"notes":\["quotes our segment 1:1461",' "$T/json"

# --- a router that drops to the peer: a black hole --------------------------
ip netns exec $R nft add rule ip tcicmp through ip daddr 10.77.92.2 drop
rm -f "$T/in"
tc_start -i $IF --src 10.77.91.10 --seed 9
tc_cmd "connect 10.77.92.2:$P"
tc_wait "^c1: "
tc_cmd "syn; expect none within 1500ms"
check "our SYN into the black hole: nothing comes back, no ICMP" \
    tc_wait "^ok"
tc_cmd "listen 10.77.91.10:2222"
tc_wait "^c2: "
# the peer's kernel as client; our SYN-ACK is dropped on the way back
ip netns exec $PN python3 -c '
import socket
s = socket.socket()
s.settimeout(30)
try:
    s.connect(("10.77.91.10", 2222))
except OSError:
    pass
' &
BG_PIDS="$BG_PIDS $!"
tc_wait "new connection from 10\.77\.92\.2:[0-9]+ on c2"
tc_cmd synack
check "the kernel client's SYN again, named a retransmission" \
    tc_wait "In  IP 10\.77\.92\.2\.[0-9]+ > 10\.77\.91\.10\.2222: Flags \[S\], .*# (c[0-9]+: )?retransmission \(\+[0-9.]+s\)"
tc_stop
exit 0
