# uptimecalc — plain make; see README.md.
VERSION  = 0.1.0
PREFIX  ?= /usr/local
BINDIR   = $(PREFIX)/bin
DATADIR  = $(PREFIX)/share/uptimecalc
MANDIR   = $(PREFIX)/share/man
UNITDIR  = $(PREFIX)/lib/systemd/system

# Warnings are errors in CI and for developers (make DEVELOPER=1), not in
# a user's plain make: a newer compiler's new warning must not stop a build.
ifdef DEVELOPER
WERROR   = -Werror
endif

# The libraries, each with the Debian package that has it, for the
# message when one is missing (sh .ci/deps installs them all).
PKG_CONFIG ?= pkg-config
PKGS     = libcurl libcjson gsl libmicrohttpd
DEB_libcurl  = libcurl4-openssl-dev
DEB_libcjson = libcjson-dev
DEB_gsl      = libgsl-dev
DEB_libmicrohttpd = libmicrohttpd-dev
DEPS_HINT = (sh .ci/deps installs what the build and the tests need)

CC      ?= cc
CFLAGS  ?= -O2 -g
CFLAGS  += -std=c11 -pthread -Wall -Wextra $(WERROR) -Wshadow -Wstrict-prototypes -Wvla -MMD -MP

# Say which package is missing before any compiler says which header is.
# Goals that compile nothing need no library.
ifneq ($(filter-out clean uninstall man-lint,$(or $(MAKECMDGOALS),all)),)
ifeq ($(shell $(PKG_CONFIG) --version 2>/dev/null),)
$(error $(PKG_CONFIG) not found: install pkg-config $(DEPS_HINT))
endif
MISSING := $(strip $(foreach p,$(PKGS),$(if $(shell $(PKG_CONFIG) --exists $(p) && echo y),,$(p))))
ifneq ($(MISSING),)
$(error pkg-config cannot find $(MISSING): install $(foreach p,$(MISSING),$(DEB_$(p))) $(DEPS_HINT))
endif
# libcsv has no .pc on Debian: try its header.
ifeq ($(shell $(CC) -E -include csv.h -x c /dev/null >/dev/null 2>&1 && echo y),)
$(error $(CC) cannot find csv.h: install libcsv-dev $(DEPS_HINT))
endif
PKG_CFLAGS := $(shell $(PKG_CONFIG) --cflags $(PKGS))
PKG_LIBS   := $(shell $(PKG_CONFIG) --libs $(PKGS))
endif

CPPFLAGS += -Iinclude -D_XOPEN_SOURCE=700 -DVERSION='"$(VERSION)"' \
	    -DDATADIR='"$(DATADIR)"' $(PKG_CFLAGS)
LDLIBS  += $(PKG_LIBS) -lcsv -pthread

ifdef SANITIZE					# make clean check SANITIZE=address,undefined
CFLAGS  += -fsanitize=$(SANITIZE) -fno-sanitize-recover=all -fno-omit-frame-pointer
LDFLAGS += -fsanitize=$(SANITIZE)
endif

