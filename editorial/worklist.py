"""A translator's worklist: the dashboard panel listing what waits in their language.

Pages and translatable snippets whose translation into the translator's language is
missing, has untranslated segments or is out of date (editorial/translation_status.py,
a fixed number of queries whatever the amount of content), each with one link: into the
translation editor, to "Sync" when the source has changed since, or to wagtail-localize's
submit view when there is no translation yet.

Who translates, and into which languages: the members of the Translators group (Editors
and Moderators may also submit translations, but translating is not their work). The
project gives no per-locale permissions (nor does wagtail-localize 1.14), so a translator
translates into every content language but the site's own (`LANGUAGE_CODE`, Greek):
English for the demo's Translators.
"""

from django.conf import settings
from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext_lazy as _
from wagtail.admin.ui.components import Component

from .groups import TRANSLATORS
from .translation_status import MISSING, OUTDATED, PARTIAL, translation_status

SUBMIT_PERMISSION = "wagtail_localize.submit_translation"
LIMIT = 20  # rows on the dashboard; the report has the rest

ACTIONS = {
    MISSING: _("Translate"),
    PARTIAL: _("Continue translating"),
    OUTDATED: _("Sync and translate"),
}


def target_languages(user):
    """The language codes `user` translates into (none for who may not translate)."""
    if not (user.is_active and user.has_perm(SUBMIT_PERMISSION)):
        return []
    if not user.groups.filter(name=TRANSLATORS).exists():
        return []
    languages = settings.WAGTAIL_CONTENT_LANGUAGES
    return [code for code, _name in languages if code != settings.LANGUAGE_CODE]


def _submit_url(row):
    source = row.item.source
    try:
        if row.item.kind == "page":
            return reverse("wagtail_localize:submit_page_translation", args=(source.pk,))
        meta = row.item.model._meta
        return reverse(
            "wagtail_localize:submit_snippet_translation",
            args=(meta.app_label, meta.model_name, str(source.pk)),
        )
    except NoReverseMatch:
        return None


def action_url(row):
    if row.state == MISSING:
        return _submit_url(row)
    if row.state == OUTDATED and row.sync_url:
        return row.sync_url
    return row.edit_url


def worklist(user):
    """(rows to show, how many in all) for `user`; each row has `.action_url`."""
    codes = target_languages(user)
    if not codes:
        return [], 0
    rows = [
        row
        for row in translation_status()
        if row.locale.language_code in codes and row.state in ACTIONS
    ]
    # Out of date first (the public sees an older text), then partial, then missing.
    order = {OUTDATED: 0, PARTIAL: 1, MISSING: 2}
    rows.sort(key=lambda r: order[r.state])
    for row in rows:
        row.action_url = action_url(row)
        row.action_label = ACTIONS[row.state]
    return rows[:LIMIT], len(rows)


class TranslationWorklistPanel(Component):
    name = "translation_worklist"
    template_name = "editorial/translation_worklist.html"
    order = 50  # first on a translator's dashboard

    def __init__(self, request):
        self.request = request

    def get_context_data(self, parent_context):
        rows, total = worklist(self.request.user)
        return {
            "rows": rows,
            "total": total,
            "languages": target_languages(self.request.user),
            "report_url": reverse("editorial_translation_status"),
        }
