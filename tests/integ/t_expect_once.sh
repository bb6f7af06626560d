# A segment meets one expect only, whichever connection was current when
# it arrived.  tcpcraft listens and never answers; a kernel client's SYN
# opens c1 and comes again about 1 s later, then again (1 s or 2 s on,
# as the kernel's SYN timer goes): three expects of S need the three
# SYNs, not the first one three times (the listener and c1 keep cursors
# of their own).
. tests/integ/lib.sh
P=21310
Q=21311

# client PORT: a kernel client whose connect() waits for an answer
client() {
	python3 - "$1" >"$T/client.$1" 2>&1 <<'PY' &
import socket, sys
s = socket.socket()
s.settimeout(12)
try:
    s.connect(("127.0.0.1", int(sys.argv[1])))
    print("connected", flush=True)
except OSError as e:
    print("connect:", e, flush=True)
PY
	CL_PID=$!
	BG_PIDS="$BG_PIDS $CL_PID"
}

# run_script FILE OUT PORT [ARGS]: tcpcraft runs FILE; once it listens
# on PORT, the client calls; the exit status lands in OUT.rc
run_script() {
	f=$1 o=$2 port=$3
	shift 3
	"$TC" "$@" -f "$f" >"$o" 2>&1 &
	pid=$!
	BG_PIDS="$BG_PIDS $pid"
	n=100
	while ! grep -q "l1: listening on 127\.0\.0\.1:$port" "$o" &&
	    [ $n -gt 0 ]; do
		sleep 0.05
		n=$((n - 1))
	done
	client "$port"
	wait "$pid"
	echo $? >"$o.rc"
	kill "$CL_PID" 2>/dev/null
}

cat >"$T/once.tc" <<EOF
listen 127.0.0.1:$P
expect S within 5s
expect S within 5s
expect S within 5s
EOF
run_script "$T/once.tc" "$T/once.json" "$P" --json
check "three SYNs, three expects: exit 0" test "$(cat "$T/once.json.rc")" = 0
# each expect's packet number, then each packet's time and notes
python3 - "$T/once.json" >"$T/once.chk" 2>&1 <<'PY'
import json, sys
pk, ex = {}, []
for line in open(sys.argv[1]):
    e = json.loads(line)
    if e["event"] == "packet":
        pk[e["n"]] = e
    elif e["event"] == "expect":
        ex.append(e)
assert [e["result"] for e in ex] == ["ok"] * 3, ex
n = [e["packet"] for e in ex]
print("packets", n)
assert n[0] < n[1] < n[2], "an expect met a segment twice: %s" % n
for i in (1, 2):
    a, b = pk[n[i - 1]], pk[n[i]]
    assert b["flags"] == "S" and b["seq"] == 0, b
    assert b["t"] > a["t"], "not later: %s %s" % (a, b)
    assert any(x.startswith("retransmission (+") for x in b["notes"]), b
assert not any("retransmission" in x for x in pk[n[0]]["notes"])
print("ok")
PY
check "each expect met its own SYN; the 2nd and 3rd later, noted retransmission" \
    grep -qx ok "$T/once.chk"
cat "$T/once.chk" | sed 's/^/# /'

# the same with text output: the second and third SYN lines
run_script "$T/once.tc" "$T/once.out" "$P"
check "text: exit 0" test "$(cat "$T/once.out.rc")" = 0
check "text: two resent SYNs, each noted retransmission (+N.NNs)" \
    test "$(grep -cE "In  IP 127\.0\.0\.1\.[0-9]+ > 127\.0\.0\.1\.$P: Flags \[S\], seq 0, .*# .*retransmission \(\+[0-9]+\.[0-9]{2}s\)" \
    "$T/once.out")" = 2

# the same timed: "+1 expect" after the first SYN's expect waits for the
# resend about 1 s later; it cannot count the first SYN, at +0
R=21312
cat >"$T/timed.tc" <<EOF
listen 127.0.0.1:$R
expect S within 5s as first
+1~900ms expect S as again
EOF
run_script "$T/timed.tc" "$T/timed.out" "$R"
check "timed: +1 expect meets the resend: exit 0" \
    test "$(cat "$T/timed.out.rc")" = 0

# an RTO is about 1 s: a second expect that waits less must fail, as the
# only SYN it might count met the first expect already
cat >"$T/short.tc" <<EOF
listen 127.0.0.1:$Q
expect S within 5s
expect S within 300ms
EOF
run_script "$T/short.tc" "$T/short.out" "$Q"
check "a second expect shorter than the RTO fails: exit 1" \
    test "$(cat "$T/short.out.rc")" = 1
check "it says nothing arrived, at its line" \
    has "$T/short.out" "short\.tc:3: expect S within 300ms failed: nothing arrived"
sed 's/^/# /' "$T/once.out" "$T/timed.out" "$T/short.out"
