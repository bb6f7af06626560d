# Confined mode (man tcpcraft, CONFINED MODE): a throwaway user, created
# here and deleted on every way out, runs a copy of tcpcraft holding
# cap_net_raw,cap_net_admin in its permitted set only.  Each refusal the
# issue lists prints what and why and sends nothing (tcpdump on lo, or on
# the lab link); the same user passes the lab scripts (own --peer servers,
# and a lab from scripts/lab up); the capability sets in /proc show
# nothing effective at the prompt and nothing at all in a peer.
# Ports 27300-27349, lab 10.77.27.0/24 on tcconf0, namespace tc-conf-PID.
. tests/integ/lib.sh
. tests/integ/lablib.sh

U=tc12u$$
N=tc-conf-$$
IF=tcconf0
NET=10.77.27
P=27300
# The copy's directory: root's, 0755, on a file system that honours file
# capabilities.  The lab configuration's path is written into the copy
# (src/confine.c says why a confined tcpcraft takes no path from its
# user), so it must fit the 127 bytes the binary keeps for it.
B=$(mktemp -d /tmp/tc12.XXXXXX) || exit 1
CONF=$B/labs.conf
teardown() {
	for n in "$N" "$N-r"; do
		TCPCRAFT_LABS_CONF=$CONF sh scripts/lab down --name "$n" \
		    >/dev/null 2>&1
	done
	# what the user still runs was started here (userdel refuses a user
	# with processes)
	for p in $(ps -o pid= -u "$U" 2>/dev/null); do kill -9 "$p"; done
	userdel -r "$U" >/dev/null 2>&1 || userdel -f -r "$U" >/dev/null 2>&1
	rm -rf "$B"
	cleanup
}
# a signal (SIGPIPE too: a tcpcraft that died under tc_cmd) exits, and
# the exit tears down: the user must not outlive the test
trap teardown EXIT
trap 'exit 1' INT TERM PIPE HUP
chmod 755 "$B"
useradd -M -s /bin/sh "$U" || { notok "useradd $U"; exit 1; }
mkdir "$B/u" && chown "$U:" "$B/u"	# what the user may write
export ASAN_OPTIONS="${ASAN_OPTIONS:+$ASAN_OPTIONS:}detect_leaks=0"
# a set-capability program is not dumpable: LeakSanitizer could not
# stop it to look (as in t_privs.sh)
as_user() {
	setpriv --reuid="$U" --regid="$U" --clear-groups -- "$@"
}

cp "$TC" "$B/tcpcraft"
# the path it was built with (make's SYSCONFDIR), as root's --limits says;
# its 128 bytes replaced by as many: the binary keeps every offset
BUILT=$(env -u TCPCRAFT_LABS_CONF "$TC" --limits 2>&1 | sed -n '1s/: .*//p')
check "the built-in path of the lab configuration ($BUILT)" \
    sh -c "case '$BUILT' in /*) exit 0 ;; esac; exit 1"
perl -0777 -pi -e '
	($o, $p) = ("'"$BUILT"'", "'"$CONF"'");
	die "path too long\n" if length($p) > 127 || length($o) > 127;
	$z = 128 - length($o);
	$n = s{\Q$o\E\0{$z}}{$p . ("\0" x (128 - length($p)))}ge;
	die "the path is in the binary $n times\n" if $n != 1;' "$B/tcpcraft"
check "the copy reads the test's lab configuration" \
    sh -c "grep -qa '$CONF' '$B/tcpcraft'"
chmod 755 "$B/tcpcraft"
setcap cap_net_raw,cap_net_admin+p "$B/tcpcraft"
TCU=$B/tcpcraft
printf 'flood-count 20\nflood-rate 200\n' >"$CONF"
chmod 644 "$CONF"

# --- the configuration, and refusing one that is not root's alone ---
as_user "$TCU" --limits >"$T/lim" 2>&1
check "--limits as the user: exit 0" test $? -eq 0
check "...says the user is confined, and the flood limit" sh -c "
	grep -q '^$CONF: what a user other than root may reach.*(you)' '$T/lim' &&
	grep -q '^flood: at most 20 packets, 200 packets/s' '$T/lim' &&
	grep -q '^lab interfaces: none' '$T/lim'"
