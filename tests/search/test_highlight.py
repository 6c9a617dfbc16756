"""search.highlight: marks the words that matched, at their place in the original text."""

import unicodedata

import pytest
from hypothesis import given
from hypothesis import strategies as st

from search.greek import query_terms
from search.highlight import highlight, snippet, word_matches


def marks(html):
    import re

    return re.findall(r"<mark>(.*?)</mark>", str(html))


@pytest.mark.parametrize(
    ("query", "text", "marked"),
    [
        ("ρεθυμνο", "Το ΡΕΘΥΜΝΟ και το Ρέθυμνο.", ["ΡΕΘΥΜΝΟ", "Ρέθυμνο"]),
        ("οδηγοσ", "Οδηγός επενδυτή", ["Οδηγός"]),
        ("προυπολογισμοσ", "Ο Προϋπολογισμός 2025", ["Προϋπολογισμός"]),
        ("αιτήσεις", "Η αίτηση υποβάλλεται", ["αίτηση"]),
        ("οικοπέδων", "Ένα οικόπεδο", ["οικόπεδο"]),
        ("registrations", "Online registration", ["registration"]),
        ("cafe", "Café & co", ["Café"]),
        ("ρεθ", "Ρέθυμνο", ["Ρέθυμνο"]),  # a prefix, as suggestions match
        ("και ρεθυμνο", "Ρέθυμνο και Χανιά", ["Ρέθυμνο"]),  # stop words are never marked
    ],
)
def test_marked_words(query, text, marked):
    assert marks(highlight(text, query_terms(query))) == marked


def test_positions_survive_length_changing_normalisation():
    # NFD accents (two code points each), a ligature (NFKD makes it two letters), a soft
    # hyphen and a zero-width space: normalise() changes the length of all of them.
    text = "ﬁle Ρε\u0301θυμνο, Ρέ\u00adθυμνο\u200b και πάρκο"
    html = str(highlight(text, query_terms("ρεθυμνο πάρκο")))
    assert marks(html) == ["Ρε\u0301θυμνο", "Ρέ\u00adθυμνο\u200b", "πάρκο"]
    assert html.startswith("ﬁle <mark>Ρε\u0301θυμνο</mark>, ")
    assert html.endswith("<mark>πάρκο</mark>")


def test_everything_outside_marks_is_escaped():
    html = str(highlight('<b>Ρέθυμνο</b> & "x"', ["ρεθυμνο"]))
    assert html == "&lt;b&gt;<mark>Ρέθυμνο</mark>&lt;/b&gt; &amp; &quot;x&quot;"


def test_snippet_is_cut_around_the_first_match_in_field_order():
    before = " ".join(["αρχή"] * 60)
    after = " ".join(["τέλος"] * 60)
    html = str(snippet(["", "Περίληψη χωρίς", f"{before} Ρέθυμνο {after}"], ["ρεθυμνο"]))
    assert "<mark>Ρέθυμνο</mark>" in html
    assert html.startswith("… αρχή") and html.endswith("τέλος …")
    assert len(html) < 320


def test_snippet_without_a_match_starts_at_the_beginning():
    assert str(snippet(["Πρώτο κείμενο.", "Δεύτερο."], ["ανύπαρκτο"])) == "Πρώτο κείμενο."
    assert snippet([], ["x"]) == ""


def test_huge_texts_without_spaces_are_cut():
    html = str(snippet(["α" * 100_000 + " Ρέθυμνο"], ["ρεθυμνο"]))
    assert len(html) < 400


@pytest.mark.parametrize(
    ("word", "term", "expected"),
    [
        ("ρεθυμνο", "ρεθυμνο", True),
        ("πολιτικη", "πολεισ", False),
        ("τα", "ταμειο", False),
        ("συμβουλιου", "συμβουλιο", True),
        ("parking", "park", True),
        ("use", "user", False),
    ],
)
def test_word_matches(word, term, expected):
    assert word_matches(word, term) is expected


@given(text=st.text(max_size=300), query=st.text(max_size=50))
def test_highlight_never_leaks_markup(text, query):
    html = str(highlight(text, query_terms(query)))
    stripped = html.replace("<mark>", "").replace("</mark>", "")
    assert "<" not in stripped and ">" not in stripped
    assert unicodedata.normalize(
        "NFC",
        stripped.replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", '"')
        .replace("&#x27;", "'")
        .replace("&amp;", "&"),
    ) == unicodedata.normalize("NFC", text)
