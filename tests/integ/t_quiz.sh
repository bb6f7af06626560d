# Quiz mode in a typed session against the kernel: a wrong answer is
# explained with the arithmetic from the segment it follows from, "?"
# reveals without counting as a miss, a retransmission asks nothing new,
# the masked line carries the #N the question names, "set quiz off" says
# what it dropped, and quit prints the score.  Ports 27300-27319.
. tests/integ/lib.sh
P=27300

tc_start --peer discard:$P
tc_wait "peer discard:$P listening"
tc_cmd "connect 127.0.0.1:$P"
tc_cmd syn
tc_wait 'In  IP .*Flags \[S\.\]'
tc_cmd "set quiz ack"
tc_cmd ack
# #1 SYN, #2 SYN-ACK, #3 ACK, #4 "hello", #5 the peer's ACK
tc_cmd 'send "hello"'
check "the masked line carries its #N" \
    tc_wait '^#5 +[0-9.]+ In  IP .*Flags \[\.\], ack \?, win'
check "asked about #5" tc_wait '^quiz: what is the ack of #5\? '
# log while the question waits: still hidden there, numbered once
tc_cmd log
tc_wait '^#4 +[0-9.]+ Out .*"hello"'
check "log: the open question's line hidden, one #N" sh -c "
	[ \$(grep -Ec '^#5 +[0-9.]+ In .*ack \?, win' '$T/out') -eq 2 ] &&
	! grep -Eq '^#[0-9]+ +#' '$T/out'"
tc_cmd 5
check "a wrong answer: the arithmetic, from our segment #4" \
    tc_wait "^quiz: not quite, not 5: ack = our #4's seq 1 \+ its 5 bytes = 6: the next byte the peer expects from us$"
check "then the line in full, with its #N" \
    tc_wait '^#5 +[0-9.]+ In  IP .*Flags \[\.\], ack 6, win'
check "a miss scores 0 of 1" tc_wait '^quiz: score 0 of 1$'

# "?" reveals, with the arithmetic, and is not a miss
tc_cmd 'send "xy"'
tc_wait '^quiz: what is the ack of #7\? '
tc_cmd '?'
check "?: revealed with the arithmetic" \
    tc_wait "^quiz: revealed, not scored: ack = our #6's seq 6 \+ its 2 bytes = 8"
check "?: not counted as a miss" \
    tc_wait '^quiz: score 0 of 1 \(1 revealed, not scored\)$'

tc_cmd 'send "abc"'
tc_wait '^quiz: what is the ack of #9\? '
tc_cmd 11
check "a right answer: the arithmetic too" \
    tc_wait "^quiz: right: ack = our #8's seq 8 \+ its 3 bytes = 11"
check "score 1 of 2" tc_wait '^quiz: score 1 of 2 \(1 revealed, not scored\)$'

# our FIN (#10): the discard peer closes too; we do not ACK its FIN, so
# the kernel resends it: the resend is hidden like the original (its
# question is still open) and asks nothing new
tc_cmd fin
check "the peer's FIN: asked" tc_wait '^quiz: what is the ack of #11\? '
check "its resend: hidden, with its own #N" \
    tc_wait '^#12 +[0-9.]+ In  IP .*Flags \[F\.\], seq 1, ack \?, .*retransmission' 3
tc_cmd 12
check "a FIN's arithmetic: + 1 for its FIN" \
    tc_wait "^quiz: right: ack = our #10's seq 11 \+ 1 for its FIN = 12"
check "the next resend, of a question answered: shown, not asked" \
    tc_wait '^ +[0-9.]+ In  IP .*Flags \[F\.\], seq 1, ack 12, .*retransmission' 3
check "one question per segment: none about a resend" \
    sh -c "! grep -Eq '^quiz: what is the ack of #1[2-9]' '$T/out'"
tc_cmd ack

# set quiz off with a question open says what it drops
tc_cmd "connect 127.0.0.1:$P"
tc_wait '^c2: '
asked=$(grep -c '^quiz: what is' "$T/out")
tc_cmd syn
i=0	# until the SYN-ACK's question is asked
while [ "$(grep -c '^quiz: what is' "$T/out")" -le "$asked" ] && [ $i -lt 100 ]; do
	sleep 0.05
	i=$((i + 1))
done
tc_cmd "set quiz off"
check "set quiz off: what it dropped, and the score" \
    tc_wait '^quiz off: 1 question unanswered dropped; score 2 of 3 \(1 revealed, not scored\)$'
tc_cmd 1
check "set quiz off: a number is no answer any more" \
    tc_wait "^error: unknown command '1'"
check "...and nothing was scored" \
    test "$(grep -c '^quiz: \(right\|not quite\)' "$T/out")" -eq 3
tc_stop
check "quit prints the score" \
    sh -c "tail -2 '$T/out' | grep -q '^quiz: score 2 of 3 (1 revealed, not scored)$'"
sed 's/^/# /' "$T/out"
