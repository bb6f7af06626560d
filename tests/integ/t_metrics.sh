# Labs do not depend on the machine's history: a kernel peer that cached a
# long RTT for 127.0.0.1 (tcp_metrics, from slow human ACKs) would wait
# seconds before its first retransmission; connect flushes that entry and
# says so, and lab 10 keeps its 0.2 s retransmission.  The cache is
# poisoned for real (a connection whose ACKs come late), in a network
# namespace of the test's own so the host's cache is never touched.
# Ports 27100-27119.
if [ -z "$TC_METRICS_NS" ]; then
	TC_METRICS_NS=1 TC=${TC:-build/tcpcraft} exec unshare -n \
	    sh -c 'ip link set lo up && exec sh "$0"' "$0"
fi
. tests/integ/lib.sh
P=27100

# a session typed slowly: the peer measures close to a second per ACK and
# the kernel keeps it for 127.0.0.1 when the connection ends
slow_script 127.0.0.1:$P >"$T/slow.tc"
"$TC" --peer echo:$P -f "$T/slow.tc" >"$T/slow.out" 2>&1
check "slow session: exit 0" test $? -eq 0
# ip prints "rtt 821316us" (older versions "rtt 821ms")
rtt_us=$(ip tcp_metrics show 127.0.0.1 | sed -n \
    -e 's/.* rtt \([0-9]*\)us.*/\1/p' -e 's/.* rtt \([0-9]*\)ms.*/\1000/p' |
    head -1)
check "the kernel cached a long RTT for 127.0.0.1 (${rtt_us:-none} us)" \
    test "${rtt_us:-0}" -ge 500000

# lab 10 on the poisoned machine: the first data retransmission comes
# after about 0.2 s, not 3 x the cached RTT
lab=scripts/labs/10-unanswered-syn.tc
port=$(sed -n 's/^# peer: *echo:\([0-9]*\) *$/\1/p' $lab)
timeout 60 "$TC" --peer echo:"$port" -f $lab >"$T/lab.out" 2>&1
rc=$?
check "lab 10 exits 0 after the poisoning (rc $rc)" test $rc -eq 0
check "connect says it flushed the cached RTT" has "$T/lab.out" \
    "^flushed the kernel's cached RTT for 127\.0\.0\.1 \(0\.[5-9][0-9] s\), left by an earlier connection"
first=$(grep '^ *[0-9.]* In .*"are you there?".*retransmission' "$T/lab.out" |
    head -1 | sed 's/.*retransmission (+\([0-9.]*\)s).*/\1/')
check "the peer's first data retransmission after ${first:-?} s (< 0.5 s)" \
    awk -v t="${first:-99}" 'BEGIN { exit !(t < 0.5) }'

# nothing cached: nothing said
ip tcp_metrics flush all 2>/dev/null
"$TC" --peer echo:$((P + 1)) -c "connect 127.0.0.1:$((P + 1))" \
    >"$T/clean.out" 2>&1
check "a clean cache: no flush line" sh -c "! grep -q flushed '$T/clean.out'"

# the server role: what kernel clients cached for our listening address
"$TC" --peer echo:$P -f "$T/slow.tc" >/dev/null 2>&1
"$TC" -c "listen $((P + 2))" >"$T/listen.out" 2>&1
check "listen flushes what clients cached for its address" has \
    "$T/listen.out" "^flushed the kernel's cached RTT for 127\.0\.0\.1"
check "the cache holds nothing for 127.0.0.1 afterwards" sh -c \
    "[ -z \"\$(ip tcp_metrics show 127.0.0.1 2>/dev/null)\" ]"
