"""Tables an editor pastes from a spreadsheet (or types with semicolons), translated cell
by cell in wagtail-localize, and tables saved before the paste field still shown."""

import json
import re

import pytest
from django.db import connection
from wagtail.test.utils.form_data import inline_formset, nested_form_data, streamfield
from wagtail_localize.models import StringSegment, StringTranslation, Translation, TranslationSource

from home.models import StandardPage
from tests.conftest import add_page

TABLE = "Υπηρεσία;Πότε\nΑιτήσεις εγκατάστασης;Κάθε εργάσιμη\nΕνημέρωση επενδυτών;Με ραντεβού\n"


def table_page(parent, data, caption="Υπηρεσίες"):
    return add_page(
        parent,
        StandardPage(
            title="Πίνακας",
            slug="table",
            body=[("table", {"caption": caption, "data": data})],
        ),
    )


def rows_of(html):
    """The table's rows as lists of (tag, text)."""
    body = html[html.index("<table>") : html.index("</table>")]
    return [
        re.findall(r"<(th|td)[^>]*>([^<]*)</", row)
        for row in re.findall(r"<tr>(.*?)</tr>", body, re.S)
    ]


@pytest.mark.parametrize(
    "data",
    [
        TABLE,
        TABLE.replace(";", "\t"),  # pasted from a spreadsheet
        TABLE.replace("\n", "\r\n") + "\r\n",  # from Windows, with a blank line
    ],
    ids=["semicolons", "tabs", "crlf"],
)
def test_a_pasted_table_is_shown_with_its_headings(client, home_el, data):
    table_page(home_el, data)
    response = client.get("/el/table/")
    html = response.content.decode()
    assert "<caption>Υπηρεσίες</caption>" in html
    assert rows_of(html) == [
        [("th", "Υπηρεσία"), ("th", "Πότε")],
        [("th", "Αιτήσεις εγκατάστασης"), ("td", "Κάθε εργάσιμη")],
        [("th", "Ενημέρωση επενδυτών"), ("td", "Με ραντεβού")],
    ]
    assert 'scope="col"' in html and 'scope="row"' in html


def test_short_rows_are_filled_to_the_table_width(client, home_el):
    table_page(home_el, "Α;Β;Γ\nα1\n")
    html = client.get("/el/table/").content.decode()
    assert rows_of(html)[1] == [("th", "α1"), ("td", ""), ("td", "")]


def test_a_table_saved_before_the_paste_field_is_still_shown(client, home_el):
    """The old shape (a list of column headings, rows of cells), as stored in the database."""
    page = table_page(home_el, "x")
    old = [
        {
            "type": "table",
            "id": "t1",
            "value": {
                "caption": "Παλιός",
                "header": [{"type": "item", "id": "h1", "value": "Υπηρεσία"}],
                "rows": [
                    {
                        "type": "item",
                        "id": "r1",
                        "value": {"cells": [{"type": "item", "id": "c1", "value": "Αιτήσεις"}]},
                    }
                ],
            },
        }
    ]
    cast = "CAST(%s AS jsonb)" if connection.vendor == "postgresql" else "%s"
    with connection.cursor() as cursor:
        cursor.execute(
            f"UPDATE home_standardpage SET body = {cast} WHERE page_ptr_id = %s",  # noqa: S608
            [json.dumps(old), page.pk],
        )
    html = client.get("/el/table/").content.decode()
    assert "<caption>Παλιός</caption>" in html
    assert rows_of(html) == [[("th", "Υπηρεσία")], [("th", "Αιτήσεις")]]
    # Read as the text it amounts to, which the editor's form shows and saves.
    value = StandardPage.objects.get(pk=page.pk).body[0].value
    assert value["data"] == "Υπηρεσία\nΑιτήσεις"


def test_the_admin_saves_a_pasted_table(client, django_user_model, home_el):
    client.force_login(django_user_model.objects.create_superuser("admin", "a@example.com", "x"))
    data = nested_form_data(
        {
            "title": "Ωράριο",
            "slug": "hours",
            "introduction": "",
            "body": streamfield([("table", {"caption": "Ωράριο", "data": TABLE})]),
            "comments": inline_formset([]),
            "action-publish": "publish",
        }
    )
    response = client.post(f"/admin/pages/add/home/standardpage/{home_el.pk}/", data)
    assert response.status_code == 302
    assert "Κάθε εργάσιμη" in client.get("/el/hours/").content.decode()


def test_translators_get_one_segment_per_cell_and_the_translation_keeps_the_shape(
    client, home_el, home_en, django_capture_on_commit_callbacks
):
    page = table_page(home_el, TABLE.replace("Με ραντεβού", ""))
    source, _created = TranslationSource.get_or_create_from_instance(page)
    segments = {
        segment.string.data: segment.context.path.split(".", 2)[2]
        for segment in StringSegment.objects.filter(source=source).select_related(
            "string", "context"
        )
        if ".data." in segment.context.path
    }
    # Each cell on its own, with its row and column; the empty cell is not a segment.
    assert segments == {
        "Υπηρεσία": "data.1.1",
        "Πότε": "data.1.2",
        "Αιτήσεις εγκατάστασης": "data.2.1",
        "Κάθε εργάσιμη": "data.2.2",
        "Ενημέρωση επενδυτών": "data.3.1",
    }
    english = {
        "Υπηρεσία": "Service",
        "Πότε": "When",
        "Αιτήσεις εγκατάστασης": "Applications; to settle",
        "Κάθε εργάσιμη": "Every working day",
        "Ενημέρωση επενδυτών": "Briefings for investors",
    }
    for segment in StringSegment.objects.filter(source=source).select_related("string", "context"):
        StringTranslation.objects.create(
            translation_of=segment.string,
            locale=home_en.locale,
            context=segment.context,
            data=english.get(segment.string.data, segment.string.data),
        )
    translation = Translation.objects.create(source=source, target_locale=home_en.locale)
    with django_capture_on_commit_callbacks(execute=True):
        translation.save_target(publish=True)
    translated = page.get_translation(home_en.locale)
    html = client.get(translated.url).content.decode()
    assert rows_of(html) == [
        [("th", "Service"), ("th", "When")],
        [("th", "Applications; to settle"), ("td", "Every working day")],
        [("th", "Briefings for investors"), ("td", "")],
    ]
