"""The one Greek-aware text normaliser of the project.

Everything that compares text for search goes through here: the text written
into the search index (``prepare_for_index``), the terms of a visitor's query
(``query_terms``) and, later, snippet highlighting. Keeping both sides on the
same function is what makes "ρεθυμνο", "ΡΕΘΥΜΝΟ", "Ρέθυμνο" and "ρεθυμνό" equal
on every database.

Pure Python, no Django imports: safe to use anywhere and cheap to unit test.
"""

import re
import unicodedata

__all__ = [
    "GREEK_STOP_WORDS",
    "clean_query",
    "normalise",
    "prepare_for_index",
    "query_terms",
    "remove_stop_words",
]

# Deleted without a trace: the non-spacing marks left over after NFKD (Greek
# tonos U+0301, dialytika U+0308, polytonic breathings U+0313..U+0345 and Latin
# accents all live in the Combining Diacritical Marks blocks), characters that
# must not split a word (soft hyphen from PDFs, zero-width (non-)joiners, bidi
# controls, BOM) and lone surrogates, which PostgreSQL cannot store.
_DELETE_RE = re.compile(
    "[\u0300-\u036f\u1ab0-\u1aff\u1dc0-\u1dff\u20d0-\u20ff\ufe20-\ufe2f"
    "\u00ad\u200b-\u200f\u202a-\u202e\u2060-\u2064\ufeff\ud800-\udfff]+"
)
# Replaced by a space: C0/C1 controls (NUL included), line/paragraph separators.
_CONTROL_RE = re.compile("[\x00-\x1f\x7f-\x9f\u2028\u2029]+")


def normalise(text: str) -> str:
    """Fold ``text`` to the form used for every search comparison.

    NFKD-decompose, casefold, strip combining marks (τόνος, διαλυτικά and
    Latin accents), map final sigma ς to σ, drop control and invisible
    characters (NUL included) and collapse whitespace to single spaces.

    >>> normalise("  Οδηγός  για το Ρέθυμνο\\x00 Προϋπολογισμός ")
    'οδηγοσ για το ρεθυμνο προυπολογισμοσ'
    """
    if not text:
        return ""
    text = unicodedata.normalize("NFKD", text).casefold()
    text = _DELETE_RE.sub("", text)
    text = _CONTROL_RE.sub(" ", text)
    # casefold() already maps ς to σ; the replace documents the intent and
    # also catches a ς produced by NFKD (e.g. from lunate sigma ϲ).
    return " ".join(text.replace("ς", "σ").split())


# Greek function words: articles, pronouns, prepositions, conjunctions,
# particles and the commonest auxiliary forms. Written with accents for
# readability; normalised below. Deliberately NOT included: words that are
# part of Cretan place names or carry meaning on their own (άνω, κάτω, πάνω,
# μέσα, έξω, νέα, νέος).
_GREEK_STOP_WORDS_SOURCE = """
ο η το οι τα του της των τον την τη τους τις
ένας ενός έναν μια μία μιας ένα
σε στο στη στην στον στα στους στις στων σ
από απ προς με για κατά μετά παρά αντί χωρίς μέχρι έως ως διά επί υπό περί
πριν μεταξύ λόγω
και κι ή ούτε μήτε είτε αλλά όμως ενώ αν εάν άμα ότι πως πώς που πού γιατί
επειδή αφού όταν όπως ώστε μόλις καθώς λοιπόν δηλαδή επίσης ακόμα ακόμη μα
να θα δεν δε μην μη ας
εγώ εσύ αυτός αυτή αυτό αυτοί αυτές αυτά αυτού αυτής αυτών αυτόν αυτήν αυτούς
μου σου μας σας τους εμείς εσείς εμένα εσένα
ποιος ποια ποιο ποιοι ποιες ποιου ποιας ποιων ποιον ποιους
οποίος οποία οποίο οποίοι οποίες οποίου οποίας οποίων οποίον οποίους
τι κάποιος κάποια κάποιο κάτι τίποτα κανείς κανένας καμία κανένα
όλος όλη όλο όλοι όλες όλα όλων όλους κάθε
άλλος άλλη άλλο άλλοι άλλες άλλα άλλων
ίδιος ίδια ίδιο
εδώ εκεί τώρα τότε πάντα ποτέ ήδη πολύ πολλά πιο μόνο ίσως μάλλον έτσι
είμαι είσαι είναι είμαστε είστε ήταν ήμουν έχω έχεις έχει έχουμε έχουν είχε είχαν
τ μ
"""

#: Greek stop words in normalised form (no accents, σ for final sigma).
GREEK_STOP_WORDS: frozenset[str] = frozenset(normalise(_GREEK_STOP_WORDS_SOURCE).split())

# Punctuation that may cling to a word ("και," "(το)"); stripped only to test
# a token against the stop-word list.
_CLINGING_PUNCTUATION = "!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~«»·‘’“”–—…"


