"""/<lang>/search/suggest/: JSON for the header's search box."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from wagtail.models import PageViewRestriction

from home.models import StandardPage
from tests.conftest import add_page

from . import corpus


def build_site():
    home_el, home_en = corpus.homes()
    add_page(home_el, StandardPage(title="Οδηγός επενδυτή", slug="guide"))
    add_page(home_el, StandardPage(title="Ρέθυμνο: πρόσβαση", slug="rethymno"))
    secret = add_page(home_el, StandardPage(title="Οδηγίες προσωπικού", slug="staff"))
    PageViewRestriction.objects.create(page=secret, restriction_type=PageViewRestriction.LOGIN)
    add_page(home_en, StandardPage(title="Investor guide", slug="en-guide"))
    return home_el


@pytest.fixture
def pages(module_site, db):
    return module_site


def suggest(client, query, language="el"):
    response = client.get(f"/{language}/search/suggest/", {"q": query})
    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    return response.json()["results"]


@pytest.mark.parametrize(
    "query", ["οδη", "ΟΔΗ", "Οδη", "οδηγ", "οδηγοσ", "Οδηγός επ", "οδηγος επεν"]
)
def test_prefixes_find_titles_whatever_the_accents_and_case(client, pages, query):
    assert suggest(client, query) == [
        {"title": "Οδηγός επενδυτή", "url": "/el/guide/", "type": "page", "type_label": "Σελίδα"}
    ]


def test_result_shape_and_locale(client, pages):
    results = suggest(client, "inv", "en")
    assert [r["title"] for r in results] == ["Investor guide"]
    assert set(results[0]) >= {"title", "url", "type"}
    assert suggest(client, "inv", "el") == []
    assert suggest(client, "οδη", "en") == []


def test_private_pages_are_not_suggested(client, pages):
    assert [r["title"] for r in suggest(client, "οδηγ")] == ["Οδηγός επενδυτή"]


@pytest.mark.parametrize("query", ["", "ο", " ", "και", '"', "*", "\x00"])
def test_nothing_for_too_little(client, pages, query):
    assert suggest(client, query) == []


def test_at_most_eight_results_and_fixed_query_count(client, pages):
    def count():
        with CaptureQueriesContext(connection) as ctx:
            results = suggest(client, "σελ")
        return len(ctx), len(results)

    add_page(pages, StandardPage(title="Σελίδα 0", slug="p0"))
    suggest(client, "σελ")
    small = count()
    for i in range(1, 20):
        add_page(pages, StandardPage(title=f"Σελίδα {i}", slug=f"p{i}"))
    suggest(client, "σελ")  # the first request after a publish keeps the site's route anew
    large = count()
    assert small[1] == 1 and large[1] == 8
    assert small[0] == large[0], (small, large)


def test_the_header_search_box_is_an_accessible_combobox(client, pages):
    html = client.get("/el/").content.decode()
    assert 'role="combobox"' in html
    assert 'aria-controls="site-search-suggestions"' in html
    assert 'aria-expanded="false"' in html
    assert 'aria-autocomplete="list"' in html
    assert 'id="site-search-suggestions"' in html and 'role="listbox"' in html
    assert 'role="status"' in html and 'aria-live="polite"' in html
    assert 'data-suggest-url="/el/search/suggest/"' in html
    assert '<form class="search-form" role="search" action="/el/search/" method="get"' in html
    assert 'name="q"' in html
    assert "js/search.js" in html and "<script>" not in html.split("</head>")[0].replace(
        "<script src", ""
    )
