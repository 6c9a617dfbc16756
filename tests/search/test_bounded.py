"""Search work that does not grow with the number of matches (issue #14), on SQLite and
PostgreSQL alike: a bounded first pass (the newest matches, title hits first), the
visibility rule on just those, counts exact up to a bound, suggest bounded the same way,
and the optional cache of anonymous results under the content version."""

import datetime

import pytest
import time_machine
from django.db import connection
from django.utils import timezone
from wagtail.models import Page, PageViewRestriction

from home.models import StandardPage
from search import selectors
from tests.conftest import add_page, get_with_queries

from .corpus import paragraph


def standard(parent, title, slug, body="", days_ago=0):
    page = StandardPage(title=title, slug=slug, introduction="Κείμενο.")
    if body:
        page.body = paragraph(f"<p>{body}</p>")
    page = add_page(parent, page)
    # publication dates set apart, so that "the newest" is well defined
    published = timezone.now() - datetime.timedelta(days=days_ago)
    Page.objects.filter(pk=page.pk).update(first_published_at=published)
    return page


def outcome(client, query, **params):
    response = client.get("/el/search/", {"q": query, **params})
    assert response.status_code == 200
    return response.context["outcome"]


def titles(found):
    return [result.page.title for result in found.results]


@pytest.fixture
def small_bounds(monkeypatch):
    """A first pass of 5 rows (COUNT_LIMIT + 1), 3 of them ranked."""
    monkeypatch.setattr(selectors, "COUNT_LIMIT", 4)
    monkeypatch.setattr(selectors, "MAX_CANDIDATES", 3)


def test_the_candidates_are_the_newest_matches_title_hits_first(client, home_el, small_bounds):
    for day in range(8):  # in the body only: day 0 is the newest
        standard(home_el, f"Σελίδα {day}", f"body-{day}", "Η ανακύκλωση συνεχίζεται.", day)
    standard(home_el, "Ανακύκλωση στη ΒΙΠΕ", "title-new", "Πρόγραμμα.", days_ago=3)
    standard(home_el, "Ανακύκλωση παλιά", "title-old", "Πρόγραμμα.", days_ago=30)

    found = outcome(client, "ανακύκλωση")

    # the first pass read the 5 newest matches (days 0, 1, 2, 3 and the title hit of day
    # 3); the title hit among them is first, then the newest body matches
    assert titles(found) == ["Ανακύκλωση στη ΒΙΠΕ", "Σελίδα 0", "Σελίδα 1"]
    assert "Ανακύκλωση παλιά" not in titles(found)  # beyond the bound
    assert found.counts_capped and found.total == 4
    assert "4+" in client.get("/el/search/", {"q": "ανακύκλωση"}).content.decode()


def test_counts_below_the_bound_are_exact(client, home_el, small_bounds):
    for day in range(3):
        standard(home_el, f"Σελίδα {day}", f"body-{day}", "Η ανακύκλωση συνεχίζεται.", day)

    found = outcome(client, "ανακύκλωση")

    assert not found.counts_capped and found.total == 3
    assert [(result_type.key, count) for result_type, count in found.counts] == [("page", 3)]


def test_a_private_page_among_the_first_matches_is_neither_shown_nor_counted(
    client, home_el, small_bounds
):
    private = standard(home_el, "Ανακύκλωση εσωτερική", "private", "Ανακύκλωση.", days_ago=0)
    PageViewRestriction.objects.create(page=private, restriction_type="login")
    for day in range(1, 3):
        standard(home_el, f"Σελίδα {day}", f"body-{day}", "Η ανακύκλωση συνεχίζεται.", day)

    found = outcome(client, "ανακύκλωση")

    assert titles(found) == ["Σελίδα 1", "Σελίδα 2"]
    assert found.total == 2 and not found.counts_capped


