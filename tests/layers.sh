#!/bin/sh
# layers.sh - the include graph of src/ keeps its layers.
#
# A module is a name: src/x.c, include/x.h and src/x.h all belong to x
# (and src/x_priv.h, its private header), and '#include "y.h"' in any of
# x's files is an edge x -> y.  Fails on
#  - an edge inside a cycle that tests/layers.allow does not list (every
#    new cycle has at least one new edge, so the cycles of today, listed
#    there one edge a line, may only shrink; a line no longer in a cycle
#    is reported, to be deleted);
#  - a file of a core module (CORE in the Makefile, and the header-only
#    modules, which have no code of their own) that includes the header
#    of an edge module or a library that does I/O (readline, libpcap,
#    libnet, nftables, libmnl, libnftnl), unless tests/layers.allow
#    lists it as "core FILE includes HEADER" (the same shrinking list).
# Prints TAP-style "ok"/"not ok" lines; needs only sh, sed, grep and awk.
# SPDX-License-Identifier: GPL-3.0-or-later
cd "$(dirname "$0")/.." || exit 2
allow=tests/layers.allow
core=$(sed -n 's/^CORE[[:space:]]*:=//p' Makefile)
if [ -z "$core" ]; then
	echo "not ok - layers: no CORE list in the Makefile"
	exit 1
fi
inc='^[[:space:]]*#[[:space:]]*include[[:space:]]*'
libs='readline|pcap|libnet|nftables|libmnl|libnftnl'

# One fact a line for the awk below: "c x" (src/x.c exists), "h x" (x.h
# does), "core x y ...", "allow x y", "allowcore FILE includes HEADER",
# "sys FILE HEADER" (a library's header) and "FILE x y" (x's FILE
# includes y.h).
facts() {
	for f in src/*.c; do b=${f##*/}; echo "c ${b%.c}"; done
	for f in src/*.h include/*.h; do b=${f##*/}; echo "h ${b%.h}"; done
	echo "core $core"
	if [ -f "$allow" ]; then
		sed -n 's/^\([A-Za-z0-9_]*\) -> \([A-Za-z0-9_]*\)$/allow \1 \2/p
s/^core \(.*\)$/allowcore \1/p' "$allow"
	fi
	for f in src/*.c src/*.h include/*.h; do
		m=${f##*/}
		m=${m%.*}
		sed -n "s|$inc\"\([^\"/]*\)\.h\".*|$f $m \1|p" "$f"
		sed -En "s@$inc<(($libs)[^>]*)>.*@sys $f \1@p" "$f"
	done
}

facts | awk -v allowfile="$allow" '
$1 == "c" { code[$2] = 1; next }
$1 == "h" { sub(/_priv$/, "", $2); hdr[$2] = 1; next }
$1 == "core" { for (i = 2; i <= NF; i++) core[$i] = 1; next }
$1 == "allow" { allowed[$2 SUBSEP $3] = 1; next }
$1 == "allowcore" { $1 = ""; sub(/^ /, ""); okcore[$0] = 1; next }
$1 == "sys" { sys[++nsys] = $2 " includes <" $3 ">"; next }
{
	sub(/_priv$/, "", $2)
	sub(/_priv$/, "", $3)
	file[NR] = $1; from[NR] = $2; to[NR] = $3; nl = NR
}
END {
	# header-only modules hold no code: they are core
	for (m in hdr)
		if (!(m in code))
			core[m] = 1
	for (i = 1; i <= nl; i++) {
		if (!(to[i] in hdr) || from[i] == to[i])
			continue	# a system or test header; itself
		if (!((from[i], to[i]) in edge)) {
			edge[from[i], to[i]] = 1
			adj[from[i]] = adj[from[i]] " " to[i]
			node[from[i]] = node[to[i]] = 1
			nedge++
		}
		if ((from[i] in core) && (to[i] in code) && !(to[i] in core))
			corebad(file[i] " includes " to[i] ".h")
	}
	for (i = 1; i <= nsys; i++) {
		split(sys[i], w, " ")
		m = w[1]; sub(/.*\//, "", m); sub(/\.[ch]$/, "", m)
		sub(/_priv$/, "", m)
		if (m in core)
			corebad(sys[i])
	}

	if (nedge == 0) {		# a test that saw nothing passes nothing
		print "not ok - layers: no include between modules found"
		exit 1
	}

	# what each module reaches, breadth first, with the way back
	for (s in node) {
		delete seen
		q[1] = s; head = 1; tail = 1; seen[s] = 1
		while (head <= tail) {
			u = q[head++]
			n = split(adj[u], nb, " ")
			for (k = 1; k <= n; k++)
				if (!(nb[k] in seen)) {
					seen[nb[k]] = 1
					via[s, nb[k]] = u
					q[++tail] = nb[k]
				}
		}
		for (t in seen)
			reach[s, t] = 1
	}

	# an edge u -> v is in a cycle when v reaches u
	ncyc = 0; nnew = 0
	for (e in edge) {
		split(e, uv, SUBSEP)
		if (!((uv[2], uv[1]) in reach))
			continue
		ncyc++
		incycle[e] = 1
		if (e in allowed)
			continue
		path = uv[1]
		for (t = uv[1]; t != uv[2]; path = t " -> " path)
			t = via[uv[2], t]
		newc[++nnew] = uv[1] " -> " uv[2] ", and back: " path
	}
	groups()
	for (c in okcore)
		if (!(c in corefound))
			print "# " allowfile ": core " c " is gone: delete the line"
	for (e in allowed)
		if (!(e in incycle)) {
			split(e, uv, SUBSEP)
			print "# " allowfile ": " uv[1] " -> " uv[2] \
			    " is in no cycle now: delete the line"
		}
	if (nnew == 0)
		printf "ok - no include cycle beyond %s (%d edges in " \
		    "cycles)\n", allowfile, ncyc
	else {
		printf "not ok - %d include edges close a new cycle\n", nnew
		for (i = 1; i <= nnew; i++)
			print "#   " newc[i]
	}
	if (nbad == 0)
		printf "ok - core files include no edge header beyond %s " \
		    "(%d there)\n", allowfile, ncore
	else {
		print "not ok - core files include edge headers"
		for (i = 1; i <= nbad; i++)
			print "#   " bad[i]
	}
	exit nnew > 0 || nbad > 0
}

# the modules tied together by cycles (strongly connected), as comments
function groups(	u, t, n, i, j, g, ng, list, tmp) {
	ng = 0
	for (u in node) {
		if (u in grouped)
			continue
		n = 0
		for (t in node)
			if ((u, t) in reach && (t, u) in reach) {
				list[++n] = t
				grouped[t] = 1
			}
		if (n < 2)
			continue
		for (i = 2; i <= n; i++)	# sorted, so the line is stable
			for (j = i; j > 1 && list[j - 1] > list[j]; j--) {
				tmp = list[j]; list[j] = list[j - 1]
				list[j - 1] = tmp
			}
		g = list[1]
		for (i = 2; i <= n; i++)
			g = g " " list[i]
		print "# cycle group " ++ng ": " g
	}
}

# a core file includes an edge header: allowed, or a failure
function corebad(what) {
	ncore++
	corefound[what] = 1
	if (!(what in okcore))
		bad[++nbad] = what
}'
