#!/bin/sh
# make bench: tcpcraft side by side with hping3, nping, Scapy and minimal C
# programs on loopback, alternating runs, then a table of medians, min-max
# and ratios.  A benchmark, not a test: it asserts nothing about time.
# The flood and probe rows are measured on IPv6 too, on ::1 (nping -6,
# Scapy and the C programs with an IPv6 raw socket: hping3 has no IPv6).
#
# Every packet goes to 127.0.0.1, to ::1 or through a veth pair between two
# namespaces the bench creates and removes (10.213.0.0/24 only there, no
# route out: the lab NIC rows); every loop is bounded by a count and a
# timeout.  Ports: 25900 closed (floods), 25901 a kernel echo server
# on 127.0.0.1 and another on ::1 (latency, Scapy sessions),
# 25902 and 25905 tcpcraft's --peer echo,
# 25903 tcpcraft --serve --peer echo (the C sessions' peer),
# 25904 closed (the load of the capture row).  The lab NIC's flood rows
# are measured twice: with the other namespace's kernel answering each
# SYN, and with it dropping TCP at its ingress (nft netdev), the sender's
# own rate, since through veth the receiver's work runs inside the
# sender's send.  Needs root.
#
# Environment: O (build dir, default build), ROUNDS (default 3),
# FLOOD_N (packets per flood run, default 1000000), PROBES (default 200),
# CPU (the core every measured program is pinned to, default the last;
# the capture row's flood runs on another), BASE (another tcpcraft
# binary, e.g. built from an earlier commit: each tcpcraft row is also
# measured with it, alternating, and the table says new against base).
# PACKETDRILL (a packetdrill binary, else one on PATH): seconds per
# tests/packetdrill/*.pkt under tcpcraft --packetdrill and packetdrill.
# SPDX-License-Identifier: GPL-3.0-or-later
cd "$(dirname "$0")/.." || exit 2
O=${O:-build}
ROUNDS=${ROUNDS:-3}
FLOOD_N=${FLOOD_N:-1000000}
PROBES=${PROBES:-200}
TC=$O/tcpcraft
B=$O/bench
PY=/usr/bin/python3
P_CLOSED=25900
P_ECHO=25901
P_PEER=25902
P_LOAD=25904
P_PEER2=25905
P_SERVE=25903
NFT_TABLE=tcpcraft_bench
# the lab NIC rows: tcpcraft -i a0 in NSA, its peers behind b0 in NSB
NSA=tcbench-a-$$
NSB=tcbench-b-$$
LA=10.213.0.1		# NSA's kernel on a0
LB=10.213.0.2		# NSB on b0: --serve --peer echo, closed P_CLOSED
LSRC=10.213.0.10	# tcpcraft's lab address, for the sessions
NCPU=$(nproc)
CPU=${CPU:-$((NCPU - 1))}
OTHER=$(( (CPU + 1) % NCPU ))
if command -v taskset >/dev/null 2>&1; then
	PIN="taskset -c $CPU"
	PIN2="taskset -c $OTHER"
else
	PIN=
	PIN2=
fi

if [ "$(id -u)" -ne 0 ]; then
	echo "bench: needs root (raw sockets, capture, nftables)" >&2
	exit 2
fi
T=$(mktemp -d) || exit 2
BG=
cleanup() {
	for p in $BG; do kill "$p" 2>/dev/null; done
	wait 2>/dev/null
	nft delete table inet $NFT_TABLE 2>/dev/null
	ip netns del $NSA 2>/dev/null
	ip netns del $NSB 2>/dev/null
	rm -rf "$T"
}
trap cleanup EXIT INT TERM

# --- build the minimal C baselines ---------------------------------------
mkdir -p "$B"
NETLIBS=$(libnet-config --libs 2>/dev/null || echo -lnet)
NETCF=$(libnet-config --defines 2>/dev/null)
CF="-O2 -Wall -Wextra -Ibench -Iinclude -D_GNU_SOURCE -D_DEFAULT_SOURCE"
cc $CF -o "$B/rawflood" bench/rawflood.c &&
cc $CF $NETCF -o "$B/lnlat" bench/lnlat.c $NETLIBS -lpcap &&
cc $CF $NETCF -o "$B/starthandles" bench/starthandles.c $NETLIBS -lpcap &&
cc $CF -o "$B/timeit" bench/timeit.c &&
cc $CF -o "$B/sessc" bench/sessc.c &&
cc $CF -o "$B/pktflood" bench/pktflood.c &&
cc $CF -o "$B/scale" bench/scale.c "$O/libcore.a" || {
	echo "bench: building the baselines failed" >&2
	exit 1
}

