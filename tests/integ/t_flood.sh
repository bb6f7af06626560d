# flood and probe: the bytes on the wire (tcpdump), the kernel's answers
# (each flood SYN to a closed port draws an RST|ACK only when its
# checksums are right), the scope check, and no half-open connection
# left behind a probe (ss).  Ports 25010-25019; every packet to 127/8 or
# into a namespace this test creates.
. tests/integ/lib.sh
PC=25010	# closed
PE=25011	# --peer echo
PR=25012	# closed, probed
NS=h6-flood-$$

# tcpdump for a burst: a short snaplen and a big buffer, so its ring
# holds every packet of the flood (the default drops at ~100 k pps on lo)
cap_start_burst() {
	tcpdump -i lo -n -U --immediate-mode -s 96 -B 65536 -w "$1" \
	    "($2) or ($CAP_MARK)" 2>"$1.err" &
	CAP_PID=$!
	CAP_FILE=$1
	BG_PIDS="$BG_PIDS $CAP_PID"
	cap_listening "$1.err"
}

# --- flood: 2000 SYNs, random source ports and sequence numbers ---------
cap_start_burst "$T/f.pcap" "tcp port $PC"
"$TC" -c "flood 127.0.0.1:$PC S count 2000 sport random seq random" \
    >"$T/f.out" 2>&1
rc=$?
# the kernel's answers come as it gets to them: until it has answered all
nrst() {
	tcpdump -r "$T/f.pcap" -n "tcp src port $PC and tcp[tcpflags] & tcp-rst != 0" 2>/dev/null | wc -l
}
all_rst() { [ "$(nrst)" -ge 2000 ]; }
until_ok "$WAIT_S" all_rst
cap_stop
check "flood exits 0" test $rc -eq 0
check "flood prints what it sent and the rate" \
    has "$T/f.out" '^flood: 2000 sent in [0-9.]+ s: [0-9]+ pps; not applied to any TCB, not logged$'
check "flood shows its template" \
    has "$T/f.out" "^flood: 2000 x IP 127\.0\.0\.1\.[0-9]+ > 127\.0\.0\.1\.$PC: Flags \[S\], seq [0-9]+, win 65535, options \[mss 1460\], length 0  # random: sport, seq$"
tcpdump -r "$T/f.pcap" -n "tcp dst port $PC and tcp[tcpflags] == tcp-syn" \
    2>/dev/null >"$T/syn.txt"
check "2000 SYNs on the wire" test "$(wc -l <"$T/syn.txt")" -eq 2000
grep -q '^0 packets dropped by kernel' "$T/f.pcap.err" ||
    echo "# tcpdump: $(grep dropped "$T/f.pcap.err")"
nsport=$(sed -n 's/.* 127\.0\.0\.1\.\([0-9]*\) > .*/\1/p' "$T/syn.txt" | sort -u | wc -l)
check "source ports drawn per packet ($nsport distinct)" test "$nsport" -gt 1500
nseq=$(sed -n 's/.*seq \([0-9]*\),.*/\1/p' "$T/syn.txt" | sort -u | wc -l)
check "sequence numbers drawn per packet ($nseq distinct)" test "$nseq" -gt 1900
nbad=$(tshark -r "$T/f.pcap" -o tcp.check_checksum:TRUE -o ip.check_checksum:TRUE \
    -Y "tcp.dstport == $PC and (tcp.checksum.status == 0 or ip.checksum.status == 0)" \
    2>/dev/null | wc -l)
check "every patched checksum is right (tshark: $nbad bad)" test "$nbad" -eq 0
nrst=$(nrst)
check "the kernel answered each SYN with RST ($nrst)" test "$nrst" -ge 1990

# --- rate: never faster than asked (a lower bound on the time only) -----
"$TC" -c "flood 127.0.0.1:$PC S count 3000 rate 20k" >"$T/r.out" 2>&1
secs=$(sed -n 's/^flood: 3000 sent in \([0-9.]*\) s.*/\1/p' "$T/r.out")
check "rate 20k: 3000 packets take at least 0.147 s ($secs)" \
    awk -v s="$secs" 'BEGIN { exit !(s != "" && s >= 0.147) }'
check "the line says what was asked" has "$T/r.out" 'pps \(asked 20000 pps\)'

# --- bounded, and parsed before anything is sent -------------------------
"$TC" -c "flood 127.0.0.1:$PC S rate 100" >"$T/u.out" 2>&1
rc=$?
check "flood without count is a syntax error (exit 2)" test $rc -eq 2
check "the message says it is always bounded" has "$T/u.out" 'flood needs count N'
"$TC" -c "flood 127.0.0.1:$PC count 10000001" >/dev/null 2>&1
check "count above 10 million refused (exit 2)" test $? -eq 2

