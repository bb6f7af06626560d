# The teaching lab (scripts/lab): built and torn down twice, nothing left
# behind; a whole conversation through the lab NIC against the kernel in
# the peer namespace with no nftables rule; the server role (tcpcraft
# answers the peer's ARP); `peer` agrees with ss -tin in the namespace;
# the second form with both ends in namespaces.
# Everything stays in namespaces named h5-lab-PID*, 10.77.24.0/24, ports
# 24xxx (the PID: another run of this test at the same time names its own).
. tests/integ/lib.sh
N=h5-lab-$$
LAB="--name $N --if h5lab0 --net 10.77.24"
P=24007
export TCPCRAFT=$TC
lab() { sh scripts/lab "$@" >>"$T/lab" 2>&1; }
gone() {
	! ip netns list | grep -Eq "^$N(-c)?( |\$)" &&
	! ip link show h5lab0 >/dev/null 2>&1 &&
	! [ -e /run/tcpcraft-lab/$N.conf ]
}
# exited: no such process, or a zombie its new parent has yet to reap
dead() {
	st=$(ps -o stat= -p "$1" 2>/dev/null)
	[ -z "$st" ] || [ "${st#Z}" != "$st" ]
}
trap 'sh scripts/lab down --name $N >/dev/null 2>&1; cleanup' EXIT INT TERM
sh scripts/lab down --name $N >/dev/null 2>&1

# --- up and down, twice, idempotent ---
for round in 1 2; do
	lab up $LAB --server echo:$P
	check "round $round: lab up" sh -c "ip netns list | grep -Eq '^$N( |\$)' &&
	    ip -n $N -4 addr show eth0 | grep -q 'inet 10.77.24.2/24' &&
	    ip -4 addr show h5lab0 | grep -q 'inet 10.77.24.1/24'"
	check "round $round: the echo server listens in the namespace" \
	    sh -c "ip netns exec $N ss -tlnH 'sport = :$P' | grep -q 10.77.24.2"
	check "round $round: no route out of the lab" \
	    test -z "$(ip -n $N route show default)"
	SPID=$(sed -n "s/^S_PID='\([0-9]*\)'/\1/p" /run/tcpcraft-lab/$N.conf)
	# without it the two checks on SPID below could not fail
	check "round $round: the server's pid is recorded ($SPID)" \
	    test -n "$SPID"
	lab up $LAB --server echo:$P
	check "round $round: up again leaves it alone (same server)" \
	    grep -q "S_PID='$SPID'" /run/tcpcraft-lab/$N.conf
	check "round $round: status says up" \
	    sh -c "sh scripts/lab status --name $N >/dev/null"
	lab down --name $N
	check "round $round: down leaves nothing (namespaces, veth, state)" gone
	check "round $round: the server process is gone" dead $SPID
done
check "status of a lab that is down: exit 1" \
    sh -c "! sh scripts/lab status --name $N >/dev/null"

# --- a conversation through the lab NIC, no firewall ---
lab up $LAB --server echo:$P
: >"$T/wire.err"
ip netns exec $N tcpdump -i eth0 -n -e -U --immediate-mode \
    -w "$T/wire.pcap" 2>"$T/wire.err" &
CAP_PID=$!
BG_PIDS="$BG_PIDS $CAP_PID"
n=100
while ! grep -q 'listening on' "$T/wire.err" && [ $n -gt 0 ]; do
	sleep 0.05; n=$((n - 1))
done
tc_start -i h5lab0 --src 10.77.24.10 --seed 5
tc_cmd "connect 10.77.24.2:$P"
check "connect: the lab address is ours, no guard" \
    tc_wait '^lab: 10\.77\.24\.10 is ours on h5lab0 \(MAC 02:74:63:4d:18:0a'
check "connect: the peer's MAC resolved by our own ARP" \
    tc_wait '^lab: arp who-has 10\.77\.24\.2 tell 10\.77\.24\.10: 10\.77\.24\.2 is-at'
check "connect names the connection, via h5lab0, no guard word" \
    tc_wait "^c1: 10\.77\.24\.10:[0-9]+ -> 10\.77\.24\.2:$P via h5lab0, CLOSED, ISS [0-9]+; next: syn"
L=$(sed -n 's/^c1: 10\.77\.24\.10:\([0-9]*\) .*/\1/p' "$T/out" | head -1)
tc_cmd syn
check "SYN leaves, SYN-ACK from the namespace's kernel" \
    tc_wait "In  IP 10\.77\.24\.2\.$P > 10\.77\.24\.10\.$L: Flags \[S\.\], seq 0, ack 1, .*SYN-SENT -> ESTABLISHED"
tc_cmd ack
check "the peer's kernel: ESTAB" until_ok "$WAIT_S" sh -c "ip netns exec $N ss -tanH \
    'sport = :$P and dport = :$L' | grep -q '^ESTAB'"
check "no nftables table of ours while the connection runs" \
    sh -c "! nft list tables | grep -q 'tcpcraft_$TC_PID\$'"
check "no nftables rule mentions the lab at all" \
    sh -c "! nft list ruleset | grep -q '10\.77\.24\.'"
tc_cmd 'send "hello lab"'
check "data: seq 1:10" tc_wait 'Out IP .*Flags \[P\.\], seq 1:10, ack 1, win 65535, length 9 "hello lab"'
check "echo through the lab: seq 1:10, ack 10" \
    tc_wait 'In  IP .*Flags \[P\.\], seq 1:10, ack 10, .*length 9 "hello lab"'
