"""Document files live where nothing serves them without a check: a storage of their own,
outside MEDIA_ROOT (or under a private S3 prefix), each under a random directory. The only
way to a file is Wagtail's serve view with its collection privacy check."""

import importlib
import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings as django_settings
from django.core.files.base import ContentFile
from django.core.files.storage import storages
from django.test import override_settings
from django.urls import clear_url_caches

from documents.models import CustomDocument
from documents.storage import move_documents_to_private_storage
from tests.documents.factories import make_document, private_collection

pytestmark = pytest.mark.django_db

SECRET = "Εσωτερικό σημείωμα για τον προϋπολογισμό.".encode()


@pytest.fixture
def media_served(files_on_disk):
    """biopa/urls.py as `make run` builds it: SERVE_MEDIA on, /media/ served by Django."""
    import biopa.urls

    def reload_urls():
        importlib.reload(biopa.urls)
        clear_url_caches()

    with override_settings(SERVE_MEDIA=True):
        reload_urls()
        yield files_on_disk
    reload_urls()


def body(response):
    return b"".join(response.streaming_content) if response.streaming else response.content


def test_files_are_stored_outside_media_under_a_random_directory(files_on_disk):
    document = make_document(filename="internal.txt", content=SECRET)
    assert re.fullmatch(r"documents/[0-9a-f]{16}/internal\.txt", document.file.name)
    assert (files_on_disk / "private-documents" / document.file.name).read_bytes() == SECRET
    assert not list((files_on_disk / "media").rglob("*.txt"))
    other = make_document(filename="internal.txt", content=SECRET)
    assert other.file.name.split("/")[1] != document.file.name.split("/")[1]


def test_deleting_a_document_deletes_its_file(files_on_disk, django_capture_on_commit_callbacks):
    document = make_document(filename="old.txt", content=b"old")
    path = files_on_disk / "private-documents" / document.file.name
    assert path.exists()
    # Wagtail deletes the file in a task, after the commit, from the storage's arguments.
    with django_capture_on_commit_callbacks(execute=True):
        document.delete()
    assert not path.exists()


def test_document_files_have_no_address_but_the_serve_view(files_on_disk):
    document = make_document(filename="internal.txt", content=SECRET)
    assert document.url == f"/documents/{document.pk}/internal.txt"
    with pytest.raises(NotImplementedError):
        document.file.url  # noqa: B018 - the property is what is tested


def test_private_document_is_refused_and_not_reachable_under_media(client, media_served):
    secret = make_document(filename="internal.txt", content=SECRET, collection=private_collection())
    response = client.get(secret.url)
    # Wagtail's collection check sends the anonymous visitor to log in.
    assert response.status_code == 302
    assert "login" in response["Location"]
    assert SECRET not in body(response)

    stored = secret.file.name
    guesses = [
        "/media/documents/internal.txt",  # where the default storage used to put it
        f"/media/{stored}",
        f"/media/private-documents/{stored}",
        f"/media/%2e%2e/private-documents/{stored}",
    ]
    for guess in guesses:
        response = client.get(guess)
        assert response.status_code in (400, 404), guess
        assert SECRET not in body(response)


def test_public_document_downloads(client, media_served):
    public = make_document(filename="notice.txt", content="Ανακοίνωση.".encode())
    response = client.get(public.url)
    assert response.status_code == 200
    assert body(response) == "Ανακοίνωση.".encode()


def test_media_is_still_served_in_development(client, media_served):
    # The route under test exists: an image-like file in MEDIA_ROOT is served.
    storages["default"].save("original_images/sign.txt", ContentFile(b"public"))
    assert body(client.get("/media/original_images/sign.txt")) == b"public"