printf 'lab eth9 10.9.0.0/16\n' >"$B/other.conf"
as_user env TCPCRAFT_LABS_CONF="$B/other.conf" "$TCU" --limits >"$T/lim1" 2>&1
check "the user cannot name another configuration (TCPCRAFT_LABS_CONF)" \
    sh -c "grep -q '^$CONF: ' '$T/lim1' && ! grep -q eth9 '$T/lim1'"
TCPCRAFT_LABS_CONF="$B/other.conf" "$TC" --limits >"$T/lim0" 2>&1
check "...root can, to check a draft (root is not confined)" sh -c "
	grep -q '^$B/other.conf: .*(root itself is not confined)' '$T/lim0' &&
	grep -q '^lab eth9: --src in 10.9.0.0/16' '$T/lim0'"
cp "$TC" "$B/suid"
chmod 4755 "$B/suid"
as_user "$B/suid" -c "help" >"$T/suid" 2>&1
check "set-user-ID root: refused (exit 2), pointing to setcap" sh -c "
	[ $? -eq 2 ] && grep -q 'set-user-ID or set-group-ID: not supported' '$T/suid'"
rm -f "$B/suid"
chmod 664 "$CONF"
as_user "$TCU" -c "help" >"$T/bad1" 2>&1
check "a group-writable lab configuration: refuses to run (exit 2)" \
    test $? -eq 2
check "...naming the file and why" grep -q "confined (capabilities, uid [0-9]*): $CONF is writable by its group (mode 0664): refusing to run" "$T/bad1"
chmod 644 "$CONF"
chown "$U" "$CONF"
as_user "$TCU" -c "help" >"$T/bad2" 2>&1
check "...one the user owns: refused too" sh -c "[ $? -eq 2 ] &&
	grep -q '$CONF is owned by uid [0-9]*, not root' '$T/bad2'"
chown 0 "$CONF"
chmod 777 "$B"
as_user "$TCU" -c "help" >"$T/bad3" 2>&1
check "...in a directory anyone may write: refused" sh -c "[ $? -eq 2 ] &&
	grep -q '$B is writable by anyone (mode 0777)' '$T/bad3'"
chmod 755 "$B"
printf 'lab eth0 10.0.0.1/8\n' >>"$CONF"
as_user "$TCU" -c "help" >"$T/bad4" 2>&1
check "...a line it cannot read: refused, with the line" sh -c "[ $? -eq 2 ] &&
	grep -q 'labs.conf: line 3: prefix 10.0.0.1/8 has host bits set' '$T/bad4'"
printf 'flood-count 20\nflood-rate 200\n' >"$CONF"

# --- loopback: another user's sockets (root's here) ---
# root's listener on P, and root's connection P+3 -> P+1, idle
python3 -c "
import socket, sys, time
l = socket.socket(); l.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
l.bind(('127.0.0.1', $P)); l.listen()
m = socket.socket(); m.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
m.bind(('127.0.0.1', $((P + 1)))); m.listen()
c = socket.socket(); c.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
c.bind(('127.0.0.1', $((P + 3)))); c.connect(('127.0.0.1', $((P + 1))))
a, _ = m.accept()
print('ready', flush=True)
time.sleep(600)" >"$T/root.out" 2>&1 &
BG_PIDS="$BG_PIDS $!"
until_ok "$WAIT_S" grep -q ready "$T/root.out"
check "root's connection 127.0.0.1:$((P + 3)) -> :$((P + 1)) is up" \
    ss_is $((P + 3)) $((P + 1)) ESTAB

cap_start "$T/lo.pcap" "tcp portrange $P-$((P + 4))"
as_user "$TCU" -c "connect 127.0.0.1:$P; syn" >"$T/r1" 2>&1
check "connect to root's listener: refused (exit 1)" test $? -eq 1
check "...what and why" grep -q "connect 127.0.0.1:$P refused: the socket at 127.0.0.1:$P belongs to user root (uid 0), not to you (user $U (uid [0-9]*)); a confined tcpcraft reaches only your own sockets" "$T/r1"
check "...before the connection is made (no syn ran)" \
    sh -c "! grep -q '^c1: ' '$T/r1' && ! grep -q 'Out IP' '$T/r1'"

