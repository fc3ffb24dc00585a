# newsfold: one Makefile.  `make` builds build/release/newsfold; `make test` builds with
# ASan+UBSan and runs every test; `make run` installs what is missing, builds and runs the
# sample; `make fuzz` builds the libFuzzer targets; `make bench` runs the benchmarks.
PKGS     := jansson libbrotlidec
# Loaded on first use by src/util/dynlib_*.c, not linked: headers only (see dynlib.h);
# libstemmer has no .pc file: its header is in /usr/include and it is not linked either.
# liburing: its header only (util/prefetch.c makes the system calls itself).
PKGS_DL  := libcurl libmicrohttpd libcrypto libxml-2.0 liburing sqlite3 libutf8proc libsodium \
	    libxxhash zlib
CC       ?= cc
PKG_CFLAGS := $(shell pkg-config --cflags $(PKGS) $(PKGS_DL) 2>/dev/null)
PKG_LIBS   := $(shell pkg-config --libs $(PKGS) 2>/dev/null) -lpthread -lm -ldl
WARN     := -Wall -Wextra -Wshadow -Wstrict-prototypes -Wmissing-prototypes -Wno-unused-parameter
CSTD     := -std=c11 -D_POSIX_C_SOURCE=200809L -D_DEFAULT_SOURCE
INC      := -Isrc
MODE     ?= release
ifeq ($(MODE),asan)
  OPT := -O1 -g -fno-omit-frame-pointer -fsanitize=address,undefined -fno-sanitize-recover=undefined -Werror
else ifeq ($(MODE),debug)
  OPT := -O0 -g
else
  OPT := -O2 -g
endif
ifeq ($(CI),true)
  OPT += -Werror
endif
CFLAGS_ALL := $(CSTD) $(WARN) $(OPT) $(INC) $(PKG_CFLAGS) $(CFLAGS)
B        := build/$(MODE)
ifeq ($(V),1)
  Q :=
else
  Q := @
endif

SRC      := $(sort $(shell find src -name '*.c' ! -path 'src/cli/main.c'))
OBJ      := $(SRC:%.c=$(B)/%.o)
TESTSRC  := $(sort $(wildcard tests/unit/test_*.c))
TESTBIN  := $(TESTSRC:tests/unit/%.c=$(B)/tests/%)

.PHONY: all build run test unit deps fuzz bench clean format lint
all: build
build: $(B)/newsfold

$(B)/%.o: %.c
	@mkdir -p $(dir $@)
	$(Q)$(CC) $(CFLAGS_ALL) -MMD -MP -c $< -o $@

# The web reader's CSS/JS, embedded in the binary (src/serve/embed.sh).
STATIC   := $(sort $(wildcard src/serve/static/*))
$(B)/gen/serve_static.c: $(STATIC) src/serve/embed.sh
	@mkdir -p $(dir $@)
	$(Q)sh src/serve/embed.sh src/serve/static > $@
$(B)/gen/serve_static.o: $(B)/gen/serve_static.c src/serve/web.h
	$(Q)$(CC) $(CFLAGS_ALL) -c $< -o $@

$(B)/libnewsfold.a: $(OBJ) $(B)/gen/serve_static.o
	@rm -f $@
	$(Q)ar rcs $@ $^

$(B)/newsfold: $(B)/src/cli/main.o $(B)/libnewsfold.a
	$(Q)$(CC) $(CFLAGS_ALL) $^ -o $@ $(PKG_LIBS) $(LDFLAGS)

$(B)/tests/%: tests/unit/%.c $(wildcard tests/unit/*.h) $(B)/libnewsfold.a
	@mkdir -p $(dir $@)
	$(Q)$(CC) $(CFLAGS_ALL) -Itests/unit $< $(B)/libnewsfold.a -o $@ $(PKG_LIBS) $(LDFLAGS)

-include $(OBJ:.o=.d) $(B)/src/cli/main.d

deps:
	@sh scripts/install-deps.sh

# The quick start: install, build, load the shipped sample, show what was stored.
run: deps
	@$(MAKE) --no-print-directory build
	@sh scripts/run-sample.sh build/release/newsfold

unit:
	@$(MAKE) --no-print-directory MODE=asan build/asan/newsfold $(TESTBIN:build/release/%=build/asan/%)
	@TEST_ONLY=test_ sh tests/run.sh build/asan

test: deps
	@$(MAKE) --no-print-directory MODE=asan build/asan/newsfold $(TESTBIN:build/release/%=build/asan/%)
	@$(MAKE) --no-print-directory build
	@sh tests/run.sh build/asan

FUZZ_SRC := $(wildcard fuzz/fuzz_*.c)
fuzz:
	@$(MAKE) --no-print-directory CC=clang MODE=fuzz OPT="-O1 -g -fsanitize=fuzzer-no-link,address,undefined" build/fuzz/libnewsfold.a
	@mkdir -p build/fuzz/bin
	@for f in $(FUZZ_SRC); do n=$$(basename $$f .c); \
	  echo "clang $$f"; \
	  clang $(CSTD) $(INC) $(PKG_CFLAGS) -O1 -g -fsanitize=fuzzer,address,undefined $$f build/fuzz/libnewsfold.a -o build/fuzz/bin/$$n $(PKG_LIBS) || exit 1; done

bench: deps
	@$(MAKE) --no-print-directory build
	@sh bench/run.sh build/release/newsfold

format:
	clang-format -i $(SRC) src/cli/main.c $(TESTSRC)

lint:
	@sh scripts/banned.sh

clean:
	rm -rf build
