# Tab completion at a terminal: after a command word, what its argument
# kind offers (command names, set keys, fields, states, its own words,
# file names, connection names).  Driven through a pseudo-terminal;
# sends nothing (connect only creates the connection).
. tests/integ/lib.sh
: >"$T/trace.pcap"
TCABS=$(readlink -f "$TC")

# desc|keys typed (\t is Tab)|what the terminal then shows (regex)
cat >"$T/cases" <<EOF
a command name|stre\t|stream $
a set key|set asc\t|set ascii $
a state after expect state|expect state EST\t|expect state ESTABLISHED $
a field of a pattern|expect S. wi\t|expect S\\. win $
a command after help|help lad\t|help ladder $
a field of a segment|syn ur\t|syn urg $
stream's own words|stream \t\t|hex +in +out
a file name|capture $T/trace.p\t|capture $T/trace\\.pcap $
a connection name|use c\t|use c1 $
EOF

# connect makes c1; each case is typed, Tab shown, the line killed (^U)
python3 - "$T/cases" >"$T/steps" <<'EOF'
import sys
print("expect tcpcraft> ")
print("type connect 127.0.0.1:9")
print("expect c1: ")
for line in open(sys.argv[1]):
    desc, keys, rx = line.rstrip("\n").split("|")
    keys = keys.replace("\\t", "\t")
    print("key " + keys.encode().hex())
    print("expect " + rx + " 3")
    print("key " + b"\x15".hex())
print("type quit")
print("exit")
EOF
HOME=$T python3 tests/integ/pty_drive.py "$T/pty" -- "$TCABS" \
    <"$T/steps" >"$T/res" 2>&1

# steps 1-3 start the shell; case N is checked by step 3 + 3N - 1
n=0
while IFS='|' read -r desc keys rx; do
	n=$((n + 1))
	if grep -q "^step $((3 + 3 * n - 1)) failed" "$T/res"; then
		notok "Tab completes $desc" "$(tr -d '\r' <"$T/pty" | tail -3)"
	else
		ok "Tab completes $desc"
	fi
done <"$T/cases"
check "the shell starts and quits" sh -c "grep -q '^exit 0\$' '$T/res' &&
    ! grep -Eq '^step [1-3] failed' '$T/res'"