# the user's own connection (its --peer), then an rst pointed at root's
as_user "$TCU" --peer echo:$((P + 2)) -c "connect 127.0.0.1:$((P + 2)); syn; expect S. within 5s; ack; rst sport $((P + 1)) dport $((P + 3)) seq 1" >"$T/r2" 2>&1
check "rst with sport/dport overridden onto root's connection: refused (exit 1)" \
    test $? -eq 1
check "...what and why" grep -q "segment 127.0.0.1:$((P + 1)) > 127.0.0.1:$((P + 3)) refused: the socket at 127.0.0.1:$((P + 3)) belongs to user root (uid 0)" "$T/r2"
check "...its own handshake went (its --peer is its own)" \
    grep -q "In  IP 127.0.0.1.$((P + 2)) > .*Flags \[S\.\]" "$T/r2"
as_user "$TCU" --peer echo:$((P + 2)) -c "connect 127.0.0.1:$((P + 2)); syn; expect S. within 5s; rst dport $((P + 1))" >"$T/r3" 2>&1
check "rst with dport overridden onto root's server: refused" sh -c "
	grep -q 'segment 127.0.0.1:[0-9]* > 127.0.0.1:$((P + 1)) refused: the socket at 127.0.0.1:$((P + 1)) belongs to user root' '$T/r3'"
check "root's connection is untouched" ss_is $((P + 3)) $((P + 1)) ESTAB

as_user "$TCU" --peer echo:$((P + 2)) -c "connect 127.0.0.1:$((P + 2)); syn; expect S. within 5s; ack; send mf 1 \"x\"" >"$T/r3b" 2>&1
check "an IP fragment (mf): refused" \
    grep -q "refused: a confined tcpcraft sends no IP fragments" "$T/r3b"
as_user "$TCU" --peer echo:$((P + 2)) -c "connect 127.0.0.1:$((P + 2)); syn; expect S. within 5s; ack; rst src 127.0.0.2 dport $P" >"$T/r3c" 2>&1
check "src and dport overridden onto root's listener: refused" \
    grep -q "segment 127.0.0.2:[0-9]* > 127.0.0.1:$P refused: the socket at 127.0.0.1:$P belongs to user root" "$T/r3c"
as_user "$TCU" -c "listen 80" >"$T/r4" 2>&1
check "listen on a port below ip_unprivileged_port_start: refused" sh -c "
	[ $? -eq 1 ] && grep -q 'listen 127.0.0.1:80 refused: the kernel lets only root bind port 80' '$T/r4'"
as_user "$TCU" -c "listen $P" >"$T/r5" 2>&1
check "listen on root's port: refused" \
    grep -q "listen 127.0.0.1:$P refused: the port is held by user root (uid 0)" "$T/r5"

as_user "$TCU" --peer echo:$((P + 4)) -c "flood 127.0.0.1:$((P + 4)) count 21 rate 100" >"$T/r6" 2>&1
check "a flood over the count limit: refused (exit 1)" sh -c "
	[ $? -eq 1 ] && grep -q 'flood 127.0.0.1:$((P + 4)) refused: count 21 is over the limit of 20 packets (flood-count)' '$T/r6'"
as_user "$TCU" --peer echo:$((P + 4)) -c "flood 127.0.0.1:$((P + 4)) count 5" >"$T/r7" 2>&1
check "a flood without a rate (as fast as it can): refused" \
    grep -q "refused: no rate (as fast as it can) is over the limit of 200 packets/s" "$T/r7"
as_user "$TCU" --peer echo:$((P + 4)) -c "flood 127.0.0.1:$((P + 4)) count 5 rate 100 dport random" >"$T/r8" 2>&1
check "a flood with dport random: refused" \
    grep -q "refused: dport random would reach every port of this host" "$T/r8"
