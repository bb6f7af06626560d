#!/bin/sh
# pdcompare.sh: run every .pkt file of a directory under packetdrill and
# under tcpcraft --packetdrill, and print where their verdicts agree.
#
# usage: scripts/pdcompare.sh [-t SECS] [-k LOGDIR] [-f FAMILY] DIR PACKETDRILL
#            TCPCRAFT
#
# Each file runs from its own directory (so that a script's
# `../common/defaults.sh` resolves), in a fresh network namespace
# (unshare -n) and bounded by a timeout (-t, default 120 s), first under
# packetdrill as the kernel selftests run it, then under tcpcraft.
# tcpcraft's exit status: 0 passed, 1 failed, 2 syntax error or an
# unsupported construct.  Extra arguments: PDARGS for packetdrill (e.g.
# "-D TFO_COOKIE=3021b9d889017eeb"), TCARGS for tcpcraft.
#
# -f: the --ip_version both run with, as the kernel's runner gives them:
# ipv4 (the default: 192.168.0.1 and 192.0.2.1), ipv6 (fd3d:fa7b:d17d::1
# and 2001:db8::1/32, with --mtu=1520 so that tun0's MSS is the 1460 the
# scripts write) or ipv4-mapped-ipv6.  As packetdrill's run_all.py, a file
# named *v4.pkt is not run on ipv6 and a *v6.pkt only there; they count as
# skipped.
#
# A file whose shell lines would reach outside its network namespace (a
# module parameter under /sys/module, /proc/sys/kernel, ...) is run under
# neither tool and counted as skipped: the namespace does not contain it.
#
# Output: one row per file (verdicts, seconds, and the reason lines when
# the verdicts differ, both fail at different lines, or tcpcraft refused
# the file), then the counts per class and each tool's seconds per
# script.  With -k the output of every run is kept in LOGDIR.  A
# measurement, not a test: the exit status is 0 whatever the verdicts,
# 2 on a usage error.
# SPDX-License-Identifier: GPL-3.0-or-later

TMO=120
KEEP=
FAM=ipv4
USAGE="usage: $0 [-t SECS] [-k LOGDIR] [-f ipv4|ipv6|ipv4-mapped-ipv6] DIR PACKETDRILL TCPCRAFT"
while getopts t:k:f: c; do
	case $c in
	t) TMO=$OPTARG ;;
	k) KEEP=$OPTARG ;;
	f) FAM=$OPTARG ;;
	*) echo "$USAGE" >&2
	   exit 2 ;;
	esac
done
shift $((OPTIND - 1))
if [ $# -ne 3 ]; then
	echo "$USAGE" >&2
	exit 2
fi
# both tools' flags for the family (on the command line they win over a
# script's header lines, under both)
case $FAM in
ipv4)	FLAGS="--ip_version=ipv4 --local_ip=192.168.0.1 --remote_ip=192.0.2.1" ;;
ipv6)	FLAGS="--ip_version=ipv6 --mtu=1520 --local_ip=fd3d:fa7b:d17d::1 --remote_ip=2001:db8::1/32" ;;
ipv4-mapped-ipv6)
	FLAGS="--ip_version=ipv4-mapped-ipv6 --local_ip=192.168.0.1 --remote_ip=192.0.2.1" ;;
*)	echo "$USAGE" >&2
	exit 2 ;;
esac
DIR=$1
PD=$2
TC=$3
# the binaries are run from each script's directory: make them absolute
abspath() {
	case $1 in
	/*) echo "$1" ;;
	*/*) echo "$(cd "$(dirname "$1")" && pwd)/$(basename "$1")" ;;
	*) command -v "$1" ;;
	esac
}
PD=$(abspath "$PD")
TC=$(abspath "$TC")
for b in "$PD" "$TC"; do
	if [ ! -x "$b" ]; then
		echo "pdcompare: $b: not an executable" >&2
		exit 2
	fi
done
if [ ! -d "$DIR" ]; then
	echo "pdcompare: $DIR: not a directory" >&2
	exit 2
fi
if [ "$(id -u)" -ne 0 ]; then
	echo "pdcompare: needs root (unshare -n, tun devices)" >&2
	exit 2
fi
T=$(mktemp -d) || exit 2
trap 'rm -rf "$T"' EXIT
trap 'exit 130' INT TERM
if [ -n "$KEEP" ]; then
	mkdir -p "$KEEP" || exit 2
fi

now() { date +%s.%N; }
secs() { echo "$1 $2" | awk '{ printf "%.2f", $2 - $1 }'; }

# run LOG CMD...: CMD in a fresh network namespace under the timeout;
# prints its exit status and seconds
run() {
	log=$1
	shift
	t0=$(now)
	timeout -k 5 "$TMO" unshare -n "$@" >"$log" 2>&1 </dev/null
	rc=$?
	echo "$rc $(secs "$t0" "$(now)")"
}

# reason LOG FILE: the line that says why, preferring FILE:LINE: ones
reason() {
	b=$(basename "$2")
	r=$(grep -m1 -F "$b:" "$1")
	[ -n "$r" ] || r=$(grep -m1 -i -E 'error|unsupported|fail|timeout' "$1")
	[ -n "$r" ] || r=$(grep -v '^[[:space:]]*$' "$1" | tail -1)
	echo "$r" | cut -c1-160
}

