"""The site search's own use of the search index, the same on PostgreSQL and SQLite.

The index (``wagtailsearch_indexentry``, written by search.backends) holds tokens made in
Python (search.tokens); this module turns a query into groups of tokens and asks the
database which pages hold them: one ``IN (subquery)`` condition on a Page queryset, so
that visibility, locale and type stay ordinary ORM filters (biopa.visibility).

A query is a list of groups, all required (AND); a group is a list of alternatives (OR),
each a tuple of tokens (more than one: a phrase) and whether the last is a prefix.

* PostgreSQL: ``to_tsquery('simple', ...)`` against the GIN-indexed ``body`` (which also
  holds the title's tokens) or ``autocomplete`` column; relevance ``ts_rank``.
* SQLite: FTS5 ``MATCH`` with a column filter; relevance ``bm25`` (negated: higher is
  better on both).
"""

from django.contrib.contenttypes.models import ContentType
from django.db import connection
from django.db.models.expressions import RawSQL
from wagtail.models import get_page_models

from .greek import clean_query
from .tokens import (
    autocomplete_text,
    phonetic_variants,
    query_words,
    stem,
    term_variants,
    words,
)

ENTRY_TABLE = "wagtailsearch_indexentry"
FTS_TABLE = "wagtailsearch_indexentry_fts"
COLUMNS = ("body", "autocomplete", "title")


def page_content_type_ids():
    """The content types of every page model (ContentType's cache: no query after the
    first use in a process)."""
    return sorted(ct.pk for ct in ContentType.objects.get_for_models(*get_page_models()).values())


# --- queries as token groups -------------------------------------------------------------


def _split_phrases(query):
    """Words and "phrases" of a cleaned query: [(is_phrase, text)]."""
    parts = query.split('"')
    return [(index % 2 == 1, part) for index, part in enumerate(parts) if part.strip()]


def exact_groups(raw_query):
    """Each word: its stem and the forms the stemmer splits (search.tokens.term_variants);
    each quoted phrase: its stems in a row."""
    groups = []
    for is_phrase, text in _split_phrases(clean_query(raw_query)):
        found = query_words(text)
        if is_phrase and len(found) > 1:
            groups.append([(tuple(stem(word) for word in found), False)])
            continue
        for word in found:
            exact, prefixes = term_variants(word)
            groups.append([((token,), False) for token in exact] + [((p,), True) for p in prefixes])
    return groups


def prefix_groups(raw_query):
    """What suggest asks of the autocomplete column (titles, whole words): every word,
    the last one as a prefix."""
    found = words(autocomplete_text(clean_query(raw_query).replace('"', " ")))
    return [[((word,), index == len(found) - 1)] for index, word in enumerate(found)]


def phonetic_groups(raw_query):
    """Each word by its sound (search.tokens.phonetic_variants); a word with no phonetic
    reading (a number) as itself."""
    groups = []
    for word in query_words(clean_query(raw_query).replace('"', " ")):
        keys = phonetic_variants(word)
        if keys:
            groups.append([((key,), False) for key in keys])
        else:
            exact, prefixes = term_variants(word)
            groups.append([((token,), False) for token in exact] + [((p,), True) for p in prefixes])
    return groups


# --- SQL ----------------------------------------------------------------------------------


def _postgres_query(groups):
    def alternative(tokens, prefix):
        lexemes = [f"'{token}'" for token in tokens]
        if prefix:
            lexemes[-1] += ":*"
        return "(" + " <-> ".join(lexemes) + ")"

    return " & ".join(
        "(" + " | ".join(alternative(tokens, prefix) for tokens, prefix in group) + ")"
        for group in groups
    )


def _sqlite_query(groups, column):
    def alternative(tokens, prefix):
        return '"' + " ".join(tokens) + '"' + ("*" if prefix else "")

    body = " AND ".join(
        "(" + " OR ".join(alternative(tokens, prefix) for tokens, prefix in group) + ")"
        for group in groups
    )
    return f"{{{column}}} : ({body})"


def _check(column):
    if column not in COLUMNS:  # pragma: no cover - a programming error
        raise ValueError(column)


PAGE_TABLE = "wagtailcore_page"


def _entry_join():
    """The WHERE conditions joining a Page row to its own index entry: the page's own
    content type and its id as the entry's object id, one lookup in the entry table's
    unique (content_type_id, object_id) index (Django's generic relation would ask for
    every page content type, one index descent each). One condition only: a second one
    from the entry's side (object id cast to the page's key) makes PostgreSQL multiply
    their selectivities and misjudge every plan (measured: 15 → 200 ms)."""
    if connection.vendor == "postgresql":
        object_id = f"({PAGE_TABLE}.id)::varchar(50)"
    else:
        object_id = f"CAST({PAGE_TABLE}.id AS TEXT)"
    return [
        f"{ENTRY_TABLE}.content_type_id = {PAGE_TABLE}.content_type_id",
        f"{ENTRY_TABLE}.object_id = {object_id}",
    ]


def match_texts(groups, column="body"):
    """The texts `matching` takes for `groups`: the query as the database reads
    it, for `column` and for the titles."""
    _check(column)
    if connection.vendor == "postgresql":
        query = _postgres_query(groups)
        return {"query": query, "title_query": query}
    return {"query": _sqlite_query(groups, column), "title_query": _sqlite_query(groups, "title")}


def matching(pages, column, query, title_query, score=True, title_hit=False):
    """`pages` (a Page queryset, not used as a subquery: the join is raw SQL) narrowed to
    those whose index entry matches `query` (the texts `match_texts` makes, or a
    biopa.statements marker for each), joined to the entry, with the index's relevance as
    `_score` (higher is better) when `score`, and `_title_hit` (the title's tokens match
    `title_query` too) when `title_hit`. No ordering of its own."""
    _check(column)
    joined = pages.order_by()
    if connection.vendor == "postgresql":
        joined = joined.extra(  # noqa: S610 - constants; the query goes in as a parameter
            tables=[ENTRY_TABLE],
            where=[*_entry_join(), f"{ENTRY_TABLE}.{column} @@ to_tsquery('simple', %s)"],
            params=[query],
        )
        if score:
            joined = joined.annotate(
                _score=RawSQL(  # noqa: S611 - constants; the query goes in as a parameter
                    f"ts_rank({ENTRY_TABLE}.body, to_tsquery('simple', %s))", [query]
                )
            )
        if title_hit:
            joined = joined.annotate(
                _title_hit=RawSQL(  # noqa: S611 - constants; the query goes in as a parameter
                    f"{ENTRY_TABLE}.title @@ to_tsquery('simple', %s)", [title_query]
                )
            )
        return joined
    joined = joined.extra(  # noqa: S610 - constants; the query goes in as a parameter
        tables=[ENTRY_TABLE, FTS_TABLE],
        where=[*_entry_join(), f"{FTS_TABLE}.rowid = {ENTRY_TABLE}.id", f"{FTS_TABLE} MATCH %s"],
        params=[query],
    )
    if score:
        joined = joined.annotate(_score=RawSQL(f"-bm25({FTS_TABLE})", []))  # noqa: S611
    if title_hit:
        in_titles = f"SELECT rowid FROM {FTS_TABLE} WHERE {FTS_TABLE} MATCH %s"  # noqa: S608
        title_sql = f"{ENTRY_TABLE}.id IN ({in_titles})"
        joined = joined.annotate(_title_hit=RawSQL(title_sql, [title_query]))  # noqa: S611
    return joined
