"""A translator's journey in a real browser: submits a live Greek page for translation
(a visitor still finds no English page), translates it in wagtail-localize's editor with
the "only untranslated" filter and publishes (the visitor reads English); the Greek
source changes, the translator syncs, lands in the editor, is offered the previous
English as a suggestion, uses it and publishes again."""

import re

import pytest
from playwright.sync_api import expect
from wagtail.models import Page
from wagtail_localize.models import TranslationSource

from home.models import StandardPage
from tests.browser.test_editorial_flow import log_in, site, wait_until  # noqa: F401

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

ENGLISH = {
    "Υπηρεσίες": "Services",
    "Τι προσφέρει το πάρκο": "What the park offers",
}


def translate_incomplete(translator, texts):
    """Translate every untranslated segment on every tab of the editor."""
    tabs = translator.get_by_role("tab")
    for tab_number in range(tabs.count()):
        tabs.nth(tab_number).click()
        incomplete = translator.locator("li.incomplete:visible")
        while incomplete.count():
            segment = incomplete.first
            source = segment.locator("p").first.inner_text().strip()
            segment.get_by_role("button", name="Translate").click()
            segment.locator("textarea").fill(texts.get(source, source.replace("υ", "y")))
            segment.get_by_role("button", name="Save").click()
            expect(translator.locator("li.complete:visible").last).to_be_visible()


def test_translator_journey(live_server, new_page, site):  # noqa: F811
    base = live_server.url
    home = site["news"].get_parent().specific
    greek = StandardPage(title="Υπηρεσίες", slug="ypiresies", introduction="Τι προσφέρει το πάρκο")
    home.add_child(instance=greek)
    greek.save_revision().publish()

    # The translator submits the page for translation into English.
    translator = new_page()
    log_in(translator, base, "translators")
    translator.goto(f"{base}/admin/localize/submit/page/{greek.pk}/")
    translator.locator(f"input[name=locales][value='{site['english'].pk}']").check()
    translator.locator("form[novalidate] [type=submit]").click()
    expect(translator.get_by_role("button", name="Translate").first).to_be_visible()
    english = greek.get_translation(site["english"])

    # Nothing public in English yet.
    visitor = new_page()
    assert visitor.goto(f"{base}{english.url}").status == 404

    # The filter hides what is translated.
    translate_incomplete(translator, ENGLISH)
    only_untranslated = translator.get_by_label("Only untranslated segments")
    only_untranslated.check()
    expect(translator.locator("li.complete:visible")).to_have_count(0)
    only_untranslated.uncheck()
    expect(translator.locator("li.complete:visible").first).to_be_visible()
    translator.get_by_role("button", name="Publish in English").click()
    wait_until(translator, lambda: Page.objects.get(pk=english.pk).live)
    english.refresh_from_db()
    response = visitor.goto(f"{base}{english.url}")
    assert response.status == 200
    expect(visitor.locator("html")).to_have_attribute("lang", "en")
    expect(visitor.get_by_text("What the park offers")).to_be_visible()

    # The Greek source changes; the translator syncs and lands in the translation editor.
    greek.introduction = "Τι προσφέρει το πάρκο σήμερα"
    greek.save_revision().publish()
    source_id = TranslationSource.objects.get(object_id=greek.translation_key).pk
    translator.goto(f"{base}/admin/localize/update/{source_id}/?next=/admin/pages/{greek.pk}/")
    expect(translator.locator("input[name=publish_translations]")).to_have_count(0)
    translator.locator("form[novalidate] [type=submit]").click()
    expect(translator).to_have_url(re.compile(rf"/admin/pages/{english.pk}/edit/$"))
    # The English page is as it was.
    assert "σήμερα" not in visitor.goto(f"{base}{english.url}").text()

    # The changed segment is offered its previous translation; the translator uses it.
    suggestion = translator.locator(".editorial-suggestion")
    expect(suggestion).to_contain_text("What the park offers")
    suggestion.get_by_role("button", name="Use this translation").click()
    segment = translator.locator("li.incomplete", has=translator.locator("textarea"))
    expect(segment.locator("textarea")).to_have_value("What the park offers")
    segment.locator("textarea").fill("What the park offers today")
    segment.get_by_role("button", name="Save").click()
    expect(translator.locator("li.incomplete")).to_have_count(0)
    translator.get_by_role("button", name="Publish in English").click()
    wait_until(
        translator,
        lambda: "today" in StandardPage.objects.get(pk=english.pk).introduction,
    )
    visitor.goto(f"{base}{english.url}")
    expect(visitor.get_by_text("What the park offers today")).to_be_visible()