# failline LOG FILE: the script line the first FILE:LINE: message names
failline() {
	sed -n "s/.*$2:\([0-9][0-9]*\):.*/\1/p" "$1" | head -1
}

# hoststate FILE: prints the lines that would change the host, if any
hoststate() {
	grep -E '/sys/(module|kernel|fs|devices|bus|block|firmware|power)/|/proc/sys/(kernel|vm|fs|dev|abi|debug|user)/' "$1"
}

# The files, sorted; the loop is bounded by their number.
find "$DIR" -name '*.pkt' -type f | sort >"$T/files"
n=$(wc -l <"$T/files")
if [ "$n" -eq 0 ]; then
	echo "pdcompare: no .pkt files under $DIR" >&2
	exit 2
fi
echo "pdcompare: $n files, $FAM, timeout ${TMO}s each" >&2

printf '%-52s %4s %7s %4s %7s  %s\n' file pd secs tc secs class
i=0
while read -r f; do
	i=$((i + 1))
	rel=${f#"$DIR"/}
	d=$(dirname "$f")
	b=$(basename "$f")
	lp=$T/pd.log
	lt=$T/tc.log
	# a file for the other family, as run_all.py tells them
	case $FAM:$b in
	ipv6:*v4.pkt|ipv4*:*v6.pkt)
		printf '%-52s %4s %7s %4s %7s  %s\n' "$rel" - - - - skipped
		echo "    not an $FAM script (its name)"
		echo skipped >>"$T/classes"
		continue ;;
	esac
	if hoststate "$f" >/dev/null; then
		printf '%-52s %4s %7s %4s %7s  %s\n' "$rel" - - - - skipped
		echo "    $(hoststate "$f" | head -1 | cut -c1-150)"
		echo skipped >>"$T/classes"
		continue
	fi
	# shellcheck disable=SC2046,SC2086
	set -- $(cd "$d" && run "$lp" "$PD" $FLAGS $PDARGS "$b")
	prc=$1
	ps=$2
	# shellcheck disable=SC2046,SC2086
	set -- $(cd "$d" && run "$lt" "$TC" --packetdrill $FLAGS $TCARGS "$b")
	trc=$1
	tsec=$2
	if [ "$trc" -eq 2 ]; then
		cls=refused
	elif [ "$trc" -eq 124 ] || [ "$trc" -eq 137 ]; then
		cls=tc-timeout
	elif [ "$prc" -eq 0 ] && [ "$trc" -eq 0 ]; then
		cls=both-pass
	elif [ "$prc" -ne 0 ] && [ "$trc" -eq 1 ]; then
		cls=both-fail
	elif [ "$prc" -eq 0 ]; then
		cls=only-pd
	elif [ "$trc" -eq 0 ]; then
		cls=only-tc
	else
		cls=tc-exit-$trc
	fi
	if [ "$cls" = both-fail ] &&
	    [ "$(failline "$lt" "$b")" != "$(failline "$lp" "$b")" ]; then
		cls=both-fail-apart
	fi
	printf '%-52s %4s %7s %4s %7s  %s\n' "$rel" "$prc" "$ps" "$trc" \
	    "$tsec" "$cls"
	# why, when the verdicts differ or tcpcraft refused: each tool's
	# line for the run that did not pass
	case $cls in
	both-pass|both-fail) ;;
	*) [ "$trc" -eq 0 ] || echo "    tcpcraft: $(reason "$lt" "$b")"
	   [ "$prc" -eq 0 ] || echo "    packetdrill: $(reason "$lp" "$b")" ;;
	esac
	echo "$cls" >>"$T/classes"
	echo "$ps" >>"$T/pd.secs"
	echo "$tsec" >>"$T/tc.secs"
	if [ -n "$KEEP" ]; then
		k=$KEEP/$(echo "$rel" | tr / _)
		cp "$lp" "$k.pd"
		cp "$lt" "$k.tc"
	fi
done <"$T/files"

# stat FILE -> "median mean total" of the seconds in FILE
stat() {
	[ -s "$1" ] || { echo "(none run)"; return; }
	sort -g "$1" | awk '{ v[NR] = $1; s += $1 }
	    END { m = NR % 2 ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2
		  printf "median %.2f  mean %.2f  total %.1f", m, s / NR, s }'
}
echo
echo "verdicts ($n files, $FAM):"
for c in both-pass both-fail both-fail-apart only-pd only-tc refused \
    tc-timeout skipped; do
	printf '  %-16s %4d\n' "$c" "$(grep -c -x "$c" "$T/classes")"
done
grep -v -x -E 'both-pass|both-fail(-apart)?|only-pd|only-tc|refused|tc-timeout|skipped' \
    "$T/classes" | sort | uniq -c | awk '{ printf "  %-16s %4d\n", $2, $1 }'
echo "  (both-fail-apart: both fail, at different lines of the script;"
echo "   only-pd: packetdrill passes and tcpcraft fails; only-tc: the"
echo "   reverse; refused: tcpcraft exit 2, syntax or unsupported;"
echo "   skipped: would change the host, or for the other family, run"
echo "   under neither)"
echo
echo "seconds per script:"
echo "  packetdrill  $(stat "$T/pd.secs")"
echo "  tcpcraft     $(stat "$T/tc.secs")"
