#!/bin/sh
# replay.sh - make check's share of the robustness work, no privileges:
# every fuzz corpus through its harness and the malformed-packet corpus
# through the receive path, both built with ASan/UBSan.
# usage: replay.sh [BUILD_DIR]   (default build/asan)
# SPDX-License-Identifier: GPL-3.0-or-later
cd "$(dirname "$0")/../.." || exit 2
B=${1:-build/asan}
tmp=$(mktemp -d) || exit 2
trap 'rm -rf "$tmp"' EXIT INT TERM
# a report goes to a file of ours, whoever set these before
export ASAN_OPTIONS="log_path=$tmp/san:detect_leaks=1"
export UBSAN_OPTIONS="log_path=$tmp/san:print_stacktrace=1:halt_on_error=1"
status=0
for n in wire cmd script labconf; do
	r=$B/fuzz/replay_$n
	if [ ! -x "$r" ]; then
		echo "not ok - fuzz corpus $n: no $r (make fuzz-replay)"
		status=1
		continue
	fi
	"$r" "$n" "tests/fuzz/corpus/$n" >"$tmp/out" 2>"$tmp/err"
	rc=$?
	if ls "$tmp"/san.* >/dev/null 2>&1 || [ $rc -ne 0 ]; then
		echo "not ok - fuzz corpus $n: exit $rc"
		REPLAY_VERBOSE=1 "$r" "$n" "tests/fuzz/corpus/$n" 2>&1 |
		    tail -1 | sed 's/^/#   last input: /'
		cat "$tmp"/san.* "$tmp/err" 2>/dev/null | head -40 |
		    sed 's/^/#   /'
		rm -f "$tmp"/san.*
		status=1
	else
		cat "$tmp/out"
	fi
done
sh tests/malformed/run.sh "$B/malformed/offline" || status=1
exit $status