def test_existing_files_move_into_the_documents_storage_once():
    document = make_document(filename="rules.txt", content=b"old rules")
    # A document as the default storage used to hold it.
    storages["documents"].delete(document.file.name)
    legacy_name = storages["default"].save("documents/rules.txt", ContentFile(b"old rules"))
    CustomDocument.objects.filter(pk=document.pk).update(file=legacy_name)
    untouched = make_document(filename="new.txt", content=b"new")

    assert move_documents_to_private_storage(CustomDocument) == 1
    document.refresh_from_db()
    assert re.fullmatch(r"documents/[0-9a-f]{16}/rules\.txt", document.file.name)
    assert storages["documents"].open(document.file.name).read() == b"old rules"
    assert not storages["default"].exists(legacy_name)
    moved_name = document.file.name

    assert move_documents_to_private_storage(CustomDocument) == 0
    document.refresh_from_db()
    assert document.file.name == moved_name
    assert CustomDocument.objects.get(pk=untouched.pk).file.name == untouched.file.name


def production_settings(**environment):
    """STORAGES of the production settings under `environment`, read in a subprocess
    (settings are read once per process)."""
    env = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("AWS_", "DOCUMENTS_ROOT", "MEDIA_ROOT"))
    }
    env.update(
        DJANGO_SETTINGS_MODULE="biopa.settings.production",
        SECRET_KEY="x" * 50,
        AWS_STORAGE_BUCKET_NAME="park",
        AWS_ACCESS_KEY_ID="key",
        AWS_SECRET_ACCESS_KEY="secret",  # noqa: S106 - a dummy for signing offline
        AWS_S3_REGION_NAME="eu-central-1",
        AWS_S3_CUSTOM_DOMAIN="media.example.org",
        PAGE_CACHE_SECONDS="0",
        **environment,
    )
    script = (
        "import django, json; django.setup()\n"
        "from django.conf import settings\n"
        "from django.core.files.storage import storages\n"
        "options = settings.STORAGES['documents']['OPTIONS']\n"
        "print(json.dumps({'options': {k: options[k] for k in ('location', 'default_acl',"
        " 'querystring_auth', 'querystring_expire', 'custom_domain')},"
        " 'url': storages['documents'].url('documents/0123/a.pdf'),"
        " 'media_url': storages['default'].url('original_images/a.jpg')}))\n"
    )
    return subprocess.run(  # noqa: S603 - this interpreter, a fixed script
        [sys.executable, "-c", script],
        env=env,
        cwd=Path(django_settings.BASE_DIR),
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )


def test_production_keeps_documents_under_a_private_prefix_with_short_signed_addresses():
    completed = production_settings()
    assert completed.returncode == 0, completed.stderr
    answer = json.loads(completed.stdout.strip().splitlines()[-1])
    assert answer["options"] == {
        "location": "private-documents",
        "default_acl": "private",
        "querystring_auth": True,
        "querystring_expire": 60,
        "custom_domain": None,
    }
    assert "/private-documents/documents/0123/a.pdf?" in answer["url"]
    assert "media.example.org" not in answer["url"]
    assert "Expires=60" in answer["url"] or "X-Amz-Expires=60" in answer["url"]
    assert answer["media_url"].startswith("https://media.example.org/media/")


def test_production_refuses_documents_inside_the_public_media_prefix():
    completed = production_settings(AWS_LOCATION="media", AWS_DOCUMENTS_LOCATION="media/docs")
    assert completed.returncode != 0
    assert "AWS_DOCUMENTS_LOCATION must be a prefix of its own" in completed.stderr


def test_documents_root_inside_media_root_is_refused(tmp_path):
    completed = subprocess.run(  # noqa: S603 - this interpreter, a fixed script
        [sys.executable, "-c", "import biopa.settings.dev"],
        env={
            **os.environ,
            "MEDIA_ROOT": str(tmp_path),
            "DOCUMENTS_ROOT": str(tmp_path / "documents"),
        },
        cwd=Path(django_settings.BASE_DIR),
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert completed.returncode != 0
    assert "DOCUMENTS_ROOT must lie outside MEDIA_ROOT" in completed.stderr
