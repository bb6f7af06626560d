# make's check of the Debian packages, against a dpkg-query stand-in that
# says some are not installed: a plain make stops at once with one line
# naming them and make deps, before any compiler runs; the goals that
# install first are not stopped.  No root, nothing installed or removed.
# SPDX-License-Identifier: GPL-3.0-or-later
cd "$(dirname "$0")/../.." || exit 2
T=$(mktemp -d) || exit 2
trap 'rm -rf "$T"' EXIT INT TERM

ok() { echo "ok - $1"; }
notok() { echo "not ok - $1"; shift; for l in "$@"; do echo "#   $l"; done; }
check() {
	d=$1
	shift
	if "$@"; then ok "$d"; else notok "$d" "command: $*"; fi
}

# dpkg-query -W -f=FMT PKG...: every package installed but those in $GONE
mkdir "$T/bin" "$T/empty"
cat >"$T/bin/dpkg-query" <<'EOS'
#!/bin/sh
for p; do
	case " $GONE " in *" $p "*) continue ;; esac
	case $p in -*) continue ;; esac
	echo "$p install ok installed"
done
EOS
chmod 755 "$T/bin/dpkg-query"
# Run as make check's grandchild, this make would inherit MAKELEVEL and
# take itself for a sub-make, which the Makefile does not check.
stub() { env -u MAKELEVEL -u MAKEFLAGS -u MFLAGS PATH="$T/bin:$PATH" "$@"; }

out=$(stub GONE="libpcap-dev tshark" sh scripts/deps.sh --check build)
check "deps.sh --check build: exit 1 when one is missing" test $? -eq 1
check "...names only what building needs (libpcap-dev: '$out')" \
    test "$out" = libpcap-dev
out=$(stub GONE="libpcap-dev tshark" sh scripts/deps.sh --check all)
check "deps.sh --check all: the test tools too ('$out')" \
    test "$out" = "libpcap-dev tshark"
out=$(stub GONE= sh scripts/deps.sh --check all)
check "deps.sh --check all: nothing missing, exit 0, silent" \
    test $? -eq 0 -a -z "$out"
env PATH="$T/empty" /bin/sh scripts/deps.sh --check build >"$T/nd" 2>&1
check "deps.sh --check without dpkg-query (not Debian): exit 0" \
    test $? -eq 0 -a ! -s "$T/nd"

# make -n: were the check passed, make would only print the commands
stub GONE="libnet1-dev libreadline-dev" make -n O="$T/b" all >"$T/m1" 2>&1
rc=$?
sed 's/^/# make all: /' "$T/m1"
check "make all with packages missing: fails" test $rc -ne 0
check "...on one line" test "$(wc -l <"$T/m1")" -eq 1
check "...naming them and make deps" \
    grep -q 'missing Debian packages: libnet1-dev libreadline-dev; "make deps" installs them' "$T/m1"
check "...before any compiler runs" sh -c "! grep -q '^cc \|-c -o' '$T/m1'"
stub GONE="libnet1-dev" make -n O="$T/b" >"$T/m2" 2>&1
check "plain make (no goal) is checked too" \
    sh -c "[ \$(wc -l <'$T/m2') -eq 1 ] && grep -q 'libnet1-dev' '$T/m2'"
stub GONE= make -n O="$T/b" all >"$T/m3" 2>&1
check "nothing missing: make all goes on to compile" \
    grep -q -- '-c -o .*src/main\.o' "$T/m3"
for g in deps "deps all" run check clean; do
	# shellcheck disable=SC2086
	stub GONE="libpcap-dev" make -n O="$T/b" $g >"$T/m4" 2>&1
	check "make $g is not stopped (it installs first, or needs none)" \
	    sh -c "! grep -q 'missing Debian packages' '$T/m4'"
done
