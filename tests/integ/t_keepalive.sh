# Keep-alive or retransmission: the TCB knows which bytes it acknowledged.
# The kernel's resend of an echoed byte we never acknowledged has
# Wireshark's keep-alive shape (1 byte at RCV.NXT-1) and is a
# retransmission; a kernel client's SO_KEEPALIVE probe is a keep-alive;
# the kernel's answer to our keep-alive repeats its last ACK with nothing
# of ours in flight, which RFC 5681 does not call a duplicate ACK.
. tests/integ/lib.sh
P=21320
Q=21321

# lines_at_least N REGEX: until the output has N matching lines (5 s)
lines_at_least() {
	n=100
	while [ "$(grep -cE -- "$2" "$T/out")" -lt "$1" ] && [ $n -gt 0 ]; do
		sleep 0.05
		n=$((n - 1))
	done
	[ "$(grep -cE -- "$2" "$T/out")" -ge "$1" ]
}

tc_start --peer echo:$P --seed 15
tc_cmd "connect 127.0.0.1:$P"
tc_wait '^c1: '
tc_cmd syn
tc_wait 'Flags \[S\.\]'
tc_cmd ack
tc_cmd 'send "Q"'
check "the echo arrives: seq 1:2, one byte" \
    tc_wait 'In  IP .*Flags \[P\.\], seq 1:2, ack 2, .*length 1 "Q"  # .*ack owed'
# not acknowledged: the kernel's retransmission timer sends it again
check "its resend is a retransmission with its interval" \
    tc_wait 'In  IP .*Flags \[P\.\], seq 1:2, ack 2, .*length 1 "Q"  # retransmission \(\+[0-9]+\.[0-9]{2}s\); ack owed' 5
check "and again, later (the timer backs off)" \
    lines_at_least 2 'seq 1:2, .*"Q"  # retransmission \(\+'
check "no line calls it a keep-alive" sh -c "! grep -q 'keep-alive' '$T/out'"
tc_cmd ack
check "our ACK stops it" tc_wait 'Out IP .*Flags \[\.\], ack 2, '
# our own keep-alive (seq SND.NXT-1, empty): the kernel answers with its
# last ACK again, which is no dup ack, as nothing of ours is in flight
tc_cmd "ack seq 1"
check "the kernel answers our keep-alive: ack 2 again, no note" \
    lines_at_least 2 'In  IP .*Flags \[\.\], ack 2, win [0-9]+, length 0$'
check "no line says dup ack" sh -c "! grep -q 'dup ack' '$T/out'"
tc_stop
sed 's/^/# /' "$T/out"

# a real keep-alive: a kernel client with SO_KEEPALIVE after 1 s idle
rm -f "$T/in" "$T/out"
tc_start --seed 16
tc_cmd "listen $Q"
tc_wait "^l1: listening on 127\.0\.0\.1:$Q"
python3 - "$Q" >"$T/client" 2>&1 <<'PY' &
import socket, sys, time
s = socket.socket()
s.setsockopt(socket.SOL_SOCKET, socket.SO_KEEPALIVE, 1)
s.setsockopt(socket.IPPROTO_TCP, socket.TCP_KEEPIDLE, 1)
s.setsockopt(socket.IPPROTO_TCP, socket.TCP_KEEPINTVL, 1)
s.settimeout(8)
s.connect(("127.0.0.1", int(sys.argv[1])))
print("connected", flush=True)
time.sleep(8)
PY
BG_PIDS="$BG_PIDS $!"
check "the client's SYN opens c1" tc_wait '^c1: new connection from'
tc_cmd synack
check "the handshake completes" tc_wait 'In  IP .*Flags \[\.\], ack 1, .*SYN-RECEIVED -> ESTABLISHED'
check "after 1 s idle, its probe is a keep-alive (seq RCV.NXT-1, empty)" \
    tc_wait 'In  IP .*Flags \[\.\], (seq 0, )?ack 1, .*length 0  # keep-alive; ack owed' 5
check "unanswered, the next probe shows the interval" \
    tc_wait 'In  IP .*Flags \[\.\], (seq 0, )?ack 1, .*length 0  # keep-alive \(\+[0-9]+\.[0-9]{2}s\); ack owed' 5
check "no keep-alive was called a retransmission" \
    sh -c "! grep -q 'retransmission' '$T/out'"
tc_stop
sed 's/^/# /' "$T/out"
