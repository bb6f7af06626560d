#!/bin/sh
# run.sh - the malformed-packet corpus: each NAME.pcap through the receive
# path (offline driver, no privileges), compared with NAME.out.
# usage: run.sh DRIVER [--bless]
# SPDX-License-Identifier: GPL-3.0-or-later
cd "$(dirname "$0")/../.." || exit 2
drv=${1:-build/asan/malformed/offline}
bless=$2
if [ ! -x "$drv" ]; then
	echo "not ok - malformed corpus: no driver $drv (make malformed)"
	exit 1
fi
tmp=$(mktemp -d) || exit 2
trap 'rm -rf "$tmp"' EXIT INT TERM
export ASAN_OPTIONS="log_path=$tmp/san:detect_leaks=1"
export UBSAN_OPTIONS="log_path=$tmp/san:print_stacktrace=1"
status=0
for p in tests/malformed/*.pcap; do
	n=$(basename "$p" .pcap)
	what=$(awk -F '\t' -v n="$n" '$1 == n { print $2 }' \
	    tests/malformed/CASES)
	# the session clock is the one thing that differs between runs
	"$drv" "$p" 2>&1 | sed -E 's/^ *[0-9]+\.[0-9]{6} (In |Out)/T \1/' \
	    >"$tmp/$n.out"
	if [ "$bless" = --bless ]; then
		cp "$tmp/$n.out" "tests/malformed/$n.out"
	fi
	if ls "$tmp"/san.* >/dev/null 2>&1; then
		echo "not ok - malformed $n: sanitizer report"
		cat "$tmp"/san.*
		rm -f "$tmp"/san.*
		status=1
	elif diff -u "tests/malformed/$n.out" "$tmp/$n.out" >"$tmp/diff"; then
		echo "ok - malformed $n: $what"
	else
		echo "not ok - malformed $n: $what"
		sed 's/^/#   /' "$tmp/diff"
		status=1
	fi
done
exit $status
