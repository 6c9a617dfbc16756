"""Snippets with the matched words wrapped in <mark>, computed in Python.

Words are compared in ``search.greek.normalise`` form, one word at a time, so the positions
used for cutting and marking are always positions in the original text (normalise changes
lengths: NFKD, dropped marks and invisible characters). Everything outside the <mark> tags is
HTML-escaped; the query never reaches the output except through the text it matched.
"""

import re
from functools import lru_cache
from html import unescape

from django.utils.html import escape
from django.utils.safestring import mark_safe

from .greek import normalise

# A word: letters and digits (no underscore) with any combining marks, so "Ρέθυμνο" in NFD
# stays one word.
# Soft hyphens and zero-width characters stay inside a word, as normalise() deletes them.
WORD_RE = re.compile(
    r"(?:[^\W_]|[\u0300-\u036f\u1ab0-\u1aff\u1dc0-\u1dff\u00ad\u200b-\u200d\u2060\ufeff])+"
)
SNIPPET_LENGTH = 240
LEAD = 60  # characters of context before the first match
# Characters of one text read for a snippet (documents can be huge): whitespace is folded
# and words are compared only in this prefix, so a snippet costs the same for a 10 MB file
# as for a page.
SCAN_LIMIT = 100_000
ELLIPSIS = "…"


def word_matches(word, term):
    """Whether a normalised word of the text counts as a hit for a normalised query term.

    Exact, a prefix (what autocomplete and PostgreSQL's prefix fallback match), or the same
    word with another ending (αιτήσεις/αίτηση, οικοπέδων/οικόπεδο, registrations/registration:
    what the stemmer matched), judged by a long enough common prefix.
    """
    if word == term:
        return True
    if len(term) >= 3 and word.startswith(term):
        return True
    common = 0
    for a, b in zip(word, term, strict=False):
        if a != b:
            break
        common += 1
    return common >= 4 and common >= len(term) - 3 and common >= len(word) - 4


@lru_cache(maxsize=50_000)
def _normal_word(word):
    return normalise(word)


# Characters normalise() folds to a letter, looked for in raw text: Latin, Greek and Greek
# with accents, capitals included (see _may_match).
_FOLDED_FROM = [
    chr(code)
    for block in ((0x20, 0x250), (0x370, 0x400), (0x1F00, 0x2000))
    for code in range(*block)
]


def _simple_characters():
    """A regular-expression class of the characters that fold to one letter or are a
    word's end: a text of only these folds letter for letter, so two letters in a row of a
    word are two characters in a row of the text."""
    simple = [
        char
        for char in _FOLDED_FROM
        if len(normalise(char)) == 1 or (not normalise(char) and not WORD_RE.match(char))
    ]
    return "".join(re.escape(char) for char in simple) + "\n\r\t"


# Anything else (combining marks of text in NFD, soft hyphens and zero-width characters
# inside words, "¼" or "ß" that fold to several letters, other scripts): read word by word.
_NOT_SIMPLE_RE = re.compile(f"[^{_simple_characters()}]")


@lru_cache(maxsize=512)
def _spellings(letter):
    """A regular-expression class of every character that normalise() folds to `letter`."""
    found = [char for char in _FOLDED_FROM if normalise(char) == letter] or [letter]
    return "[" + "".join(re.escape(char) for char in found) + "]"


@lru_cache(maxsize=1024)
def _may_match(terms):
    """A pattern a raw text must contain for any of its words to match `terms` (a word
    matches only a term it shares its first two letters with, see _matcher): looked for at
    C speed before a long text is read word by word. Only a quick "no": a text that has it
    is read word by word as before."""
    heads = sorted({term[:2] for term in terms})
    return re.compile("|".join("".join(_spellings(letter) for letter in head) for head in heads))


def _cannot_match(text, terms):
    """True when no word of `text` can match `terms` (see _may_match)."""
    if _NOT_SIMPLE_RE.search(text):
        return False
    return _may_match(tuple(terms)).search(text) is None