# values go to $T/ROW.TOOL, one a line
add() { echo "$3" >>"$T/$1.$2"; }
num() { sed -n "s/.*$1 \([0-9.][0-9.]*\).*/\1/p" | head -1; }
now() { date +%s.%N; }
elapsed() { echo "$1 $2" | awk '{ printf "%.6f", $2 - $1 }'; }

# --- the servers ------------------------------------------------------------
for p in $P_CLOSED $P_ECHO $P_PEER $P_SERVE $P_LOAD $P_PEER2; do
	if ss -tanH "( sport = :$p )" | grep -q .; then
		echo "bench: port $p is in use; the bench needs 25900-25905" >&2
		exit 1
	fi
done
$PY bench/echo.py $P_ECHO &
BG="$BG $!"
$PY bench/echo.py $P_ECHO ::1 &
BG="$BG $!"
# the C sessions' peer: tcpcraft's own echo peer, alone
$PIN $TC --serve --peer echo:$P_SERVE >/dev/null 2>&1 &
BG="$BG $!"
i=0
while { [ "$(ss -tlnH "( sport = :$P_ECHO )" | wc -l)" -lt 2 ] ||
    ! ss -tlnH "( sport = :$P_SERVE )" | grep -q .; } && [ $i -lt 100 ]; do
	sleep 0.05
	i=$((i + 1))
done

# scripted sessions: handshake, "AB" echoed, we close, the peer closes
# (sessions N PORT [HOST])
sessions() {
	j=0
	while [ $j -lt "$1" ]; do
		cat <<EOF
connect ${3:-127.0.0.1}:$2
syn
expect S.
ack
send "AB"
expect P. "AB"
ack
fin
expect F.
ack
close
EOF
		j=$((j + 1))
	done
}
sessions 1000 $P_PEER >"$T/s1000.tc"
sessions 100 $P_PEER >"$T/s100.tc"
sessions 300 $P_PEER2 >"$T/s300.tc"
sessions 1000 $P_SERVE $LB >"$T/slab.tc"

# the lab: a veth pair, a0 in NSA (tcpcraft's side), b0 in NSB with
# tcpcraft's echo peer alone; only link-local to these two namespaces
lab_up() {
	ip netns add $NSA && ip netns add $NSB &&
	ip -n $NSA link set lo up && ip -n $NSB link set lo up &&
	ip -n $NSA link add a0 type veth peer name b0 netns $NSB &&
	ip netns exec $NSA sysctl -qw net.ipv6.conf.a0.disable_ipv6=1 &&
	ip netns exec $NSB sysctl -qw net.ipv6.conf.b0.disable_ipv6=1 &&
	ip -n $NSA addr add $LA/24 dev a0 &&
	ip -n $NSB addr add $LB/24 dev b0 &&
	ip -n $NSA link set a0 up && ip -n $NSB link set b0 up
}
if lab_up; then
	LMAC=$(ip netns exec $NSB cat /sys/class/net/b0/address)
	ip netns exec $NSB $PIN $TC --serve --peer echo:$LB:$P_SERVE \
	    >/dev/null 2>&1 &
	BG="$BG $!"
	i=0
	while ! ip netns exec $NSB ss -tlnH "( sport = :$P_SERVE )" |
	    grep -q . && [ $i -lt 100 ]; do
		sleep 0.05
		i=$((i + 1))
	done
else
	echo "bench: no lab namespaces: the lab NIC rows are skipped" >&2
	LMAC=
fi

