#!/bin/sh
# Golden tests: each NAME.tc runs against the peer recorded in NAME.pcap
# (tcpcraft --offline: no network, no privileges, a virtual clock) and
# must print exactly NAME.out, exit status included.  NAME.args, when
# present, holds extra options (--json).  -u rewrites the .out files.
# SPDX-License-Identifier: GPL-3.0-or-later
cd "$(dirname "$0")/../.." || exit 2
TC=${TC:-build/tcpcraft}
update=0
[ "$1" = -u ] && update=1
tmp=$(mktemp) || exit 2
trap 'rm -f "$tmp"' EXIT INT TERM
for t in tests/golden/*.tc; do
	n=${t%.tc}
	if ! [ -f "$n.pcap" ]; then
		echo "not ok - golden $n: no $n.pcap to run it against"
		continue
	fi
	args=
	[ -f "$n.args" ] && args=$(cat "$n.args")
	# shellcheck disable=SC2086
	"$TC" --seed 1 --offline "$n.pcap" $args -f "$t" >"$tmp" 2>&1
	echo "[exit $?]" >>"$tmp"
	if [ $update -eq 1 ]; then
		cat "$tmp" >"$n.out"
		echo "ok - golden $n (updated)"
	elif cmp -s "$tmp" "$n.out"; then
		echo "ok - golden $n"
	else
		echo "not ok - golden $n: output differs from $n.out"
		diff -u "$n.out" "$tmp" | sed 's/^/#   /' | head -40
	fi
done
