from django import template

from documents import selectors
from home.selectors import active_locale

register = template.Library()


def _locale_id(context):
    """The locale of the page being shown (no query), else of the active language."""
    page = context.get("page")
    if getattr(page, "locale_id", None):
        return page.locale_id
    return active_locale().pk


@register.simple_tag(takes_context=True)
def visible_documents(context, pages):
    """The documents chosen in a block, in the page's language, public ones only."""
    return selectors.visible_document_pages(list(pages), locale_id=_locale_id(context))
