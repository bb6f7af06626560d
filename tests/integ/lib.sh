# lib.sh - helpers for integration tests against the live kernel (root).
# Every packet goes to 127.0.0.1.  Sourced by tests/integ/t_*.sh.
# SPDX-License-Identifier: GPL-3.0-or-later

TC=${TC:-build/tcpcraft}
T=$(mktemp -d)
# How long the helpers below wait for an event before they give up.  Only
# a failure takes that long: on a loaded machine (CI shares two CPUs) a
# reply may come seconds late, and a test must not fail for that.
WAIT_S=${WAIT_S:-20}
TC_PID=
BG_PIDS=

ok() { echo "ok - $1"; }
notok() {
	echo "not ok - $1"
	shift
	for l in "$@"; do echo "#   $l"; done
}
# check DESC CMD...: ok when CMD succeeds
check() {
	d=$1
	shift
	if "$@"; then ok "$d"; else notok "$d" "command: $*"; fi
}
# has FILE REGEX: the file has a line matching the extended regex
has() { grep -Eq -- "$2" "$1"; }

cleanup() {
	[ -n "$TC_PID" ] && kill "$TC_PID" 2>/dev/null
	for p in $BG_PIDS; do kill "$p" 2>/dev/null; done
	wait 2>/dev/null
	rm -rf "$T"
}
trap cleanup EXIT INT TERM

# An interactive shell driven through a FIFO, so the test can look at the
# kernel (ss) between two commands.  Output goes to $T/out.
tc_start() {
	mkfifo "$T/in"
	"$TC" "$@" <"$T/in" >"$T/out" 2>&1 &
	TC_PID=$!
	exec 9>"$T/in"
}
tc_cmd() { printf '%s\n' "$*" >&9; }
# tc_wait REGEX [SECONDS]: until the output has a matching line
tc_wait() {
	n=$(( ${2:-$WAIT_S} * 20 ))
	while [ $n -gt 0 ]; do
		grep -Eq -- "$1" "$T/out" && return 0
		sleep 0.05
		n=$((n - 1))
	done
	return 1
}
tc_stop() {
	tc_cmd quit
	exec 9>&-
	i=0
	while kill -0 "$TC_PID" 2>/dev/null && [ $i -lt $((WAIT_S * 10)) ]; do
		sleep 0.1
		i=$((i + 1))
	done
	kill "$TC_PID" 2>/dev/null
	wait "$TC_PID" 2>/dev/null
	TC_PID=
}

# The kernel's view: state of the socket with local port $1 and peer port $2
# ss prints ESTAB, SYN-SENT, SYN-RECV, FIN-WAIT-1, FIN-WAIT-2, TIME-WAIT,
# CLOSE-WAIT, LAST-ACK, CLOSING, LISTEN.
ss_state() {
	ss -tanH "( sport = :$1 and dport = :$2 )" | awk '{print $1}' | head -1
}
# ss_is LPORT RPORT STATE: the kernel's socket reaches STATE ("" for no
# socket) within WAIT_S: what the kernel does with a segment of ours
# shows a moment after our line, later when the machine is busy
ss_is() {
	if [ -z "$1" ] || [ -z "$2" ]; then
		echo "# ss_is: no port given ('$1' '$2')"
		return 1
	fi
	n=$((WAIT_S * 20))
	while [ "$(ss_state "$1" "$2")" != "$3" ] && [ $n -gt 0 ]; do
		sleep 0.05
		n=$((n - 1))
	done
	st=$(ss_state "$1" "$2")
	[ "$st" = "$3" ] && return 0
	echo "# ss: the socket $1 -> $2 is ${st:-gone}, not ${3:-gone}"
	return 1
}
# until SECONDS CMD...: CMD succeeds within SECONDS (polled)
until_ok() {
	n=$(($1 * 20))
	shift
	while ! "$@" && [ $n -gt 0 ]; do
		sleep 0.05
		n=$((n - 1))
	done
	"$@"
}

