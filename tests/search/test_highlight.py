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


_LETTERS = "ρεθυμνοΡΕΘΥΜΝΟέήίόύώΈΉΊΌΎΏϊϋΐΰςσπάρκοabcdeRTHYMNéèü ,.-"


@given(
    text=st.text(alphabet=_LETTERS + "\u0301\u00ad\u200b", max_size=200) | st.text(max_size=200),
    query=st.text(alphabet=_LETTERS, min_size=1, max_size=20) | st.text(max_size=20),
)
def test_the_quick_look_never_turns_away_a_text_with_a_match(text, query):
    """The raw-text look that spares a long text the word-by-word reading (a word can only
    match a term it shares its first two letters with) says "no" only when the reading
    would find nothing: the same snippet with or without it."""
    from search.highlight import _cannot_match, _matching_spans

    terms = query_terms(query)
    if terms and _cannot_match(text, terms):
        assert list(_matching_spans(text, terms)) == []


def test_a_text_without_the_words_is_not_read_word_by_word():
    from search.highlight import _cannot_match

    long_text = "Βιομηχανική περιοχή Κρήτης. " * 1000
    assert _cannot_match(long_text, ["ρεθυμνο"])
    assert not _cannot_match(long_text + " ΡΈΘΥΜΝΟ", ["ρεθυμνο"])
    assert not _cannot_match("ρε\u0301θυμνο", ["ρεθυμνο"])  # decomposed accents: read it
    # the snippet is the start of the text when nothing matches, as before
    assert str(snippet([long_text], ["ρεθυμνο"])).startswith("Βιομηχανική περιοχή")


@given(
    text=st.text(alphabet=_LETTERS + "\u0301\u00ad\u200bß¼_0123", max_size=200)
    | st.text(max_size=200),
    query=st.text(alphabet=_LETTERS, min_size=1, max_size=20) | st.text(max_size=20),
)
def test_only_words_that_may_match_are_read_and_the_marks_are_the_same(text, query):
    """The words read are those starting with a term's first two letters, found in the raw
    text: exactly the words that reading every word marks."""
    from search.highlight import WORD_RE, _matcher, _matching_spans

    terms = query_terms(query)
    if not terms:
        return
    matches = _matcher(terms)
    every_word = [(m.start(), m.end()) for m in WORD_RE.finditer(text) if matches(m.group())]
    assert list(_matching_spans(text, terms)) == every_word
