#!/bin/sh
# Installs the Debian packages tcpcraft builds and tests with, when missing.
# SPDX-License-Identifier: GPL-3.0-or-later
set -e

pkgs="gcc make pkg-config libpcap-dev libnet1-dev libreadline-dev
libnftables-dev libnftnl-dev libmnl-dev nftables iproute2 tcpdump tshark
mandoc python3"

missing=""
for p in $pkgs; do
	dpkg-query -W -f='${Status}\n' "$p" 2>/dev/null | grep -q '^install ok installed' ||
	    missing="$missing $p"
done
[ -z "$missing" ] && exit 0

echo "tcpcraft: installing Debian packages:$missing"
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
$SUDO apt-get install -y -q --no-install-recommends $missing
