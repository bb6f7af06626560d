# flood and probe over IPv6 on ::1: the bytes on the wire (tcpdump ip6,
# tshark's checksum verdict), the kernel's answers (an RST for each SYN
# to a closed port, a SYN-ACK for each SYN to a listener), probe's
# open/closed verdict against a python3 AF_INET6 listener, the scope
# rule (::1 only without -i) with nothing sent, and both through a lab
# NIC (-i) with an IPv6 --src of tcpcraft's own.  Ports 25020-25029;
# every packet to ::1, 127.0.0.9 (the capture's end mark) or inside a
# namespace this test creates.
. tests/integ/lib.sh
PC=25020	# closed
PL=25021	# python3 listener, flooded
PO=25022	# python3 listener, probed
PR=25023	# closed, probed
NS=h5-flood6-$$

# tcpdump's tcp[] reads no IPv6: the flags byte is ip6[40 + 13], as
# these packets carry no extension header
F6='ip6[53]'

# tcpdump for a burst: a short snaplen and a big buffer, so its ring
# holds every packet of the flood (the default drops at ~100 k pps on lo)
cap_start_burst() {
	tcpdump -i lo -n -U --immediate-mode -s 128 -B 65536 -w "$1" \
	    "($2) or ($CAP_MARK)" 2>"$1.err" &
	CAP_PID=$!
	CAP_FILE=$1
	BG_PIDS="$BG_PIDS $CAP_PID"
	cap_listening "$1.err"
}

# listen6 PORT: a python3 AF_INET6 listener on [::1]:PORT that accepts
# nothing (the kernel answers the handshakes), until the test ends
listen6() {
	python3 -c '
import socket, sys, time
s = socket.socket(socket.AF_INET6, socket.SOCK_STREAM)
s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
s.bind(("::1", int(sys.argv[1])))
s.listen(1024)
time.sleep(600)' "$1" &
	BG_PIDS="$BG_PIDS $!"
	wait_port "$1"
}

# --- flood a closed port: 2000 SYNs, random source ports and seqs -------
cap_start_burst "$T/f.pcap" "ip6 and tcp port $PC"
"$TC" -c "flood [::1]:$PC S count 2000 sport random seq random" \
    >"$T/f.out" 2>&1
rc=$?
nrst() {
	tcpdump -r "$T/f.pcap" -n "ip6 and tcp src port $PC and $F6 & tcp-rst != 0" 2>/dev/null | wc -l
}
all_rst() { [ "$(nrst)" -ge 2000 ]; }
until_ok "$WAIT_S" all_rst
cap_stop
check "flood [::1] exits 0" test $rc -eq 0
check "flood prints what it sent and the rate" \
    has "$T/f.out" '^flood: 2000 sent in [0-9.]+ s: [0-9]+ pps; not applied to any TCB, not logged$'
check "flood shows its IPv6 template" \
    has "$T/f.out" "^flood: 2000 x IP6 ::1\.[0-9]+ > ::1\.$PC: Flags \[S\], seq [0-9]+, win 65535, options \[mss [0-9]+\], length 0  # random: sport, seq$"
tcpdump -r "$T/f.pcap" -n "ip6 and tcp dst port $PC and $F6 == tcp-syn" \
    2>/dev/null >"$T/syn.txt"
check "exactly 2000 IPv6 SYNs on the wire ($(wc -l <"$T/syn.txt"))" \
    test "$(wc -l <"$T/syn.txt")" -eq 2000
grep -q '^0 packets dropped by kernel' "$T/f.pcap.err" ||
    echo "# tcpdump: $(grep dropped "$T/f.pcap.err")"
