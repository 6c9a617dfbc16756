"""Contact submissions are kept for CONTACT_RETENTION_DAYS and no longer: the nightly
command deletes older ones, and the privacy notice states the period from the setting."""

from datetime import timedelta
from io import StringIO

import pytest
from django.core.management import call_command
from django.utils import timezone, translation
from wagtail.contrib.forms.models import FormSubmission
from wagtail.rich_text import RichText

from home.models import StandardPage
from home.templatetags.public_tags import retention_in_words
from tests.conftest import add_page

pytestmark = pytest.mark.django_db


def submission(page, days_ago):
    row = FormSubmission.objects.create(page=page, form_data={"message": f"{days_ago} days"})
    FormSubmission.objects.filter(pk=row.pk).update(
        submit_time=timezone.now() - timedelta(days=days_ago)
    )
    return row


@pytest.mark.parametrize(("days", "kept_ages"), [(730, [0, 729]), (30, [0])])
def test_purge_deletes_old_submissions_and_keeps_recent_ones(home_el, settings, days, kept_ages):
    settings.CONTACT_RETENTION_DAYS = days
    rows = {age: submission(home_el, age) for age in (0, 29, 729, 731, 2000)}
    kept = {rows[age].pk for age, row in rows.items() if age < days}

    out = StringIO()
    call_command("purge_contact_submissions", "--dry-run", stdout=out)
    assert f"{len(rows) - len(kept)} submission(s) older than {days} days" in out.getvalue()
    assert FormSubmission.objects.count() == len(rows)

    out = StringIO()
    call_command("purge_contact_submissions", stdout=out)
    assert f"Deleted {len(rows) - len(kept)} submission(s)" in out.getvalue()
    assert f"{len(kept)} kept" in out.getvalue()
    assert set(FormSubmission.objects.values_list("pk", flat=True)) == kept
    assert {rows[age].pk for age in kept_ages} <= kept


@pytest.mark.parametrize(
    ("lang", "days", "words"),
    [
        ("en", 730, "two years"),
        ("en", 365, "one year"),
        ("en", 540, "18 months"),
        ("el", 730, "two years"),
        ("en", 100, "100 days"),
    ],
)
def test_privacy_notice_states_the_configured_period(
    client, home_el, home_en, settings, lang, days, words
):
    settings.CONTACT_RETENTION_DAYS = days
    home = home_el if lang == "el" else home_en
    body = (
        '<p>Your details are deleted after <embed embedtype="retention-period"/>'
        ", in line with the GDPR.</p>"
    )
    add_page(
        home, StandardPage(title="Privacy", slug="privacy", body=[("paragraph", RichText(body))])
    )
    html = client.get(f"/{lang}/privacy/").content.decode()
    with translation.override(lang):
        # Greek: the words as translated (msgids-i.md), English: as written.
        stated = retention_in_words()
    if lang == "en":
        assert stated == words
    assert f"deleted after {stated}, in line" in html
