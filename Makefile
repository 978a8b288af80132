# One-liners that people and CI run alike. `make test` and `make run` are the README's two commands.
SHELL := /bin/bash
SWIFT ?= swift
SWIFT_FLAGS ?= -Xswiftc -warnings-as-errors
DEB_PACKAGES := libxen-dev libmicrohttpd-dev libyajl-dev pkg-config curl python3 python3-prometheus-client \
	iproute2 gcc valgrind
.DEFAULT_GOAL := build

.PHONY: deps build test test-browser run run-simulated bench fuzz format lint clean generate check-generated test-xen \
	check-docs module-graph libxend install install-libxend

## deps: install the Debian packages the build needs (apt-get when root, otherwise print the command)
deps:
	@./scripts/ensure-deps.sh $(DEB_PACKAGES)

## build: debug build of every target
build: deps
	$(SWIFT) build $(SWIFT_FLAGS)

## libxend: the classic C API as a shared library (libxendc.so in the bin path; docs/libxend.md)
CONFIGURATION ?= debug
libxend: deps
	$(SWIFT) build $(SWIFT_FLAGS) -c $(CONFIGURATION) --product xendc

## install: libxend (lib/libxend.so.1, include/libxend/xend.h, lib/pkgconfig/libxend.pc), xend and
## xendctl under PREFIX; CONFIGURATION=release for a release build
PREFIX ?= /usr/local
install-libxend: libxend
	./scripts/install-libxend.sh "$$($(SWIFT) build -c $(CONFIGURATION) --show-bin-path)" "$(PREFIX)" "$(DESTDIR)"
install: install-libxend
	$(SWIFT) build $(SWIFT_FLAGS) -c $(CONFIGURATION) --product xend --product xendctl
	install -d "$(DESTDIR)$(PREFIX)/sbin" "$(DESTDIR)$(PREFIX)/bin"
	install -m 0755 "$$($(SWIFT) build -c $(CONFIGURATION) --show-bin-path)/xend" "$(DESTDIR)$(PREFIX)/sbin/xend"
	install -m 0755 "$$($(SWIFT) build -c $(CONFIGURATION) --show-bin-path)/xendctl" "$(DESTDIR)$(PREFIX)/bin/xendctl"

## test: the whole test suite, after the documentation checks (the netns relocation test runs when root)
test: deps check-docs
	$(SWIFT) build --build-tests $(SWIFT_FLAGS)
	$(SWIFT) test --skip-build
	$(SWIFT) build $(SWIFT_FLAGS) --product xendc
	./scripts/test-libxend.sh "$$($(SWIFT) build --show-bin-path)"
	./scripts/curl-smoke.sh "$$($(SWIFT) build --show-bin-path)/xend"
	/usr/bin/python3 scripts/metrics-check.py "$$($(SWIFT) build --show-bin-path)/xend"
	./scripts/check-man-pages.py keys packaging/man/xend-config.sxp.5 Sources/XendServer/Configuration/XendConfiguration+File.swift
	./scripts/hardening/run.sh quick "$$($(SWIFT) build --show-bin-path)/xend"
	./scripts/test-relocation-netns.sh "$$($(SWIFT) build --show-bin-path)/xend"

## test-browser: the web console in headless Chromium against the built daemon on the simulated host, over
## TCP with a bearer token (scripts/test-browser.py; screenshots in .build/browser-screenshots/; docs/console.md)
BROWSER_PACKAGES := chromium chromium-driver python3-selenium fonts-dejavu-core openssl
test-browser: deps
	@./scripts/ensure-deps.sh $(BROWSER_PACKAGES)
	$(SWIFT) build $(SWIFT_FLAGS) --product xend
	/usr/bin/python3 scripts/test-browser.py "$$($(SWIFT) build --show-bin-path)/xend"

## run: start the daemon on the simulated host, sockets under ./run/ (no root needed); Ctrl-C stops it
RUN_FLAGS ?= --config /dev/null --backend simulated --unix-path ./run/xend-socket --tcp-port 8000 \
	--state-dir ./run/state --save-dir ./run/save --daemon-log ./run/xend.log
