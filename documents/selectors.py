"""Reads of the document library shared by its pages, the home page, the document list
block and the sitemap. Which library entries the public may see (live, public pages whose
file is in no restricted collection) is biopa.visibility's to decide."""

from biopa import visibility

from .models import DocumentCategory, DocumentPage

# The most documents a library search looks at, so that a query for a common word
# stays cheap; the library is ordered by date, not relevance, anyway.
MAX_SEARCH_RESULTS = 500


def restricted_collections():
    """Collections with a view restriction on themselves or above them, as a subquery."""
    return visibility.restricted_collections()


def restricted_document_pages():
    """Library entries whose file is in a restricted collection, as a subquery."""
    return DocumentPage.objects.filter(visibility.private_file_q()).values("pk")


def public_document_pages(*, locale=None):
    """Library entries (of one locale) that the public may see, newest first, with their
    file, category and locale; a lazy queryset (no query until evaluated)."""
    pages = DocumentPage.objects.all()
    if locale is not None:
        pages = pages.filter(locale=locale)
    return (
        visibility.public_pages(pages)
        .select_related("document", "category", "locale")
        .order_by("-document_date", "-pk")
    )


def latest_documents(*, locale, limit=5):
    return list(public_document_pages(locale=locale)[:limit])


def library_documents(*, index, category=None, year=None, query=""):
    """The library's entries under `index`, filtered; `query` runs the site's search
    backend over titles, descriptions and the text inside the files."""
    pages = public_document_pages(locale=index.locale_id).descendant_of(index)
    if category is not None:
        pages = pages.filter(category__slug=category)
    if year is not None:
        pages = pages.filter(document_date__year=year)
    if query:
        found = visibility.public_pages_for_search(
            DocumentPage.objects.filter(locale=index.locale_id)
        ).search(query, operator="and")[:MAX_SEARCH_RESULTS]
        pages = pages.filter(pk__in=[page.pk for page in found])
    return pages


def library_categories(*, locale):
    return list(DocumentCategory.objects.filter(locale=locale).order_by("name"))


def library_years(*, index):
    """The years that have documents in the library, newest first."""
    dates = (
        public_document_pages(locale=index.locale)
        .descendant_of(index)
        .dates("document_date", "year", order="DESC")
    )
    return [day.year for day in dates]


def visible_document_pages(pages, *, locale_id):
    """`pages` (library entries chosen in a block, in any locale) in the locale where they
    are translated, in the chosen order, without those the public may not see; one query."""
    keys = [page.translation_key for page in pages]
    versions = {}
    for page in public_document_pages().filter(translation_key__in=keys):
        versions.setdefault(page.translation_key, {})[page.locale_id] = page
    visible = []
    for chosen in pages:
        found = versions.get(chosen.translation_key, {})
        page = found.get(locale_id) or found.get(chosen.locale_id)
        if page is not None and page not in visible:
            visible.append(page)
    return visible
