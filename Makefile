# Two commands do all the set-up: `make demo` and `make test` (see README.md).
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin

.PHONY: install demo test lint browser bench mutation clean

$(BIN)/.installed: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test]'
	touch $@

install: $(BIN)/.installed

demo: install
	$(BIN)/hedgeopt demo
	$(BIN)/hedgeopt program examples/seed_10m.toml --paths 1000

lint: install
	$(BIN)/ruff check pricing scenarios hedgeopt tests bench examples

# The report's test opens it in Debian's headless chromium, with a Japanese font so that the Japanese report is
# measured (and screenshot) in real glyphs; install them where missing and allowed.
browser:
	@{ command -v chromium >/dev/null 2>&1 && fc-list :lang=ja | grep -q .; } || \
	  { [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1 && \
	  apt-get update -qq >/dev/null 2>&1 && \
	  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium fonts-noto-cjk >/dev/null 2>&1; } || \
	  echo "chromium or a Japanese font could not be installed: the report's browser test will be skipped or" \
	  "measure the Japanese report in placeholder glyphs"

test: lint browser
	$(BIN)/python -m pytest

bench: install
	$(BIN)/python bench/run_all.py

# Mutation score of the core modules (mutation/modules.toml; not part of `make test` nor CI): mutmut, one module at a
# time on its targeted tests. Results are kept in mutation/work/ and only what changed is re-tested; `rm -rf
# mutation/work` starts afresh. MUTATION_WORKERS=2 on an idle machine.
mutation: install
	$(BIN)/python -m pip install --quiet -e '.[mutation]'
	nice -n 10 $(BIN)/python mutation/run.py run --workers $${MUTATION_WORKERS:-1}
	$(BIN)/python mutation/run.py score

clean:
	rm -rf $(VENV) build *.egg-info .pytest_cache mutation/work
