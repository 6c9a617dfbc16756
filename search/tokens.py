"""Search tokens: one stemmer, one phonetic key, the same on every database.

Both sides of every comparison go through here, after ``search.greek.normalise``:

* the index: ``index_text(text)`` is what the backend writes for a searched field: the
  text's words (normalised, stop words dropped) stemmed with Snowball's Greek or English
  stemmer, then one phonetic key per Greek word (``PHONETIC_PREFIX`` + key) at the end;
* a query: ``term_variants(word)`` gives the index tokens a query word matches exactly,
  and the prefixes it matches (see below); ``phonetic_variants(word)`` the keys of the
  second, spelling-forgiving pass.

The databases only split on spaces and compare whole tokens or prefixes (PostgreSQL's
``simple`` configuration, SQLite's FTS5 ``unicode61``), so what matches is decided here.

Stemming splits: Snowball sometimes puts forms of one word under two stems, one a prefix
of the other (συμβούλιο → συμβουλι, συμβουλίου → συμβουλ; registration → registr,
registering → regist). A query word therefore also matches, exactly, its own prefixes of
``STEM_MIN_LENGTH`` characters and more minus at most ``MAX_ENDING_LENGTH`` (Greek), and,
when it has ``PREFIX_MIN_LENGTH`` characters or more, every token starting with its stem.
Short words stay exact: "πόλεις" (stem πολ) must not find πολιτική.

The phonetic key (Greek written by sound): ει, οι, υι, η, υ → ι; ω → ο; αι → ε; αυ, ευ →
αβ, εβ; ου stays; doubled consonants once; then the Greek stemmer, so that endings are
forgiven too ("πιροσβεστηρες" → πυροσβεστήρας). Latin words of a query are also read as
Greek typed on the English keyboard layout ("reuymno" → ρευυμνο... → ρεθυμνο) and as
greeklish ("rethymno", "rethimno"), and keyed the same way.

Pure Python (``snowballstemmer``), no Django imports.
"""

import re
from functools import lru_cache

import snowballstemmer

from .greek import GREEK_STOP_WORDS, normalise

__all__ = [
    "PHONETIC_PREFIX",
    "STOP_WORDS",
    "index_text",
    "phonetic_key",
    "phonetic_variants",
    "stem",
    "term_variants",
    "words",
]

PHONETIC_PREFIX = "zx"  # no Greek or English word starts so; marks a phonetic key token
PREFIX_MIN_LENGTH = 7
STEM_MIN_LENGTH = 5
MAX_ENDING_LENGTH = 4

# English function words (the Snowball list's commonest), dropped as the Greek ones are.
ENGLISH_STOP_WORDS = frozenset(
    """a an and are as at be by for from has have in is it its of on or that the this to
    was were will with""".split()
)
STOP_WORDS = GREEK_STOP_WORDS | ENGLISH_STOP_WORDS

_WORD_RE = re.compile(r"[^\W_]+")
_GREEK_RE = re.compile("[\u0370-\u03ff\u1f00-\u1fff]")
_LATIN_RE = re.compile("[a-z]")

_greek_stemmer = snowballstemmer.stemmer("greek")
_english_stemmer = snowballstemmer.stemmer("english")


def words(normalised_text):
    """The words of normalised text (letters and digits; everything else separates)."""
    return _WORD_RE.findall(normalised_text)


def is_greek(word):
    return bool(_GREEK_RE.search(word))


@lru_cache(maxsize=200_000)
def stem(word):
    """The Snowball stem of a normalised word: Greek for Greek letters, English for Latin
    ones, the word itself otherwise (numbers)."""
    if is_greek(word):
        return _greek_stemmer.stemWord(word)
    if _LATIN_RE.search(word) and not any(char.isdigit() for char in word):
        return _english_stemmer.stemWord(word)
    return word


# --- the phonetic key ----------------------------------------------------------------

_SOUND_DIGRAPHS = {"ει": "ι", "οι": "ι", "υι": "ι", "αι": "ε", "αυ": "αβ", "ευ": "εβ"}
_SOUND_LETTERS = str.maketrans({"η": "ι", "υ": "ι", "ω": "ο"})
_CONSONANTS = set("βγδζθκλμνξπρστφχψ")


