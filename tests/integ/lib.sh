# lib.sh - helpers for integration tests against the live kernel (root).
# Every packet goes to 127.0.0.1.  Sourced by tests/integ/t_*.sh.
# SPDX-License-Identifier: GPL-3.0-or-later

TC=${TC:-build/tcpcraft}
T=$(mktemp -d)
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
	n=$(( ${2:-5} * 20 ))
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
	while kill -0 "$TC_PID" 2>/dev/null && [ $i -lt 50 ]; do
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

# wait_port PORT: until something listens on 127.0.0.1:PORT
wait_port() {
	n=50
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
CAP_PID=
cap_start() {
	tcpdump -i "${3:-lo}" -n -U --immediate-mode -w "$1" "$2" 2>"$1.err" &
	CAP_PID=$!
	BG_PIDS="$BG_PIDS $CAP_PID"
	n=100
	while ! grep -q 'listening on' "$1.err" 2>/dev/null && [ $n -gt 0 ]; do
		sleep 0.05
		n=$((n - 1))
	done
	sleep 0.2
}
cap_stop() {
	sleep 0.3
	kill "$CAP_PID" 2>/dev/null
	wait "$CAP_PID" 2>/dev/null
	CAP_PID=
}
