# Scripts against the live kernel: include (relative to the script, with
# cycles refused), named values, +TIME expects with a tolerance, --json,
# --tap with several scripts, and --step driven like a student would.
. tests/integ/lib.sh
P=23130

mkdir -p "$T/lab/common"
cat >"$T/lab/common/handshake.tc" <<EOS
connect 127.0.0.1:$P
syn
expect S. as sa within 20s
ack ack \$sa.seq+1
EOS
cat >"$T/lab/main.tc" <<EOS
include common/handshake.tc
# hello at once, bye 50 ms later (wide tolerance: busy machines)
set tolerance 300ms
+0~300ms expect P. "hello\r\n" as h
ack ack \$h.seq+7
+0.05 expect P. "bye\r\n"
ack
expect F. within 20s
ack ack \$h.seq+13
expect state CLOSE-WAIT
EOS
"$TC" --peer hello:$P -f "$T/lab/main.tc" >"$T/o1" 2>&1
rc=$?
sed 's/^/# /' "$T/o1"
check "include (relative to the script), \$NAME, +TIME: exit 0" test $rc -eq 0
check "\$sa.seq+1 acks the SYN-ACK" has "$T/o1" 'Out IP .*Flags \[\.\], ack 1, win'
check "\$h.seq+13 acks hello, bye and the FIN" has "$T/o1" 'Out IP .*Flags \[\.\], ack 14, win'

# $NAME.length, as the notation names the field, and len, as before
cat >"$T/lab/len.tc" <<EOS
connect 127.0.0.1:$((P + 3))
syn
expect S. within 1s
ack
expect P. "hello\r\n" as h within 1s
send length \$h.length
send bytes:\$h.len
EOS
"$TC" --peer hello:$((P + 3)) -f "$T/lab/len.tc" >"$T/o4" 2>&1
rc=$?
sed 's/^/# /' "$T/o4"
check "\$h.length and \$h.len: exit 0" test $rc -eq 0
check "\$h.length is the 7 bytes of hello" \
    has "$T/o4" 'Out IP .*Flags \[P\.\], seq 1:8, ack 8, win [0-9]+, length 7 "abcdefg"$'
check "\$h.len too" \
    has "$T/o4" 'Out IP .*Flags \[P\.\], seq 8:15, ack 8, win [0-9]+, length 7 "abcdefg"$'

sed 's/^+0.05 expect/+2 expect/' "$T/lab/main.tc" >"$T/lab/early.tc"
"$TC" --peer hello:$P -f "$T/lab/early.tc" >"$T/o2" 2>&1
rc=$?
check "a segment earlier than +TIME allows: exit 1" test $rc -eq 1
check "the timing failure names the line and how early" \
    has "$T/o2" 'early\.tc:6: expect P\. "bye\\r\\n" failed: timing: it arrived at [0-9.]+, early by [0-9.]+s \(expected at [0-9.]+ \+-0\.300s\)'

printf 'include b.tc\n' >"$T/lab/a.tc"
printf 'connect 127.0.0.1:%s\nsyn\ninclude a.tc\n' $((P + 2)) >"$T/lab/b.tc"
cap_start "$T/cyc.pcap" "tcp port $((P + 2))"
"$TC" -f "$T/lab/b.tc" >"$T/o3" 2>&1
rc=$?
cap_stop
check "an include cycle is a syntax error: exit 2" test $rc -eq 2
check "the cycle names both files and lines" \
    has "$T/o3" 'a\.tc:1:1: include b\.tc: a cycle: .*b\.tc is being read already \(.*b\.tc:3 includes .*a\.tc\)'
check "an include cycle sends nothing (and tcpdump was capturing)" \
    test "$CAP_SEEN" = 1 -a "$(tcpdump -r "$T/cyc.pcap" -n 2>/dev/null | wc -l)" -eq 0
printf 'connect 127.0.0.1:%s\nsyn\nack ack $nope.seq\n' $P >"$T/lab/undef.tc"
"$TC" -f "$T/lab/undef.tc" >"$T/o4" 2>&1
check "an undefined \$NAME is a syntax error: exit 2" test $? -eq 2
check "... with its column" has "$T/o4" 'undef\.tc:3:9: \$nope is not defined'

