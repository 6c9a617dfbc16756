"""Latin slugs: Greek transliterated by ELOT 743, the Greek standard (as on passports).

One table of rules, `ELOT_743`, serves both ends: `transliterate()` applies it with
Python's `re`, and the admin's slug field (`ElotSlugInput`) hands the same compiled
patterns to Wagtail's `w-slug` controller as its `formatters`, which it runs, in order,
before its own urlify (Wagtail converts each pattern with `wagtail.coreutils.get_js_regex`).
So the slug the browser proposes while an editor types a Greek title is the slug the
server gives a page saved from code. Every pattern is written in the subset of regular
expressions the two engines read alike: character classes and lookarounds, no `\\b` (in
JavaScript it knows only ASCII letters) and no back-references in replacements.

The letters that are not one-to-one:
- ου → ou; αυ, ευ, ηυ → av, ev, iv before a vowel or a voiced consonant (β γ δ ζ λ μ ν ρ),
  af, ef, if before a voiceless one (θ κ ξ π σ τ φ χ ψ) and at the end of a word;
  a diaeresis (αϋ, αϊ) or an accent on the first vowel (άυ) keeps the two letters apart;
- γγ → ng, γξ → nx, γχ → nch, γκ → gk;
- μπ → b at the start of a word, mb inside it; ντ → nt;
- θ → th, χ → ch, ψ → ps, ξ → x, η → i, υ → y, ω → o, final ς → s; accents are dropped.
"""

import re
import unicodedata

from django import forms
from django.utils.text import slugify
from wagtail.admin.widgets.slug import SlugInput

# Greek letters of a word, for "start" and "end" of a word (case-insensitive patterns).
_WORD = "a-z0-9α-ωάέήίόύώϊϋΐΰς"
# After αυ/ευ/ηυ: a vowel or a voiced consonant gives v; anything else (a voiceless
# consonant, the end of the word) gives f.
_VOICED = "αεηιουωάέήίόύώϊϋΐΰβγδζλμνρ"


def _rule(pattern, replacement):
    return re.compile(pattern, re.IGNORECASE), replacement


ELOT_743 = [
    # Two letters, one sound: before the single letters.
    _rule(f"α[υύ](?=[{_VOICED}])", "av"),
    _rule("α[υύ]", "af"),
    _rule(f"ε[υύ](?=[{_VOICED}])", "ev"),
    _rule("ε[υύ]", "ef"),
    _rule(f"η[υύ](?=[{_VOICED}])", "iv"),
    _rule("η[υύ]", "if"),
    _rule("ο[υύ]", "ou"),
    _rule("γγ", "ng"),
    _rule("γξ", "nx"),
    _rule("γχ", "nch"),
    _rule("γκ", "gk"),
    _rule(f"(?<![{_WORD}])μπ", "b"),
    _rule("μπ", "mb"),
    # One letter, two Latin ones.
    _rule("θ", "th"),
    _rule("χ", "ch"),
    _rule("ψ", "ps"),
    # One letter, one Latin one; accents and diaereses dropped.
    _rule("[αά]", "a"),
    _rule("β", "v"),
    _rule("γ", "g"),
    _rule("δ", "d"),
    _rule("[εέ]", "e"),
    _rule("ζ", "z"),
    _rule("[ηήιίϊΐ]", "i"),
    _rule("κ", "k"),
    _rule("λ", "l"),
    _rule("μ", "m"),
    _rule("ν", "n"),
    _rule("ξ", "x"),
    _rule("[οόωώ]", "o"),
    _rule("π", "p"),
    _rule("ρ", "r"),
    _rule("[σς]", "s"),
    _rule("τ", "t"),
    _rule("[υύϋΰ]", "y"),
    _rule("φ", "f"),
]


_POLYTONIC = {0x0313: None, 0x0314: None, 0x0345: None, 0x0300: 0x0301, 0x0342: 0x0301}


def transliterate(text):
    """`text` with its Greek letters in Latin ones by ELOT 743 (lower case where Greek)."""
    # Polytonic letters become the monotonic ones the rules know: breathings and iota
    # subscript go, grave and circumflex become the acute accent.
    text = unicodedata.normalize("NFD", text).translate(_POLYTONIC)
    text = unicodedata.normalize("NFC", text)
    for pattern, replacement in ELOT_743:
        text = pattern.sub(replacement, text)
    return text


def latin_slug(text):
    """A slug of Latin letters, digits and hyphens for `text` (a title or a slug)."""
    return slugify(transliterate(text))


class ElotSlugInput(SlugInput):
    """Wagtail's slug field, transliterating Greek by ELOT 743 in the browser before
    Wagtail's own urlify (whose Greek map is not ELOT's)."""

    def __init__(self, attrs=None, locale=None):
        super().__init__(attrs=attrs, formatters=ELOT_743, locale=locale)


class LatinSlugField(forms.SlugField):
    """A slug form field that takes Greek (typed with the browser's script off, or
    pasted) and keeps it in Latin letters."""

    def __init__(self, *args, **kwargs):
        kwargs["allow_unicode"] = False
        super().__init__(*args, **kwargs)

    def to_python(self, value):
        value = super().to_python(value)
        if value and not value.isascii():
            value = latin_slug(value)
        return value


def available_slug(page, slug):
    """`slug`, or `slug-2`, `slug-3`... : the first that no sibling of `page` uses."""
    candidate, suffix = slug, 1
    parent = page.get_parent()
    while not page._slug_is_available(candidate, parent, page):
        suffix += 1
        candidate = f"{slug}-{suffix}"
    return candidate


def inherited_slug(page):
    """Whether `page` is a wagtail-localize translation that still has its source's slug
    where the source's slug is the one its title gives (so the translation should likewise
    take the one its own title gives). A slug an editor chose (`about` for "Σχετικά με το
    πάρκο") is kept by every translation."""
    from wagtail.models import Page
    from wagtail_localize.models import TranslationSource

    if not page.pk or not page.translation_key:
        return False
    source_locales = TranslationSource.objects.filter(object_id=page.translation_key).values_list(
        "locale_id", flat=True
    )
    if page.locale_id in set(source_locales):
        return False  # the source itself keeps its slug, whatever its title becomes
    sources = Page.objects.filter(
        translation_key=page.translation_key, locale_id__in=source_locales, slug=page.slug
    ).only("title", "slug")
    return any(source.slug == latin_slug(source.title) for source in sources)


class LatinSlugMixin:
    """Pages keep Latin slugs whatever saves them (code, the demo content, wagtail-localize):
    a missing slug comes from the title, a Greek one is transliterated, and a translation
    that inherited its source's slug takes the slug its own title gives once that differs.
    A live page whose slug changes keeps its old address as a redirect (Wagtail's
    `wagtail.contrib.redirects` creates one on `page_slug_changed`)."""

    def save(self, *args, **kwargs):
        update_fields = kwargs.get("update_fields")
        writes_slug = update_fields is None or "slug" in update_fields
        parent_known = getattr(self, "path", None) or getattr(self, "_cached_parent_obj", None)
        if writes_slug and parent_known:
            wanted = None
            if not self.slug and self.title:
                wanted = latin_slug(self.title)
            elif self.slug and not self.slug.isascii():
                wanted = latin_slug(self.slug)
            elif self.title:
                # A translation still on its source's slug (queried only when the title
                # gives another slug).
                own = latin_slug(self.title)
                wanted = own if own and own != self.slug and inherited_slug(self) else None
            if wanted:
                self.slug = available_slug(self, wanted)
        return super().save(*args, **kwargs)
