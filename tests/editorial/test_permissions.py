"""What each editorial group may and may not do, through the admin as a user would."""

import pytest
from django.contrib.auth.models import Group
from django.urls import reverse
from wagtail.models import Page, WorkflowPage, WorkflowState
from wagtail.test.utils.form_data import inline_formset, nested_form_data, streamfield

from editorial.groups import GROUPS, WORKFLOW_NAME
from editorial.translation_status import translatable_snippet_models
from home.models import StandardPage

pytestmark = pytest.mark.django_db


def page_form(title, slug, **extra):
    return nested_form_data(
        {
            "title": title,
            "slug": slug,
            "introduction": "Εισαγωγή",
            "body": streamfield([]),
            "comments": inline_formset([]),
            **extra,
        }
    )


def add_url(parent):
    return reverse("wagtailadmin_pages:add", args=("home", "standardpage", parent.pk))


def edit_url(page):
    return reverse("wagtailadmin_pages:edit", args=(page.pk,))


def refused(response):
    """Wagtail answers a refused admin action with 403 or a redirect away from it."""
    return response.status_code == 403 or (
        response.status_code == 302 and "/admin/" in response.url and "login" not in response.url
    )


def test_groups_and_workflow_exist_after_migrate(groups, home_el):
    assert set(Group.objects.values_list("name", flat=True)) >= set(GROUPS)
    root = Page.get_first_root_node()
    assert WorkflowPage.objects.get(page=root).workflow.name == WORKFLOW_NAME
    # The root's workflow covers both locales' trees.
    assert home_el.get_workflow().name == WORKFLOW_NAME


def test_editor_creates_and_submits_but_cannot_publish(client, members, home_el):
    client.force_login(members["Editors"])
    response = client.post(
        add_url(home_el), page_form("Νέα σελίδα", "nea-selida", **{"action-publish": "1"})
    )
    assert response.status_code == 302
    page = StandardPage.objects.get(slug="nea-selida")
    assert page.locale == home_el.locale
    assert not page.live  # saved as a draft, not published

    response = client.post(
        edit_url(page), page_form("Νέα σελίδα", "nea-selida", **{"action-submit": "1"})
    )
    assert response.status_code == 302
    page.refresh_from_db()
    assert not page.live
    state = WorkflowState.objects.get(object_id=str(page.pk))
    assert state.status == WorkflowState.STATUS_IN_PROGRESS
    assert state.workflow.name == WORKFLOW_NAME

    # A moderator approves it, and it goes live.
    client.force_login(members["Moderators"])
    task_state = state.current_task_state
    response = client.post(
        reverse("wagtailadmin_pages:workflow_action", args=(page.pk, "approve", task_state.pk)),
        {"comment": ""},
    )
    assert response.status_code in (200, 302)
    page.refresh_from_db()
    assert page.live


def test_editor_cannot_unpublish_or_delete_live_pages(client, members, greek_page):
    client.force_login(members["Editors"])
    assert refused(client.get(reverse("wagtailadmin_pages:unpublish", args=(greek_page.pk,))))
    assert refused(client.post(reverse("wagtailadmin_pages:delete", args=(greek_page.pk,))))
    greek_page.refresh_from_db()
    assert greek_page.live


def test_moderator_publishes_unpublishes_and_deletes(client, members, home_el):
    client.force_login(members["Moderators"])
    client.post(add_url(home_el), page_form("Ανακοίνωση", "anakoinosi", **{"action-publish": "1"}))
    page = StandardPage.objects.get(slug="anakoinosi")
    assert page.live
    response = client.post(reverse("wagtailadmin_pages:unpublish", args=(page.pk,)))
    assert response.status_code == 302
    page.refresh_from_db()
    assert not page.live
    client.post(reverse("wagtailadmin_pages:delete", args=(page.pk,)))
    assert not StandardPage.objects.filter(pk=page.pk).exists()


def test_translator_translates_and_publishes_but_cannot_delete_or_move(
    client, members, greek_page, home_en, django_capture_on_commit_callbacks
):
    client.force_login(members["Translators"])
    english = home_en.locale
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("wagtail_localize:submit_page_translation", args=(greek_page.pk,)),
            {"locales": [english.pk]},
        )
    assert response.status_code == 302
    english_page = greek_page.get_translation(english)
    assert english_page.get_parent().pk == home_en.pk

    # The translation editor publishes.
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(edit_url(english_page), {"action": "publish"})
    assert response.status_code == 302
    english_page.refresh_from_db()
    assert english_page.live

    for page in (english_page, greek_page):
        delete = client.post(reverse("wagtailadmin_pages:delete", args=(page.pk,)))
        assert refused(delete)
        move = client.post(
            reverse("wagtailadmin_pages:move_confirm", args=(page.pk, page.get_parent().pk))
        )
        assert refused(move)
    assert Page.objects.filter(pk__in=[english_page.pk, greek_page.pk]).count() == 2
    # Nor does the editor offer the delete action.
    assert "action-delete" not in client.get(edit_url(greek_page)).content.decode()


def test_translator_in_another_group_keeps_that_groups_rights(client, make_user, greek_page):
    both = make_user("Translators", "Moderators")
    client.force_login(both)
    client.post(reverse("wagtailadmin_pages:delete", args=(greek_page.pk,)))
    assert not Page.objects.filter(pk=greek_page.pk).exists()


def test_only_administrators_manage_users(client, members):
    url = reverse("wagtailusers_users:index")
    for name in ["Editors", "Moderators", "Translators"]:
        client.force_login(members[name])
        assert refused(client.get(url)), name
    client.force_login(members["Administrators"])
    assert client.get(url).status_code == 200


def test_documents_and_images(client, members):
    for name, may_add in [
        ("Editors", True),
        ("Moderators", True),
        ("Translators", False),
        ("Administrators", True),
    ]:
        client.force_login(members[name])
        for url in (reverse("wagtaildocs:add_multiple"), reverse("wagtailimages:add_multiple")):
            response = client.get(url)
            assert (response.status_code == 200) is may_add, (name, url)


def test_snippet_permissions(members):
    models = translatable_snippet_models()
    assert models
    for model in models:
        meta = model._meta
        perm = f"{meta.app_label}.%s_{meta.model_name}"
        editor, moderator = members["Editors"], members["Moderators"]
        translator, admin = members["Translators"], members["Administrators"]
        for action in ("add", "change", "delete"):
            assert editor.has_perm(perm % action), (model, action)
            assert moderator.has_perm(perm % action)
            assert admin.has_perm(perm % action)
        assert translator.has_perm(perm % "change")
        assert not translator.has_perm(perm % "add")
        assert not translator.has_perm(perm % "delete")


def test_everyone_reaches_the_admin_and_translation_is_allowed(members):
    for name, user in members.items():
        assert user.has_perm("wagtailadmin.access_admin"), name
        assert user.has_perm("wagtail_localize.submit_translation"), name
