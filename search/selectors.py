"""The site search: one query over the Page index, ranked, counted and cut into pages here.

Query count per search page, whatever the number and the kinds of results: the search itself
(what the public may see is a condition inside it, biopa.visibility), one for the candidates'
own dates (recency), one for the specific pages shown (every page model joined to Page), the
promotions, and the query log's write.
"""

from collections import Counter
from dataclasses import dataclass, field

from django.contrib.contenttypes.models import ContentType
from django.core.paginator import Paginator
from django.db import connection
from django.db.models import Q
from django.utils.html import strip_tags
from wagtail.contrib.search_promotions.models import SearchPromotion
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Page
from wagtail.rich_text import get_text_for_indexing
from wagtail.search.utils import parse_query_string

from biopa.visibility import public_pages_for_search

from . import registry
from .greek import clean_query, normalise, query_terms, script_language
from .highlight import highlight, snippet, word_matches

PER_PAGE = 10
MAX_CANDIDATES = 500  # ranked in Python; more hits than this are not listed
MIN_QUERY_LENGTH = 2  # characters of real terms
SUGGEST_LIMIT = 8
RELEVANCE_TOLERANCE = 0.25  # scores this close to the best of their group are "equal"


@dataclass
class SearchResult:
    page: object
    title: str
    url: str
    type: registry.ResultType
    date: object
    snippet: str
    snippet_lang: str = ""  # set when the snippet is in the other language than the page


@dataclass
class SearchOutcome:
    query: str  # the cleaned query, as shown back
    terms: list = field(default_factory=list)
    too_short: bool = False
    total: int = 0
    counts: list = field(default_factory=list)  # [(ResultType, count)] for the filter
    type_key: str = ""
    page_obj: object = None
    results: list = field(default_factory=list)
    promotions: list = field(default_factory=list)


def searchable_pages(locale):
    """The locale's pages that the public may see, as the search and suggest search them:
    both offer the same pages, and only pages the listings show."""
    return public_pages_for_search(Page.objects.filter(locale=locale))


def _date_of(page):
    name = registry.date_field_name(type(page))
    value = getattr(page, name, None) if name else None
    return value or page.first_published_at


def _candidate_dates(candidates):
    """Each candidate's own date (news date, event start, document date), read in one query
    across the page models; first publication otherwise."""
    dates = {page.pk: page.first_published_at for page in candidates}
    lookups = {}
    for page in candidates:
        model = page_model(page.content_type_id)
        name = registry.date_field_name(model) if model else None
        if name and model is not Page:
            lookups[page.content_type_id] = f"{lookup_from_page(model)}__{name}"
    if not lookups:
        return dates
    rows = Page.objects.filter(
        pk__in=[page.pk for page in candidates if page.content_type_id in lookups]
    ).values("pk", "content_type_id", *set(lookups.values()))
    for row in rows:
        value = row[lookups[row["content_type_id"]]]
        if value is not None:
            dates[row["pk"]] = value
    return dates


def lookup_from_page(model):
    """The ORM path from Page down to a page model's own row: "newspage__eventpage"."""
    names = []
    while model is not Page and model._meta.parents:
        names.append(model._meta.model_name)
        model = next(iter(model._meta.parents))
    return "__".join(reversed(names))


def page_model(content_type_id):
    return ContentType.objects.get_for_id(content_type_id).model_class()


def _rank(candidates, terms, dates):
    """Order the candidates as a visitor would expect.

    1. More query terms in the title first (a title match above a body match).
    2. Then the backend's relevance, where scores within RELEVANCE_TOLERANCE of the best of
       their group count as equal (PostgreSQL gives identical texts slightly different
       ranks, depending on when they were indexed) ...
    3. ... and among equals the newer item first (news date, event start, document date,
       else first publication).
    """
    rows = []
    for position, page in enumerate(candidates):
        title_words = normalise(page.title).split()
        title_hits = sum(
            1 for term in terms if any(word_matches(word, term) for word in title_words)
        )
        score = getattr(page, "_score", None)
        if score is None:
            score = float(len(candidates) - position)
        elif connection.vendor == "sqlite":
            score = -float(score)  # FTS5's bm25(): the lower, the better
        else:
            score = float(score)
        rows.append((title_hits, score, _timestamp(dates.get(page.pk)), position, page))

    rows.sort(key=lambda row: (-row[0], -row[1], row[3]))
    ranked, group = [], []

    def flush():
        group.sort(key=lambda row: (-row[2], -row[1], row[3]))
        ranked.extend(row[4] for row in group)
        group.clear()

    for row in rows:
        if group and (row[0] != group[0][0] or not _equal(row[1], group[0][1])):
            flush()
        group.append(row)
    flush()
    return ranked


def _equal(score, best):
    if best <= 0:
        return score == best
    return score >= best * (1 - RELEVANCE_TOLERANCE)


def _timestamp(value):
    if value is None:
        return 0.0
    if hasattr(value, "timestamp"):
        return value.timestamp()
    return float(value.toordinal() * 86400 - 62135596800)


