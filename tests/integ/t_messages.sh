# Error messages as a user reads them (issues 15 and 17): the scope refusal
# leads with what is wrong and nothing leaves; syntax errors suggest the
# nearest words, state ranges and advise on single quotes; a long line is
# echoed cut, once; set win and set mss say what can be carried.
# The off-loopback part runs in a network namespace this test creates
# (unshare -n) whose only other interfaces are the two ends of a veth pair
# inside it (this kernel has no dummy driver): nothing can leave it.
# SPDX-License-Identifier: GPL-3.0-or-later
. tests/integ/lib.sh

# --- connect 8.8.8.8:53 where the default route is d0, one end of a veth
# pair whose other end, d1, is in the same namespace ---
# tcpdump on d0 must see nothing of tcpcraft's; a datagram to d0's subnet
# afterwards shows that it would have seen a packet.
unshare -n sh -s "$T" "$TC" <<'EOF'
T=$1 TC=$2
ip link set lo up
ip link add d0 type veth peer name d1
ip addr add 10.99.0.1/24 dev d0
ip link set d0 up
ip link set d1 up
ip route add default dev d0
# the control datagram below leaves at once, without an ARP request first
ip neigh add 10.99.0.2 lladdr 02:00:00:00:99:02 dev d0
# IPv4 and ARP (a packet to 8.8.8.8, on-link here, would first show as an
# ARP request); not IPv6: the veth sends neighbour discovery of its own
: >"$T/d0.err"
tcpdump -i d0 -n -U --immediate-mode -w "$T/d0.pcap" ip or arp \
    2>"$T/d0.err" &
cap=$!
n=100
while ! grep -q 'listening on' "$T/d0.err" && [ $n -gt 0 ]; do
	sleep 0.05
	n=$((n - 1))
done
"$TC" -c 'connect 8.8.8.8:53; syn' >"$T/scope.out" 2>&1
echo $? >"$T/scope.rc"
"$TC" -c 'probe 8.8.8.8:53 count 1' >"$T/probe.out" 2>&1
echo $? >"$T/probe.rc"
python3 -c 'import socket
socket.socket(socket.AF_INET, socket.SOCK_DGRAM).sendto(b"x", ("10.99.0.2", 9))'
n=100
while [ "$(tcpdump -r "$T/d0.pcap" -n 2>/dev/null | wc -l)" -lt 1 ] &&
    [ $n -gt 0 ]; do
	sleep 0.05
	n=$((n - 1))
done
kill $cap
wait $cap
tcpdump -r "$T/d0.pcap" -n >"$T/d0.txt" 2>/dev/null
EOF
check "connect off loopback: exit 1" test "$(cat "$T/scope.rc")" -eq 1
check "the message leads with what is wrong" \
    has "$T/scope.out" '^-c:1: 8\.8\.8\.8 is not on loopback \(it routes via d0\): '
check "and says how to reach others (-i)" has "$T/scope.out" ' -i IFACE '
check "no syn after the refusal" sh -c "! grep -q '^ *[0-9.]* Out ' '$T/scope.out'"
check "probe off loopback: refused the same way" \
    has "$T/probe.out" '8\.8\.8\.8 is not on loopback \(it routes via d0\)'
check "the capture worked: the control datagram was seen" \
    has "$T/d0.txt" '10\.99\.0\.1\.[0-9]+ > 10\.99\.0\.2\.9: UDP'
check "nothing of tcpcraft's left through d0" \
    test "$(grep -c . "$T/d0.txt")" -eq 1
check "nothing to 8.8.8.8 at all" sh -c "! grep -q '8\.8\.8\.8' '$T/d0.txt'"

