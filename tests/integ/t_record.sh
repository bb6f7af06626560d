# record: a session typed through the shell becomes a script with an
# expect per arrived segment; it replays against a fresh peer (exit 0),
# and a corrupted expectation fails at its line (exit 1).
. tests/integ/lib.sh
P=23100

tc_start --peer echo:$P
tc_cmd "record $T/rec.tc"
tc_wait 'recording commands to'
tc_cmd "connect 127.0.0.1:$P"
tc_cmd syn
tc_wait 'In  IP .*Flags \[S\.\]'
tc_cmd ack
tc_cmd 'send "hello"'
tc_wait 'In  IP .*Flags \[P\.\], seq 1:6'
tc_cmd 'expect P. "hello" as e'
tc_wait '^ok$'
tc_cmd 'ack ack $e.seq+5'
tc_wait 'Out IP .*Flags \[\.\], ack 6,'
tc_cmd fin
tc_wait 'In  IP .*Flags \[F\.\]'
tc_cmd ack
tc_wait 'Out IP .*Flags \[\.\], ack 7,'
tc_stop
sed 's/^/# rec.tc: /' "$T/rec.tc"

check "record keeps the typed commands" has "$T/rec.tc" '^send "hello"$'
check "record: an expect for the SYN-ACK, relative, window wildcarded" \
    has "$T/rec.tc" '^expect S\. seq 0, ack 1, win 1\.\.65535, options \[mss 65495\], length 0'
check "record: an expect for the echo's pure ACK" \
    has "$T/rec.tc" '^expect \. seq 1, ack 6, win 1\.\.65535, length 0'
check "record: the typed expect takes its segment's place, with its name" \
    has "$T/rec.tc" '^expect P\. "hello" as e$'
check "record: \$NAME kept as typed" has "$T/rec.tc" '^ack ack \$e\.seq\+5$'
check "record: no expect line twice for the echo" \
    test "$(grep -c '^expect P\.' "$T/rec.tc")" -eq 1

"$TC" --peer echo:$P -f "$T/rec.tc" >"$T/r1" 2>&1
rc=$?
check "the recording replays against a fresh peer: exit 0" test $rc -eq 0
check "replay sent the same data" \
    has "$T/r1" 'Out IP .*Flags \[P\.\], seq 1:6, ack 1, win 65535, length 5 "hello"'
check "replay closed the same way" has "$T/r1" 'FIN-WAIT-1 -> TIME-WAIT'

n=$(grep -n '^expect F\.' "$T/rec.tc" | cut -d: -f1)
sed "${n}s/ack 7,/ack 9,/" "$T/rec.tc" >"$T/bad.tc"
"$TC" --peer echo:$P -f "$T/bad.tc" >"$T/r2" 2>&1
rc=$?
check "a corrupted expectation fails: exit 1" test $rc -eq 1
check "the failure names its line" has "$T/r2" "bad\.tc:$n: expect F\. seq 6, ack 9.* failed"
check "the failure says what came" has "$T/r2" 'ack 7, expected 9'
check "the script stopped at the failure (our last ACK not sent)" \
    sh -c "! grep -q 'Out IP .*Flags \[\.\], ack 7,' '$T/r2'"
