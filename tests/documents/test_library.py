"""The library at /<lang>/documents/ and each document's detail page."""

import datetime
import json
import re

import pytest
from django.template.defaultfilters import filesizeformat
from django.utils import translation

from documents.models import DocumentPage
from home.models import StandardPage
from tests.conftest import add_page, get_with_queries, publish
from tests.documents.factories import make_category, make_document, make_entry, make_library

pytestmark = pytest.mark.django_db


@pytest.fixture
def library(home_el, site_details):
    return make_library(home_el)


def titles(response):
    return re.findall(r'class="library-item__title"><a href="[^"]+">([^<]+)</a>', response.text)


def test_library_lists_newest_first(client, library):
    make_entry(library, "Παλιό", day=datetime.date(2011, 1, 1))
    make_entry(library, "Νέο", day=datetime.date(2020, 1, 1))
    make_entry(library, "Μεσαίο", day=datetime.date(2015, 1, 1))
    response = client.get("/el/documents/")
    assert response.status_code == 200
    assert titles(response) == ["Νέο", "Μεσαίο", "Παλιό"]


def test_category_and_year_filters(client, library, locales):
    greek, _english = locales
    forms = make_category(greek, "Αιτήσεις", "application-form")
    rules = make_category(greek, "Κανονισμοί", "regulation")
    make_entry(library, "Αίτηση 2019", category=forms, day=datetime.date(2019, 3, 1))
    make_entry(library, "Αίτηση 2020", category=forms, day=datetime.date(2020, 3, 1))
    make_entry(library, "Κανονισμός 2019", category=rules, day=datetime.date(2019, 6, 1))
    assert titles(client.get("/el/documents/?category=application-form")) == [
        "Αίτηση 2020",
        "Αίτηση 2019",
    ]
    assert titles(client.get("/el/documents/?year=2019")) == ["Κανονισμός 2019", "Αίτηση 2019"]
    both = client.get("/el/documents/?category=regulation&year=2019")
    assert titles(both) == ["Κανονισμός 2019"]
    assert '<option value="regulation" selected>Κανονισμοί</option>' in both.text
    assert '<option value="2019" selected>2019</option>' in both.text


def test_q_finds_words_in_titles_descriptions_and_inside_files(client, library):
    make_entry(library, "Κανονισμός λειτουργίας")
    make_entry(library, "Ανακοίνωση", description="Διακοπή ρεύματος στην οδό Α.")
    inside = make_document(content="Ο χρόνος παράδοσης είναι δεκαπενθήμερος.".encode())
    make_entry(library, "Πρόγραμμα", document=inside)
    assert titles(client.get("/el/documents/?q=κανονισμός")) == ["Κανονισμός λειτουργίας"]
    assert titles(client.get("/el/documents/?q=ρεύματος")) == ["Ανακοίνωση"]
    assert titles(client.get("/el/documents/?q=δεκαπενθήμερος")) == ["Πρόγραμμα"]
    assert titles(client.get("/el/documents/?q=ανύπαρκτο")) == []


def test_pagination_twenty_a_page(client, library):
    document = make_document()
    for i in range(23):
        make_entry(library, f"Έγγραφο {i:02}", document=document, day=datetime.date(2000 + i, 1, 1))
    first = client.get("/el/documents/")
    assert len(titles(first)) == 20
    assert 'href="?page=2" rel="next"' in first.text
    second = client.get("/el/documents/?page=2")
    assert titles(second) == ["Έγγραφο 02", "Έγγραφο 01", "Έγγραφο 00"]
    assert client.get("/el/documents/?page=3").status_code == 404


@pytest.mark.parametrize(
    "query",
    [
        "year=abcd",
        "year=99999999999999999999",
        "year=-1",
        "category=%3Cscript%3E",
        "category=" + "x" * 500,
        "q=%00%27%22%3B--",
        "q=" + "λ" * 5000,
        "q=(((",
        "page=abc",
        "page=0",
        "page=99999999999999999999",
        "page=-1",
        "category=no-such-category&year=1900",
    ],
)
def test_bad_filter_values_never_fail(client, library, query):
    make_entry(library, "Έγγραφο")
    response = client.get(f"/el/documents/?{query}")
    assert response.status_code in (200, 404)


def test_library_query_count_does_not_grow(client, library, locales):
    greek, _english = locales
    category = make_category(greek, "Αποφάσεις", "decision")
    document = make_document()
    for i in range(5):
        make_entry(library, f"Α {i}", document=document, category=category)
    client.get("/el/documents/")

    def count():
        client.get("/el/documents/")  # the chrome's fragments, rebuilt after a change
        response, queries = get_with_queries(client, "/el/documents/")
        assert response.status_code == 200
        return len(queries)

    before = count()
    for i in range(45):
        make_entry(library, f"Β {i}", document=make_document(title=f"Β {i}"), category=category)
    after = count()
    assert before == after <= LIBRARY_QUERIES


