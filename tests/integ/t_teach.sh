# Teaching on loopback: explanations (refused connection, challenge ACK,
# retransmission), predictions judged by the kernel's reply, the ladder
# (ASCII, UTF-8, SVG well-formed), `peer` against ss -tin, quiz mode.
# Ports 24100-24199.
. tests/integ/lib.sh
P=24101
CLOSED_PORT=24199

# --- explain: a refused connection ---
"$TC" -c "set explain on; connect 127.0.0.1:$CLOSED_PORT; syn ?; expect R. within 20s" \
    >"$T/o1" 2>&1
check "refused: exit 0" test $? -eq 0
check "refused: predicted RST,ACK from the kernel's own listener table" \
    has "$T/o1" "^ +predict: nothing listens on port $CLOSED_PORT: the peer answers RST,ACK, ack 1, .*\(RFC 9293 3\.10\.7\.1, CLOSED state\)"
check "refused: explained, citing 3.10.7.1" \
    has "$T/o1" "^ +why: RST\|ACK: nothing listens on port $CLOSED_PORT of the peer, .*\(RFC 9293 3\.10\.7\.1, CLOSED state\); a socket client sees \"connection refused\""
check "refused: the prediction held" \
    has "$T/o1" '^ +predict: the prediction held: \[R\.\], expected RST with ack 1'

# --- explain: a challenge ACK, then the peer's retransmission ---
cat >"$T/s2.tc" <<EOF
set explain on
connect 127.0.0.1:$P
syn
expect S.
ack
rst seq 100 ?            # in the window, not at RCV.NXT
expect . within 20s
send "hello"
expect P. "hello"
expect P. "hello" within 20s   # no ACK from us: the echo comes again
ladder $T/l.svg
set ascii on
ladder
EOF
"$TC" --peer echo:$P -f "$T/s2.tc" >"$T/o2" 2>&1
check "challenge/retransmission script: exit 0" test $? -eq 0
check "predict: a challenge ACK of 1" \
    has "$T/o2" "^ +predict: its sequence number is inside the peer's window but not exactly RCV\.NXT \(1\): .*challenge ACK, ack 1 \(RFC 9293 3\.10\.7\.4, second check; RFC 5961 3\.2\)"
check "the kernel's challenge ACK: ack 1" \
    has "$T/o2" "In  IP 127\.0\.0\.1\.$P > 127\.0\.0\.1\.[0-9]+: Flags \[\.\], ack 1, win [0-9]+, length 0"
check "explained as a challenge ACK (RFC 5961 3.2)" \
    has "$T/o2" "^ +why: a challenge ACK: our RST's sequence number was inside the peer's window but not exactly its RCV\.NXT \(1\).*RFC 5961 3\.2\)"
check "and the prediction held" \
    has "$T/o2" '^ +predict: the prediction held: \[\.\], expected an ACK with ack 1'
check "the echo, not acked: the kernel retransmits it" \
    has "$T/o2" 'In  IP .*Flags \[P\.\], seq 1:6, ack 6, .*length 5 "hello"  # .*retransmission'
check "explained: our ACK did not come (RFC 9293 3.8.1)" \
    has "$T/o2" "^ +why: a retransmission: the peer sent these 5 bytes before and our ACK of them did not come in time, .*\(RFC 9293 3\.8\.1; RFC 6298"

# --- ladder ---
check "ladder FILE.svg: written" has "$T/o2" "^ladder of c1 written to $T/l\.svg"
check "the SVG is well-formed XML (python3 xml.etree)" python3 -c "
import sys, xml.etree.ElementTree as E
r = E.parse('$T/l.svg').getroot()
assert r.tag == '{http://www.w3.org/2000/svg}svg', r.tag
lines = [l for l in r.iter('{http://www.w3.org/2000/svg}line') if l.get('marker-end')]
assert len(lines) >= 9, len(lines)
"
check "the unit test's golden SVG is well-formed XML too" python3 -c "
import xml.etree.ElementTree as E
E.parse('tests/unit/golden/ladder.svg')
"
check "ascii ladder: the SYN arrow to the peer, its state" \
    has "$T/o2" '^    SYN-SENT  \|-{39}>\|  SYN-RECEIVED$'