def _by_sound(word):
    out, index = [], 0
    while index < len(word):
        pair = word[index : index + 2]
        if pair == "ου":  # its own sound: kept (before υ → ι)
            out.append("ου")
            index += 2
        elif pair in _SOUND_DIGRAPHS:
            out.append(_SOUND_DIGRAPHS[pair])
            index += 2
        else:
            out.append(word[index].translate(_SOUND_LETTERS))
            index += 1
    text = "".join(out)
    return re.sub(r"([βγδζθκλμνξπρστφχψ])\1+", r"\1", text)


@lru_cache(maxsize=200_000)
def phonetic_key(word):
    """The index token of a Greek word's sound: "ρεθυμνο", "ρεθιμνο" → zxρεθιμν."""
    if not is_greek(word):
        return ""
    return PHONETIC_PREFIX + _greek_stemmer.stemWord(_by_sound(word))


# Greek typed with the keyboard on the English layout (the standard Greek layout).
_KEYBOARD = str.maketrans(
    dict(zip("abcdefghijklmnopqrstuvwxyz", "αβψδεφγηιξκλμνοπ;ρστθωςχυζ", strict=True))
)
# Greeklish: Greek written in Latin letters, as people write it.
_GREEKLISH_DIGRAPHS = {
    "th": "θ",
    "ch": "χ",
    "kh": "χ",
    "ps": "ψ",
    "ks": "ξ",
    "ou": "ου",
    "mp": "μπ",
}
_GREEKLISH_LETTERS = dict(
    zip("abcdefghijklmnopqrstuvwxyz", "αβκδεφγηιξκλμνοπκρστυβωχυζ", strict=True)
) | {"8": "θ", "3": "ξ"}


def keyboard_to_greek(word):
    return normalise(word.translate(_KEYBOARD))


def greeklish_to_greek(word):
    out, index = [], 0
    while index < len(word):
        pair = word[index : index + 2]
        if pair in _GREEKLISH_DIGRAPHS:
            out.append(_GREEKLISH_DIGRAPHS[pair])
            index += 2
        else:
            out.append(_GREEKLISH_LETTERS.get(word[index], word[index]))
            index += 1
    return "".join(out)


def phonetic_variants(word):
    """The phonetic keys a normalised query word may stand for: its own for a Greek word;
    for a Latin one, the Greek it gives as keyboard-layout slip and as greeklish."""
    if is_greek(word):
        return [phonetic_key(word)]
    if not word.isalpha() or not word.isascii():
        return []
    keys = []
    for greek in (keyboard_to_greek(word), greeklish_to_greek(word)):
        if greek.isalpha() and all(is_greek(char) for char in greek):
            key = phonetic_key(greek)
            if len(key) > len(PHONETIC_PREFIX) + 2 and key not in keys:
                keys.append(key)
    return keys


# --- index and query -------------------------------------------------------------------


def index_text(text):
    """A searched field's text as the index holds it: stems, then phonetic keys."""
    stems, keys, seen = [], [], set()
    for word in words(normalise(text)):
        if word in STOP_WORDS:
            continue
        stems.append(stem(word))
        key = phonetic_key(word)
        if key and key not in seen:
            seen.add(key)
            keys.append(key)
    return " ".join(stems + keys)


def autocomplete_text(text):
    """A title as the autocomplete column holds it: whole normalised words."""
    return " ".join(words(normalise(text)))


def query_words(text):
    """The normalised, non-stop-word words of (cleaned) query text."""
    return [word for word in words(normalise(text)) if word not in STOP_WORDS]


@lru_cache(maxsize=10_000)
def term_variants(word):
    """(exact tokens, prefix tokens) that a normalised query word matches in the index."""
    stemmed = stem(word)
    exact = [stemmed]
    prefixes = []
    if len(word) >= PREFIX_MIN_LENGTH:
        prefixes.append(stemmed)
    if is_greek(word):
        start = max(STEM_MIN_LENGTH, len(word) - MAX_ENDING_LENGTH)
        exact.extend(word[:end] for end in range(start, len(word)) if word[:end] != stemmed)
    return tuple(exact), tuple(prefixes)


def stems_match(word, term):
    """Whether an (unstemmed, normalised) word of a text matches a query term as the index
    does: used to tell title hits and to mark snippets."""
    exact, prefixes = term_variants(term)
    stemmed = stem(word)
    return stemmed in exact or any(stemmed.startswith(prefix) for prefix in prefixes)
