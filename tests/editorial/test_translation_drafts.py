"""Nothing untranslated is public in the other language: wagtail-localize's own submit
and sync views, posted by a translator, create drafts and publish nothing; the public
English page appears, or changes, when the translator publishes in the translation
editor, and the sync lands in that editor."""

import pytest
import wagtail_localize
from django.test import Client
from django.urls import reverse
from wagtail.models import Page
from wagtail_localize.models import StringTranslation, Translation, TranslationSource

from editorial import translation_drafts
from home.models import StandardPage
from tests.conftest import add_page, publish

pytestmark = pytest.mark.django_db


def test_restates_the_installed_wagtail_localize():
    """Fails when wagtail-localize's TranslationCreator changes: compare
    editorial/translation_drafts.py with the new one, then update the two constants."""
    assert translation_drafts.written_for(wagtail_localize.__version__)
    assert translation_drafts.upstream_source_sha256() == translation_drafts.UPSTREAM_SOURCE_SHA256
    assert not translation_drafts.written_for("1.15.0")


def submit(client, page, locale, capture):
    with capture(execute=True):
        return client.post(
            reverse("wagtail_localize:submit_page_translation", args=(page.pk,)),
            {"locales": [locale.pk]},
        )


def translate(page, locale, english=lambda text: f"EN {text}"):
    """Every segment of `page`'s last submitted version translated into `locale`."""
    source = TranslationSource.objects.get(object_id=page.translation_key)
    for segment in source.stringsegment_set.select_related("string", "context"):
        StringTranslation.objects.update_or_create(
            translation_of=segment.string,
            locale=locale,
            context=segment.context,
            defaults={"data": english(segment.string.data)},
        )


def public(page):
    """What an anonymous visitor gets at `page`'s address (as it is now)."""
    return Client().get(Page.objects.get(pk=page.pk).url)


def publish_in_editor(client, target, capture):
    """The translation editor's "Publish" (the target's edit view, as its React app posts)."""
    with capture(execute=True):
        return client.post(
            reverse("wagtailadmin_pages:edit", args=(target.pk,)), {"action": "publish"}
        )


def test_a_new_translation_is_a_draft_until_published_in_the_editor(
    client, members, greek_page, home_en, django_capture_on_commit_callbacks
):
    capture = django_capture_on_commit_callbacks
    english = home_en.locale
    client.force_login(members["Translators"])
    response = submit(client, greek_page, english, capture)
    assert response.status_code == 302
    target = greek_page.get_translation(english)
    # Straight into the translation editor.
    assert response.url == reverse("wagtailadmin_pages:edit", args=(target.pk,))
    assert not target.live and target.alias_of_id is None
    assert public(target).status_code == 404

    translate(greek_page, english)
    assert publish_in_editor(client, target, capture).status_code == 302
    response = public(target)
    assert response.status_code == 200
    assert "EN Υπηρεσίες" in response.content.decode()


def test_untranslated_parents_become_drafts_not_live_aliases(
    client, members, greek_page, home_en, django_capture_on_commit_callbacks
):
    english = home_en.locale
    child = add_page(greek_page, StandardPage(title="Νερό", slug="nero", introduction="Νερό"))
    client.force_login(members["Translators"])
    submit(client, child, english, django_capture_on_commit_callbacks)
    parent = greek_page.get_translation(english)
    assert parent.alias_of_id is None and not parent.live
    assert not child.get_translation(english).live
    assert public(parent).status_code == 404


@pytest.fixture
def published_translation(client, members, greek_page, home_en, django_capture_on_commit_callbacks):
    """The page submitted, translated and published by a translator; then its Greek
    introduction changed and published."""
    english = home_en.locale
    client.force_login(members["Translators"])
    submit(client, greek_page, english, django_capture_on_commit_callbacks)
    translate(greek_page, english)
    target = greek_page.get_translation(english)
    publish_in_editor(client, target, django_capture_on_commit_callbacks)
    greek_page.introduction = "Τι προσφέρει το πάρκο σήμερα"
    publish(greek_page)
    return target


