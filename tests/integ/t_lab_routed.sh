# The routed lab (scripts/lab up --routed): a router namespace between
# tcpcraft's link and the peer's.  tcpcraft reaches the peer's echo server
# through it; the router's path MTU of 1400 draws "need to frag" for a DF
# packet of 1500 (from tcpcraft and from a kernel socket, whose TCP then
# finds the path MTU itself); a TTL of 1 draws "time exceeded"; --drop
# answers nothing at all, --reject "host unreachable", --pmtu-blackhole
# drops the too big untold (a kernel client stalls); down leaves no
# namespace, veth, nftables table or route behind.
# On IPv6 the same lab has a ULA /64 on each link, made of 10.77.26 and
# 10.77.27 as scripts/lab makes them: forwarding only in the router, no
# route out, the MTU of 1400 drawing ICMPv6 packet too big (no router
# fragments), --drop, --reject (address unreachable) and --pmtu-blackhole
# as ip6 rules too; and below 1280 a lab of IPv4 only.
# Everything stays in namespaces named tc-rlab-PID*, 10.77.26.0/24 and
# 10.77.27.0/24, fd74:6363:a:4d1a::/64 and fd74:6363:a:4d1b::/64, ports
# 26xxx.
. tests/integ/lib.sh
. tests/integ/lablib.sh
N=tc-rlab-$$
IF=tcrlab0
LAB="--name $N --if $IF --net 10.77.26"
P=26007
KADDR=10.77.26.1 LADDR=10.77.26.10 RADDR=10.77.26.254
RPADDR=10.77.27.1 PADDR=10.77.27.2
L6=fd74:6363:a:4d1a: Q6=fd74:6363:a:4d1b:
KADDR6=$L6:1 LADDR6=$L6:10 RADDR6=$L6:254 RPADDR6=$Q6:1 PADDR6=$Q6:2
export TCPCRAFT=$TC TCPCRAFT_LABS_CONF=$T/labs.conf
lab() { sh scripts/lab "$@" >>"$T/lab" 2>&1; }
gone() {
	! ip netns list | grep -Eq "^$N(-c|-r)?( |\$)" &&
	! ip link show $IF >/dev/null 2>&1 &&
	! [ -e /run/tcpcraft-lab/$N.conf ]
}
ROUTES='ip -4 route show table all'
routes() { $ROUTES; }
ROUTES6='ip -6 route show table all'
trap 'sh scripts/lab down --name $N >/dev/null 2>&1; cleanup' EXIT INT TERM
sh scripts/lab down --name $N >/dev/null 2>&1
routes >"$T/routes.before"
$ROUTES6 >"$T/routes6.before" 2>/dev/null
FWD=$(sysctl -n net.ipv4.ip_forward)
FWD6=$(sysctl -n net.ipv6.conf.all.forwarding 2>/dev/null)

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

# probe.py, run in tcpcraft's namespace with the kernel's sockets (IPv6
# when DST has a colon: "icmp6" errors, the hop limit for the TTL):
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
IPV6_RECVERR, IPV6_MTU_DISCOVER, IPV6_PMTUDISC_PROBE = 25, 23, 3
WAIT = 20

def fam(dst):
	return socket.AF_INET6 if ":" in dst else socket.AF_INET

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
		if lvl == socket.IPPROTO_IPV6 and typ == IPV6_RECVERR:
			# sock_extended_err, then the sender's sockaddr_in6
			_, _, t, c, _, info, _ = struct.unpack("=IBBBBII", d[:16])
			return "icmp6 type %d code %d info %d from %s" % (
			    t, c, info,
			    socket.inet_ntop(socket.AF_INET6, d[24:40]))
	return "an error without ICMP"

def udp(dst, size=32, ttl=None):
	s = socket.socket(fam(dst), socket.SOCK_DGRAM)
	if fam(dst) == socket.AF_INET6:
		# never fragmented here either, whatever path MTU is known
		s.setsockopt(socket.IPPROTO_IPV6, IPV6_RECVERR, 1)
		s.setsockopt(socket.IPPROTO_IPV6, IPV6_MTU_DISCOVER,
		    IPV6_PMTUDISC_PROBE)
		if ttl is not None:
			s.setsockopt(socket.IPPROTO_IPV6,
			    socket.IPV6_UNICAST_HOPS, ttl)
		s.connect((dst, 33434))
		s.send(b"x" * size)
		return s
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
		# the packet's size: less the IP header and UDP's 8
		hdr = 48 if fam(sys.argv[3]) == socket.AF_INET6 else 28
		s = udp(sys.argv[3], int(sys.argv[2]) - hdr)
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
	s = socket.socket(fam(sys.argv[2]), socket.SOCK_STREAM)
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

