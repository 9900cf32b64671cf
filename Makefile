# The two commands of the quick start: `make run` and `make test`. Both
# install what is missing from Debian first, then build (Release).
BUILD ?= build
JOBS ?= $(shell nproc)
CMAKE_FLAGS ?=
PNG ?= $(BUILD)/sample-county.png
XVFB := xvfb-run -a -s "-screen 0 1920x1080x24"

.PHONY: deps build run test bench clean

deps:
	@scripts/install-deps.sh

build: deps
	@cmake -S . -B $(BUILD) -DCMAKE_BUILD_TYPE=Release $(CMAKE_FLAGS) >/dev/null
	@cmake --build $(BUILD) -j$(JOBS)

run: build
	@if [ -n "$$DISPLAY$$WAYLAND_DISPLAY" ]; then \
	  $(BUILD)/gridops view; \
	else \
	  echo "No display here (DISPLAY is not set), so no window can open."; \
	  echo "Rendering the sample county headless instead, with Xvfb, alive with a simulated day:"; \
	  $(XVFB) $(BUILD)/gridops render --simulate 24 --out $(PNG) && \
	  echo "The dashboard frame is in $(abspath $(PNG))"; \
	fi

test: build
	@scripts/install-deps.sh --test
	@cd $(BUILD) && ctest --output-on-failure -j$(JOBS)

bench: build
	@for b in $(BUILD)/bench/bench_*; do echo "== $$b"; $$b; done

clean:
	rm -rf $(BUILD)
