"""Uploads cannot exhaust the server: an office zip bomb is refused at upload, and one that
gets past the upload check is marked "too large" in about a second by a child process with
caps on unpacked size, memory and time; the upload itself answers at once and leaves the
reading to the task worker."""

import functools
import io
import resource
import time
import zipfile

import pytest
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.management import call_command
from django.test import override_settings
from django.utils import translation
from django_tasks_db.management.commands import db_worker
from django_tasks_db.models import DBTaskResult
from wagtail.users.models import UserProfile

from documents import extraction
from documents.models import CustomDocument, ExtractionStatus
from documents.services import extract_document_text
from documents.validation import validate_upload
from tests.documents.test_extraction import make_docx
from tests.documents.test_upload import upload

pytestmark = pytest.mark.django_db

MEGABYTE = 1024 * 1024
# Unpacks to 48 MB of spaces from about 200 KB: past the 20 MB extraction cap, and built
# in well under a second.
BOMB_MEGABYTES = 48

_TEXT_NS = 'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0"'
_WORD_NS = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'
_SHEET_NS = 'xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"'

# Per kind: the members around the bomb, the bomb's name, and the XML it sits inside.
BOMBS = {
    "odt": (
        {"mimetype": b"application/vnd.oasis.opendocument.text"},
        "content.xml",
        (
            "<office:document-content "
            'xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
            f"{_TEXT_NS}><office:body><office:text><text:p>"
        ),
        "</text:p></office:text></office:body></office:document-content>",
    ),
    "docx": (
        {"[Content_Types].xml": b"<Types/>"},
        "word/document.xml",
        f"<w:document {_WORD_NS}><w:body><w:p><w:r><w:t>",
        "</w:t></w:r></w:p></w:body></w:document>",
    ),
    "xlsx": (
        {"[Content_Types].xml": b"<Types/>", "xl/workbook.xml": f"<workbook {_SHEET_NS}/>"},
        "xl/worksheets/sheet1.xml",
        f"<worksheet {_SHEET_NS}><sheetData><row><c><v>",
        "</v></c></row></sheetData></worksheet>",
    ),
}


@functools.cache
def zip_bomb(kind, megabytes=BOMB_MEGABYTES):
    """An office file of `kind` whose main XML part is `megabytes` of spaces, written in
    chunks so that neither this process nor the test's time holds it whole."""
    members, name, head, tail = BOMBS[kind]
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED, compresslevel=1) as archive:
        for member, content in members.items():
            archive.writestr(member, content)
        with archive.open(name, "w", force_zip64=True) as part:
            part.write(head.encode())
            chunk = b" " * MEGABYTE
            for _ in range(megabytes):
                part.write(chunk)
            part.write(tail.encode())
    return buffer.getvalue()


def peak_memory_megabytes():
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def extract_capped(data, filename, **caps):
    caps = {
        "timeout": 20,
        "max_memory": 512 * MEGABYTE,
        "max_unpacked": 20 * MEGABYTE,
        **caps,
    }
    return extraction.extract_text_isolated(data, filename, **caps)


@pytest.fixture
def english(admin_user):
    profile = UserProfile.get_for_user(admin_user)
    profile.preferred_language = "en"
    profile.save()
    with translation.override("en"):
        yield


@pytest.mark.parametrize("kind", sorted(BOMBS))
def test_office_zip_bomb_is_refused_at_upload_in_well_under_a_second(kind):
    data = zip_bomb(kind)
    assert len(data) < MEGABYTE
    started = time.monotonic()
    with pytest.raises(ValidationError) as refusal:
        validate_upload(io.BytesIO(data), f"bomb.{kind}", max_size=50 * MEGABYTE)
    assert time.monotonic() - started < 0.5
    assert refusal.value.code == "zip_bomb"
    with translation.override("en"):
        assert "unpacks to 48 MB" in refusal.value.messages[0]


def test_admin_refuses_a_zip_bomb_with_a_clear_message(admin_client, english):
    response = upload(admin_client, "report.odt", zip_bomb("odt"))
    assert response.status_code == 200
    assert "far more than any ordinary document" in response.text
    assert not CustomDocument.objects.exists()


