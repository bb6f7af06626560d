# tcpcraft - craft TCP conversations by hand against a live kernel
# SPDX-License-Identifier: GPL-3.0-or-later

PREFIX	?= /usr/local
BINDIR	?= $(PREFIX)/bin
MANDIR	?= $(PREFIX)/share/man
DOCDIR	?= $(PREFIX)/share/doc/tcpcraft
SYSCONFDIR ?= /etc
DESTDIR	?=

CC	?= cc
CFLAGS	?= -O2 -g
O	?= build
VERSION	:= 0.1.0

WARN	:= -Wall -Wextra -Wshadow -Wpointer-arith -Wstrict-prototypes \
	   -Wmissing-prototypes -Wno-unused-parameter
SANFLAGS := -fsanitize=address,undefined -fno-omit-frame-pointer \
	   -fno-sanitize-recover=undefined
ifeq ($(SAN),1)
CFLAGS	+= $(SANFLAGS) -O1
LDFLAGS	+= $(SANFLAGS)
endif

# Parallel by default, one job per CPU, unless make -jN says otherwise (a
# sub-make shares its parent's job slots): a 2-CPU machine builds twice as
# fast.
ifeq ($(MAKELEVEL),0)
ifeq ($(filter -j%,$(MAKEFLAGS)),)
MAKEFLAGS += -j$(shell nproc 2>/dev/null || echo 1)
endif
endif

# A plain "make" on a fresh machine stops here, on one line, rather than
# deep in the compiler.  Not for the goals that install first (deps and
# what depends on it), nor for cleaning; a sub-make was checked by its
# parent.
NODEPCHECK := deps run check bench fuzz fuzz-build fuzz-merge clean lint \
	uninstall
ifeq ($(MAKELEVEL),0)
ifeq ($(filter $(NODEPCHECK),$(MAKECMDGOALS)),)
ifneq ($(filter-out clean lint uninstall,$(or $(MAKECMDGOALS),all)),)
MISSING	:= $(shell sh scripts/deps.sh --check build)
ifneq ($(MISSING),)
$(error missing Debian packages: $(MISSING); "make deps" installs them)
endif
endif
endif
endif

# libnet has no .pc file on Debian 12; libnet-config stands in for it.
PKGS	 := libpcap readline libnftables libnftnl libmnl
PKG_CF	 := $(shell pkg-config --cflags $(PKGS) 2>/dev/null)
PKG_LIBS := $(shell pkg-config --libs $(PKGS) 2>/dev/null)
NET_CF	 := $(shell pkg-config --cflags libnet 2>/dev/null || libnet-config --defines 2>/dev/null)
NET_LIBS := $(shell pkg-config --libs libnet 2>/dev/null || libnet-config --libs 2>/dev/null || echo -lnet)

CPPFLAGS += -Iinclude -D_GNU_SOURCE -DTC_VERSION='"$(VERSION)"' -MMD -MP
# where make install puts the confined mode's configuration, and so where
# the program looks for it
CPPFLAGS += -DTC_LABS_CONF='"$(SYSCONFDIR)/tcpcraft/labs.conf"'