# --- IPv6 in the same lab ---
has6() {	# NS IFACE ADDR: ADDR/64 there, and no link-local address
	ip -n "$1" -6 addr show dev "$2" >"$T/a6" 2>&1 &&
	grep -q "inet6 $3/64 scope global" "$T/a6" &&
	! grep -q 'scope link' "$T/a6"
}
check "IPv6: $IF $KADDR6/64 in $N-c, no link-local address" \
    has6 $N-c $IF $KADDR6
# the router's: its address, and fe80::1 its only link-local one (the
# kernel solicits neighbours from it for what it forwards)
has6r() {
	ip -n $N-r -6 addr show dev "$1" >"$T/a6" 2>&1 &&
	grep -q "inet6 $2/64 scope global" "$T/a6" &&
	[ "$(grep -c 'scope link' "$T/a6")" -eq 1 ] &&
	grep -q 'inet6 fe80::1/64 scope link' "$T/a6"
}
router6() { has6r eth0 $RADDR6 && has6r eth1 $RPADDR6; }
check "IPv6: the router's eth0 $RADDR6/64, eth1 $RPADDR6/64, fe80::1 on both" \
    router6
check "IPv6: the peer's eth0 $PADDR6/64" has6 $N eth0 $PADDR6
check "IPv6: forwarding in the router only" \
    sh -c "[ \$(ip netns exec $N-r sysctl -n net.ipv6.conf.all.forwarding) = 1 ] &&
    [ \$(ip netns exec $N sysctl -n net.ipv6.conf.all.forwarding) = 0 ] &&
    [ \$(ip netns exec $N-c sysctl -n net.ipv6.conf.all.forwarding) = 0 ] &&
    [ \$(sysctl -n net.ipv6.conf.all.forwarding) = '$FWD6' ]"
check "IPv6: the router's ICMPv6 errors not rate-limited" \
    test "$(ip netns exec $N-r sysctl -n net.ipv6.icmp.ratelimit)" = 0
# the lab's namespaces' IPv6 routes, or their global addresses
ns6() { for n in $N $N-r $N-c; do ip -n $n -6 "$@"; done; }
check "IPv6: no default route in the lab's namespaces" \
    test -z "$(ns6 route show default)"
check "IPv6: $N-c routes its prefix and the peer's via $RADDR6, nothing else" \
    sh -c "ip -n $N-c -6 route show >'$T/r6c' &&
    grep -q '^$Q6:/64 via $RADDR6 dev $IF ' '$T/r6c' &&
    [ \$(grep -cv '^$L6:/64 dev $IF \\|^$Q6:/64 via $RADDR6 dev $IF \\|^fe80::/64 dev $IF \\|^multicast\\|^ff00::/8' '$T/r6c') -eq 0 ]"
check "IPv6: the peer's way back: $L6:/64 via the router's fe80::1" \
    sh -c "ip -n $N -6 route show | grep -q '^$L6:/64 via fe80::1 dev eth0 '"
check "IPv6: the router's route to $Q6:/64 has mtu 1400" \
    sh -c "ip -n $N-r -6 route show $Q6:/64 | grep -q 'mtu 1400'"
check "IPv6: this host's routes untouched" \
    sh -c "$ROUTES6 2>/dev/null | cmp -s '$T/routes6.before' -"
check "IPv6: labs.conf registers $L6:/64 beside 10.77.26.0/24" \
    sh -c "grep -q '^lab $IF 10\.77\.26\.0/24	# scripts/lab $N\$' '$T/labs.conf' &&
    grep -q '^lab $IF $L6:/64	# scripts/lab $N\$' '$T/labs.conf'"
check "IPv6: status prints both prefixes" \
    sh -c "sh scripts/lab status --name $N >'$T/status6' &&
    grep -q '$L6:/64 on $IF' '$T/status6' &&
    grep -q '$Q6:/64 on the peer' '$T/status6' &&
    grep -q 'ICMPv6 packet too big (mtu 1400)' '$T/status6'"
ns_cap $N-c $IF "$T/c6.pcap" 'icmp6 or (ip6 and tcp)'
probe tcp $PADDR6 $P >"$T/tcp6"
check "IPv6: a kernel TCP client echoed 3000 bytes through the router" \
    grep -q '^connected, echo 3000, mss' "$T/tcp6"