def page_text(page):
    """The text a snippet is cut from: descriptions and introductions, the body, then the
    text of an attached file."""
    texts = []
    model = type(page)
    for name in registry.TEXT_FIELD_NAMES:
        try:
            model_field = model._meta.get_field(name)
        except Exception:  # noqa: BLE001, S112 - not every page has every field
            continue
        value = getattr(page, name, None)
        if not value:
            continue
        if isinstance(model_field, StreamField):
            texts.append(" ".join(str(s) for s in model_field.get_searchable_content(value)))
        elif isinstance(model_field, RichTextField):
            texts.append(get_text_for_indexing(str(value)))
        else:
            texts.append(str(value))
    for name in registry.related_text_fields(model):
        related = getattr(page, name, None)
        text = getattr(related, registry.RELATED_TEXT_FIELD, "") if related else ""
        if text:
            texts.append(text)
    return texts


def _specific_pages(shown):
    """The specific pages of one page of results, with their files, in one query: every
    page model's row joined to Page (Django fills a child model from its parent's row)."""
    lookups = {}
    for page in shown:
        model = page_model(page.content_type_id) or Page
        lookups[page.content_type_id] = lookup_from_page(model)
    related = set()
    for content_type_id, lookup in lookups.items():
        if lookup:
            related.add(lookup)
            model = page_model(content_type_id)
            related.update(f"{lookup}__{name}" for name in registry.related_text_fields(model))
    pages = {}
    for row in Page.objects.filter(pk__in=[page.pk for page in shown]).select_related(*related):
        page = row
        for name in filter(None, lookups[row.content_type_id].split("__")):
            page = getattr(page, name)
        pages[row.pk] = page
    return pages


def promotions_for(query, pages, request):
    """Editors' promoted results for this query: pages among `pages` (the live, public
    pages of the locale) and external links. The query is compared in normalised form."""
    wanted = normalise(query.replace('"', " "))
    if not wanted:
        return []
    promotions = (
        SearchPromotion.objects.filter(Q(page__isnull=True) | Q(page__in=pages.values("pk")))
        .select_related("query", "page")
        .order_by("sort_order", "pk")
    )
    found = []
    for promotion in promotions:
        if normalise(promotion.query.query_string) != wanted:
            continue
        if promotion.page is not None:
            url = promotion.page.get_url(request)
            result_type = registry.type_for_content_type_id(promotion.page.content_type_id)
            title = promotion.page.title
        else:
            url = promotion.external_link_url
            result_type = None
            title = promotion.external_link_text or promotion.external_link_url
        found.append(
            {
                "title": title,
                "url": url,
                "type": result_type,
                "description": promotion.description,
            }
        )
    return found


def search_site(*, raw_query, locale, type_key="", page_number=1, request=None):
    query = clean_query(raw_query or "")
    terms = query_terms(query)
    outcome = SearchOutcome(query=query, terms=terms)
    if sum(len(term) for term in terms) < MIN_QUERY_LENGTH:
        outcome.too_short = True
        return outcome

    _filters, parsed = parse_query_string(query)
    pages = searchable_pages(locale)
    results = pages.search(parsed).annotate_score("_score")
    candidates = list(results[:MAX_CANDIDATES])
    ranked = _rank(candidates, terms, _candidate_dates(candidates))

    types = {page.pk: registry.type_for_content_type_id(page.content_type_id) for page in ranked}
    counter = Counter(t.key for t in types.values())
    outcome.total = len(ranked)
    outcome.counts = [
        (result_type, counter[key])
        for key, result_type in registry.RESULT_TYPES.items()
        if counter[key]
    ]
    if type_key in registry.RESULT_TYPES:
        outcome.type_key = type_key
        ranked = [page for page in ranked if types[page.pk].key == type_key]

    outcome.page_obj = Paginator(ranked, PER_PAGE).get_page(page_number)
    shown = list(outcome.page_obj.object_list)
    specific = _specific_pages(shown)
    for page in shown:
        page = specific.get(page.pk, page)
        text = snippet(page_text(page), terms)
        lang = script_language(strip_tags(text), locale.language_code)
        outcome.results.append(
            SearchResult(
                page=page,
                title=highlight(page.title, terms),
                url=page.get_url(request),
                type=types[page.pk],
                date=_date_of(page),
                snippet=text,
                snippet_lang=lang if lang != locale.language_code else "",
            )
        )
    if outcome.page_obj.number == 1 and not outcome.type_key:
        outcome.promotions = promotions_for(query, pages, request)
    return outcome


def suggest(*, raw_query, locale, request=None):
    """At most SUGGEST_LIMIT pages whose title starts like the words typed."""
    query = clean_query(raw_query or "").replace('"', " ")
    terms = query_terms(query, keep_last=True)
    if sum(len(term) for term in terms) < MIN_QUERY_LENGTH:
        return []
    pages = searchable_pages(locale).autocomplete(query)[:SUGGEST_LIMIT]
    return [
        {
            "title": page.title,
            "url": page.get_url(request),
            "type": result_type.key,
            "type_label": str(result_type.label),
        }
        for page in pages
        if (result_type := registry.type_for_content_type_id(page.content_type_id))
    ]
