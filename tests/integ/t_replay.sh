# replay FILE.pcap: a session between two kernel sockets (python3 client
# and server on 127.0.0.1, captured by tcpdump) replayed by tcpcraft
# against fresh kernel sockets, client side and server side.
. tests/integ/lib.sh
P=23110		# the captured session
P2=23111	# a fresh kernel server for the client side
P3=23112	# where tcpcraft plays the server side


# segments that carry something (SYN, FIN, RST or data), as
# "c|s FLAGS LENGTH": what a replay must reproduce; pure ACKs may fold
shape() {
	tcpdump -nr "$1" 2>/dev/null | awk -v p="$2" '{
		split($3, a, "."); who = (a[5] == p) ? "s" : "c";
		f = $7; l = $NF;
		if (f ~ /[SFR]/ || l != "0") print who, f, l }'
}

cap_start "$T/orig.pcap" "tcp port $P"
python3 tests/integ/upper_peer.py srv 127.0.0.1 $P >"$T/srv1" 2>&1 &
SP=$!
BG_PIDS="$BG_PIDS $SP"
wait_port $P
python3 tests/integ/upper_peer.py cli 127.0.0.1 $P >"$T/cli1" 2>&1
wait $SP
cap_stop
check "the kernel sockets talked (HELLO, WORLD)" has "$T/cli1" '^WORLD$'
shape "$T/orig.pcap" $P >"$T/orig.shape"
sed 's/^/# orig: /' "$T/orig.shape"
check "the capture holds the handshake, two exchanges and the close" \
    test "$(wc -l <"$T/orig.shape")" -eq 8

# client side against a fresh kernel server
python3 tests/integ/upper_peer.py srv 127.0.0.1 $P2 >"$T/srv2" 2>&1 &
SP=$!
BG_PIDS="$BG_PIDS $SP"
wait_port $P2
cap_start "$T/rep.pcap" "tcp port $P2"
"$TC" -c "set timeout 20s; replay $T/orig.pcap client to 127.0.0.1:$P2" >"$T/o1" 2>&1
rc=$?
wait $SP
cap_stop
sed 's/^/# /' "$T/o1"
check "replay client: exit 0" test $rc -eq 0
check "replay client: done, every peer segment as captured" \
    has "$T/o1" '^replay: done: 8 sent, [45] of the peer'
check "the fresh server read what the captured client wrote" \
    has "$T/srv2" '^helloworld$'
check "replay client: SYN with the capture's options, our own ISN (seq 0)" \
    has "$T/o1" "Out IP .*Flags \[S\], seq 0, win 65495, options \[mss 65495,sackOK,TS val [0-9]+ ecr 0,nop,wscale [0-9]+\]"
shape "$T/rep.pcap" $P2 >"$T/rep.shape"
check "replay client: the same exchange on the wire" \
    cmp -s "$T/orig.shape" "$T/rep.shape"

# server side: tcpcraft listens, a kernel client connects
tc_start -c "set timeout 20s; replay $T/orig.pcap server on 127.0.0.1:$P3"
tc_wait 'listening on'
python3 tests/integ/upper_peer.py cli 127.0.0.1 $P3 >"$T/cli3" 2>&1
tc_wait '^replay: done'
sed 's/^/# /' "$T/out"
check "replay server: done" has "$T/out" '^replay: done: 5 sent'
check "replay server: the kernel client got the captured answers" \
    cmp -s "$T/cli1" "$T/cli3"

# a live peer that departs: nothing listens, the SYN draws RST|ACK
"$TC" -c "replay $T/orig.pcap client to 127.0.0.1:$((P3 + 1))" >"$T/o4" 2>&1
rc=$?
check "replay against a closed port: exit 1" test $rc -eq 1
check "replay says where the live peer departs, capture and live" \
    sh -c "grep -q 'departs from the capture at #2' '$T/o4' &&
    grep -q '^  live:    Flags \[R\.\]' '$T/o4'"
