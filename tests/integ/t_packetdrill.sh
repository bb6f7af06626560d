#!/bin/sh
# tcpcraft --packetdrill: every script of tests/packetdrill passes against
# this kernel, on IPv4 and, as the kernel's runner runs them, on IPv6
# (--ip_version=ipv6 --mtu=1520) and IPv4-mapped IPv6; a copy with one
# wrong number fails at that line (exit 1), on IPv6 too; a syntax error
# and an unsupported call exit 2 with their line; nothing of a run
# (process, network namespace, tun device) outlives SIGINT or SIGKILL of
# tcpcraft.  Root; each run is in namespaces of its own.
# SPDX-License-Identifier: GPL-3.0-or-later
. "$(dirname "$0")/lib.sh"
PD=tests/packetdrill

# run FILE...: exit status in $rc, output in $T/pd
run() {
	"$TC" --packetdrill "$@" >"$T/pd" 2>&1
	rc=$?
}

# run_again [FLAG...] FILE: run, and again (twice at most) while it
# failed on timing only: the machine is shared and slow
run_again() {
	n=0
	while :; do
		run "$@"
		[ $rc -eq 1 ] && has "$T/pd" 'failed on timing only' &&
		    [ $n -lt 2 ] || break
		n=$((n + 1))
	done
}

