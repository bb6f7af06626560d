# The IPv6 twins of scripts/labs/ (issue 13): every lab script, its
# addresses made IPv6, exits 0 on loopback ::1 and on the lab NIC.
#
# A twin is the script rewritten by twin6 below, nothing else changed:
# 127.0.0.1 becomes [::1] (on the lab NIC the peer host's [P::2]), a
# "listen PORT" listens on [::1] (on the lab NIC on our lab address
# [P::10]), and each "# peer: KIND:PORT" line starts --peer KIND:[::1]:PORT
# (on the lab NIC scripts/lab's --server KIND:PORT, which serves on both
# families there; the client kind, which connects to us, is a python
# client in the lab namespace).  P is scripts/lab's ULA prefix.
# The labs with a "# lab:" line (17-20: a routed lab, path MTU, a PMTUD
# black hole, an unreachable host, traceroute) run on scripts/lab
# --routed's IPv6: P::10 ours, the peer Q::2 behind the router P::254.
# Their twins are rewritten more (twin6r): the addresses, ICMPv6's names
# for the errors (need-frag is packet-too-big, "host unreachable" an
# "unreachable address" after Neighbor Discovery gave up), MSS = MTU - 60
# (1460 and 1360 become 1440 and 1340, and the sequence numbers that
# follow from them), and the header of each says what differs on IPv6:
# no router fragments, hence no DF bit; packet too big is never to be
# filtered; ND is ARP's twin; the hop limit is the TTL.  17, 19 and 20
# need tcpcraft to take ICMPv6 errors in (expect icmp packet-too-big):
# without, they say SKIP and the parts that need no ICMPv6 run alone.
. tests/integ/lib.sh
LABN=tclabs6-$$
IF=h4tw6
NET=10.77.47
P6=fd74:6363:a:4d2f:
Q6=fd74:6363:a:4d30:	# the routed lab's peer link, from 10.77.48
export TCPCRAFT=$TC TCPCRAFT_LABS_CONF=$T/labs.conf
labs_down() { sh scripts/lab down --name $LABN >/dev/null 2>&1; }
trap 'labs_down; cleanup' EXIT INT TERM

# twin6 FILE ADDR LISTENADDR MSS: the twin of FILE on stdout; the
# kernel's MSS on loopback, IPv4's 65495, becomes IPv6's MSS (65476 on
# ::1, 1440 on the lab's Ethernet)
twin6() {
	sed -e "s/127\.0\.0\.1/[$2]/g" -e "s/mss 65495/mss $4/g" \
	    -e "s/^\([ 	]*\)listen \([0-9][0-9]*\)/\1listen [$3]:\2/" \
	    -e "s|/tmp/tcpcraft-lab15.pcap|$T/lab15-6.pcap|" "$1"
}
peers() { sed -n 's/^# peer: *\([a-z]*:[0-9]*\) *$/\1/p' "$1"; }

# What this build can do yet: a conversation on ::1, and --peer servers
# on an IPv6 address (both another branch's).  Without them the twins say
# SKIP, with the reason, rather than fail or pass.
"$TC" --peer echo:[::1]:22290 -c "connect [::1]:22290; syn; expect S. \
    within 5s; rst" >"$T/probe" 2>&1
LO6=$?
why_lo="no IPv6 conversation on ::1 in this build: $(grep -m1 -i 'error\|peer' "$T/probe")"

run() {	# NAME WHERE CMD...: the twin exits 0
	name=$1 where=$2
	shift 2
	timeout 60 "$@" >"$T/$name.$where.out" 2>&1
	rc=$?
	if [ $rc -eq 0 ]; then
		ok "$name, IPv6 twin on $where, exits 0"
	else
		notok "$name, IPv6 twin on $where, exits 0" \
		    "exit status $rc; output:"
		sed 's/^/#   /' "$T/$name.$where.out"
	fi
}

