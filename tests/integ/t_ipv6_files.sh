# Files and views on IPv6: a conversation between two kernel sockets on
# ::1 (python3 client and server, captured by tcpdump) is the peer of an
# --offline session (ladder, explain, capture as pcap and pcapng, record's
# expect lines), is replayed against fresh kernel sockets on both sides,
# and a live session on ::1 is captured, recorded and its peer looked up
# with sock_diag (peer, predict).  tshark reads what tcpcraft wrote as
# IPv6/TCP, with good checksums on the segments tcpcraft built.
. tests/integ/lib.sh
P=23160		# the captured session's server
CP=23161	# and its client
P2=23162	# a fresh kernel server for the client side
P3=23163	# where tcpcraft plays the server side
P4=23164	# the live session's server


# segments that carry something (SYN, FIN, RST or data), as
# "c|s FLAGS LENGTH": what a replay must reproduce; pure ACKs may fold
shape() {
	tcpdump -nr "$1" 2>/dev/null | awk -v p="$2" '{
		n = split($3, a, "."); who = (a[n] == p) ? "s" : "c";
		f = $7; l = $NF;
		if (f ~ /[SFR]/ || l != "0") print who, f, l }'
}
# sums_good FILE PORT: tshark finds segments from PORT in FILE, and
# finds every one's TCP checksum good (loopback's kernel segments carry
# partial sums, tcpcraft builds its own whole)
sums_good() {
	tshark -o tcp.check_checksum:TRUE -r "$1" -T fields \
	    -e tcp.checksum.status -Y "tcp.srcport == $2" 2>/dev/null \
	    >"$T/sums" || return 1
	grep -q . "$T/sums" && ! grep -qv '^1$' "$T/sums"
}

# ----- the kernel's conversation on ::1 -----

cap_start "$T/k6.pcap" "tcp port $P"
python3 tests/integ/upper_peer.py srv ::1 $P >"$T/srv1" 2>&1 &
SP=$!
BG_PIDS="$BG_PIDS $SP"
wait_port $P
python3 tests/integ/upper_peer.py cli ::1 $P $CP >"$T/cli1" 2>&1
wait $SP
cap_stop
check "the kernel sockets talked on ::1 (HELLO, WORLD)" has "$T/cli1" '^WORLD$'
shape "$T/k6.pcap" $P >"$T/k6.shape"
sed 's/^/# k6: /' "$T/k6.shape"
check "the capture is IPv6 on ::1" \
    sh -c "tcpdump -nr '$T/k6.pcap' 2>/dev/null | head -1 | grep -q ' IP6 ::1\.$CP > ::1\.$P: Flags \[S\]'"
check "the capture holds the handshake, two exchanges and the close" \
    test "$(wc -l <"$T/k6.shape")" -eq 8
ISS=$(tshark -r "$T/k6.pcap" -Y 'tcp.flags.syn == 1 && tcp.flags.ack == 0' \
    -T fields -e tcp.seq_raw 2>/dev/null | head -1)
check "tshark finds the client's ISN" test -n "$ISS"

# ----- --offline: the capture's server is the peer -----

cat >"$T/off.tc" <<EOF
capture $T/off6.pcapng
record $T/rec6.tc
set iss $ISS
set explain on
connect [::1]:$P from [::1]:$CP
syn
expect S. within 1s
ack
send "hello"
expect P. "HELLO"
ack
send "world"
expect P. "WORLD"
ack
fin
expect F.
ack
set ascii on
ladder
capture stop
EOF
"$TC" --seed 1 --offline "$T/k6.pcap" -f "$T/off.tc" >"$T/o1" 2>&1
rc=$?
sed 's/^/# offline: /' "$T/o1" | head -60
check "offline against the IPv6 capture: exit 0" test $rc -eq 0
check "offline: our SYN as tcpdump prints IPv6" \
    has "$T/o1" "Out IP6 ::1\.$CP > ::1\.$P: Flags \[S\], seq 0,"
check "offline: the capture's SYN-ACK drives the TCB" \
    has "$T/o1" "In  IP6 ::1\.$P > ::1\.$CP: Flags \[S\.\], seq 0, ack 1, .*SYN-SENT -> ESTABLISHED"
check "offline: the echo arrives in relative numbers" \
    has "$T/o1" "In  IP6 ::1\.$P > ::1\.$CP: Flags \[P\.\], seq 1:6, ack 6, .*length 5 \"HELLO\""