as_user "$TCU" -c "flood 127.0.0.1:$P count 5 rate 100" >"$T/r9" 2>&1
check "a flood at root's listener: refused" \
    grep -q "flood 127.0.0.1:$P refused: the socket at 127.0.0.1:$P belongs to user root" "$T/r9"
as_user "$TCU" -c "probe 127.0.0.1:$P count 2 interval 100ms" >"$T/r10" 2>&1
check "a probe of root's listener: refused" \
    grep -q "probe 127.0.0.1:$P refused: the socket at 127.0.0.1:$P belongs to user root" "$T/r10"
cap_stop
check "tcpdump on lo saw none of the refused segments" sh -c "
	[ -n '$CAP_SEEN' ] &&
	[ \$(tcpdump -r '$T/lo.pcap' -n 'port $P or port $((P + 1)) or port $((P + 3))' 2>/dev/null | wc -l) -eq 0 ] &&
	[ \$(tcpdump -r '$T/lo.pcap' -n 'port $((P + 4))' 2>/dev/null | wc -l) -eq 0 ]"
check "...while it saw the user's own handshakes" sh -c "
	tcpdump -r '$T/lo.pcap' -n 'port $((P + 2))' 2>/dev/null | grep -q 'Flags \[S\.\]'"

# --- the same on ::1: root's IPv6 listener, the user's own IPv6 peer ---
python3 -c "
import socket, time
l = socket.socket(socket.AF_INET6)
l.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
l.bind(('::1', $((P + 40)))); l.listen()
print('ready', flush=True)
time.sleep(600)" >"$T/root6.out" 2>&1 &
BG_PIDS="$BG_PIDS $!"
until_ok "$WAIT_S" grep -q ready "$T/root6.out"
cap_start "$T/lo6.pcap" "ip6 and tcp port $((P + 40))"
as_user "$TCU" -c "connect [::1]:$((P + 40)); syn" >"$T/r6a" 2>&1
check "IPv6: connect to root's listener on ::1: refused (exit 1)" test $? -eq 1
check "...what and why" grep -q "connect \[::1\]:$((P + 40)) refused: the socket at \[::1\]:$((P + 40)) belongs to user root (uid 0), not to you" "$T/r6a"
as_user "$TCU" -c "listen [::1]:$((P + 40))" >"$T/r6b" 2>&1
check "IPv6: listen on root's port: refused" \
    grep -q "listen \[::1\]:$((P + 40)) refused: the port is held by user root (uid 0)" "$T/r6b"
as_user "$TCU" --peer echo:[::1]:$((P + 41)) -c "connect [::1]:$((P + 41)); syn; expect S. within 5s; ack; rst dport $((P + 40))" >"$T/r6c" 2>&1
check "IPv6: its own peer's handshake went" \
    grep -q "In  IP6 ::1.$((P + 41)) > .*Flags \[S\.\]" "$T/r6c"
check "IPv6: rst with dport overridden onto root's listener: refused" \
    grep -q "segment \[::1\]:[0-9]* > \[::1\]:$((P + 40)) refused: the socket at \[::1\]:$((P + 40)) belongs to user root" "$T/r6c"
as_user "$TCU" -c "flood [::1]:$((P + 40)) count 21 rate 100" >"$T/r6d" 2>&1
check "IPv6: a flood over the count limit: refused by the same limit" \
    grep -q "flood \[::1\]:$((P + 40)) refused: count 21 is over the limit of 20 packets (flood-count)" "$T/r6d"
as_user "$TCU" -c "flood [::1]:$((P + 40)) count 5 rate 100" >"$T/r6e" 2>&1
check "IPv6: a flood at root's listener: refused" \
    grep -q "flood \[::1\]:$((P + 40)) refused: the socket at \[::1\]:$((P + 40)) belongs to user root" "$T/r6e"
as_user "$TCU" -c "probe [::1]:$((P + 40)) count 2 interval 100ms" >"$T/r6f" 2>&1
check "IPv6: a probe of root's listener: refused" \
    grep -q "probe \[::1\]:$((P + 40)) refused: the socket at \[::1\]:$((P + 40)) belongs to user root" "$T/r6f"