tc_cmd ack
tc_wait 'Out IP .*Flags \[\.\], ack 10, win 65535, length 0'
# the kernel has taken our ACK of the echo: nothing moves until we send
until_ok "$WAIT_S" sh -c "ip netns exec $N ss -tinH \
    'sport = :$P and dport = :$L' | grep -q 'bytes_acked:9 '"
tc_cmd peer
check "peer finds the socket in the namespace" \
    tc_wait "^peer: the kernel's socket 10\.77\.24\.2:$P -> 10\.77\.24\.10:$L \(netns $N\)"
tc_wait '^  ss -tin: '
ip netns exec $N ss -tinH "sport = :$P and dport = :$L" | tr -s ' \t\n' ' ' \
    >"$T/ss"
sed -n 's/^  ss -tin: //p' "$T/out" | tail -1 >"$T/ours"
for k in cwnd mss rcvmss advmss bytes_acked bytes_received segs_out segs_in rto; do
	a=$(tr ' ' '\n' <"$T/ours" | sed -n "s/^$k://p")
	b=$(tr ' ' '\n' <"$T/ss" | sed -n "s/^$k://p")
	check "peer agrees with ss -tin in the namespace: $k ($a)" \
	    test -n "$a" -a "$a" = "$b"
done
check "peer: ESTABLISHED both sides, the peer's RCV.NXT 10" \
    sh -c "grep -q '^state      ESTABLISHED      ESTABLISHED' '$T/out' &&
    grep -q '^RCV.NXT    10               10 ' '$T/out'"
tc_cmd fin
check "FIN: FIN-WAIT-1" tc_wait 'Flags \[F\.\], seq 10, ack 10, .*ESTABLISHED -> FIN-WAIT-1'
check "the echo server closes too" tc_wait 'In  IP .*Flags \[F\.\], seq 10, ack 11'
tc_cmd ack
check "the peer's socket is gone after our last ACK" until_ok "$WAIT_S" \
    sh -c "[ -z \"\$(ip netns exec $N ss -tanH 'sport = :$P and dport = :$L')\" ]"
check "no kernel RST from this host anywhere" sh -c "! grep -q 'kernel RST\|from the local kernel' '$T/out'"

# --- the server role: the peer's kernel connects to our lab address ---
tc_cmd "listen 10.77.24.10:24050"
tc_wait '^l1: listening on 10\.77\.24\.10:24050'
# forget our MAC there, so the client's kernel must ask for it
ip -n $N neigh flush dev eth0
ip netns exec $N python3 -c '
import socket, sys
s = socket.create_connection(("10.77.24.10", 24050), timeout=60)
print("connected from %d" % s.getsockname()[1]); sys.stdout.flush()
' >"$T/client" 2>&1 &
CL=$!
check "the peer's client ARPs for us and we answer" \
    tc_wait '^lab: arp who-has 10\.77\.24\.10 tell 10\.77\.24\.2: answered 10\.77\.24\.10 is-at 02:74:63:4d:18:0a'
check "its SYN opens a connection" tc_wait '^c2: new connection from 10\.77\.24\.2:[0-9]+ on l1'
tc_cmd synack
check "the client's ACK completes it" tc_wait 'In  IP 10\.77\.24\.2\.[0-9]+ > 10\.77\.24\.10\.24050: Flags \[\.\], ack 1, .*SYN-RECEIVED -> ESTABLISHED'
wait $CL
check "the client's connect() returned" grep -q '^connected from' "$T/client"
tc_cmd "rst"
tc_cmd "close c2"
PID=$TC_PID
tc_stop
check "no nftables table of that shell, ever" \
    sh -c "! nft list tables | grep -q 'tcpcraft_$PID\$'"
kill $CAP_PID 2>/dev/null
wait $CAP_PID 2>/dev/null
tcpdump -r "$T/wire.pcap" -n -e 2>/dev/null >"$T/wire"
check "on the wire: our SYN from 02:74:63:4d:18:0a" \
    grep -q "^.* 02:74:63:4d:18:0a > .*10\.77\.24\.10\.$L > 10\.77\.24\.2\.$P: Flags \[S\], seq [0-9]*, win 65535, options \[mss 1460\], length 0" "$T/wire"
check "on the wire: our ARP reply" \
    grep -q "02:74:63:4d:18:0a > .*Reply 10\.77\.24\.10 is-at 02:74:63:4d:18:0a" "$T/wire"
check "on the wire: no RST but the one we typed" \
    test "$(grep -c 'Flags \[R' "$T/wire")" -le 1
lab down --name $N
check "down after the session: nothing left" gone

# --- the second form: both ends in namespaces ---
lab up $LAB --netns --server echo:$P
check "netns form: h5lab0 lives in the lab's -c namespace, not on this host" \
    sh -c "! ip link show h5lab0 >/dev/null 2>&1 &&
    ip -n $N-c link show h5lab0 >/dev/null"
sh scripts/lab shell --name $N -c "connect 10.77.24.2:$P; syn; expect S. within 20s; ack; send \"AB\"; expect P. \"AB\" within 20s; ack; fin; expect F. within 20s; ack; expect state TIME-WAIT" >"$T/o2" 2>&1
check "netns form: handshake, data, close (exit 0)" test $? -eq 0
check "netns form: the echo came back" has "$T/o2" 'In  IP 10\.77\.24\.2\.'$P' > 10\.77\.24\.10\.[0-9]+: Flags \[P\.\], seq 1:3, ack 3'
check "netns form: no nftables ruleset at all in tcpcraft's namespace" \
    test -z "$(ip netns exec $N-c nft list ruleset)"
lab down --name $N
check "netns form: down leaves nothing" gone
sed 's/^/# /' "$T/out" "$T/o2" "$T/lab"
