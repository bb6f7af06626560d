# capture FILE.pcap and FILE.pcapng: the packets tcpdump saw on lo, read
# back by tcpdump and tshark; pcapng with a comment per packet naming the
# command (and FILE:LINE) that sent it, and the direction.
. tests/integ/lib.sh
P=23120

cat >"$T/s.tc" <<EOS
capture $T/s.pcapng
connect 127.0.0.1:$P
syn
expect S.
ack
send "AB"
expect P. "AB"
set autoack on
fin
expect F.
wait 100ms
capture $T/s.pcap
capture stop
EOS
cap_start "$T/ref.pcap" "tcp port $P"
"$TC" --peer echo:$P -f "$T/s.tc" >"$T/o" 2>&1
rc=$?
cap_stop
check "script with captures exits 0" test $rc -eq 0
tcpdump -nr "$T/ref.pcap" -S -t 2>/dev/null >"$T/ref.txt"
tcpdump -nr "$T/s.pcap" -S -t 2>/dev/null >"$T/pcap.txt"
tcpdump -nr "$T/s.pcapng" -S -t 2>/dev/null >"$T/ng.txt"
# 9 packets, or 10 when the echo server closes too late for its FIN to
# carry the ACK of ours (delayed ACK): as many as the shell printed
n=$(grep -c '^ *[0-9.]* \(In \|Out\) IP ' "$T/o")
check "tcpdump saw the session (9 or 10 packets, $n printed)" \
    sh -c "[ $n -ge 9 ] && [ $n -le 10 ] && [ \$(wc -l <'$T/ref.txt') -eq $n ]"
if ! cmp -s "$T/ref.txt" "$T/pcap.txt"; then
	sed 's/^/# tcpdump on lo: /' "$T/ref.txt"
	sed 's/^/# capture .pcap: /' "$T/pcap.txt"
fi
check "capture .pcap: tcpdump reads the packets tcpdump saw on lo" \
    cmp -s "$T/ref.txt" "$T/pcap.txt"
check "capture .pcapng: tcpdump reads the same packets" \
    cmp -s "$T/ref.txt" "$T/ng.txt"
f='-T fields -e tcp.seq_raw -e tcp.ack_raw -e tcp.flags -e tcp.len -e tcp.srcport'
# shellcheck disable=SC2086
tshark -r "$T/ref.pcap" $f >"$T/ts_ref" 2>/dev/null
# shellcheck disable=SC2086
tshark -r "$T/s.pcap" $f >"$T/ts_pcap" 2>/dev/null
# shellcheck disable=SC2086
tshark -r "$T/s.pcapng" $f >"$T/ts_ng" 2>/dev/null
check "tshark reads the .pcap: same packets" cmp -s "$T/ts_ref" "$T/ts_pcap"
check "tshark reads the .pcapng: same packets" cmp -s "$T/ts_ref" "$T/ts_ng"
tshark -r "$T/s.pcapng" -T fields -e frame.packet_flags_direction \
    -e frame.comment >"$T/cm" 2>/dev/null
sed 's/^/# /' "$T/cm"
check "pcapng comment: the SYN names its command and line" \
    has "$T/cm" "^0x00000002	c1: syn \(.*s\.tc:3\)$"
check "pcapng comment: the data names send and its payload" \
    has "$T/cm" "^0x00000002	c1: send \"AB\" \(.*s\.tc:6\)$"
check "pcapng comment: autoack's ACK says autoack" \
    has "$T/cm" "^0x00000002	c1: autoack "
check "pcapng: the peer's packets are inbound" \
    test "$(grep -c '^0x00000001	c1: from the peer$' "$T/cm")" -eq \
    "$(grep -c '^ *[0-9.]* In  IP ' "$T/o")"