MSS6=$(sed -n 's/.*, mss \([0-9]*\)$/\1/p' "$T/tcp6")
check "  ... its MSS came down to the path's (${MSS6:-none} <= 1340)" \
    test "${MSS6:-9999}" -le 1340
check "  ... told by the router: ICMP6 packet too big, mtu 1400" \
    in_cap "$T/c6.pcap" "$RADDR6 > $KADDR6: .*ICMP6, packet too big, mtu 1400"
probe udp 1500 $PADDR6 $RADDR6 >"$T/v6df1500"
check "IPv6: a datagram of 1500: packet too big, mtu 1400, from $RADDR6" \
    grep -q "^icmp6 type 2 code 0 info 1400 from $RADDR6\$" "$T/v6df1500"
probe udp 1400 $PADDR6 $RADDR6 >"$T/v6df1400"
check "IPv6: one of 1400 passes: the peer answers port unreachable" \
    grep -q "^icmp6 type 1 code 4 info 0 from $PADDR6\$" "$T/v6df1400"
probe udp ttl1 $PADDR6 $RADDR6 >"$T/v6hl1"
check "IPv6: hop limit 1: time exceeded from $RADDR6" \
    grep -q "^icmp6 type 3 code 0 info 0 from $RADDR6\$" "$T/v6hl1"
check "IPv6: no fragment header on the wire (IPv6 routers never fragment)" \
    test "$(cap_lines "$T/c6.pcap" 'frag \(')" -eq 0
sh scripts/lab shell --name $N --src $LADDR6 -c "connect [$PADDR6]:$P; syn; expect S. within 20s; ack; send \"AB\"; expect P. \"AB\" within 20s; ack; rst" >"$T/o6" 2>&1
check "IPv6: lab shell --src $LADDR6, tcpcraft through the router (exit 0)" \
    test $? -eq 0
check "IPv6: the echo came back" \
    has "$T/o6" "In  IP6 $PADDR6\.$P > $LADDR6\.[0-9]+: Flags \[P\.\], seq 1:3, ack 3"
ns_cap_stop
lab down --name $N
check "netns form: down leaves nothing" gone
check "down: labs.conf holds nothing of the lab" \
    sh -c "! grep -q 'scripts/lab $N\$' '$T/labs.conf'"

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
check "--pmtu-blackhole, IPv6: the router's output drops its packet too big" \
    sh -c "ip netns exec $N-r nft list table ip6 tcpcraft_lab |
    grep -q 'icmpv6 type packet-too-big drop'"
check "--pmtu-blackhole, IPv6: status says so" \
    sh -c "sh scripts/lab status --name $N | grep -q 'no ICMPv6 packet too big'"
ns_cap $N-c $IF "$T/b6.pcap" 'icmp6'
probe udp 1500 $PADDR6 $RADDR6 >"$T/b6df1500"
check "--pmtu-blackhole, IPv6: a datagram of 1500 draws no ICMPv6" \
    grep -q '^no ICMP$' "$T/b6df1500"
probe udp 1400 $PADDR6 $RADDR6 >"$T/b6df1400"
check "--pmtu-blackhole, IPv6: one of 1400 still passes" \
    grep -q "^icmp6 type 1 code 4 info 0 from $PADDR6\$" "$T/b6df1400"
probe stall $PADDR6 $P >"$T/b6stall"
check "--pmtu-blackhole, IPv6: a kernel client's full segments retransmitted, nothing echoed" \
    grep -q '^retransmissions [2-9][0-9]*, echo 0$' "$T/b6stall"
check "--pmtu-blackhole, IPv6: no packet too big on the wire" \
    test "$(cap_lines "$T/b6.pcap" 'packet too big')" -eq 0
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
check "--drop, IPv6: an ip6 rule beside the IPv4 one, in the router only" \
    sh -c "ip netns exec $N-r nft list table ip6 tcpcraft_lab |
    grep -q 'ip6 daddr $PADDR6 drop'"
check "--drop, IPv6: status says so" \
    sh -c "sh scripts/lab status --name $N | grep -q 'drops all to $PADDR6 silently'"
ns_cap $N eth0 "$T/d6peer.pcap" 'ip6'
probe tcp $PADDR6 $P $RADDR6 >"$T/d6tcp"
check "--drop, IPv6: the SYN draws nothing (the connect still waits)" \
    grep -q '^no answer$' "$T/d6tcp"
