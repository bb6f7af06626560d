# ICMPv6 errors around the conversation, in a routed IPv6 lab of the
# test's own: tcpcraft on a veth in this namespace (fd00:77:91::10, its
# own address with Neighbor Discovery; the kernel's fd00:77:91::2), a
# router namespace (fd00:77:91::1 | fd00:77:92::1, the peer's link with
# MTU 1400, IPv6 forwarding on there only) and the peer's namespace
# (fd00:77:92::2, MTU 1500: it offers MSS 1440); no route out of any.
# - a 1440-byte segment draws the router kernel's packet too big (mtu
#   1400), noted against the connection; tcb shows the path MTU; the next
#   send leaves as 1340 + 100 and tcpdump in the peer's namespace sees
#   both arrive and never the 1440; the router's wire has the PTB; show
#   gives its line and what it did; --json and ladder name the router;
# - expect icmp packet-too-big (and need-frag, its IPv4 name) as NAME;
# - the router rejects with nft ip6 rules: port unreachable and admin
#   prohibited, matched by expect icmp to our SYN;
# - a forged packet too big with a bad checksum: noted; one quoting a
#   seq nobody sent: not ours;
# - traceroute [fd00:77:92::2]:7: the router at hop 1 (tcpdump sees the
#   SYN arrive with hop limit 1), the peer at hop 2; to a rejected port
#   the router's port unreachable ends the way.
# Namespaces tc-icmp6-PID-r and tc-icmp6-PID-p.
. tests/integ/lib.sh
. tests/integ/lablib.sh
routed_topo icmp6
P=7
US=fd00:77:91::10
RA=fd00:77:91::1
PA=fd00:77:92::2
ip addr add fd00:77:91::2/64 dev $IF nodad
ip link set $IF up
ip -6 route add fd00:77:92::/64 via $RA dev $IF
ip -n $R link set lo up
ip netns exec $R sysctl -qw net.ipv6.conf.all.forwarding=1
# every ICMPv6 error the test draws, however close together
ip netns exec $R sysctl -qw net.ipv6.icmp.ratelimit=0
ip -n $R addr add $RA/64 dev r0 nodad
ip -n $R link set r0 up
ip -n $R addr add fd00:77:92::1/64 dev r1 nodad
ip -n $R link set r1 mtu 1400 up
ip -n $PN link set lo up
ip -n $PN addr add $PA/64 dev p0 nodad
ip -n $PN link set p0 up
ip -n $PN -6 route add fd00:77:91::/64 via fd00:77:92::1
topo_no_route_out -6

# the peer: a kernel server on port 7 that takes whatever comes
sink_peer $PA
ip netns exec $PN tcpdump -l -n -i p0 ip6 and tcp >"$T/peer.txt" \
    2>"$T/peer.err" &
BG_PIDS="$BG_PIDS $!"
cap_listening "$T/peer.err"
ip netns exec $R tcpdump -l -n -i r0 icmp6 and 'ip6[40] < 128' \
    >"$T/router.txt" 2>"$T/router.err" &
BG_PIDS="$BG_PIDS $!"
cap_listening "$T/router.err"
# the SYNs that arrive at the router with hop limit 1 (traceroute's hop 1)
ip netns exec $R tcpdump -l -n -i r0 'ip6[6] == 6 and ip6[7] == 1' \
    >"$T/hlim1.txt" 2>"$T/hlim1.err" &
BG_PIDS="$BG_PIDS $!"
cap_listening "$T/hlim1.err"

tc_start -i $IF --src $US --seed 7
# --- path MTU discovery ----------------------------------------------------
tc_cmd "connect [$PA]:$P"
tc_wait "^(c1: |error: )"
L=$(sed -n 's/^c1: .*:\([0-9]*\) -> .*/\1/p' "$T/out" | head -1)
tc_cmd syn
check "the handshake through the router" \
    tc_wait "In  IP6 $PA\.$P > $US\.$L: Flags \[S\.\], seq 0, ack 1, .*options \[mss 1440\]"
tc_cmd ack
tc_mark
tc_cmd "send bytes:1440"
check "1440 bytes leave in one segment" \
    tc_new "Out IP6 $US\.$L > $PA\.$P: Flags \[P\.\], seq 1:1441, .*length 1440"
check "the router's packet too big in tcpdump's words, noted against it" \
    tc_new "In  IP6 $RA > $US: ICMP6, packet too big, mtu 1400, length [0-9]+  # quotes our segment 1:1441; path MTU 1400: send MSS now 1340 \(was 1440\)"
check "tcpdump on the router's link: the same words" \
    until_ok "$WAIT_S" grep -q "IP6 $RA > $US: ICMP6, packet too big, mtu 1400, length" "$T/router.txt"
tc_mark
tc_cmd tcb
check "tcb: the send MSS" tc_new "^MSS ours [0-9]+ peer 1440 \(send 1340\)"
check "tcb: the path MTU" \
    tc_new "^Path MTU 1400 \(from an ICMPv6 packet too big\): send MSS 1340"
