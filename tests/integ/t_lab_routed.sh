# The routed lab (scripts/lab up --routed): a router namespace between
# tcpcraft's link and the peer's.  tcpcraft reaches the peer's echo server
# through it; the router's path MTU of 1400 draws "need to frag" for a DF
# packet of 1500 (from tcpcraft and from a kernel socket, whose TCP then
# finds the path MTU itself); a TTL of 1 draws "time exceeded"; --drop
# answers nothing at all, --reject "host unreachable", --pmtu-blackhole
# drops the too big untold (a kernel client stalls); down leaves no
# namespace, veth, nftables table or route behind.
# Everything stays in namespaces named tc-rlab-PID*, 10.77.26.0/24 and
# 10.77.27.0/24, ports 26xxx.
. tests/integ/lib.sh
. tests/integ/lablib.sh
N=tc-rlab-$$
IF=tcrlab0
LAB="--name $N --if $IF --net 10.77.26"
P=26007
KADDR=10.77.26.1 LADDR=10.77.26.10 RADDR=10.77.26.254
RPADDR=10.77.27.1 PADDR=10.77.27.2
export TCPCRAFT=$TC
lab() { sh scripts/lab "$@" >>"$T/lab" 2>&1; }
gone() {
	! ip netns list | grep -Eq "^$N(-c|-r)?( |\$)" &&
	! ip link show $IF >/dev/null 2>&1 &&
	! [ -e /run/tcpcraft-lab/$N.conf ]
}
ROUTES='ip -4 route show table all'
routes() { $ROUTES; }
trap 'sh scripts/lab down --name $N >/dev/null 2>&1; cleanup' EXIT INT TERM
sh scripts/lab down --name $N >/dev/null 2>&1
routes >"$T/routes.before"
FWD=$(sysctl -n net.ipv4.ip_forward)

# ns_cap NS IFACE FILE FILTER: tcpdump in namespace NS (this one for -),
# returns once it listens; ns_cap_stop ends it
NSCAP_PID=
ns_cap() {
	if [ "$1" = - ]; then
		set -- "" "$2" "$3" "$4"
		tcpdump -i "$2" -n -U --immediate-mode -w "$3" "$4" \
		    2>"$3.err" &
	else
		ip netns exec "$1" tcpdump -i "$2" -n -U --immediate-mode \
		    -w "$3" "$4" 2>"$3.err" &
	fi
	NSCAP_PID=$!
	BG_PIDS="$BG_PIDS $NSCAP_PID"
	cap_listening "$3.err"
}
ns_cap_stop() {
	kill "$NSCAP_PID" 2>/dev/null
	wait "$NSCAP_PID" 2>/dev/null
}
# in_cap FILE REGEX: tcpdump -v has written a matching line (polled)
in_cap() {
	until_ok "$WAIT_S" sh -c "tcpdump -r '$1' -n -v 2>/dev/null |
	    grep -Eq -- '$2'"
}
# cap_lines FILE REGEX: how many lines of tcpdump -v match
cap_lines() { tcpdump -r "$1" -n -v 2>/dev/null | grep -Ec -- "$2"; }

# probe.py, run in tcpcraft's namespace with the kernel's sockets:
#   udp SIZE|ttl1 DST MARK: one UDP datagram with DF set (whatever path MTU
#     the kernel knows), or with TTL 1; prints the ICMP error it drew, or
#     "no ICMP" once a datagram to MARK, sent after it, has drawn its own
#     error (the router answers in order: an error for the first would
#     have come before)
#   tcp DST PORT [MARK]: connects; with MARK, prints what happened by the
#     time MARK answered ("no answer" while the SYN is unanswered),
#     without, waits for the connection and echoes 3000 bytes
#   stall DST PORT: connects, sends 3000 bytes and waits for the kernel's
#     second retransmission in a row with nothing echoed
cat >"$T/probe.py" <<'EOF'
import errno, select, socket, struct, sys

IP_RECVERR, IP_MTU_DISCOVER, IP_PMTUDISC_PROBE = 11, 10, 3
WAIT = 20

def err_of(s, wait):
	p = select.poll()
	p.register(s, select.POLLERR)
	if not p.poll(wait * 1000):
		return None
	_, anc, _, _ = s.recvmsg(1, 512, socket.MSG_ERRQUEUE)
	for lvl, typ, d in anc:
		if lvl == socket.IPPROTO_IP and typ == IP_RECVERR:
			_, _, t, c, _, info, _ = struct.unpack("=IBBBBII", d[:16])
			return "icmp type %d code %d info %d from %s" % (
			    t, c, info, socket.inet_ntoa(d[20:24]))
	return "an error without ICMP"

