"""deploy/: each systemd unit, the nginx site and the environment file agree with the
settings and commands they name (docs/deploy.md)."""

import re
import shlex
import subprocess
from pathlib import Path

import pytest
from django.core.management import get_commands, load_command_class
from django.test import override_settings

from biopa.frontend_cache import BACKEND_OPTIONS
from biopa.settings import base as base_settings
from tests.deploy.conftest import (
    APP_DIR,
    DEPLOY,
    ENV_FILE,
    ROOT,
    SITE_FILE,
    UNITS,
    env_example,
    unit_sections,
)

SERVICES = [unit for unit in UNITS if unit.suffix == ".service"]
TIMERS = [unit for unit in UNITS if unit.suffix == ".timer"]
ENV_READ = re.compile(r"""env_(?:str|int|bool|list)\(\s*["']([A-Z][A-Z0-9_]+)["']""")
OS_ENV_READ = re.compile(r"""os\.environ(?:\.get)?[\[(]\s*["']([A-Z][A-Z0-9_]+)["']""")


def variables_read():
    """Every environment variable the production settings, the CDN purge settings and
    gunicorn.conf.py read."""
    names = set()
    for source in [
        *(ROOT / "biopa" / "settings").glob("*.py"),
        ROOT / "biopa" / "frontend_cache.py",
    ]:
        if source.name in ("test.py", "dev.py"):
            continue
        names |= set(ENV_READ.findall(source.read_text()))
    names |= set(OS_ENV_READ.findall((ROOT / "gunicorn.conf.py").read_text()))
    names |= {var for options in BACKEND_OPTIONS.values() for var in options.values()}
    return names | {"DJANGO_SETTINGS_MODULE"}


def test_the_environment_example_lists_every_variable_the_settings_read():
    values, commented = env_example()
    listed = set(values) | commented
    read = variables_read()
    assert not read - listed, f"add to deploy/biopa.env.example: {sorted(read - listed)}"
    assert not listed - read, f"read by no setting: {sorted(listed - read)}"
    assert values["DJANGO_SETTINGS_MODULE"] == "biopa.settings.production"


def test_the_environment_example_makes_a_site_behind_nginx(production_settings):
    values, _commented = env_example()
    assert values["FORWARDED_ALLOW_IPS"] == "127.0.0.1"
    assert production_settings["TRUSTED_PROXY_COUNT"] == "1"
    assert production_settings["SECURE_PROXY_SSL_HEADER"] == "('HTTP_X_FORWARDED_PROTO', 'https')"
    assert production_settings["VAR_DIR"] == "/srv/biopa/var"
    documents = Path(production_settings["DOCUMENTS_ROOT"])
    assert not documents.is_relative_to(production_settings["MEDIA_ROOT"])
    assert values["ADMINS"]


@pytest.mark.parametrize("unit", SERVICES, ids=lambda path: path.name)
def test_each_service_runs_as_the_site_with_its_environment(unit, production_settings):
    service = unit_sections(unit)["Service"]
    assert service["User"] == ["biopa"] and service["Group"] == ["biopa"]
    assert service["WorkingDirectory"] == [APP_DIR]
    assert service["EnvironmentFile"] == [ENV_FILE]
    writable = service["ReadWritePaths"][0].split()
    assert production_settings["VAR_DIR"] in writable
    if "backup" in unit.name:
        assert production_settings["BACKUP_DIR"] in writable


@pytest.mark.parametrize("unit", SERVICES, ids=lambda path: path.name)
def test_each_command_exists_with_its_options(unit):
    (exec_start,) = unit_sections(unit)["Service"]["ExecStart"]
    program, *args = shlex.split(exec_start)
    assert program.startswith(f"{APP_DIR}/.venv/bin/")
    if Path(program).name == "gunicorn":
        assert args[0] == "-c"
        config = Path(args[1])
        assert config.parent == Path(APP_DIR) and (ROOT / config.name).is_file()
        return
    assert Path(program).name == "python" and args[0] == "manage.py"
    name, *options = args[1:]
    commands = get_commands()
    assert name in commands, f"{unit.name}: no command {name}"
    # With the production settings' task backends (the tests run tasks at once).
    with override_settings(TASKS=base_settings.TASKS):
        parser = load_command_class(commands[name], name).create_parser("manage.py", name)
        parser.parse_args(options)  # raises CommandError on an unknown option or value


def test_the_worker_serves_the_documents_backend():
    (exec_start,) = unit_sections(DEPLOY / "systemd" / "biopa-worker.service")["Service"][
        "ExecStart"
    ]
    assert "db_worker --backend documents" in exec_start
    from django.conf import settings

    assert "documents" in settings.TASKS