run: deps
	$(SWIFT) build $(SWIFT_FLAGS) --product xend
	@mkdir -p run
	@echo "xend on the simulated host: Unix socket ./run/xend-socket, TCP 127.0.0.1:8000. Try, in another terminal:"
	@echo "  curl -s --unix-socket ./run/xend-socket -H 'Accept: application/sxp' http://localhost/xend/node"
	@echo "  curl -s -H 'Accept: application/sxp' http://127.0.0.1:8000/xend/domain"
	@echo "  curl -s --unix-socket ./run/xend-socket -H 'Accept: application/sxp' -d op=create \\"
	@echo "       --data-urlencode 'config=(vm (name vm1) (memory 256) (image (linux (kernel /boot/vmlinuz))))' \\"
	@echo "       http://localhost/xend/domain/"
	@echo "  curl -s -H 'Accept: application/json' http://127.0.0.1:8000/xend/domain/vm1"
	@echo "More in docs/daemon.md."
	"$$($(SWIFT) build --show-bin-path)/xend" $(RUN_FLAGS)

## run-simulated: the same as run
run-simulated: run

## bench: every benchmark (Benchmarks/run.sh; BENCH=sexpression|hypervisor|http|daemon picks one)
BENCH ?= all
bench: deps
	./Benchmarks/run.sh $(BENCH)

## function-order: write Sources/xend/function-order.txt again (scripts/function-order.sh, valgrind), the
## order the release link places the daemon's everyday functions in; make test-xen fails when it is stale
.PHONY: function-order
function-order: deps
	./scripts/function-order.sh

## perf-page: the daemon benchmark (Benchmarks/bench-daemon.sh) into docs/performance/, and its plot
## (Benchmarks/plot-performance.py with Debian's python3 and python3-matplotlib, as metrics-check uses Debian's
## python3). With wrk installed it also measures the daemon against the original xend's figures
## (Benchmarks/bench-original.sh); ORIGINAL_CMD adds a running original xend.
.PHONY: perf-page
perf-page: deps
	mkdir -p docs/performance
	: > docs/performance/results.tsv
	RESULTS=$(CURDIR)/docs/performance/results.tsv ./Benchmarks/bench-daemon.sh | tee docs/performance/bench-output.txt
	/usr/bin/python3 Benchmarks/plot-performance.py docs/performance/results.tsv docs/performance/performance.png

## fuzz: run the libFuzzer targets (FUZZ_SECONDS each, default 60)
FUZZ_SECONDS ?= 60
fuzz: deps
	./Fuzz/fuzz.sh $(FUZZ_SECONDS)

## format: rewrite every hand-written Swift file as swift-format wants it (generated ones are left alone)
format:
	./scripts/lint.sh --fix

## lint: swift-format in strict mode and ShellCheck over the shell scripts; CI fails on any finding
lint:
	@./scripts/ensure-deps.sh shellcheck
	./scripts/lint.sh

## check-docs: every citation points inside the repository, and docs/architecture.md's module graph
## matches Package.swift (both run by make test)
check-docs:
	./scripts/check-citations.py
	SWIFT=$(SWIFT) ./scripts/module-graph.py --check

## module-graph: redraw the module graph in docs/architecture.md from Package.swift
module-graph:
	SWIFT=$(SWIFT) ./scripts/module-graph.py

clean:
	rm -rf .build .build-*

## generate: regenerate the libxl Swift types from the installed libxl.h (Sources/Xenlight/Generated) and the
## forwarders to the Xen libraries' functions (Sources/CXenlightShims/xen-functions.c)
generate: deps
	$(SWIFT) run xenlight-gen --include /usr/include --output Sources/Xenlight/Generated \
		--test-output Tests/XenlightTests/Generated
	CLANG=$$(dirname "$$(command -v $(SWIFT))")/clang /usr/bin/python3 scripts/xen-functions.py \
		--output Sources/CXenlightShims/xen-functions.c

