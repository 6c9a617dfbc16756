"""The library without the response cache (issue #17): what every request repeats (which
entries a filter finds and in what order, the years and categories of the filter form, the
file, category and collection restrictions of a document page) is kept per content version
(biopa.cache.fragment). These tests warm what is kept, change the content the way an editor
or the clock would, and read the pages again: nothing stale is shown."""

import datetime
import re
import time

import pytest
from django.test import override_settings
from django.utils import timezone
from wagtail.models import Collection, CollectionViewRestriction

from biopa.cache import invalidate
from documents.models import CustomDocument, DocumentPage
from tests.conftest import get_with_queries, publish
from tests.documents.factories import (
    make_category,
    make_document,
    make_entry,
    make_library,
    private_collection,
)

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("uncached")]


@pytest.fixture
def uncached():
    with override_settings(PAGE_CACHE_SECONDS=0):
        yield


@pytest.fixture
def library(home_el, site_details):
    return make_library(home_el)


def titles(response):
    return re.findall(r'class="library-item__title"><a href="[^"]+">([^<]+)</a>', response.text)


def years(response):
    form = response.text[response.text.index('id="library-year"') :]
    form = form[: form.index("</select>")]
    return [int(year) for year in re.findall(r'<option value="(\d{4})"', form)]


def count_heading(response):
    return re.search(r'class="library-count">([^<]+)<', response.text).group(1)


def queries(client, url):
    client.get(url)  # what is kept for this URL, built
    response, captured = get_with_queries(client, url)
    assert response.status_code == 200, url
    return len(captured)


def test_a_deep_page_a_filter_and_a_search_cost_what_the_first_page_costs(client, library, locales):
    greek, _english = locales
    category = make_category(greek, "Αποφάσεις", "decision")
    document = make_document()
    for i in range(45):
        make_entry(
            library,
            f"Απόφαση {i}",
            document=document,
            category=category if i % 2 else None,
            day=datetime.date(2000 + i % 20, 1, 1 + i % 28),
        )
    first = queries(client, "/el/documents/")
    for url in (
        "/el/documents/?page=3",
        "/el/documents/?category=decision",
        "/el/documents/?category=decision&year=2001&page=1",
        "/el/documents/?q=απόφαση",
        "/el/documents/?q=απόφαση&page=2",
    ):
        assert queries(client, url) == first, url


def test_an_entry_published_or_unpublished_shows_at_once(client, library):
    make_entry(library, "Παλιό", day=datetime.date(2011, 1, 1))
    before = client.get("/el/documents/")
    assert titles(before) == ["Παλιό"]
    assert years(before) == [2011]

    new = make_entry(library, "Νέο", day=datetime.date(2020, 1, 1))
    after = client.get("/el/documents/")
    assert titles(after) == ["Νέο", "Παλιό"]
    assert years(after) == [2020, 2011]
    assert count_heading(after) == "2 έγγραφα"
    assert titles(client.get("/el/documents/?year=2020")) == ["Νέο"]
    assert titles(client.get("/el/documents/?q=νέο")) == ["Νέο"]

    new.unpublish()
    gone = client.get("/el/documents/")
    assert titles(gone) == ["Παλιό"]
    assert years(gone) == [2011]
    assert titles(client.get("/el/documents/?q=νέο")) == []
    assert client.get("/el/documents/?year=2020").status_code == 200


def test_a_new_category_shows_in_the_filter_at_once(client, library, locales):
    greek, _english = locales
    make_entry(library, "Έγγραφο")
    assert 'value="regulation"' not in client.get("/el/documents/").text
    make_category(greek, "Κανονισμοί", "regulation")
    assert '<option value="regulation">Κανονισμοί</option>' in client.get("/el/documents/").text


