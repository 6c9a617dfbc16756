"""Uploading and replacing files through the Wagtail admin: only safe files get in, and the
text inside each is read (in a background task, immediate in tests) and made searchable."""

import io
import json

import pytest
from django.core.management import call_command
from django.test import override_settings
from django.utils import translation
from wagtail.models import Collection
from wagtail.users.models import UserProfile

from documents.models import CustomDocument, DocumentPage, ExtractionStatus
from tests.documents.factories import make_document, make_entry, make_library
from tests.documents.test_extraction import (
    encrypt_pdf,
    make_docx,
    make_ods,
    make_odt,
    make_pdf,
    make_scanned_pdf,
    make_xlsx,
)

pytestmark = pytest.mark.django_db

# Every type whose text is read, with a word that is inside the file.
SUPPORTED = {
    "pdf": (lambda: make_pdf("Κανονισμός πυρασφάλειας"), "πυρασφάλειας"),
    "docx": (make_docx, "Πυροσβεστήρες"),
    "odt": (make_odt, "Ομβρίων"),
    "xlsx": (make_xlsx, "Αντλιοστάσιο"),
    "ods": (make_ods, "Κεραμοποιία"),
    "txt": (lambda: "Διακοπή υδροδότησης στο πάρκο.".encode(), "υδροδότησης"),
}


@pytest.fixture(autouse=True)
def english(admin_user):
    """Messages are asserted on their English text: the admin user reads English."""
    profile = UserProfile.get_for_user(admin_user)
    profile.preferred_language = "en"
    profile.save()
    with translation.override("en"):
        yield


def upload(client, filename, content, title="Έγγραφο", url="/admin/documents/add/"):
    return client.post(
        url,
        {
            "title": title,
            "file": _named(filename, content),
            "collection": Collection.get_first_root_node().pk,
            "language": "el",
        },
    )


def _named(filename, content):
    stream = io.BytesIO(content)
    stream.name = filename
    return stream


@pytest.mark.parametrize("extension", SUPPORTED)
def test_upload_through_the_admin_extracts_the_text(admin_client, extension):
    make_content, word = SUPPORTED[extension]
    content = make_content()
    response = upload(admin_client, f"file.{extension}", content)
    assert response.status_code == 302, response.content[:2000]
    document = CustomDocument.objects.get()
    assert document.extraction_status == ExtractionStatus.OK
    assert word in document.extracted_text
    assert document.extracted_at is not None
    assert document.file_size == len(content)


@pytest.mark.parametrize("extension", SUPPORTED)
def test_replacing_the_file_extracts_the_new_text(admin_client, extension):
    document = make_document(filename="old.txt", content="Παλιό κείμενο αρχείου.".encode())
    assert "Παλιό" in document.extracted_text
    make_content, word = SUPPORTED[extension]
    response = admin_client.post(
        f"/admin/documents/edit/{document.pk}/",
        {
            "title": document.title,
            "file": _named(f"new.{extension}", make_content()),
            "collection": document.collection_id,
            "language": "en",
        },
    )
    assert response.status_code == 302, response.content[:2000]
    document.refresh_from_db()
    assert word in document.extracted_text
    assert "Παλιό" not in document.extracted_text
    assert document.file_extension == extension
    assert document.language == "en"


def test_multiple_upload_validates_and_extracts(admin_client):
    root = Collection.get_first_root_node().pk
    response = admin_client.post(
        "/admin/documents/multiple/add/",
        {
            "files[]": _named("notice.txt", "Ανακοίνωση για τη γεώτρηση.".encode()),
            # Asked for as soon as the site has more than one collection.
            "collection": root,
        },
    )
    assert json.loads(response.content)["success"] is True
    document = CustomDocument.objects.get()
    assert document.extraction_status == ExtractionStatus.OK
    assert "γεώτρηση" in document.extracted_text

    refused = admin_client.post(
        "/admin/documents/multiple/add/",
        {
            "files[]": _named("report.pdf", b"<html><script>alert(1)</script></html>"),
            "collection": root,
        },
    )
    data = json.loads(refused.content)
    assert data["success"] is False
    assert "does not match its extension" in data["error_message"]
    assert CustomDocument.objects.count() == 1


def test_new_text_is_found_by_searching_the_library_pages(admin_client, home_el):
    document = make_document(filename="a.txt", content="Αρχικό περιεχόμενο.".encode())
    library = make_library(home_el)
    make_entry(library, "Ανακοίνωση", document=document, slug="notice")
    admin_client.post(
        f"/admin/documents/edit/{document.pk}/",
        {
            "title": document.title,
            "file": _named("b.txt", "Νέο περιεχόμενο για αποχέτευση.".encode()),
            "collection": document.collection_id,
            "language": "el",
        },
    )
    assert [p.slug for p in DocumentPage.objects.search("αποχέτευση")] == ["notice"]