def _matcher(terms):
    """A test of a word of the text (as written) against `terms`, deciding each distinct
    word once. A word can only match a term it shares its first two letters with (equal, a
    prefix of at least 3, or a common start of at least 4): most words of a long text are
    turned away by that alone."""
    starts = {term[:2] for term in terms}
    decided = {}

    def matches(raw):
        hit = decided.get(raw)
        if hit is None:
            word = _normal_word(raw)
            hit = word[:2] in starts and any(word_matches(word, term) for term in terms)
            decided[raw] = hit
        return hit

    return matches


_WORD_CHARACTER_RE = re.compile(r"[^\W_]")


def _candidate_words(text, terms):
    """The words of `text` that may match `terms`: in a text of simple characters only
    those starting with a term's first two letters, found at C speed (see _may_match);
    otherwise every word."""
    if _NOT_SIMPLE_RE.search(text):
        yield from WORD_RE.finditer(text)
        return
    for head in _may_match(tuple(terms)).finditer(text):
        start = head.start()
        if start and _WORD_CHARACTER_RE.match(text, start - 1):
            continue  # inside a word, not its start
        yield WORD_RE.match(text, start)


def _matching_spans(text, terms, limit=None, matches=None):
    scanned = text if limit is None else text[:limit]
    matches = matches or _matcher(terms)
    for match in _candidate_words(scanned, terms):
        if matches(match.group()):
            yield match.start(), match.end()


def _render(text, spans):
    out, position = [], 0
    for start, end in spans:
        out.append(escape(text[position:start]))
        out.append(f"<mark>{escape(text[start:end])}</mark>")
        position = end
    out.append(escape(text[position:]))
    return "".join(out)


def highlight(text, terms):
    """The whole of ``text``, escaped, with every matching word marked."""
    text = text or ""
    if not terms:
        return escape(text)
    return mark_safe(_render(text, list(_matching_spans(text, terms))))  # noqa: S308


def _cut_start(text, index):
    """Move ``index`` back to the start of the word it is in."""
    stop = max(0, index - 40)  # a very long "word" is cut anyway
    while index > stop and not text[index - 1].isspace():
        index -= 1
    return index


def _cut_end(text, index):
    stop = min(len(text), index + 40)
    while index < stop and not text[index].isspace():
        index += 1
    return index


def snippet(texts, terms, length=SNIPPET_LENGTH):
    """An excerpt of about ``length`` characters around the first match in ``texts`` (tried
    in order), escaped, with the matched words marked; the start of the first non-empty text
    when nothing matches."""
    texts = [" ".join(t[:SCAN_LIMIT].split()) for t in texts if t and t.strip()]
    if not texts:
        return ""
    chosen, first = texts[0], None
    matches = _matcher(terms) if terms else None
    if terms:
        for text in texts:
            if _cannot_match(text, terms):
                continue
            first = next(_matching_spans(text, terms, limit=SCAN_LIMIT, matches=matches), None)
            if first is not None:
                chosen = text
                break
    start = 0 if first is None else _cut_start(chosen, max(0, first[0] - LEAD))
    end = min(len(chosen), start + length)
    if end < len(chosen):
        end = _cut_end(chosen, end)
    window = chosen[start:end]
    spans = list(_matching_spans(window, terms, matches=matches)) if terms else []
    html = _render(window, spans)
    if start > 0:
        html = ELLIPSIS + " " + html
    if end < len(chosen):
        html += " " + ELLIPSIS
    return mark_safe(html)  # noqa: S308


_MARK_TAGS = re.compile(r"</?mark>")


def snippet_text(html):
    """The text of a snippet or highlight made here (escaped text and <mark> tags only):
    the marks removed and the text unescaped, without an HTML parser."""
    return unescape(_MARK_TAGS.sub("", html))
