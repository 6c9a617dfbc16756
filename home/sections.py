"""The home page's sections (latest news, next events, latest documents), rendered once per
content version, site and language rather than once per request (biopa.cache.fragment):
every visitor, signed in or not, gets the same HTML, which holds nothing of theirs.

The HTML is kept until the first moment time alone changes it at the latest: a shown item
expiring, a shown event ending (it leaves "Upcoming events")."""

from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.safestring import mark_safe
from django.utils.translation import get_language

from biopa.cache import fragment, kept_until

TEMPLATE = "home/includes/home_sections.html"


def home_sections(page, request):
    """The sections' HTML for the home page `page`."""
    return mark_safe(  # noqa: S308 - rendered by the template engine, escaped there
        fragment(
            "home-sections",
            lambda: build(page, request),
            request=request,
            parts=(request.get_host(), page.locale_id, get_language()),
        )
    )


def build(page, request, now=None):
    from documents import selectors as documents
    from news import selectors as news

    now = now or timezone.now()
    context = {
        "news": news.news_latest(locale=page.locale_id, limit=3),
        "events": news.events_upcoming(locale=page.locale_id, limit=3, now=now),
        "documents": documents.latest_documents(locale=page.locale_id, limit=5),
        "request": request,
    }
    changes = [
        moment
        for item in (*context["news"], *context["events"], *context["documents"])
        for moment in (item.expire_at, getattr(item, "end", None))
        if moment is not None
    ]
    html = render_to_string(TEMPLATE, context)
    return kept_until(html, changes, now=now)
