# The prediction campaign: situations over the states and the regions of
# the sequence space a lab reaches, each ending in one segment command with
# `?`, run against the live kernel on loopback.  Every prediction must hold,
# and the `why:` line explaining the peer's answer must cite the same check
# of RFC 9293 as the prediction; after a RST of ours, our TCB is CLOSED
# exactly when the prediction says the peer takes it.  Ports 24400-24409.
#
# The test runs in a network namespace of its own (it enters one if it is
# not given one): there it sets net.ipv4.tcp_invalid_ratelimit to 0 and
# tcp_challenge_ack_limit to the largest value, so that every challenge ACK
# and out-of-window ACK the kernel owes is sent; with the defaults (500 ms
# per socket) the answer would depend on the timing of the situation before.
# SPDX-License-Identifier: GPL-3.0-or-later

if [ -z "$TC_PREDICT_NETNS" ]; then
	TC_PREDICT_NETNS=1 exec unshare -n sh "$0" "$@"
fi
ip link set lo up
sysctl -qw net.ipv4.tcp_invalid_ratelimit=0 || exit 1
sysctl -qw net.ipv4.tcp_challenge_ack_limit=2147483647 || exit 1

. tests/integ/lib.sh

ECHO=24401
SINK=24402
HELLO=24403

# Setups: the commands before the probe, by name.  Each ends with what the
# lab shows in that state (expect), so the probe starts from a quiet wire.
setup() {
	case $1 in
	syn)	printf '%s\n' "connect 127.0.0.1:$2" syn "expect S." ;;
	est)	setup syn "$2"; echo ack ;;
	sackest)
		echo "set synopts [mss 1460,sackOK]"
		setup est "$2" ;;
	hole)	setup est "$2"; printf '%s\n' 'send "x" seq 5000' "expect ." ;;
	sackhole)
		setup sackest "$2"
		printf '%s\n' 'send "x" seq 5000' "expect ." ;;
	echoed)	setup est "$2"
		printf '%s\n' 'send "hello"' 'expect P. "hello"' ack ;;
	wrap)	echo "set iss 4294967000"
		setup est "$2"
		printf '%s\n' "send length 400" "expect P. length 400" ack ;;
	wrapest)
		echo "set iss 4294967200"
		setup est "$2" ;;
	# a sink never reads: 4096 bytes fill its buffer, the window closes
	half)	setup est "$2"
		printf '%s\n' "send length 2000" "expect . ack 2001" \
		    "send length 2000" "expect . ack 4001" ;;
	full)	setup half "$2"
		printf '%s\n' "send length 96" "expect . ack 4097 win 0" ;;
	# our FIN beyond a hole: the peer holds it, we stay in FIN-WAIT-1
	fw1)	setup est "$2"
		printf '%s\n' 'send "x" seq 100' "expect ." fin "expect ." ;;
	# a sink acks our FIN and stays in CLOSE-WAIT: FIN-WAIT-2
	fw2)	setup est "$2"
		printf '%s\n' 'send "hello"' "expect . ack 6" fin \
		    "expect . ack 7" ;;
	# "hello" writes hello and bye and closes: CLOSE-WAIT, its FIN acked
	cw)	setup est "$2"
		printf '%s\n' "expect F. within 3s" ack ;;
	# our FIN held beyond a hole when the peer's FIN comes: CLOSING
	closing)
		setup est "$2"
		printf '%s\n' 'expect P. length 7' ack 'send "x" seq 100' \
		    "expect ." fin "expect ." "expect F. within 3s" ;;
	closingack)
		setup closing "$2"; echo ack ;;
	# a bad checksum loses our FIN: FIN-WAIT-1 with the peer still open
	fw1lost)
		setup est "$2"; echo "fin cksum bad" ;;
	# and LAST-ACK, the peer's remnant still waiting for it
	lastlost)
		setup cw "$2"; echo "fin cksum bad" ;;
	# a simultaneous close: our lost FIN, its FIN, ours again acking
	# its: both ends in TIME-WAIT
	simul)	echo "set msl 60s"
		setup est "$2"
		printf '%s\n' 'expect P. length 7' ack "fin cksum bad" \
		    "expect F. within 3s" "fin seq 1" "expect . ack 2" ;;
	# the echo server closes after our FIN: TIME-WAIT (before and after
	# our last ACK)
	lastack)
		echo "set msl 60s"
		setup est "$2"; printf '%s\n' fin "expect F." ;;
	tw)	setup lastack "$2"; echo ack ;;
	*)	echo "unknown setup $1" >&2; return 1 ;;
	esac
}

