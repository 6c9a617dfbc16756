"""`biopa.visibility.public_page_rows`: the rule of `public_pages`, written to SQL once per
process (biopa.statements) for the search's candidates. It must agree with the queryset
in every state a page can be in, at any moment, on both databases."""

import datetime

import pytest
from django.core.files.base import ContentFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from wagtail.models import Collection, CollectionViewRestriction, Page, PageViewRestriction

from biopa import visibility
from biopa.statements import Statement
from documents.models import CustomDocument, DocumentIndexPage, DocumentPage
from home.models import StandardPage
from tests.conftest import add_page

pytestmark = pytest.mark.django_db


@pytest.fixture
def states(home_el):
    """{state: page} for every way a page can be public or not."""
    now = timezone.now()
    section = add_page(home_el, StandardPage(title="Τμήμα", slug="section"))
    closed = add_page(home_el, StandardPage(title="Κλειστό", slug="closed"))
    PageViewRestriction.objects.create(page=closed, restriction_type=PageViewRestriction.LOGIN)
    secret = Collection.get_first_root_node().add_child(name="Εσωτερικά")
    CollectionViewRestriction.objects.create(
        collection=secret, restriction_type=CollectionViewRestriction.LOGIN
    )
    inner = secret.add_child(name="Πιο μέσα")
    library = add_page(home_el, DocumentIndexPage(title="Αρχείο", slug="library"))

    def entry(slug, collection):
        document = CustomDocument.objects.create(
            title=slug, file=ContentFile(b"%PDF-1.4 x", name=f"{slug}.pdf"), collection=collection
        )
        entry = DocumentPage(
            title=slug, slug=slug, document=document, document_date=timezone.localdate()
        )
        return add_page(library, entry)

    public_source = add_page(section, StandardPage(title="Πηγή", slug="source"))
    private_source = add_page(closed, StandardPage(title="Κρυφή πηγή", slug="hidden-source"))
    pages = {
        "public": add_page(section, StandardPage(title="Δημόσια", slug="public")),
        "draft": add_page(section, StandardPage(title="Πρόχειρο", slug="draft"), live=False),
        "expired": add_page(
            section, StandardPage(title="Έληξε", slug="expired", expire_at=now - _hour())
        ),
        "expires later": add_page(
            section, StandardPage(title="Λήγει", slug="later", expire_at=now + _hour())
        ),
        "restricted itself": closed,
        "under a restricted ancestor": add_page(closed, StandardPage(title="Μέσα", slug="inside")),
        "alias of a public page": public_source.create_alias(parent=home_el, update_slug="a1"),
        "alias of a private page": private_source.create_alias(parent=home_el, update_slug="a2"),
        "entry with a public file": entry("open-file", Collection.get_first_root_node()),
        "entry with a restricted file": entry("secret-file", secret),
        "entry in a collection under a restricted one": entry("inner-file", inner),
    }
    return pages


def _hour():
    return datetime.timedelta(hours=1)


def _by_queryset(ids, now):
    return set(
        visibility.public_pages(Page.objects.filter(pk__in=ids), now=now).values_list(
            "pk", flat=True
        )
    )


@pytest.mark.parametrize("offset_hours", [-2, 0, 2])
def test_agrees_with_the_queryset_in_every_state_and_at_any_moment(states, offset_hours):
    now = timezone.now() + datetime.timedelta(hours=offset_hours)
    ids = list(Page.objects.values_list("pk", flat=True))
    rows = {row[0] for row in visibility.public_page_rows(ids, now=now)}
    assert rows == _by_queryset(ids, now)
    public = {name for name, page in states.items() if page.pk in rows}
    expected = {"public", "expires later", "alias of a public page", "entry with a public file"}
    if offset_hours < 0:  # before the expired page's expiry time
        expected.add("expired")
    if offset_hours > 0:  # after the later one's
        expected.discard("expires later")
    assert public == expected


def test_a_change_of_privacy_shows_at_once(states):
    """The SQL is kept, not the answer: a restriction added now counts on the next call."""
    page = states["public"]
    assert visibility.public_page_rows([page.pk]) == [(page.pk,)]
    PageViewRestriction.objects.create(page=page, restriction_type=PageViewRestriction.LOGIN)
    assert visibility.public_page_rows([page.pk]) == []


def test_one_query_with_the_ids_as_one_parameter_and_fields_converted(states):
    ids = [page.pk for page in states.values()]
    visibility.public_page_rows(ids, ("pk", "title", "first_published_at"))
    with CaptureQueriesContext(connection) as queries:
        rows = visibility.public_page_rows(ids, ("pk", "title", "first_published_at"))
    assert len(queries) == 1
    assert all(isinstance(row[2], datetime.datetime) for row in rows)
    assert {row[1] for row in rows} >= {"Δημόσια", "open-file"}
    assert visibility.public_page_rows([]) == []


