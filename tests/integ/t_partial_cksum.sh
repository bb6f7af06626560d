# Loopback's partial checksums: every segment the kernel sends on lo has
# one, so the line says it once per connection (its first), and show's
# field tree says it for any of them.
. tests/integ/lib.sh
P=21330

# echo_round NOTE: a connection, its handshake and "AB" echoed; NOTE is
# how the lines of this connection begin their notes ("" or "c2: ")
echo_round() {
	tc_cmd "connect 127.0.0.1:$P"
	tc_cmd syn
	tc_wait "Flags \[S\.\], .*# ${1}SYN-SENT -> ESTABLISHED" 5
	tc_cmd ack
	tc_cmd 'send "AB"'
	tc_wait "In  IP .*Flags \[P\.\], seq 1:3, ack 3, .*\"AB\"  # ${1}ack owed" 5
}

tc_start --peer echo:$P --seed 17
check "c1: the echo arrives" echo_round ""
tc_cmd ack
check "c2: the echo arrives" echo_round "c2: "
# the kernel's last segment: c2's echo (or its resend)
tc_cmd show
check "show: a later segment's checksum field says partial" \
    tc_wait 'cksum 0x[0-9a-f]{4} \(partial: pseudo-header only, checksum offload on loopback; not an error\)'
tc_cmd ack
tc_stop
check "each connection's SYN-ACK is marked partial cksum (c1 and c2)" \
    test "$(grep -cE 'In  IP .*Flags \[S\.\], .*# .*partial cksum' "$T/out")" = 2
check "the kernel's later segments are not (its ACKs, the echoes)" \
    sh -c "! grep -E 'In  IP .*Flags \[(\.|P\.)\], .*partial cksum' '$T/out'"
sed 's/^/# /' "$T/out"
