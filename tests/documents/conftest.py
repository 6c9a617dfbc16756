import pytest


@pytest.fixture(autouse=True)
def _no_login_throttling(settings):
    """These tests log users in without a request address; django-axes' login records
    (an IP address column) are not what they are about."""
    settings.AXES_ENABLED = False


@pytest.fixture
def files_on_disk(settings, tmp_path):
    """The storages of `make run`: media in MEDIA_ROOT, documents in DOCUMENTS_ROOT."""
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
        "documents": {
            "BACKEND": "documents.storage.PrivateFileSystemStorage",
            "OPTIONS": {"location": str(tmp_path / "private-documents")},
        },
    }
    return tmp_path
