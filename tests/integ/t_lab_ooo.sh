# Labs "byte stream" and "TCP options": data we send out of order is held
# by the kernel and reassembled (its duplicate ACKs carry SACK blocks when
# SACK is on); and the other way round, a second tcpcraft as the peer sends
# out of order to us: our TCB holds it, our ACKs carry SACK blocks, the
# kernel never has to know.  Checked on the wire with tcpdump too.
. tests/integ/lib.sh
. tests/integ/lablib.sh
P=22140		# echo
Q=22141		# the second tcpcraft listens here

cap_start "$T/cap.pcap" "tcp port $P or tcp port $Q"
tc_start --peer echo:$P --seed 17

# --- out of order to the kernel, SACK on -------------------------------------
tc_cmd "set synopts [mss 1460,sackOK,TS val 1 ecr 0,nop,wscale 7]"
tc_cmd "connect 127.0.0.1:$P"
tc_wait "^c1: "
L=$(tc_lport)
tc_cmd syn
check "SYN,ACK: SACK, timestamps and window scaling agreed" \
    tc_wait "In  IP .*\.$P > .*Flags \[S\.\], seq 0, ack 1, .*options \[mss 65495,sackOK,TS val [0-9]+ ecr [0-9]+,nop,wscale [0-9]+\]"
tc_cmd ack
tc_mark
tc_cmd 'send "CD" seq 3'
check "a hole before it: previous unseen, and why" \
    tc_new "Out IP .*\.$P: Flags \[P\.\], seq 3:5, .*leaves a hole of 2 bytes.*previous unseen"
check "the kernel holds it: duplicate ACK with a SACK block 3:5" \
    tc_new "In  IP .*\.$P > .*Flags \[\.\], ack 1, .*sack 1 \{3:5\}\], length 0  # dup ack #1"
tc_cmd 'send "EF" seq 5'
check "the next one extends the block: 3:7, dup ack #2" \
    tc_new "In  IP .*\.$P > .*Flags \[\.\], ack 1, .*sack 1 \{3:7\}\], length 0  # dup ack #2"
check "kernel side: nothing readable yet (ss Recv-Q 0)" test "$(ss_q $P $L 2)" = 0
tc_cmd 'send "AB" seq 1'
check "the hole filled late: out-of-order, not a retransmission" \
    tc_new "Out IP .*\.$P: Flags \[P\.\], seq 1:3, .*# out-of-order; departs from TCB: seq 1 != SND.NXT 7 \(fills the hole\)$"
check "the kernel acks all six at once" tc_new "In  IP .*\.$P > .*Flags \[\.\], ack 7, "
check "and its application read them in order: the echo is ABCDEF" \
    tc_new "In  IP .*\.$P > .*Flags \[P\.\], seq 1:7, ack 7, .*\"ABCDEF\""
tc_cmd ack
tc_mark
tc_cmd "stream"
check "stream in: ABCDEF" tc_new '^  "ABCDEF"$'
check "stream out: 6 bytes, all acknowledged" \
    tc_new "^out \(us -> peer\): 6 bytes sent in order, 6 acknowledged$"
tc_cmd "close c1"

# --- out of order to us: a second tcpcraft sends, we hold and SACK -----------
tc_mark
tc_cmd "set synopts [mss 1460,sackOK,nop,nop,nop,wscale 7]"
tc_cmd "listen $Q"
tc_new "^l1: listening"
mkfifo "$T/in2"
"$TC" --seed 19 <"$T/in2" >"$T/out2" 2>&1 &
PID2=$!
BG_PIDS="$BG_PIDS $PID2"
exec 8>"$T/in2"
printf '%s\n' "set synopts [mss 1460,sackOK,nop,nop,nop,wscale 7]" \
    "connect 127.0.0.1:$Q" "syn" >&8
check "the other tcpcraft's SYN opens c2 here" tc_new "^c2: new connection from "
tc_cmd synack
tc_new "Out IP .*Flags \[S\.\], seq 0, ack 1,"
# it acks what it has seen: our SYN,ACK first
until_ok "$WAIT_S" grep -q 'In  IP .*Flags \[S\.\]' "$T/out2"
printf 'ack\n' >&8
check "its ACK completes the handshake" tc_new "In  IP .*Flags \[\.\], ack 1, .*SYN-RECEIVED -> ESTABLISHED"
printf '%s\n' 'send "world" seq 7' 'send "!" seq 13' >&8
check "beyond a gap: previous unseen, held" \
    tc_new "In  IP .*Flags \[P\.\], seq 7:12, ack 1, .*# ack owed; previous unseen"
tc_cmd ack
check "our ACK carries a SACK block for the held bytes" \
    tc_new "Out IP .*: Flags \[\.\], ack 1, win 511, options \[nop,nop,sack 2 \{13:14\}\{7:12\}\], length 0  # dup ack #1"
tc_mark
tc_cmd tcb
check "tcb: 6 bytes held at 7:12 and 13:14" \
    tc_new "^held out of order: 6 bytes at 7:12 13:14$"
printf '%s\n' 'send "hello " seq 1' 'send " " seq 12' >&8
check "the gap filled: delivered, RCV.NXT moves over the held bytes" \
    tc_new "In  IP .*Flags \[P\.\], seq 1:7, ack 1, .*# out-of-order; ack owed"
tc_cmd ack
check "one ACK for everything, no SACK left" \
    tc_new "Out IP .*: Flags \[\.\], ack 14, win 511, length 0"
tc_cmd "stream in"
check "stream in: hello world!" tc_new '^  "hello world !"$'
printf 'quit\n' >&8
exec 8>&-
i=0; while kill -0 $PID2 2>/dev/null && [ $i -lt $((WAIT_S * 10)) ]; do sleep 0.1; i=$((i+1)); done
tc_stop
cap_stop
check "on the wire: the kernel's SACK block" \
    sh -c "tcpdump -nr '$T/cap.pcap' 2>/dev/null | grep -q 'sack 1 {'"
check "on the wire: our two SACK blocks" \
    sh -c "tcpdump -nr '$T/cap.pcap' 2>/dev/null | grep -q 'sack 2 {'"
cat "$T/out" | sed 's/^/# /'
cat "$T/out2" | sed 's/^/# other: /'
