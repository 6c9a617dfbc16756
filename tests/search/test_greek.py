"""Unit tests for search.greek: the normaliser, stop words and query cleaning.

Pure Python, no database: run with
    .venv/bin/python -m pytest tests/search/test_greek.py -q
"""

import unicodedata

import pytest
from hypothesis import given
from hypothesis import strategies as st

from search.greek import (
    GREEK_STOP_WORDS,
    clean_query,
    normalise,
    prepare_for_index,
    query_terms,
    remove_stop_words,
    script_language,
)

# Characters with a meaning to tsquery, FTS5 or LIKE.
SYNTAX_CHARACTERS = set("&|!:*()<>'\\%_^+-{}[];=~@#$/,.?`")


# --- normalise -------------------------------------------------------------


def test_unaccented_greek_query_matches_accented_title():
    forms = ["ρεθυμνο", "ΡΕΘΥΜΝΟ", "Ρέθυμνο", "ρεθυμνό", "ΡΈΘΥΜΝΟ"]
    assert {normalise(form) for form in forms} == {"ρεθυμνο"}


def test_final_sigma_matches_medial_sigma():
    assert normalise("Οδηγός") == normalise("οδηγοσ") == normalise("ΟΔΗΓΟΣ") == "οδηγοσ"
    assert "ς" not in normalise("Οι αιτήσεις της κοινότητας")


def test_dialytika_and_tonos_are_stripped():
    assert normalise("Προϋπολογισμός") == normalise("ΠΡΟΫΠΟΛΟΓΙΣΜΟΣ") == "προυπολογισμοσ"
    assert normalise("Ταΐζω ΐ ΰ") == "ταιζω ι υ"


def test_polytonic_and_decomposed_input_fold_the_same():
    decomposed = unicodedata.normalize("NFD", "Ρέθυμνο")
    assert len(decomposed) > len("Ρέθυμνο")
    assert normalise(decomposed) == "ρεθυμνο"
    assert normalise("Ἀθῆναι") == "αθηναι"


def test_latin_accents_and_compatibility_forms():
    assert normalise("Café CRÈME") == "cafe creme"
    assert normalise("ﬁle Ｒethymno ²") == "file rethymno 2"
    assert normalise("Straße") == "strasse"


def test_whitespace_is_collapsed_and_trimmed():
    assert normalise("  Οδηγός\t\n για\u00a0το   Ρέθυμνο  ") == "οδηγοσ για το ρεθυμνο"


def test_control_and_invisible_characters_are_removed():
    assert normalise("α\x00β") == "α β"
    # A soft hyphen or zero-width space inside a word must not split it.
    assert normalise("προϋπο\u00adλογισμός") == "προυπολογισμοσ"
    assert normalise("ρεθ\u200bυμνο") == "ρεθυμνο"
    assert normalise("\ufeffαρχή") == "αρχη"
    assert normalise("lone \ud800 surrogate") == "lone surrogate"


@pytest.mark.parametrize("empty", ["", "   ", "\x00", "\u200b"])
def test_empty_input(empty):
    assert normalise(empty) == ""


@given(st.text())
def test_normalise_is_idempotent(text):
    once = normalise(text)
    assert normalise(once) == once


@given(st.text())
def test_normalised_text_has_no_marks_controls_or_final_sigma(text):
    result = normalise(text)
    assert "ς" not in result
    assert "\x00" not in result
    assert result == result.strip()
    assert "  " not in result
    for char in result:
        assert not ("\u0300" <= char <= "\u036f"), repr(result)
        assert not ("\ud800" <= char <= "\udfff"), repr(result)


def test_normalise_is_fast_on_a_large_document():
    import time

    document = "Οι αιτήσεις των οικοπέδων στο Ρέθυμνο, Προϋπολογισμός 2025. " * 20_000
    start = time.perf_counter()
    normalise(document)
    assert time.perf_counter() - start < 2.0  # about 0.1 s for 1.2 MB here


# --- stop words ------------------------------------------------------------


def test_stop_words_are_normalised():
    assert 100 <= len(GREEK_STOP_WORDS) <= 200
    for word in GREEK_STOP_WORDS:
        assert normalise(word) == word
    assert {"και", "το", "τησ", "για", "στο", "απο", "ειναι", "οτι"} <= GREEK_STOP_WORDS


def test_place_name_words_are_not_stop_words():
    assert {"ανω", "κατω", "νεα", "ρεθυμνο"}.isdisjoint(GREEK_STOP_WORDS)


def test_remove_stop_words_keeps_content_words():
    text = normalise("Οι αιτήσεις των οικοπέδων και για το Ρέθυμνο, της Κρήτης.")
    assert remove_stop_words(text) == "αιτησεισ οικοπεδων ρεθυμνο, κρητησ."


def test_remove_stop_words_with_punctuation_attached():
    assert remove_stop_words("αιτηση και, (το) «για» οικοπεδο") == "αιτηση οικοπεδο"


