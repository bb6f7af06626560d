# Labs "refused connection" and "breaking the rules on purpose": what the
# kernel does with a RST or SYN that is not what it expects (RFC 5961),
# and the kinds of kernel RST, each named on its line.
. tests/integ/lib.sh
. tests/integ/lablib.sh
P=22150		# echo
R=22151		# nothing listens here
G=22152		# echo, for the connection without a guard

tc_start --peer echo:$P --peer echo:$G --seed 23

# --- refused ------------------------------------------------------------------
tc_cmd "connect 127.0.0.1:$R; syn"
check "refused: RST|ACK to our SYN, named" \
    tc_wait "In  IP .*\.$R > .*Flags \[R\.\], seq 0, ack 1, win 0, length 0  # SYN-SENT -> CLOSED; connection refused"
check "refused: the reason" tc_wait "c1 closed: connection refused: RST\|ACK from peer, nothing listens on that port"
tc_cmd "expect state CLOSED; close c1"

# --- RST outside, then inside the window; SYN on an established connection ----
tc_mark
tc_cmd "connect 127.0.0.1:$P; syn"
tc_new "^c2: "
L=$(sed -n 's/^c2: 127\.0\.0\.1:\([0-9]*\) -> .*/\1/p' "$T/out")
tc_new "In  IP .*\.$P > .*Flags \[S\.\]"
tc_cmd "ack"
tc_cmd "rst seq 3000000000"
check "RST far outside: our line says the kernel drops it" \
    tc_new "Out IP .*\.$P: Flags \[R\], seq 3000000000, .*RST outside the peer's window"
tc_mark
# "expect none" says ok (or failed) once its 600 ms have passed
tc_cmd "expect none within 600ms"
tc_new '^ok$|failed'
check "RST outside the window: no answer at all (RFC 5961 3.2)" \
    test "$(tc_count "In  IP .*\.$P > ")" = 0
check "RST outside the window: the kernel's socket lives (ss ESTAB)" \
    ss_is $P $L ESTAB
# The SYN right after the challenge ACK, on the same line: Linux answers
# one out-of-window segment per 500 ms, and the shell's note says so only
# within those 500 ms; the test's own steps may take longer than that.
tc_cmd "rst seq 1000; expect . ack 1 within 20s; syn; expect none within 300ms"
check "RST in the window but not exact: the kernel's challenge ACK" \
    tc_new "In  IP .*\.$P > .*Flags \[\.\], ack 1, win [0-9]+, length 0  # challenge ack"
check "an immediate SYN: our line warns of Linux's rate limit" \
    tc_new "Out IP .*\.$P: Flags \[S\], seq 0, .*Linux sends at most one per 500 ms"
check "RST in the window: the socket lives (ss ESTAB)" ss_is $P $L ESTAB
tc_cmd "wait 300ms"
tc_mark
tc_cmd syn
check "SYN on an established connection: a challenge ACK, no reset" \
    tc_new "In  IP .*\.$P > .*Flags \[\.\], ack 1, win [0-9]+, length 0  # challenge ack"
check "SYN: the socket lives (ss ESTAB)" ss_is $P $L ESTAB
tc_cmd "expect state ESTABLISHED"
tc_cmd rst
check "RST at the kernel's RCV.NXT: ours closes" \
    tc_new "Out IP .*\.$P: Flags \[R\], seq 1, win 0, length 0  # ESTABLISHED -> CLOSED"
check "RST exact: the kernel's socket is gone" ss_is $P $L ""
tc_mark
tc_cmd 'send "anyone?"'
check "data after it: the kernel's RST without ACK, no socket" \
    tc_new "In  IP .*\.$P > .*Flags \[R\], seq 1, win 0, length 0  # no socket"
tc_cmd "close c2"

# --- no guard: the local kernel resets the connection -------------------------
tc_mark
tc_cmd "set guard off"
tc_cmd "connect 127.0.0.1:$G; syn"
tc_new "^c3: .*NO guard"
L=$(sed -n 's/^c3: 127\.0\.0\.1:\([0-9]*\) -> .*/\1/p' "$T/out")
check "guard off: the local kernel answers the SYN,ACK with RST" \
    tc_new "Out IP 127\.0\.0\.1\.$L > .*\.$G: Flags \[R\], seq 1, win 0, length 0  # .*kernel RST; guard off"
check "guard off: the reason names it" \
    tc_new "the local kernel reset it: no socket of its own for this 4-tuple \(guard off\)"
check "guard off: the peer's socket is gone" ss_is $G $L ""
check "no expect failed" sh -c "! grep -q 'failed' '$T/out'"
tc_stop
cat "$T/out" | sed 's/^/# /'