def test_an_entry_leaves_the_library_when_it_expires(client, library, monkeypatch):
    make_entry(library, "Μόνιμο", day=datetime.date(2011, 1, 1))
    expiring = make_entry(library, "Προσωρινό", day=datetime.date(2015, 1, 1))
    # Past the scheduler's reach: only the clock makes it go.
    DocumentPage.objects.filter(pk=expiring.pk).update(
        expire_at=timezone.now() + datetime.timedelta(seconds=30)
    )
    invalidate()  # a change without a signal: a new version, as the next publish would make
    shown = client.get("/el/documents/")
    assert titles(shown) == ["Προσωρινό", "Μόνιμο"]
    assert years(shown) == [2015, 2011]

    later = time.time() + 31
    real_now = timezone.now
    monkeypatch.setattr(time, "time", lambda: later)
    monkeypatch.setattr(timezone, "now", lambda: real_now() + datetime.timedelta(seconds=31))
    after = client.get("/el/documents/")
    assert titles(after) == ["Μόνιμο"]
    assert years(after) == [2011]
    assert count_heading(after) == "1 έγγραφο"


def test_a_file_moved_into_a_private_collection_leaves_the_library_and_its_page(client, library):
    document = make_document(title="Πρακτικά", filename="minutes.txt")
    make_entry(library, "Πρακτικά", slug="minutes", document=document)
    assert titles(client.get("/el/documents/")) == ["Πρακτικά"]
    assert client.get("/el/documents/minutes/").status_code == 200

    document.collection = private_collection()
    document.save()
    assert titles(client.get("/el/documents/")) == []
    assert client.get("/el/documents/minutes/").status_code == 404
    assert titles(client.get("/el/documents/?q=πρακτικά")) == []


def test_a_collection_made_private_hides_its_files_entries(client, library):
    collection = Collection.get_first_root_node().add_child(name="Αρχείο")
    document = make_document(title="Μελέτη", filename="study.txt", collection=collection)
    make_entry(library, "Μελέτη", slug="study", document=document)
    assert titles(client.get("/el/documents/")) == ["Μελέτη"]
    assert client.get("/el/documents/study/").status_code == 200

    CollectionViewRestriction.objects.create(
        collection=collection, restriction_type=CollectionViewRestriction.LOGIN
    )
    assert titles(client.get("/el/documents/")) == []
    assert client.get("/el/documents/study/").status_code == 404


def test_the_document_page_shows_the_file_as_it_is_now(client, library):
    document = make_document(title="Αίτηση", filename="application.txt")
    make_entry(library, "Αίτηση", slug="application", document=document)
    note = 'class="document-language-note"'
    assert note not in client.get("/el/documents/application/").text
    assert note not in client.get("/el/documents/").text

    document.language = "en"
    document.save()  # "English only", in Greek
    assert note in client.get("/el/documents/application/").text
    assert note in client.get("/el/documents/").text


def test_the_preview_of_a_draft_with_another_file_shows_that_file(admin_client, library):
    entry = make_entry(library, "Αίτηση", slug="application")
    assert "notice.txt" in admin_client.get("/el/documents/application/").text
    other = make_document(title="Νέα αίτηση", filename="new-form.txt")
    entry.document = other
    revision = entry.save_revision()
    preview = admin_client.get(f"/admin/pages/{entry.pk}/revisions/{revision.pk}/view/")
    assert preview.status_code == 200
    assert "new-form.txt" in preview.text
    assert "new-form.txt" not in admin_client.get("/el/documents/application/").text


def test_a_file_whose_size_is_not_recorded_shows_its_size(client, library):
    document = make_document(content=b"x" * 2048)
    make_entry(library, "Έγγραφο", slug="document", document=document)
    CustomDocument.objects.filter(pk=document.pk).update(file_size=None)
    invalidate()
    assert "2,0 KB" in client.get("/el/documents/").text.replace("\xa0", " ")
    assert CustomDocument.objects.get(pk=document.pk).file_size == 2048
    publish(DocumentPage.objects.get(slug="document"))
    assert "2,0 KB" in client.get("/el/documents/document/").text.replace("\xa0", " ")
