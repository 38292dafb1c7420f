# One-word tasks. CI runs .ci/run, which calls the same scripts.
.PHONY: install test test-postgres lint format serve bench peer

install:
	python3 -m venv .venv && .venv/bin/pip install -e ".[test]"

test:
	scripts/test

test-postgres:
	BORDERFLOW_DATABASE_URL=postgresql://postgres@127.0.0.1:5432/test scripts/test -m storage

lint:
	scripts/lint

format:
	.venv/bin/ruff format src tests benchmarks scripts && .venv/bin/ruff check --fix src tests benchmarks scripts

serve:
	.venv/bin/borderflow serve --demo

bench:
	.venv/bin/python benchmarks/bench_ledger.py

# nomenklatura's logic-v2, the screening benchmark's peer (dev only; see the file's header).
peer:
	.venv/bin/pip install --no-deps -r benchmarks/peer-requirements.txt
