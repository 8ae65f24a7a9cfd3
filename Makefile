.PHONY: run test lint totp bench

run:  ## Installeer alles en start Schakel met demodata op http://127.0.0.1:8000
	scripts/run.sh

test:  ## Installeer alles en draai de volledige testsuite (SQLite, PostgreSQL, browser)
	scripts/test.sh

lint:
	.venv/bin/ruff check . && .venv/bin/ruff format --check .

totp:  ## Toon de huidige TOTP-code van een demogebruiker: make totp GEBRUIKER=procesregisseur
	SCHAKEL_DEBUG=1 .venv/bin/python manage.py demo_totp $(GEBRUIKER)

GROOTTE ?= 10000
DUUR ?= 20s
bench:  ## Meet elke pagina onder last zoals in productie (niet in make test): make bench GROOTTE=100000 DUUR=30s
	GROOTTE=$(GROOTTE) DUUR=$(DUUR) scripts/bench/run.sh
