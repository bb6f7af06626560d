# The kernel-RST guard: without it the local kernel resets the connection
# and the shell says why; a SIGKILLed shell leaves no nftables table.
. tests/integ/lib.sh
P=21030

# the local kernel's RST answers the SYN,ACK at once: wait for that
"$TC" --peer echo:$P -c "set guard off; connect 127.0.0.1:$P; syn; expect S. within 20s; wait 300ms; tcb" >"$T/o1" 2>&1
check "guard off: the local kernel's RST is seen" has "$T/o1" 'Out IP .*Flags \[R\], seq 1, win 0, length 0  # .*kernel RST'
check "guard off: the shell says why" has "$T/o1" 'local kernel reset it'
check "guard off: tcb says CLOSED" has "$T/o1" '^state CLOSED'

tc_start --peer echo:$((P+1))
tc_cmd "connect 127.0.0.1:$((P+1))"
tc_cmd syn
tc_wait 'Flags \[S\.\]'
tc_cmd ack
check "guard on: our ACK completes the handshake" \
    tc_wait 'Out IP .*Flags \[\.\], ack 1, '
check "table present while the shell runs" sh -c "nft list tables | grep -q 'tcpcraft_$TC_PID\$'"
check "guard on: no RST on the wire" sh -c "! grep -q 'Flags \[R' '$T/out'"
PID=$TC_PID
kill -9 $TC_PID
wait $TC_PID 2>/dev/null
TC_PID=
check "SIGKILL leaves no tcpcraft table" until_ok "$WAIT_S" \
    sh -c "! nft list tables | grep -q 'tcpcraft_$PID\$'"
check "SIGKILL leaves no peer process" until_ok "$WAIT_S" \
    sh -c "! ss -tlnH '( sport = :$((P+1)) )' | grep -q ."