check "none of them IPv4" test "$(tcpdump -r "$T/f.pcap" -n "ip and tcp" 2>/dev/null | wc -l)" -eq 0
nsport=$(sed -n 's/.* ::1\.\([0-9]*\) > .*/\1/p' "$T/syn.txt" | sort -u | wc -l)
check "source ports drawn per packet ($nsport distinct)" test "$nsport" -gt 1500
nseq=$(sed -n 's/.*seq \([0-9]*\),.*/\1/p' "$T/syn.txt" | sort -u | wc -l)
check "sequence numbers drawn per packet ($nseq distinct)" test "$nseq" -gt 1900
# tshark recomputes each TCP checksum over the IPv6 pseudo-header
ngood=$(tshark -r "$T/f.pcap" -o tcp.check_checksum:TRUE \
    -Y "ipv6 and tcp.dstport == $PC and tcp.checksum.status == 1" 2>/dev/null | wc -l)
check "every patched checksum verified good by tshark ($ngood of 2000)" \
    test "$ngood" -eq 2000
nrst=$(nrst)
check "the kernel answered each SYN with RST ($nrst)" test "$nrst" -ge 2000

# --- flood a listener: the kernel answers each SYN with SYN-ACK ---------
listen6 $PL
cap_start_burst "$T/l.pcap" "ip6 and tcp port $PL"
"$TC" -c "flood [::1]:$PL count 200 sport random" >"$T/l.out" 2>&1
rc=$?
nsa() {
	tcpdump -r "$T/l.pcap" -n "ip6 and tcp src port $PL and $F6 & (tcp-syn|tcp-ack) == (tcp-syn|tcp-ack)" 2>/dev/null |
	    sed -n 's/.* > ::1\.\([0-9]*\): .*/\1/p' | sort -u
}
syns() {
	tcpdump -r "$T/l.pcap" -n "ip6 and tcp dst port $PL and $F6 == tcp-syn" 2>/dev/null |
	    sed -n 's/.* ::1\.\([0-9]*\) > .*/\1/p' | sort -u
}
all_sa() { [ "$(nsa | wc -l)" -ge "$(syns | wc -l)" ]; }
until_ok "$WAIT_S" all_sa
cap_stop
check "flood to a listener exits 0" test $rc -eq 0
check "200 sent" has "$T/l.out" '^flood: 200 sent in '
nsyn=$(tcpdump -r "$T/l.pcap" -n "ip6 and tcp dst port $PL and $F6 == tcp-syn" 2>/dev/null | wc -l)
check "exactly 200 SYNs on the wire ($nsyn)" test "$nsyn" -eq 200
syns >"$T/syns.txt"
nsa >"$T/sa.txt"
check "a SYN-ACK came back to each source port ($(wc -l <"$T/sa.txt") of $(wc -l <"$T/syns.txt"))" \
    cmp -s "$T/syns.txt" "$T/sa.txt"

# --- probe the listener: open, SYN-ACKs with RTTs, our RSTs -------------
listen6 $PO
cap_start "$T/p.pcap" "ip6 and tcp port $PO"
"$TC" -c "probe [::1]:$PO count 3 interval 20ms" >"$T/p.out" 2>&1
rc=$?
cap_stop
check "probe of an open port exits 0" test $rc -eq 0
check "probe announces IPv6 SYNs from ::1" \
    has "$T/p.out" "^probe \[::1\]:$PO: 3 SYNs from ::1 ports [0-9]+-[0-9]+, 20 ms apart$"
check "probe summary: 3 sent, 3 answered by SYN-ACK (open)" \
    has "$T/p.out" "^--- \[::1\]:$PO probe: 3 sent, 3 answered \(3 SYN-ACK, 0 RST\), 0% lost$"
check "each reply printed with its RTT" \
    test "$(grep -Ec "In  IP6 ::1\.$PO > ::1\.[0-9]+: Flags \[S\.\], seq 0, ack 1, .*  # probe [1-3]: rtt [0-9.]+ ms$" "$T/p.out")" -eq 3
check "min/avg/max/median line" \
    has "$T/p.out" '^rtt min/avg/max/median = [0-9.]+/[0-9.]+/[0-9.]+/[0-9.]+ ms$'
