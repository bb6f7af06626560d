# The kernel-RST guard: without it the local kernel resets the connection
# and the shell says why; a SIGKILLed shell leaves no nftables table.
. tests/integ/lib.sh
P=21030

"$TC" --peer echo:$P -c "set guard off; connect 127.0.0.1:$P; syn; wait 500ms; tcb" >"$T/o1" 2>&1
check "guard off: the local kernel's RST is seen" has "$T/o1" 'Out IP .*Flags \[R\], seq 1, win 0, length 0  # .*kernel RST'
check "guard off: the shell says why" has "$T/o1" 'local kernel reset it'
check "guard off: TCB CLOSED" has "$T/o1" 'state +CLOSED|CLOSED'

tc_start --peer echo:$((P+1))
tc_cmd "connect 127.0.0.1:$((P+1))"
tc_cmd syn
tc_wait 'Flags \[S\.\]'
tc_cmd ack
tc_wait 'Flags \[\.\], ack 1'
check "table present while the shell runs" sh -c "nft list tables | grep -q 'tcpcraft_$TC_PID'"
check "guard on: no RST on the wire" sh -c "! grep -q 'Flags \[R' '$T/out'"
PID=$TC_PID
kill -9 $TC_PID
wait $TC_PID 2>/dev/null
TC_PID=
sleep 0.3
check "SIGKILL leaves no tcpcraft table" sh -c "! nft list tables | grep -q 'tcpcraft_$PID\$'"
check "SIGKILL leaves no peer process" sh -c "! ss -tlnH '( sport = :$((P+1)) )' | grep -q ."
