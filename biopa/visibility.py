"""What the public may see: the one rule, for pages, library entries, documents and images.

Every public surface (page serving, menu, breadcrumbs, home sections, listings, library,
search, suggest, feeds, calendars, sitemap, the API, the language switcher and hreflang)
asks this module, and nothing else, whether something is public. The rule:

- A page is public when it is live, not past its expiry time (the scheduler unpublishes an
  expired page only on its next run), and no view restriction (login, password or group)
  sits on it or on any of its ancestors, the tree root included.
- An alias is public only when its source is public as well: Wagtail checks an alias's
  own restrictions only, yet an alias shows its source's content.
- A library entry (documents.DocumentPage) is public only when its file's collection, and
  every collection above it, carries no view restriction.
- A document or an image is public when its collection is (Wagtail cannot hide an image's
  files: see README, "Files").

The filters are conditions inside the one query a surface already runs (`Exists`
subqueries), so applying the rule costs no query of its own, unlike
`PageQuerySet.public()`, which first lists every restriction.
"""

from django.db.models import Exists, Min, OuterRef, Q
from django.db.models.functions import Length, Substr
from django.utils import timezone
from wagtail.models import (
    Collection,
    CollectionViewRestriction,
    Page,
    PageViewRestriction,
)

from .cache import fragment, kept_until
from .statements import Statement, among_ids


def _restricted_at_or_above(path_ref):
    """View restrictions on the page whose tree path is `path_ref`, or on any ancestor: a
    restriction covers its page's subtree, and an ancestor's path is a prefix of the
    page's path."""
    return PageViewRestriction.objects.filter(page__path=Substr(path_ref, 1, Length("page__path")))


def _published(now, prefix=""):
    return Q(**{f"{prefix}live": True}) & (
        Q(**{f"{prefix}expire_at__isnull": True}) | Q(**{f"{prefix}expire_at__gt": now})
    )


def public_page_q(*, now=None):
    """The rule as a condition on any page queryset (Page or a specific page model)."""
    now = now or timezone.now()
    source_public = Page.objects.filter(_published(now), pk=OuterRef("alias_of_id")).exclude(
        Exists(_restricted_at_or_above(OuterRef("path")))
    )
    return (
        _published(now)
        & ~Exists(_restricted_at_or_above(OuterRef("path")))
        & (Q(alias_of__isnull=True) | Exists(source_public))
    )


def restricted_collections():
    """Collections with a view restriction on themselves or on a collection above them, as
    a subquery of primary keys (no query of its own)."""
    covering = CollectionViewRestriction.objects.filter(
        collection__path=Substr(OuterRef("path"), 1, Length("collection__path"))
    )
    return Collection.objects.filter(Exists(covering)).values("pk")


def _library_entry_model():
    from documents.models import DocumentPage

    return DocumentPage


def private_file_q():
    """Library entries (as DocumentPage rows) whose file is in a restricted collection."""
    return Q(document__collection__in=restricted_collections())


def public_pages(queryset=None, *, now=None):
    """`queryset` (all pages when None) narrowed to what the public may see; still lazy.

    On a queryset of library entries the file's collection is checked on the entry's own
    row; on a queryset of Page (or any model above DocumentPage) through a subquery, since
    library entries may be among its rows."""
    if queryset is None:
        queryset = Page.objects.all()
    queryset = queryset.filter(public_page_q(now=now))
    entry_model = _library_entry_model()
    model = queryset.model
    if issubclass(model, entry_model):
        return queryset.exclude(private_file_q())
    if issubclass(entry_model, model):
        private_entries = entry_model.objects.filter(private_file_q()).values("pk")
        return queryset.exclude(pk__in=private_entries)
    return queryset


_PUBLIC_ROWS = {}


