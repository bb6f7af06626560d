# Every lab script under scripts/labs/ runs against the built-in peers its
# "# peer: KIND:PORT" lines name and exits 0, as a student would run it.
# One with a "# lab: ARGS" line instead needs scripts/lab up ARGS (a routed
# lab): it runs on the lab's NIC, in namespaces named after this run, with
# the lab's default addresses (they live in namespaces of this run's own:
# the interface is in the test's network namespace).
. tests/integ/lib.sh
LABN=tclabs-$$
export TCPCRAFT=$TC
labs_down() { sh scripts/lab down --name $LABN >/dev/null 2>&1; }
trap 'labs_down; cleanup' EXIT INT TERM

# run_lab FILE ARGS: scripts/lab up ARGS, the script on its NIC, down
run_lab() {
	name=$(basename "$1")
	# shellcheck disable=SC2086
	if ! sh scripts/lab up --name $LABN $2 >"$T/$name.lab" 2>&1; then
		notok "$name: scripts/lab up $2" "$(cat "$T/$name.lab")"
		return
	fi
	timeout 60 "$TC" -i tclab0 --src 10.77.0.10 -f "$1" \
	    >"$T/$name.out" 2>&1
	rc=$?
	labs_down
	if [ $rc -eq 0 ]; then
		ok "$name exits 0 (scripts/lab up $2)"
	else
		notok "$name exits 0 (scripts/lab up $2)" "exit status $rc; output:"
		sed 's/^/#   /' "$T/$name.out"
	fi
}

for f in scripts/labs/*.tc; do
	lab=$(sed -n 's/^# lab: *//p' "$f" | head -1)
	if [ -n "$lab" ]; then
		run_lab "$f" "$lab"
		continue
	fi
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
