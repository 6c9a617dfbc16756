"""The role matrix: every editorial group (and a superuser) × every privileged action, tried
through the admin's own URLs as the user would, with the database checked afterwards.

A refused action changes nothing and is refused as an admin page (Wagtail's redirect with
an error message, a 403 page of the admin, or the form shown again with the reason); an
action a role may not take is not offered to it in the page listing or the page editor.
"""

import io
from dataclasses import dataclass

import pytest
from django.contrib import messages
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.contrib.messages import get_messages
from django.core.files.images import ImageFile
from django.db import transaction
from django.test import RequestFactory
from django.urls import reverse
from PIL import Image as PILImage
from wagtail.models import (
    Collection,
    CollectionViewRestriction,
    Locale,
    Page,
    PageViewRestriction,
)

from documents.models import CustomDocument
from editorial.groups import (
    ADMINISTRATORS,
    EDITORS,
    MODERATORS,
    TRANSLATORS,
    public_collection,
    setup_groups,
)
from editorial.permissions import COLLECTION_PRIVACY_ERROR
from home.models import CustomImage, HomePage, StandardPage
from tests.conftest import add_page, make_site_home, page_form
from tests.documents.factories import make_document

SUPERUSER = "superuser"
ROLES = [EDITORS, MODERATORS, TRANSLATORS, ADMINISTRATORS, SUPERUSER]
RESTRUCTURERS = {MODERATORS, ADMINISTRATORS, SUPERUSER}
PUBLISHERS = RESTRUCTURERS | {TRANSLATORS}


@dataclass
class World:
    """What every case of the matrix starts from (each case's changes are rolled back)."""

    users: dict
    home: HomePage
    first: StandardPage
    second: StandardPage
    section: StandardPage
    restricted: StandardPage
    public: Collection
    private: Collection
    public_document: CustomDocument
    private_document: CustomDocument
    public_image: CustomImage
    private_image: CustomImage
    colleague: object


def make_image(title, collection):
    buffer = io.BytesIO()
    PILImage.new("RGB", (8, 8), (20, 120, 60)).save(buffer, "PNG")
    return CustomImage.objects.create(
        title=title, collection=collection, file=ImageFile(buffer, name="park.png")
    )


def build_world():
    greek, _created = Locale.objects.get_or_create(language_code="el")
    Locale.objects.get_or_create(language_code="en")
    home = make_site_home(greek)

    groups = setup_groups()
    users = {}
    for name in [EDITORS, MODERATORS, TRANSLATORS, ADMINISTRATORS]:
        users[name] = get_user_model().objects.create_user(
            username=name.lower(), email=f"{name.lower()}@example.com", password="x" * 20
        )
        users[name].groups.set([groups[name]])
    users[SUPERUSER] = get_user_model().objects.create_superuser(
        username=SUPERUSER, email="root@example.com", password="x" * 20
    )
    colleague = get_user_model().objects.create_user(
        username="colleague", email="colleague@example.com", password="x" * 20
    )
    colleague.groups.set([groups[EDITORS]])

    # A private collection inside the public one: Editors' permissions on the public
    # collection reach it, so only the forms' check keeps files on their side.
    public = public_collection()
    private = public.add_child(name="Εσωτερικά")
    CollectionViewRestriction.objects.create(
        collection=private, restriction_type=CollectionViewRestriction.LOGIN
    )

    restricted = add_page(home, StandardPage(title="Μέλη", slug="meli"))
    PageViewRestriction.objects.create(page=restricted, restriction_type=PageViewRestriction.LOGIN)
    return World(
        users=users,
        home=home,
        first=add_page(home, StandardPage(title="Πρώτη", slug="proti")),
        second=add_page(home, StandardPage(title="Δεύτερη", slug="defteri")),
        section=add_page(home, StandardPage(title="Ενότητα", slug="enotita")),
        restricted=restricted,
        public=public,
        private=private,
        public_document=make_document(title="Ανακοίνωση", collection=public),
        private_document=make_document(title="Πρακτικά", collection=private),
        public_image=make_image("Είσοδος", public),
        private_image=make_image("Σχέδιο", private),
        colleague=colleague,
    )


@pytest.fixture(scope="module")
def world(django_db_setup, django_db_blocker):
    """Built once for the module, inside a transaction rolled back at its end; each test
    runs in a savepoint of its own within it."""
    with django_db_blocker.unblock(), transaction.atomic():
        yield build_world()
        transaction.set_rollback(True)


