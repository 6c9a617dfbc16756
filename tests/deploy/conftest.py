"""The files of deploy/ as an operator installs them, and the settings they name."""

import json
import re
import secrets
import subprocess
import sys
from pathlib import Path

import pytest

from tests.servers import ROOT

DEPLOY = ROOT / "deploy"
ENV_EXAMPLE = DEPLOY / "biopa.env.example"
SITE_FILE = DEPLOY / "nginx" / "biopa.conf"
UNITS = sorted((DEPLOY / "systemd").iterdir())
# Where docs/deploy.md puts things.
APP_DIR = "/srv/biopa/app"
ENV_FILE = "/etc/biopa/biopa.env"


def env_example():
    """The example's variables, as sh reads the file (systemd reads it the same way): the
    set ones with their values, and the names of those commented out with their default."""
    shown = subprocess.run(  # noqa: S603 - sh on the repository's file
        ["sh", "-c", 'set -a; . "$0"; set +a; env -0', str(ENV_EXAMPLE)],  # noqa: S607
        env={},
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    values = dict(item.split("=", 1) for item in shown.split("\0") if "=" in item)
    values = {k: v for k, v in values.items() if k not in ("PWD", "SHLVL", "_", "OLDPWD")}
    commented = set(re.findall(r"^# ([A-Z][A-Z0-9_]+)=", ENV_EXAMPLE.read_text(), re.M))
    return values, commented


SETTINGS_SCRIPT = """
import json, django
django.setup()
from django.conf import settings
from django.core.management import call_command
call_command("check", deploy=True, fail_level="WARNING")
print(json.dumps({name: str(getattr(settings, name)) for name in (
    "STATIC_ROOT", "STATIC_URL", "MEDIA_ROOT", "MEDIA_URL", "DOCUMENTS_ROOT", "BACKUP_DIR",
    "VAR_DIR", "TRUSTED_PROXY_COUNT", "WAGTAILDOCS_MAX_UPLOAD_SIZE", "SECURE_PROXY_SSL_HEADER",
)}))
"""


@pytest.fixture(scope="session")
def production_settings():
    """The production settings as the example environment makes them (with a real secret
    key); `check --deploy` passes on them without a warning."""
    values, _commented = env_example()
    values["SECRET_KEY"] = secrets.token_urlsafe(50)
    run = subprocess.run(  # noqa: S603 - the project's own settings
        [sys.executable, "-c", SETTINGS_SCRIPT],
        cwd=ROOT,
        env={"PATH": "/usr/bin:/bin", **values},
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert run.returncode == 0, run.stderr
    return json.loads(run.stdout.splitlines()[-1])


def unit_sections(path):
    """A systemd unit as {section: {key: [values]}} (a key may repeat)."""
    sections, current = {}, None
    for line in Path(path).read_text().splitlines():
        line = line.strip()
        if not line or line.startswith(("#", ";")):
            continue
        if line.startswith("["):
            current = sections.setdefault(line.strip("[]"), {})
            continue
        key, _, value = line.partition("=")
        current.setdefault(key.strip(), []).append(value.strip())
    return sections
