# The two commands of the README: `make run` and `make test`. Everything else is a helper.
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
HOST ?= 127.0.0.1:8000
LOAD_HOST ?= http://127.0.0.1:8000
LOAD_USERS ?= 10

.PHONY: run test lint format install install-dev worker beat load

$(VENV)/.runtime: requirements.txt
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install -q -r requirements.txt
	touch $@

$(VENV)/.dev: $(VENV)/.runtime requirements-dev.txt
	$(BIN)/pip install -q -r requirements-dev.txt
	touch $@

install: $(VENV)/.runtime
install-dev: $(VENV)/.dev

## run: install, migrate, load the demo city and serve it on http://127.0.0.1:8000 (SQLite, Celery eager)
run: install
	$(BIN)/python manage.py migrate --noinput
	$(BIN)/python manage.py seed_demo
	DEBUG=1 $(BIN)/python manage.py runserver $(HOST)

## test: install and run the whole suite (PostgreSQL when DATABASE_URL is set, else SQLite)
test: install-dev
	$(BIN)/python -m pytest $(PYTEST_ARGS)

## lint: ruff (style, imports, format) and mypy (the kernel and reports/figures strictly)
lint: install-dev
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy

format: install-dev
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

worker: install
	$(BIN)/celery -A zonetrack worker -l info

beat: install
	$(BIN)/celery -A zonetrack beat -l info

## load: 60 s of locust on loopback, LOAD_USERS users (the demo official and leader) against a
## server already running at LOAD_HOST with the demo data; exits 1 on any failed request
load: install-dev
	$(BIN)/locust -f scripts/locustfile.py --headless --host $(LOAD_HOST) --users $(LOAD_USERS) \
		--spawn-rate $(LOAD_USERS) --run-time 60s --stop-timeout 10 --only-summary
