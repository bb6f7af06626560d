# IPv6 on loopback: the conversations of t_client.sh, t_server.sh and
# t_guard.sh with ::1 at both ends, checked on the wire (tcpdump -i lo ip6)
# and in the kernel's view (ss -6); the scope guard refuses a global IPv6
# destination in a namespace this test creates, with nothing sent.  In a
# network namespace of its own: the kernel's tcp_metrics cache for ::1 is
# poisoned on purpose, and never the host's.
if [ -z "$TC_IPV6_NS" ]; then
	TC_IPV6_NS=1 TC=${TC:-build/tcpcraft} exec unshare -n \
	    sh -c 'ip link set lo up && exec sh "$0"' "$0"
fi
. tests/integ/lib.sh
. tests/integ/lablib.sh
P=23601		# echo
K=23602		# sink
S=23603		# our listener
C=23609		# nothing listens
G=23604		# the guard and SIGKILL

# ss6_state LPORT RPORT: the state of that IPv6 socket, as ss -6 shows it
ss6_state() {
	ss -6 -tanH "( sport = :$1 and dport = :$2 )" | awk '{print $1}' |
	    head -1
}
# ss6_is LPORT RPORT STATE: it reaches STATE ("" for none) within WAIT_S
ss6_is() {
	n=$((WAIT_S * 20))
	while [ "$(ss6_state "$1" "$2")" != "$3" ] && [ $n -gt 0 ]; do
		sleep 0.05
		n=$((n - 1))
	done
	[ "$(ss6_state "$1" "$2")" = "$3" ] && return 0
	echo "# ss -6: $1 -> $2 is $(ss6_state "$1" "$2"), not ${3:-gone}"
	return 1
}
# The local port of connection $1 ("c1: [::1]:PORT -> ...")
tc_lport6() {
	sed -n "s/^$1: \[::1\]:\([0-9]*\) -> .*/\1/p" "$T/out" | head -1
}
# wire REGEX: a line of the capture (tcpdump's own reading of it)
wire() { tcpdump -r "$T/lo.pcap" -n -v 2>/dev/null | grep -Eq -- "$1"; }

# --- the echo session, on the wire ------------------------------------------
cap_start "$T/lo.pcap" "ip6 and tcp port $P"
tc_start --peer echo:[::1]:$P --seed 7
tc_cmd "connect [::1]:$P"
check "connect names the IPv6 ends" tc_wait "^c1: \[::1\]:[0-9]+ -> \[::1\]:$P via lo, CLOSED, .*guard on"
L=$(tc_lport6 c1)
check "guard element in the IPv6 set (conns6)" \
    sh -c "nft list ruleset | grep -q '::1 . $L . ::1 . $P'"
tc_cmd syn
check "SYN as tcpdump prints IPv6, our MSS 1440" \
    tc_wait "Out IP6 ::1\.$L > ::1\.$P: Flags \[S\], seq 0, win 65535, options \[mss 1440\], length 0  # CLOSED -> SYN-SENT"
check "the kernel's SYN-ACK offers loopback's IPv6 MSS, 65476" \
    tc_wait "In  IP6 ::1\.$P > ::1\.$L: Flags \[S\.\], seq 0, ack 1, win [0-9]+, options \[mss 65476\], length 0  # SYN-SENT -> ESTABLISHED"
check "kernel side SYN-RECV before our ACK (ss -6)" ss6_is $P $L SYN-RECV
tc_cmd ack
check "kernel accepts the handshake (ss -6 ESTAB)" ss6_is $P $L ESTAB
check "no RST from the local kernel (the guard)" sh -c "! grep -q 'Flags \[R' '$T/out'"
tc_cmd 'send "AB"'
check "our data: seq 1:3" tc_wait 'Out IP6 .*Flags \[P\.\], seq 1:3, ack 1, win 65535, length 2 "AB"'
check "echo comes back" \
    tc_wait 'In  IP6 .*Flags \[P\.\], seq 1:3, ack 3, win [0-9]+, length 2 "AB"'
tc_cmd ack
tc_wait 'Out IP6 .*Flags \[\.\], ack 3'
tc_cmd fin
check "FIN: FIN-WAIT-1" tc_wait 'Flags \[F\.\], seq 3, ack 3, .*ESTABLISHED -> FIN-WAIT-1'
check "the peer's FIN" tc_wait 'In  IP6 .*Flags \[F\.\], seq 3, ack 4'
tc_cmd ack
check "kernel socket gone after our ACK (ss -6)" ss6_is $P $L ""
cap_stop
tc_stop
check "tcpdump: our SYN, IPv6 with hop limit 64" \
    wire "IP6 \(.*hlim 64, next-header TCP \(6\) payload length: 24\) ::1\.$L > ::1\.$P: Flags \[S\]"
