"""Search that forgives: inflection, Greek written by sound (iotacism), Greek typed on the
English keyboard layout, greeklish, and a last word still being typed, on SQLite and
PostgreSQL alike (issue #14). The site is built once for the module."""

import pytest

from home.models import StandardPage
from tests.conftest import add_page

from . import corpus


def build_site():
    home_el, home_en = corpus.homes()
    pages = {
        "rethymno": corpus.standard(
            home_el, "rethymno", "Ρέθυμνο: πρόσβαση", "Πώς θα έρθετε στη ΒΙΠΕ Ρεθύμνου."
        ),
        "fire": corpus.standard(
            home_el,
            "fire",
            "Οδηγός πυρασφάλειας",
            "Οι πυροσβεστήρες ελέγχονται κάθε χρόνο από την εταιρεία συντήρησης.",
        ),
        "tanks": corpus.standard(home_el, "tanks", "Πυροσβεστικές φωλιές", "Σε κάθε οικόπεδο."),
        "applications": corpus.standard(
            home_el, "applications", "Αίτηση εγκατάστασης", "Υποβάλλετε την αίτηση ηλεκτρονικά."
        ),
        "council": corpus.standard(home_el, "council", "Δημοτικό συμβούλιο", "Συνεδριάσεις."),
        "en": corpus.standard(home_en, "en-fire", "Fire safety guide", "Extinguishers checked."),
    }
    for i in range(3):
        add_page(home_el, StandardPage(title=f"Ανακοίνωση {i}", slug=f"notice-{i}"))
    return pages


@pytest.fixture
def site(module_site, db):
    return module_site


def search(client, query, language="el", **params):
    response = client.get(f"/{language}/search/", {"q": query, **params})
    assert response.status_code == 200
    return response


def slugs(response):
    return [result.page.slug for result in response.context["outcome"].results]


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        # inflection: the stemmer, in Python, on both databases
        ("πυρασφάλεια", "fire"),
        ("Ρεθύμνου", "rethymno"),
        ("αιτήσεις", "applications"),
        ("συμβουλίου", "council"),
        ("πυροσβεστήρας", "fire"),
    ],
)
def test_inflected_forms_are_found_exactly(client, site, query, expected):
    response = search(client, query)
    assert slugs(response)[:1] == [expected]
    assert response.context["outcome"].mode == "exact"


@pytest.mark.parametrize(
    ("query", "expected", "corrected"),
    [
        ("ρεθιμνο", "rethymno", "ρεθυμνο"),  # ι for υ
        ("πιροσβεστηρες", "fire", "πυροσβεστηρεσ"),  # ι for υ, η kept, another ending
        ("οδιγος πιρασφαλιας", "fire", "οδηγοσ πυρασφαλειασ"),
        ("reuymno", "rethymno", "ρεθυμνο"),  # ρεθυμνο typed on the English layout
        ("rethymno", "rethymno", "ρεθυμνο"),  # greeklish
        ("rethimno", "rethymno", "ρεθυμνο"),
    ],
)
def test_greek_spelling_by_sound_is_forgiven(client, site, query, expected, corrected):
    response = search(client, query)
    outcome = response.context["outcome"]
    assert slugs(response)[:1] == [expected]
    assert outcome.mode == "phonetic"
    assert outcome.corrected == corrected
    html = response.content.decode()
    assert f"«{corrected}»" in html  # "Αποτελέσματα για «…»" once the msgid is translated
    assert "exact=1" in html


def test_a_misspelling_the_stems_cover_is_found_exactly(client, site):
    assert slugs(search(client, "εταιρια"))[:1] == ["fire"]  # ι for ει: εταιρ* covers it


def test_the_exact_search_can_be_asked_for(client, site):
    exact = search(client, "ρεθιμνο", exact="1")
    assert slugs(exact) == []
    assert exact.context["outcome"].mode == "exact"


def test_exact_matches_come_before_sound_matches(client, site):
    add_page(
        site["rethymno"].get_parent(),
        StandardPage(title="Ρεθιμνο (λάθος γραφή)", slug="misspelled"),
    )
    found = slugs(search(client, "ρεθιμνο"))
    assert found[0] == "misspelled"
    assert "rethymno" in found[1:]


@pytest.mark.parametrize("prefix", ["πυρ", "ΠΥΡΟ", "ρεθ", "οδηγός πυρ"])
def test_what_suggest_offers_for_a_prefix_the_search_finds(client, site, prefix):
    suggested = client.get("/el/search/suggest/", {"q": prefix}).json()["results"]
    assert suggested
    found = {result.page.url for result in search(client, prefix).context["outcome"].results}
    assert {item["url"] for item in suggested} <= found


def test_a_prefix_search_says_so(client, site):
    response = search(client, "πυρ")
    assert response.context["outcome"].mode == "prefix"
    assert set(slugs(response)) == {"fire", "tanks"}
    assert "<mark>" in response.content.decode()


def test_an_english_word_on_the_english_site_is_not_read_as_greek(client, site):
    response = search(client, "extinguisher", "en")
    assert slugs(response) == ["en-fire"]
    assert response.context["outcome"].mode == "exact"


def test_counts_are_exact_up_to_a_bound_then_shown_with_a_plus(client, site, monkeypatch):
    from search import selectors

    monkeypatch.setattr(selectors, "MAX_CANDIDATES", 2)
    monkeypatch.setattr(selectors, "COUNT_LIMIT", 2)
    response = search(client, "ανακοινωση")
    outcome = response.context["outcome"]
    assert outcome.counts_capped
    assert [(t.key, n) for t, n in outcome.counts] == [("page", 2)]
    assert "2+" in response.content.decode()
