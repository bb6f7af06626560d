# Signals: Ctrl-C (SIGINT) cancels a wait or an expect and the shell reads
# on; SIGTERM and SIGHUP end it cleanly (history saved, capture complete,
# peers stopped, guard gone); SIGKILL leaves no nftables table, peer or
# listening socket behind.  Ports 26100-26119.
. tests/integ/lib.sh

# pids of the shell's children (the peers), from the kernel's view
children() { ps -o pid= --ppid "$1" | tr -d ' '; }
# gone PID...: every pid has exited within WAIT_S
gone() {
	n=$((WAIT_S * 20))
	for p in "$@"; do
		while kill -0 "$p" 2>/dev/null && [ $n -gt 0 ]; do
			sleep 0.05
			n=$((n - 1))
		done
		kill -0 "$p" 2>/dev/null && return 1
	done
	return 0
}
no_table() { ! nft list tables | grep -q "tcpcraft_$1\$"; }
has_table() { nft list tables | grep -q "tcpcraft_$1\$"; }
listens() { ss -tlnH "( sport = :$1 )" | grep -q .; }
not_listening() { ! listens "$1"; }
# exited PID: the shell ended within WAIT_S; $ST holds its exit status
exited() {
	n=$((WAIT_S * 20))
	while kill -0 "$1" 2>/dev/null && [ $n -gt 0 ]; do
		sleep 0.05
		n=$((n - 1))
	done
	kill -0 "$1" 2>/dev/null && return 1
	wait "$1"
	ST=$?
	return 0
}

# --- SIGINT in the piped (FIFO) shell ---------------------------------
P=26100
rm -f "$T/in"
tc_start --peer echo:$P
tc_wait "peer echo:$P listening"
# what the help before it prints says the wait has begun: a Ctrl-C that
# came before the line was read would be forgotten, not cancel it
tc_cmd "help listen; wait 30s; help tcb"
tc_wait '^listen \[ADDR:\]PORT'
kill -INT "$TC_PID"
check "SIGINT cancels a wait" tc_wait '^wait cancelled \(Ctrl-C\)'
tc_cmd "help conns"
check "the shell reads on after Ctrl-C" tc_wait '^conns$'
check "the rest of the line after a cancelled wait does not run" \
    sh -c "! grep -q '^tcb\$' '$T/out'"
# the shell takes the signal before it reads the next line: it is
# forgotten then, whenever it runs
kill -INT "$TC_PID"
tc_cmd "wait 400ms; help use"
check "a Ctrl-C with nothing to cancel does not end the next wait" \
    tc_wait '^use NAME'
check "...which is not cancelled" \
    test "$(grep -c 'cancelled' "$T/out")" -eq 1
tc_cmd "connect 127.0.0.1:$P"
tc_wait '^c1: '
tc_cmd "help rst; expect S. within 30s"
tc_wait '^rst \[FIELD VALUE\]'
kill -INT "$TC_PID"
check "SIGINT cancels an expect" tc_wait '^expect cancelled \(Ctrl-C\)'
check "the shell survived both" kill -0 "$TC_PID"
tc_stop

# --- SIGTERM in the piped shell: everything let go of ------------------
P=26101
rm -f "$T/in"
tc_start --peer echo:$P
tc_wait "peer echo:$P listening"
PID=$TC_PID
PEERS=$(children "$PID")
tc_cmd "capture $T/term.pcap"
tc_cmd "connect 127.0.0.1:$P"
tc_cmd syn
tc_wait 'In  IP .*Flags \[S\.\]'
tc_cmd ack
tc_cmd 'send "AB"'
check "the echo arrives before SIGTERM" tc_wait 'In  IP .*Flags \[P\.\].*"AB"'
tc_cmd "help rst; wait 30s"
tc_wait '^rst \[FIELD VALUE\]'
check "guard table present while running" has_table "$PID"
check "a peer child runs" test -n "$PEERS"
kill -TERM "$PID"
if exited "$PID"; then
	ok "SIGTERM ends the shell in its 30 s wait"
	TC_PID=
	check "exit status $ST is an exit, not a crash" test "$ST" -lt 128
else
	notok "SIGTERM ends the shell in its 30 s wait"
fi
check "guard table gone" no_table "$PID"
check "peers stopped" gone $PEERS
check "peer's port closed" until_ok "$WAIT_S" not_listening $P
n=$(tcpdump -nr "$T/term.pcap" 2>"$T/td.err" | wc -l)
check "capture complete: tcpdump reads all 5 packets ($n) without error" \
    sh -c "[ $n -ge 5 ] && ! grep -qi 'truncated\|error' '$T/td.err'"
check "capture holds the echoed data" \
    sh -c "tcpdump -nr '$T/term.pcap' 2>/dev/null | grep -q '$P > .*length 2'"