# The tcpcraft measurements, of the binary $1: one value each.
m_flood() {
	$PIN "$1" -c "flood 127.0.0.1:$P_CLOSED S count $FLOOD_N" |
	    sed -n 's/.* \([0-9][0-9]*\) pps.*/\1/p'
}
m_probe() {
	$PIN "$1" -c "probe 127.0.0.1:$P_ECHO count $PROBES interval 10ms" |
	    sed -n 's|^rtt min/avg/max/median = [^ ]*/\([0-9.]*\) ms|\1|p' |
	    awk '{ printf "%.1f", $1 * 1000 }'
}
# the same on IPv6, to ::1
m_flood6() {
	$PIN "$1" -c "flood [::1]:$P_CLOSED S count $FLOOD_N" |
	    sed -n 's/.* \([0-9][0-9]*\) pps.*/\1/p'
}
m_probe6() {
	$PIN "$1" -c "probe [::1]:$P_ECHO count $PROBES interval 10ms" |
	    sed -n 's|^rtt min/avg/max/median = [^ ]*/\([0-9.]*\) ms|\1|p' |
	    awk '{ printf "%.1f", $1 * 1000 }'
}
m_start() {
	$PIN $B/timeit 20 "$1" -c quit | num median_ms
}
m_start_h() {
	$PIN $B/timeit 10 "$1" -c "connect 127.0.0.1:$P_ECHO; quit" |
	    num median_ms
}
m_sessions() {
	t0=$(now)
	$PIN timeout 300 "$1" --peer echo:$P_PEER -f "$T/s1000.tc" \
	    >"$T/tp.out" 2>&1
	rc=$?
	t1=$(now)
	[ $rc -eq 0 ] || echo "bench: $1 sessions exited $rc" >&2
	echo "1000 $(elapsed "$t0" "$t1")" | awk '{ printf "%.1f", $1 / $2 }'
	# the same from the first packet's time to the last's, as printed:
	# the sessions alone, as the C program times its own (tp.span)
	awk '/^ *[0-9]+\.[0-9]+ (In |Out) / { t = $1; if (f == "") f = t }
	    END { if (t > f) printf "%.1f", 1000 / (t - f) }' "$T/tp.out" \
	    >"$T/tp.span"
}
# through the lab NIC (tcpcraft -i a0 in NSA)
m_lflood() {
	[ -n "$LMAC" ] || return
	ip netns exec $NSA $PIN "$1" -i a0 -c \
	    "flood $LB:$P_CLOSED S count $FLOOD_N" |
	    sed -n 's/.* \([0-9][0-9]*\) pps.*/\1/p'
}
m_lprobe() {
	[ -n "$LMAC" ] || return
	ip netns exec $NSA $PIN "$1" -i a0 -c \
	    "probe $LB:$P_SERVE count $PROBES interval 10ms" |
	    sed -n 's|^rtt min/avg/max/median = [^ ]*/\([0-9.]*\) ms|\1|p' |
	    awk '{ printf "%.1f", $1 * 1000 }'
}
m_lsessions() {
	[ -n "$LMAC" ] || return
	t0=$(now)
	ip netns exec $NSA $PIN timeout 300 "$1" -i a0 --src $LSRC \
	    -f "$T/slab.tc" >"$T/tpl.out" 2>&1
	rc=$?
	t1=$(now)
	[ $rc -eq 0 ] || echo "bench: $1 lab sessions exited $rc" >&2
	echo "1000 $(elapsed "$t0" "$t1")" | awk '{ printf "%.1f", $1 / $2 }'
}
# peak RSS in KiB of the 1,000-session script and of its first 100
m_rss1000() {
	/usr/bin/time -f 'maxrss %M' timeout 300 "$1" --peer echo:$P_PEER \
	    -f "$T/s1000.tc" 2>&1 >/dev/null | num maxrss
}
m_rss100() {
	/usr/bin/time -f 'maxrss %M' timeout 300 "$1" --peer echo:$P_PEER \
	    -f "$T/s100.tc" 2>&1 >/dev/null | num maxrss
}
# measure ROW TOOL NAME: tcpcraft's value, and BASE's right after it
measure() {
	add "$1" "$2" "$(m_$3 $TC)"
	[ -z "$BASE" ] || add "$1" "$2_base" "$(m_$3 "$BASE")"
}