def test_the_work_is_the_same_for_many_matches_as_for_few(client, home_el, small_bounds):
    def queries():
        client.get("/el/search/", {"q": "ανακύκλωση"})
        response, captured = get_with_queries(client, "/el/search/", {"q": "ανακύκλωση"})
        ranked = response.context["outcome"].page_obj.paginator.count
        return len(captured), ranked

    for day in range(5):
        standard(home_el, f"Σελίδα {day}", f"body-{day}", "Η ανακύκλωση συνεχίζεται.", day)
    few = queries()
    for day in range(5, 40):
        standard(home_el, f"Σελίδα {day}", f"body-{day}", "Η ανακύκλωση συνεχίζεται.", day)
    many = queries()

    assert few == many == (few[0], 3)  # the same queries, at most MAX_CANDIDATES ranked


def test_suggest_finds_a_title_beyond_its_first_walk(client, home_el, monkeypatch):
    monkeypatch.setattr(selectors, "SUGGEST_WALK", 1)
    for i in range(3):
        standard(home_el, f"Σελίδα {i}", f"page-{i}")
    standard(home_el, "Πυροσβεστικές φωλιές", "tanks")

    response = client.get("/el/search/suggest/", {"q": "πυρ"})

    assert [row["title"] for row in response.json()["results"]] == ["Πυροσβεστικές φωλιές"]


# --- the cache of anonymous results (SEARCH_CACHE_SECONDS) -------------------------------


@pytest.fixture
def search_cache(settings):
    from django.core.cache import cache

    from biopa.cache import forget_local_fragments

    settings.SEARCH_CACHE_SECONDS = 60
    cache.clear()
    forget_local_fragments()
    yield
    cache.clear()
    forget_local_fragments()


def test_without_the_setting_nothing_is_cached(client, home_el, settings):
    settings.SEARCH_CACHE_SECONDS = 0
    standard(home_el, "Ανακύκλωση", "recycling")
    client.get("/el/search/", {"q": "ανακύκλωση"})
    first = len(get_with_queries(client, "/el/search/", {"q": "ανακύκλωση"})[1])
    second = len(get_with_queries(client, "/el/search/", {"q": "ανακύκλωση"})[1])
    assert first == second


def test_anonymous_results_are_cached_until_the_content_changes(client, home_el, search_cache):
    standard(home_el, "Ανακύκλωση", "recycling")
    client.get("/el/search/", {"q": "ανακύκλωση"})
    uncached = len(get_with_queries(client, "/el/search/", {"q": "ανακύκλωση"})[1])

    response, captured = get_with_queries(client, "/el/search/", {"q": "ανακύκλωση"})
    assert titles(response.context["outcome"]) == ["Ανακύκλωση"]
    assert len(captured) <= uncached

    # a publish bumps the content version: the new page is found at once
    standard(home_el, "Ανακύκλωση χαρτιού", "paper")
    assert sorted(titles(outcome(client, "ανακύκλωση"))) == ["Ανακύκλωση", "Ανακύκλωση χαρτιού"]

    # so does a privacy change: the page is gone at once
    paper = Page.objects.get(slug="paper")
    PageViewRestriction.objects.create(page=paper, restriction_type="login")
    assert titles(outcome(client, "ανακύκλωση")) == ["Ανακύκλωση"]
    assert [
        row["title"] for row in client.get("/el/search/suggest/", {"q": "ανακ"}).json()["results"]
    ] == ["Ανακύκλωση"]


def test_a_cached_search_runs_no_first_pass(client, home_el, search_cache, settings):
    standard(home_el, "Ανακύκλωση", "recycling")

    def passes():
        _, captured = get_with_queries(client, "/el/search/", {"q": "ανακύκλωση"})
        return sum("wagtailsearch_indexentry" in query["sql"] for query in captured)

    assert passes() >= 1  # built
    assert passes() == 0  # from the cache
    settings.SEARCH_CACHE_SECONDS = 0
    assert passes() >= 1