def test_a_statement_whose_marker_the_orm_changes_is_built_each_time(home_el):
    """`icontains` wraps its text in % signs: the marker cannot be found in the SQL, so the
    statement falls back to the ORM with the real value, and still answers correctly."""
    add_page(home_el, StandardPage(title="Οδηγός πυρασφάλειας", slug="guide"))
    add_page(home_el, StandardPage(title="Νέα", slug="news"))
    statement = Statement(
        lambda m: Page.objects.filter(title__icontains=m.text("word")).values_list("title")
    )
    assert statement.run(word="πυρασφ") == [("Οδηγός πυρασφάλειας",)]
    assert statement.run(word="Νέα") == [("Νέα",)]
    assert not next(iter(statement._compiled.values()))  # built per call


def test_a_statement_runs_the_same_sql_with_new_values(home_el):
    first = add_page(home_el, StandardPage(title="Πρώτη", slug="first"))
    second = add_page(home_el, StandardPage(title="Δεύτερη", slug="second"))
    statement = Statement(
        lambda m: (
            Page.objects.filter(depth=m.int("depth"), pk__gte=m.int("from"))
            .order_by("pk")
            .values_list("title")
        )
    )
    depth = first.depth
    assert statement.run(depth=depth, **{"from": first.pk}) == [("Πρώτη",), ("Δεύτερη",)]
    assert statement.run(depth=depth, **{"from": second.pk}) == [("Δεύτερη",)]
    assert statement.run(depth=depth + 5, **{"from": 0}) == []
    assert next(iter(statement._compiled.values()))  # compiled once, run three times


def test_a_value_the_orm_would_judge_itself_is_answered_the_same(home_el):
    """For a value out of a field's range the ORM skips the query (EmptyResultSet); the
    kept SQL asks the database, which gives the same answer."""
    page = add_page(home_el, StandardPage(title="Μία", slug="one"))
    statement = Statement(
        lambda m: Page.objects.filter(pk=m.int("pk"), numchild__lt=m.int("small")).values_list(
            "title"
        )
    )
    # numchild is a PositiveIntegerField: a negative value proves nothing can match
    assert statement.run(pk=page.pk, small=-1) == []
    assert statement.run(pk=page.pk, small=5) == [("Μία",)]


# --- kept per content version: public_values ---------------------------------------------


def _request():
    from django.test import RequestFactory

    return RequestFactory().get("/el/search/")


def _public_ids(ids, **kwargs):
    return set(visibility.public_values(ids, **kwargs))


def test_public_values_are_kept_per_content_version(states):
    page, other = states["public"], states["expires later"]
    ids = [page.pk, other.pk, states["draft"].pk]
    assert _public_ids(ids, request=_request()) == {page.pk, other.pk}
    with CaptureQueriesContext(connection) as queries:
        assert _public_ids(ids, request=_request()) == {page.pk, other.pk}
    assert len(queries) == 0  # kept: the same pages asked again
    # a restriction writes a new content version (biopa.cache): the next request asks again
    PageViewRestriction.objects.create(page=page, restriction_type=PageViewRestriction.LOGIN)
    assert _public_ids(ids, request=_request()) == {other.pk}


def test_public_values_carry_the_fields_asked_for_and_follow_a_publish(states):
    page = states["public"]
    ids = [page.pk, states["draft"].pk]
    assert visibility.public_values(ids, ("title",), request=_request()) == {page.pk: (page.title,)}
    # fields asked for are kept apart: another set of fields is not served from the first
    assert visibility.public_values(ids, request=_request()) == {page.pk: ()}
    page = page.specific
    page.title = "Νέος τίτλος"
    page.save_revision().publish()  # a publish writes a new content version
    assert visibility.public_values(ids, ("title",), request=_request()) == {
        page.pk: ("Νέος τίτλος",)
    }


def test_public_values_are_kept_no_longer_than_the_next_expiry(states):
    import time_machine

    # expiring well within a fragment's own 60 s, so that only the expiry bound can end it
    soon = timezone.now() + datetime.timedelta(seconds=20)
    Page.objects.filter(pk=states["expires later"].pk).update(expire_at=soon)
    ids = [states["public"].pk, states["expires later"].pk]
    assert _public_ids(ids, request=_request()) == set(ids)
    with time_machine.travel(soon + datetime.timedelta(seconds=5)):
        # no publish announces an expiry: the kept answer ends at the expiry time
        assert _public_ids(ids, request=_request()) == {states["public"].pk}


def test_public_values_without_a_request_ask_the_database_each_time(states):
    ids = [states["public"].pk]
    visibility.public_values(ids)
    with CaptureQueriesContext(connection) as queries:
        assert _public_ids(ids) == set(ids)
    assert len(queries) == 1


def test_public_values_hold_when_another_thread_empties_the_memo(states, monkeypatch):
    """The memo is shared by the threads of a process and emptied at MEMO_LIMIT: an answer
    read while another thread empties it is still whole and right."""
    page, other = states["public"], states["expires later"]
    ids = [page.pk, other.pk, states["draft"].pk]
    assert set(visibility.public_values(ids, request=_request())) == {page.pk, other.pk}

    class EmptiedWhileRead(dict):
        def get(self, *args):
            value = super().get(*args)
            self.clear()  # as another thread would, between two reads
            return value

    memo = EmptiedWhileRead({page.pk: (), other.pk: (), states["draft"].pk: None})
    monkeypatch.setattr(visibility, "fragment", lambda *args, **kwargs: memo)
    assert set(visibility.public_values(ids, request=_request())) == {page.pk, other.pk}