def udp(dst, size=32, ttl=None):
	s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
	s.setsockopt(socket.IPPROTO_IP, IP_RECVERR, 1)
	# DF set, the path MTU the kernel may know ignored: the datagram
	# leaves whole and the router decides
	s.setsockopt(socket.IPPROTO_IP, IP_MTU_DISCOVER, IP_PMTUDISC_PROBE)
	if ttl is not None:
		s.setsockopt(socket.IPPROTO_IP, socket.IP_TTL, ttl)
	s.connect((dst, 33434))
	s.send(b"x" * size)
	return s

def mark(addr):
	e = err_of(udp(addr), WAIT)
	if e is None:
		print("mark: no answer from %s" % addr)
		sys.exit(1)

what = sys.argv[1]
if what == "udp":
	if sys.argv[2] == "ttl1":
		s = udp(sys.argv[3], ttl=1)
	else:
		s = udp(sys.argv[3], int(sys.argv[2]) - 28)
	mark(sys.argv[4])
	print(err_of(s, 0) or "no ICMP")
elif what == "stall":
	s = socket.create_connection((sys.argv[2], int(sys.argv[3])),
	    timeout=WAIT)
	s.sendall(b"y" * 3000)
	s.setblocking(False)
	for i in range(WAIT * 20):
		# struct tcp_info: state, ca_state, retransmits, ...
		r = s.getsockopt(socket.IPPROTO_TCP, socket.TCP_INFO, 8)[2]
		if r >= 2:
			break
		select.select([], [], [], 0.05)
	try:
		got = len(s.recv(4096))
	except BlockingIOError:
		got = 0
	print("retransmissions %d, echo %d" % (r, got))
elif len(sys.argv) > 4:
	s = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
	s.setblocking(False)
	s.connect_ex((sys.argv[2], int(sys.argv[3])))
	mark(sys.argv[4])
	p = select.poll()
	p.register(s, select.POLLOUT)
	if not p.poll(0):
		print("no answer")
	else:
		e = s.getsockopt(socket.SOL_SOCKET, socket.SO_ERROR)
		print("connect: " + (e and errno.errorcode[e] or "connected"))
else:
	try:
		s = socket.create_connection((sys.argv[2], int(sys.argv[3])),
		    timeout=WAIT)
	except OSError as e:
		print("connect: %s" % e)
		sys.exit(0)
	s.sendall(b"y" * 3000)
	got = 0
	while got < 3000:
		b = s.recv(4096)
		if not b:
			break
		got += len(b)
	print("connected, echo %d, mss %d" % (got,
	    s.getsockopt(socket.IPPROTO_TCP, socket.TCP_MAXSEG)))
EOF
probe() { ip netns exec $N-c python3 "$T/probe.py" "$@" 2>&1; }

# --- the host form: tcpcraft through the router ---
lab up $LAB --routed --mtu 1400 --server echo:$P
check "up --routed: the peer's and the router's namespaces" \
    sh -c "ip netns list | grep -Eq '^$N( |\$)' &&
    ip netns list | grep -Eq '^$N-r( |\$)'"
check "the peer: eth0 $PADDR/24, mtu 1500 (the narrow link is the router's)" \
    sh -c "ip -n $N -4 addr show eth0 | grep -q 'inet $PADDR/24' &&
    ip -n $N link show eth0 | grep -q 'mtu 1500 '"
check "the router: eth0 $RADDR/24, eth1 $RPADDR/24" \
    sh -c "ip -n $N-r -4 addr show eth0 | grep -q 'inet $RADDR/24' &&
    ip -n $N-r -4 addr show eth1 | grep -q 'inet $RPADDR/24'"
check "the router forwards, its ICMP errors not rate-limited" \
    sh -c "[ \$(ip netns exec $N-r sysctl -n net.ipv4.ip_forward) = 1 ] &&
    [ \$(ip netns exec $N-r sysctl -n net.ipv4.icmp_ratelimit) = 0 ] &&
    [ \$(ip netns exec $N-r sysctl -n net.ipv4.icmp_ratemask) = 0 ]"
check "the router's route to the peer: mtu 1400" \
    sh -c "ip -n $N-r route show 10.77.27.0/24 | grep -q 'mtu 1400'"
check "forwarding here is as it was ($FWD)" \
    test "$(sysctl -n net.ipv4.ip_forward)" = "$FWD"
