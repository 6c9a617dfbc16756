"""The small things of the editor's day: weeks from Monday in the date pickers, no Gravatar,
admin e-mail links on the port the site runs on, an empty rich-text block refused, and the
document-list block's chooser opening in the library."""

import json
import os
import subprocess
import sys

import pytest
from django.contrib.auth.models import Group
from django.core import mail
from django.test import override_settings
from wagtail.test.utils.form_data import rich_text, streamfield
from wagtail.users.models import UserProfile

from documents.models import DocumentIndexPage
from editorial.groups import setup_groups
from home.models import StandardPage
from tests.conftest import add_page, page_form, publish


@pytest.fixture
def admin_user(django_user_model):
    return django_user_model.objects.create_superuser("admin", "admin@example.com", "x")


@pytest.fixture
def admin_client(client, admin_user):
    client.force_login(admin_user)
    return client


@pytest.mark.parametrize("language", ["el", "en"])
def test_date_pickers_start_the_week_on_monday(admin_client, admin_user, home_el, language):
    profile = UserProfile.get_for_user(admin_user)
    profile.preferred_language = language
    profile.save()
    page = add_page(home_el, StandardPage(title="Σελίδα", slug="page"))
    html = admin_client.get(f"/admin/pages/{page.pk}/edit/").content.decode()
    # The go-live date's picker (settings tab), as Wagtail configures it.
    assert "dayOfWeekStart&quot;: 1" in html or '"dayOfWeekStart": 1' in html
    assert "dayOfWeekStart&quot;: 0" not in html and '"dayOfWeekStart": 0' not in html


def test_the_admin_asks_gravatar_for_nothing(admin_client, home_el):
    html = admin_client.get("/admin/").content.decode()
    assert "gravatar" not in html
    assert "wagtailadmin/images/default-user-avatar" in html


def test_admin_links_follow_the_port_of_make_run(tmp_path):
    env = {
        key: value
        for key, value in os.environ.items()
        if key not in ("WAGTAILADMIN_BASE_URL", "PORT")
    }
    env.update(PORT="8123", DJANGO_SETTINGS_MODULE="biopa.settings.dev", VAR_DIR=str(tmp_path))
    script = "from django.conf import settings; print(settings.WAGTAILADMIN_BASE_URL)"
    output = subprocess.run(  # noqa: S603
        [sys.executable, "-c", f"import django; django.setup(); {script}"],
        env=env,
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    assert output.strip().splitlines()[-1] == "http://127.0.0.1:8123"


@override_settings(WAGTAILADMIN_BASE_URL="http://127.0.0.1:8123")
def test_a_moderation_email_links_to_the_configured_address(
    admin_client, django_user_model, home_el, django_capture_on_commit_callbacks
):
    setup_groups()
    moderator = django_user_model.objects.create_user("moderator", "moderator@example.com", "x")
    moderator.groups.add(Group.objects.get(name="Moderators"))
    with django_capture_on_commit_callbacks(execute=True):
        response = admin_client.post(
            f"/admin/pages/add/home/standardpage/{home_el.pk}/",
            page_form("Για έγκριση", "for-review", **{"action-submit": "submit"}),
        )
    assert response.status_code == 302
    page = StandardPage.objects.get(slug="for-review")
    to_moderator = [message for message in mail.outbox if "moderator@example.com" in message.to]
    assert to_moderator
    assert f"http://127.0.0.1:8123/admin/pages/{page.pk}/" in to_moderator[0].body


EMPTY_EDITOR = json.dumps(
    {
        "blocks": [
            {
                "key": "a1b2c",
                "text": "",
                "type": "unstyled",
                "depth": 0,
                "inlineStyleRanges": [],
                "entityRanges": [],
            }
        ],
        "entityMap": {},
    }
)


@pytest.mark.parametrize(
    ("paragraph", "saved"),
    [(EMPTY_EDITOR, False), (EMPTY_EDITOR.replace('"text": ""', '"text": " "'), False)]
    + [(rich_text("<p>Κείμενο</p>"), True)],
    ids=["empty", "blank", "text"],
)
def test_an_empty_rich_text_block_is_refused(admin_client, home_el, paragraph, saved):
    response = admin_client.post(
        f"/admin/pages/add/home/standardpage/{home_el.pk}/",
        page_form(
            "Με κείμενο",
            "with-text",
            body=streamfield([("paragraph", paragraph)]),
            **{"action-publish": "publish"},
        ),
    )
    assert StandardPage.objects.filter(slug="with-text").exists() == saved
    assert response.status_code == (302 if saved else 200)


@pytest.fixture
def libraries(home_el, home_en):
    greek = add_page(home_el, DocumentIndexPage(title="Έγγραφα", slug="documents"))
    english = greek.copy_for_translation(home_en.locale)
    english.title = "Documents"
    return greek, publish(english)


@pytest.mark.parametrize("language", ["el", "en"])
def test_the_document_list_chooser_opens_in_the_library_of_the_page(
    admin_client, home_el, home_en, libraries, language
):
    home = home_el if language == "el" else home_en
    library = libraries[0] if language == "el" else libraries[1]
    page = add_page(home, StandardPage(title="Σελίδα", slug="with-documents"))
    edit = admin_client.get(f"/admin/pages/{page.pk}/edit/")
    assert "/admin/library-chooser/" in edit.content.decode()  # the block's chooser

    response = admin_client.get(
        "/admin/library-chooser/?page_type=documents.documentpage",
        HTTP_REFERER=f"http://testserver/admin/pages/{page.pk}/edit/",
    )
    assert response.status_code == 302
    assert response["Location"] == (
        f"/admin/choose-page/{library.pk}/?page_type=documents.documentpage"
    )
    assert admin_client.get(response["Location"]).status_code == 200
    # With a document chosen, beside it (Wagtail adds the chosen page's parent).
    response = admin_client.get(f"/admin/library-chooser/{library.pk}/")
    assert response["Location"] == f"/admin/choose-page/{library.pk}/"
