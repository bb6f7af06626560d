# file:PATH payloads: the shell reads the file when the command runs (the
# core's parser only keeps the path), sends its bytes where the word stands
# among the other payloads, and says why when it cannot; nothing leaves
# then.  A script or a typed line is refused whole before anything is sent
# when one of its files cannot be read.
# SPDX-License-Identifier: GPL-3.0-or-later
. tests/integ/lib.sh
P=21031

printf 'hello\000world' >"$T/f"
head -c 1048577 /dev/zero >"$T/big"

tc_start --peer echo:$P --seed 7
tc_cmd "connect 127.0.0.1:$P"
tc_wait '^c1: '
tc_cmd syn
tc_wait 'SYN-SENT -> ESTABLISHED'
tc_cmd ack
tc_wait 'Out IP .*Flags \[\.\], ack 1, win 65535, length 0'

tc_cmd "send file:$T/f"
check "the file's 11 bytes, a NUL among them" \
    tc_wait 'Out IP .*Flags \[P\.\], seq 1:12, ack 1, win 65535, length 11 "hello\\x00world"'
check "the kernel echoes them" \
    tc_wait 'In  IP .*Flags \[P\.\], seq 1:12, ack 12, .*length 11 "hello\\x00world"'
tc_cmd ack
tc_cmd "send \"<\" file:$T/f \">\""
check "concatenated in place: 13 bytes" \
    tc_wait 'Out IP .*Flags \[P\.\], seq 12:25, .*length 13 "<hello\\x00world>"'
tc_cmd "expect P. seq 12:25 \"<\" file:$T/f \">\" within 2s"
check "an expect pattern reads the file too" tc_wait '^ok$'
tc_cmd "expect P. seq 12:25 \"(\" file:$T/f \">\" within 2s"
check "and the bytes are compared" \
    tc_wait 'payload differs at byte 0'
tc_cmd ack

tc_cmd "send file:$T/none"
check "a missing file is named, with the system's reason" \
    tc_wait "file:$T/none: No such file or directory"
tc_cmd "send file:$T/big"
check "more than 1 MiB is refused" \
    tc_wait "file:$T/big: larger than 1 MiB"
tc_cmd "send length 5 file:$T/f"
check "length is checked against the file's bytes" \
    tc_wait "length 5 but the payload has 11 bytes"
tc_cmd 'send "Z"'
tc_wait 'Out IP .*length 1 "Z"'
check "nothing was sent for the three refused commands" \
    test "$(grep -c '^ *[0-9.]* Out IP .*Flags \[P\.\]' "$T/out")" -eq 3
tc_stop

# a script whose third line names a missing file: exit 2, nothing sent
printf 'connect 127.0.0.1:%s\nsyn\nsend file:%s\n' $P "$T/none" >"$T/s.tc"
"$TC" -f "$T/s.tc" >"$T/s.out" 2>&1
rc=$?
check "a script with a missing file exits 2" test $rc -eq 2
check "and names the line, the column and the file" \
    has "$T/s.out" "s\.tc:3:6: file:$T/none: No such file or directory"
check "and sends nothing, not even its SYN" \
    sh -c "! grep -q 'Out IP' '$T/s.out'"
