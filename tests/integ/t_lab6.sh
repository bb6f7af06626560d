# IPv6 through the lab NIC (issue 13): scripts/lab puts a ULA /64 on the
# lab link, tcpcraft takes an address of its own there (--src) with
# Neighbor Discovery of its own: Duplicate Address Detection before it
# sends anything else, the peer kernel's Neighbor Solicitation answered,
# the peer's MAC solicited.  A conversation with the kernel in the lab
# namespace (handshake, data echoed, close), checked with tcpdump on the
# link; a DAD conflict (the peer's own address) refused with nothing but
# DAD sent; down removes it all.
# Everything stays in namespaces named h4-lab6-PID, fd74:6363:a:4d2e::/64
# (10.77.46.0/24), ports 246xx.
. tests/integ/lib.sh
. tests/integ/lablib.sh
N=h4-lab6-$$
IF=h4lab6
PFX=fd74:6363:a:4d2e:
P=24607
LAB="--name $N --if $IF --net 10.77.46"
CONF=$T/labs.conf
export TCPCRAFT=$TC TCPCRAFT_LABS_CONF=$CONF
lab() { sh scripts/lab "$@" >>"$T/lab" 2>&1; }
trap 'sh scripts/lab down --name $N >/dev/null 2>&1; cleanup' EXIT INT TERM
sh scripts/lab down --name $N >/dev/null 2>&1
# re: a literal for grep -E (the address's dots none, its colons plain)
ours=$PFX:10
peer=$PFX:2

# the peer's echo server on its IPv6 address: the kernel's, in python
# (tcpcraft's own --peer servers take IPv6 on another branch)
cat >"$T/echo6.py" <<'EOF'
import socket, sys
s = socket.socket(socket.AF_INET6, socket.SOCK_STREAM)
s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
s.bind((sys.argv[1], int(sys.argv[2])))
s.listen(8)
while True:
    c, _ = s.accept()
    while True:
        d = c.recv(65536)
        if not d:
            break
        c.sendall(d)
    c.close()
EOF
: >"$CONF"
lab up $LAB --cmd "python3 $T/echo6.py $peer $P"
check "lab up: the ULA prefix on both ends of the link" sh -c "
	ip -n $N -6 addr show dev eth0 | grep -q 'inet6 $peer/64 scope global' &&
	ip -6 addr show dev $IF | grep -q 'inet6 $PFX:1/64 scope global'"
check "...no link-local address (no router solicitation, no DAD chatter)" \
    sh -c "! ip -n $N -6 addr show dev eth0 | grep -q 'scope link' &&
    ! ip -6 addr show dev $IF | grep -q 'scope link'"
