# Lab "unanswered SYN / lost segments": when we stay silent the kernel
# retransmits, each time after a longer wait, and every line says how long;
# our duplicate ACKs draw a fast retransmission instead.
. tests/integ/lib.sh
. tests/integ/lablib.sh
P=22110

# intervals REGEX: the "(+N.NNs)" of the matching lines after the mark
intervals() {
	tail -n +$((MARK + 1)) "$T/out" | grep -E -- "$1" |
	    sed -n 's/.*retransmission (+\([0-9.]*\)s).*/\1/p'
}
# growing A B C...: each at least 1.5 times the one before
growing() {
	echo "$@" | awk '{ if (NF < 2) exit 1
		for (i = 2; i <= NF; i++) if ($i < 1.5 * $(i - 1)) exit 1 }'
}

tc_start --peer echo:$P --seed 5

# --- the SYN,ACK, unanswered ------------------------------------------------
tc_cmd "connect 127.0.0.1:$P"
tc_wait "^c1: "
L=$(tc_lport)
tc_mark
tc_cmd syn
check "SYN,ACK arrives" tc_new "In  IP .*\.$P > .*Flags \[S\.\], seq 0, ack 1,"
check "kernel side SYN-RECV while we stay silent" ss_is $P $L SYN-RECV
check "the kernel resends its SYN,ACK after about a second" \
    tc_new "In  IP .*\.$P > .*Flags \[S\.\], seq 0, ack 1, .*# retransmission \(\+[0-9.]+s\); ack owed"
# the second resend: wait until two such lines are there
two_resends() {
	[ "$(tc_count 'Flags \[S\.\], seq 0, ack 1, .*# retransmission \(\+')" -ge 2 ]
}
check "and again after about two more" until_ok "$WAIT_S" two_resends
S=$(intervals 'Flags \[S\.\]' | tr '\n' ' ')
check "SYN,ACK intervals grow: $S" growing $S
tc_cmd ack
tc_cmd "expect state ESTABLISHED"
check "our late ACK still completes it (ss ESTAB)" ss_is $P $L ESTAB

# --- data, unacknowledged ---------------------------------------------------
# a fresh connection: the slow handshake above inflated c1's RTT estimate
tc_cmd "close c1"
tc_mark
tc_cmd "connect 127.0.0.1:$P; syn"
tc_new "In  IP .*\.$P > .*Flags \[S\.\]"
tc_cmd 'ack; send "lost?"'
check "the echo arrives" tc_new "In  IP .*\.$P > .*Flags \[P\.\], seq 1:6, ack 6, .*\"lost\?\"  # ack owed"
three_resends() {
	[ "$(tc_count 'Flags \[P\.\], seq 1:6, .*retransmission \(\+')" -ge 3 ]
}
check "resent by the retransmission timer, three times" \
    until_ok "$WAIT_S" three_resends
D=$(intervals 'Flags \[P\.\], seq 1:6' | head -3 | tr '\n' ' ')
check "data intervals grow (exponential backoff): $D" growing $D
# Never before the 200 ms minimum RTO (RFC 6298 2.4).  How far above it
# depends on the RTT the kernel measured to our ACKs, and on whether its
# SYN,ACK was resent first (then the 3 s fallback, RFC 6298 5.7): on a
# loaded machine the shell's ACKs come late, so only bound it from above
# loosely.
check "the first not before the minimum RTO, 0.2 s" \
    sh -c "echo $D | awk '{ exit !(\$1 >= 0.19 && \$1 < 4.5) }'"
tc_cmd ack
tc_new "Out IP .*\.$P: Flags \[\.\], ack 6,"

# --- our duplicate ACKs: fast retransmission --------------------------------
# Enough data in flight that three duplicates cannot be mere reordering
# (Linux needs more than three segments outstanding), on a fresh
# connection: after the timeouts above c2's congestion window is small.
tc_cmd "close c2"
tc_mark
tc_cmd "connect 127.0.0.1:$P; syn"
tc_new "In  IP .*\.$P > .*Flags \[S\.\]"
tc_cmd "ack; send bytes:20000; wait 30ms"
tc_new "In  IP .*\.$P > .*Flags \[P?\.\], seq [0-9]+:[0-9]+, ack 20001,"
tc_cmd "ack ack 1; ack ack 1; ack ack 1; ack ack 1; ack ack 1"
check "our ACKs of the same number are dup acks #1..#5" \
    tc_new "Out IP .*\.$P: Flags \[\.\], ack 1, .*# dup ack #5"
# "fast" means within 20 ms of our dup ACKs as the shell saw them; on a
# loaded machine the shell sees the kernel's answer later than that.
check "the kernel answers with a (fast) retransmission of what they ask for" \
    tc_new "In  IP .*\.$P > .*Flags \[\.\], seq 1:1461, ack 20001, .*retransmission \(\+[0-9.]+s\)"
tc_cmd "wait 300ms; ack"
tc_cmd "expect state ESTABLISHED"
check "no expect failed" sh -c "! grep -q 'failed' '$T/out'"
tc_stop
cat "$T/out" | sed 's/^/# /'
