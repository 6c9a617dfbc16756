"""Page serving's share of the visibility rule (biopa.visibility).

Wagtail refuses a page under a view restriction, and an alias whose source itself carries
one, but not an alias whose source sits under a restricted ancestor or is no longer
published, and it serves a live page past its expiry time until the scheduler's next run.
"""

from django.db.models import Exists, OuterRef
from django.http import Http404
from wagtail import hooks
from wagtail.models import Page, PageViewRestriction

from . import visibility


@hooks.register("before_serve_page")
def refuse_expired_pages_and_aliases_of_private_pages(page, request, serve_args, serve_kwargs):
    """404 for an expired page; for an alias whose source the public may not see, 404
    unless the request passes every restriction on the source and above it. No query for
    a page that is not an alias."""
    if visibility.is_expired(page):
        raise Http404
    if page.alias_of_id is None or visibility.page_is_public(page):
        return None
    source = Page.objects.filter(pk=page.alias_of_id).only("live", "expire_at", "path").first()
    if source is None or not source.live or visibility.is_expired(source):
        raise Http404
    covering = PageViewRestriction.objects.filter(
        Exists(Page.objects.filter(pk=source.pk, path__startswith=OuterRef("page__path")))
    )
    if not all(restriction.accept_request(request) for restriction in covering):
        raise Http404
    return None
