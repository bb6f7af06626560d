#!/bin/sh
# run.sh - make fuzz: each harness for a bounded time; make fuzz-merge.
# usage: run.sh SECONDS|merge NAME...
# SPDX-License-Identifier: GPL-3.0-or-later
#
# The working corpus grows under build/fuzz/corpus/NAME; the kept one,
# tests/fuzz/corpus/NAME, holds the seeds, every input a harness failed on
# (crash-*, leak-*, timeout-*, oom-*: libFuzzer writes them there) and
# what fuzz-merge added.  make check replays the kept one.
#
# FUZZ_PREFIX, if set, goes before each harness's command line: e.g.
# FUZZ_PREFIX='taskset -c 1 nice -n 10' to run two harnesses side by side
# on their own CPUs.
cd "$(dirname "$0")/../.." || exit 2
secs=$1
shift
O=build/fuzz
status=0
for n in "$@"; do
	bin=$O/fuzz_$n
	keep=tests/fuzz/corpus/$n
	work=$O/corpus/$n
	mkdir -p "$work" "$keep"
	dict=
	[ -f tests/fuzz/$n.dict ] && dict=-dict=tests/fuzz/$n.dict
	case $n in
	wire) max=2048 ;;
	cmd) max=1024 ;;
	*) max=8192 ;;
	esac
	if [ "$secs" = merge ]; then
		# by edges, not hit counts: every edge the runs reached, in a
		# few hundred files rather than thousands
		"$bin" -merge=1 -use_counters=0 -close_fd_mask=3 $dict \
		    -max_len=$max "$keep" "$work" </dev/null \
		    >"$O/merge-$n.log" 2>&1
		echo "fuzz-merge $n: $(ls "$keep" | wc -l) inputs kept"
		continue
	fi
	log=$O/fuzz-$n.log
	echo "== fuzz $n: ${secs}s, log $log"
	# stdin from /dev/null: nothing a harness reads may block
	$FUZZ_PREFIX "$bin" -max_total_time="$secs" -timeout=10 -rss_limit_mb=2048 -max_len=$max $dict \
	    -close_fd_mask=3 -print_final_stats=1 \
	    -artifact_prefix="$keep/" "$work" "$keep" </dev/null >"$log" 2>&1
	rc=$?
	execs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" |
	    awk '{ s += $1 } END { print s + 0 }')
	rate=$(sed -n 's/^stat::average_exec_per_sec: *//p' "$log" |
	    awk '{ s += $1 } END { print s + 0 }')
	if [ $rc -eq 0 ]; then
		echo "ok - fuzz $n: $execs executions ($rate/s), nothing found"
	elif [ $rc -eq 72 ] && grep -q 'libFuzzer: run interrupted' "$log"; then
		# libFuzzer's -interrupted_exitcode: a SIGINT or SIGTERM
		# stopped it before -max_total_time; nothing was found
		echo "not ok - fuzz $n: interrupted by a signal after $execs" \
		    "executions ($rate/s) of ${secs}s; nothing found"
		status=1
	else
		echo "not ok - fuzz $n: exit $rc after $execs executions:"
		grep -E '^(==[0-9]+==ERROR|SUMMARY|artifact_prefix|.*runtime error)' \
		    "$log" | head -20
		status=1
	fi
	printf '%s %s %s %s %s\n' "$(date -u +%FT%TZ)" "$n" "$secs" \
	    "$execs" "$rc" >>$O/history
done
exit $status
