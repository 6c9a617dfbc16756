"""Greek-aware wrappers around modelsearch's database search backends.

Settings (see search/DESIGN.md)::

    WAGTAILSEARCH_BACKENDS = {
        "default": {
            "BACKEND": "search.backends",
            "SEARCH_CONFIG": "biopa_search",  # PostgreSQL only
        }
    }

Both sides of every comparison go through ``search.greek``:

* indexing: every value of every search field is ``prepare_for_index``-ed
  (normalised, Greek stop words removed) before modelsearch stores it, so the
  IndexEntry tsvectors (PostgreSQL), the FTS5 table (SQLite) and the plain
  ``title_text``/``body_text`` columns used by ``Fuzzy`` all hold folded text;
* querying: the query tree (PlainText, Phrase, Fuzzy inside And/Or/Not/Boost)
  is rebuilt from ``query_terms`` before it is compiled, which also removes
  every character with a meaning to tsquery/FTS5.

On PostgreSQL a query term additionally matches forms the Greek stemmer puts
under a longer or shorter stem (συμβούλιο → συμβουλι, συμβουλίου → συμβουλ),
see ``GreekPostgresSearchQueryCompiler``.

``Index.add_items`` is copied from modelsearch 1.3.2 with only the indexer
class changed (upstream instantiates its module-level ``ObjectIndexer``
directly); re-check it when upgrading modelsearch.
"""

import warnings
from functools import reduce
from operator import and_, or_

import modelsearch
from django.contrib.postgres.search import SearchQuery
from django.db import connection
from django.db.models.sql.subqueries import InsertQuery
from django.utils.functional import cached_property
from modelsearch.backends.database.postgres.postgres import (
    IndexEntry,
    PostgresAutocompleteQueryCompiler,
    PostgresIndex,
    PostgresSearchBackend,
    PostgresSearchQueryCompiler,
)
from modelsearch.backends.database.postgres.postgres import (
    ObjectIndexer as PostgresObjectIndexer,
)
from modelsearch.backends.database.postgres.query import Lexeme
from modelsearch.index import AutocompleteField, RelatedFields, SearchField
from modelsearch.query import And, Boost, Fuzzy, Not, Or, Phrase, PlainText
from modelsearch.utils import get_content_type_pk

from .greek import query_terms
from .tokens import autocomplete_text, index_text, query_words, stem, term_variants

#: The text-search configuration of every tsvector and tsquery: the text is already
#: tokenised, stemmed and keyed in Python (search.tokens), PostgreSQL only splits it.
SEARCH_CONFIG = "simple"

if modelsearch.__version__ != "1.3.2":  # pragma: no cover
    warnings.warn(
        "search.backends copies Index.add_items from modelsearch 1.3.2; "
        f"installed is {modelsearch.__version__}: compare and update.",
        stacklevel=1,
    )


# --- queries -------------------------------------------------------------


def normalise_search_query(query, autocomplete=False):
    """Return ``query`` with every query string folded by ``search.greek``.

    Leaves whose terms are all stop words (or nothing at all) disappear; the
    result is ``None`` when nothing is left to search for.
    """
    if isinstance(query, (PlainText, Fuzzy)):
        terms = query_terms(query.query_string, keep_last=autocomplete)
        if not autocomplete:
            terms = query_words(" ".join(terms))
        if not terms:
            return None
        if isinstance(query, Fuzzy):
            # Already unaccented here; f_unaccent() is not needed.
            return Fuzzy(" ".join(terms), operator=query.operator, unaccent=False)
        return PlainText(" ".join(terms), operator=query.operator, boost=query.boost)
    if isinstance(query, Phrase):
        terms = [stem(word) for word in query_words(" ".join(query_terms(query.query_string)))]
        return Phrase(" ".join(terms)) if terms else None
    if isinstance(query, (And, Or)):
        subqueries = [
            normalised
            for subquery in query.subqueries
            if (normalised := normalise_search_query(subquery, autocomplete)) is not None
        ]
        return type(query)(subqueries) if subqueries else None
    if isinstance(query, Not):
        subquery = normalise_search_query(query.subquery, autocomplete)
        return None if subquery is None else Not(subquery)
    if isinstance(query, Boost):
        subquery = normalise_search_query(query.subquery, autocomplete)
        return None if subquery is None else Boost(subquery, query.boost)
    return query  # MatchAll and anything else without a query string


class GreekQueryMixin:
    """Normalise the query before compiling; an empty query finds nothing."""

    AUTOCOMPLETE = False

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.query = normalise_search_query(self.query, autocomplete=self.AUTOCOMPLETE)

    def search(self, config, start, stop, *args, **kwargs):
        if self.query is None:
            return self.queryset.none()
        return super().search(config, start, stop, *args, **kwargs)


# --- indexing ------------------------------------------------------------


