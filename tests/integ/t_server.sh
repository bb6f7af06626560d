# Server role: the shell listens, a kernel client calls connect(), the user
# answers its SYN with synack, the client's connect() returns.
. tests/integ/lib.sh
P=21010

tc_start --seed 3
tc_cmd "listen $P"
check "listen announces itself" tc_wait "^l1: listening on 127\.0\.0\.1:$P"
check "guard holds back the kernel's RST for the listen port" \
    sh -c "nft list ruleset | grep -q '127.0.0.1 . $P'"
python3 - "$P" >"$T/client" 2>&1 <<'PY' &
import socket, sys, time
s = socket.socket()
s.settimeout(60)
s.connect(("127.0.0.1", int(sys.argv[1])))
print("connected from", s.getsockname()[1], flush=True)
s.sendall(b"hi")
time.sleep(60)		# open until the test ends (it kills us)
PY
BG_PIDS="$BG_PIDS $!"
check "the kernel client's SYN opens c1" tc_wait "^c1: new connection from 127\.0\.0\.1:[0-9]+ on l1"
C=$(sed -n 's/^c1: new connection from 127\.0\.0\.1:\([0-9]*\) .*/\1/p' "$T/out")
check "SYN shown with seq 0" tc_wait "In  IP 127\.0\.0\.1\.$C > 127\.0\.0\.1\.$P: Flags \[S\], seq 0, win [0-9]+, options \[mss 65495,sackOK,TS val [0-9]+ ecr 0,nop,wscale [0-9]+\], length 0"
check "kernel client in SYN-SENT" ss_is $C $P SYN-SENT
check "client not refused (no RST from us)" sh -c "! grep -q 'Flags \[R' '$T/out'"
tc_cmd synack
check "our SYN-ACK answers it: seq 0, ack 1, mss only (we offered no more)" \
    tc_wait "Out IP 127\.0\.0\.1\.$P > 127\.0\.0\.1\.$C: Flags \[S\.\], seq 0, ack 1, win 65535, options \[mss 1460\], length 0  # LISTEN -> SYN-RECEIVED"
check "client ACK completes it" tc_wait "In  IP .*: Flags \[\.\], ack 1, .*SYN-RECEIVED -> ESTABLISHED"
check "the kernel client's connect() returned" \
    until_ok "$WAIT_S" grep -q "connected from $C" "$T/client"
check "kernel client socket ESTAB" ss_is $C $P ESTAB
check "client data arrives" tc_wait "In  IP .*Flags \[P\.\], seq 1:3, ack 1, .*length 2 \"hi\"  # .*ack owed"
tc_cmd ack
tc_cmd tcb
tcb_ok() { tc_wait '^state ESTABLISHED \(server\)' && tc_wait '^RCV\.NXT 3 '; }
check "tcb: server role, ESTABLISHED, RCV.NXT 3" tcb_ok
tc_cmd conns
check "conns lists listener and connection" tc_wait "^\* c1 +127\.0\.0\.1:$P -> 127\.0\.0\.1:$C  ESTABLISHED"
tc_stop
cat "$T/out" | sed 's/^/# /'