check "tcpdump: one SYN and one SYN-ACK" \
    sh -c "[ \$(tcpdump -r '$T/lo.pcap' -n 2>/dev/null | grep -c 'Flags \[S') -eq 2 ]"
check "tcpdump: our checksum is right (IPv6 pseudo-header)" \
    sh -c "tcpdump -r '$T/lo.pcap' -n -vv 'src port $L' 2>/dev/null | grep -q 'cksum 0x[0-9a-f]* (correct)' &&
    ! tcpdump -r '$T/lo.pcap' -n -vv 'src port $L' 2>/dev/null | grep -q 'incorrect'"
check "tcpdump: the bytes \"AB\" (41 42) both ways" \
    sh -c "[ \$(tcpdump -r '$T/lo.pcap' -n -X 2>/dev/null | grep -Ec '^	0x0030: .* 4142 .*AB\$') -eq 2 ]"
check "tcpdump: both FINs" \
    sh -c "[ \$(tcpdump -r '$T/lo.pcap' -n 'ip6' 2>/dev/null | grep -c 'Flags \[F\.\]') -eq 2 ]"
check "tcpdump: nothing but IPv6" \
    sh -c "! tcpdump -r '$T/lo.pcap' -n 2>/dev/null | grep -q ' IP '"
mv "$T/out" "$T/out.echo"

# --- the server role: a kernel client (python3, AF_INET6) calls us ---------
rm -f "$T/in"
tc_start
tc_cmd "listen [::1]:$S"
check "listening on [::1]:$S, guarded" tc_wait "^l1: listening on \[::1\]:$S \(guard keeps"
check "guard element in the IPv6 listens set (listens6)" \
    sh -c "nft list ruleset | grep -q '::1 . $S'"
python3 -c "
import socket, sys
s = socket.create_connection(('::1', $S), timeout=$WAIT_S)
s.sendall(b'hi')
print('got', s.recv(10).decode())
s.close()
" >"$T/py" 2>&1 &
PY=$!
BG_PIDS="$BG_PIDS $PY"
check "the client's SYN opens a connection" \
    tc_wait "^c1: new connection from \[::1\]:[0-9]+ on l1"
R=$(sed -n 's/^c1: new connection from \[::1\]:\([0-9]*\) .*/\1/p' "$T/out")
tc_cmd synack
check "our SYN-ACK" tc_wait "Out IP6 ::1\.$S > ::1\.$R: Flags \[S\.\], seq 0, ack 1, .*options \[mss 1440\].*LISTEN -> SYN-RECEIVED"
check "the client completes it" tc_wait "In  IP6 ::1\.$R > ::1\.$S: Flags \[\.\], ack 1, .*SYN-RECEIVED -> ESTABLISHED"
check "the kernel client is ESTAB (ss -6)" ss6_is $R $S ESTAB
check "its data" tc_wait "In  IP6 ::1\.$R > ::1\.$S: Flags \[P\.\], seq 1:3, ack 1, .*\"hi\""
tc_cmd 'ack; send "yo"'
check "the client reads our bytes" until_ok "$WAIT_S" grep -q 'got yo' "$T/py"
wait $PY 2>/dev/null
check "the client's FIN" tc_wait "In  IP6 ::1\.$R > ::1\.$S: Flags \[F\.\]"
tc_stop
mv "$T/out" "$T/out.server"

# --- extension headers both ways -------------------------------------------
# A kernel client whose segments carry a destination options header: the
# capture passes the chain (tcp portrange reads none), the decoder walks it
rm -f "$T/in"
tc_start --peer echo:[::1]:$P
tc_cmd "listen [::1]:$((S + 1))"
tc_wait "^l1: listening"
python3 -c "
import socket
s = socket.socket(socket.AF_INET6)
# next header (filled in by the kernel), length 0, PadN of 4
s.setsockopt(socket.IPPROTO_IPV6, socket.IPV6_DSTOPTS, bytes([0, 0, 1, 4, 0, 0, 0, 0]))
s.settimeout($WAIT_S)
s.connect(('::1', $((S + 1))))
print('connected')
s.close()
" >"$T/py2" 2>&1 &
BG_PIDS="$BG_PIDS $!"
check "a SYN behind a destination options header opens a connection" \
    tc_wait "^c1: new connection from \[::1\]:[0-9]+ on l1"
