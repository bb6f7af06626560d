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
# The labs with a "# lab:" line (17-20: a routed lab, path MTU, an
# unreachable host, traceroute) are IPv4-only by design: scripts/lab
# --routed builds no IPv6 (and ICMPv6 is not ICMP); they have no twin.
. tests/integ/lib.sh
LABN=tclabs6-$$
IF=h4tw6
NET=10.77.47
P6=fd74:6363:a:4d2f:
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

# --- on loopback ::1 ---
for f in scripts/labs/*.tc; do
	name=$(basename "$f")
	if grep -q '^# lab:' "$f"; then
		echo "ok - $name: no IPv6 twin # SKIP a routed lab, IPv4-only by design"
		continue
	fi
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
