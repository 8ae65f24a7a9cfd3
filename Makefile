.PHONY: run test lint

run:  ## Installeer alles en start Schakel met demodata op http://127.0.0.1:8000
	scripts/run.sh

test:  ## Installeer alles en draai de volledige testsuite (SQLite, PostgreSQL, browser)
	scripts/test.sh

lint:
	.venv/bin/ruff check . && .venv/bin/ruff format --check .
