"""Errors reach a person: a server error is e-mailed to ADMINS; with the production
settings, logs are JSON lines (python-json-logger) and Sentry starts when SENTRY_DSN is set,
without personal data."""

import json
import subprocess
import sys

from django.core import mail
from django.test import override_settings

from tests.servers import ROOT, production_environment


@override_settings(
    ROOT_URLCONF="tests.deploy.error_urls",
    ADMINS=[("Operator", "ops@example.org")],
    SERVER_EMAIL="site@example.org",
)
def test_a_server_error_is_mailed_to_the_admins(client):
    client.raise_request_exception = False
    response = client.get("/broken/")
    assert response.status_code == 500
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["ops@example.org"]
    assert message.from_email == "site@example.org"
    assert message.subject.startswith("[biopa] ERROR")
    assert "/broken/" in message.subject
    assert "the database caught fire" in message.body


def test_production_logs_json_lines_and_starts_sentry_without_personal_data(tmp_path):
    env = production_environment(
        database_url=f"sqlite:///{tmp_path / 'unused.sqlite3'}",
        var_dir=tmp_path,
        static_root=tmp_path / "static",
    )
    env.update(
        SENTRY_DSN="https://public@sentry.example.org/1",
        ADMINS="Operator <ops@example.org>, second@example.org",
        LOG_LEVEL="INFO",
    )
    script = """
import logging, django
django.setup()
import sentry_sdk
from django.conf import settings
client = sentry_sdk.get_client()
logging.getLogger("biopa.check").warning("Καλημέρα %s", "κόσμε", extra={"path": "/el/"})
print("SETTINGS", client.is_active(), client.options["send_default_pii"], settings.ADMINS)
"""
    run = subprocess.run(  # noqa: S603 - the project's own settings
        [sys.executable, "-c", script],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert run.returncode == 0, run.stderr
    lines = run.stdout.splitlines()
    entry = json.loads(next(line for line in lines if "biopa.check" in line))
    assert entry["level"] == "WARNING"
    assert entry["logger"] == "biopa.check"
    assert entry["message"] == "Καλημέρα κόσμε"
    assert entry["path"] == "/el/"
    assert entry["time"].endswith("+00:00")
    summary = next(line for line in lines if line.startswith("SETTINGS"))
    assert summary == (
        "SETTINGS True False [('Operator', 'ops@example.org'), ('', 'second@example.org')]"
    )