class GreekIndexerMixin:
    """ObjectIndexer mixin: searched fields in ``index_text`` form (stems and phonetic
    keys), autocomplete fields as whole normalised words; the body also holds the title's
    tokens, so that one column (and its GIN index) answers a query on both."""

    def prepare_field(self, obj, field):
        if isinstance(field, RelatedFields):
            yield from super().prepare_field(obj, field)
            return
        for prepared in super().prepare_field(obj, field):
            current_field, *rest, value = prepared
            if isinstance(current_field, AutocompleteField):
                value = autocomplete_text(value)
            elif isinstance(current_field, SearchField):
                value = index_text(value)
            yield (current_field, *rest, value)


class GreekPostgresObjectIndexer(GreekIndexerMixin, PostgresObjectIndexer):
    @cached_property
    def body(self):
        return self.as_vector(
            [
                (value, weight)
                for search_field in self.search_fields
                for field, weight, value in self.prepare_field(self.obj, search_field)
                if isinstance(field, SearchField)
            ]
        )


class GreekPostgresIndex(PostgresIndex):
    indexer_class = GreekPostgresObjectIndexer

    def add_items(self, model, objs):
        # Copied from modelsearch 1.3.2 PostgresIndex.add_items; only the
        # indexer class differs.
        search_fields = model.get_search_fields()
        if not search_fields:
            return

        indexers = [self.indexer_class(obj, self.backend) for obj in objs]

        if not indexers:
            return

        content_type_pk = get_content_type_pk(model)
        compiler = InsertQuery(IndexEntry).get_compiler(connection=self.write_connection)
        title_sql = []
        autocomplete_sql = []
        body_sql = []
        data_params = []

        for indexer in indexers:
            data_params.extend((content_type_pk, indexer.id))
            for field_name, sql_list in (
                ("title", title_sql),
                ("autocomplete", autocomplete_sql),
                ("body", body_sql),
            ):
                value = compiler.prepare_value(
                    IndexEntry._meta.get_field(field_name), getattr(indexer, field_name)
                )
                sql, params = value.as_sql(compiler, self.write_connection)
                sql_list.append(sql)
                data_params.extend(params)
            data_params.append(indexer.title_text)
            data_params.append(indexer.body_text)

        data_sql = ", ".join(
            f"(%s, %s, {a}, {b}, {c}, 1.0, %s, %s)"
            for a, b, c in zip(title_sql, autocomplete_sql, body_sql, strict=True)
        )

        with self.write_connection.cursor() as cursor:
            cursor.execute(
                f"""
                INSERT INTO {IndexEntry._meta.db_table} (content_type_id, object_id,
                    title, autocomplete, body, title_norm, title_text, body_text)
                (VALUES {data_sql})
                ON CONFLICT (content_type_id, object_id)
                DO UPDATE SET title = EXCLUDED.title,
                              title_norm = 1.0,
                              autocomplete = EXCLUDED.autocomplete,
                              body = EXCLUDED.body,
                              title_text = EXCLUDED.title_text,
                              body_text = EXCLUDED.body_text
                """,  # noqa: S608 - only placeholders and compiled SQL
                data_params,
            )

        self._refresh_title_norms()


class GreekPostgresSearchQueryCompiler(GreekQueryMixin, PostgresSearchQueryCompiler):
    """Each (stemmed) query word as ``search.tokens.term_variants`` says: its stem, the
    prefixes the stemmer may have cut it to, and words starting with its stem."""

    def build_tsquery_content(self, query, config=None, invert=False):
        if not isinstance(query, PlainText):
            return super().build_tsquery_content(query, config=config, invert=invert)
        terms = query.query_string.split()
        if not terms:
            return None
        combine = and_ if query.operator == "and" else or_
        return reduce(combine, (self.term_tsquery(t, invert) for t in terms))

    def term_tsquery(self, term, invert=False):
        if invert:
            return SearchQuery(Lexeme(stem(term), invert=True), search_type="raw", config="simple")
        exact, prefixes = term_variants(term)
        lexemes = [Lexeme(token) for token in exact] + [
            Lexeme(token, prefix=True) for token in prefixes
        ]
        return SearchQuery(reduce(or_, lexemes), search_type="raw", config=SEARCH_CONFIG)


class GreekPostgresAutocompleteQueryCompiler(GreekQueryMixin, PostgresAutocompleteQueryCompiler):
    AUTOCOMPLETE = True


class GreekPostgresSearchBackend(PostgresSearchBackend):
    query_compiler_class = GreekPostgresSearchQueryCompiler
    autocomplete_query_compiler_class = GreekPostgresAutocompleteQueryCompiler
    index_class = GreekPostgresIndex

    def __init__(self, params):
        super().__init__(params)
        # Whatever the settings say: matching is decided in Python (search.tokens).
        self.config = SEARCH_CONFIG


