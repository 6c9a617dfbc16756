"""Editors link library entries everywhere (home/rich_text_links.py): rich text offers no
file link, links to files already stored keep working on the public site, and an editor
who opens such a paragraph gets a link to the file's library entry."""

import re
from datetime import date
from html import unescape

import pytest
from wagtail.admin.rich_text.converters.contentstate import ContentstateConverter

from home.blocks import RICH_TEXT_FEATURES
from home.models import StandardPage
from tests.conftest import add_page
from tests.documents.factories import make_category, make_document, make_library

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin(client, django_user_model):
    client.force_login(django_user_model.objects.create_superuser("admin", "a@example.com", "x"))
    return client


def test_rich_text_in_the_page_form_links_pages_not_files(admin, home_el):
    html = unescape(admin.get(f"/admin/pages/add/home/standardpage/{home_el.pk}/").content.decode())
    # The paragraph block's Draftail options: the page/external link, no document link.
    entity_types = set(re.findall(r'"type": "([A-Z_]+)"', html))
    assert "LINK" in entity_types
    assert "DOCUMENT" not in entity_types
    assert "document-link" not in RICH_TEXT_FEATURES


@pytest.mark.parametrize("with_entry", [True, False], ids=["library-entry", "file-only"])
def test_a_stored_file_link_renders_and_edits_as_a_library_link(client, home_el, with_entry):
    document = make_document(title="Κανονισμός λειτουργίας")
    entry = None
    if with_entry:
        from documents.models import DocumentPage

        entry = add_page(
            make_library(home_el),
            DocumentPage(
                title="Κανονισμός λειτουργίας",
                slug="kanonismos",
                document=document,
                category=make_category(home_el.locale, "Κανονισμοί", "kanonismoi"),
                document_date=date(2026, 1, 5),
            ),
        )
    stored = f'<p>Δείτε <a linktype="document" id="{document.pk}">τον κανονισμό</a>.</p>'
    add_page(
        home_el,
        StandardPage(title="Κανόνες", slug="kanones", body=[("paragraph", stored)]),
    )

    # The public page: the old link still leads to the file.
    html = client.get("/el/kanones/").content.decode()
    assert f'href="{document.url}"' in html and "τον κανονισμό</a>" in html

    # Read into the editor and saved again: a link to the library entry (or the file).
    converter = ContentstateConverter(RICH_TEXT_FEATURES)
    saved = converter.to_database_format(converter.from_database_format(stored))
    if with_entry:
        assert f'<a linktype="page" id="{entry.pk}">τον κανονισμό</a>' in saved
    else:
        assert f'<a href="{document.url}">τον κανονισμό</a>' in saved