tc_mark
tc_cmd show
check "show: the detail of the last packet, the packet too big" \
    tc_new "^  detail: quotes our segment 1:1441; path MTU 1400: send MSS now 1340"
check "show: its line" \
    tc_new "In  IP6 $RA > $US: ICMP6, packet too big, mtu 1400, length [0-9]+  # "
tc_mark
tc_cmd "send bytes:1440"
check "the next send splits: 1340 ..." \
    tc_new "Out IP6 .*: Flags \[P\.\], seq 1441:2781, .*length 1340"
check "... + 100" tc_new "Out IP6 .*: Flags \[P\.\], seq 2781:2881, .*length 100"
peer_saw() { grep -Eq "$US\.$L > $PA\.$P: .*length $1\$" "$T/peer.txt"; }
check "tcpdump in the peer's namespace: the 1340 arrived" \
    until_ok "$WAIT_S" peer_saw 1340
check "tcpdump in the peer's namespace: the 100 arrived" \
    until_ok "$WAIT_S" peer_saw 100
check "tcpdump in the peer's namespace: the 1440 never did" \
    sh -c "! grep -q 'length 1440\$' '$T/peer.txt'"

# --- forged ones: a seq nobody sent, a bad checksum --------------------------
forge() {	# forge SEQ MTU BADSUM: from the router's address
	ip netns exec $R python3 -c '
import socket, struct, sys
seq, mtu, lport, bad = int(sys.argv[1]), int(sys.argv[2]), int(sys.argv[3]), int(sys.argv[4])
a6 = lambda a: socket.inet_pton(socket.AF_INET6, a)
src, dst = a6("fd00:77:91::1"), a6("fd00:77:91::10")
def csum(b):
    s = sum(struct.unpack("!%dH" % (len(b) // 2), b))
    while s >> 16: s = (s & 0xffff) + (s >> 16)
    return ~s & 0xffff
q = struct.pack("!IHBB", 6 << 28, 1460, 6, 63) + dst + a6("fd00:77:92::2")
q += struct.pack("!HHIIBBHHH", lport, 7, seq, 1, 0x50, 0x18, 1000, 0, 0)
m = struct.pack("!BBHI", 2, 0, 0, mtu) + q
c = csum(src + dst + struct.pack("!IxxxB", len(m), 58) + m) ^ bad
m = m[:2] + struct.pack("!H", c) + m[4:]
# the whole packet, so that the kernel leaves a wrong sum alone
s = socket.socket(socket.AF_INET6, socket.SOCK_RAW, socket.IPPROTO_RAW)
s.sendto(struct.pack("!IHBB", 6 << 28, len(m), 58, 255) + src + dst + m,
    ("fd00:77:91::10", 0))
' "$1" "$2" "$L" "${3:-0}"
}
tc_mark
forge 999999 1300
check "a forged packet too big outside the window: not ours" \
    tc_new "In  IP6 $RA > $US: ICMP6, packet too big, mtu 1300, length 68  # not ours: quoted seq outside the window .* a blind ICMP attack would look like this"
tc_mark
forge 999999 1290 1
check "a bad ICMPv6 checksum is noted" \
    tc_new "In  IP6 $RA > $US: ICMP6, packet too big, mtu 1290, length 68  # not ours: .*; bad icmp cksum"
tc_mark
tc_cmd tcb
check "and they change nothing: path MTU still 1400" \
    tc_new "^Path MTU 1400 \(from an ICMPv6 packet too big\): send MSS 1340"

# --- expect icmp, as NAME, set pmtu off ----------------------------------
tc_cmd "set pmtu off; connect [$PA]:$P; syn"
tc_wait "In  IP6 $PA\.$P > .*c2: SYN-SENT -> ESTABLISHED"
tc_mark
tc_cmd "ack; send bytes:1440; expect icmp packet-too-big as ptb"
check "expect icmp packet-too-big is met" tc_new "^ok"
check "with pmtu off the error is shown and changes nothing" \
    tc_new "packet too big, mtu 1400.*# c2: quotes our segment 1:1441; set pmtu off: path MTU left as it is"
tc_mark
tc_cmd "send bytes:1440; expect icmp need-frag"
check "expect icmp need-frag (IPv4's name) matches a packet too big" \
    tc_new "^ok"
tc_cmd 'set pmtu on; send "a" win $ptb.mtu; connect [$ptb.from]:7'
check "\$ptb.mtu" tc_wait "Out IP6 .*: Flags \[P\.\], seq 2881:2882, ack 1, win 1400, length 1"
check "\$ptb.from: the router, an IPv6 address" \
    tc_wait "^c[0-9]+: \[$US\]:[0-9]+ -> \[$RA\]:7 "
tc_stop

# --- --json and ladder: the ICMPv6 error with its addresses ------------------
timeout 30 "$TC" --json -i $IF --src $US -c "connect [$PA]:$P; \
    syn; expect S.; ack; send bytes:1440; expect icmp packet-too-big; \
    ladder" >"$T/json" 2>&1
check "--json: an icmp event with IPv6 addresses, the kind and the MTU" \
    grep -Eq '^\{"event":"icmp",.*"src":"fd00:77:91::1","dst":"fd00:77:91::10","kind":"packet-too-big","type":2,"code":0,"mtu":1400,.*"quoted":\{"src":"fd00:77:91::10",.*"dst":"fd00:77:92::2","dport":7,"seq":1,.*"notes":\["quotes our segment 1:1441","path MTU 1400: send MSS now 1340' "$T/json"
check "ladder: the router's column and the packet too big" \
    sh -c "grep -q 'router fd00:77:91::1' '$T/json' &&
    grep -q 'ICMP6 packet-too-big (mtu 1400)' '$T/json'"

# --- a router that rejects: port unreachable, admin prohibited, policy
# failed, reject route ------------------------------------------------------
ip netns exec $R nft -f - <<EOF
table ip6 tcicmp6 {
	chain through {
		type filter hook forward priority 0; policy accept;
		ip6 daddr $PA tcp dport 8 reject with icmpv6 type port-unreachable
		ip6 daddr $PA tcp dport 9 reject with icmpv6 type admin-prohibited
		ip6 daddr $PA tcp dport 10 reject with icmpv6 type policy-fail
		ip6 daddr $PA tcp dport 11 reject with icmpv6 type reject-route
	}
}
EOF
rm -f "$T/in"
tc_start -i $IF --src $US --seed 8
tc_cmd "connect [$PA]:8"
tc_wait "^c1: "
tc_cmd "syn; expect icmp port-unreachable within 5s"
check "port unreachable, matched to our SYN" \
    tc_wait "In  IP6 $RA > $US: ICMP6, destination unreachable, unreachable port, $PA tcp port 8, length [0-9]+  # quotes our SYN"
check "expect icmp port-unreachable is met" tc_wait "^ok"
tc_mark
tc_cmd "connect [$PA]:9; syn; expect icmp admin-prohibited as ap within 5s"
check "admin prohibited, matched to our SYN" \
    tc_new "In  IP6 $RA > $US: ICMP6, destination unreachable,  unreachable prohibited $PA, length [0-9]+  # c2: quotes our SYN"
check "expect icmp admin-prohibited is met" tc_new "^ok"
for k in "10 policy-failed 5" "11 reject-route 6"; do
	set -- $k
	tc_mark
	tc_cmd "connect [$PA]:$1; syn; expect icmp $2 within 5s"
	check "code $3 in tcpdump's words, matched to our SYN" tc_new \
	    "In  IP6 $RA > $US: ICMP6, destination unreachable, unknown unreach code \($3\), length [0-9]+  # c[0-9]+: quotes our SYN"
	check "expect icmp $2 is met" tc_new "^ok"
done
tc_mark
tc_cmd "connect [$PA]:8; syn; expect icmp time-exceeded within 2s"
check "expect icmp time-exceeded is not met by an unreachable" \
    tc_new "^expect icmp time-exceeded .*destination unreachable"
check "tcpdump on the router's link: port unreachable and prohibited" \
    sh -c "grep -q 'unreachable port, $PA tcp port 8' '$T/router.txt' &&
    grep -q 'unreachable prohibited $PA' '$T/router.txt'"

# --- traceroute ----------------------------------------------------------
tc_mark
tc_cmd "traceroute [$PA]:$P max 5 wait 2s"
check "traceroute on IPv6: hop limits 1..5" \
    tc_wait "^traceroute to \[$PA\]:$P: SYNs with hop limit 1\.\.5, from ports"
check "hop 1: the router's time exceeded" \
    tc_new "In  IP6 $RA > $US: ICMP6, time exceeded in-transit for $PA, length [0-9]+  # hop 1: $RA, rtt [0-9.]+ ms\$"
check "hop 2: the peer's SYN-ACK" \
    tc_wait "In  IP6 $PA\.$P > $US\.[0-9]+: Flags \[S\.\], .*# hop 2: $PA, rtt [0-9.]+ ms, the destination: port open"
check "reached at hop 2" tc_wait "^--- \[$PA\]:$P reached at hop 2\$"
tc_mark
tc_cmd "traceroute [$PA]:8 max 5 wait 2s"
check "to a rejected port: hop 2's SYN draws the router's port unreachable" \
    tc_wait "In  IP6 $RA > $US: ICMP6, destination unreachable, unreachable port, $PA tcp port 8, length [0-9]+  # hop 2: $RA, rtt [0-9.]+ ms, the way ends here"
check "not reached" \
    tc_wait "^--- \[$PA\]:8 not reached: hop 2 says it is unreachable\$"
tc_stop
ip netns exec $R nft delete table ip6 tcicmp6
check "tcpdump on the router's link: its time exceeded" sh -c \
    "grep -q 'time exceeded in-transit for $PA' '$T/router.txt'"
check "tcpdump on the router's link: hop 1's SYN arrived with hop limit 1" \
    grep -Eq "IP6 $US\.[0-9]+ > $PA\.$P: Flags \[S\]" "$T/hlim1.txt"
exit 0