def test_zip_of_an_ordinary_office_file_passes_the_upload_check():
    validate_upload(io.BytesIO(make_docx()), "ordinary.docx", max_size=50 * MEGABYTE)


@pytest.mark.parametrize("kind", sorted(BOMBS))
def test_zip_bomb_that_reaches_the_reader_is_marked_too_large_in_about_a_second(kind):
    data = zip_bomb(kind)
    memory_before = peak_memory_megabytes()
    started = time.monotonic()
    result = extract_capped(data, f"bomb.{kind}")
    elapsed = time.monotonic() - started
    assert result.status == extraction.STATUS_TOO_LARGE
    assert result.message is extraction.MESSAGE_TOO_LARGE
    # About a second; the margin is for a busy test machine.
    assert elapsed < 3
    # The unpacking happened in the child: this process's peak grew by no bomb's worth.
    assert peak_memory_megabytes() - memory_before < 20


def test_reading_past_the_memory_cap_is_marked_too_large():
    # Unpacking allowed, but 48 MB of text in one paragraph (read, then joined) does not
    # fit in 96 MB beside the interpreter.
    result = extract_capped(
        zip_bomb("odt"), "bomb.odt", max_memory=96 * MEGABYTE, max_unpacked=100 * MEGABYTE
    )
    assert result.status == extraction.STATUS_TOO_LARGE


def test_reading_past_the_time_cap_is_stopped():
    started = time.monotonic()
    result = extract_capped(
        zip_bomb("odt"),
        "bomb.odt",
        timeout=0.3,
        max_memory=1024 * MEGABYTE,
        max_unpacked=100 * MEGABYTE,
    )
    assert result.status == extraction.STATUS_TOO_LARGE
    assert time.monotonic() - started < 2.5


def test_an_ordinary_file_is_read_in_the_child_process():
    result = extract_capped(make_docx(), "ordinary.docx")
    assert result.status == extraction.STATUS_OK
    assert "Πυροσβεστήρες" in result.text


@override_settings(EXTRACTION_MAX_UNPACKED_MB=20)
def test_document_with_a_zip_bomb_gets_the_too_large_status():
    document = CustomDocument(title="Βόμβα")
    document.file.save("bomb.docx", ContentFile(zip_bomb("docx")), save=False)
    document._set_document_file_metadata()
    document.save()
    extract_document_text(document)
    document.refresh_from_db()
    assert document.extraction_status == ExtractionStatus.TOO_LARGE
    assert document.extracted_text == ""
    with translation.override("en"):
        assert str(ExtractionStatus.TOO_LARGE.label) == "No text: the file is too large to read"


@override_settings(
    TASKS={
        "default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"},
        "documents": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"},
    }
)
def test_upload_answers_without_reading_the_file(admin_client, english):
    started = time.monotonic()
    response = upload(admin_client, "rules.docx", make_docx(), title="Κανονισμός")
    assert response.status_code == 302
    assert time.monotonic() - started < 5
    document = CustomDocument.objects.get(title="Κανονισμός")
    assert document.extraction_status == ExtractionStatus.PENDING
    assert document.extracted_text == ""


@override_settings(
    TASKS={
        "default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"},
        "documents": {"BACKEND": "django_tasks_db.DatabaseBackend"},
    }
)
def test_db_worker_reads_the_text_of_an_upload(admin_client, english, monkeypatch):
    # The worker closes stale connections between tasks; this test's database lives in
    # the open one (an in-memory SQLite database, or a transaction rolled back after).
    monkeypatch.setattr(db_worker, "close_old_connections", lambda: None)
    response = upload(admin_client, "rules.docx", make_docx(), title="Κανονισμός")
    assert response.status_code == 302
    document = CustomDocument.objects.get(title="Κανονισμός")
    assert document.extraction_status == ExtractionStatus.PENDING
    assert DBTaskResult.objects.filter(status="READY").count() == 1

    # As `make run` starts it, but stopping once the queue is empty.
    call_command(
        "db_worker", "--backend", "documents", "--batch", "--no-startup-delay", verbosity=0
    )

    document.refresh_from_db()
    assert document.extraction_status == ExtractionStatus.OK
    assert "Πυροσβεστήρες" in document.extracted_text
    assert DBTaskResult.objects.get().status == "SUCCESSFUL"