# The state of our TCB when the probe leaves, by setup.
state_of() {
	case $1 in
	fw1|fw1lost) echo FIN-WAIT-1 ;;
	lastlost) echo LAST-ACK ;;
	simul)	echo TIME-WAIT ;;
	fw2)	echo FIN-WAIT-2 ;;
	cw)	echo CLOSE-WAIT ;;
	closing|closingack) echo CLOSING ;;
	lastack|tw) echo TIME-WAIT ;;
	*)	echo ESTABLISHED ;;
	esac
}

# name | peer | setup | probe (without ?) | the check both must cite
cat >"$T/table" <<'EOF'
hs-ack|echo|syn|ack|3.10.7.4, fifth check
data-in-order|echo|est|send "hello"|3.10.7.4, seventh check
data-in-window-hole|echo|est|send "x" seq 5000|3.10.7.4, seventh check
data-beyond-window|echo|est|send "x" seq 100000|3.10.7.4, first check
data-old|echo|echoed|send "he" seq 1|3.10.7.4, first check
rst-exact|echo|est|rst|3.10.7.4, second check
rst-in-window|echo|est|rst seq 100|3.10.7.4, second check
rst-beyond-window|echo|est|rst seq 200000|3.10.7.4, first check
rst-below-window|echo|echoed|rst seq 0|3.10.7.4, first check
syn-synchronized|echo|est|syn|3.10.7.4, fourth check
syn-far-outside|echo|est|syn seq 300000|3.10.7.4, fourth check
ack-of-unsent|echo|est|ack ack 5000|3.10.7.4, fifth check
fin-in-order|echo|est|fin|3.10.7.4, eighth check
hole-rst-snd-nxt|echo|hole|rst|3.10.7.4, second check
hole-syn|echo|hole|syn|3.10.7.4, fourth check
hole-rst-exact|echo|hole|rst seq 1|3.10.7.4, second check
hole-fill|echo|hole|send "abcd" seq 1|3.10.7.4, seventh check
hole-second-hole|echo|hole|send "y" seq 6000|3.10.7.4, seventh check
hole-rst-beyond|echo|hole|rst seq 70000|3.10.7.4, first check
sack-rst-block-end|echo|sackhole|rst|3.10.7.4, second check
sack-rst-block-start|echo|sackhole|rst seq 5000|3.10.7.4, second check
sack-rst-in-hole|echo|sackhole|rst seq 3000|3.10.7.4, second check
sack-data-hole|echo|sackest|send "x" seq 5000|3.10.7.4, seventh check
wrap-data-across|echo|wrapest|send length 400|3.10.7.4, seventh check
wrap-rst-in-window|echo|wrap|rst seq 500|3.10.7.4, second check
wrap-rst-exact|echo|wrap|rst|3.10.7.4, second check
wrap-syn|echo|wrap|syn|3.10.7.4, fourth check
wrap-hole|echo|wrap|send "x" seq 1000|3.10.7.4, seventh check
wrap-beyond-window|echo|wrap|send "x" seq 70000|3.10.7.4, first check
wrap-old-data|echo|wrap|send "ab" seq 1|3.10.7.4, first check
shrunk-straddle|sink|half|send length 200|3.10.7.4, first check
shrunk-beyond|sink|half|send length 10 seq 5000|3.10.7.4, first check
zero-window-data|sink|full|send length 10|3.10.7.4, first check
zero-window-far|sink|full|send length 10 seq 20000|3.10.7.4, first check
zero-window-rst-exact|sink|full|rst|3.10.7.4, second check
zero-window-rst-next|sink|full|rst seq 4098|3.10.7.4, first check
zero-window-syn|sink|full|syn|3.10.7.4, fourth check
fw1-rst-exact|sink|fw1|rst seq 1|3.10.7.4, second check
fw1-rst-in-window|sink|fw1|rst seq 50|3.10.7.4, second check
fw1-syn|sink|fw1|syn|3.10.7.4, fourth check
fw1-fill-hole|sink|fw1|send length 99 seq 1|3.10.7.4, seventh check
fw2-rst-exact|sink|fw2|rst|3.10.7.4, second check
fw2-rst-fin-seq|sink|fw2|rst seq 6|3.10.7.4, second check
fw2-rst-in-window|sink|fw2|rst seq 100|3.10.7.4, second check
fw2-rst-outside|sink|fw2|rst seq 200000|3.10.7.4, first check
fw2-syn|sink|fw2|syn|3.10.7.4, fourth check
fw2-ack|sink|fw2|ack|3.10.7.4, fifth check
fw2-old-data|sink|fw2|send "he" seq 1|3.10.7.4, first check
cw-rst-in-window|hello|cw|rst seq 100|3.10.7.4, second check
cw-rst-outside|hello|cw|rst seq 200000|3.10.7.4, first check
cw-syn-below|hello|cw|syn|3.10.7.4, first check
cw-syn-in-window|hello|cw|syn seq 10|3.10.7.4, fourth check
cw-data|hello|cw|send "x"|3.10.7.4, seventh check
cw-ack|hello|cw|ack|3.10.7.4, fifth check
last-ack-fin|hello|cw|fin|3.10.7.4, eighth check
closing-rst-in-window|hello|closing|rst seq 50|3.10.7.4, second check
closing-rst-exact|hello|closing|rst seq 1|3.10.7.4, second check
closing-syn|hello|closing|syn|3.10.7.4, fourth check
closing-data|hello|closing|send length 99 seq 1|3.10.7.4, seventh check
closing-acked-rst|hello|closingack|rst seq 50|3.10.7.4, second check
fw1-lost-fin-rst|echo|fw1lost|rst|3.10.7.4, second check
fw1-lost-fin-again|echo|fw1lost|fin seq 1|3.10.7.4, eighth check
fw1-lost-fin-data|echo|fw1lost|send "x" seq 1|3.10.7.4, seventh check
last-ack-rst-in-window|hello|lastlost|rst seq 100|3.10.7.4, second check
last-ack-rst-outside|hello|lastlost|rst seq 200000|3.10.7.4, first check
last-ack-fin-again|hello|lastlost|fin seq 1|3.10.7.4, eighth check
last-ack-ack|hello|lastlost|ack|3.10.7.4, fifth check
simul-tw-ack|hello|simul|ack|3.10.7.4, fifth check
simul-tw-data|hello|simul|send "x"|3.10.7.4, first check
simul-tw-rst-exact|hello|simul|rst|3.10.7.4, second check
simul-tw-rst-other|hello|simul|rst seq 100|3.10.7.4, second check
simul-tw-syn-below|hello|simul|syn|3.10.7.4, first check
simul-tw-syn-beyond|hello|simul|syn seq 100000|3.10.7.2
tw-last-ack|echo|lastack|ack|3.10.7.4, fifth check
tw-data|echo|tw|send "x"|3.10.7.1
tw-rst|echo|tw|rst|3.10.7.1
tw-syn-listener|echo|tw|syn|3.10.7.2
EOF