check "no default route in the lab's namespaces" \
    test -z "$(ip -n $N route show default; ip -n $N-r route show default)"
check "the peer's only way back: $KADDR's link via the router" \
    sh -c "ip -n $N route show | grep -q '^10\.77\.26\.0/24 via $RPADDR dev eth0'"
routes >"$T/routes.up"
diff "$T/routes.before" "$T/routes.up" | sed -n 's/^> //p' | sort >"$T/routes.new"
check "this host's routes: only the lab link and the route via the router on it" \
    sh -c "[ \$(wc -l <'$T/routes.new') -gt 0 ] &&
    ! grep -Ev ' dev $IF( |\$)' '$T/routes.new' &&
    grep -q '^10\.77\.27\.0/24 via $RADDR dev $IF' '$T/routes.new' &&
    ! diff '$T/routes.before' '$T/routes.up' | grep -q '^<'"
check "status: up, routed, exit 0" \
    sh -c "sh scripts/lab status --name $N | grep -q '^lab $N: up (host form, routed)'"
check "status shows the router and the path MTU" \
    sh -c "sh scripts/lab status --name $N >'$T/status' &&
    grep -q 'router      namespace $N-r' '$T/status' &&
    grep -q 'path MTU 1400 to the peer' '$T/status'"
SPID=$(sed -n "s/^S_PID='\([0-9]*\)'/\1/p" /run/tcpcraft-lab/$N.conf)
lab up $LAB --routed --mtu 1400 --server echo:$P
check "up again as asked leaves it alone" \
    grep -q "S_PID='$SPID'" /run/tcpcraft-lab/$N.conf
check "up with another MTU is refused while it is up" \
    sh -c "! sh scripts/lab up $LAB --routed --mtu 1300 --server echo:$P \
    >/dev/null 2>&1"

ns_cap - $IF "$T/host.pcap" 'icmp or tcp'
ns_cap $N eth0 "$T/peer.pcap" 'tcp'
tc_start -i $IF --src $LADDR --seed 16
tc_cmd "connect $PADDR:$P"
check "connect: tcpcraft asks ARP for the router, the next hop" \
    tc_wait "^lab: arp who-has $RADDR tell $LADDR: $RADDR is-at"
check "connect names the connection, via $IF" \
    tc_wait "^c1: $LADDR:[0-9]+ -> $PADDR:$P via $IF, CLOSED"
L=$(sed -n "s/^c1: $LADDR:\([0-9]*\) .*/\1/p" "$T/out" | head -1)
tc_cmd syn
check "the SYN-ACK comes back through the router: the peer offers mss 1460" \
    tc_wait "In  IP 10\.77\.27\.2\.$P > 10\.77\.26\.10\.$L: Flags \[S\.\], seq 0, ack 1, .*options \[mss 1460\].*SYN-SENT -> ESTABLISHED"
tc_cmd ack
tc_mark
tc_cmd 'send "through the router"'
check "the echo comes back" \
    tc_new 'In  IP .*Flags \[P\.\], seq 1:19, ack 19, .*"through the router"'
check "in the peer's namespace our segment arrives with TTL 63" \
    in_cap "$T/peer.pcap" "ttl 63, .*proto TCP.*"
check "  ... from 10.77.26.10 (the router does no NAT)" \
    in_cap "$T/peer.pcap" "10\.77\.26\.10\.$L > 10\.77\.27\.2\.$P: Flags \[P\.\]"
tc_cmd ack
tc_mark
tc_cmd "send bytes:1460"
check "send bytes:1460: one segment of 1460 with DF (1500 bytes)" \
    tc_new "Out IP .*Flags \[P\.\], seq 19:1479, ack 19, .*length 1460"
check "the router's answer on our link: need to frag (mtu 1400), to $LADDR" \
    in_cap "$T/host.pcap" "$RADDR > $LADDR: ICMP $PADDR unreachable - need to frag \(mtu 1400\)"
check "  ... quoting our segment" \
    in_cap "$T/host.pcap" "^ *$LADDR\.$L > $PADDR\.$P: Flags \[P\.\]"
tc_cmd "rst"
tc_cmd "connect $PADDR:$((P + 1))"
tc_cmd "syn ttl 1"
check "a SYN with TTL 1: the router says time exceeded, to $LADDR" \
    in_cap "$T/host.pcap" "$RADDR > $LADDR: ICMP time exceeded in-transit"
tc_stop
ns_cap_stop
check "the peer's namespace never saw the segment of 1500" \
    test "$(cap_lines "$T/peer.pcap" 'length 1460')" -eq 0