check "...no IPv6 route out of the lab, only the prefix's own" sh -c "
	[ -z \"\$(ip -n $N -6 route show default)\" ] &&
	[ \"\$(ip -n $N -6 route show | awk '{print \$1}')\" = '$PFX:/64' ]"
check "...registered in labs.conf: the IPv6 prefix on a line of its own" \
    sh -c "grep -q '^lab $IF 10.77.46.0/24	# scripts/lab $N\$' '$CONF' &&
    grep -q '^lab $IF $PFX:/64	# scripts/lab $N\$' '$CONF'"
check "the peer's IPv6 echo server listens" until_ok "$WAIT_S" \
    sh -c "ip netns exec $N ss -6 -tlnH 'sport = :$P' | grep -q ."

: >"$T/wire.err"
ip netns exec $N tcpdump -i eth0 -n -e -U --immediate-mode \
    -w "$T/wire.pcap" 2>"$T/wire.err" &
CAP_PID=$!
BG_PIDS="$BG_PIDS $CAP_PID"
until_ok "$WAIT_S" grep -q 'listening on' "$T/wire.err"

tc_start -i $IF --src $ours --seed 6
check "the lab address is ours after DAD, on a MAC of its own" \
    tc_wait "^lab: $ours is ours on $IF \(MAC 02:74:63:00:00:10; DAD: no other host has it"

# --- a conversation with the peer's kernel ---
tc_cmd "connect [$peer]:$P"
tc_wait '^(c1: |error: )'
if grep -q '^error: ' "$T/out"; then
	# the connect path (exec.c) is another branch's: until it takes IPv6
	# addresses, say so rather than pass
	why=$(grep '^error: ' "$T/out" | head -1)
	for d in "our NS for the peer, its NA" "handshake" "data echoed" \
	    "close" "on the wire: NS, NA, then IP6 TCP"; do
		echo "ok - conversation: $d # SKIP connect takes no IPv6 address in this build ($why)"
	done
	CONV=
else
	CONV=1
	check "our Neighbor Solicitation for the peer, answered" \
	    tc_wait "^lab: neighbor solicitation who-has $peer tell $ours: $peer is-at"
	check "connect names the connection via $IF" \
	    tc_wait "^c1: .*$ours.* -> .*$peer.*$P via $IF, CLOSED"
	tc_cmd syn
	check "SYN out, SYN-ACK from the namespace's kernel" \
	    tc_wait "In  IP6 $peer\.$P > $ours\.[0-9]+: Flags \[S\.\], seq 0, ack 1, .*SYN-SENT -> ESTABLISHED"
	L=$(sed -n "s/.*In  IP6 $peer\.$P > $ours\.\([0-9]*\): Flags \[S\.\].*/\1/p" \
	    "$T/out" | head -1)
	tc_cmd ack
	check "the peer's kernel: ESTAB" until_ok "$WAIT_S" sh -c "ip netns exec \
	    $N ss -6 -tanH 'sport = :$P and dport = :$L' | grep -q '^ESTAB'"
	tc_cmd 'send "hello lab6"'
	check "the echo comes back: seq 1:11, ack 11" \
	    tc_wait "In  IP6 $peer\.$P > $ours\.$L: Flags \[P\.\], seq 1:11, ack 11, .*length 10 \"hello lab6\""
	tc_cmd ack
	tc_cmd fin
	check "FIN, and the echo server's FIN" \
	    tc_wait "In  IP6 $peer\.$P > $ours\.$L: Flags \[F\.\], seq 11, ack 12"
	tc_cmd ack
	check "the peer's socket is gone after our last ACK" until_ok "$WAIT_S" \
	    sh -c "[ -z \"\$(ip netns exec $N ss -6 -tanH 'sport = :$P and dport = :$L')\" ]"
fi

# --- the peer's kernel asks for us: our Neighbor Advertisement ---
ip -n $N neigh flush dev eth0
ip netns exec $N python3 -c "
import socket
try:
    socket.create_connection(('$ours', 24650), timeout=3)
except OSError:
    pass
" >/dev/null 2>&1 &
CL=$!
BG_PIDS="$BG_PIDS $CL"
check "the peer kernel's solicitation is answered with our MAC" \
    until_ok "$WAIT_S" sh -c "ip -n $N -6 neigh show $ours |
    grep -q 'lladdr 02:74:63:00:00:10'"
check "...and tcpcraft says so" \
    tc_wait "^lab: neighbor solicitation who-has $ours tell $peer: answered $ours is-at 02:74:63:00:00:10"
kill $CL 2>/dev/null
tc_stop
kill $CAP_PID 2>/dev/null
wait $CAP_PID 2>/dev/null
tcpdump -r "$T/wire.pcap" -n -e 2>/dev/null >"$T/wire"
check "on the wire: DAD before anything else from our MAC" sh -c "
	grep '^[0-9:.]* 02:74:63:00:00:10 >' '$T/wire' | head -1 |
	grep -q '> 33:33:ff:00:00:10, .* :: > ff02::1:ff00:10: ICMP6, neighbor solicitation, who has $ours, length 24'"
check "on the wire: our advertisement to the peer, solicited" \
    grep -q "^[0-9:.]* 02:74:63:00:00:10 > .* $ours > $peer: ICMP6, neighbor advertisement, tgt is $ours" "$T/wire"
if [ -n "$CONV" ]; then
	check "on the wire: our solicitation for the peer, to its group" \
	    grep -q "02:74:63:00:00:10 > 33:33:ff:00:00:02, .* $ours > ff02::1:ff00:2: ICMP6, neighbor solicitation, who has $peer" "$T/wire"
	check "on the wire: the peer's advertisement" \
	    grep -q " $peer > $ours: ICMP6, neighbor advertisement, tgt is $peer" "$T/wire"
	check "on the wire: our SYN as IP6 TCP from 02:74:63:00:00:10" \
	    grep -q "02:74:63:00:00:10 > .*ethertype IPv6 (0x86dd).* $ours\.$L > $peer\.$P: Flags \[S\], seq [0-9]*, win 65535" "$T/wire"
	check "on the wire: the data and its echo" sh -c "
	    grep -q '$ours\.$L > $peer\.$P: Flags \[P\.\], .*length 10' '$T/wire' &&
	    grep -q '$peer\.$P > $ours\.$L: Flags \[P\.\], .*length 10' '$T/wire'"
fi
check "on the wire: no RST" sh -c "! grep -q 'Flags \[R' '$T/wire'"

# --- DAD conflict: the peer's own address is not ours to take ---
: >"$T/c.err"
ip netns exec $N tcpdump -i eth0 -n -e -U --immediate-mode \
    -w "$T/c.pcap" 2>"$T/c.err" &
CAP_PID=$!
BG_PIDS="$BG_PIDS $CAP_PID"
until_ok "$WAIT_S" grep -q 'listening on' "$T/c.err"
"$TC" -i $IF --src $peer -c "connect [$peer]:$P; syn" >"$T/c.out" 2>&1
rc=$?
check "--src of the peer's address: refused (exit 2)" test $rc -eq 2
check "...DAD found it taken (RFC 4862), naming who has it" \
    grep -q "^tcpcraft: $peer refused on $IF: [0-9a-f:]* answered our Duplicate Address Detection for it (RFC 4862): another host has that address" "$T/c.out"
# the peer's answer to our probe marks the end of what we sent
until_ok "$WAIT_S" sh -c "tcpdump -r '$T/c.pcap' -n 2>/dev/null |
    grep -q 'neighbor advertisement, tgt is $peer'"
kill $CAP_PID 2>/dev/null
wait $CAP_PID 2>/dev/null
tcpdump -r "$T/c.pcap" -n -e 2>/dev/null >"$T/c.wire"
check "...on the wire: our one DAD probe, the peer's defence" sh -c "
	grep -q '^[0-9:.]* 02:74:63:00:00:02 > 33:33:ff:00:00:02, .* :: > ff02::1:ff00:2: ICMP6, neighbor solicitation, who has $peer' '$T/c.wire' &&
	grep -q ' $peer > ff02::1: ICMP6, neighbor advertisement, tgt is $peer' '$T/c.wire'"
check "...and nothing else from us: no TCP, no answer for $peer" \
    test "$(grep -c '^[0-9:.]* 02:74:63:' "$T/c.wire")" -eq 1

lab down --name $N
check "down: namespaces, link and both labs.conf lines gone" sh -c "
	! ip netns list | grep -Eq '^$N( |\$)' &&
	! ip link show $IF >/dev/null 2>&1 &&
	! grep -q 'scripts/lab $N\$' '$CONF'"
sed 's/^/# /' "$T/out" "$T/c.out"
