# Two commands a newcomer needs: `make run` (install everything, open the app) and
# `make test` (install everything, check the house's rules, run the whole test suite).
# Both build .venv/ once. The work is done by tasks.py, which needs only Python, so that
# Windows (no make) has the same commands: `python tasks.py run`, `python tasks.py test`.
PYTHON ?= python3

.PHONY: run test lint clean

run test lint:
	$(PYTHON) tasks.py $@

clean:
	rm -rf .venv build dist .pytest_cache .ruff_cache
