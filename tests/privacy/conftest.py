"""The privacy matrix runs on the file cache that `manage.py` subprocesses share with it
(tests/cache/conftest.py), and on a test database those subprocesses can open."""

import pytest

from tests.cache.conftest import shared_cache  # noqa: F401 - the fixture, for this folder


@pytest.fixture(autouse=True)
def _files_on_disk(settings, tmp_path):
    """Wagtail's document serve view sends files from a path on disk, as in production; the
    test settings' in-memory storage has none."""
    storages = dict(settings.STORAGES)
    for name in ("default", "documents"):
        if name in storages:
            storages[name] = {
                "BACKEND": "django.core.files.storage.FileSystemStorage",
                "OPTIONS": {"location": str(tmp_path / "media" / name)},
            }
    settings.STORAGES = storages
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture(autouse=True)
def _no_login_throttling(settings):
    settings.AXES_ENABLED = False