# twin6r FILE: a routed lab's twin, its header (the comment before the
# first command) told for IPv6 by header6, its lines rewritten
twin6r() {
	sed -n '/^# lab:/p' "$1"
	header6 "$(basename "$1")"
	echo
	sed -n '/^[a-z]/,$p' "$1" | sed \
	    -e "s/10\.77\.1\.\([0-9]*\):\([0-9]\)/[$Q6:\1]:\2/g" \
	    -e "s/10\.77\.1\.\([0-9]*\)/$Q6:\1/g" \
	    -e "s/10\.77\.0\.254/$P6:254/g" \
	    -e 's/icmp need-frag/icmp packet-too-big/' \
	    -e 's/"need to frag (mtu 1400)"/"packet too big, mtu 1400"/' \
	    -e 's/"host \([^ ]*\) unreachable"/"unreachable address \1"/' \
	    -e "s/router's ARP gave up/router's ND gave up/" \
	    -e 's/# no ICMP,/# no ICMPv6,/' \
	    -e 's/\b1460\b/1440/g' -e 's/\b1360\b/1340/g' \
	    -e 's/\b1361\b/1341/g' -e 's/\b1461\b/1441/g' \
	    -e 's/\b1366\b/1346/g' -e 's/\b1466\b/1446/g'
}

# header6 NAME: what lab NAME teaches, told for IPv6
header6() {
	case $1 in
	17-*) cat <<'EOF'
# Lab 17, IPv6 twin - path MTU discovery: a router's "packet too big".
#
#   scripts/lab up --routed --mtu 1400
#   scripts/lab shell --src P::10 -f THIS-TWIN
#
# MTU is the largest IP packet a link carries; on IPv6 MSS = MTU - 60,
# the TCP data that fits after the fixed 40-byte IPv6 header and 20 of
# TCP header.  Both ends sit on links of MTU 1500 and offer MSS 1440, but
# the router between them forwards at most 1400 bytes towards the peer.
# IPv6 has no Don't Fragment bit: no router ever fragments (only the
# sender may, with a fragment header), so every packet is as if DF were
# set.  A full segment cannot pass: the router drops it and tells us
# with ICMPv6 packet too big (type 2), "mtu 1400", quoting as much of
# our packet as fits in 1280 bytes.  tcpcraft checks the quote against
# the connection (RFC 5927: is that sequence number one we sent and
# nobody acknowledged?), then lowers the path MTU to 1400 and the MSS it
# sends with to 1340 (RFC 8201).  No path MTU goes below 1280, the
# smallest link IPv6 allows.
EOF
	;;
	18-*) cat <<'EOF'
# Lab 18, IPv6 twin - a PMTUD black hole: the router's ICMPv6 never comes.
#
#   scripts/lab up --routed --mtu 1400 --pmtu-blackhole
#   scripts/lab shell --src P::10 -f THIS-TWIN
#
# The same router as in lab 17, forwarding at most 1400 bytes to the
# peer, but a firewall drops the ICMPv6 packet too big it would send
# back.  On IPv6 that is worse than on IPv4: no router fragments, so
# packet too big is the only way a sender learns the path's MTU, and
# RFC 4890 says a firewall must never drop it.  A small segment passes;
# a full one vanishes without a word, and so does each resend of it: the
# connection is up, the handshake was fine, and yet nothing bigger than
# 1400 bytes ever arrives.  Without that ICMPv6 a sender only finds the
# size by probing smaller (RFC 4821; Linux: net.ipv4.tcp_mtu_probing,
# for IPv6 too).
EOF
	;;
	19-*) cat <<'EOF'
# Lab 19, IPv6 twin - a host that is down, a port that is closed: who
# answers?
#
#   scripts/lab up --routed
#   scripts/lab shell --src P::10 -f THIS-TWIN
#
# On one link a host finds another by Neighbor Discovery (ARP's twin: a
# neighbor solicitation to the address's solicited-node group); past a
# router it is the router that asks, on the last link, and the router
# that answers when nobody does.  Q::3 is on the peer's link, but no
# machine has that address (a host that is down): the router solicits it
# three times, one second apart (RFC 4861), then gives up and sends
# ICMPv6 destination unreachable, code 3 "address unreachable", quoting
# our SYN.  The peer's own address with a port nobody listens on is
# different: the host is up, and its kernel answers at once with RST.
# An ICMPv6 error does not close a connection in SYN-SENT (RFC 1122
# 4.2.3.9: a "soft" error; a kernel client keeps resending its SYN and
# reports EHOSTUNREACH only when it gives up).
# Try also: scripts/lab up --routed --reject (the router answers address
# unreachable at once, as a firewall's reject rule does) and --drop.
EOF
	;;
	20-*) cat <<'EOF'
