# The project's commands; see README.md.
.PHONY: demo test lint pot bench

demo:  ## set everything up and serve the demo on http://localhost:8069
	bash scripts/demo.sh

test:  ## lint + addon tests (with browser tours) + system tests, one pytest run
	bash scripts/test.sh $(PYTEST_ARGS)

lint:  ## ruff and pylint-odoo only
	bash scripts/lint.sh

pot:  ## regenerate the .pot and merge it into zh_CN.po
	bash scripts/i18n.sh

bench:  ## benchmarks, one JSON line per case (DESIGN.md §6); SM_BENCH_* variables scale them
	bash scripts/bench.sh
