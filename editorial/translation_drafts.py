"""Nothing untranslated is ever public in the other language.

wagtail-localize 1.14 publishes a new translation the moment it is submitted ("Translate
page"), still in the source language, when the source is live; it copies untranslated
parent pages as *aliases*, which are live copies of the source; and its "Sync translated
pages" screen offers "Publish immediately", which publishes the changed segments in the
source language. Here:

- Submitting creates each missing translation as a **draft** (a page, or a snippet with
  draft state; a snippet without draft state cannot be a draft and is created as
  wagtail-localize does), and missing parent pages as draft translations of their own
  rather than live aliases. An existing translation is left exactly as it is: what is
  public changes only when a translator publishes in the translation editor.
- Syncing never publishes: the form has no "Publish immediately", and the translator
  lands in the translation editor (the one for their own language when they translate
  into one) instead of on the source page.

All of wagtail-localize's submit views go through `operations.TranslationCreator` (page,
subtree, snippet), so the creator is replaced there, once, by `DraftTranslationCreator`;
its `create_translations` restates wagtail-localize 1.14's with the changes above.
tests/editorial/test_translation_drafts.py fails when wagtail-localize's method changes,
so that this module is compared with the new version before `UPSTREAM_SOURCE_SHA256` is
updated. On another wagtail-localize series a warning says so at start-up (the
replacement stays: falling back would publish untranslated text).
"""

import contextlib
import hashlib
import inspect
import warnings

import wagtail_localize
from django.conf import settings
from django.core.exceptions import ValidationError
from django.urls import reverse
from wagtail.models import DraftStateMixin, Page
from wagtail_localize import operations
from wagtail_localize.models import Translation, TranslationSource
from wagtail_localize.views.update_translations import (
    UpdateTranslationsForm,
    UpdateTranslationsView,
)

from editorial.worklist import target_languages

WRITTEN_FOR = "1.14"  # the wagtail-localize series whose TranslationCreator is restated
# sha256 of inspect.getsource(TranslationCreator.create_translations) in 1.14.5
UPSTREAM_SOURCE_SHA256 = "def7108273ab9e96a939fc6b05114a767ff11d8dee091c210ef638d0ebab9137"

UpstreamTranslationCreator = getattr(
    operations, "UpstreamTranslationCreator", operations.TranslationCreator
)


def upstream_source_sha256():
    source = inspect.getsource(UpstreamTranslationCreator.create_translations)
    return hashlib.sha256(source.encode()).hexdigest()


def written_for(version):
    return version == WRITTEN_FOR or version.startswith(WRITTEN_FOR + ".")


def target_exists(instance, locale, *, aliases=True):
    """Whether `instance` has a version in `locale` (a translation, or an alias unless
    `aliases` is false)."""
    model = instance.get_translation_model()
    versions = model.objects.filter(translation_key=instance.translation_key, locale=locale)
    if not aliases and issubclass(model, Page):
        versions = versions.filter(alias_of__isnull=True)
    return versions.exists()


class DraftTranslationCreator(UpstreamTranslationCreator):
    """wagtail-localize's TranslationCreator, creating drafts and leaving existing
    translations alone."""

    def create_translations(self, instance, include_related_objects=True):
        if isinstance(instance, Page):
            instance = instance.specific

        if instance.translation_key in self.seen_objects:
            return
        self.seen_objects.add(instance.translation_key)

        if isinstance(instance, Page):
            # Parents first, as draft translations: wagtail-localize would copy them as
            # aliases, live in the source language.
            for ancestor in instance.get_ancestors().filter(depth__gt=1).specific():
                if any(not target_exists(ancestor, locale) for locale in self.target_locales):
                    self.create_translations(ancestor, include_related_objects=False)

        source, _created = TranslationSource.get_or_create_from_instance(instance)

        if include_related_objects:
            for related_object_segment in source.relatedobjectsegment_set.all():
                related_instance = related_object_segment.object.get_instance(instance.locale)
                self.create_translations(related_instance, include_related_objects=False)

        if hasattr(instance, "localize_default_translation_mode"):
            translation_mode = instance.localize_default_translation_mode
        else:
            translation_mode = getattr(
                settings, "WAGTAIL_LOCALIZE_DEFAULT_TRANSLATION_MODE", "synced"
            )
        translation_enabled = translation_mode == "synced"

        for target_locale in self.target_locales:
            if target_locale == source.locale:
                continue
            # An alias (a copy of the source, from before this module) becomes a
            # translation, as a draft over whatever it showed.
            existed = target_exists(instance, target_locale, aliases=False)
            translation, _created = Translation.objects.update_or_create(
                source=source,
                target_locale=target_locale,
                defaults={"enabled": translation_enabled},
            )
            self.mappings[source].append(translation)
            if existed:
                # As it was until a translator publishes (what "Sync" without
                # publishing does too).
                with contextlib.suppress(ValidationError):
                    source.update_target_view_restrictions(target_locale)
                continue
            # A model without draft state can only be created published.
            publish = not isinstance(instance, DraftStateMixin)
            with contextlib.suppress(ValidationError):
                translation.save_target(user=self.user, publish=publish)


def install():
    if not written_for(wagtail_localize.__version__):
        warnings.warn(
            f"editorial.translation_drafts restates wagtail-localize {WRITTEN_FOR}'s "
            f"TranslationCreator; installed is {wagtail_localize.__version__}: compare "
            "editorial/translation_drafts.py with it and update WRITTEN_FOR.",
            stacklevel=2,
        )
    operations.UpstreamTranslationCreator = UpstreamTranslationCreator
    operations.TranslationCreator = DraftTranslationCreator


class SyncTranslationsForm(UpdateTranslationsForm):
    """wagtail-localize's sync form without "Publish immediately"."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        del self.fields["publish_translations"]

    def clean(self):
        cleaned_data = super().clean()
        cleaned_data["publish_translations"] = False
        return cleaned_data


class SyncTranslationsView(UpdateTranslationsView):
    """The sync screen: never publishes; then to the translation editor."""

    def get_form(self):
        if self.request.method == "POST":
            return SyncTranslationsForm(self.request.POST)
        return SyncTranslationsForm()

    def get_success_url(self):
        if self.request.method == "POST":
            editor = self.editor_url()
            if editor:
                return editor
        return super().get_success_url()

    def editor_url(self):
        """The translation editor of the translation into the user's language (or the
        only one)."""
        translations = list(
            self.object.translations.filter(enabled=True).select_related("target_locale")
        )
        codes = target_languages(self.request.user)
        mine = [t for t in translations if t.target_locale.language_code in codes]
        chosen = mine or translations
        if len(chosen) != 1 and not mine:
            return None
        target = chosen[0].get_target_instance()
        if isinstance(target, Page):
            return reverse("wagtailadmin_pages:edit", args=[target.pk])
        return self.get_edit_url(target)
