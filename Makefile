# netdiag: `make run` diagnoses the bundled example; `make test` runs every test.
# Both install what a fresh Debian machine lacks (run as root).

SWIFT ?= swift
BIN := .build/debug/netdiag
APT_INSTALL := DEBIAN_FRONTEND=noninteractive apt-get install -y -qq

.PHONY: deps build test run bench clean reason-codes

deps:
	@if ! command -v pkg-config >/dev/null || ! pkg-config --exists lua5.4; then \
		apt-get update -qq && $(APT_INSTALL) pkg-config liblua5.4-dev; fi
	@if ! command -v ip >/dev/null || ! command -v iptables-save >/dev/null || ! command -v nft >/dev/null; then \
		apt-get update -qq && $(APT_INSTALL) iproute2 iptables nftables; fi
	@# the ground-truth suite's listeners and probes are python3 one-liners
	@if ! command -v python3 >/dev/null; then apt-get update -qq && $(APT_INSTALL) python3; fi
	@# the PostgreSQL store's tests run against a throwaway server (scripts/with-postgres.sh)
	@if ! ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1; then apt-get update -qq && $(APT_INSTALL) postgresql; fi
	@# the web console's test drives headless Chromium (its screenshot lands in .build/test-artifacts/)
	@if ! command -v chromium >/dev/null; then apt-get update -qq && $(APT_INSTALL) chromium; fi

build: deps
	$(SWIFT) build

run: build
	$(BIN) rules list
	NETDIAG=$(BIN) examples/run-example.sh

test: deps
	$(SWIFT) build --build-tests
	NETDIAG_REQUIRE_CHROMIUM=1 scripts/with-postgres.sh $(SWIFT) test --skip-build
	$(BIN) rules test

# docs/reason-codes.md is generated from rules/; a test fails while it is out of date.
reason-codes: build
	$(BIN) rules reasons --format markdown > docs/reason-codes.md

# Issue 8 (docs/performance.md): generate the small, medium and large regions and measure each
# (release build); JSON per size and all together in .build-bench/bench/, tables on stdout.
BENCH := .build-bench/release/netdiag-bench
BENCH_OUT := .build-bench/bench
bench: deps
	$(SWIFT) build -c release --scratch-path .build-bench --product netdiag-bench
	mkdir -p $(BENCH_OUT)
	for size in small medium large; do $(BENCH) run --size $$size --output $(BENCH_OUT)/$$size.json || exit 1; done
	$(BENCH) report --output $(BENCH_OUT)/all.json $(BENCH_OUT)/small.json $(BENCH_OUT)/medium.json $(BENCH_OUT)/large.json
	# issue 15: exposure scan, reverse query and what-if on the large region, one core
	$(BENCH) analysis --size large --output $(BENCH_OUT)/analysis-large.json

clean:
	rm -rf .build
