# uptimecalc — plain make; see README.md.
VERSION  = 0.1.0
PREFIX  ?= /usr/local
BINDIR   = $(PREFIX)/bin
DATADIR  = $(PREFIX)/share/uptimecalc
MANDIR   = $(PREFIX)/share/man

PKGS     = libcurl libcjson gsl
CC      ?= cc
CFLAGS  ?= -O2 -g
CFLAGS  += -std=c11 -pthread -Wall -Wextra -Werror -Wshadow -Wstrict-prototypes -Wvla -MMD -MP
CPPFLAGS += -Iinclude -D_XOPEN_SOURCE=700 -DVERSION='"$(VERSION)"' \
	    -DDATADIR='"$(DATADIR)"' -DSRCDATA='"$(CURDIR)/data"' \
	    $(shell pkg-config --cflags $(PKGS))
LDLIBS  += $(shell pkg-config --libs $(PKGS)) -lcsv -pthread	# libcsv has no .pc on Debian

ifdef SANITIZE					# make clean check SANITIZE=address,undefined
CFLAGS  += -fsanitize=$(SANITIZE) -fno-sanitize-recover=all -fno-omit-frame-pointer
LDFLAGS += -fsanitize=$(SANITIZE)
endif

LIBSRC   = $(filter-out src/main.c, $(wildcard src/*.c))
LIBOBJ   = $(LIBSRC:.c=.o)
OBJ      = src/main.o $(LIBOBJ)
TESTSRC  = $(wildcard tests/unit/*.c)
TESTOBJ  = $(TESTSRC:.c=.o)

all: uptimecalc

uptimecalc: $(OBJ)
	$(CC) $(LDFLAGS) -o $@ $(OBJ) $(LDLIBS)

tests/unit/run: $(TESTOBJ) $(LIBOBJ)
	$(CC) $(LDFLAGS) -o $@ $(TESTOBJ) $(LIBOBJ) $(LDLIBS)

# The sanitizer flags change every object: rebuild when they change.
.flags: FORCE
	@echo '$(CC) $(CFLAGS) $(CPPFLAGS) $(LDFLAGS)' | cmp -s - $@ || \
	 echo '$(CC) $(CFLAGS) $(CPPFLAGS) $(LDFLAGS)' > $@
$(OBJ) $(TESTOBJ): .flags

check: uptimecalc tests/unit/run
	@sh tests/run.sh

bless: uptimecalc
	@sh tests/golden/bless.sh

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
	install -d $(DESTDIR)$(BINDIR) $(DESTDIR)$(DATADIR) $(DESTDIR)$(MANDIR)/man1
	install -m 755 uptimecalc $(DESTDIR)$(BINDIR)/uptimecalc
	install -m 644 data/networks.csv $(DESTDIR)$(DATADIR)/networks.csv
	install -m 644 man/uptimecalc.1 $(DESTDIR)$(MANDIR)/man1/uptimecalc.1

clean:
	rm -f uptimecalc tests/unit/run src/*.o src/*.d tests/unit/*.o tests/unit/*.d .flags
	rm -rf tests/out

FORCE:
.PHONY: all check bless demo man-lint install clean FORCE

-include $(OBJ:.o=.d) $(TESTOBJ:.o=.d)
