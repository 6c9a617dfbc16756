"""The site search: one query over the Page index, ranked, counted and cut into pages here.

Query count per search page, whatever the number and the kinds of results: the first pass
per pass run; the visibility rule with the candidates' own dates, for candidates this
process has not judged in this content version (biopa.visibility.public_values); the pages
shown (the page models of those shown joined to Page); promotions only when one matches;
and the query log's write. See search/DESIGN.md.
"""

import datetime
import hashlib
from collections import Counter
from dataclasses import dataclass, field
from functools import lru_cache

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.paginator import Paginator
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import get_language
from wagtail.contrib.search_promotions.models import SearchPromotion
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Page
from wagtail.rich_text import get_text_for_indexing

from biopa.cache import fragment, kept_until
from biopa.statements import Statement, among_ids
from biopa.visibility import next_expiry, public_pages, public_values
from documents.selectors import date_text, size_text

from . import engine, registry
from .greek import clean_query, normalise, query_terms, script_language
from .highlight import highlight, snippet, snippet_text, word_matches
from .tokens import phonetic_key, phonetic_variants, query_words, stems_match, words

PER_PAGE = 10
MAX_CANDIDATES = 200  # the most hits ranked (a cheap first pass in the database picks them)
# Counts per type are exact up to this, then shown as "200+": the first pass reads this
# many matches + 1. On the bench site 1,000 + 1 cost 2-3 times what 300 + 1 did, and 200 + 1
# saves 3.5 ms of a 24 ms search against 300 + 1 (fewer rows read, checked and ranked).
COUNT_LIMIT = 200
FEW_RESULTS = 3  # fewer exact hits than this: a second pass by sound
MIN_QUERY_LENGTH = 2  # characters of real terms
SUGGEST_LIMIT = 8
SUGGEST_CANDIDATES = 50  # titles looked at (first found), the best SUGGEST_LIMIT offered
SUGGEST_WALK = 500  # pages whose titles suggest looks at first (see _suggestions)
RELEVANCE_TOLERANCE = 0.25  # scores this close to the best of their group are "equal"


@dataclass(frozen=True)
class ResultDetails:
    """What a result shows of its page besides the title and the snippet, formatted in the
    active language: its date, and a library entry's file (address, type, size)."""

    date_iso: str = ""
    date_text: str = ""
    download_url: str = ""
    download_type: str = ""
    download_size: str = ""


@dataclass
class SearchResult:
    page: object
    title: str
    url: str
    type: registry.ResultType
    date: object
    snippet: str
    snippet_lang: str = ""  # set when the snippet is in the other language than the page
    details: ResultDetails = field(default_factory=ResultDetails)


def _details_of(page, result_type, language):
    """A result's ResultDetails: its date and a library entry's file, formatted as the
    library formats them (documents.selectors: kept per date and size)."""
    date = _date_of(page)
    if isinstance(date, datetime.datetime):
        date = timezone.localtime(date).date() if timezone.is_aware(date) else date.date()
    details = {}
    if date:
        details.update(date_iso=date.isoformat(), date_text=date_text(date, language))
    document = getattr(page, "document", None) if result_type.key == "document" else None
    if document is not None:
        details.update(
            download_url=document.url,
            download_type=document.type_label,
            download_size=size_text(document.get_file_size(), language),
        )
    return ResultDetails(**details)


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
    title_hit: bool = False
    stamp: float = 0.0  # the date as a number, for sorting


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
    terms = tuple(terms)
    for position, page in enumerate(candidates):
        score = getattr(page, "_score", None)
        score = float(len(candidates) - position) if score is None else float(score)
        rows.append((_title_hits(page.title, terms), score, page.stamp, position, page))

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


@lru_cache(maxsize=50_000)
def _title_hits(title, terms):
    """How many of the query's terms a title holds (a stem or a word as the search reads
    it). Titles and queries come back search after search: kept per process."""
    title_words = frozenset(words(normalise(title)))
    return sum(
        1
        for term in terms
        if any(stems_match(word, term) or word_matches(word, term) for word in title_words)
    )


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
    """{pk: the page as an instance of its own model} for one page of results, holding only
    what a result shows (title, address, dates, snippet texts and the file a text comes
    from); its other fields are deferred. One query, written to SQL once per set of page
    models shown (biopa.statements: the ORM built the joins, and then model instances three
    deep, each time, for ten rows)."""
    if not shown:
        return {}
    statement, layouts = _shown_statement(tuple(sorted({page.content_type_id for page in shown})))
    pages = {}
    for row in statement.run(ids=[page.pk for page in shown]):
        model, names, positions, related = layouts[row[1]]
        page = model.from_db("default", names, [row[position] for position in positions])
        for name, target, target_names, target_positions in related:
            values = [row[position] for position in target_positions]
            if values[0] is not None:
                setattr(page, name, target.from_db("default", target_names, values))
        pages[row[0]] = page
    return pages


