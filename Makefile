# One-liners that people and CI run alike. `make test` and `make run` are the README's two commands.
SHELL := /bin/bash
SWIFT ?= swift
SWIFT_FLAGS ?= -Xswiftc -warnings-as-errors
DEB_PACKAGES := libxen-dev libmicrohttpd-dev libyajl-dev pkg-config

.PHONY: deps build test run bench fuzz format lint clean generate check-generated test-xen

## deps: install the Debian packages the build needs (apt-get when root, otherwise print the command)
deps:
	@./scripts/ensure-deps.sh $(DEB_PACKAGES)

## build: debug build of every target
build: deps
	$(SWIFT) build $(SWIFT_FLAGS)

## test: the whole test suite
test: deps
	$(SWIFT) build --build-tests $(SWIFT_FLAGS)
	$(SWIFT) test --skip-build

## run: start the daemon on the simulated host, sockets under ./run/
run: deps
	@echo "The xend daemon arrives with issue #4; this target will build it and start it on the"
	@echo "simulated host with its Unix socket at ./run/xend-socket and TCP on 127.0.0.1:8000."
	$(SWIFT) build $(SWIFT_FLAGS)

## bench: S-expression parse/print throughput (release build)
bench: deps
	$(SWIFT) run -c release Benchmarks

## fuzz: run the libFuzzer targets (FUZZ_SECONDS each, default 60)
FUZZ_SECONDS ?= 60
fuzz: deps
	./scripts/fuzz.sh $(FUZZ_SECONDS)

format:
	$(SWIFT) format --in-place --recursive --parallel Sources Tests Package.swift

lint:
	$(SWIFT) format lint --strict --recursive --parallel Sources Tests

clean:
	rm -rf .build .build-*

## generate: regenerate the libxl Swift types from the installed libxl.h (Sources/Xenlight/Generated)
generate: deps
	$(SWIFT) run xenlight-gen --include /usr/include --output Sources/Xenlight/Generated \
		--test-output Tests/XenlightTests/Generated

## check-generated: fail when the committed generated files differ from what the headers produce
check-generated: generate
	git diff --exit-code -- Sources/Xenlight/Generated Tests/XenlightTests/Generated
	@test -z "$$(git status --porcelain -- Sources/Xenlight/Generated Tests/XenlightTests/Generated)" \
		|| { echo "untracked generated files: run make generate and commit"; exit 1; }

## test-xen: boot Xen 4.17 + dom0 in QEMU (TCG) once and run the in-dom0 tests: smoke, xenlight (docs/xen-host.md)
test-xen: deps
	tests/xen-host/run.sh tests/xen-host/tests/all.sh