lab down --name $N
check "down: no namespace, veth or state left" gone
routes >"$T/routes.after"
check "down: this host's routes are as before" \
    cmp -s "$T/routes.before" "$T/routes.after"

# --- the netns form: kernel sockets on tcpcraft's side ---
lab up $LAB --netns --routed --mtu 1400 --server echo:$P
check "netns form: $IF lives in $N-c, which routes 10.77.27.0/24 via $RADDR" \
    sh -c "! ip link show $IF >/dev/null 2>&1 &&
    ip -n $N-c route show | grep -q '^10\.77\.27\.0/24 via $RADDR dev $IF'"
check "netns form: this host's routes untouched" \
    sh -c "$ROUTES | cmp -s '$T/routes.before' -"
ns_cap $N-c $IF "$T/c.pcap" 'icmp or tcp'
probe tcp $PADDR $P >"$T/tcp"
check "a kernel TCP client: echoed 3000 bytes through the router" \
    grep -q '^connected, echo 3000, mss' "$T/tcp"
MSS=$(sed -n 's/.*, mss \([0-9]*\)$/\1/p' "$T/tcp")
check "  ... its MSS came down to the path's (${MSS:-none} <= 1360)" \
    test "${MSS:-9999}" -le 1360
check "  ... told by the router: need to frag (mtu 1400)" \
    in_cap "$T/c.pcap" "$RADDR > $KADDR: ICMP $PADDR unreachable - need to frag \(mtu 1400\)"
probe udp 1500 $PADDR $RADDR >"$T/df1500"
check "a DF datagram of 1500: need to frag, mtu 1400, from $RADDR" \
    grep -q "^icmp type 3 code 4 info 1400 from $RADDR\$" "$T/df1500"
probe udp 1400 $PADDR $RADDR >"$T/df1400"
check "one of 1400 passes: the peer itself answers (port unreachable)" \
    grep -q "^icmp type 3 code 3 info 0 from $PADDR\$" "$T/df1400"
probe udp ttl1 $PADDR $RADDR >"$T/ttl1"
check "TTL 1: time exceeded from $RADDR" \
    grep -q "^icmp type 11 code 0 info 0 from $RADDR\$" "$T/ttl1"
check "tcpdump: the router's time exceeded" \
    in_cap "$T/c.pcap" "$RADDR > $KADDR: ICMP time exceeded in-transit"
sh scripts/lab shell --name $N -c "connect $PADDR:$P; syn; expect S. within 20s; ack; send \"AB\"; expect P. \"AB\" within 20s; ack; rst" >"$T/o2" 2>&1
check "netns form: lab shell, tcpcraft through the router (exit 0)" test $? -eq 0
check "netns form: the connection goes via $IF" \
    has "$T/o2" "^c1: $LADDR:[0-9]+ -> $PADDR:$P via $IF, CLOSED"
check "netns form: the echo came back" \
    has "$T/o2" 'In  IP 10\.77\.27\.2\.'$P' > 10\.77\.26\.10\.[0-9]+: Flags \[P\.\], seq 1:3, ack 3'
ns_cap_stop
lab down --name $N
check "netns form: down leaves nothing" gone

# --- --pmtu-blackhole: too big is dropped untold ---
lab up $LAB --netns --routed --mtu 1400 --pmtu-blackhole --server echo:$P
check "--pmtu-blackhole: the router's output drops its need to frag" \
    sh -c "ip netns exec $N-r nft list table ip tcpcraft_lab |
    grep -q 'icmp type destination-unreachable icmp code frag-needed drop'"
check "--pmtu-blackhole: status says so" \
    sh -c "sh scripts/lab status --name $N | grep -q 'dropped untold'"
ns_cap $N-c $IF "$T/b.pcap" 'icmp'
probe udp 1500 $PADDR $RADDR >"$T/bdf1500"
check "--pmtu-blackhole: a DF datagram of 1500 draws no ICMP" \
    grep -q '^no ICMP$' "$T/bdf1500"
probe udp 1400 $PADDR $RADDR >"$T/bdf1400"
check "--pmtu-blackhole: one of 1400 still passes" \
    grep -q "^icmp type 3 code 3 info 0 from $PADDR\$" "$T/bdf1400"
probe stall $PADDR $P >"$T/bstall"
check "--pmtu-blackhole: a kernel client's full segments retransmitted, nothing echoed" \
    grep -q '^retransmissions [2-9][0-9]*, echo 0$' "$T/bstall"
