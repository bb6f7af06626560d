# Labs "TCP options", "byte stream and segmentation" and sequence numbers
# across 2^32: timestamps kept (our TSval advances, TSecr echoes the
# peer's latest, checked on the wire), window scaling applied, the peer's
# MSS used to split what we send, an ISS just below the wrap.
. tests/integ/lib.sh
. tests/integ/lablib.sh
P=22160		# echo
M=22161		# a server announcing MSS 1000 (tests/integ/lab_peer.py)
Z=22162		# echo, for the wrap

lp_start $M 0 1000
cap_start "$T/cap.pcap" "tcp port $P or tcp port $M or tcp port $Z"
tc_start --peer echo:$P --peer echo:$Z --seed 29

# --- timestamps and window scaling -------------------------------------------
tc_cmd "set synopts [mss 1460,sackOK,TS val 0 ecr 0,nop,wscale 7]"
tc_cmd "connect 127.0.0.1:$P; syn"
tc_wait "^c1: "
L=$(tc_lport)
check "SYN,ACK answers every option" \
    tc_wait "In  IP .*\.$P > .*Flags \[S\.\], .*options \[mss 65495,sackOK,TS val [0-9]+ ecr [0-9]+,nop,wscale [0-9]+\]"
tc_cmd "ack; wait 200ms; send \"tick\""
check "echo" tc_wait "In  IP .*\.$P > .*Flags \[P\.\], seq 1:5, ack 5, .*\"tick\""
tc_cmd "wait 200ms; ack"
V=$(sed -n 's/.*In  IP .*Flags \[P\.\], seq 1:5, ack 5, .*TS val \([0-9]*\) ecr.*/\1/p' "$T/out" | head -1)
check "our ACK of the echo echoes its TSval ($V)" \
    tc_wait "Out IP .*\.$P: Flags \[\.\], ack 5, win 511, options \[nop,nop,TS val [0-9]+ ecr $V\]"
tc_mark
tc_cmd tcb
check "tcb: the peer's window with its scale" \
    tc_new "^SND\.UNA 5  SND\.NXT 5  SND\.WND [0-9]+ \(= [0-9]+ << [0-9]+\)$"
check "tcb: ours as sent, scaled by 7" \
    tc_new "^RCV\.NXT 5  RCV\.WND 65535 \(sent as 511 << 7\)$"
check "tcb: all three in effect" \
    tc_new "wscale ours 7 peer [0-9]+ \(on\)  SACK ours yes peer yes \(on\)  TS ours yes peer yes \(on\)"
S=$(ss -tinH "( sport = :$P and dport = :$L )")
check "the kernel agrees: it sends with our scale 7 (ss -tin wscale:7,N)" \
    sh -c "echo '$S' | grep -Eq 'wscale:7,[0-9]+'"
tc_cmd "close c1"

# --- MSS from the peer's SYN,ACK splits what we send ------------------------
tc_mark
tc_cmd "set synopts [mss 1460]"
tc_cmd "connect 127.0.0.1:$M; syn"
check "the server announces MSS 1000" \
    tc_new "In  IP .*\.$M > .*Flags \[S\.\], .*options \[mss 1000\]"
tc_cmd "ack; send bytes:2500"
check "2500 bytes leave as 1000 + 1000 + 500" tc_new_all \
    "Out IP .*\.$M: Flags \[P\.\], seq 1:1001, .*length 1000" \
    "Out IP .*\.$M: Flags \[P\.\], seq 1001:2001, .*length 1000" \
    "Out IP .*\.$M: Flags \[P\.\], seq 2001:2501, .*length 500"
check "all of it acked" tc_new "In  IP .*\.$M > .*Flags \[\.\], ack 2501,"
lp_do $M read
check "its application read 2500 bytes, not three messages" \
    grep -q "read 2500" "$T/peer.$M"
tc_cmd "close c2"

# --- sequence numbers across 2^32 ---------------------------------------------
tc_mark
tc_cmd "set iss 4294967290"
tc_cmd "connect 127.0.0.1:$Z; syn"
tc_new "^c3: .*ISS 4294967290"
L=$(sed -n 's/^c3: 127\.0\.0\.1:\([0-9]*\) -> .*/\1/p' "$T/out")
tc_new "In  IP .*\.$Z > .*Flags \[S\.\], seq 0, ack 1,"
tc_cmd 'ack; send "across the wrap"'
check "relative numbers run on: seq 1:16" \
    tc_new "Out IP .*\.$Z: Flags \[P\.\], seq 1:16, ack 1, .*\"across the wrap\""
check "the kernel acks past the wrap: ack 16" tc_new "In  IP .*\.$Z > .*Flags \[\.\], ack 16,"
check "the echo comes back" tc_new "In  IP .*\.$Z > .*Flags \[P\.\], seq 1:16, ack 16, "
tc_cmd "ack; set absolute on"
tc_mark
tc_cmd tcb
check "tcb in raw numbers: SND.NXT wrapped to 10" \
    tc_new "^SND\.UNA 10  SND\.NXT 10  SND\.WND "
tc_cmd "set absolute off"
check "kernel ESTAB after the wrap" ss_is $Z $L ESTAB
tc_cmd fin
check "FIN at 16, acked, the echo server closes too" \
    tc_new "In  IP .*\.$Z > .*Flags \[F\.\], seq 16, ack 17, .*FIN-WAIT-1 -> TIME-WAIT"
tc_cmd ack
check "no expect failed" sh -c "! grep -q 'failed' '$T/out'"
tc_stop
cap_stop

# --- on the wire ----------------------------------------------------------------
tcpdump -S -nr "$T/cap.pcap" "tcp port $Z" 2>/dev/null >"$T/wrap.txt"
check "on the wire: our data at 4294967291:10" \
    grep -q "seq 4294967291:10, " "$T/wrap.txt"
tshark -r "$T/cap.pcap" -Y "tcp.port == $P && tcp.options.timestamp.tsval" \
    -T fields -e tcp.srcport -e tcp.options.timestamp.tsval \
    -e tcp.options.timestamp.tsecr -e frame.time_relative \
    -o tcp.relative_sequence_numbers:FALSE 2>/dev/null >"$T/ts.txt"
# every segment of ours echoes a TSval the kernel sent before it, never
# going back (RFC 7323: the one of the oldest segment our ACK covers;
# a resend of data already acked sets nothing), and the ACK of the echo
# echoes the echo's own
check "TSecr echoes the peer's TSval (RFC 7323 4.3), never going back" \
    awk -v p=$P '
	$1 == p { sent[$2] = 1; n++; next }
	n && (!($3 in sent) || $3 < prev) { bad = 1 }
	n { prev = $3 }
	END { exit bad || !n }' "$T/ts.txt"
# never back, and at a millisecond's pace over the whole session (two
# 200 ms waits in it): within 100 ms of the wire's clock, for the shell
# may be held up between stamping a segment and sending it
check "our TSval advances with time (ms clock)" awk -v p=$P '
	$1 != p { if (n++ && $2 < v) bad = 1
		if (n == 1) { v0 = $2; t0 = $4 }
		v = $2; t = $4 }
	END { d = (t - t0) * 1000; e = v - v0
		exit bad || n < 3 || d < 300 || e < d - 100 || e > d + 100 }' "$T/ts.txt"
cat "$T/out" | sed 's/^/# /'
cat "$T/ts.txt" | sed 's/^/# ts: /'