@pytest.fixture
def as_role(world, db, client):
    def login(role):
        client.force_login(world.users[role])
        return client

    return login


# The actions: each posts to the admin as a user would and says whether its change is in
# the database afterwards.


def file_form(client, url, collection, **extra):
    """The edit form of a document or image as the admin would post it unchanged, with
    another collection."""
    response = client.get(url)
    if response.status_code != 200:
        return {"title": "x", "collection": collection.pk}
    form = response.context["form"]
    data = {}
    for field in form:
        if field.name == "file":
            continue
        value = field.value()
        if value is None or value is False:
            continue
        data[field.name] = value
    data["collection"] = collection.pk
    return {**data, **extra}


def publish(client, w):
    return client.post(
        reverse("wagtailadmin_pages:edit", args=(w.first.pk,)),
        page_form("Αλλαγμένη", w.first.slug, **{"action-publish": "1"}),
    )


def published(w):
    return Page.objects.get(pk=w.first.pk).title == "Αλλαγμένη"


def unpublish(client, w):
    return client.post(reverse("wagtailadmin_pages:unpublish", args=(w.first.pk,)))


def unpublished(w):
    return not Page.objects.get(pk=w.first.pk).live


def set_privacy(client, w):
    return client.post(
        reverse("wagtailadmin_pages:set_privacy", args=(w.first.pk,)),
        {"restriction_type": "login"},
    )


def privacy_set(w):
    return PageViewRestriction.objects.filter(page=w.first).exists()


def remove_privacy(client, w):
    return client.post(
        reverse("wagtailadmin_pages:set_privacy", args=(w.restricted.pk,)),
        {"restriction_type": "none"},
    )


def privacy_removed(w):
    return not PageViewRestriction.objects.filter(page=w.restricted).exists()


def move(client, w):
    return client.post(reverse("wagtailadmin_pages:move_confirm", args=(w.first.pk, w.section.pk)))


def moved(w):
    return Page.objects.get(pk=w.first.pk).get_parent().pk == w.section.pk


def reorder(client, w):
    url = reverse("wagtailadmin_pages:set_page_position", args=(w.second.pk,))
    return client.post(f"{url}?position=0")


def reordered(w):
    return w.home.get_children().first().pk == w.second.pk


def delete(client, w):
    return client.post(reverse("wagtailadmin_pages:delete", args=(w.first.pk,)))


def deleted(w):
    return not Page.objects.filter(pk=w.first.pk).exists()


def bulk_url(action, page):
    url = reverse("wagtail_bulk_action", args=("wagtailcore", "page", action))
    return f"{url}?id={page.pk}"


def bulk_delete(client, w):
    return client.post(bulk_url("delete", w.first))


def bulk_move(client, w):
    return client.post(bulk_url("move", w.first), {"chooser": w.section.pk})


def document_into_private(client, w):
    url = reverse("wagtaildocs:edit", args=(w.public_document.pk,))
    return client.post(url, file_form(client, url, w.private))


def document_made_private(w):
    return CustomDocument.objects.get(pk=w.public_document.pk).collection_id == w.private.pk


def document_out_of_private(client, w):
    url = reverse("wagtaildocs:edit", args=(w.private_document.pk,))
    return client.post(url, file_form(client, url, w.public))


def document_made_public(w):
    return CustomDocument.objects.get(pk=w.private_document.pk).collection_id == w.public.pk


def documents_bulk_out_of_private(client, w):
    url = reverse("wagtail_bulk_action", args=("documents", "customdocument", "add_to_collection"))
    return client.post(f"{url}?id={w.private_document.pk}", {"collection": w.public.pk})


def image_into_private(client, w):
    url = reverse("wagtailimages:edit", args=(w.public_image.pk,))
    return client.post(url, file_form(client, url, w.private))


def image_made_private(w):
    return CustomImage.objects.get(pk=w.public_image.pk).collection_id == w.private.pk


def image_out_of_private(client, w):
    url = reverse("wagtailimages:edit", args=(w.private_image.pk,))
    return client.post(url, file_form(client, url, w.public))


def image_made_public(w):
    return CustomImage.objects.get(pk=w.private_image.pk).collection_id == w.public.pk


def collection_privacy(client, w):
    return client.post(
        reverse("wagtailadmin_collections:set_privacy", args=(w.public.pk,)),
        {"restriction_type": "login"},
    )