# lab_flood ROW: SYNs through the lab NIC to a closed port, by each tool
lab_flood() {
	measure "$1" tcpcraft lflood
	add "$1" ring "$(ip netns exec $NSA $PIN $B/pktflood a0 $LMAC \
	    $LA $LB $P_CLOSED "$FLOOD_N" ring | num pps)"
	add "$1" mmsg "$(ip netns exec $NSA $PIN $B/pktflood a0 $LMAC \
	    $LA $LB $P_CLOSED "$FLOOD_N" mmsg | num pps)"
	t0=$(now)
	n=$(ip netns exec $NSA $PIN timeout -s INT 3 hping3 -I a0 \
	    --flood -S -p $P_CLOSED $LB 2>&1 |
	    sed -n 's/^\([0-9][0-9]*\) packets transmitted.*/\1/p')
	t1=$(now)
	add "$1" hping3 "$(echo "$n $(elapsed "$t0" "$t1")" |
	    awk '{ printf "%.0f", $1 / $2 }')"
}

echo "bench: $ROUNDS rounds, tools alternating within each round" >&2
r=0
while [ $r -lt "$ROUNDS" ]; do
	r=$((r + 1))
	echo "bench: round $r" >&2

	# SYNs/s to a closed port: the kernel answers each with RST|ACK
	measure syn tcpcraft flood
	add syn rawc "$($PIN $B/rawflood $P_CLOSED "$FLOOD_N" 64 | num pps)"
	t0=$(now)
	n=$($PIN timeout -s INT 3 hping3 --flood -S -p $P_CLOSED 127.0.0.1 2>&1 |
	    sed -n 's/^\([0-9][0-9]*\) packets transmitted.*/\1/p')
	t1=$(now)
	add syn hping3 "$(echo "$n $(elapsed "$t0" "$t1")" |
	    awk '{ printf "%.0f", $1 / $2 }')"
	n=$((FLOOD_N / 4))
	s=$($PIN timeout 60 nping --tcp -p $P_CLOSED --flags syn -c $n \
	    --rate 10000000 -N -H -q 127.0.0.1 2>&1 |
	    sed -n 's/.* in \([0-9.][0-9.]*\) seconds.*/\1/p')
	add syn nping "$(echo "$n $s" | awk '{ printf "%.0f", $1 / $2 }')"
	add syn scapy "$($PIN timeout 120 $PY bench/scapy_flood.py $P_CLOSED 20000 |
	    num pps)"

	# the rate limit: achieved / asked, one second at each rate
	for rt in 1000 10000 100000; do
		v=$($PIN $TC -c "flood 127.0.0.1:$P_CLOSED S count $rt rate $rt" |
		    sed -n 's/.* \([0-9][0-9]*\) pps (asked.*/\1/p')
		add rate "r$rt" "$(echo "$v $rt" |
		    awk '{ printf "%.4f", $1 / $2 }')"
	done

	# SYN -> SYN-ACK, 10 ms between probes
	measure lat tcpcraft probe
	add lat lnlat "$($PIN $B/lnlat $P_ECHO "$PROBES" 10000 | num median_us)"
	$PIN timeout 60 hping3 -S -p $P_ECHO -c "$PROBES" -i u10000 127.0.0.1 \
	    2>/dev/null | sed -n 's/.*rtt=\([0-9.]*\) ms.*/\1/p' |
	    sort -n >"$T/h3rtt"
	add lat hping3 "$(awk '{ v[NR] = $1 } END { if (NR) printf "%.1f",
	    1000 * v[int((NR + 1) / 2)] }' "$T/h3rtt")"
	add lat scapy "$($PIN timeout 120 $PY bench/scapy_lat.py $P_ECHO 30 10 |
	    num median_us)"

	# the same two on IPv6 (::1): no hping3, which has no IPv6
	measure syn6 tcpcraft flood6
	add syn6 rawc "$($PIN $B/rawflood $P_CLOSED "$FLOOD_N" 64 6 | num pps)"
	n=$((FLOOD_N / 4))
	s=$($PIN timeout 60 nping -6 --tcp -p $P_CLOSED --flags syn -c $n \
	    --rate 10000000 -N -H -q ::1 2>&1 |
	    sed -n 's/.* in \([0-9.][0-9.]*\) seconds.*/\1/p')
	add syn6 nping "$(echo "$n $s" | awk '{ printf "%.0f", $1 / $2 }')"
	add syn6 scapy "$($PIN timeout 120 $PY bench/scapy_flood.py $P_CLOSED \
	    20000 ::1 | num pps)"
	measure lat6 tcpcraft probe6
	add lat6 lnlat "$($PIN $B/lnlat $P_ECHO "$PROBES" 10000 6 |
	    num median_us)"
	add lat6 scapy "$($PIN timeout 120 $PY bench/scapy_lat.py $P_ECHO 30 10 \
	    ::1 | num median_us)"

	# startup: to exit, without and with the handles open
	measure start tcpcraft start
	measure start tcpcraft_h start_h
	add start minc "$($PIN $B/timeit 20 $B/starthandles | num median_ms)"
	add start scapy "$($PIN $B/timeit 3 $PY -c 'import scapy.all' |
	    num median_ms)"

	# scale: the connection table with 10, 100,000 and 1,000,000 connections
	$PIN $B/scale 10 >"$T/sc10"
	$PIN $B/scale 100000 >"$T/sc100k"
	$PIN $B/scale 1000000 >"$T/sc1m"
	add scale hot10 "$(num hot_ns <"$T/sc10")"
	add scale hot100k "$(num hot_ns <"$T/sc100k")"
	add scale cold100k "$(num cold_ns <"$T/sc100k")"
	add scale mem100k "$(num bytes_per_conn <"$T/sc100k")"
	add scale hot1m "$(num hot_ns <"$T/sc1m")"
	add scale mem1m "$(num bytes_per_conn <"$T/sc1m")"

	# scripted throughput: 1,000 sessions against --peer echo, the
	# process from start to exit, and the sessions alone
	add tp tcpcraft "$(m_sessions $TC)"
	add tpin tcpcraft "$(cat "$T/tp.span")"
	if [ -n "$BASE" ]; then
		add tp tcpcraft_base "$(m_sessions "$BASE")"
		add tpin tcpcraft_base "$(cat "$T/tp.span")"
	fi
	if [ -x /usr/bin/time ]; then
		measure rss tcpcraft100 rss100
		measure rss tcpcraft1000 rss1000
	fi
	# the kernel's RSTs to segments for ports it has no socket for:
	# what tcpcraft's guard does per connection, here once for all
	nft -f - <<EOF