check "it is printed with its chain, as tcpdump prints it" \
    tc_wait "In  IP6 ::1 > ::1: DSTOPT [0-9]+ > $((S + 1)): Flags \[S\], seq 0, "
tc_cmd synack
check "our SYN-ACK completes it: its ACK comes behind the chain too" \
    tc_wait "In  IP6 ::1 > ::1: DSTOPT [0-9]+ > $((S + 1)): Flags \[\.\], ack 1, .*SYN-RECEIVED -> ESTABLISHED"
check "the client connected" until_ok "$WAIT_S" grep -q connected "$T/py2"
# ours: a SYN with a hop-by-hop header, which the kernel takes
tc_cmd "connect [::1]:$P as x"
tc_cmd "syn ext hbh"
check "our SYN with a hop-by-hop header" \
    tc_wait "Out IP6 ::1 > ::1: HBH [0-9]+ > $P: Flags \[S\], seq 0, "
check "the kernel takes it: its SYN-ACK" \
    tc_wait "In  IP6 ::1\.$P > ::1\.[0-9]+: Flags \[S\.\], seq 0, ack 1, .*# x: SYN-SENT -> ESTABLISHED"
tc_stop
mv "$T/out" "$T/out.ext"

# --- refused port, retransmissions, zero window ------------------------------
rm -f "$T/in"
tc_start --peer echo:[::1]:$P --peer sink:[::1]:$K --seed 5
tc_cmd "connect [::1]:$C; syn"
check "refused port: RST,ACK, connection refused" \
    tc_wait "In  IP6 ::1\.$C > ::1\.[0-9]+: Flags \[R\.\], seq 0, ack 1, win 0, length 0  # SYN-SENT -> CLOSED; connection refused"
tc_mark
tc_cmd "connect [::1]:$P"
tc_new "^c2: "
L=$(tc_lport6 c2)
tc_cmd syn
check "retransmissions: the kernel resends its SYN,ACK while we are silent" \
    tc_new "In  IP6 ::1\.$P > ::1\.$L: Flags \[S\.\], seq 0, ack 1, .*# c2: retransmission \(\+[0-9.]+s\); ack owed"
tc_cmd ack
tc_cmd "expect state ESTABLISHED"
check "our late ACK still completes it (ss -6 ESTAB)" ss6_is $P $L ESTAB
tc_mark
tc_cmd "connect [::1]:$K"
tc_new "^c3: "
tc_cmd syn
tc_new "In  IP6 ::1\.$K > .*Flags \[S\.\]"
tc_cmd "ack; send bytes:6000"
check "zero window: the sink's kernel shuts its window" \
    tc_new "In  IP6 ::1\.$K > .*Flags \[\.\], ack [0-9]+, win 0, length 0  # c3: zero window"
tc_stop
mv "$T/out" "$T/out.more"

# --- -6: localhost means ::1 ------------------------------------------------
"$TC" -6 --peer echo:$P -c "connect localhost:$P; syn; expect S. within ${WAIT_S}s" >"$T/o6" 2>&1
check "-6: localhost is ::1, and so is --peer's default" test $? -eq 0
check "-6: the SYN went to ::1" has "$T/o6" "Out IP6 ::1\.[0-9]+ > ::1\.$P: Flags \[S\]"
"$TC" -c "connect localhost6:$C; syn; expect R. within ${WAIT_S}s" >"$T/o7" 2>&1
check "localhost6 is ::1" has "$T/o7" "Out IP6 ::1\.[0-9]+ > ::1\.$C: Flags \[S\]"

# --- named values of an IPv6 segment: its addresses as text ----------------
"$TC" -c "connect [::1]:$C; syn; expect R. as rst within ${WAIT_S}s; \
    connect [\$rst.src]:\$rst.sport from [\$rst.dst]:\$rst.dport+1" \
    >"$T/o8" 2>&1
check "\$NAME.src and .dst of an IPv6 RST, in brackets: a connect" \
    has "$T/o8" "^c2: \[::1\]:[0-9]+ -> \[::1\]:$C via lo, CLOSED"