def collection_made_private(w):
    return CollectionViewRestriction.objects.filter(collection=w.public).exists()


def change_groups(client, w):
    user = w.colleague
    return client.post(
        reverse("wagtailusers_users:edit", args=(user.pk,)),
        {
            "username": user.username,
            "email": user.email,
            "first_name": "Μαρία",
            "last_name": "Παπαδάκη",
            "password1": "",
            "password2": "",
            "is_active": "on",
            "groups": [Group.objects.get(name=ADMINISTRATORS).pk],
        },
    )


def groups_changed(w):
    return w.colleague.groups.filter(name=ADMINISTRATORS).exists()


@dataclass(frozen=True)
class Action:
    name: str
    perform: object
    happened: object
    allowed: frozenset
    # Wagtail's editor answers a publish it does not allow by saving a draft: nothing to
    # refuse, and the publish button is not offered (test_hidden_actions...).
    silent_refusal: bool = False


ACTIONS = [
    Action("publish", publish, published, frozenset(PUBLISHERS), silent_refusal=True),
    Action("unpublish", unpublish, unpublished, frozenset(PUBLISHERS)),
    Action("set privacy", set_privacy, privacy_set, frozenset(RESTRUCTURERS)),
    Action("remove privacy", remove_privacy, privacy_removed, frozenset(RESTRUCTURERS)),
    Action("move", move, moved, frozenset(RESTRUCTURERS)),
    Action("reorder", reorder, reordered, frozenset(RESTRUCTURERS)),
    Action("delete", delete, deleted, frozenset(RESTRUCTURERS)),
    # A bulk action leaves out the pages a user may not act on, and says so on its
    # confirmation page (test_bulk_actions_leave_out...).
    Action("bulk delete", bulk_delete, deleted, frozenset(RESTRUCTURERS), silent_refusal=True),
    Action("bulk move", bulk_move, moved, frozenset(RESTRUCTURERS), silent_refusal=True),
    Action(
        "document public to private",
        document_into_private,
        document_made_private,
        frozenset(RESTRUCTURERS),
    ),
    Action(
        "document private to public",
        document_out_of_private,
        document_made_public,
        frozenset(RESTRUCTURERS),
    ),
    Action(
        "documents bulk private to public",
        documents_bulk_out_of_private,
        document_made_public,
        frozenset(RESTRUCTURERS),
    ),
    Action(
        "image public to private", image_into_private, image_made_private, frozenset(RESTRUCTURERS)
    ),
    Action(
        "image private to public", image_out_of_private, image_made_public, frozenset(RESTRUCTURERS)
    ),
    Action(
        "collection privacy",
        collection_privacy,
        collection_made_private,
        frozenset({ADMINISTRATORS, SUPERUSER}),
    ),
    Action("user's groups", change_groups, groups_changed, frozenset({ADMINISTRATORS, SUPERUSER})),
]

ADMIN_CHROME = "data-wagtail-sidebar"


def assert_refused_as_admin_page(response):
    """A refusal the admin explains: Wagtail's redirect with an error message, the
    project's 403 admin page, or the admin's form or confirmation again with the reason;
    never a bare text."""
    if response.status_code == 302:
        assert response.url.startswith("/admin/"), response.url
        assert "login" not in response.url
        levels = [message.level for message in get_messages(response.wsgi_request)]
        assert messages.ERROR in levels
        return
    html = response.content.decode()
    assert ADMIN_CHROME in html
    if response.status_code == 403:
        assert "editorial/refused.html" in [t.name for t in response.templates]
    else:
        assert response.status_code == 200, response.status_code
        assert "error-message" in html or (response.context or {}).get("items_with_no_access"), (
            "the form or confirmation says why"
        )


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("action", ACTIONS, ids=lambda action: action.name)
def test_each_role_does_exactly_what_its_group_allows(world, as_role, role, action):
    client = as_role(role)
    response = action.perform(client, world)
    allowed = role in action.allowed
    assert action.happened(world) is allowed, (role, action.name, response.status_code)
    if allowed:
        assert response.status_code in (200, 302), response.status_code
    elif action.silent_refusal:
        assert response.status_code in (200, 302, 403), response.status_code
    else:
        assert_refused_as_admin_page(response)


