# Simultaneous open: both ends send SYN.  Ours is lost on purpose (a bad
# checksum), so the kernel client's SYN reaches us in SYN-SENT: SYN-SENT
# -> SYN-RECEIVED, our SYN,ACK, its ACK -> ESTABLISHED on both sides.
. tests/integ/lib.sh
. tests/integ/lablib.sh
X=22180		# the kernel client's port
Y=22181		# ours

tc_start --seed 41
tc_cmd "connect 127.0.0.1:$X from 127.0.0.1:$Y"
check "connection on the 4-tuple, guarded" tc_wait "^c1: 127\.0\.0\.1:$Y -> 127\.0\.0\.1:$X .*guard on"
tc_cmd "syn cksum bad"
check "our SYN leaves, lost: SYN-SENT" \
    tc_wait "Out IP 127\.0\.0\.1\.$Y > 127\.0\.0\.1\.$X: Flags \[S\], seq 0, .*# CLOSED -> SYN-SENT; bad cksum"
python3 - "$X" "$Y" >"$T/client" 2>&1 <<'PY' &
import socket, sys, time
s = socket.socket()
s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
s.bind(("127.0.0.1", int(sys.argv[1])))
s.settimeout(60)
s.connect(("127.0.0.1", int(sys.argv[2])))
print("connected", flush=True)
time.sleep(60)		# open until the test ends (it kills us)
PY
BG_PIDS="$BG_PIDS $!"
check "its SYN meets ours: SYN-SENT -> SYN-RECEIVED, simultaneous" \
    tc_wait "In  IP 127\.0\.0\.1\.$X > 127\.0\.0\.1\.$Y: Flags \[S\], seq 0, .*# SYN-SENT -> SYN-RECEIVED; ack owed; simultaneous"
check "the kernel side waits in SYN-SENT" ss_is $X $Y SYN-SENT
tc_cmd synack
check "our SYN,ACK is no resend" \
    tc_wait "Out IP .*Flags \[S\.\], seq 0, ack 1, .*length 0$"
check "its ACK: SYN-RECEIVED -> ESTABLISHED" \
    tc_wait "In  IP 127\.0\.0\.1\.$X > .*Flags \[\.\], ack 1, .*# SYN-RECEIVED -> ESTABLISHED"
check "its connect() returned" until_ok "$WAIT_S" grep -q connected "$T/client"
check "the kernel side ESTAB" ss_is $X $Y ESTAB
tc_cmd "expect state ESTABLISHED"
check "no expect failed" sh -c "! grep -q 'failed' '$T/out'"
tc_stop
cat "$T/out" | sed 's/^/# /'
