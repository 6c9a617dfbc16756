"""Downloads are served safely, and a document in a private collection is invisible to the
public everywhere while an authorised user can still download it."""

import pytest
from wagtail.models import CollectionViewRestriction

from home.models import StandardPage
from tests.conftest import add_page
from tests.documents.factories import (
    make_document,
    make_entry,
    make_library,
    private_collection,
)
from tests.documents.test_extraction import make_pdf

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _files_on_disk(files_on_disk):
    """Document files on disk in a directory of their own (tests/documents/conftest.py)."""


def download(client, document):
    response = client.get(document.url)
    body = b"".join(response.streaming_content) if response.streaming else response.content
    return response, body


def test_download_is_an_attachment_with_its_type_and_nosniff(client, db):
    document = make_document(filename="notice.txt", content="Ανακοίνωση.".encode())
    assert document.url == f"/documents/{document.pk}/notice.txt"
    response, body = download(client, document)
    assert response.status_code == 200
    assert body == "Ανακοίνωση.".encode()
    assert response["Content-Type"].startswith("text/plain")
    assert response["Content-Disposition"].startswith("attachment")
    assert "notice.txt" in response["Content-Disposition"]
    assert response["X-Content-Type-Options"] == "nosniff"


def test_pdf_may_open_in_the_browser(client, db):
    document = make_document(filename="rules.pdf", content=make_pdf("Κανόνες"))
    response, _body = download(client, document)
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"].startswith("inline")
    assert response["X-Content-Type-Options"] == "nosniff"


@pytest.fixture
def private_setup(home_el, site_details):
    library = make_library(home_el)
    make_entry(library, "Δημόσιο έγγραφο", slug="public-doc")
    secret = make_document(
        title="Εσωτερικό",
        filename="internal.txt",
        content="Εσωτερικό σημείωμα για τον προϋπολογισμό.".encode(),
        collection=private_collection(),
    )
    entry = make_entry(library, "Εσωτερικό σημείωμα", slug="internal-doc", document=secret)
    body = [("document_list", {"title": "Λίστα", "documents": [entry]})]
    add_page(home_el, StandardPage(title="Λίστα", slug="list", body=body))
    return secret, entry


def test_private_documents_are_invisible_to_the_public(client, private_setup):
    secret, _entry = private_setup
    library = client.get("/el/documents/").text
    assert "Δημόσιο έγγραφο" in library
    assert "Εσωτερικό σημείωμα" not in library
    assert "Εσωτερικό σημείωμα" not in client.get("/el/documents/?q=προϋπολογισμό").text
    assert client.get("/el/documents/internal-doc/").status_code == 404
    assert "Εσωτερικό σημείωμα" not in client.get("/el/").text
    block_page = client.get("/el/list/").text
    assert "Εσωτερικό σημείωμα" not in block_page
    sitemap = client.get("/sitemap.xml").text
    assert "/el/documents/public-doc/" in sitemap
    assert "internal-doc" not in sitemap
    documents_api = client.get("/api/v2/documents/").json()
    assert secret.pk not in [item["id"] for item in documents_api["items"]]
    assert client.get(f"/api/v2/documents/{secret.pk}/", follow=True).status_code == 404


def test_private_download_asks_for_login(client, private_setup):
    secret, _entry = private_setup
    response = client.get(secret.url)
    assert response.status_code == 302
    assert "/login/" in response["Location"]


def test_authorised_user_can_download_and_read_a_private_document(admin_client, private_setup):
    secret, _entry = private_setup
    response, body = download(admin_client, secret)
    assert response.status_code == 200
    assert "προϋπολογισμό".encode() in body
    assert admin_client.get("/el/documents/internal-doc/").status_code == 200


def test_group_restriction_hides_from_other_logged_in_users(client, home_el, django_user_model):
    library = make_library(home_el)
    secret = make_document(
        collection=private_collection(restriction_type=CollectionViewRestriction.GROUPS)
    )
    make_entry(library, "Για ομάδα", slug="group-doc", document=secret)
    user = django_user_model.objects.create_user(username="visitor", password="x" * 12)
    client.force_login(user)
    assert client.get("/el/documents/group-doc/").status_code == 404
    assert "Για ομάδα" not in client.get("/el/documents/").text


def test_documents_in_a_sub_collection_of_a_private_one_are_private(client, home_el):
    library = make_library(home_el)
    child = private_collection().add_child(name="Υποσυλλογή")
    make_entry(library, "Βαθιά κρυμμένο", slug="deep", document=make_document(collection=child))
    assert "Βαθιά κρυμμένο" not in client.get("/el/documents/").text
    assert client.get("/el/documents/deep/").status_code == 404
    assert "/el/documents/deep/" not in client.get("/sitemap.xml").text


def test_pages_api_leaves_out_private_documents(client, private_setup):
    titles = {item["title"] for item in client.get("/api/v2/pages/?limit=20").json()["items"]}
    assert "Δημόσιο έγγραφο" in titles
    assert "Εσωτερικό σημείωμα" not in titles
