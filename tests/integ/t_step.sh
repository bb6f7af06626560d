# Step mode (--step) teaches: the script's comments before each line, "ok"
# for a passing expect, and a failure that asks (r runs the line again, s
# skips it, q quits) instead of ending the session; the student's own
# commands in between (an rst of their own) never end it either.  Driven
# through stdin, one answer per prompt.  Ports 27200-27219.
. tests/integ/lib.sh
P=27200

cat >"$T/lab.tc" <<EOF
# Lesson: a handshake, then data.
#
# We send a SYN and the kernel answers.

connect 127.0.0.1:$P
# First, our SYN.
syn
expect S. within 1s      # the SYN-ACK
ack
# Data, echoed back.
send "hi"
expect P. "hi" within 1s
expect P. "more" within 300ms   # only if the student sends "more"
ack
EOF

# run NAME ANSWERS...: one answer per line on stdin
run() {
	name=$1
	shift
	printf '%s\n' "$@" | timeout 30 "$TC" --peer echo:$P -f "$T/lab.tc" \
	    --step >"$T/$name" 2>&1
	echo $? >"$T/$name.rc"
}
rc() { cat "$T/$1.rc"; }
# ok_before FILE A B: the first line matching A comes before one matching B
before() {
	a=$(grep -n -m1 -E -- "$2" "$1" | cut -d: -f1)
	b=$(grep -n -m1 -E -- "$3" "$1" | cut -d: -f1)
	[ -n "$a" ] && [ -n "$b" ] && [ "$a" -lt "$b" ]
}

# retry: the student sends "more" of their own, then runs the line again
run retry "" "" "" "" "" "" "" 'send "more"' r ""
check "comments: the lesson's opening block before the first line" \
    before "$T/retry" '^# We send a SYN and the kernel answers\.$' \
    "^next .*lab\.tc:5: connect 127\.0\.0\.1:$P$"
check "comments: each step's own comment before it" \
    before "$T/retry" '^# First, our SYN\.$' '^next .*lab\.tc:7: syn$'
check "comments: a line's trailing comment shown with it" has "$T/retry" \
    '^next .*lab\.tc:8: expect S\. within 1s  # the SYN-ACK$'
check "comments: shown once, not again when the line is shown again" \
    test "$(grep -c '^# First, our SYN' "$T/retry")" -eq 1
check "a passing expect says ok" before "$T/retry" '^ +[0-9.]+ In .*\[S\.\]' '^ok$'
check "the failure asks instead of ending the session" has "$T/retry" \
    '^step: .*lab\.tc:13 failed: r \(or Enter\) runs it again, s skips it, q quits'
check "r: the line runs again and passes" has "$T/retry" \
    '^again .*lab\.tc:13: expect P\. "more" within 300ms$'
check "r: then the script goes on (its last ack is sent)" before "$T/retry" \
    '^again .*lab\.tc:13' '^ +[0-9.]+ Out .*Flags \[\.\], ack 7,'
check "r: a failure mended by a second try: exit 0 (got $(rc retry))" \
    test "$(rc retry)" -eq 0
check "r: ok for each of the three expects that passed" \
    test "$(grep -c '^ok$' "$T/retry")" -eq 3

# skip: the script goes on, and the run ends with status 1
run skip "" "" "" "" "" "" "" s ""
check "s: skipped, said so" has "$T/skip" \
    '^skipped .*lab\.tc:13: the run will end with status 1$'
check "s: the next line still runs" before "$T/skip" '^skipped ' \
    '^next .*lab\.tc:14: ack$'
check "s: exit 1 (got $(rc skip))" test "$(rc skip)" -eq 1

# quit: ends there, status 1, the last ack never sent
run quit "" "" "" "" "" "" "" q
check "q: ends at once" sh -c "! grep -q 'lab\.tc:14' '$T/quit'"
check "q: exit 1 (got $(rc quit))" test "$(rc quit)" -eq 1

# the student's own rst mid-script: the script's next failure asks too
run own "" "" "" "" rst "" "" q
check "own rst: sent, and the step shown again after it" sh -c \
    "grep -A3 -E '^ +[0-9.]+ Out .*Flags \[R\]' '$T/own' |
    grep -q 'next .*lab\.tc:11: send \"hi\"'"
check "own rst: the script's next failure asks" has "$T/own" \
    '^step: .*lab\.tc:12 failed: r \(or Enter\)'
check "own rst: q there: exit 1 (got $(rc own)), nothing after" sh -c \
    "[ $(rc own) -eq 1 ] && ! grep -q 'lab\.tc:13' '$T/own'"

# the student's own failing expect is not the script's failure
run ownfail "" "" "" "" "expect R. within 100ms" "" "" 'send "more"' "" ""
check "own failing expect: reported" has "$T/ownfail" \
    'expect R\. within 100ms failed'
check "own failing expect: the script still exits 0 (got $(rc ownfail))" \
    test "$(rc ownfail)" -eq 0

# on a terminal (readline): the same lesson, a failure, r after sending
cat >"$T/steps" <<EOS
expect # We send a SYN and the kernel answers\.
expect step>
type
expect lab\.tc:7: syn
type
expect lab\.tc:8: expect S\.
type
expect ok
expect lab\.tc:9: ack
type
expect lab\.tc:11: send
type
expect lab\.tc:12: expect P\. "hi"
type
expect lab\.tc:13: expect P\. "more"
type
expect lab\.tc:13 failed: r
type send "more"
expect length 4 "more"
type r
expect again .*lab\.tc:13
expect lab\.tc:14: ack
type
exit
EOS
HOME=$T python3 tests/integ/pty_drive.py "$T/pty" -- "$TC" \
    --peer echo:$P -f "$T/lab.tc" --step <"$T/steps" >"$T/pty.res" 2>&1
check "terminal: every step happened" sh -c "! grep -q failed '$T/pty.res'"
check "terminal: r mended the failure: exit 0" grep -q '^exit 0$' "$T/pty.res"
