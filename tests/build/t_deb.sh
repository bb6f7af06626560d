#!/bin/sh
# make deb's package on this machine, as an administrator would use it:
# built; lintian reports no error; installed with dpkg and the debconf
# answer preseeded to yes (root:tcpcraft 0750 with the capabilities, run
# by a member of the group, not by anyone else); installed again (the
# answer kept); reconfigured to no (root:root 0755, no capabilities),
# then to yes at the question's prompt; left alone under a
# dpkg-statoverride; purged (no file, no group, no debconf answer left).
# Then make setcap into a staging tree.  Root.  The machine is left as it
# was found, even on failure; if tcpcraft is there already, from
# something else, the test skips rather than clobber it.
# SPDX-License-Identifier: GPL-3.0-or-later
cd "$(dirname "$0")/../.." || exit 2

ok() { echo "ok - $1"; }
notok() { echo "not ok - $1"; shift; for l in "$@"; do echo "#   $l"; done; }
check() {
	d=$1
	shift
	if "$@"; then ok "$d"; else notok "$d" "command: $*"; fi
}
skip() { echo "ok - t_deb.sh # SKIP $1"; exit 0; }

prog=/usr/bin/tcpcraft
q=tcpcraft/allow-group

[ "$(id -u)" -eq 0 ] || skip "needs root (dpkg)"
for c in dpkg-deb dpkg-shlibdeps lintian setcap getcap setpriv flock \
    debconf-set-selections debconf-communicate; do
	if ! command -v $c >/dev/null; then
		notok "$c is installed" "make deps installs it"
		exit 1
	fi
done

# One run at a time on this machine: the package and the group are global.
lock=/run/lock
[ -d $lock ] || lock=/tmp
exec 9>"$lock/tcpcraft-t_deb.lock"
flock -w 600 9 || skip "another t_deb.sh held the lock for 10 minutes"

st=$(dpkg-query -W -f='${db:Status-Status}' tcpcraft 2>/dev/null)
case $st in
''|not-installed) ;;
*)	skip "the package tcpcraft is on this machine ($st)" ;;
esac
getent group tcpcraft >/dev/null &&
    skip "a group tcpcraft exists (make setcap, or an administrator)"
[ -e $prog ] && skip "$prog exists"
[ -e /etc/tcpcraft ] && skip "/etc/tcpcraft exists"
dpkg-statoverride --list $prog >/dev/null &&
    skip "dpkg-statoverride has an entry for $prog"
[ -n "$(debconf-show tcpcraft 2>/dev/null)" ] &&
    skip "debconf holds answers for tcpcraft"

T=$(mktemp -d) || exit 2
# Nothing of tcpcraft was here: whatever of it is here at the end goes.
cleanup() {
	case $(dpkg-query -W -f='${db:Status-Status}' tcpcraft 2>/dev/null) in
	''|not-installed) ;;
	*)	dpkgw --purge tcpcraft || cat "$T/dpkg.out" ;;
	esac
	dpkg-statoverride --list $prog >/dev/null &&
	    dpkg-statoverride --remove $prog
	getent group tcpcraft >/dev/null && groupdel tcpcraft
	echo PURGE | debconf-communicate tcpcraft >/dev/null 2>&1
	rm -rf "$T" /etc/tcpcraft
}
trap cleanup EXIT
trap 'exit 1' INT TERM HUP

# dpkg ARGS, again while another dpkg or apt-get on this machine holds
# its lock (bounded); its output in $T/dpkg.out
dpkgw() {
	n=0
	while ! DEBIAN_FRONTEND=noninteractive dpkg "$@" >"$T/dpkg.out" 2>&1
	do
		grep -q 'lock' "$T/dpkg.out" && [ $n -lt 300 ] || return 1
		n=$((n + 1))
		sleep 1
	done
}
answer() {
	echo "tcpcraft $q boolean $1" | debconf-set-selections
}
# PROG --version run by nobody, with the groups given (none if empty),
# from a shell: setpriv would exec it before its capabilities are gone
run_as_nobody() {
	if [ -n "$1" ]; then g="--groups=$1"; else g=--clear-groups; fi
	setpriv --reuid=65534 --regid=65534 "$g" sh -c "exec $prog --version" \
	    >"$T/run.out" 2>&1
}
ownmode() { stat -c '%U:%G %a' $prog; }

