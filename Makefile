# Two commands for a fresh machine: `make run` and `make test` (see README.md).
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
# What running needs (requirements.txt) only: `make run` installs no test tools.
RUN_STAMP := $(VENV)/.installed-run
# -qq: only errors; --no-compile: Python compiles the modules it imports on first use.
PIP := $(BIN)/pip install -qq --no-compile --disable-pip-version-check

.PHONY: run test screenshots lint typecheck format install messages clean prod-check security

$(RUN_STAMP): requirements.txt
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(PIP) -r requirements.txt
	test -f .env || printf '# Local development only; never on a server.\nDEBUG=true\n' > .env
	touch $(RUN_STAMP)

$(STAMP): $(RUN_STAMP) requirements-dev.txt
	$(PIP) -r requirements-dev.txt
	touch $(STAMP)

install: $(STAMP)

# `exec`: the runner is make's own child, so a SIGTERM to make reaches it (make passes
# SIGTERM on to its children) and it stops web, worker and beat.
run: export DEBUG ?= true
run: $(RUN_STAMP)
	@echo "Preparing the database (migrations, demo data when it is empty)…"
	@$(BIN)/python manage.py migrate --noinput -v 0
	@$(BIN)/python manage.py seed_demo --if-empty
	@exec env PATH=$(abspath $(BIN)):$$PATH $(BIN)/python -m ops.runner Procfile \
		--then "$(BIN)/python manage.py demo_logins"

# pytest-xdist: one test process per CPU (TEST_WORKERS=0 runs them in this process).
TEST_WORKERS ?= auto

test: export DEBUG ?= true
test: install
	$(BIN)/pytest -n $(TEST_WORKERS) $(PYTEST_ARGS)

# Tests save their screenshots under var/screenshots/; this refreshes the pictures
# the documentation shows (docs/screenshots/), on purpose, from the browser tests.
screenshots: export DEBUG ?= true
screenshots: install
	SCREENSHOTS_DIR=docs/screenshots $(BIN)/pytest -n $(TEST_WORKERS) -m browser $(PYTEST_ARGS)

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

# mypy with django-stubs: production code in the default mode, campaigns strictly
# (pyproject.toml, [tool.mypy]).
typecheck: install
	$(BIN)/mypy .

format: install
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

clean:
	rm -rf $(VENV) var staticfiles

# Refresh the catalogues after adding strings, fill every empty msgstr in
# locale/vi/LC_MESSAGES/django.po, then run this again to compile. Copies of Django's
# and simple-history's admin templates are left out: their strings are Django's and
# the third parties' (locale/thirdparty, edited by hand).
messages: install
	mkdir -p locale
	$(BIN)/python manage.py makemessages -l vi -l en --no-location --no-wrap \
		--ignore=.venv --ignore=static/vendor --ignore=var --ignore=staticfiles \
		--ignore=templates/admin/search_form.html --ignore=templates/simple_history
	$(BIN)/python manage.py makemessages -d djangojs -l vi -l en --no-location \
		--no-wrap --ignore=.venv --ignore=static/vendor --ignore=var --ignore=staticfiles
	$(BIN)/python manage.py compilemessages --ignore=.venv -v 0

# `manage.py check --deploy` with production settings (DEBUG off, a real SECRET_KEY,
# HTTPS host names) must be clean, and collectstatic must build the compressed
# manifest (vendor source maps included). Nothing is written outside a temp dir.
prod-check: install
	@tmp=$$(mktemp -d) && trap 'rm -rf "$$tmp"' EXIT && \
	export DEBUG=false VAR_DIR="$$tmp/var" STATIC_ROOT="$$tmp/static" \
	  SECRET_KEY="$$($(BIN)/python -c 'import secrets; print(secrets.token_urlsafe(64))')" \
	  ALLOWED_HOSTS=cchc.example.gov.vn SITE_URL=https://cchc.example.gov.vn \
	  CSRF_TRUSTED_ORIGINS=https://cchc.example.gov.vn BEHIND_PROXY=true && \
	$(BIN)/python manage.py check --deploy --fail-level WARNING && \
	$(BIN)/python manage.py collectstatic --noinput -v 0 && \
	echo "prod-check: clean"

# Static analysis (bandit) and known vulnerabilities in the pinned packages
# (pip-audit); see docs/security.md for the findings that are explained.
security: install
	$(BIN)/bandit -q -c pyproject.toml -r .
	$(BIN)/python .ci/audit_dependencies.py