@pytest.mark.parametrize(
    ("filename", "content", "status", "message"),
    [
        ("broken.pdf", b"%PDF-1.4\n garbage that is not a pdf", "broken", "damaged"),
        (
            "locked.pdf",
            encrypt_pdf(make_pdf("Μυστικό"), user_password="κωδικός", owner_password="o"),
            "encrypted",
            "password",
        ),
        ("scan.pdf", make_scanned_pdf(), "scanned", "scanned"),
    ],
)
def test_unreadable_files_are_saved_and_the_editor_sees_why(
    admin_client, filename, content, status, message
):
    response = upload(admin_client, filename, content)
    assert response.status_code == 302
    document = CustomDocument.objects.get()
    assert document.extraction_status == status
    assert document.extracted_text == ""
    assert message in document.extraction_message
    edit = admin_client.get(f"/admin/documents/edit/{document.pk}/")
    assert edit.status_code == 200
    assert document.extraction_message in edit.content.decode()


def test_edit_view_shows_how_much_text_was_read(admin_client):
    document = make_document(content="Κείμενο δοκιμής.".encode())
    page = admin_client.get(f"/admin/documents/edit/{document.pk}/").content.decode()
    assert "Text for search: Text extracted (16 characters)." in page


@pytest.mark.parametrize(
    ("filename", "content", "message"),
    [
        ("page.pdf", b"<!DOCTYPE html><html><body>hi</body></html>", "does not match"),
        ("drawing.svg", b'<svg xmlns="http://www.w3.org/2000/svg"/>', "cannot be uploaded"),
        ("script.js", b"alert(1)", "cannot be uploaded"),
        ("page.html", b"<html></html>", "cannot be uploaded"),
        ("notes.txt", b"<html><script>alert(1)</script></html>", "does not contain plain text"),
        ("form.docx", make_odt(), "does not match"),
    ],
)
def test_dangerous_or_mismatched_files_are_refused(admin_client, filename, content, message):
    response = upload(admin_client, filename, content)
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not CustomDocument.objects.exists()


@override_settings(WAGTAILDOCS_MAX_UPLOAD_SIZE=1024 * 1024)
def test_oversized_files_are_refused_with_the_limit(admin_client):
    response = upload(admin_client, "big.txt", b"a" * (1024 * 1024 + 10))
    assert response.status_code == 200
    assert "This file is too big" in response.content.decode()
    assert "Maximum filesize 1.0\xa0MB" in response.content.decode()
    assert not CustomDocument.objects.exists()


def test_empty_files_are_refused_with_a_message(admin_client):
    response = upload(admin_client, "empty.pdf", b"")
    assert response.status_code == 200
    assert "The submitted file is empty." in response.content.decode()
    assert not CustomDocument.objects.exists()


def test_an_empty_stored_file_is_reported_as_empty():
    document = make_document(filename="empty.pdf", content=b"")
    assert document.extraction_status == ExtractionStatus.EMPTY
    assert document.extraction_message == "The file is empty."


def test_management_command_reads_pending_files_or_all(capsys):
    done = make_document(content="Ήδη διαβασμένο.".encode())
    pending = make_document(title="Δεύτερο", content="Περιμένει ανάγνωση.".encode())
    CustomDocument.objects.filter(pk=pending.pk).update(
        extraction_status=ExtractionStatus.PENDING, extracted_text=""
    )
    CustomDocument.objects.filter(pk=done.pk).update(extracted_text="stale")
    call_command("extract_document_text")
    pending.refresh_from_db()
    done.refresh_from_db()
    assert "Περιμένει" in pending.extracted_text
    assert done.extracted_text == "stale"
    call_command("extract_document_text", "--all")
    done.refresh_from_db()
    assert "Ήδη" in done.extracted_text
    assert "Text extracted: 2" in capsys.readouterr().out


def test_upload_from_the_document_chooser_is_checked_and_read(admin_client):
    def chooser_upload(filename, content):
        prefix = "document-chooser-upload"
        return admin_client.post(
            "/admin/documents/chooser/create/",
            {
                f"{prefix}-title": "Έγγραφο",
                f"{prefix}-file": _named(filename, content),
                f"{prefix}-collection": Collection.get_first_root_node().pk,
            },
        )

    assert chooser_upload("notice.txt", "Για την αποκομιδή.".encode()).status_code == 200
    document = CustomDocument.objects.get()
    assert "αποκομιδή" in document.extracted_text
    refused = chooser_upload("x.pdf", b"<html></html>")
    assert "does not match its extension" in refused.content.decode()
    assert CustomDocument.objects.count() == 1
