# malformed.mk - the malformed-packet corpus driver (included by the
# Makefile).  make check builds it under ASan/UBSan (O=build/asan) and
# tests/malformed/run.sh runs every pcap through it: no privileges.
# SPDX-License-Identifier: GPL-3.0-or-later

.PHONY: malformed

$(O)/tests/malformed/%.o: tests/malformed/%.c
	@mkdir -p $(@D)
	$(CC) $(CPPFLAGS) $(CFLAGS) $(WARN) $(PKG_CF) -c -o $@ $<

# the whole receive path: every module but main()
$(O)/malformed/offline: $(O)/tests/malformed/offline.o \
    $(filter-out $(O)/src/main.o,$(APP_OBJ)) $(O)/libcore.a
	@mkdir -p $(@D)
	$(CC) $(LDFLAGS) -o $@ $^ $(PKG_LIBS) $(NET_LIBS)

malformed: $(O)/malformed/offline

-include $(O)/tests/malformed/offline.d
