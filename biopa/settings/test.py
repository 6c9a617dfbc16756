"""The test suite: fast hashing, in-memory e-mail and cache, tasks run at once."""

import os

from .base import *  # noqa: F403
from .base import CACHE_DIR, DATABASES, STATIC_ROOT, VAR_DIR
from .env import env_str

SECRET_KEY = "test-only-key"  # noqa: S105
DEBUG = False
ALLOWED_HOSTS = ["*"]
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
# On SQLite the test database is a file, not Django's in-memory default, so that a
# `manage.py` subprocess of a transactional test (tests/privacy) opens the same database.
# One per pytest process (pytest-django adds `_gw0`... under xdist), removed at the end.
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATABASES["default"].setdefault("TEST", {})["NAME"] = str(
        VAR_DIR / f"test-db-{os.getpid()}.sqlite3"
    )
CACHES = {
    "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"},
    "renditions": {
        "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
        "LOCATION": "renditions",
    },
}
# A test that runs manage.py in a subprocess shares the cache with it through files
# (tests/cache/conftest.py, `shared_cache`): CACHE_DIR set explicitly turns that on.
if env_str("CACHE_DIR"):
    CACHES["default"] = {
        "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
        "LOCATION": str(CACHE_DIR),
    }
TASKS = {
    "default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"},
    "documents": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"},
}
MEDIA_ROOT = VAR_DIR / "test-media"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.InMemoryStorage"},
    "documents": {"BACKEND": "documents.storage.PrivateInMemoryStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
WAGTAILLOCALIZE_MACHINE_TRANSLATOR = {
    "CLASS": "wagtail_localize.machine_translators.dummy.DummyTranslator",
}

VAR_DIR.mkdir(parents=True, exist_ok=True)
STATIC_ROOT.mkdir(parents=True, exist_ok=True)
LOGGING["loggers"]["wagtail"] = {"level": "WARNING"}  # noqa: F405
# Tests measure uncached requests; the cache's own tests switch it on.
PAGE_CACHE_SECONDS = 0
SEARCH_CACHE_SECONDS = 0  # the search's own tests switch it on
