# The peer closes first: a server that writes two short messages and
# closes.  Two PSH segments, seq advancing by bytes; CLOSE-WAIT, LAST-ACK,
# CLOSED on our side, TIME-WAIT on the kernel's.
. tests/integ/lib.sh
P=21020

tc_start --peer hello:$P --seed 11
tc_cmd "connect 127.0.0.1:$P"
tc_wait '^c1: '
L=$(tc_lport)
tc_cmd syn
tc_wait 'Flags \[S\.\]'
tc_cmd ack
check "first message: seq 1:8" tc_wait 'In  IP .*Flags \[P\.\], seq 1:8, ack 1, .*length 7 "hello\\r\\n"'
check "second message: seq 8:13" tc_wait 'In  IP .*Flags \[[FP]+\.\], seq 8:13, ack 1, .*"bye\\r\\n"'
check "peer's FIN: CLOSE-WAIT" tc_wait 'In  IP .*Flags \[F\.\].*ESTABLISHED -> CLOSE-WAIT'
check "kernel side FIN-WAIT-1 or FIN-WAIT-2" until_ok "$WAIT_S" \
    sh -c "ss -tanH '( sport = :$P and dport = :$L )' | grep -Eq '^FIN-WAIT'"
tc_cmd ack
tc_wait 'Out IP .*Flags \[\.\], ack 14'
check "kernel side FIN-WAIT-2 after our ACK" ss_is $P $L FIN-WAIT-2
tc_cmd fin
check "our FIN: LAST-ACK" tc_wait 'Out IP .*Flags \[F\.\], seq 1, ack 14, .*CLOSE-WAIT -> LAST-ACK'
check "kernel ACKs our FIN: CLOSED" tc_wait 'In  IP .*Flags \[\.\], ack 2, .*LAST-ACK -> CLOSED'
check "kernel side TIME-WAIT" ss_is $P $L TIME-WAIT
tc_stop
cat "$T/out" | sed 's/^/# /'