tcpdump -r "$T/p.pcap" -n -S "ip6 and tcp dst port $PO" 2>/dev/null >"$T/p.txt"
ok_rst=0
for a in $(tcpdump -r "$T/p.pcap" -n -S "ip6 and tcp src port $PO and $F6 & tcp-syn != 0" 2>/dev/null |
    sed -n 's/.*ack \([0-9]*\),.*/\1/p'); do
	grep -q "Flags \[R\], seq $a," "$T/p.txt" && ok_rst=$((ok_rst + 1))
done
check "each SYN-ACK answered with our RST, seq = its ack ($ok_rst of 3)" \
    test "$ok_rst" -eq 3
# (the kernel's own RSTs to the SYN-ACKs carry a partial checksum on lo)
ngood=$(tshark -r "$T/p.pcap" -o tcp.check_checksum:TRUE \
    -Y "ipv6 and tcp.dstport == $PO and tcp.checksum.status == 1" 2>/dev/null | wc -l)
check "our 3 SYNs' and 3 RSTs' checksums good (tshark: $ngood)" test "$ngood" -eq 6
check "no half-open connection left on the listener (ss)" until_ok "$WAIT_S" \
    sh -c "[ -z \"\$(ss -tanH state syn-recv '( sport = :$PO )')\" ]"

# --- probe a closed port: RST|ACKs (closed) -----------------------------
"$TC" -c "probe [::1]:$PR count 3 interval 10ms" >"$T/c.out" 2>&1
rc=$?
check "probe of a closed port exits 0 (answered)" test $rc -eq 0
check "3 RSTs counted (closed)" \
    has "$T/c.out" "^--- \[::1\]:$PR probe: 3 sent, 3 answered \(0 SYN-ACK, 3 RST\), 0% lost$"
check "RST|ACK lines printed" \
    test "$(grep -c "IP6 ::1\.$PR > ::1\.[0-9]*: Flags \[R\.\], seq 0, ack 1, .*# probe [1-3]: rtt" "$T/c.out")" -eq 3

# --- what IPv6 refuses, with nothing sent -------------------------------
cap_start "$T/s.pcap" "ip6"
"$TC" -c "flood [::1]:$PC count 10 id random" >"$T/s3.out" 2>&1
rc3=$?
cap_stop
check "id random on IPv6: exit 1, says why" \
    sh -c "[ $rc3 -eq 1 ] && grep -q 'IPv6 has no id field' '$T/s3.out'"
check "nothing was sent (and tcpdump was capturing)" test "$CAP_SEEN" = 1 -a \
    "$(tcpdump -r "$T/s.pcap" -n ip6 2>/dev/null | wc -l)" -eq 0

# --- traceroute over IPv6 (t_icmp6.sh takes it through a router): on
# loopback the destination's RST answers hop 1's SYN
"$TC" -c "traceroute [::1]:$PC max 3" >"$T/s4.out" 2>&1
rc4=$?
check "traceroute [::1]: the kernel's RST at hop 1, exit 0" \
    sh -c "[ $rc4 -eq 0 ] && grep -Eq '^ *[0-9.]+ In  IP6 ::1\.$PC > ::1\.[0-9]+: Flags \[R\.\], .*# hop 1: ::1, rtt [0-9.]+ ms, the destination: port closed \(RST\)\$' '$T/s4.out' && grep -q '^--- \[::1\]:$PC reached at hop 1\$' '$T/s4.out'"