def test_prepare_for_index():
    assert prepare_for_index("Ο Οδηγός για το Ρέθυμνο") == "οδηγοσ ρεθυμνο"
    assert prepare_for_index("") == ""


# --- clean_query -----------------------------------------------------------


def test_clean_query_keeps_letters_digits_case_and_accents():
    assert clean_query("Ρέθυμνο 2025 Registration") == "Ρέθυμνο 2025 Registration"


def test_clean_query_keeps_phrases():
    assert clean_query('"δημοτικό συμβούλιο" αίτηση') == '"δημοτικό συμβούλιο" αίτηση'
    assert clean_query("«Δημοτικό Συμβούλιο»") == '"Δημοτικό Συμβούλιο"'
    assert clean_query("“open data”") == '"open data"'


def test_clean_query_balances_quotes_and_drops_empty_phrases():
    assert clean_query('"unbalanced phrase') == "unbalanced phrase"
    assert clean_query('α "β" γ "δ') == 'α "β" γ δ'
    assert clean_query('""  ""') == ""
    assert clean_query('" "αίτηση') == "αίτηση"


def test_clean_query_keeps_decimal_numbers():
    assert clean_query("ΦΕΚ 2.5 1,000 τέλος.") == "ΦΕΚ 2.5 1,000 τέλος"


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("'; DROP TABLE wagtailsearch_indexentry; --", "DROP TABLE wagtailsearch indexentry"),
        ("a & b | !c", "a b c"),
        ("ρέθυμνο:* & !(οδηγός)", "ρέθυμνο οδηγός"),
        ("100% _x_ \\", "100 x"),
        ("x\x00y", "x y"),
        ("Ρέθυμνο 😀🇬🇷 ★", "Ρέθυμνο"),
        ("NEAR(a b) {title}: ^x*", "NEAR a b title x"),
        ("e-mail o'neil", "e mail o neil"),
        ("\ud800\udfff", ""),
        ("   ", ""),
    ],
)
def test_clean_query_removes_syntax_characters(raw, expected):
    assert clean_query(raw) == expected


def test_clean_query_cuts_huge_input():
    assert clean_query("ρ" * 1_000_000) == "ρ" * 200
    assert len(clean_query("αίτηση " * 10_000, max_length=50)) <= 50
    assert clean_query("abc", max_length=0) == ""


def test_clean_query_rejects_non_strings():
    assert clean_query(None) == ""
    assert clean_query(b"bytes") == ""


@given(st.text(), st.integers(min_value=1, max_value=300))
def test_clean_query_output_is_always_safe(raw, max_length):
    result = clean_query(raw, max_length=max_length)
    assert len(result) <= max_length
    assert result.count('"') % 2 == 0
    assert '""' not in result
    assert result == result.strip()
    for index, char in enumerate(result):
        if char in ".,":  # only between two digits
            assert result[index - 1].isdigit() and result[index + 1].isdigit()
            continue
        assert char == '"' or char == " " or unicodedata.category(char)[0] in "LNM", repr(char)
        assert char not in SYNTAX_CHARACTERS


# --- query_terms -----------------------------------------------------------


def test_query_terms_normalise_and_drop_stop_words():
    assert query_terms("Οι ΑΙΤΗΣΕΙΣ για το Ρέθυμνο") == ["αιτησεισ", "ρεθυμνο"]
    assert query_terms('"Δημοτικό Συμβούλιο" και') == ["δημοτικο", "συμβουλιο"]
    assert query_terms("και για το") == []
    assert query_terms("") == []


def test_query_terms_keep_last_for_autocomplete():
    assert query_terms("αιτηση τα", keep_last=True) == ["αιτηση", "τα"]
    assert query_terms("τα αιτηση", keep_last=True) == ["αιτηση"]


@given(st.text())
def test_query_terms_are_safe_lexemes(raw):
    for term in query_terms(raw):
        assert term
        assert term == normalise(term)
        assert term not in GREEK_STOP_WORDS
        assert not (set(term) & (SYNTAX_CHARACTERS - set(".,")))
        assert '"' not in term and " " not in term


@pytest.mark.parametrize(
    ("text", "default", "expected"),
    [
        ("Οδηγός για επενδυτές στο Ρέθυμνο", "en", "el"),
        ("A guide for investors in Rethymno", "el", "en"),
        ("Οδηγός (Investor guide) για επενδυτές", "en", "en"),  # mixed: no clear script
        ("ΒΙΟ.ΠΑ.", "en", "en"),  # too short to tell
        ("ΒΙΟΜΗΧΑΝΙΚΗ ΠΕΡΙΟΧΗ ΡΕΘΥΜΝΟΥ", "en", "el"),
        ("Ἀθῆναι καὶ Ῥέθυμνον ἐν ἔτει", "en", "el"),  # polytonic Greek
        ("2019 – 2020, € 1.500.000", "el", "el"),  # no letters
    ],
)
def test_script_language(text, default, expected):
    assert script_language(text, default) == expected