def test_signed_in_visitors_are_not_served_cached_results(
    client, home_el, search_cache, django_user_model
):
    standard(home_el, "Ανακύκλωση", "recycling")
    user = django_user_model.objects.create_user("reader", password="x" * 16)
    client.force_login(user)

    def passes():
        _, captured = get_with_queries(client, "/el/search/", {"q": "ανακύκλωση"})
        return sum("wagtailsearch_indexentry" in query["sql"] for query in captured)

    assert passes() >= 1
    assert passes() >= 1


def test_cached_results_never_outlive_the_next_expiry(client, home_el, search_cache):
    standard(home_el, "Ανακύκλωση", "recycling")
    brief = standard(home_el, "Ανακύκλωση γυαλιού", "glass")
    expiry = timezone.now() + datetime.timedelta(seconds=30)  # within SEARCH_CACHE_SECONDS
    brief.expire_at = expiry
    brief.save_revision().publish()
    expected = ["Ανακύκλωση", "Ανακύκλωση γυαλιού"]
    assert sorted(titles(outcome(client, "ανακύκλωση"))) == expected  # kept from now on
    assert sorted(row["title"] for row in suggestions(client, "ανακ")) == expected
    # Past its expiry, before the scheduler unpublishes it (no new content version):
    with time_machine.travel(expiry + datetime.timedelta(seconds=1), tick=False):
        assert titles(outcome(client, "ανακύκλωση")) == ["Ανακύκλωση"]
        assert [row["title"] for row in suggestions(client, "ανακ")] == ["Ανακύκλωση"]


def suggestions(client, q):
    return client.get("/el/search/suggest/", {"q": q}).json()["results"]


def test_the_search_and_suggest_run_the_sql_written_once(client, home_el):
    """Every statement the search and suggest use is kept as SQL (biopa.statements), not
    built again per request: a change in how Django passes a value (psycopg's Int4 for an
    integer field, say) would silently bring the ORM's cost back."""
    from biopa import visibility

    standard(home_el, "Ρέθυμνο", "rethymno", "Το πάρκο.")
    for query, params in (("ρεθυμνο", {}), ("ρεθιμνο", {}), ("ρεθυμνο", {"type": "page"})):
        outcome(client, query, **params)
    assert client.get("/el/search/suggest/", {"q": "ρεθ"}).json()["results"]
    statements = list(selectors._FIRST_PASSES.values())
    statements += [statement for statement, _ in selectors._SHOWN.values()]
    statements += [selectors.SUGGEST_STATEMENT, *visibility._PUBLIC_ROWS.values()]
    assert len(statements) >= 5
    for statement in statements:
        # run (so compiled for this database), and kept as SQL, not built per call
        assert statement._compiled and all(statement._compiled.values()), statement.build


@pytest.mark.django_db
def test_the_index_has_no_pending_list_to_read():
    """PostgreSQL: the index's GIN indexes add entries in place (search 0006), so that no
    search reads an unsorted list of recent entries first (3.9 ms on the bench site for a
    prefix that matched nothing). SQLite's FTS5 table keeps no such list."""
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(
                """SELECT index_class.reloptions FROM pg_index
                JOIN pg_class index_class ON index_class.oid = pg_index.indexrelid
                JOIN pg_class table_class ON table_class.oid = pg_index.indrelid
                JOIN pg_am ON pg_am.oid = index_class.relam
                WHERE table_class.relname = 'wagtailsearch_indexentry' AND pg_am.amname = 'gin'
                AND table_class.relnamespace = current_schema()::regnamespace"""
            )
            options = [row[0] or [] for row in cursor.fetchall()]
            assert len(options) == 3  # body, autocomplete, title
            assert all("fastupdate=off" in option for option in options), options
        else:
            cursor.execute(
                "SELECT sql FROM sqlite_master WHERE name = 'wagtailsearch_indexentry_fts'"
            )
            assert "fts5" in cursor.fetchone()[0].lower()
