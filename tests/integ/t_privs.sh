# Privileges: without CAP_NET_RAW / CAP_NET_ADMIN the shell names what is
# missing and how to grant it (make setcap), and what needs neither still
# works; a copy given the two capabilities with setcap works for a user
# who is not root.  Ports 26200-26219.
. tests/integ/lib.sh

# run as root with the capabilities taken out of the bounding set: after
# exec root keeps every capability but those
DROP="setpriv --inh-caps=-all --ambient-caps=-all --bounding-set"
P=26200

$DROP=-net_raw,-net_admin -- "$TC" -c "connect 127.0.0.1:$P" \
    >"$T/o1" 2>&1
check "connect without both capabilities fails (exit 1)" test $? -eq 1
check "...naming both" grep -q 'missing CAP_NET_RAW and CAP_NET_ADMIN' "$T/o1"
check "...and how to grant them" grep -q 'sudo make setcap (setcap cap_net_raw,cap_net_admin+ep /' "$T/o1"
check "...before libnet says it its own way" sh -c "! grep -q libnet '$T/o1'"

$DROP=-net_admin -- "$TC" -c "listen $P" >"$T/o2" 2>&1
check "without CAP_NET_ADMIN alone: listen fails naming only it" \
    sh -c "grep -q 'missing CAP_NET_ADMIN (kernel-RST guard' '$T/o2' && \
    ! grep -q CAP_NET_RAW '$T/o2'"
$DROP=-net_raw -- "$TC" -c "connect 127.0.0.1:$P" >"$T/o3" 2>&1
check "without CAP_NET_RAW alone: named alone" \
    sh -c "grep -q 'missing CAP_NET_RAW (raw socket' '$T/o3' && \
    ! grep -q 'CAP_NET_ADMIN (' '$T/o3'"

# what works without them
$DROP=-net_raw,-net_admin -- "$TC" -c "help; help expect; set ttl 9; set" \
    >"$T/o4" 2>&1
check "help and set work without privileges (exit 0)" test $? -eq 0
check "...help lists commands" grep -q '^  connect HOST:PORT' "$T/o4"
check "...set took the value" grep -Eq '^ttl +9$' "$T/o4"
printf 'help\nsyn seq\n' >"$T/bad.tc"
$DROP=-net_raw,-net_admin -- "$TC" -f "$T/bad.tc" >"$T/o5" 2>&1
check "a script's syntax is checked without privileges (exit 2)" \
    test $? -eq 2
check "...error at FILE:LINE:COL" grep -q "bad.tc:2:[0-9]*: " "$T/o5"
$DROP=-net_raw,-net_admin -- "$TC" -c "connect 127.0.0.1:$P; syn seq" \
    >"$T/o6" 2>&1
check "a syntax error is found before anything needs privileges" \
    sh -c "grep -q '1:[0-9]*: ' '$T/o6' && ! grep -q missing '$T/o6'"
$DROP=-net_raw,-net_admin -- "$TC" --peer echo:$P -c "wait 100ms" \
    >"$T/o7" 2>&1
check "built-in peers start without privileges (exit 0)" test $? -eq 0
$DROP=-net_raw,-net_admin -- "$TC" --version >"$T/o8" 2>&1
check "--version without privileges" grep -q '^tcpcraft ' "$T/o8"
# a capture read back (--offline): the peer's side of a conversation
$DROP=-net_raw,-net_admin -- "$TC" --offline tests/malformed/doff-short.pcap \
    -c "connect 127.0.0.1:26001 from 127.0.0.1:40000; wait 10ms" \
    >"$T/o11" 2>&1
check "a pcap is read without privileges (--offline, exit 0)" test $? -eq 0
check "...its malformed segment shown, annotated, not applied" \
    grep -q 'In  IP 127.0.0.1.26001 > 127.0.0.1.40000: .*# malformed; not applied; bad doff 3' "$T/o11"
check "...and the good one after it" \
    sh -c "grep 'In  IP 127.0.0.1.26001 > 127.0.0.1.40000: ' '$T/o11' | tail -1 | grep -qv malformed"

# piped input: a line over the 8 KiB buffer is refused whole, its tail is
# not taken for a command of its own
python3 -c "print('#' + 'x' * 8190 + 'help use')" >"$T/long"
echo "help quit" >>"$T/long"
$DROP=-net_raw,-net_admin -- "$TC" <"$T/long" >"$T/o12" 2>&1
check "an overlong piped line: one error, its tail not run, the next runs" \
    sh -c "[ \$(grep -c 'line too long' '$T/o12') -eq 1 ] && \
    ! grep -q '^use NAME' '$T/o12' && grep -q '^quit\$' '$T/o12'"

# the interactive shell says so when it starts
mkfifo "$T/pin"
$DROP=-net_raw,-net_admin -- "$TC" <"$T/pin" >"$T/o9" 2>&1 &
SP=$!
BG_PIDS="$BG_PIDS $SP"
exec 8>"$T/pin"
printf 'help use\nquit\n' >&8
exec 8>&-
wait "$SP"
check "the interactive shell notes the missing capabilities at start" \
    grep -q '^note: missing CAP_NET_RAW and CAP_NET_ADMIN' "$T/o9"
check "...and still reads commands" grep -q '^use NAME' "$T/o9"

# make setcap's grant, on a copy, for a user who is not root
P=26201
cp "$TC" "$T/tcpcraft"
chmod 755 "$T" "$T/tcpcraft"
setcap cap_net_raw,cap_net_admin+ep "$T/tcpcraft"
check "setcap granted the two capabilities" \
    sh -c "getcap '$T/tcpcraft' | grep -q 'cap_net_admin,cap_net_raw=ep'"
printf 'connect 127.0.0.1:%s\nsyn\nexpect S. within 20s\nack\nrst\n' $P \
    >"$T/user.tc"
chmod 644 "$T/user.tc"
# a set-capability program is not dumpable: LeakSanitizer could not
# stop it to look, so only the leak check is off for this run
ASAN_OPTIONS=detect_leaks=0 setpriv --reuid=nobody --regid=nogroup \
    --clear-groups -- "$T/tcpcraft" --peer echo:$P -f "$T/user.tc" \
    >"$T/o10" 2>&1
check "as user nobody, the setcap'd copy does the handshake (exit 0)" \
    test $? -eq 0
check "...the kernel's SYN-ACK arrived" grep -q 'In  IP .*Flags \[S\.\]' "$T/o10"
check "...no capability note" sh -c "! grep -q missing '$T/o10'"
cat "$T/o1" "$T/o10" | sed 's/^/# /'