cap_stop
check "IPv6: tcpdump on lo saw nothing to root's port" sh -c "
	[ -n '$CAP_SEEN' ] &&
	[ \$(tcpdump -r '$T/lo6.pcap' -n 2>/dev/null | wc -l) -eq 0 ]"

as_user "$TCU" --peer echo:$((P + 4)) -c "flood 127.0.0.1:$((P + 4)) count 20 rate 200" >"$T/r11" 2>&1
check "a flood within the limits, at its own peer: exit 0" test $? -eq 0
as_user "$TCU" --peer echo:$((P + 5)) -c "probe 127.0.0.1:$((P + 5)) count 3 interval 100ms" >"$T/r12" 2>&1
check "a probe within the limits, at its own peer: exit 0" test $? -eq 0
as_user "$TCU" --peer echo:[::1]:$((P + 41)) -c "flood [::1]:$((P + 41)) count 20 rate 200" >"$T/r13" 2>&1
check "IPv6: a flood within the limits, at its own peer: exit 0" test $? -eq 0
as_user "$TCU" --peer echo:[::1]:$((P + 41)) -c "probe [::1]:$((P + 41)) count 3 interval 100ms" >"$T/r14" 2>&1
check "IPv6: a probe within the limits, at its own peer: exit 0" test $? -eq 0

# --- the capability sets: nothing effective at the prompt, none in a child
mkfifo "$T/in"
# setpriv execs tcpcraft: $! is tcpcraft's pid
setpriv --reuid="$U" --regid="$U" --clear-groups -- "$TCU" \
    --peer echo:$((P + 6)) <"$T/in" >"$T/out" 2>&1 &
TC_PID=$!
exec 9>"$T/in"
tc_cmd "connect 127.0.0.1:$((P + 6))"
tc_cmd "syn"
tc_cmd "expect S. within 5s"
tc_cmd "ack"
tc_wait 'In  IP .*Flags \[S\.\]'
tc_cmd "conns"
tc_wait "ESTABLISHED"
caps() { sed -n "s/^$2:[[:space:]]*//p" "/proc/$1/status"; }
check "at the prompt, after a handshake: CapEff 0" \
    test "$(caps $TC_PID CapEff)" = 0000000000000000
check "...CapPrm holds the two (raised from there)" \
    test "$(caps $TC_PID CapPrm)" = 0000000000003000
check "...CapInh and CapAmb 0" sh -c "
	[ '$(caps $TC_PID CapInh)' = 0000000000000000 ] &&
	[ '$(caps $TC_PID CapAmb)' = 0000000000000000 ]"