_SHOWN = {}
SHOWN_PAGE_FIELDS = ("title", "slug", "url_path", "locale", "path", "depth", "first_published_at")


def _shown_statement(content_type_ids):
    """The query of `_specific_pages` for pages of these content types, and per type:
    (model, the attnames read, their positions in a row, [(foreign key, its model, their
    attnames, positions)] for the files whose text is searched)."""
    if content_type_ids in _SHOWN:
        return _SHOWN[content_type_ids]
    columns = ["pk", "content_type_id"]

    def position(path):
        if path not in columns:
            columns.append(path)
        return columns.index(path)

    def path_to(model, name):
        owner = model._meta.get_field(name).model
        lookup = lookup_from_page(owner)
        return f"{lookup}__{name}" if lookup else name

    layouts = {}
    for content_type_id in content_type_ids:
        model = page_model(content_type_id) or Page
        date_name = registry.date_field_name(model)
        wanted = {*SHOWN_PAGE_FIELDS, *registry.text_field_names(model), date_name}
        wanted.update(registry.related_text_fields(model))
        names, positions = [], []
        for model_field in model._meta.concrete_fields:
            if (
                model_field.primary_key
                or model_field.remote_field
                and model_field.remote_field.parent_link
            ):
                names.append(model_field.attname)  # the page's id, and its parents' links
                positions.append(0)
            elif model_field.name in wanted or model_field.attname == "content_type_id":
                names.append(model_field.attname)
                positions.append(position(path_to(model, model_field.attname)))
        related = []
        for name in registry.related_text_fields(model):
            target = model._meta.get_field(name).related_model
            prefix = path_to(model, name)
            fields = target._meta.concrete_fields
            related.append(
                (
                    name,
                    target,
                    [field.attname for field in fields],
                    [position(f"{prefix}__{field.attname}") for field in fields],
                )
            )
        layouts[content_type_id] = (model, names, positions, related)

    def build(markers):
        pages = among_ids(Page.objects.all(), markers)
        # No ordering (Page orders by path, over every joined column): the caller keeps
        # its own order.
        return pages.order_by().values_list(*columns)

    _SHOWN[content_type_ids] = (Statement(build), layouts)
    return _SHOWN[content_type_ids]


def _promoted_queries(request):
    """[(promotion pk, its query normalised)], kept per content version (a promotion saved
    or deleted writes a new one: biopa.cache)."""

    def build():
        rows = SearchPromotion.objects.values_list("pk", "query__query_string").order_by()
        return [(pk, normalise(query_string)) for pk, query_string in rows]

    return fragment("search-promotions", build, request=request)


def promotions_for(query, pages, request):
    """Editors' promoted results for this query: pages among `pages` (the live, public
    pages of the locale; or a callable returning them, called only when a promotion
    matches) and external links. The query is compared in normalised form."""
    wanted = normalise(query.replace('"', " "))
    if not wanted:
        return []
    # The promotions table is small: match the query in Python first, so that a search
    # with no promotion (nearly all) runs no query for them.
    matching = [pk for pk, promoted in _promoted_queries(request) if promoted == wanted]
    if not matching:
        return []
    if callable(pages):
        pages = pages()
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