probe udp 100 $PADDR6 $RADDR6 >"$T/d6udp"
check "--drop, IPv6: a datagram draws no ICMPv6" grep -q '^no ICMP$' "$T/d6udp"
probe udp ttl1 $PADDR6 $RADDR6 >"$T/d6hl"
check "--drop, IPv6: a hop limit of 1 still runs out at the router" \
    grep -q "^icmp6 type 3 code 0 info 0 from $RADDR6\$" "$T/d6hl"
ip netns exec $N-r python3 -c 'import socket, sys
socket.socket(socket.AF_INET6, socket.SOCK_DGRAM).sendto(b"m", (sys.argv[1], 9))' \
    $PADDR6
check "--drop, IPv6: the router's own datagram reaches the peer" \
    in_cap "$T/d6peer.pcap" "$RPADDR6\.[0-9]+ > $PADDR6\.9: .*UDP"
check "--drop, IPv6: nothing from $KADDR6 reached the peer" \
    test "$(cap_lines "$T/d6peer.pcap" "$KADDR6\.[0-9]+ >")" -eq 0
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
check "--reject, IPv6: the ip6 rule answers address unreachable" \
    sh -c "ip netns exec $N-r nft list table ip6 tcpcraft_lab |
    grep -q 'ip6 daddr $PADDR6 reject with icmpv6 addr-unreachable'"
ns_cap $N-c $IF "$T/r6.pcap" 'icmp6'
probe tcp $PADDR6 $P >"$T/r6tcp"
check "--reject, IPv6: connect fails, No route to host" \
    grep -q 'No route to host' "$T/r6tcp"
# Linux's IPv6 takes address unreachable as RFC 1122 says, a soft error
# in SYN-SENT (its IPv4 ends the connect at the first host unreachable)
probe tcp $PADDR6 $P $RADDR6 >"$T/r6tcp2"
check "--reject, IPv6: ... but not at the first error: a soft one in SYN-SENT" \
    grep -q '^no answer$' "$T/r6tcp2"
probe udp 100 $PADDR6 $RADDR6 >"$T/r6udp"
check "--reject, IPv6: address unreachable (type 1 code 3) from $RADDR6" \
    grep -q "^icmp6 type 1 code 3 info 0 from $RADDR6\$" "$T/r6udp"
check "tcpdump: ICMP6 unreachable address $PADDR6" \
    in_cap "$T/r6.pcap" "$RADDR6 > $KADDR6: .*ICMP6, destination unreachable, unreachable address $PADDR6"
ns_cap_stop
lab down --name $N
check "--reject: down leaves nothing" gone
check "after all: this host's routes are as before" \
    sh -c "$ROUTES | cmp -s '$T/routes.before' -"
check "after all: this host's IPv6 routes are as before" \
    sh -c "$ROUTES6 2>/dev/null | cmp -s '$T/routes6.before' -"

# --- below IPv6's minimum MTU: IPv4 only ---
lab up $LAB --netns --routed --mtu 1200 --server echo:$P
check "--mtu 1200: up, the IPv4 route to the peer has mtu 1200" \
    sh -c "ip -n $N-r route show 10.77.27.0/24 | grep -q 'mtu 1200'"
check "--mtu 1200: no IPv6 address in the lab (IPv6 needs 1280)" \
    test -z "$(ns6 addr show scope global)"
check "--mtu 1200: status says IPv4 only" \
    sh -c "sh scripts/lab status --name $N | grep -q 'IPv6        none: --mtu 1200 is below'"
check "--mtu 1200: labs.conf registers no IPv6 prefix" \
    sh -c "! grep -q '^lab $IF fd74' '$T/labs.conf'"
lab down --name $N
check "--mtu 1200: down leaves nothing" gone

check "--mtu without --routed is refused" \
    sh -c "! sh scripts/lab up $LAB --mtu 1400 >/dev/null 2>&1 &&
    ! ip netns list | grep -Eq '^$N( |\$)'"
check "--pmtu-blackhole without --routed is refused" \
    sh -c "! sh scripts/lab up $LAB --pmtu-blackhole >/dev/null 2>&1"
check "--drop and --reject together are refused" \
    sh -c "! sh scripts/lab up $LAB --routed --drop --reject >/dev/null 2>&1"
check "nothing left by the refusals" gone
sed 's/^/# /' "$T/out" "$T/o2" "$T/lab"
