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

import re
import warnings
from functools import reduce
from operator import and_, or_

import modelsearch
from django.contrib.postgres.search import SearchQuery
from django.db import connection
from django.db.models.sql.subqueries import InsertQuery
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
from modelsearch.query import And, Boost, Fuzzy, Not, Or, Phrase, PlainText
from modelsearch.utils import get_content_type_pk

from .greek import prepare_for_index, query_terms
from .pg_search_config import SEARCH_CONFIG

if modelsearch.__version__ != "1.3.2":  # pragma: no cover
    warnings.warn(
        "search.backends copies Index.add_items from modelsearch 1.3.2; "
        f"installed is {modelsearch.__version__}: compare and update.",
        stacklevel=1,
    )

_GREEK_LETTER_RE = re.compile("[\u0370-\u03ff\u1f00-\u1fff]")


# --- queries -------------------------------------------------------------


def normalise_search_query(query, autocomplete=False):
    """Return ``query`` with every query string folded by ``search.greek``.

    Leaves whose terms are all stop words (or nothing at all) disappear; the
    result is ``None`` when nothing is left to search for.
    """
    if isinstance(query, (PlainText, Fuzzy)):
        terms = query_terms(query.query_string, keep_last=autocomplete)
        if not terms:
            return None
        if isinstance(query, Fuzzy):
            # Already unaccented here; f_unaccent() is not needed.
            return Fuzzy(" ".join(terms), operator=query.operator, unaccent=False)
        return PlainText(" ".join(terms), operator=query.operator, boost=query.boost)
    if isinstance(query, Phrase):
        terms = query_terms(query.query_string)
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
    """ObjectIndexer mixin: index text in ``prepare_for_index`` form."""

    def prepare_value(self, value):
        return prepare_for_index(super().prepare_value(value))


class GreekPostgresObjectIndexer(GreekIndexerMixin, PostgresObjectIndexer):
    pass


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
    """Whole-word search: stems, plus the forms the Greek stemmer splits off.

    For each (normalised) term:

    * ``stem:*`` when the term has at least ``PREFIX_MIN_LENGTH`` characters,
      so "συμβουλίου" (stem συμβουλ) also finds "συμβούλιο" (συμβουλι);
    * for Greek terms, the term's own prefixes of ``STEM_MIN_LENGTH`` and more
      characters, minus at most ``MAX_ENDING_LENGTH`` trailing ones, as exact
      unstemmed lexemes (config ``simple``), so "συμβούλιο" also finds a
      document whose only form is "συμβουλίου" (indexed as συμβουλ).

    Short terms stay exact: "πόλεις" (stem πολ) must not match πολιτική.
    """

    PREFIX_MIN_LENGTH = 7
    STEM_MIN_LENGTH = 5
    MAX_ENDING_LENGTH = 4

    def build_tsquery_content(self, query, config=None, invert=False):
        if not isinstance(query, PlainText):
            return super().build_tsquery_content(query, config=config, invert=invert)
        terms = query.query_string.split()
        if not terms:
            return None
        combine = and_ if query.operator == "and" else or_
        return reduce(combine, (self.term_tsquery(t, config, invert) for t in terms))

    def term_tsquery(self, term, config, invert=False):
        prefix = not invert and len(term) >= self.PREFIX_MIN_LENGTH
        tsquery = SearchQuery(
            Lexeme(term, invert=invert, prefix=prefix),
            search_type="raw",
            config=config,
        )
        if invert or not _GREEK_LETTER_RE.search(term):
            return tsquery
        start = max(self.STEM_MIN_LENGTH, len(term) - self.MAX_ENDING_LENGTH)
        stems = [Lexeme(term[:end]) for end in range(start, len(term))]
        if not stems:
            return tsquery
        return tsquery | SearchQuery(reduce(or_, stems), search_type="raw", config="simple")


class GreekPostgresAutocompleteQueryCompiler(GreekQueryMixin, PostgresAutocompleteQueryCompiler):
    AUTOCOMPLETE = True


class GreekPostgresSearchBackend(PostgresSearchBackend):
    query_compiler_class = GreekPostgresSearchQueryCompiler
    autocomplete_query_compiler_class = GreekPostgresAutocompleteQueryCompiler
    index_class = GreekPostgresIndex

    def __init__(self, params):
        super().__init__(params)
        self.config = params.get("SEARCH_CONFIG") or SEARCH_CONFIG


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
            pass

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

        class GreekSQLiteSearchQueryCompiler(GreekQueryMixin, SQLiteSearchQueryCompiler):
            pass

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