def test_a_sync_publishes_nothing_and_lands_in_the_editor(
    client, greek_page, home_en, published_translation, django_capture_on_commit_callbacks
):
    target = published_translation
    source = TranslationSource.objects.get(object_id=greek_page.translation_key)
    sync = reverse("wagtail_localize:update_translations", args=(source.pk,))
    form = client.get(sync)
    assert form.status_code == 200
    assert 'name="publish_translations"' not in form.content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        # Even when asked (an old form, a hand-made request), nothing is published.
        response = client.post(
            f"{sync}?next=/admin/pages/{greek_page.pk}/", {"publish_translations": "on"}
        )
    assert response.status_code == 302
    assert response.url == reverse("wagtailadmin_pages:edit", args=(target.pk,))
    before = public(target).content.decode()
    assert "EN Τι προσφέρει το πάρκο" in before
    assert "σήμερα" not in before

    translate(greek_page, home_en.locale)
    publish_in_editor(client, target, django_capture_on_commit_callbacks)
    assert "EN Τι προσφέρει το πάρκο σήμερα" in public(target).content.decode()


def test_resubmitting_leaves_an_existing_translation_as_it_was(
    client, greek_page, home_en, published_translation, django_capture_on_commit_callbacks
):
    """A page submitted again (as a related object or a subtree would be) keeps its
    published translation, and gets no draft over it."""
    target = published_translation
    revision = Page.objects.get(pk=target.pk).latest_revision_id
    creator = translation_drafts.DraftTranslationCreator(None, [home_en.locale])
    with django_capture_on_commit_callbacks(execute=True):
        creator.create_translations(greek_page)
    target.refresh_from_db()
    assert target.live and not target.has_unpublished_changes
    assert target.latest_revision_id == revision
    assert Translation.objects.filter(source__object_id=greek_page.translation_key).count() == 1


def test_a_changed_segment_is_offered_its_previous_translation(
    client, greek_page, home_en, published_translation, django_capture_on_commit_callbacks
):
    """After the sync, the changed introduction is untranslated (it is not published, nor
    counted as translated) and its previous translation is offered."""
    source = TranslationSource.objects.get(object_id=greek_page.translation_key)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("wagtail_localize:update_translations", args=(source.pk,)))
    translation = Translation.objects.get(source=source)
    total, done = translation.get_progress()
    assert done == total - 1
    response = client.get(reverse("editorial_translation_suggestions", args=(translation.pk,)))
    assert response.status_code == 200
    [suggestion] = response.json()["suggestions"]
    assert suggestion["source"] == "Τι προσφέρει το πάρκο σήμερα"
    assert suggestion["previous_source"] == "Τι προσφέρει το πάρκο"
    assert suggestion["suggestion"] == "EN Τι προσφέρει το πάρκο"
    assert translation.get_progress() == (total, done)


def test_suggestions_are_for_who_may_edit_the_translation(
    client, make_user, greek_page, home_en, published_translation
):
    translation = Translation.objects.get(source__object_id=greek_page.translation_key)
    client.force_login(make_user(username="nobody"))
    url = reverse("editorial_translation_suggestions", args=(translation.pk,))
    assert client.get(url).status_code in (302, 403)


def test_an_alias_becomes_a_translation(greek_page, home_en, django_capture_on_commit_callbacks):
    """An English alias (a copy of the Greek, made before drafts) is converted into a
    translation the translator can work on, not left as it is."""
    alias = greek_page.create_alias(
        parent=home_en, update_locale=home_en.locale, reset_translation_key=False
    )
    creator = translation_drafts.DraftTranslationCreator(None, [home_en.locale])
    with django_capture_on_commit_callbacks(execute=True):
        creator.create_translations(greek_page)
    alias.refresh_from_db()
    assert alias.alias_of_id is None
    assert Translation.objects.filter(source__object_id=greek_page.translation_key).exists()
