# Two commands matter on a fresh machine with Python 3.11 and make: `make demo`, `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
DEMO_DB := demo.db

.PHONY: demo test test-pg lint bench bench-load eval constraints clean

$(STAMP): pyproject.toml constraints.txt
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -c constraints.txt -e '.[dev,ray]'
	touch $(STAMP)

demo: $(STAMP)
	rm -f $(DEMO_DB) $(DEMO_DB)-wal $(DEMO_DB)-shm
	$(BIN)/backchannel analyze examples/corpus/*.md --db sqlite:///$(DEMO_DB) --format summary
	$(BIN)/backchannel events --db sqlite:///$(DEMO_DB) --actor putin --type AGREE
	$(BIN)/backchannel divergences --db sqlite:///$(DEMO_DB)
	$(BIN)/backchannel stories --db sqlite:///$(DEMO_DB) --min-reports 3
	$(BIN)/backchannel timeline --db sqlite:///$(DEMO_DB) --topic ceasefire --to 2023-12-31
	@echo 'Explore it in the browser: $(BIN)/backchannel serve --db sqlite:///$(DEMO_DB)'

lint: $(STAMP)
	$(BIN)/ruff check src tests benchmarks

test: $(STAMP) lint
	@sh scripts/ensure-chromium.sh
	$(BIN)/python -m pytest

# The whole suite again on a throw-away PostgreSQL server (scripts/start-postgres.sh
# installs Debian's package if need be). Without one (exit 3), it says why and passes.
test-pg: $(STAMP)
	@url=$$(scripts/start-postgres.sh); rc=$$?; \
	if [ $$rc -eq 3 ]; then echo "test-pg: skipped: no PostgreSQL server on this machine"; exit 0; fi; \
	if [ $$rc -ne 0 ]; then exit $$rc; fi; \
	trap scripts/stop-postgres.sh EXIT; \
	echo "test-pg: running the suite on $$url"; \
	BACKCHANNEL_TEST_DATABASE="$$url" $(BIN)/python -m pytest

bench: $(STAMP)
	$(BIN)/python benchmarks/run.py
	$(BIN)/python benchmarks/load.py

# 10,000 generated articles into SQLite and PostgreSQL from 2 ingest processes each.
bench-load: $(STAMP)
	$(BIN)/python benchmarks/load.py

eval: $(STAMP)
	$(BIN)/backchannel eval timex ../shared/data/tempeval3/TBAQ-cleaned
	$(BIN)/backchannel eval attribution ../shared/data/polnear/dev
	$(BIN)/backchannel eval events ../shared/data/plover-gsr/PLOVER_GSR_dev.json
	$(BIN)/backchannel eval quad ../shared/data/conflibert/cameo_class/train.tsv
	$(BIN)/backchannel eval roles ../shared/data/conflibert/cameo_ner/train.txt

constraints: $(STAMP)
	{ echo '# Exact versions of every installed package (pip freeze), so a fresh machine gets the'; \
	  echo '# environment the tests ran on. Regenerate with `make constraints` after changing pyproject.toml.'; \
	  $(BIN)/python -m pip freeze --exclude-editable | grep -v '^-e'; } > constraints.txt

clean:
	rm -rf $(VENV) $(DEMO_DB) $(DEMO_DB)-wal $(DEMO_DB)-shm .pytest_cache .ruff_cache
