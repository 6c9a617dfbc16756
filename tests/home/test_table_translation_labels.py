"""In wagtail-localize's translation editor each table cell is labelled with its row and
column (home/translation_labels.py), not with the table field's label."""

import html
import json
import re

import pytest
import wagtail_localize
from django.urls import reverse
from wagtail.users.models import UserProfile

from home import translation_labels
from home.models import StandardPage
from tests.conftest import add_page

pytestmark = pytest.mark.django_db

TABLE = "Έτος;Επιχειρήσεις;Θέσεις\n2023;40;900\n2024;42;950\n"


def test_wraps_the_installed_wagtail_localize():
    """Fails when wagtail-localize's get_segment_location_info changes: compare
    home/translation_labels.py with the new one, then update the two constants."""
    assert translation_labels.written_for(wagtail_localize.__version__)
    assert translation_labels.upstream_source_sha256() == translation_labels.UPSTREAM_SOURCE_SHA256
    assert not translation_labels.written_for("1.15.0")


def test_table_cells_are_labelled_by_row_and_column(
    client, django_user_model, home_el, home_en, django_capture_on_commit_callbacks
):
    page = add_page(
        home_el,
        StandardPage(
            title="Στοιχεία",
            slug="figures",
            introduction="Το πάρκο σε αριθμούς",
            body=[("table", {"caption": "Το πάρκο", "data": TABLE})],
        ),
    )
    admin = django_user_model.objects.create_superuser("admin", "a@example.com", "x")
    profile = UserProfile.get_for_user(admin)
    profile.preferred_language = "en"
    profile.save()
    client.force_login(admin)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("wagtail_localize:submit_page_translation", args=(page.pk,)),
            {"locales": [home_en.locale.pk]},
        )
    assert response.status_code == 302
    target = page.get_translation(home_en.locale)

    response = client.get(reverse("wagtailadmin_pages:edit", args=(target.pk,)))
    assert response.status_code == 200
    props = json.loads(
        html.unescape(re.search(r'data-props="([^"]*)"', response.content.decode()).group(1))
    )
    cells = {
        segment["source"]: (segment["location"]["field"], segment["location"]["subField"])
        for segment in props["segments"]
        if ".data." in segment["contentPath"]
    }
    assert cells["Έτος"] == ("Table", "Row 1 · Column 1")
    assert cells["Θέσεις"] == ("Table", "Row 1 · Column 3")
    assert cells["950"] == ("Table", "Row 3 · Column 3")
    assert len(cells) == 9
    # Other segments keep wagtail-localize's labels.
    caption = next(s for s in props["segments"] if s["source"] == "Το πάρκο")
    assert caption["location"]["subField"] == "Caption"
