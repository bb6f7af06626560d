#!/bin/sh
# Installs the Debian packages tcpcraft builds and tests with, when missing.
#   deps.sh			installs what is missing (apt-get, as root or
#				with sudo)
#   deps.sh --check build	prints on one line the packages building needs
#   deps.sh --check all		(or building and testing) that are missing;
#				exit 1 if any, 0 if none or if this is not a
#				Debian system (no dpkg-query to ask)
# SPDX-License-Identifier: GPL-3.0-or-later
set -e

# The one list: make's check (the Makefile) and make deps both read it.
build_pkgs="gcc make pkg-config libpcap-dev libnet1-dev libreadline-dev
libnftables-dev libnftnl-dev libmnl-dev"
test_pkgs="nftables iproute2 tcpdump tshark mandoc python3"
# make deb and its test (tests/build/t_deb.sh): dpkg-shlibdeps and
# dpkg-buildflags, lintian, setcap and getcap
test_pkgs="$test_pkgs dpkg-dev lintian libcap2-bin"

# missing PKG...: those not installed, one dpkg-query for all of them
missing() {
	dpkg-query -W -f='${Package} ${Status}\n' "$@" 2>/dev/null |
	    awk -v want="$*" '$NF == "installed" && $(NF-1) == "ok" { ok[$1] = 1 }
		END { n = split(want, w, " ")
			for (i = 1; i <= n; i++) if (!(w[i] in ok))
				printf " %s", w[i] }' 
}

if [ "$1" = --check ]; then
	command -v dpkg-query >/dev/null 2>&1 || exit 0
	case $2 in
	build)	m=$(missing $build_pkgs) ;;
	all)	m=$(missing $build_pkgs $test_pkgs) ;;
	*)	echo "usage: deps.sh [--check build|all]" >&2; exit 2 ;;
	esac
	[ -z "$m" ] && exit 0
	echo "${m# }"
	exit 1
fi

m=$(missing $build_pkgs $test_pkgs)
[ -z "$m" ] && exit 0

echo "tcpcraft: installing Debian packages:$m"
if [ "$(id -u)" -ne 0 ]; then
	SUDO=sudo
else
	SUDO=
fi
export DEBIAN_FRONTEND=noninteractive
# tshark asks whether non-root users may capture; answer for it.
echo "wireshark-common wireshark-common/install-setuid boolean false" |
    $SUDO debconf-set-selections 2>/dev/null || true
$SUDO apt-get update -q
# shellcheck disable=SC2086
$SUDO apt-get install -y -q --no-install-recommends $m
