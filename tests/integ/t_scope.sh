# The scope guard: a destination routed through anything but loopback is
# refused and nothing is sent.  Run in a namespace this test creates, whose
# only other interfaces are a veth pair inside it, with no route out.
. tests/integ/lib.sh
NS=tcpcraft-scope-$$
ip netns add $NS || { notok "create namespace"; exit 1; }
trap 'ip netns del $NS 2>/dev/null; cleanup' EXIT INT TERM
ip -n $NS link set lo up
ip -n $NS link add d0 type veth peer name d1
ip -n $NS addr add 10.123.0.1/24 dev d0
ip -n $NS link set d0 up
ip -n $NS link set d1 up
# tcpdump inside the namespace, on every interface there (IPv4 and ARP:
# bringing the veth up sends IPv6 neighbour discovery of its own)
cap_start_ns() {
	ip netns exec $NS tcpdump -i any -n -U --immediate-mode -w "$1" "ip or arp" 2>"$1.err" &
	CAP_PID=$!
	CAP_FILE=$1
	CAP_NS=$NS
	BG_PIDS="$BG_PIDS $CAP_PID"
	cap_listening "$1.err"
}
cap_start_ns "$T/any.pcap"
ip netns exec $NS "$TC" -c 'connect 10.123.0.2:80; syn' >"$T/o" 2>&1
rc=$?
cap_stop
check "off-loopback destination: exit 1" test $rc -eq 1
check "the message names the interface and -i" has "$T/o" '10\.123\.0\.2 .*d0.*-i'
check "nothing was sent (and tcpdump was capturing)" \
    test "$CAP_SEEN" = 1 -a "$(tcpdump -r "$T/any.pcap" -n 2>/dev/null | wc -l)" -eq 0
ip netns exec $NS "$TC" --peer echo:21040 -c 'connect 127.0.0.1:21040; syn; expect S. within 20s' >"$T/o2" 2>&1
check "loopback in the same namespace is allowed" test $? -eq 0

# The route's answer is kept until the kernel announces a change of a
# route, an address or a link: one session refuses 10.123.0.7 (via d0),
# then, once a route sends it through lo, its next connect takes it; and
# with d0 renamed, the refusal names the new name.
mkfifo "$T/rin"
ip netns exec $NS "$TC" <"$T/rin" >"$T/o3" 2>&1 &
rp=$!
exec 8>"$T/rin"
echo "connect 10.123.0.7:80" >&8
check "refused while it routes via d0" \
    until_ok $WAIT_S has "$T/o3" '10\.123\.0\.7 is not on loopback .*via d0'
ip -n $NS route add 10.123.0.7/32 dev lo
echo "connect 10.123.0.7:80" >&8
check "a new route through lo: the same session's next connect is allowed" \
    until_ok $WAIT_S has "$T/o3" '^c1: .* -> 10\.123\.0\.7:80 via lo'
ip -n $NS route del 10.123.0.7/32 dev lo
ip -n $NS link set d0 down
ip -n $NS link set d0 name d9
ip -n $NS link set d9 up
echo "connect 10.123.0.7:80" >&8
check "the route gone and d0 renamed: refused again, via d9" \
    until_ok $WAIT_S has "$T/o3" '10\.123\.0\.7 is not on loopback .*via d9'
echo quit >&8
exec 8>&-
wait $rp
check "that session ends 0 or 1 (a refused connect)" test $? -le 1
ip netns del $NS
check "namespace removed" sh -c "! ip netns list | grep -q $NS"