check "offline: the peer's FIN closes it" has "$T/o1" 'FIN-WAIT-[12] -> TIME-WAIT'
check "offline: no capture packet left unclaimed" \
    sh -c "grep -q 'Flags \[S\.\]' '$T/o1' &&
    ! grep -q 'belongs to no connection' '$T/o1'"
check "explain on IPv6: the SYN-ACK explained" \
    has "$T/o1" '^ +.*RFC 9293'
check "ladder on IPv6: both ends in brackets" \
    has "$T/o1" "^ +us \[::1\]:$CP +peer \[::1\]:$P$"
check "ladder on IPv6: the handshake drawn" has "$T/o1" '\|  S\. seq 0 ack 1 '

check "capture (pcapng): tshark reads IPv6/TCP, every packet" \
    test "$(tshark -r "$T/off6.pcapng" -Y "ipv6 && tcp" 2>/dev/null | wc -l)" \
    -eq "$(tshark -r "$T/k6.pcap" 2>/dev/null | wc -l)"
check "capture (pcapng): link type raw IP" \
    sh -c "tcpdump -r '$T/off6.pcapng' 2>&1 >/dev/null | grep -q 'link-type RAW'"
check "capture (pcapng): our segments' checksums are good (tshark)" \
    sums_good "$T/off6.pcapng" $CP
check "capture (pcapng): the comment names the command" \
    sh -c "tshark -r '$T/off6.pcapng' -T fields -e frame.comment -Y 'tcp.flags.syn == 1 && tcp.flags.ack == 0' 2>/dev/null | grep -q 'c1: syn (.*off\.tc:6)'"
sed 's/^/# rec6.tc: /' "$T/rec6.tc"
check "record on IPv6: an expect line for the SYN-ACK, in relative numbers" \
    has "$T/rec6.tc" '^expect S\. seq 0, ack 1, win 1\.\.65535, options \[mss 65476,sackOK,TS val \* ecr \*,wscale [0-9]+\], length 0'
check "record on IPv6: an expect line for the echo" \
    has "$T/rec6.tc" '^expect P\. seq 1:6, ack 6, .*length 5 "HELLO"'

sed "s|capture $T/off6.pcapng|capture $T/off6.pcap|" "$T/off.tc" >"$T/offp.tc"
"$TC" --seed 1 --offline "$T/k6.pcap" -f "$T/offp.tc" >"$T/o2" 2>&1
check "capture (pcap): tshark reads IPv6/TCP, every packet" \
    test "$(tshark -r "$T/off6.pcap" -Y "ipv6 && tcp" 2>/dev/null | wc -l)" \
    -eq "$(tshark -r "$T/k6.pcap" 2>/dev/null | wc -l)"
check "capture (pcap): link type raw IP" \
    sh -c "tcpdump -r '$T/off6.pcap' 2>&1 >/dev/null | grep -q 'link-type RAW'"
check "capture (pcap): our segments' checksums are good (tshark)" \
    sums_good "$T/off6.pcap" $CP
check "capture (pcap): tcpdump prints what the shell printed" \
    sh -c "tcpdump -nr '$T/off6.pcap' 2>/dev/null | grep -q 'IP6 ::1\.$CP > ::1\.$P: Flags \[P\.\], seq [0-9]*:[0-9]*, ack [0-9]*, win [0-9]*, length 5'"

# ----- replay of the IPv6 capture against fresh kernel sockets -----

python3 tests/integ/upper_peer.py srv ::1 $P2 >"$T/srv2" 2>&1 &
SP=$!
BG_PIDS="$BG_PIDS $SP"
wait_port $P2
cap_start "$T/r1.pcap" "tcp port $P2"
"$TC" -c "set timeout 20s; replay $T/k6.pcap client to [::1]:$P2" \
    >"$T/r1" 2>&1
rc=$?
wait $SP
cap_stop
sed 's/^/# replay client: /' "$T/r1"
check "replay reads the IPv6 conversation" \
    has "$T/r1" "^replay: .*k6\.pcap: [0-9]+ segments of a conversation with \[::1\]:$P; playing the client side"
check "replay client on ::1: exit 0" test $rc -eq 0
check "replay client: done" has "$T/r1" '^replay: done: 8 sent'
check "replay client: the kernel server got both messages" \
    has "$T/srv2" '^helloworld$'
shape "$T/r1.pcap" $P2 >"$T/r1.shape"
check "replay client: the same exchange on the wire, IPv6" \
    cmp -s "$T/k6.shape" "$T/r1.shape"