PP=$(sed -n 's/^peer echo:[0-9]* listening (pid \([0-9]*\))$/\1/p' "$T/out")
check "the peer child's pid is known ($PP)" test -n "$PP"
check "the peer child: CapPrm, CapEff, CapInh, CapAmb all 0, NoNewPrivs 1" sh -c "
	[ -n '$PP' ] &&
	[ \"\$(sed -n 's/^CapPrm:[[:space:]]*//p' /proc/$PP/status)\" = 0000000000000000 ] &&
	[ \"\$(sed -n 's/^CapEff:[[:space:]]*//p' /proc/$PP/status)\" = 0000000000000000 ] &&
	[ \"\$(sed -n 's/^CapInh:[[:space:]]*//p' /proc/$PP/status)\" = 0000000000000000 ] &&
	[ \"\$(sed -n 's/^CapAmb:[[:space:]]*//p' /proc/$PP/status)\" = 0000000000000000 ] &&
	grep -q '^NoNewPrivs:[[:space:]]*1' /proc/$PP/status"
# a listener holds its port: no other user can take it and have tcpcraft
# answer its clients
tc_cmd "listen $((P + 8))"
tc_wait "listening on 127.0.0.1:$((P + 8))"
check "while tcpcraft listens on $((P + 8)), another user cannot bind it" \
    python3 -c "
import errno, socket, sys
s = socket.socket(); s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
try:
    s.bind(('127.0.0.1', $((P + 8))))
except OSError as e:
    sys.exit(0 if e.errno == errno.EADDRINUSE else 1)
sys.exit(1)"
tc_stop

# user_routed_lab FILE ARGS: a lab script with a "# lab: ARGS" line, as
# the user, on the routed lab scripts/lab up ARGS builds and registers
# (its default addresses: the script names them)
user_routed_lab() {
	name=$(basename "$1")
	# shellcheck disable=SC2086
	if ! TCPCRAFT=$TC TCPCRAFT_LABS_CONF=$CONF sh scripts/lab up \
	    --name "$N-r" $2 >"$T/$name.lab" 2>&1; then
		notok "as the user: $name: scripts/lab up $2" "$(cat "$T/$name.lab")"
		return
	fi
	cp "$1" "$B/u/$name" && chmod 644 "$B/u/$name"
	as_user timeout 60 "$TCU" -i tclab0 --src 10.77.0.10 \
	    -f "$B/u/$name" >"$T/$name.out" 2>&1
	rc=$?
	TCPCRAFT_LABS_CONF=$CONF sh scripts/lab down --name "$N-r" \
	    >/dev/null 2>&1
	if [ $rc -eq 0 ]; then
		ok "as the user: $name exits 0 (scripts/lab up $2)"
	else
		notok "as the user: $name exits 0 (scripts/lab up $2)" \
		    "exit status $rc; output:"
		sed 's/^/#   /' "$T/$name.out"
	fi
}

# --- every lab script, as the user, against its own --peer servers ---
for f in scripts/labs/*.tc; do
	lab=$(sed -n 's/^# lab: *//p' "$f" | head -1)
	if [ -n "$lab" ]; then
		user_routed_lab "$f" "$lab"
		continue
	fi
	args=
	for p in $(sed -n 's/^# peer: *\([a-z]*:[0-9]*\) *$/\1/p' "$f"); do
		args="$args --peer $p"
	done
	name=$(basename "$f")
	src=$B/u/$name
	sed "s|/tmp/tcpcraft-lab15.pcap|$B/u/lab15.pcap|" "$f" >"$src"
	chmod 644 "$src"
	# shellcheck disable=SC2086
	as_user timeout 60 "$TCU" $args -f "$src" >"$T/$name.out" 2>&1
	rc=$?
	if [ $rc -eq 0 ]; then
		ok "as the user: $name exits 0"
	else
		notok "as the user: $name exits 0" "exit status $rc; output:"
		sed 's/^/#   /' "$T/$name.out"
	fi
done
check "lab 15's capture is the user's file" sh -c "
	[ \"\$(stat -c %U '$B/u/lab15.pcap')\" = '$U' ]"

# --- a lab NIC: the lab from scripts/lab up, registered by it ---
TCPCRAFT=$TC TCPCRAFT_LABS_CONF=$CONF sh scripts/lab up --name "$N" \
    --if $IF --net $NET --server echo:$((P + 7)) >"$T/lab" 2>&1
check "scripts/lab up registers its lab in the configuration" \
    grep -q "^lab $IF $NET.0/24	# scripts/lab $N\$" "$CONF"
check "...and keeps what was there" grep -q '^flood-count 20$' "$CONF"
check "...root's file, 0644" test "$(stat -c %U:%a "$CONF")" = root:644
TCPCRAFT_LABS_CONF=$CONF sh scripts/lab status --name "$N" >"$T/st" 2>&1
check "...and status says so" \
    grep -q "^  confined    users may use it: registered in $CONF\$" "$T/st"
as_user "$TCU" --limits >"$T/lim2" 2>&1
check "--limits lists the lab" grep -q "^lab $IF: --src in $NET.0/24\$" "$T/lim2"

cap_start "$T/lab.pcap" "" $IF
as_user "$TCU" -i lo -c "help" >"$T/l1" 2>&1
check "-i on an interface not in the file: refused (exit 2)" sh -c "
	[ $? -eq 2 ] && grep -q 'tcpcraft: -i lo refused: it is not a lab interface in $CONF' '$T/l1'"
as_user "$TCU" -i $IF --src 10.99.0.10 -c "connect $NET.2:$((P + 7))" >"$T/l2" 2>&1
check "--src outside the lab prefix: refused (exit 2)" sh -c "
	[ $? -eq 2 ] && grep -q 'tcpcraft: --src 10.99.0.10 refused: outside the lab prefixes of $IF' '$T/l2'"
as_user "$TCU" -i $IF --src $NET.2 -c "connect $NET.2:$((P + 7)); syn" >"$T/l3" 2>&1
check "--src of the peer host's own address: refused (exit 1)" test $? -eq 1
check "...the ARP probe found it taken (RFC 5227)" \
    grep -q "$NET.2 refused on $IF: [0-9a-f:]* answered our ARP probe for it (RFC 5227): another host has that address" "$T/l3"
check "...no connection made" sh -c "! grep -q '^c1: ' '$T/l3'"
cap_stop
tcpdump -r "$T/lab.pcap" -n -e 2>/dev/null >"$T/lab.txt"
check "tcpdump on the lab link: our probes for $NET.2 and the peer's answer" sh -c "
	grep -q 'Request who-has $NET.2 tell 0.0.0.0' '$T/lab.txt' &&
	grep -q 'Reply $NET.2 is-at' '$T/lab.txt'"
check "...and nothing else from us: no TCP, no ARP answer for $NET.2" sh -c "
	! grep -q 'IPv4' '$T/lab.txt' &&
	! grep -q '^[^ ]* 02:74:63:.*Reply' '$T/lab.txt'"
# IPv6: scripts/lab's ULA prefix, registered and listed on lines of its own
P6=$(echo $NET | awk -F. '{ printf "fd74:6363:%x:%x%02x:", $1, $2, $3 }')
check "IPv6: scripts/lab registers the lab's ULA prefix on a line of its own" \
    grep -q "^lab $IF $P6:/64	# scripts/lab $N\$" "$CONF"
check "IPv6: --limits lists it on a line of its own" \
    grep -q "^lab $IF: --src in $P6:/64\$" "$T/lim2"
as_user "$TCU" -i $IF --src fd00:99::10 -c "help" >"$T/l6a" 2>&1
check "IPv6: --src outside the lab prefixes: refused (exit 2)" sh -c "
	[ $? -eq 2 ] && grep -q 'tcpcraft: --src fd00:99::10 refused: outside the lab prefixes of $IF' '$T/l6a'"
as_user "$TCU" -i $IF --src $P6:10 -c "help" >"$T/l6b" 2>&1
check "IPv6: --src inside them: DAD as the user, the address ours (exit 0)" \
    sh -c "[ $? -eq 0 ] && grep -q '^lab: $P6:10 is ours on $IF' '$T/l6b'"

as_user "$TCU" -i $IF --src $NET.10 -c "connect $NET.2:$((P + 7)); syn; expect S. within 5s; ack; send \"hi\"; expect P. \"hi\" within 5s; rst" >"$T/l4" 2>&1
check "the lab's own address: probed free, a whole conversation (exit 0)" \
    test $? -eq 0
check "...the echo came back" grep -q "In  IP $NET.2.$((P + 7)) > $NET.10.[0-9]*: Flags \[P\.\].*length 2" "$T/l4"

TCPCRAFT_LABS_CONF=$CONF sh scripts/lab down --name "$N" >>"$T/lab" 2>&1
check "scripts/lab down takes its line out, the rest stays" sh -c "
	! grep -q 'scripts/lab $N' '$CONF' && grep -q '^flood-count 20$' '$CONF'"
as_user "$TCU" -i $IF --src $NET.10 -c "help" >"$T/l5" 2>&1
check "after down, the lab is refused again" \
    grep -q "tcpcraft: -i $IF refused: it is not a lab interface" "$T/l5"
for f in r1 r2 r3c r5 r6 l1 l3; do sed "s/^/# $f: /" "$T/$f"; done
