"""Latin slugs for Greek titles, by ELOT 743 (the transliteration of Greek passports and
road signs), as SPEC.md §7 asks."""

import re
import unicodedata

from django.utils.text import slugify

# Pairs first: αυ/ευ/ηυ before φ, θ, κ, ξ, π, σ, τ, χ, ψ (and at the end) are af/ef/if,
# otherwise av/ev/iv; μπ at the start of a word is b; ου is ou.
_VOICELESS = "θκξπστφχψ"
_PAIRS = [
    (re.compile(rf"([αεη])υ(?=[{_VOICELESS}]|\b)"), lambda m: _SINGLE[m[1]] + "f"),
    (re.compile(r"([αεη])υ"), lambda m: _SINGLE[m[1]] + "v"),
    (re.compile(r"\bμπ"), lambda m: "b"),
    (re.compile(r"ου"), lambda m: "ou"),
    (re.compile(r"γγ"), lambda m: "ng"),
    (re.compile(r"γξ"), lambda m: "nx"),
    (re.compile(r"γχ"), lambda m: "nch"),
]
_SINGLE = {
    "α": "a", "β": "v", "γ": "g", "δ": "d", "ε": "e", "ζ": "z", "η": "i", "θ": "th",
    "ι": "i", "κ": "k", "λ": "l", "μ": "m", "ν": "n", "ξ": "x", "ο": "o", "π": "p",
    "ρ": "r", "σ": "s", "ς": "s", "τ": "t", "υ": "y", "φ": "f", "χ": "ch", "ψ": "ps",
    "ω": "o",
}  # fmt: skip


def transliterate(text):
    decomposed = unicodedata.normalize("NFD", text.lower())
    text = "".join(c for c in decomposed if not unicodedata.combining(c))
    for pattern, replacement in _PAIRS:
        text = pattern.sub(replacement, text)
    return "".join(_SINGLE.get(c, c) for c in text)


def make_slug(title, fallback="page"):
    return (slugify(transliterate(title))[:80].strip("-")) or fallback