# Build as a user would, not as make check's grandchild (its MAKELEVEL
# would pass for a sub-make's).
env -u MAKELEVEL -u MAKEFLAGS -u MFLAGS make deb >"$T/build" 2>&1
rc=$?
deb=$(sed -n "s/^dpkg-deb: building package 'tcpcraft' in '\(.*\)'\.$/\1/p" \
    "$T/build")
if [ $rc -ne 0 ] || [ ! -f "$deb" ]; then
	notok "make deb builds a package" "exit $rc"
	sed 's/^/#   /' "$T/build" | tail -20
	exit 1
fi
ok "make deb builds $deb"

# lintian: errors fail, the rest is shown
lintian "$deb" >"$T/lint" 2>&1
rc=$?
grep -v 'root privileges' "$T/lint" | sed 's/^/# lintian: /'
check "lintian $deb: no error (exit $rc)" \
    sh -c "[ $rc -eq 0 ] && ! grep -q '^E: ' '$T/lint'"

dpkg-deb -c "$deb" | awk '{ print $6 }' | sed 's|^\./|/|' >"$T/list"
grep -E '^/usr/s?bin/.' "$T/list" >"$T/bins"
while read -r b; do
	check "a manual page for $b" \
	    grep -qE "^/usr/share/man/man[18]/${b##*/}\.[18]\.gz$" "$T/list"
done <"$T/bins"
check "/etc/tcpcraft/labs.conf is a conffile" \
    sh -c "dpkg-deb -I '$deb' conffiles | grep -qx /etc/tcpcraft/labs.conf"
dep=$(dpkg-deb -f "$deb" Depends)
check "Depends names the libraries the program links ($dep)" \
    sh -c "echo '$dep' | grep -q 'libpcap0.8 (>=' &&
	echo '$dep' | grep -q 'libnet1 (>=' && echo '$dep' | grep -q 'libc6 (>='"

# yes: the group, root:tcpcraft 0750, the capabilities
answer true
dpkgw -i "$deb"
rc=$?
check "dpkg -i with the answer yes preseeded" test $rc -eq 0
[ $rc -eq 0 ] || sed 's/^/# dpkg -i: /' "$T/dpkg.out"
dpkg -L tcpcraft >"$T/files"
check "yes: $prog root:tcpcraft 0750 ($(ownmode))" \
    test "$(ownmode)" = "root:tcpcraft 750"
caps=$(getcap $prog)
check "yes: cap_net_raw and cap_net_admin effective and permitted ($caps)" \
    sh -c "echo '$caps' | grep -q ' cap_net_admin,cap_net_raw=ep$'"
gid=$(getent group tcpcraft | cut -d: -f3)
check "yes: tcpcraft is a system group (gid $gid)" \
    sh -c "[ -n '$gid' ] && [ '$gid' -lt 1000 ]"
run_as_nobody "$gid"
check "yes: a member of the group runs it ($(cat "$T/run.out"))" \
    grep -q '^tcpcraft ' "$T/run.out"
run_as_nobody ""
check "yes: anyone else may not execute it" \
    grep -q 'Permission denied' "$T/run.out"
check "debconf keeps the answer yes" \
    sh -c "debconf-show tcpcraft | grep -q '$q: true'"

# installed again, as an upgrade would: dpkg unpacks 0755 with no
# capabilities, the postinst puts them back
dpkgw -i "$deb"
rc=$?
check "dpkg -i again: exit 0" test $rc -eq 0
[ $rc -eq 0 ] || sed 's/^/# dpkg -i: /' "$T/dpkg.out"
check "...still root:tcpcraft 0750 with the capabilities" \
    sh -c "[ '$(ownmode)' = 'root:tcpcraft 750' ] &&
	getcap $prog | grep -q cap_net_raw"

# no: root:root 0755 without capabilities, for root only in effect
answer false
DEBIAN_FRONTEND=noninteractive dpkg-reconfigure tcpcraft >"$T/rc.out" 2>&1
rc=$?
check "dpkg-reconfigure tcpcraft to no: exit 0" test $rc -eq 0
[ $rc -eq 0 ] || sed 's/^/# dpkg-reconfigure: /' "$T/rc.out"
check "no: $prog root:root 0755 ($(ownmode))" \
    test "$(ownmode)" = "root:root 755"
