# Lab "handshake, server side" with the built-in kernel client
# (--peer client:PORT): it keeps calling connect() until we listen, our
# SYN,ACK completes its connect(), data flows both ways, we close.
. tests/integ/lib.sh
. tests/integ/lablib.sh
P=22170

tc_start --peer client:$P --seed 37
check "the client peer starts" tc_wait "^peer client:$P "
sleep 0.3
check "until we listen its SYNs are refused: nothing for us yet" \
    sh -c "! grep -q 'new connection' '$T/out'"
tc_cmd "listen $P"
check "its next SYN opens c1" tc_wait "^c1: new connection from 127\.0\.0\.1:[0-9]+ on l1"
C=$(sed -n 's/^c1: new connection from 127\.0\.0\.1:\([0-9]*\) .*/\1/p' "$T/out")
check "the SYN is shown" tc_wait "In  IP 127\.0\.0\.1\.$C > 127\.0\.0\.1\.$P: Flags \[S\], seq 0, .*# ack owed"
check "the kernel client waits in SYN-SENT" ss_is $C $P SYN-SENT
tc_cmd "expect state LISTEN; synack"
check "our SYN,ACK: LISTEN -> SYN-RECEIVED" \
    tc_wait "Out IP .*\.$P > .*\.$C: Flags \[S\.\], seq 0, ack 1, .*# LISTEN -> SYN-RECEIVED"
check "its ACK: SYN-RECEIVED -> ESTABLISHED" \
    tc_wait "In  IP .*\.$C > .*\.$P: Flags \[\.\], ack 1, .*# SYN-RECEIVED -> ESTABLISHED"
check "its connect() returned (ss ESTAB)" ss_is $C $P ESTAB
check "it speaks first" \
    tc_wait "In  IP .*\.$C > .*Flags \[P\.\], seq 1:28, ack 1, .*\"hi from the kernel client\\\\r\\\\n\"  # ack owed"
tc_cmd 'ack; send "pong\r\n"'
check "it echoes what we send" \
    tc_wait "In  IP .*\.$C > .*Flags \[P\.\], seq 28:34, ack 7, .*\"pong\\\\r\\\\n\""
tc_cmd "ack; fin"
check "our FIN: ESTABLISHED -> FIN-WAIT-1" tc_wait "Out IP .*Flags \[F\.\], seq 7, ack 34, .*ESTABLISHED -> FIN-WAIT-1"
check "it closes when we do" tc_wait "In  IP .*\.$C > .*Flags \[F\.\], seq 34, ack 8, "
tc_cmd ack
tc_cmd "expect state TIME-WAIT"
tc_cmd "stream"
check "stream in: its hello and the echo" \
    tc_wait '^  "hi from the kernel client\\r\\n"$'
check "no expect failed" sh -c "! grep -q 'failed' '$T/out'"
tc_stop
cat "$T/out" | sed 's/^/# /'
