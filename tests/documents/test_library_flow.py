"""From a file to its library entry, as an Editor: after an upload (several files or one)
the next step is a library entry whose form already holds the file, its title and date;
the file's editor lists the entries that offer it."""

import io
import json
import re

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.urls import reverse
from django.utils import timezone, translation
from wagtail.models import Collection
from wagtail.test.utils.form_data import inline_formset, nested_form_data
from wagtail.users.models import UserProfile

from documents.models import CustomDocument, DocumentPage
from editorial.groups import EDITORS, PUBLIC_COLLECTION, setup_groups
from tests.documents.factories import make_document, make_library, private_collection

pytestmark = pytest.mark.django_db

TITLE = "Κανονισμός λειτουργίας"


@pytest.fixture
def editor(client, home_el):
    setup_groups()
    user = get_user_model().objects.create_user(
        username="editor", email="editor@example.com", password="a long test password"
    )
    user.groups.add(Group.objects.get(name=EDITORS))
    profile = UserProfile.get_for_user(user)
    profile.preferred_language = "en"
    profile.save()
    client.force_login(user)
    with translation.override("en"):
        yield user


@pytest.fixture
def library(home_el):
    return make_library(home_el)


@pytest.fixture
def public():
    return Collection.objects.get(name=PUBLIC_COLLECTION)


def named(filename, content):
    stream = io.BytesIO(content)
    stream.name = filename
    return stream


def follow_to_entry_form(client, url):
    """The library entry's create form that `url` (the next step) leads to."""
    response = client.get(url)
    assert response.status_code == 302
    return client.get(response["Location"]), response["Location"]


def field_value(html, name):
    match = re.search(rf'<input[^>]*name="{name}"[^>]*>', html)
    assert match, f"no input {name}"
    value = re.search(r'value="([^"]*)"', match.group(0))
    return value.group(1) if value else ""


def entry_form(page_fields, **extra):
    return nested_form_data(
        {
            "title": page_fields["title"],
            "slug": page_fields["slug"],
            "description": "",
            "document": page_fields["document"],
            "category": "",
            "document_date": page_fields["document_date"],
            "comments": inline_formset([]),
            **extra,
        }
    )


def test_multiple_upload_leads_to_a_filled_in_library_entry(client, editor, library, public):
    response = client.post(
        reverse("wagtaildocs:add_multiple"),
        {"files[]": named("kanonismos.txt", TITLE.encode()), "collection": public.pk},
    )
    data = json.loads(response.content)
    assert data["success"] is True
    document = CustomDocument.objects.get(pk=data["doc_id"])
    next_step = reverse("documents_library_entry", args=[document.pk])
    assert f'href="{next_step}"' in data["form"]
    assert "Create library entry" in data["form"]

    # The uploader names the file, as Wagtail's form after each upload asks.
    client.post(
        reverse("wagtaildocs:edit_multiple", args=[document.pk]),
        {f"doc-{document.pk}-title": TITLE, f"doc-{document.pk}-collection": public.pk},
    )
    form, address = follow_to_entry_form(client, next_step)
    assert address.startswith(
        reverse("wagtailadmin_pages:add", args=["documents", "documentpage", library.pk])
    )
    html = form.content.decode()
    fields = {
        "title": field_value(html, "title"),
        "slug": field_value(html, "slug"),
        "document": field_value(html, "document"),
        "document_date": field_value(html, "document_date"),
    }
    assert fields["title"] == TITLE
    assert fields["slug"] and fields["slug"].isascii()
    assert fields["document"] == str(document.pk)
    assert fields["document_date"] == timezone.localdate(document.created_at).isoformat()

    # The editor sends the entry for moderation as it was filled in.
    response = client.post(address, entry_form(fields, **{"action-submit": "1"}))
    assert response.status_code == 302
    entry = DocumentPage.objects.get(document=document)
    assert entry.get_parent().pk == library.pk
    assert entry.title == TITLE
    assert entry.current_workflow_state is not None

    # The file's editor lists its entry.
    edit = client.get(reverse("wagtaildocs:edit", args=[document.pk])).content.decode()
    assert reverse("wagtailadmin_pages:edit", args=[entry.pk]) in edit
    assert next_step in edit


def test_single_upload_offers_the_library_entry(client, editor, library, public):
    response = client.post(
        reverse("wagtaildocs:add"),
        {
            "title": TITLE,
            "file": named("kanonismos.txt", TITLE.encode()),
            "collection": public.pk,
            "language": "el",
        },
        follow=True,
    )
    document = CustomDocument.objects.get()
    assert reverse("documents_library_entry", args=[document.pk]) in response.content.decode()
    edit = client.get(reverse("wagtaildocs:edit", args=[document.pk])).content.decode()
    assert "No library entry offers this file yet." in edit


def test_files_the_editor_may_not_use_are_not_offered(client, editor, library):
    hidden = make_document(title="Εσωτερικό", collection=private_collection())
    # Refused as the admin refuses: back to the dashboard, with a message.
    refused = client.get(reverse("documents_library_entry", args=[hidden.pk]))
    assert refused.status_code == 302
    assert refused["Location"] == reverse("wagtailadmin_home")
    url = reverse("wagtailadmin_pages:add", args=["documents", "documentpage", library.pk])
    html = client.get(f"{url}?document={hidden.pk}").content.decode()
    assert "Εσωτερικό" not in html
    assert field_value(html, "document") == ""