## check-generated: fail when the committed generated files differ from what the headers produce
check-generated: generate
	git diff --exit-code -- Sources/Xenlight/Generated Tests/XenlightTests/Generated Sources/CXenlightShims/xen-functions.c
	@test -z "$$(git status --porcelain -- Sources/Xenlight/Generated Tests/XenlightTests/Generated Sources/CXenlightShims/xen-functions.c)" \
		|| { echo "untracked generated files: run make generate and commit"; exit 1; }

## test-xen: boot Xen 4.17 + dom0 in QEMU (TCG) and run the in-dom0 tests (tests/all.sh); first a short boot
## without an IOMMU for the passthrough failure (tests/no-iommu.sh; its log stays as serial-no-iommu.log); then
## the link of the release daemon it built, and of release xendctl and libxend (scripts/check-release-link.sh)
XEN_HOST_CACHE ?= Tests/XenHost/cache
test-xen: deps
	status=0; \
	XEN_HOST_IOMMU=0 Tests/XenHost/run.sh --timeout 900 Tests/XenHost/tests/no-iommu.sh || status=1; \
	cp "$(XEN_HOST_CACHE)/serial.log" "$(XEN_HOST_CACHE)/serial-no-iommu.log" || true; \
	Tests/XenHost/run.sh --timeout 3600 Tests/XenHost/tests/all.sh || status=1; \
	for product in xendctl xendc; do \
		$(RELEASE_BUILD) --scratch-path .build-xen --product $$product || status=1; \
	done; \
	./scripts/check-release-link.sh .build-xen/release/xend .build-xen/release/xendctl \
		.build-xen/release/libxendc.so || status=1; \
	exit $$status

## stress: the hardening tests in full (64 clients x 10,000 requests, 200 kill -9; docs/hardening.md)
.PHONY: stress
stress: deps
	$(SWIFT) build $(SWIFT_FLAGS) --product xend
	./scripts/hardening/run.sh stress "$$($(SWIFT) build --show-bin-path)/xend"

## man: the manual pages into build/man: xend(8) and xendctl(1) generated from the argument parsers of
## the release binaries (swift-argument-parser's generate-manual tool), xend-config.sxp(5) as written;
## each page is checked to name every flag or key the program has
.PHONY: man deb test-deb
RELEASE_BUILD := SWIFT=$(SWIFT) ./scripts/release-build.sh $(SWIFT_FLAGS)
# The pages carry the date of the newest packaging/debian/changelog entry, so a rebuild gives the same bytes.
MAN_DATE = $$(date -u -d "$$(sed -n 's/^ -- .*>  //p' packaging/debian/changelog | head -n1)" '+%Y-%m-%d')
man: deps
	$(RELEASE_BUILD) --product xend
	$(RELEASE_BUILD) --product xendctl
	$(RELEASE_BUILD) --product generate-manual
	mkdir -p build/man
	bin="$$($(SWIFT) build -c release --show-bin-path)" && \
	"$$bin/generate-manual" "$$bin/xend" --section 8 --date "$(MAN_DATE)" --output-directory build/man && \
	"$$bin/generate-manual" "$$bin/xendctl" --section 1 --date "$(MAN_DATE)" --output-directory build/man
	# roff reads an empty line as a blank output line (groff warns); the generator leaves some between sections.
	sed -i '/^$$/d' build/man/xend.8 build/man/xendctl.1
	cp packaging/man/xend-config.sxp.5 build/man/
	./scripts/check-man-pages.py flags build/man/xend.8 "$$($(SWIFT) build -c release --show-bin-path)/xend"
	./scripts/check-man-pages.py flags build/man/xendctl.1 "$$($(SWIFT) build -c release --show-bin-path)/xendctl"
	./scripts/check-man-pages.py keys build/man/xend-config.sxp.5 Sources/XendServer/Configuration/XendConfiguration+File.swift

## deb: the Debian package build/deb/xend_<version>_<arch>.deb, checked by lintian (packaging/build-deb.sh)
DEB_TOOLS := dpkg-dev lintian patchelf
deb: man
	@./scripts/ensure-deps.sh $(DEB_TOOLS)
	./packaging/build-deb.sh

## test-deb: install the package into a clean root with dpkg --root, run it, remove and purge it (packaging/test-deb.sh)
test-deb: deb
	./packaging/test-deb.sh