# Every script (one that failed on timing only is run again).
for f in "$PD"/*.pkt; do
	run_again "$f"
	if [ $rc -eq 0 ]; then
		ok "packetdrill $(basename "$f")"
	else
		notok "packetdrill $(basename "$f") (exit $rc)" \
		    "$(head -5 "$T/pd")"
	fi
done

# Each script with one wrong number: the ack of its last '>' line that
# has one, plus 1.  It fails at that line (exit 1), not before.
for f in "$PD"/*.pkt; do
	line=$(grep -n '^[^/]*> .* ack [0-9]' "$f" | tail -1 | cut -d: -f1)
	[ -n "$line" ] || continue
	name=$(basename "$f" .pkt)
	awk -v L="$line" 'NR == L {
		for (i = 1; i < NF; i++)
			if ($i == "ack") { $(i + 1) = $(i + 1) + 1; break }
	} { print }' "$f" >"$T/$name-1.pkt"
	run_again "$T/$name-1.pkt"
	if [ $rc -eq 1 ] && has "$T/pd" "$name-1.pkt:$line: "; then
		ok "$name with a wrong ack fails at line $line"
	else
		notok "$name with a wrong ack fails at line $line (exit $rc)" \
		    "$(head -5 "$T/pd")"
	fi
done

# The same scripts on IPv6, with the MTU the kernel's runner gives tun0
# there (1520: the MSS of 1460 they write), and IPv4-mapped IPv6 (IPv6
# sockets, IPv4 on the wire).
V6="--ip_version=ipv6 --mtu=1520"
MAPPED=--ip_version=ipv4-mapped-ipv6
for f in "$PD"/*.pkt; do
	for mode in "$V6" "$MAPPED"; do
		# shellcheck disable=SC2086
		run_again $mode "$f"
		if [ $rc -eq 0 ]; then
			ok "packetdrill $mode $(basename "$f")"
		else
			notok "packetdrill $mode $(basename "$f") (exit $rc)" \
			    "$(head -5 "$T/pd")"
		fi
	done
done

# IPv6 on the wire: packetdrill's addresses (fd3d:fa7b:d17d::1 the
# kernel's, 2001:db8::1 the remote's); a wrong ack fails at its line.
line=$(grep -n '^[^/]*> .* ack [0-9]' "$PD/passive-open.pkt" | tail -1 |
    cut -d: -f1)
awk -v L="$line" 'NR == L {
	for (i = 1; i < NF; i++)
		if ($i == "ack") { $(i + 1) = $(i + 1) + 1; break }
} { print }' "$PD/passive-open.pkt" >"$T/ack6.pkt"
# shellcheck disable=SC2086
run_again $V6 "$T/ack6.pkt"
check "IPv6: a wrong ack fails (exit 1)" [ $rc -eq 1 ]
check "IPv6: at its line" has "$T/pd" \
    "ack6.pkt:$line: expected > P. 1:1501\(1500\) ack 2 got > P. 1:1501\(1500\) ack 1 .*ack number"
check "IPv6: the segments on the wire are IPv6" has "$T/pd" \
    'In  IP6 fd3d:fa7b:d17d::1.8080 > 2001:db8::1.40000: Flags \[P.\], seq 1:1501, ack 1'

# Without --mtu tun0 has packetdrill's 1500 bytes: the kernel's SYN
# offers 1440 on IPv6, and a script written for 1460 fails there, as it
# does under packetdrill.
run --ip_version=ipv6 "$PD/active-open.pkt"
check "IPv6, MTU 1500: the SYN's MSS is 1440 (exit 1)" [ $rc -eq 1 ]
check "IPv6, MTU 1500: named" has "$T/pd" \
    'active-open.pkt:[0-9]+: .*\(TCP option 1: expected mss 1460, got mss 1440\)'

# IPv4-mapped IPv6: the socket is IPv6 on ::ffff:192.168.0.1 (ss, run in
# the run's namespace by a shell line), its segments IPv4.
sed 's/^   +0 accept(3, ..., ...) = 4$/&\n   +0 `ss -tn state established | grep -F "[::ffff:192.168.0.1]:8080"`/' \
    "$PD/passive-open.pkt" >"$T/mapped.pkt"
run -v $MAPPED "$T/mapped.pkt"
check "IPv4-mapped: passes with the socket on ::ffff:192.168.0.1" [ $rc -eq 0 ]
check "IPv4-mapped: IPv4 on the wire" has "$T/pd" \
    'IP 192.168.0.1.8080 > 192.0.2.1.40000: Flags \[S.\]'
run "$T/mapped.pkt"
check "IPv4: the same socket is not IPv4-mapped (exit 1)" [ $rc -eq 1 ]

# The command line wins over a script's header lines, as under
# packetdrill: an IPv4 script's --remote_ip gives way to an IPv6 one.
{ echo '--remote_ip=192.0.2.1'; cat "$PD/passive-open.pkt"; } >"$T/hdr.pkt"
# shellcheck disable=SC2086
run_again $V6 --remote_ip=2001:db8::1/32 "$T/hdr.pkt"
check "the command line's --remote_ip wins over the script's" [ $rc -eq 0 ]

# An address of the other family: refused before anything runs.
run --ip_version=ipv6 --local_ip=192.168.0.1 "$PD/active-open.pkt"
check "IPv6 with an IPv4 --local_ip: exit 2" [ $rc -eq 2 ]
check "IPv6 with an IPv4 --local_ip: said" has "$T/pd" \
    'active-open.pkt: --local_ip is not an IPv6 address'
# shellcheck disable=SC2086
run $V6 "$T/hdr.pkt"
check "IPv6 and a script's IPv4 --remote_ip: exit 2" [ $rc -eq 2 ]
check "IPv6 and a script's IPv4 --remote_ip: said" has "$T/pd" \
    'hdr.pkt: --remote_ip is not an IPv6 address'

# A wrong length on a '>' line: that line, the expected and the actual
# segment in the script's terms, then tcpcraft's lines from the wire.
sed 's/^   +0 > P. 1:101(100) ack 1$/   +0 > P. 1:91(90) ack 1/' \
    "$PD/active-open.pkt" >"$T/wrong.pkt"
line=$(grep -n '1:91(90)' "$T/wrong.pkt" | cut -d: -f1)
run "$T/wrong.pkt"
check "a wrong length fails with exit 1" [ $rc -eq 1 ]
check "at its line, expected and got" has "$T/pd" \
    "wrong.pkt:$line: expected > P. 1:91\(90\) ack 1 got > P. 1:101\(100\) ack 1 .*payload length"
check "with tcpcraft's lines from the wire" has "$T/pd" \
    'In  IP 192.168.0.1.[0-9]+ > 192.0.2.1.8080: Flags \[P.\], seq 1:101, ack 1'
check "and the connection's ladder" has "$T/pd" \
    'ESTABLISHED .*│◀─+│'

# A wrong result of a system call.
sed 's/^   +0 write(3, ..., 100) = 100$/   +0 write(3, ..., 100) = 99/' \
    "$PD/active-open.pkt" >"$T/wrongcall.pkt"
line=$(grep -n '= 99$' "$T/wrongcall.pkt" | cut -d: -f1)
run "$T/wrongcall.pkt"
check "a wrong call result fails with exit 1" [ $rc -eq 1 ]
check "at its line" has "$T/pd" \
    "wrongcall.pkt:$line: write\(\): expected result 99 but got 100"

# A syntax error: exit 2, line and column, nothing run.
printf '0 socket(..., SOCK_STREAM, IPPROTO_TCP) = 3\n+0 > S 0:1(0) <mss 1460>\n' \
    >"$T/syntax.pkt"
run "$T/syntax.pkt"
check "a syntax error exits 2" [ $rc -eq 2 ]
check "with its line and column" has "$T/pd" \
    'syntax.pkt:2:8: syntax error: inconsistent sequence numbers'

# An unsupported call: exit 2, named with its line.
printf '0 socket(..., SOCK_STREAM, IPPROTO_TCP) = 3\n+0 sendfile(3, 4, ..., 10) = 10\n' \
    >"$T/unsup.pkt"
run "$T/unsup.pkt"
check "an unsupported call exits 2" [ $rc -eq 2 ]
check "named with its line" has "$T/pd" \
    'unsup.pkt:2: unsupported system call: sendfile'

# A sysctl that is not per network namespace is refused, the host's
# value untouched.
before=$(cat /proc/sys/net/core/rmem_max)
printf '`sysctl -q net.core.rmem_max=%s`\n0 socket(..., SOCK_STREAM, IPPROTO_TCP) = 3\n' \
    $((before + 4096)) >"$T/sysctl.pkt"
run "$T/sysctl.pkt"
check "a host-wide sysctl is refused (exit 2)" [ $rc -eq 2 ]
check "with its name" has "$T/pd" \
    'sysctl.pkt:1: refused: sysctl net.core.rmem_max is not per network namespace'
check "the host's value stays" [ "$(cat /proc/sys/net/core/rmem_max)" = "$before" ]

# --tap over several files.
"$TC" --packetdrill --tap "$PD/passive-open.pkt" "$T/syntax.pkt" >"$T/tap" 2>&1
rc=$?
check "--tap: a plan and a line per file" has "$T/tap" '^1\.\.2$'
check "--tap: the good one ok" has "$T/tap" '^ok 1 - .*passive-open.pkt$'
check "--tap: the bad one not ok" has "$T/tap" '^not ok 2 - .*syntax.pkt # refused$'
check "--tap: exit 2" [ $rc -eq 2 ]

# Nothing outlives tcpcraft.  A script that sleeps in a shell line (whose
# child would keep the namespace alive) and then waits on a call.
zz=$((1000 + $$ % 1000))	# a sleep of ours, by its argument
printf '`sleep %s & sleep %s`\n0 socket(..., SOCK_STREAM, IPPROTO_TCP) = 3\n' \
    $zz $zz >"$T/sleep.pkt"
# netns_of PID: the network namespace's inode of the process
netns_of() { stat -Lc %i "/proc/$1/ns/net" 2>/dev/null; }
# holders INODE: processes in that network namespace
holders() {
	for p in /proc/[0-9]*; do
		[ "$(stat -Lc %i "$p/ns/net" 2>/dev/null)" = "$1" ] &&
		    echo "${p#/proc/}"
	done
}
ourns=$(netns_of $$)
for sig in INT KILL; do
	"$TC" --packetdrill "$T/sleep.pkt" >"$T/sig" 2>&1 &
	pid=$!
	# the run's namespace: the first process under tcpcraft's tree
	# whose network namespace is not ours, once the sleeps run
	ns=
	i=0
	while [ -z "$ns" ] && [ $i -lt $((WAIT_S * 10)) ]; do
		for p in $(pgrep -f "^sleep $zz\$"); do
			n=$(netns_of "$p")
			[ -n "$n" ] && [ "$n" != "$ourns" ] && ns=$n
		done
		[ -z "$ns" ] && sleep 0.1
		i=$((i + 1))
	done
	check "SIG$sig: the run had a namespace of its own" [ -n "$ns" ]
	kill -s "$sig" "$pid"
	wait "$pid" 2>/dev/null
	i=0
	while [ -n "$(holders "$ns")" ] && [ $i -lt $((WAIT_S * 10)) ]; do
		sleep 0.1
		i=$((i + 1))
	done
	check "SIG$sig: no process left in the run's namespace" \
	    [ -z "$(holders "$ns")" ]
	check "SIG$sig: tcpcraft gone" sh -c "! kill -0 $pid 2>/dev/null"
done
check "no tun device here" sh -c '! ip link show tun0 >/dev/null 2>&1'

# --step: each line shown before it runs; the commands that look work at
# the prompt (tcb, peer: the kernel's socket in the run's namespace); q
# stops (exit 1); after the run, the ladder.
printf '\n\n\n\n\n\ntcb\npeer\nq\n' |
    "$TC" --packetdrill --step "$PD/passive-open.pkt" >"$T/step" 2>&1
rc=$?
check "--step: the line about to run" has "$T/step" \
    'passive-open.pkt:20: +\+\.1 < \. 1:1\(0\) ack 1 win 257'
check "--step: tcb at the prompt" has "$T/step" '^step> state ESTABLISHED'
check "--step: peer shows the kernel's socket" has "$T/step" \
    "peer: the kernel's socket 192.168.0.1:8080 -> 192.0.2.1:40000"
check "--step: q stops (exit 1)" [ $rc -eq 1 ]
printf 'c\nladder\nq\n' |
    "$TC" --packetdrill --step "$PD/passive-open.pkt" >"$T/step" 2>&1
rc=$?
check "--step: c runs the rest (exit 0)" [ $rc -eq 0 ]
check "--step: the ladder after the run" has "$T/step" \
    'ESTABLISHED .*│◀─+│'

# Without root: said, exit 2 (the test's own files are readable by all).
if command -v setpriv >/dev/null 2>&1; then
	chmod 755 "$T"
	cp "$PD/active-open.pkt" "$T/user.pkt"
	chmod 644 "$T/user.pkt"
	setpriv --reuid=65534 --regid=65534 --clear-groups \
	    "$TC" --packetdrill "$T/user.pkt" >"$T/user" 2>&1
	rc=$?
	check "not root: exit 2" [ $rc -eq 2 ]
	check "not root: says it needs root" has "$T/user" \
	    'user.pkt: mapping the run.s user ids: .*needs root'
fi