# --- probe a listener: SYN-ACKs, RTTs, our RSTs, nothing left half-open --
tc_start --peer echo:$PE
wait_port $PE
cap_start "$T/p.pcap" "tcp port $PE"
tc_cmd "probe 127.0.0.1:$PE count 5 interval 20ms"
check "probe summary: 5 sent, 5 answered by SYN-ACK" \
    tc_wait "^--- 127\.0\.0\.1:$PE probe: 5 sent, 5 answered \(5 SYN-ACK, 0 RST\), 0% lost$"
check "each reply printed with its RTT" \
    test "$(grep -Ec "In  IP 127\.0\.0\.1\.$PE > 127\.0\.0\.1\.[0-9]+: Flags \[S\.\], seq 0, ack 1, .*  # probe [1-5]: rtt [0-9.]+ ms$" "$T/out")" -eq 5
check "min/avg/max/median line" \
    has "$T/out" '^rtt min/avg/max/median = [0-9.]+/[0-9.]+/[0-9.]+/[0-9.]+ ms$'
cap_stop
# our RSTs carry seq ISS+1: the ack of the SYN-ACK they answer
tcpdump -r "$T/p.pcap" -n -S "tcp dst port $PE" 2>/dev/null >"$T/p.txt"
nrst=$(grep -c 'Flags \[R\], seq' "$T/p.txt")
check "each SYN-ACK answered with our RST (>= 5: $nrst)" test "$nrst" -ge 5
ok_rst=0
for a in $(tcpdump -r "$T/p.pcap" -n -S "tcp src port $PE and tcp[tcpflags] & tcp-syn != 0" 2>/dev/null |
    sed -n 's/.*ack \([0-9]*\),.*/\1/p'); do
	grep -q "Flags \[R\], seq $a," "$T/p.txt" && ok_rst=$((ok_rst + 1))
done
check "the RSTs' seq is the SYN-ACK's ack ($ok_rst of 5)" test "$ok_rst" -eq 5
check "no half-open connection left on the peer (ss)" until_ok "$WAIT_S" \
    sh -c "[ -z \"\$(ss -tanH state syn-recv '( sport = :$PE )')\" ]"
check "the peer's socket still listens" wait_port $PE
tc_stop

# --- flood on the current connection: applied to no TCB, not logged ----
"$TC" --peer echo:$PE -c "connect 127.0.0.1:$PE; flood R count 50; tcb; log" \
    >"$T/cc.out" 2>&1
check "flood on the current connection: 50 sent" has "$T/cc.out" '^flood: 50 sent in'
check "its copies are not taken for the local kernel's" \
    sh -c "! grep -q 'kernel RST' '$T/cc.out'"
check "the TCB did not move (still CLOSED, nothing sent)" \
    has "$T/cc.out" '^state CLOSED'
check "nothing logged" has "$T/cc.out" '^no packets yet$'

# --- probe a closed port: RST|ACKs, exit status ------------------------
"$TC" -c "probe 127.0.0.1:$PR count 3 interval 10ms" >"$T/c.out" 2>&1
rc=$?
check "probe of a closed port exits 0 (answered)" test $rc -eq 0
check "3 RSTs counted" has "$T/c.out" "^--- 127\.0\.0\.1:$PR probe: 3 sent, 3 answered \(0 SYN-ACK, 3 RST\), 0% lost$"
check "RST|ACK lines printed" \
    test "$(grep -c "Flags \[R\.\], seq 0, ack 1, .*# probe [1-3]: rtt" "$T/c.out")" -eq 3

# --- scope: a flood off loopback sends nothing -------------------------
if ip netns add $NS; then
	trap 'ip netns del $NS 2>/dev/null; cleanup' EXIT INT TERM
	ip -n $NS link set lo up
	ip -n $NS link add d0 type veth peer name d1
	ip -n $NS addr add 10.123.0.1/24 dev d0
	ip -n $NS link set d0 up
	ip -n $NS link set d1 up
	ip netns exec $NS tcpdump -i any -n -U --immediate-mode -w "$T/ns.pcap" \
	    "ip" 2>"$T/ns.err" &
	CAP_PID=$!
	CAP_FILE=$T/ns.pcap
	CAP_NS=$NS
	BG_PIDS="$BG_PIDS $CAP_PID"
	cap_listening "$T/ns.err"
	ip netns exec $NS "$TC" -c 'flood 10.123.0.2:80 S count 1000' >"$T/s.out" 2>&1
	rc=$?
	ip netns exec $NS "$TC" -c 'probe 10.123.0.2:80 count 2' >"$T/s2.out" 2>&1
	rc2=$?
	cap_stop
	check "flood off loopback: exit 1" test $rc -eq 1
	check "flood's message names the interface and -i" has "$T/s.out" '10\.123\.0\.2 .*d0.*-i'
	check "probe off loopback: exit 1" test $rc2 -eq 1
	check "nothing was sent (and tcpdump was capturing)" test "$CAP_SEEN" = 1 -a \
	    "$(tcpdump -r "$T/ns.pcap" -n 2>/dev/null | wc -l)" -eq 0
	ip netns del $NS
	check "namespace removed" sh -c "! ip netns list | grep -q $NS"
else
	notok "create namespace $NS"
fi
