# Client role against a kernel echo server: handshake, data echoed back,
# we close first; our TCB and the kernel's socket (ss) agree at each step.
. tests/integ/lib.sh
P=21001

tc_start --peer echo:$P --seed 7
# TIME-WAIT lasts 2*MSL: 6 s, so that it is still there when tcb runs
tc_cmd "set msl 3s"
tc_cmd "connect 127.0.0.1:$P"
check "connect names the connection" tc_wait '^c1: 127\.0\.0\.1:[0-9]+ -> 127\.0\.0\.1:'$P
L=$(tc_lport)
check "guard installed for the 4-tuple" \
    sh -c "nft list ruleset | grep -q '127.0.0.1 . $L . 127.0.0.1 . $P'"

tc_cmd syn
check "SYN printed with relative seq 0" \
    tc_wait "Out IP 127\.0\.0\.1\.$L > 127\.0\.0\.1\.$P: Flags \[S\], seq 0, win 65535, options \[mss 1460\], length 0  # CLOSED -> SYN-SENT"
check "kernel SYN-ACK acks ISS+1, relative 0 and 1" \
    tc_wait "In  IP 127\.0\.0\.1\.$P > 127\.0\.0\.1\.$L: Flags \[S\.\], seq 0, ack 1, win [0-9]+, options \[mss 65495\], length 0  # SYN-SENT -> ESTABLISHED"
check "loopback partial checksum shown, not dropped" \
    has "$T/out" "Flags \[S\.\].*partial cksum"
check "kernel side still SYN-RECV before our ACK" ss_is $P $L SYN-RECV

tc_cmd ack
tc_wait "Out IP .*: Flags \[\.\], ack 1, win 65535, length 0"
check "kernel accepts the handshake (ss ESTAB)" ss_is $P $L ESTAB

tc_cmd 'send "AB"'
check "our data: seq 1:3" tc_wait 'Out IP .*Flags \[P\.\], seq 1:3, ack 1, win 65535, length 2 "AB"'
check "echo comes back: seq 1:3, ack 3, PSH" \
    tc_wait 'In  IP .*Flags \[P\.\], seq 1:3, ack 3, win [0-9]+, length 2 "AB"'
tc_cmd ack
tc_wait 'Out IP .*Flags \[\.\], ack 3'
tc_cmd fin
check "FIN moves us to FIN-WAIT-1" tc_wait 'Flags \[F\.\], seq 3, ack 3, .*ESTABLISHED -> FIN-WAIT-1'
check "peer (echo closes on EOF) sends FIN" tc_wait 'In  IP .*Flags \[F\.\], seq 3, ack 4'
check "kernel side LAST-ACK" ss_is $P $L LAST-ACK
tc_cmd ack
check "our ACK of the FIN" tc_wait 'Out IP .*Flags \[\.\], ack 4, '
check "kernel socket gone after our ACK" ss_is $P $L ""
tc_cmd tcb
check "tcb shows TIME-WAIT" tc_wait '^state TIME-WAIT '
check "TIME-WAIT ends after 2*MSL" tc_wait 'c1: TIME-WAIT -> CLOSED \(2\*MSL elapsed\)'
check "guard element removed once CLOSED" until_ok "$WAIT_S" \
    sh -c "! nft list ruleset | grep -q '127.0.0.1 . $L . 127.0.0.1 . $P'"
PID=$TC_PID
tc_stop
check "no tcpcraft table left after quit" sh -c "! nft list tables | grep -q 'tcpcraft_$PID\$'"
cat "$T/out" | sed 's/^/# /'
