# set loglimit: the log keeps the newest N packets, so a long script's
# memory is bounded; numbers stay, log says once what was dropped, show
# of a dropped number says so, expects keep working across the drops,
# and a capture started first still has every packet.
. tests/integ/lib.sh
P=21190
N=12		# sessions, 9 logged packets each

{
	echo "set loglimit 8"
	echo "capture $T/all.pcap"
	j=0
	while [ $j -lt $N ]; do
		cat <<EOS
connect 127.0.0.1:$P
syn
expect S.
ack
send "AB"
expect P. "AB"
ack
fin
expect F.
ack
close
EOS
		j=$((j + 1))
	done
	echo "capture stop"
	echo "log"
	echo "show"
	echo "set onerror continue"
	echo "show 1"
} >"$T/s.tc"
"$TC" --peer echo:$P -f "$T/s.tc" >"$T/o" 2>&1
rc=$?
check "all $N sessions' expects met across the drops (exit 1: show 1)" \
    test $rc -eq 1 -a "$(grep -c 'expect.*failed' "$T/o")" -eq 0
total=$(grep -c '^#[0-9]' "$T/o")
last=$(sed -n 's/^#\([0-9]*\) .*/\1/p' "$T/o" | tail -1)
check "log lists at most 8 + a quarter, the newest ($total lines)" \
    test "$total" -ge 8 -a "$total" -le 11
check "numbers stay: the last is the session's last packet ($last)" \
    test "$last" -ge $((N * 9))
first=$(sed -n 's/^#\([0-9]*\) .*/\1/p' "$T/o" | head -1)
check "log says once which numbers were dropped" \
    has "$T/o" "^\(#1-#$((first - 1)) dropped: set loglimit 8 keeps the newest\)$"
check "show of a dropped number says so" \
    has "$T/o" "packet 1 was dropped from the log: it keeps the last 8 \(set loglimit; capture keeps every packet\)"
check "the capture started first has every packet" \
    test "$(tcpdump -nr "$T/all.pcap" 2>/dev/null | wc -l)" -eq "$last"
check "set loglimit rejects a word" sh -c "'$TC' -c 'set loglimit lots' 2>&1 | grep -q 'set loglimit takes 0-100000000'"
"$TC" -c 'set loglimit 0; set' >"$T/o2" 2>&1
check "set loglimit 0 keeps all, and shows" has "$T/o2" '^loglimit +0$'
