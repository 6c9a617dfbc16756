"""Every page type and translatable snippet: translate, change the source, sync, and the
untouched segments keep their translation; the PO file goes out and comes back. The
models are found generically, so types that land later are covered by the same test;
the demo site provides an instance of each."""

from io import StringIO

import pytest
from django.core.management import call_command
from django.db.models import Exists, OuterRef
from wagtail.models import Locale, Page, RevisionMixin, get_page_models
from wagtail_localize.fields import TranslatableField, get_translatable_fields
from wagtail_localize.models import StringSegment, StringTranslation, Translation, TranslationSource
from wagtail_localize.segments import StringSegmentValue
from wagtail_localize.segments.extract import extract_segments

from editorial import translation_status as status
from home.management.commands.load_demo_content import DEMO_MODULES

pytestmark = pytest.mark.django_db


def text_field(model):
    """A plain text field translated by wagtail-localize, to change in the source."""
    if issubclass(model, Page):
        return "title"
    for field in get_translatable_fields(model):
        if not isinstance(field, TranslatableField):
            continue
        model_field = model._meta.get_field(field.field_name)
        if model_field.get_internal_type() in ("CharField", "TextField"):
            return field.field_name
    return None


def translated_models():
    pages = [m for m in get_page_models() if m is not Page]
    return pages + status.translatable_snippet_models()


def english_segments(instance):
    return {
        segment.path: segment.render_text()
        for segment in extract_segments(instance)
        if isinstance(segment, StringSegmentValue)
    }


def state_of(instance):
    [row] = [
        row
        for row in status.translation_status(locale="en")
        if row.item.translation_key == instance.translation_key
        and row.item.model.get_translation_model() is type(instance).get_translation_model()
    ]
    return row.state


def save_source(instance):
    if isinstance(instance, RevisionMixin):
        instance.save_revision().publish()
    else:
        instance.save()


def untranslated(source, locale):
    return StringSegment.objects.filter(source=source).exclude(
        Exists(
            StringTranslation.objects.filter(
                translation_of_id=OuterRef("string_id"),
                context_id=OuterRef("context_id"),
                locale=locale,
            )
        )
    )


def test_every_model_translates_syncs_and_round_trips_po(
    demo_content, django_capture_on_commit_callbacks
):
    # The demo's English tree is complete, and the daily check passes.
    rows = status.translation_status()
    assert rows and {row.state for row in rows} == {status.COMPLETE}
    out = StringIO()
    call_command("translation_status", stdout=out)
    assert "Every live 'el' page has a live 'en' version." in out.getvalue()

    greek = Locale.objects.get(language_code="el")
    english = Locale.objects.get(language_code="en")
    checked, without_instance = [], []
    for model in translated_models():
        field_name = text_field(model)
        translations = Translation.objects.filter(
            source__specific_content_type__model=model._meta.model_name,
            source__specific_content_type__app_label=model._meta.app_label,
            source__locale=greek,
            target_locale=english,
        ).select_related("source")
        translation = translations.first()
        if translation is None or field_name is None:
            without_instance.append(model._meta.label)
            continue
        source = translation.source
        instance = source.get_source_instance()
        target = translation.get_target_instance()
        before = english_segments(target)
        assert state_of(instance) == status.COMPLETE, model

        # The editor changes one field of the Greek source.
        setattr(instance, field_name, getattr(instance, field_name) + " (νέο)")
        save_source(instance)
        assert state_of(instance) == status.OUTDATED, model

        # Sync: only the changed segment needs work.
        TranslationSource.objects.get(pk=source.pk).update_from_db()
        source.refresh_from_db()
        assert state_of(instance) == status.PARTIAL, model
        [new_segment] = untranslated(source, english).select_related("string", "context")
        assert new_segment.context.path == field_name

        # The translator translates it through a PO file: out, edited, back in.
        po = translation.export_po()
        [entry] = [e for e in po if e.msgctxt == field_name and not e.obsolete]
        assert entry.msgstr == ""
        entry.msgstr = f"English {model._meta.model_name}"
        translation.import_po(po)
        assert str(translation.export_po()).count(f'msgstr "English {model._meta.model_name}"') == 1
        assert state_of(instance) == status.COMPLETE, model

        with django_capture_on_commit_callbacks(execute=True):
            translation.save_target(publish=True)
        target = translation.get_target_instance()
        after = english_segments(target)
        assert after[field_name] == f"English {model._meta.model_name}"
        for path, text in before.items():
            if path != field_name:
                assert after.get(path) == text, (model, path)
        checked.append(model._meta.label)

    assert "home.StandardPage" in checked
    assert "home.SiteDetails" in checked
    # Every page type and translatable snippet of an app with demo content has a
    # translated instance in the demo, so it was checked here.
    demo_apps = {module.split(".")[0] for module in DEMO_MODULES}
    assert [label for label in without_instance if label.split(".")[0] in demo_apps] == []