def remove_stop_words(normalised_text: str) -> str:
    """Drop Greek stop words from text that has already been normalised.

    Works on whitespace-separated tokens (fast on whole documents); a stop word
    with punctuation attached ("και,", "(το)") goes together with it.
    """
    if not normalised_text:
        return ""
    return " ".join(
        token
        for token in normalised_text.split()
        if token.strip(_CLINGING_PUNCTUATION) not in GREEK_STOP_WORDS
    )


def prepare_for_index(text: str) -> str:
    """Text as it is written into the search index: normalised, no stop words."""
    return remove_stop_words(normalise(text))


# --- queries -------------------------------------------------------------

# Typographic and Greek quotation marks a visitor may type for a phrase.
_QUOTES = str.maketrans(dict.fromkeys("«»“”„‟″＂", '"'))
# Dots and commas between digits survive (2.5, 1,000): PostgreSQL indexes
# "2.5" as one lexeme, so the query has to keep it too.
_NUMBER_SEPARATORS = frozenset(".,")


def _is_kept(char: str) -> bool:
    # Letters, digits and combining marks are the only characters with no
    # meaning to tsquery (& | ! : * ( ) < > ' \), FTS5 (" * ^ + - : ( ) { })
    # or LIKE (% _). Everything else (punctuation, symbols, emoji,
    # controls, surrogates, private use) becomes a space.
    return unicodedata.category(char)[0] in "LNM"


def clean_query(raw: str, max_length: int = 200) -> str:
    """Make a visitor's raw query string safe to hand to the search backend.

    Keeps letters, digits, combining marks, the decimal separator inside
    numbers and double quotes, which delimit phrases: ``"δημοτικό συμβούλιο"``.
    «…» and “…” count as double quotes. Everything else becomes a space, so
    tsquery/FTS5/LIKE syntax (quotes, parentheses, & | ! : * \\ % _),
    SQL fragments, emoji and NUL bytes never reach the database. The result is
    at most ``max_length`` characters, has balanced quotes and no empty
    phrases. Case and accents are kept (for display); ``normalise`` folds them.
    """
    if not isinstance(raw, str) or max_length <= 0:
        return ""
    # Bound the work on huge input before the per-character pass.
    text = unicodedata.normalize("NFC", raw[: max_length * 4]).translate(_QUOTES)
    last = len(text) - 1
    chars = [
        char
        if char == '"'
        or _is_kept(char)
        or (
            char in _NUMBER_SEPARATORS
            and 0 < index < last
            and text[index - 1].isdigit()
            and text[index + 1].isdigit()
        )
        else " "
        for index, char in enumerate(text)
    ]
    text = _balance_quotes(" ".join("".join(chars).split())[:max_length])
    if len(text) > max_length:  # balancing may add a space around a quote
        text = _balance_quotes(text[:max_length])
        if len(text) > max_length:
            text = " ".join(text.replace('"', " ").split())[:max_length].rstrip()
    return text


def _balance_quotes(text: str) -> str:
    if text.count('"') % 2:
        head, _, tail = text.rpartition('"')
        text = head + " " + tail
    # Drop empty phrases and tidy the spaces around quotes.
    parts = text.split('"')
    pieces = []
    for index, part in enumerate(parts):
        part = " ".join(part.split())
        if not part:
            continue
        pieces.append(f'"{part}"' if index % 2 else part)
    return " ".join(pieces)


def query_terms(text: str, max_length: int = 1000, keep_last: bool = False) -> list[str]:
    """The normalised, non-stop-word terms of a query string (quotes ignored).

    This is what a backend turns into tsquery lexemes or FTS5 tokens; it
    applies ``clean_query`` itself, so it is safe on unchecked input too.
    ``keep_last`` keeps the last term even if it is a stop word: in
    autocomplete it is a prefix being typed ("τα" may become "ταμείο").
    """
    cleaned = clean_query(text, max_length=max_length).replace('"', " ")
    terms = normalise(cleaned).split()
    last = terms[-1:] if keep_last else []
    if last:
        terms = terms[:-1]
    return [term for term in terms if term not in GREEK_STOP_WORDS] + last


def script_language(text: str, default: str) -> str:
    """The language a fragment is written in, as far as its script tells: "el" for text
    mostly in Greek letters, "en" for text mostly in Latin ones, else `default`. Used for
    the `lang` of fragments that may be in the other language than the page (a snippet
    from a Greek-only file on the English site), so that screen readers switch voice."""
    greek = len(_GREEK_LETTER.findall(text))
    latin = len(_LATIN_LETTER.findall(text))
    letters = greek + latin
    if letters < SCRIPT_MIN_LETTERS:
        return default
    if greek >= letters * SCRIPT_SHARE:
        return "el"
    if latin >= letters * SCRIPT_SHARE:
        return "en"
    return default


# Letters ([^\W\d_]: a word character, not a digit or "_") of the Greek blocks; Latin ones.
_GREEK_LETTER = re.compile(r"(?=[^\W\d_])[\u0370-\u03ff\u1f00-\u1fff]")
_LATIN_LETTER = re.compile(r"[A-Za-z]")
SCRIPT_MIN_LETTERS = 12  # fewer letters (a name, a number) say too little
SCRIPT_SHARE = 0.8
