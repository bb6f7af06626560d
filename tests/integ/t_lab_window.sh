# Labs "server application blocked" and "window updates and zero window":
# a listener that never accepts still completes handshakes and buffers
# data; a receiver that never reads shuts its window, a probe draws its
# ACK; when the application reads, a window update; and the kernel's own
# probes when we shut ours.
. tests/integ/lib.sh
. tests/integ/lablib.sh
N=22130		# noaccept
S=22131		# sink
W=22132		# a receiver that reads when told (tests/integ/lab_peer.py)
E=22133		# echo

lp_start $W 4096
tc_start --peer noaccept:$N --peer sink:$S --peer echo:$E --seed 11

# --- a listener that never calls accept() -----------------------------------
tc_cmd "connect 127.0.0.1:$N"
tc_wait "^c1: "
L=$(tc_lport)
tc_cmd syn
check "noaccept: the kernel answers the SYN" \
    tc_wait "In  IP .*\.$N > .*Flags \[S\.\], seq 0, ack 1, .*SYN-SENT -> ESTABLISHED"
tc_cmd ack
check "noaccept: handshake complete without accept() (ss ESTAB)" \
    ss_is $N $L ESTAB
tc_cmd 'send "queued"'
check "noaccept: data acknowledged by the kernel" \
    tc_wait "In  IP .*\.$N > .*Flags \[\.\], ack 7, "
check "noaccept: the bytes wait in the socket (ss Recv-Q 6)" \
    ss_q_is $N $L 2 6
tc_cmd "close c1"

# --- a receiver that never reads --------------------------------------------
tc_mark
tc_cmd "connect 127.0.0.1:$S"
tc_new "^c2: "
L=$(sed -n 's/^c2: 127\.0\.0\.1:\([0-9]*\) -> .*/\1/p' "$T/out")
tc_cmd syn
tc_new "In  IP .*\.$S > .*Flags \[S\.\]"
tc_cmd "ack; send bytes:6000"
check "sink: more than its window: sent, with a warning on the line" \
    tc_new "Out IP .*\.$S: Flags \[P\.\], seq 1:6001, .*window full; departs from TCB: .*bytes beyond the peer's window"
check "sink: the kernel shuts its window" \
    tc_new "In  IP .*\.$S > .*Flags \[\.\], ack [0-9]+, win 0, length 0  # zero window"
A=$(tc_line "In  IP .*\.$S > .*win 0, length 0" | sed 's/.*ack \([0-9]*\),.*/\1/')
check "sink: what it acked sits unread (ss Recv-Q $((A - 1)))" \
    ss_q_is $S $L 2 $((A - 1))
tc_mark
tc_cmd 'send "?"'
check "sink: one byte into the zero window is a zero-window probe" \
    tc_new "Out IP .*\.$S: Flags \[P\.\], seq $A:$((A + 1)), .*# zero-window probe"
check "sink: its answer, window still 0, is the probe's ACK" \
    tc_new "In  IP .*\.$S > .*Flags \[\.\], ack $A, win 0, .*# zero window; .*probe ack"
tc_mark
tc_cmd tcb
check "sink: the byte was not taken: SND.NXT back at the window's edge" \
    tc_new "^SND\.UNA $A  SND\.NXT $A  SND\.WND 0"
tc_cmd "close c2"

# --- the receiving application reads: a window update -----------------------
tc_mark
tc_cmd "connect 127.0.0.1:$W"
tc_new "^c3: "
tc_cmd syn
tc_new "In  IP .*\.$W > .*Flags \[S\.\]"
tc_cmd "ack; send bytes:9000"
check "reader: window shut while it does not read" \
    tc_new "In  IP .*\.$W > .*Flags \[\.\], ack [0-9]+, win 0, length 0  # zero window"
A=$(tc_line "In  IP .*\.$W > .*win 0, length 0" | sed 's/.*ack \([0-9]*\),.*/\1/')
tc_mark
lp_do $W read
check "reader: it read $((A - 1)) bytes" grep -q "read $((A - 1))" "$T/peer.$W"
check "reader: the kernel announces the open window: window update" \
    tc_new "In  IP .*\.$W > .*Flags \[\.\], ack $A, win [1-9][0-9]*, length 0  # window update"
tc_cmd "close c3"

# --- we shut our window: the kernel probes it --------------------------------
tc_mark
tc_cmd "connect 127.0.0.1:$E"
tc_new "^c4: "
tc_cmd syn
tc_new "In  IP .*\.$E > .*Flags \[S\.\]"
tc_cmd 'ack win 0; send "AB" win 0'
check "echo: our window 0 is noted" \
    tc_new "Out IP .*\.$E: Flags \[\.\], ack 1, win 0, length 0  # zero window"
check "echo: the kernel cannot echo, it probes: zero-window probe" \
    tc_new "In  IP .*\.$E > .*Flags \[\.\], ack 3, .*# ack owed; .*zero-window probe$"
check "echo: probes back off (interval shown)" \
    tc_new "In  IP .*\.$E > .*Flags \[\.\], ack 3, .*# ack owed; .*zero-window probe \(\+[0-9.]+s\)$"
tc_cmd "ack win 0"
check "echo: our ACK answering it with the window still 0 is a probe ack" \
    tc_new "Out IP .*\.$E: Flags \[\.\], ack 1, win 0, length 0  # zero window; probe ack"
tc_cmd ack
check "echo: our window update lets the echo through" \
    tc_new "In  IP .*\.$E > .*Flags \[P\.\], seq 1:3, ack 3, .*\"AB\""
check "no expect failed" sh -c "! grep -q 'failed' '$T/out'"
tc_stop
cat "$T/out" | sed 's/^/# /'
