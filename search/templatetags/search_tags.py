"""Template helpers of the search: where a query's words are inside a page or its file."""

from django import template

from ..greek import clean_query, query_terms
from ..highlight import snippet
from ..selectors import page_text

register = template.Library()


@register.simple_tag
def match_snippet(page, query):
    """About 240 characters of `page`'s description, body or file text around the first
    word matching `query`, the matches in <mark> (everything else escaped); "" when
    there is no query or no match."""
    terms = query_terms(clean_query(query or ""))
    if not terms:
        return ""
    return snippet(page_text(page), terms)
