"""The admin report "Site searches": what visitors searched for and what found nothing."""

import django_filters
from django.db.models import Max, Q, Sum
from django.utils.translation import gettext_lazy as _
from django_filters import DateFromToRangeFilter
from wagtail.admin.auth import permission_denied
from wagtail.admin.filters import DateRangePickerWidget, WagtailFilterSet
from wagtail.admin.ui.tables import Column, NumberColumn
from wagtail.admin.views.reports import ReportView

from .models import SearchQueryLog

REPORT_PERMISSION = "search.view_searchquerylog"


class SearchQueryReportFilterSet(WagtailFilterSet):
    date = DateFromToRangeFilter(label=_("Date"), widget=DateRangePickerWidget)
    language = django_filters.ChoiceFilter(
        label=_("Language"), choices=[("el", "Ελληνικά"), ("en", "English")]
    )
    nothing_found = django_filters.BooleanFilter(
        label=_("Found nothing"), method="filter_nothing_found"
    )

    class Meta:
        model = SearchQueryLog
        fields = []

    def filter_nothing_found(self, queryset, name, value):
        if value is None:
            return queryset
        return (
            queryset.filter(zero_result_searches__gt=0)
            if value
            else queryset.filter(~Q(zero_result_searches__gt=0))
        )


class SearchQueryReportView(ReportView):
    page_title = _("Site searches")
    header_icon = "search"
    index_url_name = "search_report:index"
    index_results_url_name = "search_report:results"
    filterset_class = SearchQueryReportFilterSet
    is_searchable = True
    search_fields = ["query"]
    default_ordering = "-total_searches"
    columns = [
        Column("query", label=_("Search"), sort_key="query"),
        Column("language", label=_("Language"), sort_key="language"),
        NumberColumn("total_searches", label=_("Searches"), sort_key="total_searches"),
        NumberColumn("total_zero", label=_("Found nothing"), sort_key="total_zero"),
        NumberColumn("hits", label=_("Results (last search)"), sort_key="hits"),
        Column("last_date", label=_("Last searched"), sort_key="last_date"),
    ]
    list_export = ["query", "language", "total_searches", "total_zero", "hits", "last_date"]
    export_headings = {
        "query": _("Search"),
        "language": _("Language"),
        "total_searches": _("Searches"),
        "total_zero": _("Found nothing"),
        "hits": _("Results (last search)"),
        "last_date": _("Last searched"),
    }

    def get_valid_orderings(self):
        orderings = []
        for key in ("query", "language", "total_searches", "total_zero", "hits", "last_date"):
            orderings += [key, f"-{key}"]
        return orderings

    def get_queryset(self):
        queryset = self.filter_queryset(SearchQueryLog.objects.all())
        queryset = self.search_queryset(queryset)
        queryset = (
            queryset.values("query", "language")
            .annotate(
                total_searches=Sum("searches"),
                total_zero=Sum("zero_result_searches"),
                hits=Max("last_hits"),
                last_date=Max("date"),
            )
            .order_by()
        )
        ordering = self.ordering
        return queryset.order_by(ordering, "query") if ordering else queryset

    def get_filterset_kwargs(self):
        kwargs = super().get_filterset_kwargs()
        kwargs["queryset"] = SearchQueryLog.objects.all()
        return kwargs

    def dispatch(self, request, *args, **kwargs):
        if not request.user.has_perm(REPORT_PERMISSION):
            return permission_denied(request)
        return super().dispatch(request, *args, **kwargs)