# The pure core: no readline, pcap, libnet or nftables, no clock, no I/O
# but a FILE * passed in.  Unit tests link only this.
CORE	:= errbuf ipaddr ip6 nd sbuf cksum seg tcpopt tcpopt_parse wire print lex segspec segspec_payload segspec_match segspec_ext tcb tcb_recv tcb_note reasm conn conntimer timerq build cmdtab cmdkind pktpatch tbucket floodarg pktstore replayarg streamarg vars trust ladder explain predict quiz portcover icmp labconf pdlex pdscript pdmap pdpkt pdcfg
CORE_SRC := $(filter $(wildcard src/*.c),$(CORE:%=src/%.c))
APP_SRC	:= $(filter-out $(CORE_SRC),$(wildcard src/*.c))
CORE_OBJ := $(CORE_SRC:%.c=$(O)/%.o)
APP_OBJ	:= $(APP_SRC:%.c=$(O)/%.o)
UNIT_SRC := $(wildcard tests/unit/*.c)
UNIT_OBJ := $(UNIT_SRC:%.c=$(O)/%.o)

BIN	:= $(O)/tcpcraft

.PHONY: all deps run check check-build check-build-plain check-build-asan \
	unit integ asan install uninstall setcap deb clean lint bench

all: $(BIN)

$(BIN): $(APP_OBJ) $(O)/libcore.a
	$(CC) $(LDFLAGS) -o $@ $(APP_OBJ) $(O)/libcore.a $(PKG_LIBS) $(NET_LIBS)
	@[ "$(O)" != build ] || ln -sf build/tcpcraft tcpcraft

$(O)/libcore.a: $(CORE_OBJ)
	$(AR) rcs $@ $^

$(O)/src/%.o: src/%.c
	@mkdir -p $(@D)
	$(CC) $(CPPFLAGS) $(CFLAGS) $(WARN) $(PKG_CF) $(NET_CF) -c -o $@ $<

$(O)/tests/unit/%.o: tests/unit/%.c
	@mkdir -p $(@D)
	$(CC) $(CPPFLAGS) $(CFLAGS) $(WARN) -c -o $@ $<

$(O)/unit: $(UNIT_OBJ) $(O)/libcore.a
	$(CC) $(LDFLAGS) -o $@ $(UNIT_OBJ) $(O)/libcore.a

# Install what building and testing need (Debian packages) when missing.
deps:
	@sh scripts/deps.sh

# make run: the README's first command.  A shell with an echo peer.
run: deps
	@$(MAKE) --no-print-directory all
	./$(BIN) --peer echo:20000 --banner

# make check: the README's test command and what .ci/run calls.
check: deps
	@$(MAKE) --no-print-directory check-build
	@sh tests/run.sh

# the plain and the sanitizer trees side by side, sharing make's job slots
check-build: check-build-plain check-build-asan

check-build-plain:
	$(MAKE) all $(O)/unit

check-build-asan:
	$(MAKE) O=build/asan SAN=1 build/asan/tcpcraft build/asan/unit fuzz-replay \
	    malformed

unit: $(O)/unit
	./$(O)/unit

asan:
	$(MAKE) O=build/asan SAN=1 build/asan/tcpcraft build/asan/unit

integ: all
	@sh tests/run.sh integ

# The man pages go in gzipped (gzip -9n: no name, no time stamp), as
# Debian wants them, so make deb installs through this target unchanged.
# labs.conf is the administrator's: installed only where there is none.
install: all
	install -d $(DESTDIR)$(BINDIR) $(DESTDIR)$(MANDIR)/man1 \
	    $(DESTDIR)$(MANDIR)/man5 $(DESTDIR)$(DOCDIR)/examples/labs \
	    $(DESTDIR)$(SYSCONFDIR)/tcpcraft
	install -m 755 $(BIN) $(DESTDIR)$(BINDIR)/tcpcraft
	gzip -9n <man/tcpcraft.1 >$(DESTDIR)$(MANDIR)/man1/tcpcraft.1.gz
	gzip -9n <man/tcpcraft-script.5 \
	    >$(DESTDIR)$(MANDIR)/man5/tcpcraft-script.5.gz
	chmod 644 $(DESTDIR)$(MANDIR)/man1/tcpcraft.1.gz \
	    $(DESTDIR)$(MANDIR)/man5/tcpcraft-script.5.gz
	install -m 644 README.md $(DESTDIR)$(DOCDIR)/README.md
	install -m 644 scripts/examples/*.tc $(DESTDIR)$(DOCDIR)/examples
	install -m 644 scripts/labs/*.tc $(DESTDIR)$(DOCDIR)/examples/labs
	[ -e $(DESTDIR)$(SYSCONFDIR)/tcpcraft/labs.conf ] || \
	    install -m 644 scripts/labs.conf $(DESTDIR)$(SYSCONFDIR)/tcpcraft

# labs.conf stays if the administrator changed it.
uninstall:
	rm -f $(DESTDIR)$(BINDIR)/tcpcraft \
	    $(DESTDIR)$(MANDIR)/man1/tcpcraft.1 \
	    $(DESTDIR)$(MANDIR)/man1/tcpcraft.1.gz \
	    $(DESTDIR)$(MANDIR)/man5/tcpcraft-script.5 \
	    $(DESTDIR)$(MANDIR)/man5/tcpcraft-script.5.gz
	rm -f $(DESTDIR)$(DOCDIR)/README.md \
	    $(patsubst scripts/examples/%,$(DESTDIR)$(DOCDIR)/examples/%,\
		$(wildcard scripts/examples/*.tc)) \
	    $(patsubst scripts/labs/%,$(DESTDIR)$(DOCDIR)/examples/labs/%,\
		$(wildcard scripts/labs/*.tc))
	! cmp -s scripts/labs.conf $(DESTDIR)$(SYSCONFDIR)/tcpcraft/labs.conf || \
	    rm -f $(DESTDIR)$(SYSCONFDIR)/tcpcraft/labs.conf
	rmdir $(DESTDIR)$(DOCDIR)/examples/labs $(DESTDIR)$(DOCDIR)/examples \
	    $(DESTDIR)$(DOCDIR) $(DESTDIR)$(SYSCONFDIR)/tcpcraft 2>/dev/null || :

# What the Debian package does when the administrator answers yes: the
# installed binary (not build/tcpcraft, which the next make replaces
# without its capabilities) runs only for root and the tcpcraft group,
# with the capabilities students need to send and capture.
setcap: install
	getent group tcpcraft >/dev/null || groupadd --system tcpcraft
	chown root:tcpcraft $(DESTDIR)$(BINDIR)/tcpcraft
	chmod 750 $(DESTDIR)$(BINDIR)/tcpcraft
	setcap cap_net_raw,cap_net_admin+ep $(DESTDIR)$(BINDIR)/tcpcraft

# make deb: build/tcpcraft_VERSION_ARCH.deb, from make install into a
# staging tree with Debian's hardening flags (scripts/debian/build.sh).
deb:
	+@MAKE="$(MAKE)" sh scripts/debian/build.sh $(VERSION)

# make bench: tcpcraft side by side with hping3, nping, Scapy and minimal
# C baselines on loopback (root).  Installs the peer tools from Debian.
# A benchmark, not a test: make check asserts no timing.
bench: deps
	@sh scripts/bench-deps.sh
	@$(MAKE) --no-print-directory all
	@O=$(O) sh bench/run.sh

lint:
	mandoc -Tlint -Wwarning man/tcpcraft.1 man/tcpcraft-script.5

clean:
	rm -rf build tcpcraft

include tests/fuzz/fuzz.mk tests/malformed/malformed.mk

-include $(CORE_OBJ:.o=.d) $(APP_OBJ:.o=.d) $(UNIT_OBJ:.o=.d)
