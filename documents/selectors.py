"""Reads of the document library shared by its pages, the home page, the document list
block and the sitemap. Which library entries the public may see (live, public pages whose
file is in no restricted collection) is biopa.visibility's to decide.

The library index repeats, for every visitor, the same selections: which entries a filter
(category, year, words) finds and in what order, the years and categories of its filter
form. Those are kept per content version (biopa.cache.fragment: any public change, a
document or collection included, starts a new one), until the first expiry among the
entries they name; a request then reads only the twenty rows it shows, by primary key,
with the columns it shows (never the text extracted from the files)."""

import hashlib
import os
from functools import lru_cache
from urllib.parse import quote

from django.conf import settings
from django.db.models import Min, Q
from django.db.models.functions import ExtractYear
from django.template.defaultfilters import filesizeformat
from django.urls import reverse
from django.utils import dateformat, timezone
from django.utils.translation import get_language, override
from wagtail.models import Locale

from biopa import visibility
from biopa.cache import fragment, kept_until
from biopa.statements import Statement, among_ids

from .models import TYPE_LABELS, CustomDocument, DocumentCategory, DocumentPage, FileLanguage

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
    file (without the text read from it), category and locale; a lazy queryset (no query
    until evaluated)."""
    pages = DocumentPage.objects.all()
    if locale is not None:
        pages = pages.filter(locale=locale)
    return (
        visibility.public_pages(pages)
        .select_related("document", "category", "locale")
        .defer("document__extracted_text")
        .order_by("-document_date", "-pk")
    )


def latest_documents(*, locale, limit=5):
    return list(public_document_pages(locale=locale)[:limit])


def _entries_under(index, *, now, category=None, year=None):
    """The public entries under `index` with these filters, unordered; lazy."""
    pages = visibility.public_pages(
        DocumentPage.objects.filter(locale=index.locale_id), now=now
    ).descendant_of(index)
    if category is not None:
        pages = pages.filter(category__slug=category)
    if year is not None:
        pages = pages.filter(document_date__year=year)
    return pages


def library_selection(*, index, request, category=None, year=None, query=""):
    """The primary keys of the entries the library shows for these filters, in the order it
    shows them (newest first), computed once per content version; `query` runs the site's
    search backend over titles, descriptions and the text inside the files (the first
    MAX_SEARCH_RESULTS it finds)."""

    def build():
        now = timezone.now()
        pages = _entries_under(index, now=now, category=category, year=year)
        if query:
            found = visibility.public_pages_for_search(
                DocumentPage.objects.filter(locale=index.locale_id), now=now
            ).search(query, operator="and")[:MAX_SEARCH_RESULTS]
            pages = pages.filter(pk__in=[page.pk for page in found])
        rows = list(pages.order_by("-document_date", "-pk").values_list("pk", "expire_at"))
        return kept_until(tuple(pk for pk, _ in rows), [at for _, at in rows], now=now)

    words = hashlib.sha256(query.encode("utf-8", "surrogatepass")).hexdigest() if query else ""
    return fragment(
        "library-selection",
        build,
        request=request,
        parts=(index.pk, index.locale_id, category or "", year or "", words),
    )


def library_facets(*, index, request):
    """What the library's filter form offers, the same for every filter: the categories of
    the index's language (slug and name) and the years that have public entries under it,
    newest first; with the language code of the index."""

    def build():
        now = timezone.now()
        rows = list(
            _entries_under(index, now=now)
            .annotate(year=ExtractYear("document_date"))
            .values("year")
            .annotate(next_expiry=Min("expire_at", filter=Q(expire_at__gt=now)))
            .order_by("-year")
        )
        categories = list(
            DocumentCategory.objects.filter(locale=index.locale_id)
            .order_by("name")
            .values("slug", "name")
        )
        language = Locale.objects.filter(pk=index.locale_id).values_list("language_code", flat=True)
        facets = {
            "years": [row["year"] for row in rows],
            "categories": categories,
            "language": language.first(),
        }
        return kept_until(facets, [row["next_expiry"] for row in rows], now=now)

    return fragment("library-facets", build, request=request, parts=(index.pk, index.locale_id))


def library_categories(*, locale):
    return list(DocumentCategory.objects.filter(locale=locale).order_by("name"))


def library_years(*, index):
    """The years that have documents in the library, newest first."""
    dates = _entries_under(index, now=timezone.now()).dates("document_date", "year", order="DESC")
    return [day.year for day in dates]


ROW_FIELDS = (
    "pk",
    "title",
    "url_path",
    "document_date",
    "description",
    "category__name",
    "document_id",
    "document__file",
    "document__file_size",
    "document__language",
)


# What the search snippet of a row is cut from (search.selectors.page_text).
SNIPPET_FIELDS = ("search_description", "document__extracted_text")


class LibraryRow:
    """One entry as the library lists it: what the row shows and nothing else."""

    __slots__ = (
        "pk",
        "title",
        "url",
        "document_date",
        "date_text",
        "description",
        "category_name",
        "type_label",
        "size_text",
        "download_url",
        "other_language",
        "searchable",
    )


def library_rows(pks, *, index_url, index_path, language, query=""):
    """The rows of the entries `pks` (one page of the library), in that order, in one
    query. An entry's address is the index's followed by the rest of its tree path, as
    Wagtail builds it (`Page.get_url_parts`), without a reverse() per row. With a `query`,
    each row carries a page holding its description and file text (`searchable`) for the
    search snippet, and that text is read too."""
    if not pks:
        return []
    fields = (*ROW_FIELDS, *SNIPPET_FIELDS) if query else ROW_FIELDS
    found = {row[0]: dict(zip(fields, row, strict=True)) for row in _rows(fields).run(ids=pks)}
    base = index_url if index_url.endswith("/") else index_url + "/"
    shown_in = get_language()
    download_url = _download_urls()
    rows = []
    for pk in pks:
        data = found.get(pk)
        if data is None:
            continue  # deleted since the selection was kept (its version is being replaced)
        row = LibraryRow()
        row.pk = pk
        row.title = data["title"]
        rest = quote(data["url_path"][len(index_path) :], safe=_REVERSE_SAFE)
        row.url = base + (rest if index_url.endswith("/") else rest.rstrip("/"))
        row.document_date = data["document_date"]
        row.date_text = date_text(data["document_date"], shown_in)
        row.description = data["description"]
        row.category_name = data["category__name"]
        filename = os.path.basename(data["document__file"] or "")
        extension = os.path.splitext(filename)[1][1:].lower()
        row.type_label = TYPE_LABELS.get(extension, extension.upper())
        size = data["document__file_size"]
        if size is None:
            size = CustomDocument.objects.get(pk=data["document_id"]).get_file_size()
        row.size_text = size_text(size, shown_in)
        row.download_url = download_url(data["document_id"], data["document__file"], filename)
        file_language = data["document__language"]
        row.other_language = (
            None if file_language in (FileLanguage.BOTH, language) else file_language
        )
        row.searchable = _searchable(data) if query else None
        rows.append(row)
    return rows


_ROWS = {}


def _rows(fields):
    """The query of `library_rows` for `fields` (ROW_FIELDS, with or without
    SNIPPET_FIELDS), written to SQL once per process (biopa.statements: the ORM built the
    joins to the file and the category every time); the ids go in as one parameter."""
    if fields not in _ROWS:

        def build(markers):
            entries = among_ids(DocumentPage.objects.all(), markers)
            return entries.order_by().values_list(*fields)

        _ROWS[fields] = Statement(build)
    return _ROWS[fields]


def _searchable(data):
    """An entry holding only what its search snippet is cut from: built as from the
    database (`from_db`), so that no default is worked out (a file's default collection
    is a query)."""
    document = CustomDocument.from_db(
        None, ["id", "extracted_text"], [data["document_id"], data["document__extracted_text"]]
    )
    page = DocumentPage.from_db(
        None,
        ["id", "page_ptr_id", "title", "search_description", "description"],
        [data["pk"], data["pk"], data["title"], data["search_description"], data["description"]],
    )
    page._state.fields_cache["document"] = document
    return page


def _download_urls():
    """A function giving `CustomDocument.url` without the instance: Wagtail's serve view
    (which checks the collection's privacy), its address reversed once per page of rows
    and filled in as Django's reverse() would (the file name quoted); the storage's own
    address with the "direct" method."""
    if getattr(settings, "WAGTAILDOCS_SERVE_METHOD", None) == "direct":
        return lambda document_id, name, filename: CustomDocument(pk=document_id, file=name).url
    prefix = reverse("wagtaildocs_serve", args=[0, "f"])[: -len("0/f")]

    def url(document_id, name, filename):
        return f"{prefix}{int(document_id)}/{quote(filename, safe=_REVERSE_SAFE)}"

    return url


# What Django's reverse() leaves unquoted in a path (django.urls.resolvers).
_REVERSE_SAFE = "!$&'()*+,;=/~:@"


@lru_cache(maxsize=4096)
def date_text(day, language):
    """`day` as the `date:"j E Y"` filter writes it in `language` (the month's name in the
    genitive), kept: a page of the library or of search results repeats the same dates."""
    with override(language):
        return dateformat.format(day, "j E Y")


@lru_cache(maxsize=4096)
def size_text(size, language):
    """`size|filesizeformat` in `language`, kept."""
    with override(language):
        return filesizeformat(size)


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