def _matches(locale, groups, column="body", content_types=None, limit=None, request=None):
    """The first pass, bounded whatever the number of matches, in two small queries:

    1. at most `limit` (COUNT_LIMIT + 1) of the locale's live pages whose index entry
       matches `groups`, the most recently published first, with their relevance and
       whether their title matches: PostgreSQL walks the newest pages for a common word,
       starts from the GIN index for a rare one, and stops at `limit` (ORDER BY on an
       indexed column and LIMIT: the work does not grow with the number of matches);
    2. biopa.visibility's rule on just those, by primary key, with each page's own date
       (`public_values`: what it found for a page is kept per content version in this
       process, bounded by the next expiry).

    Neither the rule nor the dates are in query 1 on purpose: the rule's subqueries make
    PostgreSQL's estimates useless, and it then hashes the whole locale; the page models'
    tables joined for their dates cost more to plan (3 ms) than the rest to run. Returns
    (the best MAX_CANDIDATES by a cheap rank, title hits then the newest, for _rank; every
    visible match as (pk, content type id), for the counts; whether query 1 stopped at
    `limit`)."""
    if not groups:
        return [], [], False
    limit = limit or COUNT_LIMIT + 1
    rows = _first_pass(column, content_types, limit).run(
        locale=locale.pk, **engine.match_texts(groups, column)
    )
    if not rows:
        return [], [], False
    stopped = len(rows) >= limit
    fields, date_position = _candidate_fields()
    visible = public_values((row[0] for row in rows), fields, request=request)
    candidates = []
    for pk, title, content_type_id, score, title_hit in rows:
        values = visible.get(pk)
        if values is None:
            continue
        own = date_position.get(content_type_id)
        date = (values[own] if own is not None else None) or values[FIRST_PUBLISHED]
        candidates.append(
            Candidate(
                pk=pk,
                title=title,
                content_type_id=content_type_id,
                _score=score,
                date=date,
                title_hit=bool(title_hit),
                stamp=_timestamp(date),
            )
        )
    found = [(page.pk, page.content_type_id) for page in candidates]
    candidates.sort(key=lambda page: (not page.title_hit, -page.stamp))
    return candidates[:MAX_CANDIDATES], found, stopped


# What `public_values` reads and keeps for a candidate of the search or suggest: what a
# suggestion shows and links to, then the dates the ranking uses (_candidate_fields).
PAGE_FIELDS = ("title", "content_type_id", "url_path", "locale_id", "path", "depth")


@lru_cache(maxsize=1)
def _candidate_fields():
    """PAGE_FIELDS, first publication and each page model's own date; and {content type
    id: the position of its own date} (first publication: FIRST_PUBLISHED)."""
    lookups = _date_lookups()
    paths = sorted(set(lookups.values()))
    own = {ct: len(PAGE_FIELDS) + 1 + paths.index(path) for ct, path in lookups.items()}
    return (*PAGE_FIELDS, "first_published_at", *paths), own


FIRST_PUBLISHED = len(PAGE_FIELDS)


_FIRST_PASSES = {}


def _first_pass(column, content_types, limit):
    """The first pass's query (see _matches) for one column, type filter and bound, written
    to SQL once per process (biopa.statements). Newest first by (first publication, id):
    the order of the index `search_page_locale_published` (search 0004), which PostgreSQL
    walks for a common word and leaves at the bound."""
    key = (column, tuple(content_types) if content_types is not None else None, limit)
    if key not in _FIRST_PASSES:

        def build(markers):
            pages = Page.objects.filter(locale_id=markers.int("locale"), live=True)
            found = engine.matching(
                pages, column, markers.text("query"), markers.text("title_query"), title_hit=True
            )
            if content_types is not None:
                found = found.filter(content_type_id__in=content_types)
            # Tuples, not model instances: a few hundred rows, read as cheaply as possible.
            return found.order_by("-first_published_at", "-pk").values_list(
                "pk", "title", "content_type_id", "_score", "_title_hit"
            )[:limit]

        _FIRST_PASSES[key] = Statement(build)
    return _FIRST_PASSES[key]


def _type_content_types():
    """{result type key: [content type ids of the page models of that type]}."""
    by_type = {}
    for content_type_id in engine.page_content_type_ids():
        by_type.setdefault(registry.type_for_content_type_id(content_type_id).key, []).append(
            content_type_id
        )
    return by_type


def _corrected(query, pages):
    """The query's words as the found pages spell them (the first title or text word with
    the same sound), for "Results for «…»". The reading stops as soon as every word's best
    reading is found (usually in the first title)."""
    wanted = [(word, phonetic_variants(word)) for word in query_words(query.replace('"', " "))]
    keys = {key for _, variants in wanted for key in variants}
    known = {}

    def read():
        for page in pages:
            for text in [page.title, *page_text(page)]:
                for word in words(normalise(text[:20_000])):
                    key = phonetic_key(word)
                    if key in keys:
                        known.setdefault(key, word)
                        if all(variants[:1] and variants[0] in known for _, variants in wanted):
                            return

    read()
    out = []
    for word, variants in wanted:
        out.append(next((known[key] for key in variants if key in known), word))
    return " ".join(out)


