"""The document library's search shows where the words are inside the file, marked, and
every row has its download link with type and size (issue #14)."""

import datetime

from django.core.files.base import ContentFile

from tests.conftest import add_page


def test_library_rows_show_the_match_inside_the_file_and_a_download_link(
    client, home_el, django_capture_on_commit_callbacks
):
    from documents.models import CustomDocument, DocumentIndexPage, DocumentPage
    from documents.services import document_file_changed

    library = add_page(home_el, DocumentIndexPage(title="Έγγραφα", slug="documents"))
    document = CustomDocument(
        title="Έντυπο",
        file=ContentFile(
            "Εισαγωγή. Οι αιτήσεις υποβάλλονται έως τις 30 Ιουνίου στο γραφείο.".encode(),
            name="form.txt",
        ),
    )
    document.save()
    with django_capture_on_commit_callbacks(execute=True):
        document_file_changed(document)
    add_page(
        library,
        DocumentPage(
            title="Έντυπο συμμετοχής",
            slug="form",
            description="Για τις επιχειρήσεις του πάρκου.",
            document=document,
            document_date=datetime.date(2025, 1, 1),
        ),
    )

    # "αίτηση" (singular) finds the plural inside the file: the stemmer, on every database
    html = client.get("/el/documents/", {"q": "αίτηση"}).content.decode()

    assert "Οι <mark>αιτήσεις</mark> υποβάλλονται" in html
    assert f'href="{document.url}" download' in html
    assert 'class="document-size"' in html

    site_search = client.get("/el/search/", {"q": "αίτηση"}).content.decode()
    assert "<mark>αιτήσεις</mark>" in site_search
    assert f'href="{document.url}" download' in site_search