table inet $NFT_TABLE {
	chain out {
		type filter hook output priority 0;
		oif "lo" tcp dport $P_ECHO tcp flags & rst == rst drop
		oif "lo" tcp dport $P_SERVE tcp flags & rst == rst drop
	}
}
EOF
	v=$($PIN timeout 60 $B/sessc $P_SERVE 1000 | num sessions_per_s)
	add tp sessc "$v"
	add tpin sessc "$v"
	add tp scapy "$($PIN timeout 300 $PY bench/scapy_sessions.py $P_ECHO 100 |
	    num sessions_per_s)"
	nft delete table inet $NFT_TABLE

	# the lab NIC: frames through a veth pair into NSB, whose kernel
	# answers each SYN (lsyn), then drops them at b0's ingress (lsynd)
	if [ -n "$LMAC" ]; then
		lab_flood lsyn
		ip netns exec $NSB nft -f - <<EOF
table netdev $NFT_TABLE {
	chain in {
		type filter hook ingress device "b0" priority 0;
		ip protocol tcp drop
	}
}
EOF
		lab_flood lsynd
		ip netns exec $NSB nft delete table netdev $NFT_TABLE
		measure llat tcpcraft lprobe
		ip netns exec $NSA $PIN timeout 60 hping3 -I a0 -S -p $P_SERVE \
		    -c "$PROBES" -i u10000 $LB 2>/dev/null |
		    sed -n 's/.*rtt=\([0-9.]*\) ms.*/\1/p' | sort -n >"$T/h3lrtt"
		add llat hping3 "$(awk '{ v[NR] = $1 } END { if (NR)
		    printf "%.1f", 1000 * v[int((NR + 1) / 2)] }' "$T/h3lrtt")"
		measure tp tcpcraft_lab lsessions
	fi

	# capture under load: a conversation while a flood runs on lo
	$PIN2 $B/rawflood $P_LOAD 20000000 64 >/dev/null &
	fp=$!
	BG="$BG $fp"
	sleep 0.3
	$PIN timeout 300 $TC --peer echo:$P_PEER2 -f "$T/s300.tc" >"$T/load.out" \
	    2>&1
	rc=$?
	kill $fp 2>/dev/null
	wait $fp 2>/dev/null
	add load exit "$rc"
	add load lines "$(grep -c ' In  IP ' "$T/load.out")"
	# tcpcraft says so at exit when the kernel dropped any
	d=$(sed -n 's/^capture: \([0-9][0-9]*\) dropped.*/\1/p' "$T/load.out")
	add load drops "${d:-0}"
