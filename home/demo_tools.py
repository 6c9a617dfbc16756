"""Tools for building bilingual demo content.

Demo content is written in Greek with its English beside it: `Glossary.t("Greek",
"English")` returns the Greek and remembers the pair. Greek pages and snippets are
saved and published as usual; `translate()` then makes the English version through
wagtail-localize itself (translation source, string translations, save_target), so the
English pages are real wagtail-localize translations that translators can open, sync
and edit, and the language switcher and hreflang link them.

Every step is idempotent: an object that exists is left as it is.
"""

import re

from django.db import transaction
from wagtail.models import Locale, Page
from wagtail_localize.models import StringTranslation, Translation, TranslationSource
from wagtail_localize.strings import extract_strings

GREEK = re.compile(r"[\u0370-\u03ff\u1f00-\u1fff]")


class MissingEnglish(KeyError):
    pass


class Glossary:
    def __init__(self):
        self.pairs = {}

    def t(self, greek, english):
        self.pairs[greek] = english
        return greek

    def rich(self, greek_html, english_html):
        """A rich-text value: each paragraph or list item is paired with its English."""
        _template, greek_strings = extract_strings(greek_html)
        _template, english_strings = extract_strings(english_html)
        if len(greek_strings) != len(english_strings):
            raise ValueError(f"Greek and English rich text differ in shape: {greek_html[:60]}")
        for (greek, _attrs), (english, _attrs2) in zip(greek_strings, english_strings, strict=True):
            self.pairs[greek.data] = english.data
        return greek_html

    def english(self, text):
        if text in self.pairs:
            return self.pairs[text]
        # wagtail-localize stores line breaks of plain text fields as <br/>.
        plain = text.replace("<br/>", "\n")
        if plain in self.pairs:
            return self.pairs[plain].replace("\n", "<br/>")
        if not GREEK.search(text):
            return text  # slugs, numbers, e-mail addresses, names in Latin script
        raise MissingEnglish(text)


def locales():
    greek, _ = Locale.objects.get_or_create(language_code="el")
    english, _ = Locale.objects.get_or_create(language_code="en")
    return greek, english


def get_or_add_child(parent, page, *, publish=True):
    """The child of `parent` with `page`'s slug, created and published when missing."""
    existing = parent.get_children().filter(slug=page.slug).first()
    if existing is not None:
        return existing.specific, False
    parent.add_child(instance=page)
    revision = page.save_revision()
    if publish:
        revision.publish()
    page.refresh_from_db()
    return page, True


@transaction.atomic
def translate(instance, glossary, locale):
    """The `locale` version of `instance`, made through wagtail-localize when missing."""
    existing = instance.get_translation_or_none(locale)
    if existing is not None:
        return existing
    source, _created = TranslationSource.get_or_create_from_instance(instance)
    translation, _created = Translation.objects.get_or_create(source=source, target_locale=locale)
    for segment in source.stringsegment_set.select_related("string", "context"):
        StringTranslation.objects.update_or_create(
            translation_of=segment.string,
            locale=locale,
            context=segment.context,
            defaults={
                "data": glossary.english(segment.string.data),
                "translation_type": StringTranslation.TRANSLATION_TYPE_MANUAL,
            },
        )
    if not isinstance(instance, Page):
        translation.save_target(publish=True)
        return instance.get_translation(locale)
    # wagtail-localize defers publishing to the end of the transaction, with the page as
    # it was then; publishing here, from a fresh copy, keeps the tree counts right when
    # children are translated in the same transaction.
    translation.save_target(publish=False)
    target = instance.get_translation(locale)
    target.get_latest_revision().publish()
    target.refresh_from_db()
    return target
