# What the shell printed is what went on the wire: tcpdump's own decoding
# of a capture of lo equals our lines (absolute numbers); capture FILE
# writes the same packets; deliberately bad checksums are really bad.
# (The urgent byte of "hex:00ff10 urg 1" is taken out of band by the echo
# server's kernel, so only ff 10 comes back.)
. tests/integ/lib.sh
P=21050

# our_lines DIR FILE: FILE's packet lines of direction DIR ('In \|Out'
# or Out) as tcpdump prints them: no time, direction, notes or payload
# preview; sorted
our_lines() {
	sed -n "s/^ *[0-9.]* \($1\) IP \(.*\)\$/\2/p" "$2" |
	    sed 's/  # .*$//; s/\(length [0-9]*\) ".*$/\1/' | sort
}

cap_start "$T/lo.pcap" "tcp port $P"
"$TC" --peer echo:$P -c "set absolute on; capture $T/cap.pcap; set synopts [mss 1400,sackOK,TS val 1 ecr 0,nop,wscale 7]; connect 127.0.0.1:$P; syn; expect S.; ack; send \"hello\"; expect P.; ack; send hex:00ff10 urg 1 flags UP.; expect P. \"\\xff\\x10\"; ack; fin; expect F.; ack; capture stop" >"$T/o" 2>&1
rc=$?
cap_stop
check "session exit 0" test $rc -eq 0
our_lines 'In \|Out' "$T/o" >"$T/ours"
# sorted: a segment that crossed ours on the wire may be printed after it
tcpdump -r "$T/lo.pcap" -n -S 2>/dev/null | sed 's/^[0-9:.]* IP //' | sort >"$T/theirs"
check "tcpdump decodes the wire exactly as we printed it" cmp -s "$T/ours" "$T/theirs"
if ! cmp -s "$T/ours" "$T/theirs"; then diff "$T/ours" "$T/theirs" | sed 's/^/# /'; fi
check "packets seen: at least 9" test "$(wc -l <"$T/theirs")" -ge 9
tcpdump -r "$T/cap.pcap" -n -S 2>/dev/null | sed 's/^[0-9:.]* IP //' | sort >"$T/capd"
check "capture FILE holds the same packets" cmp -s "$T/capd" "$T/theirs"
check "tshark reads the capture" sh -c "tshark -r '$T/cap.pcap' 2>/dev/null | grep -q 'hello' || tshark -r '$T/cap.pcap' -T fields -e tcp.payload 2>/dev/null | grep -q 68656c6c6f"

cap_start "$T/bad.pcap" "tcp port $((P+1))"
"$TC" --peer echo:$((P+1)) -c "connect 127.0.0.1:$((P+1)); syn; expect S.; ack; ack cksum bad; ack ipsum bad; ack ttl 3 tos 0x10 id 4242 df 0 win 1000" >"$T/o2" 2>&1
check "malformed packets sent: exit 0" test $? -eq 0
cap_stop
n=$(tshark -r "$T/bad.pcap" -o tcp.check_checksum:TRUE -Y 'tcp.checksum.status == 0 && tcp.dstport == '$((P+1)) 2>/dev/null | wc -l)
check "cksum bad: tshark finds exactly one bad TCP checksum" test "$n" -eq 1
n=$(tshark -r "$T/bad.pcap" -o ip.check_checksum:TRUE -Y 'ip.checksum.status == 0' 2>/dev/null | wc -l)
check "ipsum bad: link-layer injection carried a bad IP checksum" test "$n" -eq 1
n=$(tshark -r "$T/bad.pcap" -Y 'ip.ttl == 3 && ip.dsfield == 0x10 && ip.id == 4242 && ip.flags.df == 0 && tcp.window_size_value == 1000' 2>/dev/null | wc -l)
check "IP fields set as asked (ttl tos id df) and window" test "$n" -eq 1

# --- set verbose: what we sent, as tcpdump -v prints it (the IP header,
# the checksum and, when bad, what it should be) ---
V=$((P + 2))
cap_start "$T/v.pcap" "tcp port $V"
"$TC" --peer echo:$V -c "set verbose on; set absolute on; connect 127.0.0.1:$V; syn; expect S.; ack; send \"v\"; expect P.; ack cksum bad; ack ipsum bad; ack id 7 df 0 win 999; rst" >"$T/o3" 2>&1
rc=$?
cap_stop
check "set verbose: exit 0" test $rc -eq 0
# ours only: the kernel's own on lo carry partial checksums, which we call
# partial and tcpdump incorrect
our_lines Out "$T/o3" >"$T/vours"
# tcpdump -v continues a line on the next, indented
tcpdump -r "$T/v.pcap" -n -S -v "tcp dst port $V" 2>/dev/null |
    awk '/^[0-9]/ { if (l != "") print l; l = $0; next }
	{ sub(/^ +/, " "); l = l $0 } END { if (l != "") print l }' |
    sed 's/^[0-9:.]* IP //' | sort >"$T/vtheirs"
check "set verbose: tcpdump -v decodes what we sent exactly as we printed it" \
    cmp -s "$T/vours" "$T/vtheirs"
if ! cmp -s "$T/vours" "$T/vtheirs"; then diff "$T/vours" "$T/vtheirs" | sed 's/^/# /'; fi
check "  ... 7 segments of ours" test "$(wc -l <"$T/vtheirs")" -eq 7
check "  ... a bad TCP checksum, and what it should be" \
    has "$T/vours" 'cksum 0x[0-9a-f]{4} \(incorrect -> 0x[0-9a-f]{4}\)'
check "  ... a bad IP checksum, and what it should be" \
    has "$T/vours" ', bad cksum [0-9a-f]+ \(->[0-9a-f]+\)!\) '
cat "$T/o" "$T/o2" "$T/o3" | sed "s/^/# /"
