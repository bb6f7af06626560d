# Every lab script under scripts/labs/ runs against the built-in peers its
# "# peer: KIND:PORT" lines name and exits 0, as a student would run it.
. tests/integ/lib.sh

for f in scripts/labs/*.tc; do
	args=
	for p in $(sed -n 's/^# peer: *\([a-z]*:[0-9]*\) *$/\1/p' "$f"); do
		args="$args --peer $p"
	done
	name=$(basename "$f")
	if [ -z "$args" ]; then
		notok "$name names its peer" "no '# peer: KIND:PORT' line"
		continue
	fi
	# lab 15's capture goes to a file of this run's: another run at the
	# same time would remove the one in /tmp under it
	src=$f
	if grep -q /tmp/tcpcraft-lab15.pcap "$f"; then
		src=$T/$name
		sed "s|/tmp/tcpcraft-lab15.pcap|$T/lab15.pcap|" "$f" >"$src"
	fi
	# shellcheck disable=SC2086
	timeout 60 "$TC" $args -f "$src" >"$T/$name.out" 2>&1
	rc=$?
	if [ $rc -eq 0 ]; then
		ok "$name exits 0"
	else
		notok "$name exits 0" "exit status $rc; output:"
		sed 's/^/#   /' "$T/$name.out"
	fi
done
# lab 15's capture opens in tcpdump, whole: from our SYN, sent before the
# capture command, to the last ACK
tcpdump -nr "$T/lab15.pcap" >"$T/lab15.txt" 2>/dev/null
check "15-capture.tc: its pcap holds the whole session" sh -c "
	head -1 '$T/lab15.txt' | grep -q 'Flags \[S\], seq [0-9]*,' &&
	tail -1 '$T/lab15.txt' | grep -q 'Flags \[\.\], ack' &&
	[ \$(wc -l <'$T/lab15.txt') -ge 9 ]"
