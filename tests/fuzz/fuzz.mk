# fuzz.mk - libFuzzer harnesses and their corpus replay (included by the
# Makefile).
# SPDX-License-Identifier: GPL-3.0-or-later
#
#   make fuzz		builds the harnesses with clang's libFuzzer and
#			ASan/UBSan and runs each for FUZZ_SECONDS (default 60)
#			from tests/fuzz/corpus/NAME; a crash is written there
#   make fuzz-merge	adds what the last runs covered anew to the corpus
#   make fuzz-replay	(O=build/asan SAN=1, from make check) the same
#			harnesses with gcc and a plain main() that replays
#			the corpus: no libFuzzer needed

FUZZ_NAMES	:= wire cmd script labconf
FUZZ_SECONDS	?= 60
FUZZ_CC		?= clang
FUZZ_O		:= build/fuzz
FUZZ_SAN	:= -fsanitize=address,undefined -fno-sanitize-recover=undefined \
		   -fno-omit-frame-pointer
FUZZ_CFLAGS	:= -g -O1 $(FUZZ_SAN) -fsanitize=fuzzer-no-link
FUZZ_CORE_OBJ	:= $(CORE_SRC:%.c=$(FUZZ_O)/%.o)
# the script reader lives with the session code: link it all but main()
FUZZ_APP_OBJ	:= $(filter-out $(FUZZ_O)/src/main.o,$(APP_SRC:%.c=$(FUZZ_O)/%.o))
REPLAY_APP_OBJ	:= $(filter-out $(O)/src/main.o,$(APP_OBJ))

.PHONY: fuzz fuzz-build fuzz-merge fuzz-replay

$(FUZZ_O)/src/%.o: src/%.c
	@mkdir -p $(@D)
	$(FUZZ_CC) $(CPPFLAGS) $(FUZZ_CFLAGS) $(WARN) $(PKG_CF) $(NET_CF) -c -o $@ $<

$(FUZZ_O)/tests/fuzz/%.o: tests/fuzz/%.c
	@mkdir -p $(@D)
	$(FUZZ_CC) $(CPPFLAGS) $(FUZZ_CFLAGS) $(WARN) -c -o $@ $<

$(FUZZ_O)/fuzz_wire $(FUZZ_O)/fuzz_cmd $(FUZZ_O)/fuzz_labconf: $(FUZZ_O)/fuzz_%: \
    $(FUZZ_O)/tests/fuzz/fuzz_%.o $(FUZZ_CORE_OBJ)
	$(FUZZ_CC) $(FUZZ_SAN) -fsanitize=fuzzer -o $@ $^

$(FUZZ_O)/fuzz_script: $(FUZZ_O)/tests/fuzz/fuzz_script.o $(FUZZ_APP_OBJ) \
    $(FUZZ_CORE_OBJ)
	$(FUZZ_CC) $(FUZZ_SAN) -fsanitize=fuzzer -o $@ $^ $(PKG_LIBS) $(NET_LIBS)

fuzz-build: deps
	@# libFuzzer's runtime comes with clang's runtime libraries
	@dpkg -s clang libclang-rt-14-dev >/dev/null 2>&1 || \
	    apt-get install -y clang libclang-rt-14-dev
	@$(MAKE) --no-print-directory $(FUZZ_NAMES:%=$(FUZZ_O)/fuzz_%)

# The working corpus is under build/fuzz/corpus, the kept one (seeds,
# crashes, fuzz-merge) under tests/fuzz/corpus; run.sh closes the code's
# stdout and stderr (parse errors by the million), not libFuzzer's reports.
fuzz: fuzz-build
	@sh tests/fuzz/run.sh $(FUZZ_SECONDS) $(FUZZ_NAMES)

fuzz-merge: fuzz-build
	@sh tests/fuzz/run.sh merge $(FUZZ_NAMES)

$(O)/tests/fuzz/%.o: tests/fuzz/%.c
	@mkdir -p $(@D)
	$(CC) $(CPPFLAGS) $(CFLAGS) $(WARN) -c -o $@ $<

$(O)/fuzz/replay_wire $(O)/fuzz/replay_cmd $(O)/fuzz/replay_labconf: \
    $(O)/fuzz/replay_%: \
    $(O)/tests/fuzz/replay.o $(O)/tests/fuzz/fuzz_%.o $(O)/libcore.a
	@mkdir -p $(@D)
	$(CC) $(LDFLAGS) -o $@ $^

$(O)/fuzz/replay_script: $(O)/tests/fuzz/replay.o \
    $(O)/tests/fuzz/fuzz_script.o $(REPLAY_APP_OBJ) $(O)/libcore.a
	@mkdir -p $(@D)
	$(CC) $(LDFLAGS) -o $@ $^ $(PKG_LIBS) $(NET_LIBS)

fuzz-replay: $(FUZZ_NAMES:%=$(O)/fuzz/replay_%)

-include $(FUZZ_CORE_OBJ:.o=.d) $(FUZZ_APP_OBJ:.o=.d) \
    $(FUZZ_NAMES:%=$(FUZZ_O)/tests/fuzz/fuzz_%.d) \
    $(FUZZ_NAMES:%=$(O)/tests/fuzz/fuzz_%.d) $(O)/tests/fuzz/replay.d
