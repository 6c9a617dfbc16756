"""The translation status selector, the admin report and `manage.py translation_status`
for complete, partial, out-of-date and missing translations."""

from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from wagtail.models import Locale
from wagtail.users.models import UserProfile
from wagtail_localize.models import StringTranslation, Translation, TranslationSource

from editorial import translation_status as status
from home.models import StandardPage
from tests.conftest import add_page, publish

from .conftest import translate_all

pytestmark = pytest.mark.django_db

SITE = "Βιοτεχνικό Πάρκο Ρεθύμνου (Ελληνικά)"


def states(**filters):
    return {row.item.title: row.state for row in status.translation_status(**filters)}


@pytest.fixture
def english(locales):
    return locales[1]


@pytest.fixture
def four_states(home_en, english, site_details, django_capture_on_commit_callbacks):
    """A page in each state, under the Greek home page (whose English is hand-made)."""
    home_el = home_en.get_translation(Locale.objects.get(language_code="el"))

    def page(title, slug):
        return add_page(
            home_el, StandardPage(title=title, slug=slug, introduction=f"Εισαγωγή {title}")
        )

    with django_capture_on_commit_callbacks(execute=True):
        complete = page("Πλήρης", "complete")
        translate_all(complete, english)
        outdated = page("Παλιά", "outdated")
        translate_all(outdated, english)
        partial = page("Μισή", "partial")
        source, _created = TranslationSource.get_or_create_from_instance(partial)
        translation = Translation.objects.create(source=source, target_locale=english)
        segment = source.stringsegment_set.select_related("string", "context").first()
        StringTranslation.objects.create(
            translation_of=segment.string, locale=english, context=segment.context, data="Half"
        )
        translation.save_target(publish=True)
        missing = page("Χωρίς μετάφραση", "missing")
    outdated.introduction = "Άλλη εισαγωγή"
    publish(outdated)
    return {"complete": complete, "outdated": outdated, "partial": partial, "missing": missing}


def test_each_state(four_states):
    found = states(kind="page")
    assert found["Πλήρης"] == status.COMPLETE
    assert found["Παλιά"] == status.OUTDATED
    assert found["Μισή"] == status.PARTIAL
    assert found["Χωρίς μετάφραση"] == status.MISSING
    assert found["Αρχική"] == status.COMPLETE  # translated by hand, source unchanged since


def test_rows_describe_source_and_locales(four_states):
    rows = {row.item.title: row for row in status.translation_status()}
    partial = rows["Μισή"]
    assert partial.source_locale.language_code == "el"
    assert partial.locale.language_code == "en"
    assert partial.locales_display == "el, en"
    assert partial.progress == f"1/{partial.total_segments}"
    assert rows["Χωρίς μετάφραση"].locales_display == "el"
    assert rows["Χωρίς μετάφραση"].edit_url is None
    assert rows["Παλιά"].sync_url.startswith("/admin/localize/update/")


def test_filters(four_states):
    assert set(states(state=status.MISSING)) == {"Χωρίς μετάφραση"}
    assert states(locale="el") == {}  # every source here is Greek
    assert set(states(kind="snippet")) == {SITE}


def test_snippet_changed_after_sync_is_out_of_date(site_details, english):
    greek_details, _english = site_details
    # Replace the hand-made English with one made through wagtail-localize.
    _english.delete()
    translate_all(greek_details, english)
    assert states(kind="snippet") == {SITE: status.COMPLETE}
    greek_details.phone = "+30 28310 11111"  # synchronised, not translated: still a change
    greek_details.save()
    assert states(kind="snippet") == {SITE: status.OUTDATED}
    TranslationSource.objects.get().update_from_db()
    assert states(kind="snippet") == {SITE: status.COMPLETE}


def test_source_in_english_is_reported_into_greek(home_en, locales):
    add_page(home_en, StandardPage(title="English only", slug="english-only"))
    assert states(locale="el")["English only"] == status.MISSING


def test_command_prints_table_and_fails_on_missing_english(four_states):
    out = StringIO()
    with pytest.raises(CommandError) as failure:
        call_command("translation_status", stdout=out)
    assert "Χωρίς μετάφραση" in str(failure.value)
    assert "Παλιά" not in str(failure.value)  # out of date, but its English is live
    lines = out.getvalue().splitlines()
    assert lines[0].split()[:2] == ["Type", "Title"]
    [missing_line] = [line for line in lines if "Χωρίς μετάφραση" in line]
    assert "missing" in missing_line
    assert "complete: " in out.getvalue()


def test_command_fails_when_english_is_not_live(four_states, english):
    four_states["missing"].delete()
    call_command("translation_status", stdout=StringIO())
    four_states["complete"].get_translation(english).unpublish()
    with pytest.raises(CommandError, match="Πλήρης"):
        call_command("translation_status", stdout=StringIO())


def test_command_filters(four_states):
    out = StringIO()
    with pytest.raises(CommandError):
        call_command("translation_status", state="partial", stdout=out)
    table = out.getvalue()
    assert "Μισή" in table and "Πλήρης" not in table


def count_queries():
    with CaptureQueriesContext(connection) as queries:
        status.translation_status()
    return len(queries)


def test_query_count_does_not_grow_with_content(four_states, english):
    small = count_queries()
    home_el = four_states["complete"].get_parent().specific
    for number in range(5):
        page = add_page(home_el, StandardPage(title=f"Σελίδα {number}", slug=f"more-{number}"))
        translate_all(page, english)
    assert count_queries() == small
    assert small <= 8


def test_admin_report(client, four_states, members):
    profile = UserProfile.get_for_user(members["Translators"])
    profile.preferred_language = "en"  # the admin is in Greek by default
    profile.save()
    client.force_login(members["Translators"])
    url = reverse("editorial_translation_status")
    response = client.get(url)
    assert response.status_code == 200
    html = response.content.decode()
    for title in ["Πλήρης", "Παλιά", "Μισή", "Χωρίς μετάφραση"]:
        assert title in html
    for label in ["Complete", "Out of date", "Has untranslated segments", "Missing"]:
        assert label in html
    filtered = client.get(url, {"state": "missing", "locale": "en"}).content.decode()
    assert "Χωρίς μετάφραση" in filtered and "Μισή" not in filtered
    assert client.get(url, {"state": "nonsense", "p": "99999"}).status_code == 200
    csv = client.get(url, {"export": "csv"})
    assert csv.status_code == 200
    assert "Χωρίς μετάφραση" in b"".join(csv.streaming_content).decode()
    # The report is under Reports in the menu.
    assert url in client.get(reverse("wagtailadmin_home")).content.decode()


def test_admin_report_query_count(client, four_states, members, english):
    client.force_login(members["Editors"])
    url = reverse("editorial_translation_status")
    client.get(url)
    with CaptureQueriesContext(connection) as small:
        assert client.get(url).status_code == 200
    home_el = four_states["complete"].get_parent().specific
    for number in range(5):
        translate_all(
            add_page(home_el, StandardPage(title=f"Σελίδα {number}", slug=f"more-{number}")),
            english,
        )
    with CaptureQueriesContext(connection) as large:
        assert client.get(url).status_code == 200
    assert len(large) == len(small)


def test_report_refused_without_page_permissions(client, make_user):
    client.force_login(make_user(username="outsider"))
    response = client.get(reverse("editorial_translation_status"))
    assert response.status_code in (302, 403)
