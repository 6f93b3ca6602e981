# The two commands of the README: `make demo` and `make test`. Both set up a fresh machine first.
# `make test-fast` leaves out the tests marked slow (see ARCHITECTURE.md).
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)
# poppler-utils: pdftotext (benchmark reference); antiword + LibreOffice: legacy .doc/.xls/.wps/.odt;
# fonts-wqy-microhei: a CJK font for generated scanned pages.
APT_PACKAGES := poppler-utils antiword fonts-wqy-microhei libreoffice-writer-nogui libreoffice-calc-nogui
# chromium + chromium-driver: the browser tests drive Debian's Chromium (tests/test_browser.py).
TEST_APT_PACKAGES := chromium chromium-driver
# The demo keeps its data where every `jiaodu` command looks by default ($JIAODU_HOME, else
# ~/.local/share/jiaodu), so `jiaodu search` in a shell afterwards finds it; the tests keep theirs in ./var.
test test-fast: export JIAODU_HOME ?= $(CURDIR)/var
PORT ?= 8000
DEMO_PASSWORD ?= jiaodu-demo

.PHONY: setup system-packages test-packages test test-fast lint demo bench clean

setup: system-packages $(BIN)/.installed

system-packages:
	@if ! dpkg -s $(APT_PACKAGES) >/dev/null 2>&1; then \
		echo "安装系统软件包: $(APT_PACKAGES)"; \
		$(SUDO) apt-get update -qq && \
		DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq --no-install-recommends $(APT_PACKAGES); \
	fi

test-packages:
	@if ! dpkg -s $(TEST_APT_PACKAGES) >/dev/null 2>&1; then \
		echo "安装测试用浏览器: $(TEST_APT_PACKAGES)"; \
		$(SUDO) apt-get update -qq && \
		DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq --no-install-recommends $(TEST_APT_PACKAGES); \
	fi

$(BIN)/.installed: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install -q --upgrade pip
	$(BIN)/pip install -q -e '.[dev]'
	touch $@

lint: setup
	$(BIN)/ruff check .

test: lint test-packages
	$(BIN)/python -m pytest -q

test-fast: lint
	$(BIN)/python -m pytest -q -m "not slow"

demo: setup
	rm -rf demo/bundle demo/bundle.labels.json
	$(BIN)/jiaodu sample --seed 1 -o demo/bundle
	$(BIN)/jiaodu audit demo/bundle --framework hn-2021-county-gov --json demo/audit.json --export demo
	$(BIN)/jiaodu user add demo --role admin --password $(DEMO_PASSWORD) --display-name 演示管理员 --exist-ok
	$(BIN)/jiaodu submit demo/bundle --framework hn-2021-county-gov --city 示范市 --user demo --name 示范县2022年度材料
	@echo "数据目录：$$($(BIN)/python -c 'from service import settings; print(settings.home())')（jiaodu search 等命令默认使用同一目录）"
	$(BIN)/jiaodu serve --port $(PORT) --demo-login "用户名 demo，密码 $(DEMO_PASSWORD)"

bench: setup
	$(BIN)/python bench/extract.py
	$(BIN)/python bench/match.py
	$(BIN)/python bench/audit.py
	$(BIN)/python bench/search.py
	$(BIN)/python bench/hostile.py

clean:
	rm -rf $(VENV) var demo .pytest_cache .ruff_cache *.egg-info
