# Lab "four-way close", in both orders, and simultaneous close: every state
# of the closing half of the diagram on our side (tcb, expect state) and on
# the kernel's (ss), step by step.
. tests/integ/lib.sh
. tests/integ/lablib.sh
A=22100		# we close first (a steerable kernel server)
B=22101		# the peer closes first
C=22102		# simultaneous close

lp_start $A
lp_start $B
lp_start $C
tc_start --seed 31
# TIME-WAIT lasts 2*MSL, 4 s: long enough to be seen (tcb, expect state)
# however late the shell runs, short enough to watch it end
tc_cmd "set msl 2s"

# --- we close first -----------------------------------------------------
tc_cmd "connect 127.0.0.1:$A"
tc_wait "^c1: "
L=$(tc_lport)
tc_cmd syn
tc_wait "In  IP 127\.0\.0\.1\.$A > .*Flags \[S\.\]"
tc_cmd ack
tc_cmd 'send "data"'
check "A: the peer accepted" until_ok "$WAIT_S" grep -q accepted "$T/peer.$A"
check "A: our data acked" tc_wait "In  IP 127\.0\.0\.1\.$A > .*Flags \[\.\], ack 5,"
tc_cmd fin
check "A: FIN: ESTABLISHED -> FIN-WAIT-1" \
    tc_wait "Out IP .*\.$A: Flags \[F\.\], seq 5, ack 1, .*# ESTABLISHED -> FIN-WAIT-1"
check "A: the kernel's ACK of our FIN: FIN-WAIT-1 -> FIN-WAIT-2" \
    tc_wait "In  IP 127\.0\.0\.1\.$A > .*Flags \[\.\], ack 6, .*# FIN-WAIT-1 -> FIN-WAIT-2"
tc_cmd "expect state FIN-WAIT-2"
check "A: kernel side CLOSE-WAIT" ss_is $A $L CLOSE-WAIT
# it reads first: a close() with unread data would send RST, not FIN
lp_do $A read
lp_do $A close
check "A: the kernel's FIN: FIN-WAIT-2 -> TIME-WAIT, ack owed" \
    tc_wait "In  IP 127\.0\.0\.1\.$A > .*Flags \[F\.\], seq 1, ack 6, .*# FIN-WAIT-2 -> TIME-WAIT; ack owed"
check "A: kernel side LAST-ACK" ss_is $A $L LAST-ACK
tc_cmd ack
tc_wait "Out IP .*\.$A: Flags \[\.\], ack 2,"
check "A: kernel socket gone after our last ACK" ss_is $A $L ""
tc_mark
tc_cmd tcb
check "A: tcb shows the time left in TIME-WAIT" tc_new "^TIME-WAIT ends in [0-3]\.[0-9]s$"
check "A: 2*MSL later CLOSED" tc_wait "c1: TIME-WAIT -> CLOSED \(2\*MSL elapsed\)"
tc_cmd "expect state CLOSED"
tc_cmd "close c1"

# --- the peer closes first ----------------------------------------------
tc_mark
tc_cmd "connect 127.0.0.1:$B"
tc_new "^c2: "
L=$(sed -n 's/^c2: 127\.0\.0\.1:\([0-9]*\) -> .*/\1/p' "$T/out")
tc_cmd syn
tc_new "In  IP 127\.0\.0\.1\.$B > .*Flags \[S\.\]"
tc_cmd ack
check "B: the kernel side ESTAB" ss_is $B $L ESTAB
lp_do $B shutdown
check "B: the peer's FIN: ESTABLISHED -> CLOSE-WAIT" \
    tc_new "In  IP 127\.0\.0\.1\.$B > .*Flags \[F\.\], seq 1, ack 1, .*# ESTABLISHED -> CLOSE-WAIT; ack owed"
check "B: kernel side FIN-WAIT-1 before our ACK" ss_is $B $L FIN-WAIT-1
tc_cmd ack
tc_new "Out IP .*\.$B: Flags \[\.\], ack 2,"
check "B: kernel side FIN-WAIT-2 after it" ss_is $B $L FIN-WAIT-2
tc_cmd "expect state CLOSE-WAIT"
tc_cmd fin
check "B: our FIN: CLOSE-WAIT -> LAST-ACK" \
    tc_new "Out IP .*\.$B: Flags \[F\.\], seq 1, ack 2, .*# CLOSE-WAIT -> LAST-ACK"
check "B: its ACK: LAST-ACK -> CLOSED" \
    tc_new "In  IP 127\.0\.0\.1\.$B > .*Flags \[\.\], ack 2, .*# LAST-ACK -> CLOSED"
check "B: kernel side TIME-WAIT" ss_is $B $L TIME-WAIT
check "B: the reason is given" tc_new "c2 closed: our FIN acknowledged in LAST-ACK"
tc_cmd "expect state CLOSED"
tc_cmd "close c2"

# --- simultaneous close -------------------------------------------------
# Our FIN is "lost" (a bad checksum: the kernel drops it), so the FIN the
# peer sends once ours has left crosses it: CLOSING on both sides.
tc_mark
tc_cmd "connect 127.0.0.1:$C"
tc_new "^c3: "
L=$(sed -n 's/^c3: 127\.0\.0\.1:\([0-9]*\) -> .*/\1/p' "$T/out")
tc_cmd syn
tc_new "In  IP 127\.0\.0\.1\.$C > .*Flags \[S\.\]"
tc_cmd "ack; fin cksum bad"
check "C: our FIN leaves with a bad checksum: FIN-WAIT-1" \
    tc_new "Out IP .*\.$C: Flags \[F\.\], seq 1, .*# ESTABLISHED -> FIN-WAIT-1; bad cksum"
lp_do $C shutdown
check "C: the peer's FIN does not ack ours: FIN-WAIT-1 -> CLOSING" \
    tc_new "In  IP 127\.0\.0\.1\.$C > .*Flags \[F\.\], seq 1, ack 1, .*# FIN-WAIT-1 -> CLOSING; ack owed; simultaneous"
check "C: kernel side FIN-WAIT-1 (our FIN never arrived)" \
    ss_is $C $L FIN-WAIT-1
# our FIN again, still not acknowledging theirs: the kernel crosses too
tc_cmd "fin seq 1 ack 1"
check "C: the resent FIN is marked" \
    tc_new "Out IP .*\.$C: Flags \[F\.\], seq 1, ack 1, .*retransmission \(\+[0-9.]+s\)"
check "C: the kernel's ACK of our FIN: CLOSING -> TIME-WAIT" \
    tc_new "In  IP 127\.0\.0\.1\.$C > .*Flags \[\.\], ack 2, .*# CLOSING -> TIME-WAIT"
check "C: kernel side CLOSING" ss_is $C $L CLOSING
tc_cmd "expect state TIME-WAIT; ack"
tc_new "Out IP .*\.$C: Flags \[\.\], ack 2,"
check "C: kernel side TIME-WAIT after our ACK" ss_is $C $L TIME-WAIT
check "C: CLOSED after 2*MSL" tc_new "c3: TIME-WAIT -> CLOSED"
check "no expect failed" sh -c "! grep -q 'failed' '$T/out'"
tc_stop
cat "$T/out" | sed 's/^/# /'