@dataclass
class Hits:
    """What the passes found, before any page is loaded: cached per content version for
    anonymous visitors when SEARCH_CACHE_SECONDS is set (search_site)."""

    mode: str = "exact"
    ranked: list = field(default_factory=list)  # [Candidate], best first
    counts: Counter = field(default_factory=Counter)  # {type key: visible matches}
    capped: bool = False  # the first pass stopped at its bound


def _hits(query, terms, locale, type_cts, exact, request=None):
    """The passes of search_site: exact, then prefix when nothing, then by sound when
    few; each bounded (_matches)."""
    hits = Hits()
    exact_groups = engine.exact_groups(query)
    candidates, found, hits.capped = _matches(
        locale, exact_groups, "body", type_cts, request=request
    )
    if not found and type_cts is None:
        candidates, found, hits.capped = _matches(
            locale, engine.prefix_groups(query), "autocomplete", request=request
        )
        if found:
            hits.mode = "prefix"
    hits.ranked = _rank(candidates, terms)
    if len(found) < FEW_RESULTS and not exact and type_cts is None and '"' not in query:
        sound = engine.phonetic_groups(query)
        if sound and sound != exact_groups:  # a pass that could find something new
            seen = {pk for pk, _ in found}
            more, more_found, more_capped = _matches(locale, sound, request=request)
            more = [page for page in more if page.pk not in seen]
            if more:
                found += [row for row in more_found if row[0] not in seen]
                hits.capped = hits.capped or more_capped
                hits.ranked += _rank(more, terms)
                hits.mode = "phonetic"
    # Counts from every visible match of the first pass (not only the ranked ones): exact
    # while the first pass did not stop at its bound; a count never includes a page the
    # public may not see (at the bound, private pages among the first matches make it
    # lower than the truth, never higher).
    type_keys = {}
    for _, content_type_id in found:
        if content_type_id not in type_keys:
            type_keys[content_type_id] = registry.type_for_content_type_id(content_type_id).key
        hits.counts[type_keys[content_type_id]] += 1
    return hits


def _until_next_expiry(value, locale):
    """`value` to be kept no longer than until the next live page of `locale` expires."""
    return kept_until(value, [next_expiry(Page.objects.filter(locale=locale))])


def _cached_hits(request, query, terms, locale, type_key, type_cts, exact):
    """_hits, kept per content version (biopa.cache.fragment) for anonymous visitors for
    SEARCH_CACHE_SECONDS (0, the default: never). Only public pages are in it, and never
    past the next expiry of one of the locale's pages."""
    seconds = int(getattr(settings, "SEARCH_CACHE_SECONDS", 0) or 0)
    user = getattr(request, "user", None)
    if seconds <= 0 or request is None or (user is not None and user.is_authenticated):
        return _hits(query, terms, locale, type_cts, exact, request=request)
    key = hashlib.sha256(query.encode()).hexdigest()[:32]
    return fragment(
        "search-hits",
        lambda: _until_next_expiry(
            _hits(query, terms, locale, type_cts, exact, request=request), locale
        ),
        request=request,
        parts=(locale.pk, type_key or "-", int(bool(exact)), key),
        timeout=seconds,
    )


def search_site(*, raw_query, locale, type_key="", page_number=1, request=None, exact=False):
    """The results page: exact matches (stems); when they are none, the last word as a
    prefix, as suggest reads it; when they are few, more by the sound of the words."""
    query = clean_query(raw_query or "")
    terms = query_terms(query)
    outcome = SearchOutcome(query=query, terms=terms, exact=bool(exact))
    if sum(len(term) for term in terms) < MIN_QUERY_LENGTH:
        outcome.too_short = True
        return outcome

    by_type = _type_content_types()
    type_cts = by_type.get(type_key) if type_key in registry.RESULT_TYPES else None
    if type_cts is not None:
        outcome.type_key = type_key
    hits = _cached_hits(request, query, terms, locale, outcome.type_key, type_cts, exact)
    outcome.mode, ranked, counts = hits.mode, hits.ranked, hits.counts
    type_of = {ct: registry.type_for_content_type_id(ct) for ct in engine.page_content_type_ids()}
    types = {page.pk: type_of[page.content_type_id] for page in ranked}
    outcome.counts_capped = hits.capped and sum(counts.values()) > COUNT_LIMIT
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
    language = get_language() or settings.LANGUAGE_CODE
    for page in shown:
        text = snippet(page_text(page), marked)
        lang = script_language(snippet_text(text), locale.language_code)
        outcome.results.append(
            SearchResult(
                page=page,
                title=highlight(page.title, marked),
                url=page.get_url(request),
                type=types[page.pk],
                date=_date_of(page),
                snippet=text,
                snippet_lang=lang if lang != locale.language_code else "",
                details=_details_of(page, types[page.pk], language),
            )
        )
    if outcome.page_obj.number == 1 and not outcome.type_key:
        outcome.promotions = promotions_for(query, lambda: searchable_pages(locale), request)
    return outcome


