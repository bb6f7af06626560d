# flood and probe through a lab NIC: the frames on the wire, counted by
# tcpdump in the peer's namespace (exactly N, each a correct SYN from the
# right MAC), the ARP that comes first, and the peer kernel's answers.
# Two namespaces this test creates, a veth pair between them, addresses
# only there, no route out.
. tests/integ/lib.sh
NS=h14-lf-$$
NP=$NS-p
PORT=80		# closed in the peer's namespace
N=3000

lf_cleanup() {
	ip netns del $NS 2>/dev/null
	ip netns del $NP 2>/dev/null
	cleanup
}

# mark: a UDP datagram through the veth after the frames under test; the
# link keeps order, so once tcpdump wrote it, it wrote all before it
MARK_PY='import socket
s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
s.sendto(b"end", ("10.124.0.2", 9))'
# lf_cap FILE: tcpdump on the peer's veth, returns once it listens
lf_cap() {
	ip netns exec $NP tcpdump -i e0 -n -e -U --immediate-mode -s 128 \
	    -B 16384 -w "$1" "tcp dst port $PORT or arp or udp dst port 9" \
	    2>"$1.err" &
	LF_PID=$!
	BG_PIDS="$BG_PIDS $LF_PID"
	cap_listening "$1.err"
}
lf_marked() { tcpdump -r "$1" -n "udp dst port 9" 2>/dev/null | grep -q .; }
lf_stop() {
	ip netns exec $NS python3 -c "$MARK_PY"
	until_ok "$WAIT_S" lf_marked "$1" ||
	    echo "# tcpdump did not write the end mark in ${WAIT_S}s"
	kill $LF_PID 2>/dev/null
	wait $LF_PID 2>/dev/null
}
# syns FILE SRC: the SYNs to PORT from SRC, one line each, with MACs
syns() {
	tcpdump -r "$1" -n -e "tcp dst port $PORT and src host $2 and \
	    tcp[tcpflags] == tcp-syn" 2>/dev/null
}

if ! ip netns add $NS || ! ip netns add $NP; then
	notok "create namespaces $NS and $NP"
	ip netns del $NS 2>/dev/null
	exit 0
fi
trap lf_cleanup EXIT INT TERM
ip -n $NS link set lo up
ip -n $NP link set lo up
ip -n $NS link add d0 type veth peer name e0 netns $NP
ip netns exec $NS sysctl -qw net.ipv6.conf.d0.disable_ipv6=1
ip netns exec $NP sysctl -qw net.ipv6.conf.e0.disable_ipv6=1
ip -n $NS addr add 10.124.0.1/24 dev d0
ip -n $NP addr add 10.124.0.2/24 dev e0
ip -n $NS link set d0 up
ip -n $NP link set e0 up
DMAC=$(ip netns exec $NP cat /sys/class/net/e0/address)
SMAC=$(ip netns exec $NS cat /sys/class/net/d0/address)

# --- flood from the kernel's address on d0: frames, not the IP stack ----
lf_cap "$T/k.pcap"
ip netns exec $NS "$TC" -i d0 -c \
    "flood 10.124.0.2:$PORT S count $N sport random seq random" \
    >"$T/k.out" 2>&1
rc=$?
lf_stop "$T/k.pcap"
check "lab flood exits 0" test $rc -eq 0
check "lab flood says it sent $N" \
    has "$T/k.out" "^flood: $N sent in [0-9.]+ s: [0-9]+ pps; not applied to any TCB, not logged$"
syns "$T/k.pcap" 10.124.0.1 >"$T/k.syn"
check "exactly $N SYNs on the wire ($(wc -l <"$T/k.syn"))" \
    test "$(wc -l <"$T/k.syn")" -eq $N
check "every one from d0's MAC to the peer's" \
    test "$(grep -c "^[0-9:.]* $SMAC > $DMAC, ethertype IPv4" "$T/k.syn")" -eq $N
nsp=$(sed -n 's/.* 10\.124\.0\.1\.\([0-9]*\) > .*/\1/p' "$T/k.syn" | sort -u | wc -l)
check "source ports drawn per frame ($nsp distinct)" test "$nsp" -gt 2000
nbad=$(tshark -r "$T/k.pcap" -o tcp.check_checksum:TRUE -o ip.check_checksum:TRUE \
    -Y "tcp.dstport == $PORT and (tcp.checksum.status == 0 or ip.checksum.status == 0)" \
    2>/dev/null | wc -l)
check "every checksum right (tshark: $nbad bad)" test "$nbad" -eq 0
grep -q '^0 packets dropped by kernel' "$T/k.pcap.err" ||
    echo "# tcpdump: $(grep dropped "$T/k.pcap.err")"

# --- from a lab address: ARP first, then the frames from its MAC ------
# (the peer's RSTs to d0 taught d0's kernel the peer's MAC: forgotten)
ip -n $NS neigh flush dev d0
ip -n $NP neigh flush dev e0
lf_cap "$T/l.pcap"
ip netns exec $NS "$TC" -i d0 --src 10.124.0.10 -c \
    "flood 10.124.0.2:$PORT S count 1000" >"$T/l.out" 2>&1
rc=$?
lf_stop "$T/l.pcap"
check "flood from a lab address exits 0" test $rc -eq 0
check "it learnt the peer's MAC by ARP" \
    has "$T/l.out" "^lab: arp who-has 10\.124\.0\.2 tell 10\.124\.0\.10: 10\.124\.0\.2 is-at $DMAC$"
syns "$T/l.pcap" 10.124.0.10 >"$T/l.syn"
check "exactly 1000 SYNs from 10.124.0.10 ($(wc -l <"$T/l.syn"))" \
    test "$(wc -l <"$T/l.syn")" -eq 1000
check "each from the lab address's MAC 02:74:63:7c:00:0a" \
    test "$(grep -c "^[0-9:.]* 02:74:63:7c:00:0a > $DMAC" "$T/l.syn")" -eq 1000
tcpdump -r "$T/l.pcap" -n arp 2>/dev/null >"$T/l.arp"
check "the ARP request came before the first SYN" \
    sh -c "tcpdump -r '$T/l.pcap' -n 2>/dev/null | head -1 | grep -q 'Request who-has 10.124.0.2 tell 10.124.0.10'"
check "the peer's ARP for the lab address was answered" \
    sh -c "grep -q 'Reply 10.124.0.10 is-at 02:74:63:7c:00:0a' '$T/l.arp' ||
    ! grep -q 'Request who-has 10.124.0.10' '$T/l.arp'"

# --- probe through the lab NIC: its SYNs as frames, the RSTs matched ---
lf_cap "$T/p.pcap"
ip netns exec $NS "$TC" -i d0 -c "probe 10.124.0.2:$PORT count 3 interval 10ms" \
    >"$T/p.out" 2>&1
rc=$?
lf_stop "$T/p.pcap"
check "lab probe exits 0" test $rc -eq 0
check "3 RSTs counted" \
    has "$T/p.out" "^--- 10\.124\.0\.2:$PORT probe: 3 sent, 3 answered \(0 SYN-ACK, 3 RST\), 0% lost$"
syns "$T/p.pcap" 10.124.0.1 >"$T/p.syn"
check "3 SYNs on the wire, from d0's MAC" \
    test "$(grep -c "^[0-9:.]* $SMAC > $DMAC" "$T/p.syn")" -eq 3

ip netns del $NS
ip netns del $NP
check "namespaces removed" sh -c "! ip netns list | grep -q $NS"
sed 's/^/# /' "$T/k.out" "$T/l.out" "$T/p.out"
