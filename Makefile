# Two commands do all the set-up on a fresh clone: `make run` and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PORT ?= 8000
export DJANGO_SETTINGS_MODULE ?= biopa.settings.dev

.PHONY: run test venv lint migrations-check browsers clean bench lighthouse

$(BIN)/.installed: requirements.txt requirements-dev.txt
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -r requirements-dev.txt
	touch $@

venv: $(BIN)/.installed

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

# Browser tests run with a live server in transactions of their own, and the database is
# flushed after each: they run in a second pytest session, after everything else.
test: venv browsers
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

# Backups: a timestamped archive of the database (through Django) and the media files in
# var/backups/ (or BACKUP_DIR); `make restore FILE=var/backups/biopa-....tar.gz` brings one back.
.PHONY: backup restore
BACKUP_DIR ?= var/backups
backup: venv
	$(BIN)/python -m biopa.backup create $(BACKUP_DIR)

restore: venv
	@test -n "$(FILE)" || { echo "Usage: make restore FILE=path/to/biopa-YYYYmmdd-HHMMSS.tar.gz"; exit 2; }
	$(BIN)/python manage.py migrate --no-input
	$(BIN)/python -m biopa.backup restore $(FILE)
