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
from django.db.models import Q
from django.utils.html import strip_tags
from wagtail.contrib.search_promotions.models import SearchPromotion
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Page
from wagtail.rich_text import get_text_for_indexing

from biopa.visibility import public_pages

from . import engine, registry
from .greek import clean_query, normalise, query_terms, script_language
from .highlight import highlight, snippet, word_matches
from .tokens import phonetic_key, phonetic_variants, query_words, stems_match, words

PER_PAGE = 10
MAX_CANDIDATES = 300  # the most hits ranked (a cheap first pass in the database picks them)
COUNT_LIMIT = 1000  # counts per type are exact up to this, then shown as "1.000+"
FEW_RESULTS = 3  # fewer exact hits than this: a second pass by sound
MIN_QUERY_LENGTH = 2  # characters of real terms
SUGGEST_LIMIT = 8
SUGGEST_CANDIDATES = 50  # titles looked at (first found), the best SUGGEST_LIMIT offered
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
    counts_capped: bool = False  # some count reached COUNT_LIMIT
    mode: str = "exact"  # "exact", "prefix" (the last word as typed so far) or "phonetic"
    corrected: str = ""  # phonetic: the query as the results spell it
    exact: bool = False  # the visitor asked for exactly what was typed


def searchable_pages(locale):
    """The locale's pages that the public may see, as the search and suggest search them:
    both offer the same pages, and only pages the listings show."""
    return public_pages(Page.objects.filter(locale=locale))


def _date_of(page):
    name = registry.date_field_name(type(page))
    value = getattr(page, name, None) if name else None
    return value or page.first_published_at


@dataclass
class Candidate:
    """A matching page as the ranking sees it (a row, not a model instance)."""

    pk: int
    title: str
    content_type_id: int
    _score: float
    date: object


def _date_lookups():
    """{content type id: the ORM path from Page to that page model's own date}."""
    lookups = {}
    for content_type_id in engine.page_content_type_ids():
        model = page_model(content_type_id)
        name = registry.date_field_name(model) if model else None
        if name and model is not Page:
            lookups[content_type_id] = f"{lookup_from_page(model)}__{name}"
    return lookups


def lookup_from_page(model):
    """The ORM path from Page down to a page model's own row: "newspage__eventpage"."""
    names = []
    while model is not Page and model._meta.parents:
        names.append(model._meta.model_name)
        model = next(iter(model._meta.parents))
    return "__".join(reversed(names))


def page_model(content_type_id):
    return ContentType.objects.get_for_id(content_type_id).model_class()


def _rank(candidates, terms):
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
        title_words = words(normalise(page.title))
        title_hits = sum(
            1
            for term in terms
            if any(stems_match(word, term) or word_matches(word, term) for word in title_words)
        )
        score = getattr(page, "_score", None)
        score = float(len(candidates) - position) if score is None else float(score)
        rows.append((title_hits, score, _timestamp(page.date), position, page))

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
    for name in registry.text_field_names(model):
        model_field = model._meta.get_field(name)
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
    # The promotions table is small: match the query in Python first, so that a search
    # with no promotion (nearly all) runs no visibility check for them.
    matching = [
        promotion.pk
        for promotion in SearchPromotion.objects.select_related("query").only(
            "pk", "query__query_string"
        )
        if normalise(promotion.query.query_string) == wanted
    ]
    if not matching:
        return []
    promotions = (
        SearchPromotion.objects.filter(pk__in=matching)
        .filter(Q(page__isnull=True) | Q(page__in=pages.values("pk")))
        .select_related("query", "page")
        .order_by("sort_order", "pk")
    )
    found = []
    for promotion in promotions:
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


def _candidates(pages, groups, column="body", content_types=None, limit=MAX_CANDIDATES):
    """At most `limit` pages among `pages` whose index entry matches `groups`, with the
    index's relevance and their own date, in one query: a bounded set, whatever the
    number of matches (the database stops at the first `limit` it finds)."""
    if not groups:
        return []
    found = engine.matching(pages, groups, column)
    if content_types is not None:
        found = found.filter(content_type_id__in=content_types)
    lookups = _date_lookups()
    rows = found.values(
        "pk", "title", "content_type_id", "first_published_at", "_score", *set(lookups.values())
    )[:limit]
    return [
        Candidate(
            pk=row["pk"],
            title=row["title"],
            content_type_id=row["content_type_id"],
            _score=row["_score"],
            date=row.get(lookups.get(row["content_type_id"])) or row["first_published_at"],
        )
        for row in rows
    ]


def _type_content_types():
    """{result type key: [content type ids of the page models of that type]}."""
    by_type = {}
    for content_type_id in engine.page_content_type_ids():
        by_type.setdefault(registry.type_for_content_type_id(content_type_id).key, []).append(
            content_type_id
        )
    return by_type