# run PEER SCRIPT OUT: the lines of SCRIPT typed into a session, as a
# student would, until the prediction is judged (the peer's answer, or a
# second of silence); 1 when a setup step failed or no verdict came.
run() {
	rm -f "$T/fifo"
	mkfifo "$T/fifo"
	"$TC" --peer "$1" <"$T/fifo" >"$3" 2>&1 &
	TC_PID=$!
	exec 8>"$T/fifo"
	cat "$2" >&8
	i=0
	while ! grep -q '^ *predict: the prediction ' "$3" && [ $i -lt 200 ]
	do
		sleep 0.05
		i=$((i + 1))
	done
	printf 'quit\n' >&8
	exec 8>&-
	i=0
	while kill -0 "$TC_PID" 2>/dev/null && [ $i -lt 100 ]; do
		sleep 0.05
		i=$((i + 1))
	done
	kill "$TC_PID" 2>/dev/null
	wait "$TC_PID" 2>/dev/null
	TC_PID=
	! grep -Eq 'failed|error' "$3" &&
	    grep -q '^ *predict: the prediction ' "$3"
}

n=0
held=0
cited=0
while IFS='|' read -r name peer set probe check; do
	n=$((n + 1))
	case $peer in
	echo) port=$ECHO ;;
	sink) port=$SINK ;;
	*) port=$HELLO ;;
	esac
	s="$T/$name.tc"
	o="$T/$name.out"
	{
		echo "set explain on"
		setup "$set" "$port"
		echo tcb
		echo "$probe ?"
	} >"$s"
	run "$peer:$port" "$s" "$o"
	rc=$?
	pred=$(grep -E '^ +predict: ' "$o" | grep -Ev 'predict: the prediction ' |
	    head -1)
	verdict=$(grep -E '^ +predict: the prediction ' "$o" | head -1)
	# the explanation of the answer is the line before the verdict
	why=$(grep -E -B1 '^ +predict: the prediction ' "$o" | head -1)
	case $verdict in
	*"prediction held"*) ok_p=1 ;;
	*) ok_p=0 ;;
	esac
	# the setup reached the state it stands for
	st=$(sed -n 's/^state \([A-Z0-9-]*\) .*/\1/p' "$o" | head -1)
	[ "$st" = "$(state_of "$set")" ] || rc="$rc, in state '$st'"
	ok_c=1
	case $pred in *"$check"*) ;; *) ok_c=0 ;; esac
	case $verdict in
	*"nothing came back"*) ;;
	*) case $why in *why:*"$check"*) ;; *) ok_c=0 ;; esac ;;
	esac
	# a RST of ours: our TCB closes exactly when the peer takes it (in
	# TIME-WAIT our side is over anyway: ABORT deletes the TCB)
	case $probe in
	rst*)
		r=$(grep -E 'Out IP .*Flags \[R\]' "$o" | tail -1)
		case $st:$pred in
		TIME-WAIT:*|*resets*|*"ends without a word"*|*"no connection"*)
			case $r in *"-> CLOSED"*) ;; *) ok_c=0 ;; esac ;;
		*)	case $r in *"will not accept it"*) ;; *) ok_c=0 ;; esac ;;
		esac ;;
	esac
	if [ "$rc" = 0 ] && [ $ok_p -eq 1 ]; then
		held=$((held + 1))
	fi
	[ $ok_c -eq 1 ] && cited=$((cited + 1))
	if [ "$rc" = 0 ] && [ $ok_p -eq 1 ] && [ $ok_c -eq 1 ]; then
		ok "$name ($st, $probe ?): held, both cite $check"
	else
		notok "$name ($set, $probe ?)" "exit $rc" "$pred" "$verdict" \
		    "$why" "script $s:" "$(sed 's/^/    /' "$s")" "output:" \
		    "$(cut -c1-240 "$o")"
	fi