exec 9>&-

# --- SIGTERM in a script: stops it, status 1 ----------------------------
P=26102
printf 'capture %s\nwait 30s\nhelp tcb\n' "$T/script.pcap" >"$T/s.tc"
"$TC" --peer echo:$P -f "$T/s.tc" >"$T/sout" 2>&1 &
SP=$!
BG_PIDS="$BG_PIDS $SP"
until_ok "$WAIT_S" listens $P
PEERS=$(children "$SP")
check "the script's peer child runs" test -n "$PEERS"
# the capture has begun (its file header written): the wait is next
until_ok "$WAIT_S" test -s "$T/script.pcap"
kill -TERM "$SP"
if exited "$SP"; then
	ok "SIGTERM ends a script in its 30 s wait"
	check "a terminated script exits 1 (status $ST)" test "$ST" -eq 1
else
	notok "SIGTERM ends a script in its 30 s wait"
fi
check "the script stopped at the wait" sh -c "! grep -q '^tcb' '$T/sout'"
check "script's peer stopped" gone $PEERS
check "script's capture is a valid pcap" \
    sh -c "tcpdump -nr '$T/script.pcap' >/dev/null 2>&1"

# --- the readline shell on a terminal: Ctrl-C, SIGHUP, history ---------
P=26103
mkdir -p "$T/home"
cat >"$T/steps" <<EOS
expect tcpcraft> $WAIT_S
type set ttl 33
type help listen; wait 30s
expect listen \[ADDR:\]PORT $WAIT_S
key 03
expect wait cancelled \(Ctrl-C\) $WAIT_S
type help tcb
expect State, ISS/IRS $WAIT_S
signal HUP
exit
EOS
HOME=$T/home python3 tests/integ/pty_drive.py "$T/pty1" -- "$TC" \
    --peer echo:$P <"$T/steps" >"$T/pty1.res" 2>&1
check "terminal Ctrl-C cancels a wait, then the shell reads on" \
    sh -c "! grep -q 'failed' '$T/pty1.res'"
check "SIGHUP ends the readline shell with exit 0" \
    grep -q '^exit 0$' "$T/pty1.res"
check "history saved on SIGHUP" grep -q '^set ttl 33$' \
    "$T/home/.tcpcraft_history"
check "...with the line typed before it" grep -q '^help tcb$' \
    "$T/home/.tcpcraft_history"
check "terminal peer's port closed" until_ok "$WAIT_S" not_listening $P
cat >"$T/steps" <<EOS
expect tcpcraft> $WAIT_S
type help use
expect NAME $WAIT_S
signal TERM
exit
EOS
HOME=$T/home python3 tests/integ/pty_drive.py "$T/pty2" -- "$TC" \
    <"$T/steps" >"$T/pty2.res" 2>&1
check "SIGTERM ends the readline shell with exit 0" \
    grep -q '^exit 0$' "$T/pty2.res"
check "history saved on SIGTERM, earlier lines kept" sh -c \
    "grep -q '^help use\$' '$T/home/.tcpcraft_history' && \
    grep -q '^set ttl 33\$' '$T/home/.tcpcraft_history'"

# --- SIGKILL: nothing can run, the kernel cleans up --------------------
P=26104
# namespaces there before: a lab of the user's, another test's
ip netns list 2>/dev/null | sort >"$T/ns.before"
rm -f "$T/in"
tc_start --peer echo:$P
tc_wait "peer echo:$P listening"
PID=$TC_PID
PEERS=$(children "$PID")
check "a peer child runs before SIGKILL" test -n "$PEERS"
tc_cmd "capture $T/kill.pcap"
tc_cmd "connect 127.0.0.1:$P"
tc_cmd syn
tc_wait 'In  IP .*Flags \[S\.\]'
check "guard table present before SIGKILL" has_table "$PID"
kill -KILL "$PID"
wait "$PID" 2>/dev/null
TC_PID=
check "SIGKILL: the kernel removed the guard table" \
    until_ok "$WAIT_S" no_table "$PID"
check "SIGKILL: the peer children died with it" gone $PEERS
check "SIGKILL: no listening socket left on $P" \
    until_ok "$WAIT_S" not_listening $P
n=$(tcpdump -nr "$T/kill.pcap" 2>"$T/td2.err" | wc -l)
check "SIGKILL: the capture holds SYN and SYN-ACK, no torn record ($n)" \
    sh -c "[ $n -ge 2 ] && ! grep -qi 'truncated\|error' '$T/td2.err'"
ip netns list 2>/dev/null | sort >"$T/ns.after"
check "SIGKILL: no network namespace left behind" \
    sh -c "! comm -13 '$T/ns.before' '$T/ns.after' | grep -q tcpcraft"
exec 9>&-
cat "$T/out" | sed 's/^/# /' | tail -5