# Lab 20, IPv6 twin - a TCP traceroute: who is on the way?
#
#   scripts/lab up --routed
#   scripts/lab shell --src P::10 -f THIS-TWIN
#
# IPv6's TTL is the hop limit: every router lowers it by one and drops
# the packet when it reaches 0, answering ICMPv6 time exceeded (type 3,
# code 0) from its own address.  A SYN with hop limit 1 therefore names
# the first router, 2 the second hop, and so on until the destination
# answers itself: SYN-ACK when the port is open (tcpcraft answers it
# with RST, leaving no half-open connection), RST when it is closed.
# Each line shows the round trip.
EOF
	;;
	esac
}

# What this build can do yet on IPv6 behind a router: take ICMPv6 errors
# in (another branch's): its parser knows packet-too-big.
"$TC" -c 'expect icmp packet-too-big within 1s' >"$T/icmp6probe" 2>&1
ICMP6=yes
if grep -q "unknown ICMP error 'packet-too-big'" "$T/icmp6probe"; then
	ICMP6=
	why_icmp6="tcpcraft takes no ICMPv6 error in yet: $(head -1 "$T/icmp6probe" | sed 's/^-c:[0-9:]* //')"
fi

# --- on loopback ::1 ---
for f in scripts/labs/*.tc; do
	name=$(basename "$f")
	# a routed lab's twin runs in the routed lab (below)
	grep -q '^# lab:' "$f" && continue
	if [ $LO6 -ne 0 ]; then
		echo "ok - $name, IPv6 twin on ::1 # SKIP $why_lo"
		continue
	fi
	twin6 "$f" ::1 ::1 65476 >"$T/$name"
	args=
	for p in $(peers "$f"); do
		args="$args --peer ${p%%:*}:[::1]:${p##*:}"
	done
	# shellcheck disable=SC2086
	run "$name" ::1 "$TC" $args -f "$T/$name"
done
if [ $LO6 -eq 0 ]; then
	tcpdump -nr "$T/lab15-6.pcap" >"$T/lab15.txt" 2>/dev/null
	check "15-capture.tc twin: its pcap holds the whole IPv6 session" sh -c "
		head -1 '$T/lab15.txt' | grep -q 'IP6 ::1\.[0-9]* > ::1\.[0-9]*: Flags \[S\], seq [0-9]*,' &&
		tail -1 '$T/lab15.txt' | grep -q 'Flags \[\.\], ack' &&
		[ \$(wc -l <'$T/lab15.txt') -ge 9 ]"
fi

# --- on the lab NIC ---
cat >"$T/client6.py" <<'EOF'
# the client peer's twin in the lab: connect() to us until it works,
# then what --peer client does (peerclient.c): its hello, an echo of what
# it reads until the end of file
import socket, sys, time
for _ in range(600):
    try:
        s = socket.create_connection((sys.argv[1], int(sys.argv[2])), 1)
        break
    except OSError:
        time.sleep(0.1)
else:
    sys.exit(1)
s.settimeout(60)
s.sendall(b"hi from the kernel client\r\n")
while True:
    b = s.recv(4096)
    if not b:
        break
    s.sendall(b)
s.close()
EOF
for f in scripts/labs/*.tc; do
	name=$(basename "$f")
	grep -q '^# lab:' "$f" && continue
	if [ $LO6 -ne 0 ]; then
		echo "ok - $name, IPv6 twin on the lab NIC # SKIP $why_lo"
		continue
	fi
	up="--name $LABN --if $IF --net $NET"
	for p in $(peers "$f"); do
		if [ "${p%%:*}" = client ]; then
			up="$up --cmd 'python3 $T/client6.py ${P6}:10 ${p##*:}'"
		else
			up="$up --server $p"
		fi
	done
	if ! eval sh scripts/lab up "$up" >"$T/$name.lab" 2>&1; then
		notok "$name, IPv6 twin on the lab NIC: scripts/lab up" \
		    "$(cat "$T/$name.lab")"
		continue
	fi
	if grep -q 'no IPv6 server' "$T/$name.lab"; then
		echo "ok - $name, IPv6 twin on the lab NIC # SKIP --peer takes no IPv6 address in this build"
		labs_down
		continue
	fi
	twin6 "$f" ${P6}:2 ${P6}:10 1440 >"$T/$name.nic"
	run "$name" "the lab NIC" "$TC" -i $IF --src ${P6}:10 -f "$T/$name.nic"
	labs_down
done

# --- in the routed lab: 17-20 ---
# want6 NAME: what the twin of lab NAME prints, "WHAT<tab>REGEX" lines
R6="$P6:254 > $P6:10: ICMP6"
want6() {
	case $1 in
	17-*) printf '%s\t%s\n' \
	    "the router's packet too big, mtu 1400" \
	    "In  IP6 $R6, packet too big, mtu 1400, .*path MTU 1400" \
	    "tcb: path MTU 1400 from a packet too big, send MSS 1340" \
	    "^Path MTU 1400 \(from an ICMPv6 packet too big\): send MSS 1340" ;;
	19-*) printf '%s\t%s\n' \
	    "the router's address unreachable, once ND gave up" \
	    "In  IP6 $R6, destination unreachable, unreachable address $Q6:3" \
	    "port 9 closed: RST" \
	    "In  IP6 $Q6:2\.9 > $P6:10\.[0-9]+: Flags \[R\.\]" ;;
	20-*) printf '%s\t%s\n' \
	    "hop 1 the router, by its time exceeded" \
	    "In  IP6 $R6, time exceeded in-transit .*# hop 1: $P6:254," \
	    "hop 2 the peer, port 7 open" \
	    "# hop 2: $Q6:2, .*port open" \
	    "port 9 closed, host reached at hop 2" \
	    "# hop 2: $Q6:2, .*port closed" ;;
	esac
}
for f in scripts/labs/*.tc; do
	name=$(basename "$f")
	lab=$(sed -n 's/^# lab: *//p' "$f" | head -1)
	[ -n "$lab" ] || continue
	twin6r "$f" >"$T/$name.r6"
	check "$name: its IPv6 twin names no IPv4 address" \
	    sh -c "! grep -Eq '(^|[^0-9.])10\.77\.[0-9]+\.[0-9]+' '$T/$name.r6'"
	where="the routed lab"
	src=$T/$name.r6
	if [ -z "$ICMP6" ] && grep -q '^expect icmp\|^traceroute' "$src"; then
		echo "ok - $name, IPv6 twin in the routed lab # SKIP $why_icmp6"
		# what needs no ICMPv6 runs alone: the twin without its
		# expect icmp lines (a traceroute is ICMP through and through)
		grep -q '^traceroute' "$src" && continue
		grep -v '^expect icmp' "$src" >"$T/$name.r6part"
		where="the routed lab (only what needs no ICMPv6)"
		src=$T/$name.r6part
	fi
	# shellcheck disable=SC2086
	if ! sh scripts/lab up --name $LABN --if $IF --net $NET $lab \
	    >"$T/$name.lab" 2>&1; then
		notok "$name, IPv6 twin in $where: scripts/lab up $lab" \
		    "$(cat "$T/$name.lab")"
		continue
	fi
	run "$name" "$where" "$TC" -i $IF --src ${P6}:10 -f "$src"
	labs_down
	[ "$src" = "$T/$name.r6" ] || continue
	# what a student reads: ICMPv6 in tcpdump's words, from the router
	want6 "$name" | while IFS='	' read -r what re; do
		if grep -Eq -- "$re" "$T/$name.$where.out"; then
			ok "$name twin: $what"
		else
			notok "$name twin: $what" "no line matches $re in:"
			sed 's/^/#   /' "$T/$name.$where.out" "$T/$name.lab"
		fi
	done
done