def _bounded_counts(pages, groups, column):
    """{type key: matches of that type} among the first COUNT_LIMIT + 1 matches: exact
    when the total is at most COUNT_LIMIT (one query, bounded)."""
    rows = engine.matching(pages, groups, column, score=False).values_list(
        "content_type_id", flat=True
    )[: COUNT_LIMIT + 1]
    counts = Counter()
    for content_type_id, count in Counter(rows).items():
        counts[registry.type_for_content_type_id(content_type_id).key] += count
    return counts


def _corrected(query, pages):
    """The query's words as the found pages spell them (the first title or text word with
    the same sound), for "Results for «…»"."""
    known = {}
    for page in pages:
        for text in [page.title, *page_text(page)]:
            for word in words(normalise(text[:20_000])):
                known.setdefault(phonetic_key(word), word)
    out = []
    for word in query_words(query.replace('"', " ")):
        keys = phonetic_variants(word)
        out.append(next((known[key] for key in keys if key in known), word))
    return " ".join(out)


def search_site(*, raw_query, locale, type_key="", page_number=1, request=None, exact=False):
    """The results page: exact matches (stems); when they are none, the last word as a
    prefix, as suggest reads it; when they are few, more by the sound of the words."""
    query = clean_query(raw_query or "")
    terms = query_terms(query)
    outcome = SearchOutcome(query=query, terms=terms, exact=bool(exact))
    if sum(len(term) for term in terms) < MIN_QUERY_LENGTH:
        outcome.too_short = True
        return outcome

    pages = searchable_pages(locale)
    by_type = _type_content_types()
    type_cts = by_type.get(type_key) if type_key in registry.RESULT_TYPES else None
    if type_cts is not None:
        outcome.type_key = type_key
    groups, column = engine.exact_groups(query), "body"
    candidates = _candidates(pages, groups, column, type_cts)
    if not candidates and type_cts is None:
        prefix = engine.prefix_groups(query)
        candidates = _candidates(pages, prefix, "autocomplete", type_cts)
        if candidates:
            groups, column, outcome.mode = prefix, "autocomplete", "prefix"
    ranked = _rank(candidates, terms)
    if len(ranked) < FEW_RESULTS and not exact and type_cts is None and '"' not in query:
        sound = engine.phonetic_groups(query)
        if sound != groups:
            seen = {page.pk for page in ranked}
            more = [page for page in _candidates(pages, sound) if page.pk not in seen]
            if more:
                ranked += _rank(more, terms)
                outcome.mode = "phonetic"

    type_of = {ct: registry.type_for_content_type_id(ct) for ct in engine.page_content_type_ids()}
    types = {page.pk: type_of[page.content_type_id] for page in ranked}
    if len(candidates) >= MAX_CANDIDATES or type_cts is not None:
        counts = _bounded_counts(pages, groups, column)
    else:
        counts = Counter(t.key for t in types.values())
    outcome.counts_capped = sum(counts.values()) > COUNT_LIMIT
    outcome.counts = [
        (result_type, min(counts[key], COUNT_LIMIT))
        for key, result_type in registry.RESULT_TYPES.items()
        if counts.get(key)
    ]
    outcome.total = min(sum(counts.values()), COUNT_LIMIT)

    outcome.page_obj = Paginator(ranked, PER_PAGE).get_page(page_number)
    shown = list(outcome.page_obj.object_list)
    specific = _specific_pages(shown)
    shown = [specific.get(page.pk, page) for page in shown]
    marked = terms
    if outcome.mode == "phonetic":
        outcome.corrected = _corrected(query, shown)
        marked = query_terms(outcome.corrected) + terms
    for page in shown:
        text = snippet(page_text(page), marked)
        lang = script_language(strip_tags(text), locale.language_code)
        outcome.results.append(
            SearchResult(
                page=page,
                title=highlight(page.title, marked),
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
    """At most SUGGEST_LIMIT pages whose title has the words typed, the last one as a
    prefix: exactly what the search finds for the same words when nothing else matches."""
    query = clean_query(raw_query or "").replace('"', " ")
    terms = query_terms(query, keep_last=True)
    if sum(len(term) for term in terms) < MIN_QUERY_LENGTH:
        return []
    found = list(
        engine.matching(
            searchable_pages(locale), engine.prefix_groups(query), "autocomplete", score=False
        ).only("pk", "title", "content_type_id", "url_path", "locale_id", "path", "depth")[
            :SUGGEST_CANDIDATES
        ]
    )
    last = normalise(query).split()[-1:] or [""]
    found.sort(
        key=lambda page: (not normalise(page.title).startswith(last[0]), len(page.title), page.pk)
    )
    return [
        {
            "title": page.title,
            "url": page.get_url(request),
            "type": result_type.key,
            "type_label": str(result_type.label),
        }
        for page in found[:SUGGEST_LIMIT]
        if (result_type := registry.type_for_content_type_id(page.content_type_id))
    ]
