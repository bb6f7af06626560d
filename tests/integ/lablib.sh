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