# --- tcp_metrics for ::1 (AF_INET6): connect forgets it ---------------------
slow_script "[::1]:$P" >"$T/slow.tc"
"$TC" --peer echo:[::1]:$P -f "$T/slow.tc" >"$T/slow.out" 2>&1
check "slow session on ::1: exit 0" test $? -eq 0
rtt_us=$(ip tcp_metrics show ::1 | sed -n \
    -e 's/.* rtt \([0-9]*\)us.*/\1/p' -e 's/.* rtt \([0-9]*\)ms.*/\1000/p' |
    head -1)
check "the kernel cached a long RTT for ::1 (${rtt_us:-none} us)" \
    test "${rtt_us:-0}" -ge 500000
"$TC" --peer echo:[::1]:$P -c "connect [::1]:$P" >"$T/flush.out" 2>&1
check "connect [::1] says it flushed the cached RTT for ::1" has "$T/flush.out" \
    "^flushed the kernel's cached RTT for ::1 \(0\.[5-9][0-9] s\), left by an earlier connection"
check "the kernel's entry for ::1 is gone" \
    sh -c "! ip tcp_metrics show ::1 2>/dev/null | grep -q rtt"

# --- the guard: without it the kernel resets; SIGKILL leaves nothing --------
"$TC" --peer echo:[::1]:$G -c "set guard off; connect [::1]:$G; syn; expect S. within ${WAIT_S}s; wait 300ms; tcb" >"$T/o10" 2>&1
check "guard off: the local kernel's RST to the SYN-ACK is seen" \
    has "$T/o10" 'Out IP6 ::1\.[0-9]+ > ::1\.'$G': Flags \[R\], seq 1, win 0, length 0  # .*kernel RST'
check "guard off: tcb says CLOSED" has "$T/o10" '^state CLOSED'
rm -f "$T/in"
tc_start --peer echo:[::1]:$G
tc_cmd "connect [::1]:$G; syn"
tc_wait 'Flags \[S\.\]'
tc_cmd ack
tc_wait 'Out IP6 .*Flags \[\.\], ack 1, '
check "the IPv6 sets and rules are in the table" \
    sh -c "nft list table inet tcpcraft_$TC_PID | grep -q 'ip6 saddr . tcp sport . ip6 daddr . tcp dport @conns6'"
PID=$TC_PID
kill -9 $TC_PID
wait $TC_PID 2>/dev/null
TC_PID=
check "SIGKILL leaves no tcpcraft table (nft list ruleset)" until_ok "$WAIT_S" \
    sh -c "! nft list ruleset | grep -q 'tcpcraft_$PID'"

# --- the scope guard: a global IPv6 destination ------------------------------
NS=tcpcraft-ipv6-$$
if ip netns add $NS; then
	trap 'ip netns del $NS 2>/dev/null; cleanup' EXIT INT TERM
	ip -n $NS link set lo up
	ip -n $NS link add d0 type veth peer name d1
	ip -n $NS addr add 2001:db8::1/64 dev d0 nodad
	ip -n $NS link set d0 up
	ip -n $NS link set d1 up
	# every interface there; TCP and cap_stop's end mark (bringing the
	# veth up sends neighbour discovery and MLD of its own)
	ip netns exec $NS tcpdump -i any -n -U --immediate-mode \
	    -w "$T/any.pcap" "tcp or ($CAP_MARK)" 2>"$T/any.pcap.err" &
	CAP_PID=$!
	CAP_FILE=$T/any.pcap
	CAP_NS=$NS
	BG_PIDS="$BG_PIDS $CAP_PID"
	cap_listening "$T/any.pcap.err"
	ip netns exec $NS "$TC" -c 'connect [2001:db8::2]:80; syn' >"$T/o8" 2>&1
	rc=$?
	cap_stop
	check "global IPv6 destination refused: exit 1" test $rc -eq 1
	check "the message names the interface, ::1 and -i" \
	    has "$T/o8" '2001:db8::2 is not on loopback \(it routes via d0\): .*::1.*-i'
	check "nothing was sent (and tcpdump was capturing)" \
	    test "$CAP_SEEN" = 1 -a "$(tcpdump -r "$T/any.pcap" -n 2>/dev/null | wc -l)" -eq 0
	ip netns exec $NS "$TC" --peer echo:[::1]:$P -c "connect [::1]:$P; syn; expect S. within ${WAIT_S}s" >"$T/o9" 2>&1
	check "::1 in the same namespace is allowed" test $? -eq 0
	ip netns del $NS
else
	notok "create namespace $NS"
fi
for f in echo server ext more; do sed "s/^/# $f: /" "$T/out.$f"; done