done

# --- the table --------------------------------------------------------------
# stat ROW TOOL -> "median min max" (empty values skipped)
stat() {
	[ -f "$T/$1.$2" ] || { echo "- - -"; return; }
	grep -E '^[0-9.]+$' "$T/$1.$2" | sort -g | awk '
	    { v[NR] = $1 }
	    END { if (NR == 0) { print "- - -"; exit }
		  m = NR % 2 ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2
		  print m, v[1], v[NR] }'
}
# line LABEL ROW TOOL UNIT REF_TOOL HIGHER_IS_BETTER
line() {
	set -- "$1" "$2" "$3" "$4" "$5" "$6" $(stat "$2" "$3") $(stat "$2" "$5")
	awk -v l="$1" -v u="$4" -v hb="$6" -v m="$7" -v lo="$8" -v hi="$9" \
	    -v ref="${10}" 'BEGIN {
		if (m == "-") { printf "  %-34s %12s\n", l, "(no result)"; exit }
		r = ""
		if (ref != "-" && m > 0 && ref > 0)
			r = sprintf("%.2fx", hb ? ref / m : m / ref)
		printf "  %-34s %12.6g %-6s %10.6g-%-10.6g %s\n", l, m, u, lo,
		    hi, r }'
}

echo
echo "tcpcraft benchmarks: $ROUNDS rounds alternating, loopback, $NCPU CPUs,"
echo "${PIN:-not pinned}; $(uname -r)"
echo "median, min-max of the rounds; tcpcraft/x: > 1 means tcpcraft ahead"
echo
echo "SYNs/s to a closed port ($FLOOD_N per run)        median unit    min-max             tcpcraft/x"
line "tcpcraft flood" syn tcpcraft pps tcpcraft 1
line "raw socket sendmmsg x64 (C)" syn rawc pps tcpcraft 1
line "hping3 --flood" syn hping3 pps tcpcraft 1
line "nping --rate 10M -N" syn nping pps tcpcraft 1
line "Scapy send(count=)" syn scapy pps tcpcraft 1
echo
echo "flood's rate limit: achieved / asked (1 s at each rate)"
line "rate 1000" rate r1000 "" rate 1
line "rate 10000" rate r10000 "" rate 1
line "rate 100000" rate r100000 "" rate 1
echo
echo "SYN -> SYN-ACK seen by the process, 10 ms apart ($PROBES probes)"
line "tcpcraft probe (median)" lat tcpcraft us tcpcraft 0
line "libnet + libpcap immediate (C)" lat lnlat us tcpcraft 0
line "hping3 -S rtt (median)" lat hping3 us tcpcraft 0
line "Scapy sr1() (median of 30)" lat scapy us tcpcraft 0
echo
echo "IPv6: SYNs/s to a closed port on ::1 ($FLOOD_N per run; hping3 has no IPv6)"
line "tcpcraft flood [::1]" syn6 tcpcraft pps tcpcraft 1
line "raw IPv6 socket sendmmsg x64 (C)" syn6 rawc pps tcpcraft 1
line "nping -6 --rate 10M -N" syn6 nping pps tcpcraft 1
line "Scapy send(count=), IPv6" syn6 scapy pps tcpcraft 1
echo
echo "IPv6: SYN -> SYN-ACK on ::1 seen by the process, 10 ms apart ($PROBES probes)"
line "tcpcraft probe [::1] (median)" lat6 tcpcraft us tcpcraft 0
line "libnet RAW6 + libpcap immediate (C)" lat6 lnlat us tcpcraft 0
line "Scapy sr1() IPv6 (median of 30)" lat6 scapy us tcpcraft 0
echo "  (nping -6 on ::1 captures none of the answers, Rcvd: 0, so it"
echo "   has no latency line, as nping has none on IPv4)"
echo
echo "startup to exit"
line "tcpcraft -c quit" start tcpcraft ms tcpcraft 0
line "tcpcraft -c 'connect ...; quit'" start tcpcraft_h ms tcpcraft_h 0
line "libnet_init + pcap_activate (C)" start minc ms tcpcraft_h 0
line "python3 -c 'import scapy.all'" start scapy ms tcpcraft 0
echo "  (the first ratio column of the C and Scapy lines compares with"
echo "   tcpcraft with handles open, and -c quit respectively)"
echo
echo "scale: the connection table (conn_lookup, libcore.a); last column:"
echo "10 connections' cost / this one (1: the same; goals 100,000 within"
echo "20%, 1,000,000 within 50% and at most 1 KiB a connection)"
line "10 connections, ns per match" scale hot10 ns hot10 0
line "100,000 connections, same 10 talk" scale hot100k ns hot10 0
line "100,000, a random one each time" scale cold100k ns hot10 0
line "100,000: heap bytes per connection" scale mem100k B mem100k 0
line "1,000,000, same 10 talk" scale hot1m ns hot10 0
line "1,000,000: heap bytes per connection" scale mem1m B mem1m 0
echo
echo "scripted throughput: complete sessions (handshake, \"AB\" echoed, close)"
line "tcpcraft -f, 1,000 sessions" tp tcpcraft sess/s tcpcraft 1
line "raw + packet socket, no TCB (C)" tp sessc sess/s tcpcraft 1
line "Scapy, persistent socket, 100" tp scapy sess/s tcpcraft 1
echo "  (the C line is what the kernel allows: goal tcpcraft/C >= 0.8)"
echo "  the sessions alone, first packet to last, as the C program times"
echo "  its own (the lines above count tcpcraft's start and exit too):"
line "tcpcraft -f, sessions alone" tpin tcpcraft sess/s tcpcraft 1
line "raw + packet socket, no TCB (C)" tpin sessc sess/s tcpcraft 1
echo
echo "peak RSS of the script (KiB), 100 and 1,000 sessions; last column:"
echo "1,000 sessions' / 100's (1: flat in the number of sessions)"
line "tcpcraft -f, 100 sessions" rss tcpcraft100 KiB tcpcraft100 0
line "tcpcraft -f, 1,000 sessions" rss tcpcraft1000 KiB tcpcraft100 0
echo
echo "capture under load: 300 sessions while raw sendmmsg floods lo"
line "tcpcraft exit status (0: all matched)" load exit "" load 0
line "segments received and printed" load lines "" load 1
line "pcap drops reported" load drops "" load 0
if [ -n "$LMAC" ]; then
	echo
	echo "through a lab NIC: tcpcraft -i a0, frames over a veth pair into"
	echo "another namespace (SYNs to a closed port; $FLOOD_N per run)"
	line "tcpcraft -i flood" lsyn tcpcraft pps tcpcraft 1
	line "AF_PACKET TX ring, bypass (C)" lsyn ring pps tcpcraft 1
	line "AF_PACKET sendmmsg x64, bypass (C)" lsyn mmsg pps tcpcraft 1
	line "hping3 -I a0 --flood" lsyn hping3 pps tcpcraft 1
	echo "  the same, the other namespace dropping TCP at b0's ingress:"
	echo "  the sender's own rate (on a wire the receiver's work is"
	echo "  another host's; through veth it runs inside the sender's send)"
	line "tcpcraft -i flood" lsynd tcpcraft pps tcpcraft 1
	line "AF_PACKET TX ring, bypass (C)" lsynd ring pps tcpcraft 1
	line "AF_PACKET sendmmsg x64, bypass (C)" lsynd mmsg pps tcpcraft 1
	line "hping3 -I a0 --flood" lsynd hping3 pps tcpcraft 1
	line "tcpcraft -i probe (median)" llat tcpcraft us tcpcraft 0
	line "hping3 -I a0 -S rtt (median)" llat hping3 us tcpcraft 0
	line "tcpcraft -i -f, 1,000 sessions" tp tcpcraft_lab sess/s tcpcraft 1
	echo "  (goals: flood >= 0.95x the TX ring and >= 3x hping3; the"
	echo "   sessions' last column is loopback's -f / this one: <= 1.2)"
