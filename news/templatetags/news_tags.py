from django import template

from news import selectors

register = template.Library()


@register.inclusion_tag("news/includes/home_sections_content.html", takes_context=True)
def home_news_sections(context):
    """The home page's latest three news items and next three events of its locale: two
    queries, whatever the amount of content."""
    page = context.get("page")
    locale_id = getattr(page, "locale_id", None)
    if locale_id is None:
        return {"news": [], "events": [], "request": context.get("request")}
    index = None
    return {
        "news": selectors.news_latest(locale=locale_id, limit=3),
        "events": selectors.events_upcoming(locale=locale_id, limit=3),
        "index": index,
        "request": context.get("request"),
    }


@register.filter
def json_ld_safe(value):
    from django.utils.safestring import mark_safe

    return mark_safe(value)  # noqa: S308 - selectors.safe_json escaped <, > and &
