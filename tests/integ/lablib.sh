# lablib.sh - more helpers for the t_lab_*.sh tests; source after lib.sh.
# Ports 22000-22999 only.
# SPDX-License-Identifier: GPL-3.0-or-later

# tc_mark: later tc_new calls look only at output printed after this point,
# so each step of a test can wait for "the next" line of a kind.
MARK=0
tc_mark() { MARK=$(wc -l <"$T/out"); }
# tc_new REGEX [SECONDS]: a line after the mark matches
tc_new() {
	n=$(( ${2:-$WAIT_S} * 20 ))
	while [ $n -gt 0 ]; do
		tail -n +$((MARK + 1)) "$T/out" | grep -Eq -- "$1" && return 0
		sleep 0.05
		n=$((n - 1))
	done
	return 1
}
# tc_new_all REGEX...: each has a matching line after the mark
tc_new_all() {
	for re in "$@"; do
		tc_new "$re" || return 1
	done
}
# tc_count REGEX: how many lines after the mark match
tc_count() { tail -n +$((MARK + 1)) "$T/out" | grep -Ec -- "$1"; }
# tc_line REGEX: the first line after the mark that matches
tc_line() { tail -n +$((MARK + 1)) "$T/out" | grep -E -- "$1" | head -1; }

# lp_start PORT [RCVBUF [MSS]]: tests/integ/lab_peer.py on 127.0.0.1:PORT,
# returns once it listens.  lp_do PORT CMD: tell it what to do next and
# wait until it did.
lp_start() {
	: >"$T/ctl.$1"
	python3 tests/integ/lab_peer.py "$1" "$T/ctl.$1" ${2:-0} ${3:-0} \
	    >"$T/peer.$1" 2>&1 &
	BG_PIDS="$BG_PIDS $!"
	i=0
	while ! grep -q listening "$T/peer.$1" 2>/dev/null &&
	    [ $i -lt $((WAIT_S * 20)) ]; do
		sleep 0.05
		i=$((i + 1))
	done
}
lp_done() { grep -Evc '^(listening|accepted)$' "$T/peer.$1"; }
lp_do() {
	before=$(lp_done "$1")
	printf '%s\n' "$2" >>"$T/ctl.$1"
	i=0
	while [ "$(lp_done "$1")" -le "$before" ] && [ $i -lt $((WAIT_S * 20)) ]; do
		sleep 0.05
		i=$((i + 1))
	done
}

# ss_field LPORT RPORT FIELD: Recv-Q (2) or Send-Q (3) of that socket
ss_q() {
	ss -tanH "( sport = :$1 and dport = :$2 )" | awk -v f="$3" '{print $f}' |
	    head -1
}
# ss_q_is LPORT RPORT FIELD VALUE: that queue reaches VALUE within WAIT_S
ss_q_is() {
	n=$((WAIT_S * 20))
	while [ "$(ss_q "$1" "$2" "$3")" != "$4" ] && [ $n -gt 0 ]; do
		sleep 0.05
		n=$((n - 1))
	done
	[ "$(ss_q "$1" "$2" "$3")" = "$4" ] && return 0
	echo "# ss: field $3 of $1 -> $2 is $(ss_q "$1" "$2" "$3"), not $4"
	return 1
}

# routed_topo NAME: the chain of t_icmp*.sh, addresses left to the test:
# $IF here, its other end r0 in the router's namespace $R, whose r1 is
# the peer's p0 in $PN (namespaces tc-NAME-PID-r and -p); all of it
# removed on exit
routed_topo() {
	R=tc-$1-$$-r
	PN=tc-$1-$$-p
	IF=tc$1$$
	trap 'topo_down; cleanup' EXIT INT TERM
	ip netns add $R && ip netns add $PN || {
		echo "not ok - namespaces"
		exit 1
	}
	ip link add $IF type veth peer name r0 netns $R
	ip -n $R link add r1 type veth peer name p0 netns $PN
}
topo_down() {
	ip netns del $R 2>/dev/null
	ip netns del $PN 2>/dev/null
	ip link del $IF 2>/dev/null
}
# topo_no_route_out [-6]: neither the router's namespace nor the peer's
# has a default route
topo_no_route_out() {
	check "no route out of the lab" sh -c "test -z \"\$(ip -n $R $1 route \
	    show default)\" && test -z \"\$(ip -n $PN $1 route show default)\""
}
# sink_peer ADDR: in the peer's namespace, a kernel server on ADDR:$P
# (IPv4 or IPv6) that takes whatever comes
sink_peer() {
	ip netns exec $PN python3 -c '
import socket, sys, threading
a = sys.argv[1]
l = socket.socket(socket.AF_INET6 if ":" in a else socket.AF_INET)
l.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
l.bind((a, int(sys.argv[2]))); l.listen(8)
def sink(c):
    while c.recv(65536): pass
while True:
    c, _ = l.accept()
    threading.Thread(target=sink, args=(c,), daemon=True).start()
' "$1" "$P" &
	BG_PIDS="$BG_PIDS $!"
	until_ok "$WAIT_S" sh -c "ip netns exec $PN ss -tlnH 'sport = :$P' |
	    grep -q ."
}