# --- scope: an IPv6 destination off loopback, nothing sent ---------------
if ip netns add $NS; then
	trap 'ip netns del $NS 2>/dev/null; cleanup' EXIT INT TERM
	ip -n $NS link set lo up
	ip -n $NS link add d0 type veth peer name d1
	ip -n $NS addr add fd00:77::1/64 dev d0 nodad
	ip -n $NS link set d0 up
	ip -n $NS link set d1 up
	ip netns exec $NS tcpdump -i any -n -U --immediate-mode -w "$T/ns.pcap" \
	    "(ip6 and tcp) or ($CAP_MARK)" 2>"$T/ns.err" &
	CAP_PID=$!
	CAP_FILE=$T/ns.pcap
	CAP_NS=$NS
	BG_PIDS="$BG_PIDS $CAP_PID"
	cap_listening "$T/ns.err"
	ip netns exec $NS "$TC" -c 'flood [fd00:77::2]:80 S count 1000' \
	    >"$T/s.out" 2>&1
	rc=$?
	ip netns exec $NS "$TC" -c 'probe [fd00:77::2]:80 count 2' >"$T/s2.out" 2>&1
	rc2=$?
	cap_stop
	check "flood off loopback: exit 1" test $rc -eq 1
	check "its message names the interface, ::1 and -i" \
	    has "$T/s.out" 'fd00:77::2 is not on loopback \(it routes via d0\).*::1.*-i'
	check "probe off loopback: exit 1" test $rc2 -eq 1
	check "nothing was sent (and tcpdump was capturing)" test "$CAP_SEEN" = 1 -a \
	    "$(tcpdump -r "$T/ns.pcap" -n ip6 2>/dev/null | wc -l)" -eq 0
	ip netns del $NS
	check "namespace removed" sh -c "! ip netns list | grep -q $NS"
else
	notok "create namespace $NS"
fi

# --- through a lab NIC: -i a0 with an IPv6 --src of its own (Neighbor
# Discovery first), into a second namespace over a veth pair -------------
LA=h5-flood6a-$$
LB=h5-flood6b-$$
if ip netns add $LA && ip netns add $LB; then
	trap 'ip netns del $LA 2>/dev/null; ip netns del $LB 2>/dev/null; cleanup' EXIT INT TERM
	ip -n $LA link set lo up
	ip -n $LB link set lo up
	ip -n $LA link add a0 type veth peer name b0 netns $LB
	ip -n $LA addr add fd00:78::1/64 dev a0 nodad
	ip -n $LB addr add fd00:78::2/64 dev b0 nodad
	ip -n $LA link set a0 up
	ip -n $LB link set b0 up
	ip netns exec $LB python3 -c '
import socket, time
s = socket.socket(socket.AF_INET6, socket.SOCK_STREAM)
s.bind(("fd00:78::2", 7))
s.listen(64)
print("ready", flush=True)
time.sleep(600)' >"$T/lb.out" 2>&1 &
	BG_PIDS="$BG_PIDS $!"
	until_ok "$WAIT_S" grep -q ready "$T/lb.out"
	ip netns exec $LB tcpdump -i any -n -U --immediate-mode -s 128 -B 65536 \
	    -w "$T/lb.pcap" \
	    "(ip6 and tcp) or ($CAP_MARK)" 2>"$T/lb.err" &
	CAP_PID=$!
	CAP_FILE=$T/lb.pcap
	CAP_NS=$LB
	BG_PIDS="$BG_PIDS $CAP_PID"
	cap_listening "$T/lb.err"
	ip netns exec $LA "$TC" -i a0 --src fd00:78::10 -c "probe [fd00:78::2]:7 count 2 interval 10ms; probe [fd00:78::2]:8 count 2 interval 10ms; flood [fd00:78::2]:8 count 300 sport random" \
	    >"$T/lab.out" 2>&1
	rc=$?
	cap_stop
	check "-i a0: probe and flood over IPv6 exit 0" test $rc -eq 0
	check "-i a0: the open port answered SYN-ACK" \
	    has "$T/lab.out" '^--- \[fd00:78::2\]:7 probe: 2 sent, 2 answered \(2 SYN-ACK, 0 RST\), 0% lost$'
	check "-i a0: the closed one RST" \
	    has "$T/lab.out" '^--- \[fd00:78::2\]:8 probe: 2 sent, 2 answered \(0 SYN-ACK, 2 RST\), 0% lost$'
	n=$(tcpdump -r "$T/lb.pcap" -n "ip6 and src host fd00:78::10 and tcp dst port 8 and $F6 == tcp-syn" 2>/dev/null | wc -l)
	check "-i a0: 302 SYNs from fd00:78::10 reached b0 ($n: 2 probes, 300 flood)" test "$n" -eq 302
	ip netns del $LA
	ip netns del $LB
else
	notok "create namespaces $LA $LB"
fi
