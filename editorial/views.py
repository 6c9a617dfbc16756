"""The "Translation status" report under Reports."""

import django_filters
from django.shortcuts import render
from django.urls import reverse
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.ui.tables import Column, TitleColumn
from wagtail.admin.views.reports import ReportView
from wagtail.models import Locale, Page
from wagtail.permissions import policy_registry

from .translation_status import STATES, translation_status


def refuse(request, reason, *, back_url=None):
    """A refusal as an admin page of its own, with the reason and a way back."""
    return render(
        request,
        "editorial/refused.html",
        {
            "page_title": _("Not allowed"),
            "header_title": _("Not allowed"),
            "header_icon": "warning",
            "reason": reason,
            "back_url": back_url or reverse("wagtailadmin_home"),
        },
        status=403,
    )


def _locale_choices():
    return [(locale.language_code, locale.get_display_name()) for locale in Locale.objects.all()]


class TranslationStatusFilterSet(WagtailFilterSet):
    """Validates the filters; the view applies them to the rows (not a queryset)."""

    locale = django_filters.ChoiceFilter(
        label=_("Translation into"), choices=_locale_choices, method="keep"
    )
    state = django_filters.ChoiceFilter(
        label=_("State"), choices=list(STATES.items()), method="keep"
    )
    kind = django_filters.ChoiceFilter(
        label=_("Kind"),
        choices=[("page", _("Pages")), ("snippet", _("Snippets"))],
        method="keep",
    )

    class Meta:
        model = Locale
        fields = []

    def keep(self, queryset, name, value):
        return queryset

    def filter_queryset(self, queryset):
        return queryset


class TranslationStatusView(ReportView):
    page_title = _("Translation status")
    header_icon = "globe"
    index_url_name = "editorial_translation_status"
    index_results_url_name = "editorial_translation_status_results"
    filterset_class = TranslationStatusFilterSet
    any_permission_required = ["add", "change", "publish"]
    paginate_by = 100
    list_export = [
        "item.title",
        "item.type_name",
        "source_locale.language_code",
        "locales_display",
        "locale.language_code",
        "state",
        "progress",
        "live",
    ]
    export_headings = {
        "item.title": _("Title"),
        "item.type_name": _("Type"),
        "source_locale.language_code": _("Source locale"),
        "locales_display": _("Exists in"),
        "locale.language_code": _("Translation into"),
        "state": _("State"),
        "progress": _("Translated segments"),
        "live": _("Live"),
    }

    @cached_property
    def permission_policy(self):
        return policy_registry.get_by_type(Page)

    @cached_property
    def columns(self):
        return [
            TitleColumn(
                "title", label=_("Title"), accessor="item.title", get_url=lambda row: row.edit_url
            ),
            Column("type", label=_("Type"), accessor="item.type_name"),
            Column("source", label=_("Source locale"), accessor="source_locale.get_display_name"),
            Column("locales", label=_("Exists in"), accessor="locales_display"),
            Column("locale", label=_("Translation into"), accessor="locale.get_display_name"),
            Column("state", label=_("State"), accessor="state_display"),
            Column("progress", label=_("Translated segments"), accessor="progress"),
        ]

    def get_filename(self):
        return "translation-status"

    def get_queryset(self):
        filters = {}
        if self.filters and self.filters.is_valid():
            filters = {k: v for k, v in self.filters.form.cleaned_data.items() if v}
        return translation_status(**filters)
