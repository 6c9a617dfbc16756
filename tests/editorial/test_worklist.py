"""A translator's worklist on the dashboard: what is missing, partial or out of date in
English, each linking into wagtail-localize (submit, editor, sync), in a fixed number
of queries."""

import re

import pytest
from django.urls import reverse
from wagtail_localize.models import Translation, TranslationSource

from home.models import StandardPage
from tests.conftest import add_page, get_with_queries, publish

from .conftest import translate_all

pytestmark = pytest.mark.django_db


def panel(html):
    match = re.search(r'id="translation-worklist-section".*?</section>', html, re.S)
    return match and match.group(0)


@pytest.fixture
def three_states(home_en, django_capture_on_commit_callbacks):
    """Under the Greek home page: one page missing in English, one partial, one out of
    date, one complete."""
    english = home_en.locale
    home_el = home_en.get_translation(home_en.get_translations().first().locale)

    def page(title, slug):
        return add_page(home_el, StandardPage(title=title, slug=slug, introduction=title))

    with django_capture_on_commit_callbacks(execute=True):
        missing = page("Λείπει", "missing")
        partial = page("Μισή", "partial")
        source, _created = TranslationSource.get_or_create_from_instance(partial)
        translation = Translation.objects.create(source=source, target_locale=english)
        translation.save_target(publish=False)
        outdated = page("Παλιά", "outdated")
        translate_all(outdated, english)
        complete = page("Πλήρης", "complete")
        translate_all(complete, english)
    outdated.introduction = "Αλλαγμένη"
    publish(outdated)
    return {"missing": missing, "partial": partial, "outdated": outdated, "complete": complete}


def test_translator_sees_what_waits_in_english(client, members, three_states):
    client.force_login(members["Translators"])
    html = panel(client.get(reverse("wagtailadmin_home")).content.decode())
    assert html
    pages = three_states
    submit = reverse("wagtail_localize:submit_page_translation", args=(pages["missing"].pk,))
    assert f'href="{submit}"' in html
    partial_en = pages["partial"].get_translation(pages["complete"].get_translations()[0].locale)
    assert f'href="{reverse("wagtailadmin_pages:edit", args=(partial_en.pk,))}"' in html
    source = TranslationSource.objects.get(object_id=pages["outdated"].translation_key)
    assert f'href="{reverse("wagtail_localize:update_translations", args=(source.pk,))}"' in html
    assert "Πλήρης" not in html
    # Out of date first: the public sees an older text.
    assert html.index("Παλιά") < html.index("Μισή") < html.index("Λείπει")


@pytest.mark.parametrize("group", ["Editors", "Moderators"])
def test_other_roles_have_no_worklist(client, members, three_states, group):
    client.force_login(members[group])
    assert panel(client.get(reverse("wagtailadmin_home")).content.decode()) is None


def test_the_worklist_costs_no_query_per_row(client, members, home_en):
    client.force_login(members["Translators"])
    home_el = home_en.get_translations().first().specific
    add_page(home_el, StandardPage(title="Μία", slug="one", introduction="Μία"))
    url = reverse("wagtailadmin_home")
    client.get(url)  # caches warmed
    _response, few = get_with_queries(client, url)
    for number in range(5):
        add_page(home_el, StandardPage(title=f"Σελίδα {number}", slug=f"p{number}"))
    response, many = get_with_queries(client, url)
    assert panel(response.content.decode()).count("<tr data-state") == 6
    assert len(many) == len(few)


def test_nothing_waiting(client, members, home_en):
    client.force_login(members["Translators"])
    html = panel(client.get(reverse("wagtailadmin_home")).content.decode())
    assert html and "<tr data-state" not in html
