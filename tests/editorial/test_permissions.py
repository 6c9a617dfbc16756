"""What each editorial group may and may not do, through the admin as a user would."""

from importlib import import_module

import pytest
from django.apps import apps as django_apps
from django.contrib.auth.models import Group, Permission
from django.urls import reverse
from wagtail.models import (
    Collection,
    GroupCollectionPermission,
    Page,
    WorkflowPage,
    WorkflowState,
)

from editorial.groups import (
    EDITORS,
    GROUPS,
    TRANSLATORS,
    WORKFLOW_NAME,
    public_collection,
    setup_groups,
)
from editorial.translation_status import translatable_snippet_models
from home.models import StandardPage
from tests.conftest import page_form
from tests.documents.factories import make_document

pytestmark = pytest.mark.django_db


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
    editor_html = client.get(edit_url(greek_page)).content.decode()
    assert reverse("wagtailadmin_pages:delete", args=(greek_page.pk,)) not in editor_html


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


def test_editors_file_permissions_leave_the_root_collection_for_the_public_one(groups):
    """What Wagtail's own migrations (and this project's first) gave Editors on the root
    collection covered private collections: the next migrate moves it."""
    root = Collection.get_first_root_node()
    add_document = Permission.objects.get(
        content_type__app_label="wagtaildocs", codename="add_document"
    )
    GroupCollectionPermission.objects.create(
        group=groups[EDITORS], collection=root, permission=add_document
    )
    setup_groups()
    assert not GroupCollectionPermission.objects.filter(
        group__name__in=[EDITORS, TRANSLATORS], collection=root
    ).exists()
    public = public_collection()
    assert GroupCollectionPermission.objects.filter(
        group=groups[EDITORS], collection=public, permission=add_document
    ).exists()


def test_the_migration_moves_root_files_into_the_public_collection(groups):
    """On an existing site, files kept in the root stay editable by Editors: they move to
    the public collection (the root has no privacy of its own to lose)."""
    root = Collection.get_first_root_node()
    document = make_document(collection=root)
    change_document = Permission.objects.get(
        content_type__app_label="wagtaildocs", codename="change_document"
    )
    GroupCollectionPermission.objects.create(
        group=groups[EDITORS], collection=root, permission=change_document
    )
    migration = import_module("editorial.migrations.0002_collection_permissions_per_collection")
    migration.forwards(django_apps, None)
    document.refresh_from_db()
    assert document.collection == public_collection()
    assert not GroupCollectionPermission.objects.filter(
        group=groups[EDITORS], collection=root
    ).exists()
