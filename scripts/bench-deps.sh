#!/bin/sh
# Installs what make bench compares against, from Debian, when missing:
# hping3, nping (Debian ships it in the nmap package), Scapy for the
# system python3.  The benchmark only; make check needs none of them.
# SPDX-License-Identifier: GPL-3.0-or-later
set -e

pkgs="hping3 nmap python3-scapy python3 libpcap-dev libnet1-dev gcc make"

missing=""
for p in $pkgs; do
	dpkg-query -W -f='${Status}\n' "$p" 2>/dev/null | grep -q '^install ok installed' ||
	    missing="$missing $p"
done
[ -z "$missing" ] && exit 0

echo "bench: installing Debian packages:$missing"
if [ "$(id -u)" -ne 0 ]; then
	SUDO=sudo
else
	SUDO=
fi
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -q
$SUDO apt-get install -y -q --no-install-recommends $missing
