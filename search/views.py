from django.http import JsonResponse
from django.template.response import TemplateResponse
from django.utils.cache import patch_cache_control
from django.utils.translation import get_language
from django.views.decorators.http import require_GET

from home import routing
from home.selectors import request_locale

from . import registry, selectors
from .greek import normalise
from .models import SearchQueryLog


def _param(request, name, max_length=50):
    value = request.GET.get(name, "")
    return value[:max_length] if isinstance(value, str) else ""


@require_GET
def search(request):
    """/<lang>/search/?q=&type=&page=&exact=: the site search (never indexed by search
    engines). `exact=1`: no second pass by the sound of the words."""
    # The site and its home pages in the one query page routing uses, for the chrome.
    routing.prime_route(request, "")
    locale = request_locale(request)
    page_number = _param(request, "page", 20) or 1
    type_key = _param(request, "type")
    if type_key not in registry.RESULT_TYPES:
        type_key = ""
    outcome = selectors.search_site(
        raw_query=request.GET.get("q", ""),
        locale=locale,
        type_key=type_key,
        page_number=page_number,
        request=request,
        exact=_param(request, "exact", 1) == "1",
    )
    first_view = not outcome.too_short and outcome.page_obj.number == 1 and not type_key
    if first_view and "page" not in request.GET:
        SearchQueryLog.record(
            query=normalise(outcome.query.replace('"', " ")),
            language=get_language() or locale.language_code,
            hits=outcome.total,
        )
    response = TemplateResponse(
        request,
        "search/search.html",
        {
            "search_query": outcome.query,
            "outcome": outcome,
            "result_types": registry.RESULT_TYPES,
            "min_query_length": selectors.MIN_QUERY_LENGTH,
            "count_limit": selectors.COUNT_LIMIT,
        },
    )
    response["X-Robots-Tag"] = "noindex"
    # Every search is counted in the query log: keep it out of shared caches.
    patch_cache_control(response, private=True, no_cache=True)
    return response


@require_GET
def suggest(request):
    """/<lang>/search/suggest/?q=: up to 8 pages for the header's search box, as JSON."""
    # The site and its home pages (the locale) as page routing keeps them: no query.
    routing.prime_route(request, "")
    results = selectors.suggest(
        raw_query=request.GET.get("q", ""), locale=request_locale(request), request=request
    )
    response = JsonResponse({"results": results})
    response["X-Robots-Tag"] = "noindex"
    response["Cache-Control"] = "private, max-age=60"
    return response
