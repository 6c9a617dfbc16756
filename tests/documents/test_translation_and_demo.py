"""A document's metadata is translated with wagtail-localize like any page; the demo
library is real files in both languages whose text search can find."""

import datetime

import pytest
from django.core.management import call_command
from wagtail_localize.models import StringTranslation, Translation, TranslationSource

from documents.demo_files import build_demo_files
from documents.models import CustomDocument, DocumentCategory, DocumentPage
from home.demo_tools import Glossary, translate
from tests.documents.factories import make_category, make_entry, make_library

pytestmark = pytest.mark.django_db


def test_metadata_is_translated_and_resynced_with_wagtail_localize(
    client, home_en, locales, django_capture_on_commit_callbacks
):
    greek, english = locales
    home_el = home_en.get_translation(greek)
    glossary = Glossary()
    library = make_library(home_el, title=glossary.t("Έγγραφα", "Documents"))
    category = make_category(greek, glossary.t("Κανονισμοί", "Regulations"), "regulation")
    entry = make_entry(
        library,
        glossary.t("Κανονισμός λειτουργίας", "Operating regulation"),
        slug="regulation",
        description=glossary.t("Οι κανόνες του πάρκου.", "The rules of the park."),
        category=category,
        day=datetime.date(2012, 6, 28),
    )
    translate(library, glossary, english)
    translate(category, glossary, english)
    english_entry = translate(entry, glossary, english)

    assert english_entry.title == "Operating regulation"
    assert english_entry.description == "The rules of the park."
    assert english_entry.category.name == "Regulations"
    assert english_entry.category.locale == english
    assert english_entry.document_id == entry.document_id
    page = client.get("/en/documents/regulation/").text
    assert "Operating regulation" in page
    assert "<dd>Regulations</dd>" in page
    assert 'hreflang="el"' in page

    # The source changes; the translator syncs and translates the new text.
    entry.description = "Οι νέοι κανόνες του πάρκου."
    entry.save_revision().publish()
    source = TranslationSource.objects.get_for_instance(entry)
    source.update_from_db()
    for segment in source.stringsegment_set.select_related("string", "context"):
        if segment.string.data == "Οι νέοι κανόνες του πάρκου.":
            StringTranslation.objects.create(
                translation_of=segment.string,
                locale=english,
                context=segment.context,
                data="The new rules of the park.",
            )
    with django_capture_on_commit_callbacks(execute=True):
        Translation.objects.get(source=source, target_locale=english).save_target(publish=True)
    assert "The new rules of the park." in client.get("/en/documents/regulation/").text


@pytest.fixture
def demo(demo_content):
    return {demo.key: demo for demo in build_demo_files()}


def test_demo_library_in_both_languages_finds_words_inside_files(client, demo):
    assert len(demo) >= 8
    for language in ("el", "en"):
        library = client.get(f"/{language}/documents/")
        assert library.status_code == 200
    assert DocumentPage.objects.filter(locale__language_code="el").count() == len(demo)
    assert DocumentPage.objects.filter(locale__language_code="en").count() == len(demo)
    assert DocumentCategory.objects.filter(locale__language_code="en").count() == 5
    assert not CustomDocument.objects.exclude(extraction_status="ok").exists()

    for key, item in demo.items():
        for term in item.secret_terms:
            found = client.get("/el/documents/", {"q": term}).text
            assert f'href="/el/documents/{key}/"' in found, (key, term)
        for term in item.secret_terms_en:
            found = client.get("/en/documents/", {"q": term}).text
            assert f'href="/en/documents/{key}/"' in found, (key, term)

    with_own_file = next(item for item in demo.values() if item.content_en is not None)
    english = DocumentPage.objects.get(locale__language_code="en", slug=with_own_file.key)
    # Storage may add a suffix when the name is taken (the test storage outlives a test).
    stem, extension = with_own_file.filename_en.rsplit(".", 1)
    assert english.document.filename.startswith(stem)
    assert english.document.filename.endswith(f".{extension}")
    assert english.document.language == "en"

    counts = (CustomDocument.objects.count(), DocumentPage.objects.count())
    call_command("load_demo_content", verbosity=0)
    assert (CustomDocument.objects.count(), DocumentPage.objects.count()) == counts