@pytest.mark.parametrize("role", sorted(set(ROLES) - RESTRUCTURERS))
@pytest.mark.parametrize("action", ["delete", "move"])
def test_bulk_actions_leave_out_pages_the_role_may_not_restructure(world, as_role, role, action):
    response = as_role(role).get(bulk_url(action, world.first))
    assert response.status_code == 200
    assert ADMIN_CHROME in response.content.decode()
    assert [item["item"].pk for item in response.context["items_with_no_access"]] == [
        world.first.pk
    ]
    assert not response.context["items"]


@pytest.mark.parametrize("role", [EDITORS])
@pytest.mark.parametrize(
    "perform",
    [document_into_private, document_out_of_private, image_into_private, image_out_of_private],
)
def test_editors_learn_why_a_file_keeps_its_collection(world, as_role, role, perform):
    response = perform(as_role(role), world)
    assert response.status_code == 200
    assert str(COLLECTION_PRIVACY_ERROR) in response.content.decode()


def test_editors_are_offered_only_collections_on_the_files_side(world, as_role):
    client = as_role(EDITORS)
    public_form = client.get(reverse("wagtaildocs:edit", args=(world.public_document.pk,)))
    choices = {c.pk for c in public_form.context["form"].fields["collection"].queryset}
    assert world.public.pk in choices
    assert world.private.pk not in choices
    private_form = client.get(reverse("wagtailimages:edit", args=(world.private_image.pk,)))
    choices = {c.pk for c in private_form.context["form"].fields["collection"].queryset}
    assert choices == {world.private.pk}


def test_editors_and_translators_hold_no_file_permission_on_the_root(world, db):
    from wagtail.models import GroupCollectionPermission

    root = Collection.get_first_root_node()
    for name in (EDITORS, TRANSLATORS):
        on_root = GroupCollectionPermission.objects.filter(group__name=name, collection=root)
        assert not on_root.exists(), name
        assert GroupCollectionPermission.objects.filter(
            group__name=name, collection=world.public
        ).exists(), name
    for name in (MODERATORS, ADMINISTRATORS):
        assert GroupCollectionPermission.objects.filter(
            group__name=name, collection=root
        ).exists(), name


def offered(html, url):
    return f'href="{url}' in html or f'"{url}"' in html


@pytest.mark.parametrize("role", ROLES)
def test_the_page_listing_offers_only_what_the_role_may_do(world, as_role, role):
    html = as_role(role).get(reverse("wagtailadmin_explore", args=(world.home.pk,)))
    assert html.status_code == 200
    html = html.content.decode()
    may_restructure = role in RESTRUCTURERS
    for page in (world.first, world.second):
        assert offered(html, reverse("wagtailadmin_pages:move", args=(page.pk,))) is (
            may_restructure
        ), (role, "move")
        assert offered(html, reverse("wagtailadmin_pages:delete", args=(page.pk,))) is (
            may_restructure
        ), (role, "delete")
    sort_url = reverse("wagtailadmin_explore", args=(world.home.pk,)) + "?ordering=ord"
    assert offered(html, sort_url) is may_restructure, (role, "sort menu order")


@pytest.mark.parametrize("role", ROLES)
def test_the_page_editor_offers_only_what_the_role_may_do(world, as_role, role):
    response = as_role(role).get(reverse("wagtailadmin_pages:edit", args=(world.first.pk,)))
    assert response.status_code == 200
    html = response.content.decode()
    may_restructure = role in RESTRUCTURERS
    assert ('data-a11y-dialog-show="set-privacy"' in html) is may_restructure, role
    assert offered(html, reverse("wagtailadmin_pages:move", args=(world.first.pk,))) is (
        may_restructure
    ), role
    assert offered(html, reverse("wagtailadmin_pages:delete", args=(world.first.pk,))) is (
        may_restructure
    ), role
    assert ('name="action-publish"' in html) is (role in PUBLISHERS), role


def test_the_second_line_refuses_with_an_admin_page(world, as_role):
    """The hooks behind the permission tester answer with a 403 admin page."""
    from editorial.wagtail_hooks import translators_do_not_delete

    client = as_role(TRANSLATORS)
    request = RequestFactory().post("/admin/pages/1/delete/")
    request.user = world.users[TRANSLATORS]
    request.session = client.session
    request._messages = messages.storage.default_storage(request)
    response = translators_do_not_delete(request, world.first)
    assert response.status_code == 403
    html = response.content.decode()
    assert ADMIN_CHROME in html
    assert reverse("wagtailadmin_explore", args=(world.home.pk,)) in html