fi
if [ -n "$BASE" ]; then
	echo
	echo "this tcpcraft against BASE ($BASE), same rounds; last column:"
	echo "> 1 means this one ahead"
	line "BASE flood, pps" syn tcpcraft_base pps tcpcraft 1
	line "BASE probe, us" lat tcpcraft_base us tcpcraft 0
	line "BASE -c quit, ms" start tcpcraft_base ms tcpcraft 0
	line "BASE -c 'connect ...; quit', ms" start tcpcraft_h_base ms \
	    tcpcraft_h 0
	line "BASE -f, 1,000 sessions, sess/s" tp tcpcraft_base sess/s \
	    tcpcraft 1
	line "BASE -f, sessions alone, sess/s" tpin tcpcraft_base sess/s \
	    tcpcraft 1
	if [ -n "$LMAC" ]; then
		line "BASE -i flood, pps" lsyn tcpcraft_base pps tcpcraft 1
		line "BASE -i flood, ingress drop, pps" lsynd tcpcraft_base \
		    pps tcpcraft 1
		line "BASE -i probe, us" llat tcpcraft_base us tcpcraft 0
		line "BASE -i -f, 1,000 sessions" tp tcpcraft_lab_base \
		    sess/s tcpcraft_lab 1
	fi
	line "BASE peak RSS, 1,000 sessions" rss tcpcraft1000_base KiB \
	    tcpcraft1000 0