def public_page_rows(ids, fields=("pk",), *, now=None):
    """`fields` (values_list names) of the pages among `ids` that the public may see: the
    rule of `public_pages`, for a search's few hundred candidates. One query, whose SQL the
    ORM writes once per process (biopa.statements: building the rule's subqueries costs
    more than running them); the ids go in as one parameter."""
    ids = list(ids)
    if not ids:
        return []
    fields = tuple(fields)
    statement = _PUBLIC_ROWS.get(fields)
    if statement is None:

        def build(markers):
            pages = among_ids(Page.objects.all(), markers)
            rows = public_pages(pages, now=markers.moment("now")).values_list(*fields)
            return rows.order_by()  # no ORDER BY path: a set of rows

        statement = _PUBLIC_ROWS.setdefault(fields, Statement(build))
    return statement.run(ids=ids, now=now or timezone.now())


MEMO_LIMIT = 50_000  # pages whose visibility one process keeps per content version


def public_values(ids, fields=(), *, request=None):
    """{id: (the values of `fields`)} for the pages among `ids` that the public may see
    (`public_page_rows`); `fields` are values_list names, such as a page model's own date.

    With a request, what was found is kept in this process as a fragment of the request's
    content version (biopa.cache: every change that can make a page public or not, or change
    its fields, writes a new one), never past the next expiry of a live page: the search asks
    about the same newest pages search after search. Without a request the database is asked
    every time."""
    ids = list(ids)
    fields = tuple(fields)
    if request is None:
        return {row[0]: row[1:] for row in public_page_rows(ids, ("pk", *fields))}
    # {page id: its values, or None when not public}, filled in as pages are asked about:
    # the one value of this fragment that its callers change, so it is kept in this process
    # only.
    known = fragment(
        "public-page-values",
        lambda: kept_until({}, [next_expiry()]),
        request=request,
        parts=fields,
        shared=False,
    )
    # Each id read once from the memo: another thread may empty it meanwhile (MEMO_LIMIT).
    values = {pk: known.get(pk, _UNKNOWN) for pk in ids}
    unknown = [pk for pk, value in values.items() if value is _UNKNOWN]
    if unknown:
        found = {row[0]: row[1:] for row in public_page_rows(unknown, ("pk", *fields))}
        fresh = {pk: found.get(pk) for pk in unknown}
        if len(known) + len(unknown) > MEMO_LIMIT:
            known.clear()
        known.update(fresh)
        values.update(fresh)
    return {pk: value for pk, value in values.items() if value is not None}


_UNKNOWN = object()


def public_pages_for_search(queryset=None, *, now=None):
    """`public_pages(queryset)` in the one shape the search backends accept.

    modelsearch checks every condition of a searched queryset against the model's
    FilterFields and refuses an `Exists`, so the rule goes in as `pk IN (subquery)` (the
    primary key is a FilterField of every page model): still one query, and search,
    suggest and the API's `?search=` filter exactly the pages the listings show."""
    if queryset is None:
        queryset = Page.objects.all()
    return queryset.model.objects.filter(pk__in=public_pages(queryset, now=now).values("pk"))


def page_is_public(page, *, now=None):
    """Whether the public may see `page` (one query)."""
    if page is None or page.pk is None:
        return False
    return public_pages(type(page).objects.filter(pk=page.pk), now=now).exists()


def public_documents(queryset=None):
    """Documents (files) in no restricted collection."""
    if queryset is None:
        from wagtail.documents import get_document_model

        queryset = get_document_model().objects.all()
    return queryset.exclude(collection__in=restricted_collections())


def public_images(queryset=None):
    """Images in no restricted collection."""
    if queryset is None:
        from wagtail.images import get_image_model

        queryset = get_image_model().objects.all()
    return queryset.exclude(collection__in=restricted_collections())


def next_expiry(pages=None, *, now=None):
    """When the next live page among `pages` (all pages when None) passes its expiry time
    and so stops being public, before any publish announces it; None when none will. One
    query: what is kept per content version is kept no longer than that."""
    now = now or timezone.now()
    if pages is None:
        pages = Page.objects.all()
    return pages.filter(live=True, expire_at__gt=now).aggregate(next=Min("expire_at"))["next"]


def is_expired(page, *, now=None):
    """A live page past its expiry time, which the scheduler has not unpublished yet."""
    return page.expire_at is not None and page.expire_at <= (now or timezone.now())