check "no: no capabilities ($(getcap $prog))" test -z "$(getcap $prog)"
run_as_nobody ""
check "no: anyone may execute it, without capabilities" \
    grep -q '^tcpcraft ' "$T/run.out"

# the question as an administrator sees it, answered yes at a prompt
echo yes | DEBIAN_FRONTEND=readline dpkg-reconfigure tcpcraft \
    >"$T/rc.out" 2>&1
rc=$?
check "dpkg-reconfigure tcpcraft asks the question" \
    grep -q '^Should members of the tcpcraft group be allowed to craft packets? \[yes/no\]' \
    "$T/rc.out"
check "...answered yes at the prompt: exit 0, root:tcpcraft 0750 ($(ownmode)), the capabilities" \
    sh -c "[ $rc -eq 0 ] && [ '$(ownmode)' = 'root:tcpcraft 750' ] &&
	getcap $prog | grep -q cap_net_raw"
[ $rc -eq 0 ] || sed 's/^/# dpkg-reconfigure: /' "$T/rc.out"

# the administrator's dpkg-statoverride wins over the answer
dpkg-statoverride --update --add root root 0700 $prog
answer true
DEBIAN_FRONTEND=noninteractive dpkg-reconfigure tcpcraft >"$T/rc.out" 2>&1
rc=$?
check "statoverride: dpkg-reconfigure to yes, exit 0" test $rc -eq 0
[ $rc -eq 0 ] || sed 's/^/# dpkg-reconfigure: /' "$T/rc.out"
check "statoverride: left root:root 0700 ($(ownmode)), no capabilities" \
    sh -c "[ '$(ownmode)' = 'root:root 700' ] && [ -z \"\$(getcap $prog)\" ]"
check "...and says why ($(cat "$T/rc.out"))" \
    grep -q 'dpkg-statoverride' "$T/rc.out"
dpkg-statoverride --remove $prog

# purge: nothing left
dpkgw --purge tcpcraft
rc=$?
check "dpkg --purge tcpcraft: exit 0" test $rc -eq 0
[ $rc -eq 0 ] || sed 's/^/# dpkg --purge: /' "$T/dpkg.out"
left=$(while read -r f; do
	[ -f "$f" ] && echo "$f"
done <"$T/files")
check "purge: none of the package's files is left ($left)" test -z "$left"
check "purge: /etc/tcpcraft is gone" test ! -e /etc/tcpcraft
check "purge: the group tcpcraft is gone" \
    sh -c "! getent group tcpcraft >/dev/null"
check "purge: debconf holds no answer for tcpcraft" \
    sh -c "[ -z \"\$(debconf-show tcpcraft 2>/dev/null)\" ] &&
	echo 'GET $q' | debconf-communicate tcpcraft | grep -q '^10 '"
st=$(dpkg-query -W -f='${db:Status-Status}' tcpcraft 2>/dev/null)
check "purge: dpkg knows no tcpcraft (${st:-none})" \
    sh -c "[ -z '$st' ] || [ '$st' = not-installed ]"

# make setcap, for a source install: the same as the answer yes
env -u MAKELEVEL -u MAKEFLAGS -u MFLAGS make setcap DESTDIR="$T/root" \
    PREFIX=/usr >"$T/setcap" 2>&1
rc=$?
check "make setcap DESTDIR=...: exit 0" test $rc -eq 0
[ $rc -eq 0 ] || sed 's/^/#   /' "$T/setcap" | tail -20
b=$T/root/usr/bin/tcpcraft
check "make setcap: the group, root:tcpcraft 0750" \
    test "$(stat -c '%U:%G %a' "$b" 2>&1)" = "root:tcpcraft 750"
check "make setcap: the capabilities ($(getcap "$b"))" \
    sh -c "getcap '$b' | grep -q ' cap_net_admin,cap_net_raw=ep$'"
env -u MAKELEVEL -u MAKEFLAGS -u MFLAGS make uninstall DESTDIR="$T/root" \
    PREFIX=/usr >"$T/uninst" 2>&1
rc=$?
left=$(find "$T/root" ! -type d)
check "make uninstall: exit 0, no file left ($left)" \
    test $rc -eq 0 -a -z "$left"
