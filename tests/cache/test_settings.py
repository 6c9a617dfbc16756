"""The response cache lives in one store that every process of the site shares: Redis, or
files in CACHE_DIR; never a cache of each process's own outside the tests. Production
refuses to start with a page cache and no shared store."""

import json
import os
import secrets
import subprocess
import sys
from pathlib import Path

import pytest

from biopa.cache import VERSION_KEY
from home.models import StandardPage
from tests.conftest import add_page

ROOT = Path(__file__).resolve().parents[2]
PRINT_CACHES = (
    "import json; from django.conf import settings; "
    "print(json.dumps({alias: c['BACKEND'] for alias, c in settings.CACHES.items()}))"
)


def run_settings(module, code=PRINT_CACHES, **variables):
    env = {
        k: v
        for k, v in os.environ.items()
        if k not in ("DJANGO_ALLOW_ASYNC_UNSAFE", "REDIS_URL", "CACHE_DIR", "PAGE_CACHE_SECONDS")
    }
    env.update(DJANGO_SETTINGS_MODULE=module, SECRET_KEY=secrets.token_urlsafe(50), **variables)
    return subprocess.run(  # noqa: S603 - this interpreter, the project's settings
        [sys.executable, "-c", f"import django; django.setup(); {code}"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )


def backends(result):
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout.strip().splitlines()[-1])


def test_production_refuses_a_page_cache_without_a_shared_store():
    result = run_settings("biopa.settings.production")
    assert result.returncode != 0
    assert "ImproperlyConfigured" in result.stderr
    assert "REDIS_URL" in result.stderr and "PAGE_CACHE_SECONDS=0" in result.stderr


def test_production_starts_with_redis_with_files_or_without_a_page_cache(tmp_path):
    redis = backends(run_settings("biopa.settings.production", REDIS_URL="redis://127.0.0.1:1/0"))
    assert redis == {
        "default": "biopa.cache_backends.ResilientRedisCache",
        "renditions": "biopa.cache_backends.ResilientRedisCache",
    }
    files = backends(run_settings("biopa.settings.production", CACHE_DIR=str(tmp_path)))
    assert files["default"] == "django.core.cache.backends.filebased.FileBasedCache"
    off = run_settings("biopa.settings.production", PAGE_CACHE_SECONDS="0")
    assert off.returncode == 0, off.stderr


def test_make_run_shares_one_file_cache_between_its_processes(tmp_path):
    """`make run` (the dev settings): the server and its publish_scheduled loop each read
    the same files in VAR_DIR/cache."""
    result = run_settings(
        "biopa.settings.dev",
        code=PRINT_CACHES.replace("c['BACKEND']", "[c['BACKEND'], c.get('LOCATION')]"),
        VAR_DIR=str(tmp_path),
    )
    caches = backends(result)
    assert caches["default"] == [
        "django.core.cache.backends.filebased.FileBasedCache",
        str(tmp_path / "cache"),
    ]


@pytest.mark.django_db
def test_an_invalidation_in_another_process_reaches_this_one(shared_cache, client, home_el):
    page = add_page(home_el, StandardPage(title="Το πάρκο", slug="parko"))
    assert client.get(page.url)["X-Cache"] == "MISS"
    assert client.get(page.url)["X-Cache"] == "HIT"

    # What the scheduler, a shell or a task worker does after changing content.
    env = {k: v for k, v in os.environ.items() if k != "DJANGO_ALLOW_ASYNC_UNSAFE"}
    result = subprocess.run(  # noqa: S603 - this interpreter, the project's command
        [
            sys.executable,
            "manage.py",
            "shell",
            "-c",
            "from biopa.cache import invalidate; invalidate()",
        ],
        cwd=ROOT,
        env={**env, **shared_cache},
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    assert client.get(page.url)["X-Cache"] == "MISS"


@pytest.mark.django_db
def test_shared_cache_puts_this_process_on_the_files(shared_cache):
    from django.core.cache import cache

    cache.set(VERSION_KEY, "from-this-process", None)
    assert any(Path(shared_cache["CACHE_DIR"]).iterdir())