# --- syntax errors: exit 2, the first words, the suggestion, the range ---
# syntax FILE-CONTENT REGEX: a one-line script fails to parse with REGEX
syntax() {
	printf '%s\n' "$1" >"$T/s.tc"
	"$TC" -f "$T/s.tc" >"$T/s.out" 2>&1
	rc=$?
	if [ $rc -eq 2 ] && grep -Eq -- "$2" "$T/s.out"; then
		ok "$1"
	else
		notok "$1" "exit $rc, output: $(head -c 300 "$T/s.out")"
	fi
}
syntax 'sned "x"' "s\.tc:1:1: unknown command 'sned' \(did you mean 'send'\?\)$"
syntax 'syn seq 99999999999' 's\.tc:1:9: seq 99999999999 out of range \(0\.\.4294967295\)$'
syntax 'syn win 65536 ttl 1' 's\.tc:1:9: win 65536 out of range \(0\.\.65535\)$'
syntax 'syn ttl 99999999999999999999' 's\.tc:1:9: ttl 99999999999999999999 out of range \(0\.\.255\)$'
syntax 'syn options [mss 99999999999]' 's\.tc:1:18: mss 99999999999 out of range \(0\.\.65535\)$'
syntax 'connect 127.0.0.1:99999' 's\.tc:1:19: port 99999 out of range \(0\.\.65535\)$'
syntax 'wait 100000s' 's\.tc:1:6: wait 100000s out of range'
syntax "send 'hi'" 's\.tc:1:6: single quotes are not quotes here: use "hi"$'
syntax 'expect S witin 2s' "s\.tc:1:10: unknown field 'witin' \(did you mean 'within'\?\)$"
syntax 'connect 127.0.0.1:80 form 127.0.0.2' "unexpected 'form' \(did you mean 'from'\?\)$"
syntax 'set tiemout 1s' "unknown setting 'tiemout' \(did you mean 'timeout'\?\)$"

"$TC" -c 'help sned' >"$T/help.out" 2>&1
check "help of a mistyped command suggests one" \
    has "$T/help.out" "^no command 'sned' \(did you mean 'send'\?\)$"

# --- a long garbage line typed: echoed cut around the caret, once ---
python3 -c "print('g' * 3000 + ' sned ' + 'h' * 3000)" >"$T/long.in"
"$TC" <"$T/long.in" >"$T/long.out" 2>&1
check "long line: one error" test "$(grep -c '^error: ' "$T/long.out")" -eq 1
check "long line: the message quotes the word cut" \
    has "$T/long.out" "^error: unknown command 'g{32}\.\.\.' \(help lists them\)$"
check "long line: no output line longer than 80 columns" \
    test "$(awk 'length > 80' "$T/long.out" | wc -l)" -eq 0
check "long line: the echo is cut with ..." has "$T/long.out" '^  g{60}\.\.\.$'
check "long line: the caret under its first column" has "$T/long.out" '^  \^$'

# --- set win and set mss ---
"$TC" -c 'set win 70000' >"$T/w1" 2>&1
check "set win 70000 without wscale: exit 1" test $? -eq 1
check "set win 70000: the range and the way to more" \
    has "$T/w1" '^-c:1: set win 70000 out of range \(0\.\.65535\): .*wscale in set synopts'
"$TC" -c 'set mss 0' >"$T/m0" 2>&1
check "set mss 0: exit 1" test $? -eq 1
check "set mss 0: the range" has "$T/m0" '^-c:1: set mss 0 out of range \(1\.\.65535\)'
# With wscale 7 offered, 70000 is carried as 546 << 7 after the SYN, whose
# own window is never scaled: the kernel peer on loopback sees both.
"$TC" --peer echo:21561 -c 'set synopts [mss 1460,wscale 7]; set win 70000;
    connect 127.0.0.1:21561; syn; expect S. within 2s; ack; rst' >"$T/w2" 2>&1
check "set win 70000 with wscale 7: exit 0" test $? -eq 0
check "set win 70000: the shell says how it is carried" \
    has "$T/w2" '^win 70000: our SYN carries 65535 .* 546 << 7 = 69888'
check "the SYN carries 65535" has "$T/w2" 'Out .*Flags \[S\], .*win 65535, options \[mss 1460,wscale 7'
check "the ACK carries 546 (scaled by 7)" has "$T/w2" 'Out .*Flags \[\.\], .*win 546,'
