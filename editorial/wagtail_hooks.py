from django.template.loader import render_to_string
from django.urls import NoReverseMatch, path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.permissions import page_permission_policy

from .groups import TRANSLATORS
from .permissions import (
    COLLECTION_PRIVACY_ERROR,
    crosses_collection_privacy,
    may_cross_collection_privacy,
)
from .translation_drafts import SyncTranslationsView, install
from .translation_memory import suggestions_view
from .views import TranslationStatusView, refuse
from .worklist import TranslationWorklistPanel, target_languages

# wagtail-localize's submit views create drafts (editorial/translation_drafts.py).
install()


@hooks.register("register_admin_urls")
def register_translation_status_urls():
    return [
        path(
            "reports/translation-status/",
            TranslationStatusView.as_view(),
            name="editorial_translation_status",
        ),
        path(
            "reports/translation-status/results/",
            TranslationStatusView.as_view(results_only=True),
            name="editorial_translation_status_results",
        ),
    ]


@hooks.register("register_admin_urls", order=-1)
def register_translation_flow_urls():
    """Before wagtail-localize's own (hence `order`): its sync screen's address leads to
    the one that never publishes; the suggestions of the translation editor."""
    return [
        path(
            "localize/update/<int:translation_source_id>/",
            SyncTranslationsView.as_view(),
            name="editorial_sync_translations",
        ),
        path(
            "localize/translate/<int:translation_id>/suggestions/",
            suggestions_view,
            name="editorial_translation_suggestions",
        ),
    ]


@hooks.register("construct_homepage_panels")
def add_translation_worklist(request, panels):
    if target_languages(request.user):
        panels.append(TranslationWorklistPanel(request))


@hooks.register("construct_reports_menu")
def one_translation_report(request, menu_items):
    """wagtail-localize's "Translations" report repeats ours ("Translation status"): its
    menu item goes, its addresses stay (other screens of wagtail-localize link to them)."""
    try:
        duplicate = reverse("wagtail_localize:translations_report")
    except NoReverseMatch:
        return
    menu_items[:] = [item for item in menu_items if item.url != duplicate]


@hooks.register("insert_editor_js")
def translation_editor_js():
    """The "only untranslated" filter and the suggestions, in wagtail-localize's editor
    (the script does nothing in the other editors)."""
    return render_to_string(
        "editorial/translation_editor_js.html",
        {
            "labels": {
                "onlyUntranslated": str(_("Only untranslated segments")),
                "previousTranslation": str(_("Previous translation:")),
                "useSuggestion": str(_("Use this translation")),
            }
        },
    )


class TranslationStatusMenuItem(MenuItem):
    def is_shown(self, request):
        return page_permission_policy.user_has_any_permission(
            request.user, ["add", "change", "publish"]
        )


@hooks.register("register_reports_menu_item")
def register_translation_status_menu_item():
    return TranslationStatusMenuItem(
        _("Translation status"),
        reverse("editorial_translation_status"),
        name="translation-status",
        icon_name="globe",
        order=1000,
    )


def only_translates(user):
    """A member of Translators and of no group that may restructure the tree."""
    if user.is_superuser:
        return False
    names = set(user.groups.values_list("name", flat=True))
    return TRANSLATORS in names and names <= {TRANSLATORS}


# The page permission tester (editorial/permissions.py) already hides and refuses these
# actions; the hooks below stay as a second line, for views that ask Wagtail's own tester
# (the root page's, say) or none at all.

TRANSLATORS_REFUSED = _("Translators may not delete, move or reorder pages.")


def _explore_url(page):
    parent = page.get_parent()
    return reverse("wagtailadmin_explore", args=(parent.pk,)) if parent else None


@hooks.register("before_delete_page")
def translators_do_not_delete(request, page):
    if only_translates(request.user):
        return refuse(request, TRANSLATORS_REFUSED, back_url=_explore_url(page))


@hooks.register("before_move_page")
def translators_do_not_move(request, page, destination):
    if only_translates(request.user):
        return refuse(request, TRANSLATORS_REFUSED, back_url=_explore_url(page))


@hooks.register("before_bulk_action")
def translators_do_not_bulk_delete_or_move(request, action_type, objects, action_class_instance):
    if action_type in ("delete", "move") and only_translates(request.user):
        return refuse(request, TRANSLATORS_REFUSED, back_url=action_class_instance.next_url)


@hooks.register("before_bulk_action")
def files_keep_their_privacy(request, action_type, objects, action_class_instance):
    """Wagtail's "Add to collection" bulk action for documents and images moves files
    without their edit form, so the form's check is made here as well."""
    if action_type != "add_to_collection" or not objects:
        return None
    destination = action_class_instance.cleaned_form.cleaned_data.get("collection")
    if may_cross_collection_privacy(request.user, type(objects[0])):
        return None
    sources = {item.collection_id for item in objects}
    if destination is not None and crosses_collection_privacy(sources, destination.pk):
        return refuse(request, COLLECTION_PRIVACY_ERROR, back_url=action_class_instance.next_url)
    return None


@hooks.register("construct_page_action_menu")
def hide_delete_from_translators(menu_items, request, context):
    if only_translates(request.user):
        menu_items[:] = [item for item in menu_items if item.name != "action-delete"]
