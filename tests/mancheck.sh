#!/bin/sh
# tcpcraft(1) against the tables: every command, alias, setting and field
# that tcpcraft --list names has its entry in the man page, and no entry
# names one the program does not have; tcpcraft-script(5)'s Commands
# names every command.  Prints a TAP line per list.
# SPDX-License-Identifier: GPL-3.0-or-later
cd "$(dirname "$0")/.." || exit 2
TC=${TC:-build/tcpcraft}
man=man/tcpcraft.1
tmp=$(mktemp -d) || exit 2
trap 'rm -rf "$tmp"' EXIT INT TERM
rc=0

# The first word of each .It of the section's outer list; sect is the
# .Sh or .Ss line that opens it.  A ".It Xo" has its word on the next line.
items() {
	awk -v sect="$1" '
	$0 == sect { on = 1; depth = 0; next }
	on && (/^\.Sh / || (sect ~ /^\.Ss / && /^\.Ss /)) { exit }
	!on { next }
	/^\.Bl/ { depth++; next }
	/^\.El/ { depth--; next }
	depth != 1 { next }
	xo { xo = 0; if ($1 == ".Ic") print $2; next }
	$1 == ".It" && $2 == "Xo" { xo = 1; next }
	$1 == ".It" && $2 == "Ic" { print $3 }
	' "$man" | sort -u
}

# Fields: each ", "-separated part of an .It names a field with its
# first Cm (".It Cm ttl Ar n , Cm tos Ar n"); later Cm words are values.
fields() {
	awk '
	$0 == ".Ss Fields" { on = 1; depth = 0; next }
	on && /^\.S[hs] / { exit }
	!on { next }
	/^\.Bl/ { depth++; next }
	/^\.El/ { depth--; next }
	depth != 1 || $1 != ".It" { next }
	{
		first = 1
		for (i = 2; i <= NF; i++) {
			if ($i == ",") first = 1
			else if (first && $i == "Cm" && i < NF) {
				print $(i + 1)
				first = 0
			}
		}
	}
	' "$man" | sort -u
}

# tcpcraft-script(5) names commands in running text: the first word
# after each Ic and after each "," that follows one (".Ic syn , synack").
script_cmds() {
	awk '
	$0 == ".Ss Commands" { on = 1; next }
	on && /^\.S[hs] / { exit }
	!on { next }
	{
		take = inic = 0
		for (i = 1; i <= NF; i++) {
			w = $i
			if (w == ".Ic" || w == "Ic") { inic = take = 1; continue }
			if (w ~ /^\.?[A-Z][a-z][a-z]?$/) { inic = take = 0; continue }
			if (w == ",") { take = inic; continue }
			if (take) print w
			take = 0
		}
	}
	' man/tcpcraft-script.5 | sort -u
}

check() {
	what=$1
	if ! "$TC" --list "$what" | sort -u >"$tmp/table"; then
		echo "not ok - $man $what: $TC --list $what failed"
		rc=1
		return
	fi
	comm -23 "$tmp/table" "$tmp/man" >"$tmp/missing"
	comm -13 "$tmp/table" "$tmp/man" >"$tmp/extra"
	if [ -s "$tmp/missing" ] || [ -s "$tmp/extra" ] ||
	    [ ! -s "$tmp/table" ]; then
		echo "not ok - $man lists the $what of the table"
		sed 's/^/#   not in the man page: /' "$tmp/missing"
		sed 's/^/#   not in the table: /' "$tmp/extra"
		rc=1
	else
		echo "ok - $man lists the $what of the table" \
		    "($(wc -l <"$tmp/table"))"
	fi
}

items ".Sh COMMANDS" >"$tmp/man"
check commands
items ".Sh SETTINGS" >"$tmp/man"
check settings
fields >"$tmp/man"
check fields

# an alias is said so where its command is: ".Ic sleep" then "is an alias."
awk 'prev ~ /^\.Ic / && $0 == "is an alias." {
	w = prev; sub(/^\.Ic (\\&)?/, "", w); print w
} { prev = $0 }' "$man" | sort -u >"$tmp/man"
check aliases

script_cmds >"$tmp/man"
"$TC" --list commands | sort -u | comm -23 - "$tmp/man" >"$tmp/missing"
if [ -s "$tmp/missing" ]; then
	echo "not ok - man/tcpcraft-script.5 names every command"
	sed 's/^/#   not in its Commands: /' "$tmp/missing"
	rc=1
else
	echo "ok - man/tcpcraft-script.5 names every command"
fi
exit $rc