LIBSRC   = $(filter-out src/main.c, $(wildcard src/*.c))
LIBOBJ   = $(LIBSRC:.c=.o)
OBJ      = src/main.o $(LIBOBJ)
TESTSRC  = $(wildcard tests/unit/*.c)
TESTOBJ  = $(TESTSRC:.c=.o)

# Fuzzing: a libFuzzer harness tests/fuzz/fuzz_NAME.c per reader of
# untrusted bytes, seeded from tests/fuzz/corpus/NAME.  make fuzz builds
# them with clang and runs each for FUZZ_SECONDS; make check replays every
# committed input (corpus and crashes) through a plain driver, with $(CC).
FUZZ_SECONDS ?= 30
FUZZCC    = clang
FUZZSRC   = $(wildcard tests/fuzz/fuzz_*.c)
FUZZNAMES = $(FUZZSRC:tests/fuzz/fuzz_%.c=%)
FUZZOBJ   = $(LIBSRC:src/%.c=tests/fuzz/obj/%.o)
FUZZBIN   = $(FUZZNAMES:%=tests/fuzz/bin/%)
REPLAY    = $(FUZZNAMES:%=tests/fuzz/replay-%)
REPLAYOBJ = $(FUZZSRC:.c=.o) tests/fuzz/replay.o
FUZZFLAGS = -g -O1 -std=c11 -pthread -Wall -Wextra $(WERROR) -fno-omit-frame-pointer \
	    -fsanitize=address,undefined -fno-sanitize-recover=all

all: uptimecalc

uptimecalc: $(OBJ)
	$(CC) $(LDFLAGS) -o $@ $(OBJ) $(LDLIBS)

tests/unit/run: $(TESTOBJ) $(LIBOBJ)
	$(CC) $(LDFLAGS) -o $@ $(TESTOBJ) $(LIBOBJ) $(LDLIBS)

tests/fuzz/replay-%: tests/fuzz/fuzz_%.o tests/fuzz/replay.o $(LIBOBJ)
	$(CC) $(LDFLAGS) -o $@ $^ $(LDLIBS)

# Decode throughput of the rewards body (bench/decode.c says how to run it).
bench/decode: bench/decode.o $(LIBOBJ)
	$(CC) $(LDFLAGS) -o $@ $^ $(LDLIBS)

tests/fuzz/obj/%.o: src/%.c
	@mkdir -p $(@D)
	$(FUZZCC) $(FUZZFLAGS) -fsanitize=fuzzer-no-link -MMD -MP $(CPPFLAGS) -c -o $@ $<

tests/fuzz/bin/%: tests/fuzz/fuzz_%.c $(FUZZOBJ)
	@mkdir -p $(@D)
	$(FUZZCC) $(FUZZFLAGS) -fsanitize=fuzzer $(CPPFLAGS) -o $@ $< $(FUZZOBJ) $(LDLIBS)

# The sanitizer flags change every object: rebuild when they change.
.flags: FORCE
	@echo '$(CC) $(CFLAGS) $(CPPFLAGS) $(LDFLAGS)' | cmp -s - $@ || \
	 echo '$(CC) $(CFLAGS) $(CPPFLAGS) $(LDFLAGS)' > $@
$(OBJ) $(TESTOBJ) $(REPLAYOBJ) bench/decode.o: .flags

# Tests of a module's format may read its private headers, beside its .c.
$(TESTOBJ) $(REPLAYOBJ) $(FUZZBIN): CPPFLAGS += -Isrc

# tests/layout.sh: the program linked once more with a section per
# function, unoptimised so that nothing is inlined away; the linker lists
# the sections no path from main() reaches.
LAYOUTOBJ = $(OBJ:src/%.o=tests/out/layout/%.o)
tests/out/layout/%.o: src/%.c
	@mkdir -p $(@D)
	$(CC) -O0 -std=c11 -pthread -ffunction-sections -MMD -MP $(CPPFLAGS) -c -o $@ $<
tests/out/layout/removed: $(LAYOUTOBJ)
	$(CC) $(LDFLAGS) -Wl,--gc-sections -Wl,--print-gc-sections -o tests/out/layout/uptimecalc \
	    $(LAYOUTOBJ) $(LDLIBS) 2>$@.tmp || { cat $@.tmp >&2; exit 1; }
	@mv $@.tmp $@

check: uptimecalc tests/unit/run $(REPLAY) tests/out/layout/removed
	@sh tests/run.sh

# make fuzz FUZZ_SECONDS=N: each harness for N seconds; what it finds to
# keep lands in tests/fuzz/out/NAME, crashes in tests/fuzz/crashes/NAME.
fuzz: $(FUZZBIN)
	@for n in $(FUZZNAMES); do sh tests/fuzz/run.sh $$n $(FUZZ_SECONDS) || exit 1; done

bless: uptimecalc
	@sh tests/golden/bless.sh

# make charts: the README's charts (man/charts/*.svg) drawn again.
charts: uptimecalc
	@python3 tests/charts.py --write

# make readme: the README's example blocks rewritten from the tool's output.
readme: uptimecalc
	@python3 tests/readme.py --write

# A planning session on the shipped table: what downtime costs, where the
# validator breaks even, what an SLO leaves, what redundancy buys.
demo: uptimecalc
	./uptimecalc chains
	./uptimecalc penalty --offline 1d
	./uptimecalc penalty --offline 4.5d --leak
	./uptimecalc breakeven --cost 50/month --price 3000
	./uptimecalc budget --slo 99 --window 30d --used 2h --restart 15m
	./uptimecalc ha --compare --mtbf 30d --mttr 6h
	./uptimecalc penalty --chain cosmoshub --offline 16h --stake 1000 --apr 0.15

man-lint:
	@if command -v mandoc >/dev/null; then mandoc -Tlint -Wwarning man/uptimecalc.1; \
	 else groff -mdoc -ww -z man/uptimecalc.1; fi

install: uptimecalc
	install -d $(DESTDIR)$(BINDIR) $(DESTDIR)$(DATADIR) $(DESTDIR)$(MANDIR)/man1 \
	    $(DESTDIR)$(UNITDIR)
	install -m 755 uptimecalc $(DESTDIR)$(BINDIR)/uptimecalc
	install -m 644 data/networks.csv $(DESTDIR)$(DATADIR)/networks.csv
	install -m 644 data/grafana-dashboard.json $(DESTDIR)$(DATADIR)/grafana-dashboard.json
	install -m 644 man/uptimecalc.1 $(DESTDIR)$(MANDIR)/man1/uptimecalc.1
	sed 's|@BINDIR@|$(BINDIR)|g' data/uptimecalc.service >$(DESTDIR)$(UNITDIR)/uptimecalc.service
	chmod 644 $(DESTDIR)$(UNITDIR)/uptimecalc.service

# What install put in place, and share/uptimecalc once empty: the other
# directories are shared with other programs.
uninstall:
	rm -f $(DESTDIR)$(BINDIR)/uptimecalc $(DESTDIR)$(DATADIR)/networks.csv \
	    $(DESTDIR)$(DATADIR)/grafana-dashboard.json \
	    $(DESTDIR)$(MANDIR)/man1/uptimecalc.1 $(DESTDIR)$(UNITDIR)/uptimecalc.service
	rmdir $(DESTDIR)$(DATADIR) 2>/dev/null || true

clean:
	rm -f uptimecalc tests/unit/run src/*.o src/*.d tests/unit/*.o tests/unit/*.d .flags
	rm -f $(REPLAY) tests/fuzz/*.o tests/fuzz/*.d bench/decode bench/*.o bench/*.d
	rm -rf tests/out tests/fuzz/bin tests/fuzz/obj tests/fuzz/out

# Objects of pattern rules are kept, not rebuilt on every run.
.SECONDARY: $(FUZZOBJ) $(REPLAYOBJ)
FORCE:
.PHONY: all check bless readme charts demo fuzz man-lint install uninstall clean FORCE

-include $(OBJ:.o=.d) $(TESTOBJ:.o=.d) $(REPLAYOBJ:.o=.d) $(wildcard tests/fuzz/obj/*.d) \
    $(wildcard bench/*.d) $(wildcard tests/out/layout/*.d)
