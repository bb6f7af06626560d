#!/bin/sh
# Records the peer of a golden test: runs NAME.tc live (as root) against
# the built-in peer its "# peer: KIND:PORT" line names, capturing every
# packet to NAME.pcap; then run.sh -u makes NAME.out from it offline.
# Usage: sh tests/golden/mkpcap.sh tests/golden/NAME.tc
# SPDX-License-Identifier: GPL-3.0-or-later
cd "$(dirname "$0")/../.." || exit 2
TC=${TC:-build/tcpcraft}
t=$1
n=${t%.tc}
peer=$(sed -n 's/^# peer: *//p' "$t" | head -1)
[ -n "$peer" ] || { echo "$t: no '# peer: KIND:PORT' line" >&2; exit 2; }
cap=$(mktemp --suffix=.tc) || exit 2
trap 'rm -f "$cap"' EXIT INT TERM
echo "capture $n.pcap" >"$cap"
"$TC" --seed 1 --peer "$peer" -f "$cap" -f "$t"