done <"$T/table"

# The case of issue 17: a RST the peer does not take leaves our TCB open.
check "a RST at SND.NXT after a hole: our TCB says the peer will not take it" \
    has "$T/hole-rst-snd-nxt.out" \
    "Flags \[R\], seq 5001, .*departs from TCB: .*RST in the peer's window but not at its RCV\.NXT 1: the peer will not accept it"
check "and does not close the connection" \
    eval '! has "$T/hole-rst-snd-nxt.out" "closed: reset by us"'

# tcb: a SYN's window is never scaled (RFC 7323 2.2); later ones are
cat >"$T/ws.tc" <<EOF2
set synopts [mss 1460,wscale 7]
connect 127.0.0.1:$ECHO
syn
expect S.
tcb
ack
send "hello"
expect . ack 6
tcb
EOF2
"$TC" --peer "echo:$ECHO" -f "$T/ws.tc" >"$T/ws.out" 2>&1
check "wscale: the script ran" test $? -eq 0
w1=$(grep -m1 'SND.WND' "$T/ws.out")
check "after the SYN,ACK: SND.WND is the window field, unscaled ($w1)" \
    eval 'echo "$w1" | grep -Eq "SND\.WND [0-9]+( |\$)" &&
    ! echo "$w1" | grep -q "<<"'
w2=$(grep 'SND.WND' "$T/ws.out" | sed -n 2p)
check "after an ACK: SND.WND = field << shift, computed right ($w2)" \
    eval 'set -- $(echo "$w2" | sed -n "s/.*SND\.WND \([0-9]*\) (= \([0-9]*\) << \([0-9]*\)).*/\1 \2 \3/p");
    [ $# -eq 3 ] && [ $(($2 << $3)) -eq $1 ]'

echo "# prediction campaign: $n situations, $held predictions held," \
    "$cited cite the same check"
check "at least 40 situations" test "$n" -ge 40
check "every prediction held ($held of $n)" test "$held" -eq "$n"
check "every explanation cites the check the prediction used ($cited of $n)" \
    test "$cited" -eq "$n"
