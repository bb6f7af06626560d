#!/bin/sh
# make deb: build/tcpcraft_VERSION_ARCH.deb from this source tree.
#   build.sh VERSION	VERSION is the Makefile's; run by make from the top
# make install puts the program into a staging tree, built with Debian's
# flags (hardening included) and stripped as dh_strip would; this
# directory adds the control file, the debconf questions, the maintainer
# scripts, the copyright and the changelog; dpkg-deb packs it.  The repo
# has no debian/ directory: dpkg-shlibdeps and dpkg-gencontrol, which want
# one, get a scratch one in build/deb/.
# SPDX-License-Identifier: GPL-3.0-or-later
set -e
cd "$(dirname "$0")/../.."
umask 022
here=scripts/debian
D=build/deb
root=$D/debian/tcpcraft
doc=$root/usr/share/doc/tcpcraft

for c in dpkg-parsechangelog dpkg-buildflags dpkg-shlibdeps dpkg-deb; do
	if ! command -v $c >/dev/null; then
		echo "make deb: no $c (package dpkg-dev); make deps installs it" >&2
		exit 1
	fi
done
ver=$(dpkg-parsechangelog -l $here/changelog -S Version)
if [ "${ver%-*}" != "$1" ]; then
	echo "make deb: scripts/debian/changelog is at $ver but the" \
	    "Makefile at $1: add a changelog entry" >&2
	exit 1
fi
# file times and the compressed man pages' bytes follow the changelog,
# not the clock: the same tree builds the same package
SOURCE_DATE_EPOCH=$(dpkg-parsechangelog -l $here/changelog -S Timestamp)
export SOURCE_DATE_EPOCH

rm -rf $D/debian
mkdir -p $root/DEBIAN
eval "$(DEB_BUILD_MAINT_OPTIONS=hardening=+all dpkg-buildflags --export=sh)"
${MAKE:-make} --no-print-directory install O=$D/obj PREFIX=/usr \
    DESTDIR=$root
strip --remove-section=.comment --remove-section=.note --strip-unneeded \
    $root/usr/bin/tcpcraft
install -m 644 $here/copyright $doc/copyright
gzip -9n <$here/changelog >$doc/changelog.Debian.gz
chmod 644 $doc/changelog.Debian.gz
install -d $root/usr/share/lintian/overrides
install -m 644 $here/lintian-overrides $root/usr/share/lintian/overrides/tcpcraft

install -m 755 $here/config $here/postinst $here/postrm $root/DEBIAN/
install -m 644 $here/templates $root/DEBIAN/
(cd $root && find etc -type f | sed 's|^|/|' | LC_ALL=C sort) \
    >$root/DEBIAN/conffiles
# dh_md5sums' list: every file but the conffiles, which dpkg sums itself
(cd $root && find usr -type f | LC_ALL=C sort | xargs md5sum) \
    >$root/DEBIAN/md5sums

cp $here/control $here/changelog $D/debian/
: >$D/debian/substvars
(cd $D && dpkg-shlibdeps -Tdebian/substvars debian/tcpcraft/usr/bin/tcpcraft)
echo 'misc:Depends=debconf (>= 0.5) | debconf-2.0' >>$D/debian/substvars
(cd $D && dpkg-gencontrol -ptcpcraft -Pdebian/tcpcraft -Tdebian/substvars)
chmod 644 $root/DEBIAN/control $root/DEBIAN/conffiles $root/DEBIAN/md5sums

find $root -exec touch -h -d "@$SOURCE_DATE_EPOCH" {} +
dpkg-deb --root-owner-group --build $root build