# At most (the office details and the menu come from the fragment cache once built):
# 5 for any page (site, route, the page, office details, menu) and the library's own: the
# page of documents with their files, categories and locales, the categories of the filter,
# the file languages and the years that have documents.
LIBRARY_QUERIES = 10


def test_detail_page_shows_the_facts_and_a_download(client, library, locales):
    greek, _english = locales
    category = make_category(greek, "Κανονισμοί", "regulation")
    document = make_document(filename="regulation.txt", content=("Κανόνας. " * 200).encode())
    make_entry(
        library,
        "Κανονισμός",
        slug="regulation",
        description="Οι κανόνες του πάρκου.",
        document=document,
        category=category,
        day=datetime.date(2012, 6, 28),
    )
    response = client.get("/el/documents/regulation/")
    assert response.status_code == 200
    text = response.text
    assert "<h1>Κανονισμός</h1>" in text
    assert "Οι κανόνες του πάρκου." in text
    assert "<dd>Κανονισμοί</dd>" in text
    assert '<time datetime="2012-06-28">28 Ιουνίου 2012</time>' in text
    assert ".txt" in text
    with translation.override("el"):
        assert filesizeformat(document.file_size) in text
    assert f'href="/documents/{document.pk}/regulation.txt"' in text
    data = json.loads(
        re.search(r'<script type="application/ld\+json">(.*?)</script>', text, re.S).group(1)
    )
    assert data["@type"] == "DigitalDocument"
    assert data["name"] == "Κανονισμός"
    assert data["description"] == "Οι κανόνες του πάρκου."
    assert data["datePublished"] == "2012-06-28"
    assert data["inLanguage"] == "el"
    assert data["genre"] == "Κανονισμοί"
    assert data["url"] == "http://testserver/el/documents/regulation/"
    assert data["encoding"]["contentUrl"] == (
        f"http://testserver/documents/{document.pk}/regulation.txt"
    )
    assert data["encoding"]["encodingFormat"] == "text/plain"


def test_json_ld_cannot_break_out_of_its_script(client, library):
    make_entry(library, "</script><script>alert(1)</script>", slug="tricky")
    text = client.get("/el/documents/tricky/").text
    assert "</script><script>alert(1)" not in text


def test_english_page_of_a_greek_only_file_says_so(client, library, home_en):
    entry = make_entry(library, "Κανονισμός", slug="regulation")
    english_library = publish(library.copy_for_translation(home_en.locale))
    assert english_library.live
    translated = entry.copy_for_translation(home_en.locale)
    translated.title = "Regulation"
    publish(translated)
    english = client.get("/en/documents/regulation/")
    assert "Greek only" in english.text
    assert "Greek only" in client.get("/en/documents/").text
    assert "Greek only" not in client.get("/el/documents/regulation/").text


def test_translation_can_have_its_own_file(client, library, home_en):
    entry = make_entry(library, "Αίτηση", slug="application")
    english_file = make_document(title="Application", filename="application-en.txt", language="en")
    publish(library.copy_for_translation(home_en.locale))
    translated = entry.copy_for_translation(home_en.locale)
    translated.title = "Application"
    translated.document = english_file
    publish(translated)
    english = client.get("/en/documents/application/").text
    assert "application-en.txt" in english
    assert "Greek only" not in english
    assert "English only" not in english


def test_home_page_shows_the_latest_five_documents(client, library):
    document = make_document()
    for i in range(7):
        make_entry(library, f"Έγγραφο {i}", document=document, day=datetime.date(2010 + i, 1, 1))
    text = client.get("/el/").text
    section = text[text.index('id="home-documents-heading"') :]
    found = re.findall(r'<li><a href="/el/documents/[^"]+/">([^<]+)</a>', section)
    assert found == [f"Έγγραφο {i}" for i in (6, 5, 4, 3, 2)]


def test_document_list_block_shows_localized_titles_type_and_size(client, library, home_en):
    entry = make_entry(library, "Αίτηση", slug="application")
    publish(library.copy_for_translation(home_en.locale))
    translated = entry.copy_for_translation(home_en.locale)
    translated.title = "Application"
    publish(translated)
    body = [("document_list", {"title": "Έντυπα", "documents": [entry]})]
    page = add_page(home_en, StandardPage(title="Forms", slug="forms", body=body))
    text = client.get("/en/forms/").text
    assert '<a href="/en/documents/application/">Application</a>' in text
    assert "Text" in text and "bytes" in text
    assert page.live
    assert DocumentPage.objects.count() == 2