def suggest(*, raw_query, locale, request=None):
    """At most SUGGEST_LIMIT pages whose title has the words typed, the last one as a
    prefix: exactly what the search finds for the same words when nothing else matches.
    Kept like the search's hits (SEARCH_CACHE_SECONDS, anonymous visitors)."""
    query = clean_query(raw_query or "").replace('"', " ")
    terms = query_terms(query, keep_last=True)
    if sum(len(term) for term in terms) < MIN_QUERY_LENGTH:
        return []
    seconds = int(getattr(settings, "SEARCH_CACHE_SECONDS", 0) or 0)
    user = getattr(request, "user", None)
    if seconds <= 0 or request is None or (user is not None and user.is_authenticated):
        return _suggestions(query, locale, request)
    return fragment(
        "search-suggest",
        lambda: _until_next_expiry(_suggestions(query, locale, request), locale),
        request=request,
        # the URLs are relative to the site asked
        parts=(locale.pk, request.get_host(), hashlib.sha256(query.encode()).hexdigest()[:32]),
        timeout=seconds,
    )


def _suggest_candidates(markers):
    """The first SUGGEST_CANDIDATES pages of a locale whose titles match, without ordering
    or the visibility rule's subqueries: first among SUGGEST_WALK of the locale's newest
    live pages (search 0004's index; a short prefix matches many titles: a few cheap lookups
    find enough), then, only when those were not enough (PostgreSQL's Append stops at the
    LIMIT), through the autocomplete column's GIN index (a rare prefix)."""
    live = Page.objects.filter(locale_id=markers.int("locale"), live=True)
    some = live.order_by("-first_published_at", "-pk").values("pk")[:SUGGEST_WALK]
    query = markers.text("query")
    walked = engine.matching(
        Page.objects.filter(pk__in=some), "autocomplete", query, None, score=False
    )
    indexed = engine.matching(live, "autocomplete", query, None, score=False)
    return walked.values_list("pk").union(indexed.values_list("pk"), all=True)[:SUGGEST_CANDIDATES]


SUGGEST_STATEMENT = Statement(_suggest_candidates)  # written to SQL at its first run


def _suggestions(query, locale, request):
    # The candidates (one query), then the visibility rule on just those, with the fields a
    # suggestion shows (public_values: kept per content version, like the search's).
    groups = engine.prefix_groups(query)
    rows = SUGGEST_STATEMENT.run(locale=locale.pk, **engine.match_texts(groups, "autocomplete"))
    ids = list(dict.fromkeys(row[0] for row in rows))
    if not ids:
        return []
    visible = public_values(ids, _candidate_fields()[0], request=request)
    last = normalise(query).split()[-1:] or [""]

    def order(item):  # titles starting with the last word first, then the shortest
        pk, values = item
        title = values[0]  # PAGE_FIELDS starts with the title
        return not normalise(title).startswith(last[0]), len(title), pk

    best = sorted(visible.items(), key=order)
    # Page instances (for their address) for the few offered only: they cost 0.1 ms each.
    found = [
        Page(pk=pk, **dict(zip(PAGE_FIELDS, values, strict=False)))
        for pk, values in best[:SUGGEST_LIMIT]
    ]
    return [
        {
            "title": page.title,
            "url": page.get_url(request),
            "type": result_type.key,
            "type_label": str(result_type.label),
        }
        for page in found
        if (result_type := registry.type_for_content_type_id(page.content_type_id))
    ]