# --- SQLite (FTS5) -------------------------------------------------------
# modelsearch's SQLite module needs the SQLiteFTSIndexEntry model, which only
# exists when the default database is SQLite with FTS5.

GreekSQLiteSearchBackend = None

if connection.vendor == "sqlite":
    try:
        from modelsearch.backends.database.sqlite.sqlite import (
            IndexEntry as SQLiteIndexEntry,
        )
        from modelsearch.backends.database.sqlite.sqlite import (
            ObjectIndexer as SQLiteObjectIndexer,
        )
        from modelsearch.backends.database.sqlite.sqlite import (
            SQLiteAutocompleteQueryCompiler,
            SQLiteIndex,
            SQLiteSearchBackend,
            SQLiteSearchQueryCompiler,
        )
    except LookupError:  # pragma: no cover - SQLite without FTS5
        SQLiteSearchBackend = None

    if SQLiteSearchBackend is not None:

        class GreekSQLiteObjectIndexer(GreekIndexerMixin, SQLiteObjectIndexer):
            @cached_property
            def body(self):
                return " ".join(
                    value
                    for search_field in self.search_fields
                    for field, value in self.prepare_field(self.obj, search_field)
                    if isinstance(field, SearchField)
                )

        class GreekSQLiteIndex(SQLiteIndex):
            indexer_class = GreekSQLiteObjectIndexer

            def add_items(self, model, objs):
                # Copied from modelsearch 1.3.2 SQLiteIndex.add_items; only
                # the indexer class differs.
                if not model.get_search_fields():
                    return

                indexers = [self.indexer_class(obj, self.backend) for obj in objs]
                if not indexers:
                    return

                content_type_pk = get_content_type_pk(model)
                ids_and_data = {
                    indexer.id: (indexer.title, indexer.autocomplete, indexer.body)
                    for indexer in indexers
                }

                entries_for_ct = self.entries.filter(content_type_id=content_type_pk)
                indexed_ids = frozenset(
                    entries_for_ct.filter(object_id__in=ids_and_data.keys()).values_list(
                        "object_id", flat=True
                    )
                )
                for indexed_id in indexed_ids:
                    title, autocomplete, body = ids_and_data[indexed_id]
                    entries_for_ct.filter(object_id=indexed_id).update(
                        title=title, autocomplete=autocomplete, body=body
                    )

                self.entries.bulk_create(
                    [
                        SQLiteIndexEntry(
                            content_type_id=content_type_pk,
                            object_id=object_id,
                            title=title,
                            autocomplete=autocomplete,
                            body=body,
                        )
                        for object_id, (title, autocomplete, body) in ids_and_data.items()
                        if object_id not in indexed_ids
                    ]
                )

                self._refresh_title_norms()

        from modelsearch.backends.database.sqlite.query import (
            Lexeme as SQLiteLexeme,
        )
        from modelsearch.backends.database.sqlite.query import SearchQueryExpression

        class GreekSQLiteSearchQueryCompiler(GreekQueryMixin, SQLiteSearchQueryCompiler):
            """As on PostgreSQL: each word's stem, cut stems and stem prefixes."""

            def build_search_query_content(self, query, config=None):
                if not isinstance(query, PlainText):
                    return super().build_search_query_content(query, config=config)
                terms = query.query_string.split()
                if not terms:
                    return None
                combine = and_ if query.operator.lower() == "and" else or_
                groups = []
                for term in terms:
                    exact, prefixes = term_variants(term)
                    groups.append(
                        reduce(
                            or_,
                            [SQLiteLexeme(token) for token in exact]
                            + [SQLiteLexeme(token, prefix=True) for token in prefixes],
                        )
                    )
                return SearchQueryExpression(reduce(combine, groups), config=config)

        class GreekSQLiteAutocompleteQueryCompiler(
            GreekQueryMixin, SQLiteAutocompleteQueryCompiler
        ):
            AUTOCOMPLETE = True

        class GreekSQLiteSearchBackend(SQLiteSearchBackend):
            query_compiler_class = GreekSQLiteSearchQueryCompiler
            autocomplete_query_compiler_class = GreekSQLiteAutocompleteQueryCompiler
            index_class = GreekSQLiteIndex


def SearchBackend(params):  # noqa: N802 - the name modelsearch looks up
    """Pick the Greek-aware backend for the default database's vendor."""
    if connection.vendor == "postgresql":
        return GreekPostgresSearchBackend(params)

    from modelsearch.backends.database import SearchBackend as upstream

    backend = upstream(params)
    if GreekSQLiteSearchBackend is not None and isinstance(backend, SQLiteSearchBackend):
        return GreekSQLiteSearchBackend(params)
    warnings.warn(
        f"search.backends: no Greek-aware backend for {connection.vendor}; "
        "using modelsearch's, which is accent-sensitive.",
        stacklevel=2,
    )
    return backend