check "--pmtu-blackhole: no need to frag on the wire" \
    test "$(cap_lines "$T/b.pcap" 'need to frag')" -eq 0
ns_cap_stop
lab down --name $N
check "--pmtu-blackhole: down leaves nothing" gone

# --- --drop: a black hole ---
lab up $LAB --netns --routed --drop --server echo:$P
check "--drop: an nftables table in the router's namespace only" \
    sh -c "ip netns exec $N-r nft list table ip tcpcraft_lab |
    grep -q 'ip daddr $PADDR drop' &&
    [ -z \"\$(ip netns exec $N-c nft list ruleset)\" ] &&
    [ -z \"\$(ip netns exec $N nft list ruleset)\" ]"
check "--drop: status says so" \
    sh -c "sh scripts/lab status --name $N | grep -q 'drops all to $PADDR silently'"
ns_cap $N-c $IF "$T/d.pcap" 'icmp or tcp'
ns_cap $N eth0 "$T/dpeer.pcap" 'ip'
probe tcp $PADDR $P $RADDR >"$T/dtcp"
check "--drop: the SYN draws nothing (the connect still waits)" \
    grep -q '^no answer$' "$T/dtcp"
probe udp 100 $PADDR $RADDR >"$T/dudp"
check "--drop: a datagram draws no ICMP" grep -q '^no ICMP$' "$T/dudp"
probe udp ttl1 $PADDR $RADDR >"$T/dttl"
check "--drop: a TTL of 1 still runs out at the router (time exceeded)" \
    grep -q "^icmp type 11 code 0 info 0 from $RADDR\$" "$T/dttl"
# the router's own datagram passes: once it is in the capture, what was
# forwarded before it would be too
ip netns exec $N-r python3 -c 'import socket, sys
socket.socket(socket.AF_INET, socket.SOCK_DGRAM).sendto(b"m", (sys.argv[1], 9))' \
    $PADDR
check "--drop: the router's own datagram reaches the peer" \
    in_cap "$T/dpeer.pcap" "$RPADDR\.[0-9]+ > $PADDR\.9: UDP"
check "--drop: nothing from $KADDR reached the peer" \
    test "$(cap_lines "$T/dpeer.pcap" "$KADDR\.[0-9]+ >")" -eq 0
check "--drop: no ICMP to $KADDR but the time exceeded and the marks' port unreachables" \
    test "$(cap_lines "$T/d.pcap" "> $KADDR: ICMP" )" -eq \
    "$(cap_lines "$T/d.pcap" "> $KADDR: ICMP (time exceeded|$RADDR udp port)")"
ns_cap_stop
lab down --name $N
check "--drop: down leaves nothing" gone

# --- --reject: host unreachable ---
lab up $LAB --netns --routed --reject --server echo:$P
ns_cap $N-c $IF "$T/r.pcap" 'icmp'
probe tcp $PADDR $P >"$T/rtcp"
check "--reject: connect fails, No route to host" \
    grep -q 'No route to host' "$T/rtcp"
probe tcp $PADDR $P $RADDR >"$T/rtcp2"
check "--reject: ... by the time of the mark (EHOSTUNREACH)" \
    grep -q '^connect: EHOSTUNREACH$' "$T/rtcp2"
probe udp 100 $PADDR $RADDR >"$T/rudp"
check "--reject: host unreachable from $RADDR" \
    grep -q "^icmp type 3 code 1 info 0 from $RADDR\$" "$T/rudp"
check "tcpdump: ICMP host $PADDR unreachable" \
    in_cap "$T/r.pcap" "$RADDR > $KADDR: ICMP host $PADDR unreachable"
ns_cap_stop
lab down --name $N
check "--reject: down leaves nothing" gone
check "after all: this host's routes are as before" \
    sh -c "$ROUTES | cmp -s '$T/routes.before' -"

check "--mtu without --routed is refused" \
    sh -c "! sh scripts/lab up $LAB --mtu 1400 >/dev/null 2>&1 &&
    ! ip netns list | grep -Eq '^$N( |\$)'"
check "--pmtu-blackhole without --routed is refused" \
    sh -c "! sh scripts/lab up $LAB --pmtu-blackhole >/dev/null 2>&1"
check "--drop and --reject together are refused" \
    sh -c "! sh scripts/lab up $LAB --routed --drop --reject >/dev/null 2>&1"
check "nothing left by the refusals" gone
sed 's/^/# /' "$T/out" "$T/o2" "$T/lab"
