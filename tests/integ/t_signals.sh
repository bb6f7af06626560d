# Signals: Ctrl-C (SIGINT) cancels a wait or an expect and the shell reads
# on; SIGTERM and SIGHUP end it cleanly (history saved, capture complete,
# peers stopped, guard gone); SIGKILL leaves no nftables table, peer or
# listening socket behind.  Ports 26100-26119.
. tests/integ/lib.sh

# pids of the shell's children (the peers), from the kernel's view
children() { ps -o pid= --ppid "$1" | tr -d ' '; }
# gone PID...: every pid has exited within 3 s
gone() {
	n=60
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
# exited PID: the shell ended within 3 s; $ST holds its exit status
exited() {
	n=60
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
tc_cmd "wait 30s; help tcb"
sleep 0.3
kill -INT "$TC_PID"
check "SIGINT cancels a wait" tc_wait '^wait cancelled \(Ctrl-C\)' 3
tc_cmd "help conns"
check "the shell reads on after Ctrl-C" tc_wait '^conns$' 3
check "the rest of the line after a cancelled wait does not run" \
    sh -c "! grep -q '^tcb\$' '$T/out'"
kill -INT "$TC_PID"
sleep 0.2
tc_cmd "wait 400ms; help use"
check "a Ctrl-C with nothing to cancel does not end the next wait" \
    tc_wait '^use NAME' 3
check "...which is not cancelled" \
    test "$(grep -c 'cancelled' "$T/out")" -eq 1
tc_cmd "connect 127.0.0.1:$P"
tc_wait '^c1: '
tc_cmd "expect S. within 30s"
sleep 0.3
kill -INT "$TC_PID"
check "SIGINT cancels an expect" tc_wait '^expect cancelled \(Ctrl-C\)' 3
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
tc_cmd "wait 30s"
sleep 0.3
check "guard table present while running" has_table "$PID"
check "a peer child runs" test -n "$PEERS"
kill -TERM "$PID"
if exited "$PID"; then
	ok "SIGTERM ends the shell within 3 s"
	TC_PID=
	check "exit status $ST is an exit, not a crash" test "$ST" -lt 128
else
	notok "SIGTERM ends the shell within 3 s"
fi
check "guard table gone" no_table "$PID"
check "peers stopped" gone $PEERS
check "peer's port closed" not_listening $P
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
n=0
while ! listens $P && [ $n -lt 60 ]; do sleep 0.05; n=$((n + 1)); done
PEERS=$(children "$SP")
sleep 0.3
kill -TERM "$SP"
if exited "$SP"; then
	ok "SIGTERM ends a script within 3 s"
	check "a terminated script exits 1 (status $ST)" test "$ST" -eq 1
else
	notok "SIGTERM ends a script within 3 s"
fi
check "the script stopped at the wait" sh -c "! grep -q '^tcb' '$T/sout'"
check "script's peer stopped" gone $PEERS
check "script's capture is a valid pcap" \
    sh -c "tcpdump -nr '$T/script.pcap' >/dev/null 2>&1"

# --- the readline shell on a terminal: Ctrl-C, SIGHUP, history ---------
P=26103
mkdir -p "$T/home"
cat >"$T/steps" <<EOS
expect tcpcraft>
type set ttl 33
type wait 30s
sleep 0.3
key 03
expect wait cancelled \(Ctrl-C\) 3
type help tcb
expect State, ISS/IRS
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
check "terminal peer's port closed" not_listening $P
cat >"$T/steps" <<EOS
expect tcpcraft>
type help use
expect NAME
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
rm -f "$T/in"
tc_start --peer echo:$P
tc_wait "peer echo:$P listening"
PID=$TC_PID
PEERS=$(children "$PID")
tc_cmd "capture $T/kill.pcap"
tc_cmd "connect 127.0.0.1:$P"
tc_cmd syn
tc_wait 'In  IP .*Flags \[S\.\]'
check "guard table present before SIGKILL" has_table "$PID"
kill -KILL "$PID"
wait "$PID" 2>/dev/null
TC_PID=
check "SIGKILL: the kernel removed the guard table" no_table "$PID"
check "SIGKILL: the peer children died with it" gone $PEERS
check "SIGKILL: no listening socket left on $P" not_listening $P
n=$(tcpdump -nr "$T/kill.pcap" 2>"$T/td2.err" | wc -l)
check "SIGKILL: the capture holds SYN and SYN-ACK, no torn record ($n)" \
    sh -c "[ $n -ge 2 ] && ! grep -qi 'truncated\|error' '$T/td2.err'"
check "SIGKILL: no tcpcraft network namespace" \
    sh -c "! ip netns list 2>/dev/null | grep -q tcpcraft"
exec 9>&-
cat "$T/out" | sed 's/^/# /' | tail -5
