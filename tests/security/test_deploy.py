import os
import secrets
import subprocess
import sys
from pathlib import Path

import pytest

BASE_DIR = Path(__file__).resolve().parents[2]


def clean_environment():
    # Browser tests set DJANGO_ALLOW_ASYNC_UNSAFE in this process; a deployment never has it.
    return {k: v for k, v in os.environ.items() if k != "DJANGO_ALLOW_ASYNC_UNSAFE"}


def run_check(**extra_env):
    env = {
        **clean_environment(),
        "DJANGO_SETTINGS_MODULE": "biopa.settings.production",
        "SECRET_KEY": secrets.token_urlsafe(50),
        "ALLOWED_HOSTS": "example.com",
        "REDIS_URL": "redis://127.0.0.1:6379/0",  # production refuses a per-process cache
        **extra_env,
    }
    return subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_check_deploy_is_clean_with_production_settings():
    result = run_check()
    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues" in result.stdout


def test_check_deploy_is_clean_with_s3_media():
    result = run_check(AWS_STORAGE_BUCKET_NAME="biopa-media", AWS_S3_CUSTOM_DOMAIN="cdn.example")
    assert result.returncode == 0, result.stdout + result.stderr


def test_production_refuses_to_start_without_a_secret_key():
    env = {k: v for k, v in os.environ.items() if k != "SECRET_KEY"}
    result = subprocess.run(
        [sys.executable, "-c", "import django; from django.conf import settings; settings.DEBUG"],
        cwd=BASE_DIR,
        env={**env, "DJANGO_SETTINGS_MODULE": "biopa.settings.production"},
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode != 0
    assert "SECRET_KEY must be set" in result.stderr


@pytest.mark.django_db
def test_error_pages_leak_nothing(client, settings):
    settings.DEBUG = False
    response = client.get("/el/no-such-page/?q=<script>")
    assert response.status_code == 404
    assert "Traceback" not in response.text and "settings" not in response.text.lower()
    assert "<script>" not in response.text
