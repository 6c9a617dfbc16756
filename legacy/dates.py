"""Dates as the old site wrote them: "Τρίτη, 20 Αυγούστου 2019", "20/08/2019",
"Tuesday, 20. August 2019", "August 20, 2019", "2019-08-20"."""

import datetime
import re
import unicodedata

GREEK_MONTHS = {
    # Genitive ("20 Αυγούστου") and nominative ("Αύγουστος 2019"), without accents.
    "ιανουαριου": 1, "ιανουαριος": 1, "ιαν": 1,
    "φεβρουαριου": 2, "φεβρουαριος": 2, "φεβ": 2,
    "μαρτιου": 3, "μαρτιος": 3, "μαρ": 3,
    "απριλιου": 4, "απριλιος": 4, "απρ": 4,
    "μαιου": 5, "μαιος": 5, "μαι": 5,
    "ιουνιου": 6, "ιουνιος": 6, "ιουν": 6,
    "ιουλιου": 7, "ιουλιος": 7, "ιουλ": 7,
    "αυγουστου": 8, "αυγουστος": 8, "αυγ": 8,
    "σεπτεμβριου": 9, "σεπτεμβριος": 9, "σεπ": 9,
    "οκτωβριου": 10, "οκτωβριος": 10, "οκτ": 10,
    "νοεμβριου": 11, "νοεμβριος": 11, "νοε": 11,
    "δεκεμβριου": 12, "δεκεμβριος": 12, "δεκ": 12,
}  # fmt: skip
ENGLISH_MONTHS = {
    name: number
    for number, names in enumerate(
        [
            ("january", "jan"), ("february", "feb"), ("march", "mar"), ("april", "apr"),
            ("may",), ("june", "jun"), ("july", "jul"), ("august", "aug"),
            ("september", "sep", "sept"), ("october", "oct"), ("november", "nov"),
            ("december", "dec"),
        ],
        start=1,
    )
    for name in names
}  # fmt: skip
MONTHS = {**GREEK_MONTHS, **ENGLISH_MONTHS}
_MONTH = "|".join(sorted(MONTHS, key=len, reverse=True))

# Each pattern finds a date in accent-free, lower-case text.
_DAY_MONTH_YEAR = re.compile(rf"\b(\d{{1,2}})\.?\s+({_MONTH})\.?,?\s+(\d{{4}})\b")
_MONTH_DAY_YEAR = re.compile(rf"\b({_MONTH})\.?\s+(\d{{1,2}})(?:st|nd|rd|th)?,?\s+(\d{{4}})\b")
_NUMERIC = re.compile(r"\b(\d{1,2})[/.\-](\d{1,2})[/.\-](\d{4}|\d{2})\b")
_ISO = re.compile(r"\b(\d{4})-(\d{2})-(\d{2})\b")


def fold(text):
    """Lower case without accents or diaeresis; final sigma as sigma. Same length as the
    input for Greek and Latin letters, so positions found in it hold in the original."""
    decomposed = unicodedata.normalize("NFD", text.lower())
    return "".join(c for c in decomposed if not unicodedata.combining(c)).replace("ς", "σ")


def find_dates(text):
    """Every date in `text`: (position, date), in order of position."""
    folded = fold(text)
    found = []
    for match in _DAY_MONTH_YEAR.finditer(folded):
        found.append((match.start(), _make(match.group(3), MONTHS[match.group(2)], match[1])))
    for match in _MONTH_DAY_YEAR.finditer(folded):
        found.append((match.start(), _make(match.group(3), MONTHS[match.group(1)], match[2])))
    for match in _ISO.finditer(folded):
        found.append((match.start(), _make(match.group(1), match.group(2), match.group(3))))
    for match in _NUMERIC.finditer(folded):
        if any(start <= match.start() < start + 10 for start, _d in found):
            continue
        year = match.group(3)
        year = int(year) + (2000 if int(year) < 70 else 1900) if len(year) == 2 else year
        found.append((match.start(), _make(year, match.group(2), match.group(1))))
    return sorted((position, date) for position, date in found if date is not None)


def parse_date(text):
    """The first date in `text`, or None."""
    dates = find_dates(text or "")
    return dates[0][1] if dates else None


def date_after(text, phrases, within=60):
    """The first date that follows one of `phrases` (accent- and case-insensitive) within
    `within` characters, or None."""
    folded = fold(text)
    for phrase in phrases:
        start = folded.find(fold(phrase))
        while start != -1:
            end = start + len(phrase)
            date = parse_date(text[end : end + within])
            if date is not None:
                return date
            start = folded.find(fold(phrase), end)
    return None


def _make(year, month, day):
    try:
        return datetime.date(int(year), int(month), int(day))
    except ValueError:
        return None