check "ascii ladder: the SYN-ACK back" \
    has "$T/o2" '^ ESTABLISHED  \|<-{39}\|$'
check "ascii ladder: the challenge ACK noted" \
    has "$T/o2" '\|  \. seq 1 ack 1 win [0-9]+ len 0 +\|  # challenge ack'
LANG=C.UTF-8 "$TC" --peer echo:$P -c "connect 127.0.0.1:$P; syn; expect S.; ack; ladder; rst" >"$T/o3" 2>&1
check "UTF-8 locale: box drawing" has "$T/o3" '^    SYN-SENT  │─+▶│  SYN-RECEIVED$'
LANG=C "$TC" --peer echo:$P -c "connect 127.0.0.1:$P; syn; expect S.; ack; ladder; rst" >"$T/o4" 2>&1
check "C locale: ASCII" sh -c "grep -q '^    SYN-SENT  |-*>|  SYN-RECEIVED\$' '$T/o4' && ! grep -q '│' '$T/o4'"

# --- peer agrees with ss -tin (a local peer) ---
tc_start --peer echo:$P --seed 9
tc_cmd "connect 127.0.0.1:$P"
tc_wait '^c1: '
L=$(tc_lport)
tc_cmd syn
tc_wait 'Flags \[S\.\]'
tc_cmd ack
tc_cmd 'send "abc"'
tc_wait 'In  IP .*Flags \[P\.\], seq 1:4'
tc_cmd ack
# the kernel has taken our ACK of the echo: nothing moves until we send
until_ok "$WAIT_S" sh -c "ss -tinH 'sport = :$P and dport = :$L' |
    grep -q 'bytes_acked:3 '"
tc_cmd peer
check "peer: the echo server's socket here" \
    tc_wait "^peer: the kernel's socket 127\.0\.0\.1:$P -> 127\.0\.0\.1:$L, inode [0-9]+"
tc_wait '^  ss -tin: '
ss -tinH "sport = :$P and dport = :$L" | tr -s ' \t\n' ' ' >"$T/ss"
sed -n 's/^  ss -tin: //p' "$T/out" | tail -1 >"$T/ours"
check "peer: state as ss prints it" test "$(cut -d' ' -f1 "$T/ours")" = \
    "$(cut -d' ' -f1 "$T/ss")"
for k in cwnd mss rcvmss advmss bytes_acked bytes_received segs_out segs_in rto; do
	a=$(tr ' ' '\n' <"$T/ours" | sed -n "s/^$k://p")
	b=$(tr ' ' '\n' <"$T/ss" | sed -n "s/^$k://p")
	check "peer agrees with ss -tin: $k ($a)" test -n "$a" -a "$a" = "$b"
done

# --- quiz: the ack hidden, asked, checked, revealed ---
tc_cmd "set quiz ack"
tc_cmd "fin"
check "quiz: the arriving FIN's ack is hidden" \
    tc_wait "In  IP 127\.0\.0\.1\.$P > 127\.0\.0\.1\.$L: Flags \[F\.\], seq 4, ack \?, win"
check "quiz: asked" tc_wait '^quiz: what is the ack of #[0-9]+\? '
tc_cmd 4
check "quiz: a wrong answer is corrected with the arithmetic" \
    tc_wait "^quiz: not quite, not 4: ack = our #[0-9]+'s seq 4 \+ 1 for its FIN = 5"
check "quiz: then the line revealed, with the score" \
    tc_wait "^#[0-9]+ +[0-9.]+ In  IP 127\.0\.0\.1\.$P > 127\.0\.0\.1\.$L: Flags \[F\.\], seq 4, ack 5, win"
check "quiz: score 0 of 1" tc_wait '^quiz: score 0 of 1'
tc_cmd "ack"
tc_stop
"$TC" --peer echo:$P -c "set quiz ack; connect 127.0.0.1:$P; syn; expect S.; rst" >"$T/o5" 2>&1
check "quiz in a script: the fields are shown" \
    has "$T/o5" 'In  IP .*Flags \[S\.\], seq 0, ack 1, '
sed 's/^/# /' "$T/o2" "$T/out"
