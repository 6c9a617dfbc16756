"""The contact form's limits hold under concurrent posts and without the cache: a token is
spent once, and one address stores at most CONTACT_RATE_LIMIT messages per window."""

import datetime
import threading
import time

import pytest
from django.db import connection, connections
from django.test import Client
from wagtail.contrib.forms.models import FormSubmission

from contact import spam
from contact.models import ContactRateCounter, UsedFormToken
from tests.contact.test_contact_form import form_data, spam_log  # noqa: F401

LIMIT = 5
# Threads use connections of their own, so these tests commit; the serialized rollback
# puts back the rows of migrations (Wagtail's root page) that the flush after them removes.
CONCURRENT = pytest.mark.django_db(transaction=True, serialized_rollback=True)


@pytest.fixture
def committed_pages(django_db_serialized_rollback, contact_pages):
    return contact_pages


def post_all_at_once(payloads):
    """POST every payload to the Greek contact page from its own thread and connection,
    released together; the status codes, in order."""
    barrier = threading.Barrier(len(payloads))
    statuses = [None] * len(payloads)

    def send(index, data):
        try:
            barrier.wait()
            statuses[index] = Client().post("/el/contact/", data).status_code
        finally:
            connections.close_all()

    threads = [
        threading.Thread(target=send, args=(index, data)) for index, data in enumerate(payloads)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    return statuses


@CONCURRENT
def test_concurrent_posts_from_one_address_store_at_most_the_limit(committed_pages, settings):
    settings.CONTACT_RATE_LIMIT = (LIMIT, 3600)
    greek, _english = committed_pages
    statuses = post_all_at_once([form_data(greek) for _ in range(12)])
    stored = FormSubmission.objects.count()
    assert 1 <= stored <= LIMIT
    assert statuses.count(200) == stored
    if connection.vendor == "postgresql":
        # Row locks let every post through in turn: exactly the limit, the rest refused.
        assert stored == LIMIT and statuses.count(429) == 12 - LIMIT
    else:
        # SQLite has one writer at a time; a post may also wait for the lock and be
        # refused, never stored beyond the limit.
        assert set(statuses) <= {200, 429}


@CONCURRENT
def test_concurrent_replays_of_one_form_store_it_once(committed_pages):
    greek, _english = committed_pages
    data = form_data(greek)
    statuses = post_all_at_once([dict(data) for _ in range(8)])
    assert FormSubmission.objects.count() == 1
    assert statuses.count(200) == 1 and statuses.count(400) == 7


@pytest.mark.django_db
def test_a_form_token_is_spent_once(client, contact_pages, spam_log):  # noqa: F811
    greek, _english = contact_pages
    data = form_data(greek)
    assert client.post("/el/contact/", data).status_code == 200
    replay = client.post("/el/contact/", data)
    assert replay.status_code == 400
    assert FormSubmission.objects.count() == 1
    assert "reason=replay" in spam_log[0]
    # The form comes back with a fresh token of its own.
    assert replay.context["timestamp_token"] != data[spam.TIMESTAMP_FIELD]


@pytest.mark.django_db
def test_a_token_without_a_nonce_is_refused(client, contact_pages, spam_log):  # noqa: F811
    from django.core import signing

    greek, _english = contact_pages
    old_style = signing.dumps({"page": greek.pk, "at": time.time() - 30}, salt=spam.SALT)
    response = client.post("/el/contact/", form_data(greek, **{spam.TIMESTAMP_FIELD: old_style}))
    assert response.status_code == 400
    assert "reason=token" in spam_log[0]


class BrokenCache:
    """A cache whose server is unreachable."""

    def __getattr__(self, name):
        def fail(*args, **kwargs):
            raise ConnectionError("cache unreachable")

        return fail


@pytest.mark.django_db
def test_the_limits_hold_with_the_cache_down(client, contact_pages, monkeypatch, spam_log):  # noqa: F811
    monkeypatch.setattr(spam, "cache", BrokenCache())
    greek, _english = contact_pages
    statuses = [client.post("/el/contact/", form_data(greek)).status_code for _ in range(7)]
    assert statuses == [200] * LIMIT + [429, 429]
    assert FormSubmission.objects.count() == LIMIT
    assert "reason=rate_limit" in spam_log[0]


@pytest.mark.django_db
def test_the_contact_page_is_never_cached(client, contact_pages):
    response = client.get("/el/contact/")
    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"] and "private" in response["Cache-Control"]


@pytest.mark.django_db
def test_spent_tokens_and_past_windows_are_purged_as_new_ones_come(contact_pages, time_machine):
    time_machine.move_to("2026-03-02 10:00:00+02:00", tick=False)
    assert UsedFormToken.spend("old", keep_seconds=3600)
    assert ContactRateCounter.take("192.0.2.1", limit=LIMIT, window=600)
    time_machine.shift(2 * 3600)
    assert UsedFormToken.spend("new", keep_seconds=3600)
    assert ContactRateCounter.take("192.0.2.1", limit=LIMIT, window=600)
    assert list(UsedFormToken.objects.values_list("nonce", flat=True)) == ["new"]
    counter = ContactRateCounter.objects.get()  # 10:00 UTC, the current ten minutes
    assert counter.window_start == datetime.datetime(2026, 3, 2, 10, 0, tzinfo=datetime.UTC)


@pytest.mark.django_db
def test_one_counter_row_per_address_and_window(contact_pages):
    for _ in range(LIMIT + 2):
        ContactRateCounter.take("192.0.2.9", limit=LIMIT, window=600)
    counter = ContactRateCounter.objects.get(address="192.0.2.9")
    assert counter.count == LIMIT
