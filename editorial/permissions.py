"""Who may change what the public sees: page privacy, the page tree, and which files are
private.

Wagtail lets anyone who may publish a page also change its privacy, reorder its siblings,
move it and delete it. Translators must publish (wagtail-localize's editor has no "submit
for moderation"), so here those four go with the right to restructure the tree: the page
permission "bulk delete" (Moderators, Administrators) or superuser status. Editors, who
do not publish, keep what Wagtail gives them: moving and deleting their pages while no
version of them is live.

A file's collection decides whether the public may download it (biopa/visibility.py), so
moving a file between a restricted collection (a view restriction on it or above it) and
a public one changes its privacy. Only who may change files in every collection (the
"change" permission on the root collection: Moderators, Administrators) or a superuser
may move a file across that line; everyone else keeps files on their side of it.
"""

from django import forms
from django.utils.translation import gettext_lazy as _
from wagtail.models import Collection, PagePermissionTester
from wagtail.permissions import policy_registry

from biopa.visibility import restricted_collections


class EditorialPagePermissionTester(PagePermissionTester):
    def can_restructure(self):
        """May change this page's privacy and its place in the tree, or delete it."""
        if not self.user.is_active:
            return False
        return self.user.is_superuser or "bulk_delete" in self.permissions

    def can_set_view_restrictions(self):
        return self.can_restructure() and super().can_set_view_restrictions()

    def can_reorder_children(self):
        return self.can_restructure() and super().can_reorder_children()

    def can_delete(self, ignore_bulk=False):
        # Publishing is what lets Wagtail delete and move live pages (can_move() asks
        # can_delete()); a publisher who may not restructure deletes and moves nothing.
        if "publish" in getattr(self, "permissions", ()) and not self.can_restructure():
            return False
        return super().can_delete(ignore_bulk=ignore_bulk)


class EditorialPagePermissionsMixin:
    """For every page model: Wagtail asks the specific page for its permission tester."""

    def permissions_for_user(self, user):
        return EditorialPagePermissionTester(user, self)


def may_cross_collection_privacy(user, model):
    """Whether `user` may move files of `model` (a document or image model) between a
    restricted collection and a public one."""
    if not (user.is_active and user.is_authenticated):
        return False
    if user.is_superuser:
        return True
    policy = policy_registry.get_by_type(model)
    return policy.collections_user_has_permission_for(user, "change").filter(depth=1).exists()


def restricted_among(collection_ids):
    """The ids, among `collection_ids`, of restricted collections (one query)."""
    return set(
        Collection.objects.filter(
            pk__in=collection_ids, id__in=restricted_collections()
        ).values_list("pk", flat=True)
    )


def crosses_collection_privacy(collection_ids, destination_id):
    """Whether moving files from the collections `collection_ids` into the collection
    `destination_id` takes any of them from a restricted collection to a public one or
    the other way round."""
    sources = set(collection_ids) - {destination_id}
    if not sources or destination_id is None:
        return False
    restricted = restricted_among(sources | {destination_id})
    into_restricted = destination_id in restricted
    return any((source in restricted) != into_restricted for source in sources)


COLLECTION_PRIVACY_ERROR = _(
    "You may not move a file between a private collection and a public one: its privacy "
    "would change. Ask a moderator or an administrator."
)


class CollectionPrivacyFormMixin:
    """For the admin forms of documents and images (Wagtail's BaseCollectionMemberForm,
    built with the editing user): refuses a change of collection that crosses the line
    between restricted and public collections unless the user may cross it."""

    def __init__(self, *args, **kwargs):
        self.editing_user = kwargs.get("user")
        super().__init__(*args, **kwargs)
        field = self.fields.get("collection")
        if field is not None and self.instance.pk and not self.may_cross():
            # Offer only the collections on the file's side of the line; a choice from
            # the other side is refused with the reason, not as an unknown value.
            if self.instance.collection_id in restricted_among([self.instance.collection_id]):
                field.queryset = field.queryset.filter(id__in=restricted_collections())
            else:
                field.queryset = field.queryset.exclude(id__in=restricted_collections())
            field.error_messages["invalid_choice"] = COLLECTION_PRIVACY_ERROR

    def may_cross(self):
        return self.editing_user is None or may_cross_collection_privacy(
            self.editing_user, type(self.instance)
        )

    def clean(self):
        cleaned_data = super().clean()
        new_collection = cleaned_data.get("collection")
        if (
            self.instance.pk
            and new_collection is not None
            and crosses_collection_privacy([self.instance.collection_id], new_collection.pk)
            and not self.may_cross()
        ):
            self.add_error("collection", forms.ValidationError(COLLECTION_PRIVACY_ERROR))
        return cleaned_data