fi

# --- packetdrill scripts: tcpcraft --packetdrill against packetdrill --------
# Wall seconds per script of tests/packetdrill, each run in its own network
# namespace, the two tools alternating; mostly the script's own timeline.
PD=${PACKETDRILL:-$(command -v packetdrill 2>/dev/null)}
echo
if [ -z "$PD" ] || [ ! -x "$PD" ]; then
	echo "packetdrill scripts: skipped (no packetdrill: set PACKETDRILL=path)"
	exit 0
fi
echo "packetdrill scripts (tests/packetdrill), seconds per script, median of"
echo "$ROUNDS; tcpcraft/x: > 1 means tcpcraft ahead; * a run exited non-zero"
PDDIR=$(pwd)/tests/packetdrill
TCA=$(cd "$(dirname "$TC")" && pwd)/$(basename "$TC")
# pdrun TOOL FILE: one timed run; "SECS" or "SECS*" when it did not pass
pdrun() {
	t0=$(now)
	if [ "$1" = tc ]; then
		(cd "$PDDIR" && timeout 120 unshare -n "$TCA" --packetdrill "$2")
	else
		(cd "$PDDIR" && timeout 120 unshare -n "$PD" \
		    --local_ip=192.168.0.1 --remote_ip=192.0.2.1 "$2")
	fi >/dev/null 2>&1 </dev/null
	rc=$?
	t1=$(now)
	[ $rc -eq 0 ] || echo "$2" >>"$T/pdfail.$1"
	elapsed "$t0" "$t1"
}
r=0
while [ $r -lt "$ROUNDS" ]; do
	r=$((r + 1))
	for f in "$PDDIR"/*.pkt; do
		b=$(basename "$f" .pkt)
		add "pd_$b" tc "$(pdrun tc "$b.pkt")"
		add "pd_$b" pd "$(pdrun pd "$b.pkt")"
	done
done
printf '  %-34s %12s %12s %s\n' script tcpcraft packetdrill tcpcraft/x
for f in "$PDDIR"/*.pkt; do
	b=$(basename "$f" .pkt)
	set -- $(stat "pd_$b" tc) $(stat "pd_$b" pd)
	# medians as "%.3f", "-" when there is none
	mt=$(echo "$1" | awk '$1 != "-" { printf "%.3f", $1; next } { print }')
	mp=$(echo "$4" | awk '$1 != "-" { printf "%.3f", $1; next } { print }')
	r=$(echo "$1 $4" | awk '$1 > 0 && $2 > 0 { printf "%.2fx", $2 / $1 }')
	# a failed run's time says little: no ratio then
	if grep -qx "$b.pkt" "$T/pdfail.tc" 2>/dev/null; then
		mt="$mt*"
		r=
	fi
	if grep -qx "$b.pkt" "$T/pdfail.pd" 2>/dev/null; then
		mp="$mp*"
		r=
	fi
	printf '  %-34s %12s %12s %s\n' "$b" "$mt" "$mp" "$r"
done