# the server side; a port alone means ::1 for an IPv6 capture
"$TC" -c "set timeout 20s; replay $T/k6.pcap server on $P3" >"$T/r3" 2>&1 &
RP=$!
BG_PIDS="$BG_PIDS $RP"
# tcpcraft's listener, not a kernel socket: its line says when
until_ok "$WAIT_S" has "$T/r3" 'listening on'
check "replay server: a port alone listens on ::1" \
    has "$T/r3" "listening on \[::1\]:$P3"
python3 tests/integ/upper_peer.py cli ::1 $P3 >"$T/cli3" 2>&1
wait $RP
rc=$?
sed 's/^/# replay server: /' "$T/r3"
check "replay server: exit 0" test $rc -eq 0
check "replay server: done" has "$T/r3" '^replay: done: [0-9]+ sent'
check "replay server: the kernel client got the captured answers" \
    has "$T/cli3" '^WORLD$'

# ----- a live IPv6 session: capture, record, peer -----

python3 tests/integ/upper_peer.py srv ::1 $P4 >"$T/srv4" 2>&1 &
SP=$!
BG_PIDS="$BG_PIDS $SP"
wait_port $P4
tc_start
tc_cmd "capture $T/live6.pcapng"
tc_cmd "record $T/live6.tc"
tc_wait 'recording commands to'
tc_cmd "connect [::1]:$P4"
tc_cmd syn
tc_wait "In  IP6 ::1\.$P4 > ::1\.[0-9]+: Flags \[S\.\]"
tc_cmd ack
tc_cmd 'send "live"'
tc_wait 'In  IP6 .*"LIVE"'
tc_cmd ack
tc_cmd peer
tc_wait '^peer: the kernel'
tc_cmd ladder
tc_wait '^ +us \[::1\]:'
tc_cmd fin
tc_wait 'In  IP6 .*Flags \[F\.\]'
tc_cmd ack
tc_wait 'Out IP6 .*Flags \[\.\], ack 6,'
tc_stop		# closes the capture too
wait $SP
sed 's/^/# live: /' "$T/out"
LP=$(sed -n 's/^c1: \[::1\]:\([0-9]*\) -> .*/\1/p' "$T/out" | head -1)
check "live: connect [::1] names both ends in brackets" test -n "$LP"
check "peer: sock_diag finds the kernel's IPv6 socket" \
    has "$T/out" "^peer: the kernel's socket \[::1\]:$P4 -> \[::1\]:$LP, inode [0-9]+"
check "peer: its state beside ours" \
    has "$T/out" '^state +ESTABLISHED +ESTABLISHED'
check "ladder live: both ends in brackets" \
    has "$T/out" "^ +us \[::1\]:$LP +peer \[::1\]:$P4$"
check "live capture: tshark reads IPv6/TCP" \
    test "$(tshark -r "$T/live6.pcapng" -Y "ipv6.src == ::1 && tcp" 2>/dev/null | wc -l)" -ge 8
check "live capture: our segments' checksums are good (tshark)" \
    sums_good "$T/live6.pcapng" "$LP"
check "live capture: the data, both ways" \
    sh -c "tshark -r '$T/live6.pcapng' -T fields -e tcp.payload -Y 'tcp.len > 0' 2>/dev/null | tr -d ':' | grep -c '6c697665\|4c495645' | grep -q '^2$'"
check "record live: the typed connect, as typed" \
    has "$T/live6.tc" "^connect \[::1\]:$P4$"
check "record live: an expect line for the SYN-ACK" \
    has "$T/live6.tc" '^expect S\. seq 0, ack 1, win 1\.\.65535, options \[mss 65476'

python3 tests/integ/upper_peer.py srv ::1 $P4 >"$T/srv5" 2>&1 &
SP=$!
BG_PIDS="$BG_PIDS $SP"
wait_port $P4
"$TC" -f "$T/live6.tc" >"$T/l2" 2>&1
rc=$?
wait $SP
sed 's/^/# live6.tc: /' "$T/live6.tc"
sed 's/^/# rerun: /' "$T/l2"
check "the IPv6 recording replays against a fresh peer: exit 0" test $rc -eq 0
check "the fresh peer got the data" has "$T/srv5" '^live$'

# predict looks the listener up with sock_diag on ::1 too
"$TC" -c "connect [::1]:$P4; predict syn" >"$T/p1" 2>&1
sed 's/^/# predict: /' "$T/p1"
check "predict on ::1: nothing listens, said before the SYN leaves" \
    has "$T/p1" "predict: nothing listens on port $P4: the peer answers RST,ACK"
check "predict on ::1: the prediction held" \
    has "$T/p1" 'predict: the prediction held'