@pytest.mark.parametrize("timer", TIMERS, ids=lambda path: path.name)
def test_each_timer_starts_its_service_on_a_valid_calendar(timer):
    assert timer.with_suffix(".service").is_file()
    (calendar,) = unit_sections(timer)["Timer"]["OnCalendar"]
    checked = subprocess.run(  # noqa: S603
        ["systemd-analyze", "calendar", calendar],  # noqa: S607
        capture_output=True,
        text=True,
    )
    assert checked.returncode == 0, checked.stderr
    if "scheduler" in timer.name:
        assert calendar == "*-*-* *:*:00"  # every minute


def test_the_units_pass_systemd_analyze_verify(tmp_path):
    """As installed, with the application's paths pointed at this checkout."""
    venv_bin = Path(ROOT / ".venv" / "bin")
    for unit in UNITS:
        text = unit.read_text().replace(f"{APP_DIR}/.venv/bin", str(venv_bin))
        text = text.replace(APP_DIR, str(ROOT)).replace(ENV_FILE, str(DEPLOY / "biopa.env.example"))
        (tmp_path / unit.name).write_text(text)
    checked = subprocess.run(  # noqa: S603
        ["systemd-analyze", "verify", *sorted(str(p) for p in tmp_path.iterdir())],  # noqa: S607
        capture_output=True,
        text=True,
    )
    problems = [
        line
        for line in checked.stderr.splitlines()
        if "biopa" in line and "Failed to resolve user" not in line
    ]
    assert checked.returncode == 0 and not problems, checked.stderr


def nginx_directives(name):
    return re.findall(rf"^\s*{name}\s+([^;]+);", SITE_FILE.read_text(), re.M)


def test_the_site_serves_static_and_media_and_never_the_documents(production_settings):
    values, _commented = env_example()
    aliases = dict(re.findall(r"location (\S+) \{\s*alias (\S+);", SITE_FILE.read_text(), re.M))
    assert aliases == {
        production_settings["STATIC_URL"]: production_settings["STATIC_ROOT"] + "/",
        production_settings["MEDIA_URL"]: production_settings["MEDIA_ROOT"] + "/",
    }
    roots = nginx_directives("root") + nginx_directives("alias")
    documents = production_settings["DOCUMENTS_ROOT"]
    assert not any(
        Path(path).is_relative_to(documents) or Path(documents).is_relative_to(path)
        for path in roots
        if path.startswith("/srv")
    )
    (upstream,) = re.findall(r"upstream biopa_gunicorn \{\s*server (\S+?);", SITE_FILE.read_text())
    assert upstream == values["GUNICORN_BIND"]
    (body_size,) = nginx_directives("client_max_body_size")
    assert int(body_size.rstrip("m")) * 1024 * 1024 > int(
        production_settings["WAGTAILDOCS_MAX_UPLOAD_SIZE"]
    )


def test_the_site_tells_gunicorn_the_scheme_and_the_client():
    headers = dict(header.split(None, 1) for header in nginx_directives("proxy_set_header"))
    assert headers["X-Forwarded-Proto"] == "$scheme"  # SECURE_PROXY_SSL_HEADER
    assert headers["X-Forwarded-For"] == "$proxy_add_x_forwarded_for"  # TRUSTED_PROXY_COUNT=1
    assert headers["Host"] == "$host"


def test_the_manage_wrapper_reads_the_environment_file():
    script = (DEPLOY / "biopa-manage").read_text()
    assert f"APP_DIR={APP_DIR}" in script and f"ENV_FILE={ENV_FILE}" in script
    subprocess.run(["sh", "-n", str(DEPLOY / "biopa-manage")], check=True)  # noqa: S603, S607


def test_the_guide_keeps_documents_and_backups_from_nginx(production_settings):
    """docs/deploy.md creates the directories: static and media readable by nginx's user,
    the private documents and the backups by the site's user alone."""
    guide = (ROOT / "docs" / "deploy.md").read_text().replace("\\\n", " ")
    modes = {}
    for mode, paths in re.findall(r"install -d -o biopa -g biopa -m (\d+) ([^\n]+)", guide):
        modes |= dict.fromkeys(paths.split(), mode)
    assert modes[production_settings["STATIC_ROOT"]] == "0755"
    assert modes[production_settings["MEDIA_ROOT"]] == "0755"
    assert modes[production_settings["DOCUMENTS_ROOT"]] == "0700"
    assert modes[production_settings["BACKUP_DIR"]] == "0700"
