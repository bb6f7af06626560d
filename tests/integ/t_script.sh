# The README's first session as a script (-f), and the exit statuses:
# 0 all good, 1 a failed expect (naming the line), 2 a syntax error
# (FILE:LINE:COL, nothing sent).
. tests/integ/lib.sh
P=21002

cat >"$T/ok.tc" <<EOS
# the first session of the README
connect 127.0.0.1:$P
syn
expect S. within 5s      # the kernel's SYN-ACK, already printed
ack
expect state ESTABLISHED
send "AB"
expect P. "AB"           # the echo
ack
fin
expect F.
ack
expect state TIME-WAIT
tcb
EOS
"$TC" --peer echo:$P -f "$T/ok.tc" >"$T/o1" 2>&1
rc=$?
check "script of the first session exits 0" test $rc -eq 0
check "script printed the echo" has "$T/o1" 'In  IP .*Flags \[P\.\], seq 1:3, ack 3, .*"AB"'
check "tcb printed TIME-WAIT" has "$T/o1" '^state TIME-WAIT '

sed 's/expect P. "AB"  /expect P. "XY"  /; s/:'$P'$/:'$((P+1))'/' "$T/ok.tc" >"$T/bad.tc"
"$TC" --peer echo:$((P+1)) -f "$T/bad.tc" >"$T/o2" 2>&1
rc=$?
check "failed expect exits 1" test $rc -eq 1
check "failure names FILE:LINE and the pattern" \
    has "$T/o2" "bad\.tc:8: expect P\. \"XY\".* failed"
check "failure says what came" has "$T/o2" "payload differs at byte 0: 'A', expected 'X'"
check "script stopped at the failure (no FIN sent)" sh -c "! grep -q 'Flags \[F\.\]' '$T/o2'"

printf 'connect 127.0.0.1:%s\nsyn\nack sqe 5\n' $((P+2)) >"$T/syn.tc"
cap_start "$T/syn.pcap" "tcp port $((P+2))"
"$TC" --peer echo:$((P+2)) -f "$T/syn.tc" >"$T/o3" 2>&1
rc=$?
cap_stop
check "syntax error exits 2" test $rc -eq 2
check "syntax error is FILE:LINE:COL: message" has "$T/o3" 'syn\.tc:3:5: unknown field .sqe.'
check "syntax error: nothing sent (and tcpdump was capturing)" \
    test "$CAP_SEEN" = 1 -a "$(tcpdump -r "$T/syn.pcap" -n 2>/dev/null | wc -l)" -eq 0

"$TC" -c "connect 127.0.0.1:$((P+3)); syn; expect S. within 300ms" >"$T/o4" 2>&1
rc=$?
check "-c: SYN to a closed port fails the expect: exit 1" test $rc -eq 1
check "-c: the kernel refused with RST|ACK" has "$T/o4" 'In  IP .*Flags \[R\.\], seq 0, ack 1, win 0, length 0  # SYN-SENT -> CLOSED.*refused'
check "-c: expect failure shows what came" has "$T/o4" 'expect S\. within 300ms failed'

"$TC" -c 'connect 127.0.0.1:1; frobnicate' >"$T/o5" 2>&1
check "-c syntax error exits 2" test $? -eq 2
check "-c syntax error has a column" has "$T/o5" '^-c:1:22: unknown command'
"$TC" --bogus >/dev/null 2>&1
check "bad option exits 2" test $? -eq 2