# --json: every line an object; packets, states, expects, the result
"$TC" --json --peer hello:$P -f "$T/lab/main.tc" >"$T/j1" 2>&1
rc=$?
check "--json run: exit 0" test $rc -eq 0
check "--json: every line parses as a JSON object" python3 -c "
import json, sys
ev = [json.loads(l) for l in open('$T/j1')]
kinds = {e['event'] for e in ev}
need = {'packet', 'state', 'expect', 'script', 'message'}
assert need <= kinds, kinds
p = [e for e in ev if e['event'] == 'packet' and e['dir'] == 'in']
assert p[0]['flags'] == 'S.' and p[0]['seq'] == 0 and p[0]['ack'] == 1, p[0]
assert 'partial cksum' in p[0]['notes']
x = [e for e in ev if e['event'] == 'expect']
assert all(e['result'] == 'ok' for e in x) and x[0]['where'].endswith('handshake.tc:3')
assert ev[-1] == {'event': 'script', 'file': '$T/lab/main.tc', 'status': 0, 'result': 'pass'}
"
"$TC" --json --peer hello:$P -f "$T/lab/early.tc" >"$T/j2" 2>&1
check "--json: a failed expect is an event with its reason" python3 -c "
import json
ev = [json.loads(l) for l in open('$T/j2')]
f = [e for e in ev if e['event'] == 'expect' and e['result'] == 'fail']
assert len(f) == 1 and f[0]['where'].endswith('early.tc:6') and 'early by' in f[0]['reason'], f
assert ev[-1]['status'] == 1
"

# --tap: three scripts, one passes, one fails, one has a syntax error
printf 'connect 127.0.0.1:%s\nsyn\nexpect S.\nrst\n' $((P + 1)) >"$T/t1.tc"
printf 'connect 127.0.0.1:%s\nsyn\nexpect S.\nack\nsend "AB"\nexpect P. "XY" within 2s\n' \
    $((P + 1)) >"$T/t2.tc"
printf 'connect 127.0.0.1:%s\nsyn sqe 3\n' $((P + 1)) >"$T/t3.tc"
"$TC" --tap --peer echo:$((P + 1)) -f "$T/t1.tc" -f "$T/t2.tc" -f "$T/t3.tc" \
    >"$T/tap" 2>/dev/null
rc=$?
sed 's/^/# | /' "$T/tap"
check "--tap: exit status of the worst script (2)" test $rc -eq 2
check "--tap: the plan" sh -c "sed -n 2p '$T/tap' | grep -qx '1\.\.3'"
check "--tap: test points in order" sh -c "grep -E '^(not )?ok ' '$T/tap' |
    sed 's/ - .*//' | tr '\n' ' ' | grep -qx 'ok 1 not ok 2 not ok 3 '"
check "--tap: a failure's diagnostics name FILE:LINE and what came" \
    has "$T/tap" "^  message: '.*t2\.tc:6: expect P\. \"XY\" within 2s failed: .*payload differs at byte 0"
check "--tap: a syntax error's diagnostics" has "$T/tap" "^  message: '.*t3\.tc:2:5: unknown field"
check "--tap: session lines are diagnostics" \
    sh -c "! grep -vE '^(TAP version 13|1\.\.3|(not )?ok [0-9]+ - .*|#.*|  .*)$' '$T/tap'"

# --step: Enter runs the line shown, a command of our own in between, c
printf 'connect 127.0.0.1:%s\nsyn\nexpect S.\nack\nsend "AB"\nexpect P. "AB"\n' \
    $((P + 1)) >"$T/s.tc"
tc_start --peer echo:$((P + 1)) -f "$T/s.tc" --step
check "--step shows the first line" tc_wait "^next .*s\.tc:1: connect 127\.0\.0\.1:$((P + 1))$"
tc_cmd ""
check "Enter runs it and shows the next" tc_wait "^next .*s\.tc:2: syn$"
check "nothing sent before Enter" sh -c "! grep -q 'Out IP' '$T/out'"
tc_cmd "conns"
check "a command of our own runs between steps" tc_wait '^\* c1 .* CLOSED'
tc_cmd ""
check "the step's SYN leaves" tc_wait 'Out IP .*Flags \[S\], seq 0'
tc_cmd "c"
check "c runs the rest" tc_wait 'In  IP .*Flags \[P\.\], seq 1:3, ack 3'
PID=$TC_PID
i=0
while kill -0 "$PID" 2>/dev/null && [ $i -lt $((WAIT_S * 10)) ]; do sleep 0.1; i=$((i + 1)); done
check "--step: the run ends with the script" sh -c "! kill -0 $PID 2>/dev/null"
exec 9>&-	# it has gone: a "quit" down the FIFO would draw SIGPIPE
wait "$PID" 2>/dev/null
TC_PID=
