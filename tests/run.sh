#!/bin/sh
# Runs the unit tests (plain and under ASan/UBSan) and, as root, the
# integration tests against the live kernel; ends with "N passed, N failed".
# SPDX-License-Identifier: GPL-3.0-or-later
cd "$(dirname "$0")/.." || exit 2
what=${1:-all}
tmp=$(mktemp -d) || exit 2
trap 'rm -rf "$tmp"' EXIT INT TERM
passed=0
failed=0
# Sanitizer reports of any process go to files, whoever captured stderr.
export ASAN_OPTIONS="log_path=$tmp/san:detect_leaks=1"
export UBSAN_OPTIONS="log_path=$tmp/san:print_stacktrace=1"

# count FILE WHAT: adds up its results; a part that printed none failed
count() {
	p=$(grep -c '^ok ' "$1")
	f=$(grep -c '^not ok ' "$1")
	passed=$((passed + p))
	failed=$((failed + f))
	if [ $((p + f)) -eq 0 ]; then
		echo "not ok - $2: no result at all"
		failed=$((failed + 1))
	fi
}
# built BIN: BIN is there to test; make check builds every one of them,
# so one missing then is a failure (a part run alone skips it)
built() {
	[ -x "$1" ] && return 0
	if [ "$what" = all ]; then
		echo "not ok - no $1 to test (make check-build)"
		failed=$((failed + 1))
	else
		echo "# skipped: no $1"
	fi
	return 1
}

if [ "$what" = all ] || [ "$what" = unit ]; then
	for u in build/unit build/asan/unit; do
		built "$u" || continue
		echo "== unit: $u"
		"$u" >"$tmp/unit" 2>&1
		rc=$?
		grep -v '^ok ' "$tmp/unit"
		count "$tmp/unit" "$u"
		if [ $rc -ne 0 ] && ! grep -q '^not ok ' "$tmp/unit"; then
			echo "not ok - $u exited $rc"
			failed=$((failed + 1))
		fi
	done
fi

# golden transcripts: scripts against recorded peers (--offline), no root
if [ "$what" = all ] || [ "$what" = unit ]; then
	for tc in build/tcpcraft build/asan/tcpcraft; do
		built "$tc" || continue
		echo "== golden: $tc"
		TC=$tc sh tests/golden/run.sh >"$tmp/gold" 2>&1
		grep -v '^ok ' "$tmp/gold"
		count "$tmp/gold" "golden ($tc)"
		if ls "$tmp"/san.* >/dev/null 2>&1; then
			echo "not ok - golden ($tc): sanitizer report"
			cat "$tmp"/san.*
			rm -f "$tmp"/san.*
			failed=$((failed + 1))
		fi
	done
fi

# make's check of the Debian packages, with a dpkg-query stand-in
# (t_deps.sh); make deb's package installed, reconfigured and purged
# (t_deb.sh, root)
if [ "$what" = all ] || [ "$what" = unit ]; then
	for t in tests/build/t_*.sh; do
		echo "== build: $t"
		sh "$t" >"$tmp/deps" 2>&1
		grep -v '^ok ' "$tmp/deps"
		count "$tmp/deps" "$t"
	done
fi

# the fuzz corpora and the malformed-packet pcaps, under ASan/UBSan
if [ "$what" = all ] || [ "$what" = unit ]; then
	echo "== fuzz corpus and malformed packets: build/asan"
	sh tests/fuzz/replay.sh build/asan >"$tmp/fz" 2>&1
	grep -v '^ok ' "$tmp/fz"
	count "$tmp/fz" "fuzz corpus and malformed packets"
fi

if [ "$what" = all ] || [ "$what" = unit ]; then
	for m in man/*.[0-9]; do
		if out=$(mandoc -Tlint -Wwarning "$m" 2>&1) && [ -z "$out" ]; then
			echo "ok - mandoc -Tlint $m"
			passed=$((passed + 1))
		else
			echo "not ok - mandoc -Tlint $m"
			echo "$out"
			failed=$((failed + 1))
		fi
	done
fi

# the include graph: no new cycle, the core includes no edge header
if [ "$what" = all ] || [ "$what" = unit ]; then
	echo "== layers: tests/layers.sh"
	sh tests/layers.sh >"$tmp/ly" 2>&1
	grep -v '^ok ' "$tmp/ly"
	count "$tmp/ly"
fi

# the man page's command, setting and field lists against the tables
if [ "$what" = all ] || [ "$what" = unit ]; then
	TC=build/tcpcraft sh tests/mancheck.sh >"$tmp/mc" 2>&1
	cat "$tmp/mc"
	count "$tmp/mc"
fi

if [ "$what" = all ] || [ "$what" = integ ]; then
	if [ "$(id -u)" -ne 0 ]; then
		echo "== integration tests need root (raw sockets, nftables): skipped"
	else
		# Each test runs in a network namespace of its own with only lo,
		# up, and a private /run/netns for the namespaces it names: no
		# test touches the host's interfaces, routes or firewall, and
		# what one leaves dies with it.  Where unshare is refused, in
		# this namespace.
		isolate= inns='exec sh "$1"'
		mkdir -p /run/netns
		if unshare -m -n true 2>/dev/null; then
			isolate='unshare -m -n'
			inns='mount --make-rprivate / &&
			    mount -t tmpfs tmpfs /run/netns &&
			    ip link set lo up && exec sh "$1"'
		fi
		# the plain build, then the same tests under ASan/UBSan
		for tc in ${TC:-build/tcpcraft build/asan/tcpcraft}; do
		built "$tc" || continue
		for t in tests/integ/t_*.sh; do
			echo "== $t ($tc)"
			TC=$tc timeout 300 $isolate sh -c "$inns" inns "$t" \
			    >"$tmp/it" 2>&1
			rc=$?
			cat "$tmp/it"
			count "$tmp/it" "$t"
			if ls "$tmp"/san.* >/dev/null 2>&1; then
				echo "not ok - $t: sanitizer report"
				cat "$tmp"/san.*
				rm -f "$tmp"/san.*
				failed=$((failed + 1))
			fi
			if [ $rc -ne 0 ] && ! grep -q '^not ok ' "$tmp/it"; then
				echo "not ok - $t exited $rc"
				failed=$((failed + 1))
			fi
		done
		done
	fi
fi

echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