# wait_port PORT: until something listens on 127.0.0.1:PORT
wait_port() {
	n=$((WAIT_S * 20))
	while [ $n -gt 0 ]; do
		ss -tlnH "( sport = :$1 )" | grep -q . && return 0
		sleep 0.05
		n=$((n - 1))
	done
	return 1
}

# The local port tcpcraft picked: from "c1: 127.0.0.1:PORT -> ..."
tc_lport() {
	sed -n 's/^c[0-9]*: 127\.0\.0\.1:\([0-9]*\) -> .*/\1/p' "$T/out" | head -1
}

# cap_start FILE FILTER [IFACE]: tcpdump writing FILE, returns once it
# listens (-U: each packet is written as it comes).  cap_stop ends it.
# On lo the filter also takes CAP_MARK, a datagram cap_stop sends last:
# once tcpdump has written it, it has written every packet sent before it
# (one interface, in order), however late tcpdump runs; cap_stop then
# takes it out of FILE again, and sets CAP_SEEN when tcpdump wrote it: a
# test that finds nothing in FILE knows tcpdump was capturing.  A test's
# own capture in its namespace NS sets CAP_FILE and CAP_NS for the same.
CAP_PID=
CAP_FILE=
CAP_NS=
CAP_SEEN=
CAP_MARK='udp and dst host 127.0.0.9'
cap_start() {
	f=$2
	CAP_FILE=
	CAP_NS=
	if [ "${3:-lo}" = lo ]; then
		f="($2) or ($CAP_MARK)"
		CAP_FILE=$1
	fi
	tcpdump -i "${3:-lo}" -n -U --immediate-mode -w "$1" "$f" 2>"$1.err" &
	CAP_PID=$!
	BG_PIDS="$BG_PIDS $CAP_PID"
	cap_listening "$1.err"
}
# cap_listening ERRFILE: until tcpdump says it listens
cap_listening() {
	n=$((WAIT_S * 20))
	while ! grep -q 'listening on' "$1" 2>/dev/null && [ $n -gt 0 ]; do
		sleep 0.05
		n=$((n - 1))
	done
	sleep 0.2
}
cap_marked() { tcpdump -r "$CAP_FILE" -n "$CAP_MARK" 2>/dev/null | grep -q .; }
# to a socket of its own: no ICMP "port unreachable" to capture as well
CAP_MARK_PY='import socket
s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
s.bind(("127.0.0.9", 0))
s.sendto(b"end", s.getsockname())'
cap_stop() {
	CAP_SEEN=
	if [ -n "$CAP_FILE" ]; then
		if [ -n "$CAP_NS" ]; then
			ip netns exec "$CAP_NS" python3 -c "$CAP_MARK_PY"
		else
			python3 -c "$CAP_MARK_PY"
		fi
		if until_ok "$WAIT_S" cap_marked; then
			CAP_SEEN=1
		else
			echo "# tcpdump did not write the end mark in ${WAIT_S}s"
		fi
	else
		sleep 0.3
	fi
	kill "$CAP_PID" 2>/dev/null
	wait "$CAP_PID" 2>/dev/null
	CAP_PID=
	if [ -n "$CAP_FILE" ]; then
		tcpdump -r "$CAP_FILE" -w "$CAP_FILE.x" "not ($CAP_MARK)" \
		    2>/dev/null && mv "$CAP_FILE.x" "$CAP_FILE"
		CAP_FILE=
		CAP_NS=
	fi
}

# slow_script HOST:PORT: a session typed slowly, so the peer measures
# close to a second per ACK, which its kernel keeps (tcp_metrics) for
# our address when the connection ends
slow_script() {
	cat <<EOF
connect $1
syn
expect S. within 2s
wait 0.9s
ack
send "x"
expect P. "x" within 2s
wait 1.2s
ack
fin
expect F. within 3s
ack
EOF
}
