# The only commands the README documents. Each installs what it needs on a fresh machine
# (Python 3.11 + pip + apt): uv from PyPI, the locked dependencies, Debian's chromium for tests.
# install compiles bytecode (dependencies and our own editable packages): with PYTHONDONTWRITEBYTECODE
# set, an install without it recompiles every module on every start (~3 × slower commands).
UV := python3 -m uv
PORT ?= 8501

.PHONY: run test lint style bench install browser demo

install:
	@python3 -m uv --version >/dev/null 2>&1 || python3 -m pip install --quiet uv \
		|| python3 -m pip install --quiet --break-system-packages uv
	@UV_COMPILE_BYTECODE=1 $(UV) sync --frozen --quiet
	@$(UV) run --frozen python -m compileall -q pipelines dashboard benchmarks

# Debian's chromium for the browser tests; LibreOffice (Calc and Writer) for the tests that convert
# files and print the annexes with soffice; poppler-utils to read printed PDFs back (pdftotext)
APT_TOOLS := chromium libreoffice-calc-nogui libreoffice-writer-nogui poppler-utils
browser:
	@dpkg -s $(APT_TOOLS) >/dev/null 2>&1 || { \
		SUDO=$$( [ "$$(id -u)" = 0 ] || echo sudo ); \
		$$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq \
			$(APT_TOOLS) >/dev/null; }

demo: install
	@$(UV) run cchc demo --if-absent

run: demo
	@echo "Bảng điều khiển: http://localhost:$(PORT)"
	@$(UV) run cchc serve --port $(PORT)

test: install browser style
	@$(UV) run pytest

# ruff: pyflakes, pycodestyle, import order, bugbear, and the layout the formatter gives (the line
# length in pyproject.toml); part of `make test`, hence CI
style: install
	@$(UV) run ruff check --quiet .
	@$(UV) run ruff format --check --quiet .

# The checks by tools alone, no browser: ruff, every SQL file's `-- reads:` header against what
# sqlglot parses it to read, and the house rules (public functions annotated, the rooms' imports,
# each word written once, one function per query); all of them are part of `make test` too
lint: style
	@$(UV) run pytest -q tests/sql/test_reads_headers.py tests/test_annotations.py tests/test_rooms.py \
		tests/test_one_place.py tests/pipelines/test_reads.py

bench: install
	@$(UV) run python -m benchmarks
	@$(UV) run python -m benchmarks.processes
	@$(UV) run python -m benchmarks.pages 2>/dev/null
	@$(UV) run python -m benchmarks.survey
	@$(UV) run python -m benchmarks.load
