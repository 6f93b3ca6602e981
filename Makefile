# The two commands of the README: `make demo` and `make test`. Both set up a fresh machine first.
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)
# poppler-utils: pdftotext (benchmark reference); antiword + LibreOffice: legacy .doc/.xls/.wps/.odt;
# fonts-wqy-microhei: a CJK font for generated scanned pages.
APT_PACKAGES := poppler-utils antiword fonts-wqy-microhei libreoffice-writer-nogui libreoffice-calc-nogui
export JIAODU_HOME ?= $(CURDIR)/var

.PHONY: setup system-packages test lint demo bench clean

setup: system-packages $(BIN)/.installed

system-packages:
	@if ! dpkg -s $(APT_PACKAGES) >/dev/null 2>&1; then \
		echo "安装系统软件包: $(APT_PACKAGES)"; \
		$(SUDO) apt-get update -qq && \
		DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq --no-install-recommends $(APT_PACKAGES); \
	fi

$(BIN)/.installed: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install -q --upgrade pip
	$(BIN)/pip install -q -e '.[dev]'
	touch $@

lint: setup
	$(BIN)/ruff check .

test: lint
	$(BIN)/python -m pytest -q

demo: setup
	rm -rf demo/bundle
	$(BIN)/jiaodu sample --seed 1 -o demo/bundle
	$(BIN)/jiaodu audit demo/bundle --framework hn-2021-county-gov --json demo/audit.json --export demo
	$(BIN)/jiaodu search "只增不减" --limit 3

bench: setup
	$(BIN)/python bench/extract.py
	$(BIN)/python bench/match.py
	$(BIN)/python bench/audit.py
	$(BIN)/python bench/search.py

clean:
	rm -rf $(VENV) var demo .pytest_cache .ruff_cache *.egg-info
