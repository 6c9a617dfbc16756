"""Only changes the public can see invalidate the response cache, and they do so before the
admin's response returns (and again once the change is committed).

Each test reads the content version before and after one change: a publish, unpublish,
move, privacy change, deletion, snippet, document, image, collection or site change writes
a new one; a draft save, autosave, new revision, lock, comment or workflow step does not,
so that editors at work do not empty the cache."""

import datetime

import pytest
from django.contrib.auth.models import Group
from django.core.cache import cache
from django.core.files.base import ContentFile
from django.urls import reverse
from wagtail.documents import get_document_model
from wagtail.images import get_image_model
from wagtail.images.tests.utils import get_test_image_file
from wagtail.models import (
    Collection,
    CollectionViewRestriction,
    Comment,
    PageViewRestriction,
    Site,
)

from biopa.cache import VERSION_KEY, content_version
from home.models import StandardPage
from news.models import NewsCategory, NewsIndexPage, NewsPage
from tests.conftest import add_page, get_with_queries, page_form, publish

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _no_axes_for_force_login(settings):
    # django-axes records each login with the client address, which force_login lacks.
    settings.AXES_ENABLED = False


@pytest.fixture
def page(home_el):
    return add_page(home_el, StandardPage(title="Το πάρκο", slug="parko", introduction="Πρώτη"))


@pytest.fixture
def editor(admin_client):
    return admin_client


@pytest.fixture
def changes(django_capture_on_commit_callbacks):
    """`with changes() as change:` runs a change; afterwards `change.now` says whether a new
    version was written by the time it returned, `change.on_commit` whether the commit
    writes one again."""

    class Change:
        def __enter__(self):
            self.before = content_version()
            self.capture = django_capture_on_commit_callbacks(execute=False)
            self.callbacks = self.capture.__enter__()
            return self

        def __exit__(self, *exc_info):
            self.capture.__exit__(*exc_info)
            self.after = cache.get(VERSION_KEY)
            self.now = self.after != self.before
            for callback in self.callbacks:
                callback()
            self.on_commit = cache.get(VERSION_KEY) != self.after
            return False

    return Change


def edit_form(page, **action):
    return page_form(page.title, page.slug, introduction="Αλλαγμένη εισαγωγή", **action)


# What invalidates


def test_publish_through_the_admin_invalidates_before_the_response(editor, page, changes):
    with changes() as change:
        response = editor.post(
            reverse("wagtailadmin_pages:edit", args=(page.pk,)),
            edit_form(page, **{"action-publish": "action-publish"}),
        )
    assert response.status_code == 302
    page.refresh_from_db()
    assert page.introduction == "Αλλαγμένη εισαγωγή"
    assert change.now and change.on_commit


def test_publishing_a_revision_invalidates(page, changes):
    page.introduction = "Δεύτερη"
    with changes() as change:
        publish(page)
    assert change.now and change.on_commit


def test_unpublish_through_the_admin_invalidates(editor, page, changes):
    with changes() as change:
        response = editor.post(reverse("wagtailadmin_pages:unpublish", args=(page.pk,)))
    assert response.status_code == 302
    page.refresh_from_db()
    assert not page.live
    assert change.now and change.on_commit


def test_expiry_invalidates(page, changes):
    with changes() as change:
        page.unpublish(set_expired=True)
    assert change.now


def test_live_false_saved_outside_wagtail_invalidates(page, changes):
    with changes() as change:
        page.live = False
        page.save()
    assert change.now


def test_move_invalidates(page, home_el, changes):
    parent = add_page(home_el, StandardPage(title="Γονέας", slug="goneas"))
    with changes() as change:
        page.move(parent, pos="last-child")
    assert change.now


def test_reorder_through_the_admin_invalidates(editor, page, home_el, changes):
    add_page(home_el, StandardPage(title="Δεύτερη", slug="deuteri"))
    with changes() as change:
        response = editor.post(
            reverse("wagtailadmin_pages:set_page_position", args=(page.pk,)) + "?position=1"
        )
    assert response.status_code == 200
    assert change.now


def test_login_restriction_through_the_admin_invalidates(editor, page, changes):
    with changes() as change:
        response = editor.post(
            reverse("wagtailadmin_pages:set_privacy", args=(page.pk,)),
            {"restriction_type": "login", "password": "", "groups": []},
        )
    assert response.status_code == 200
    assert PageViewRestriction.objects.filter(page=page).exists()
    assert change.now and change.on_commit


def test_removing_a_restriction_invalidates(page, changes):
    restriction = PageViewRestriction.objects.create(page=page, restriction_type="login")
    with changes() as change:
        restriction.delete()
    assert change.now


def test_changing_the_groups_of_a_restriction_invalidates(page, changes):
    restriction = PageViewRestriction.objects.create(page=page, restriction_type="groups")
    board = Group.objects.create(name="Board")
    with changes() as change:
        restriction.groups.add(board)
    assert change.now
    with changes() as change:
        restriction.groups.remove(board)
    assert change.now


def test_collection_restriction_invalidates(changes):
    collection = Collection.get_first_root_node().add_child(name="Board")
    with changes() as change:
        restriction = CollectionViewRestriction.objects.create(
            collection=collection, restriction_type="login"
        )
    assert change.now
    with changes() as change:
        restriction.groups.add(Group.objects.create(name="Board members"))
    assert change.now


def test_deleting_a_live_page_through_the_admin_invalidates(editor, page, changes):
    with changes() as change:
        response = editor.post(reverse("wagtailadmin_pages:delete", args=(page.pk,)))
    assert response.status_code == 302
    assert not StandardPage.objects.filter(pk=page.pk).exists()
    assert change.now and change.on_commit


def test_an_alias_invalidates(page, home_el, changes):
    parent = add_page(home_el, StandardPage(title="Γονέας", slug="goneas"))
    with changes() as change:
        page.create_alias(parent=parent, update_slug="parko-alias")
    assert change.now


def test_snippet_change_invalidates(site_details, changes):
    greek, _english = site_details
    with changes() as change:
        greek.phone = "+30 28310 99999"
        greek.save()
    assert change.now


def test_snippet_created_and_deleted_invalidates(locales, changes):
    greek, _english = locales
    with changes() as change:
        category = NewsCategory.objects.create(name="Ανακοινώσεις", locale=greek)
    assert change.now
    with changes() as change:
        category.delete()
    assert change.now


def test_document_change_invalidates(changes):
    with changes() as change:
        document = get_document_model().objects.create(
            title="Προϋπολογισμός", file=ContentFile(b"%PDF-1.4", name="budget.pdf")
        )
    assert change.now
    with changes() as change:
        document.title = "Προϋπολογισμός 2026"
        document.save()
    assert change.now


def test_image_change_invalidates(changes):
    with changes() as change:
        get_image_model().objects.create(title="Πάρκο", file=get_test_image_file())
    assert change.now


def test_collection_and_site_changes_invalidate(home_el, changes):
    with changes() as change:
        Collection.get_first_root_node().add_child(name="Φωτογραφίες")
    assert change.now
    with changes() as change:
        site = Site.objects.get()
        site.site_name = "ΒΙΟ.ΠΑ."
        site.save()
    assert change.now


# What does not invalidate


def test_draft_save_through_the_admin_invalidates_nothing(editor, page, changes):
    with changes() as change:
        response = editor.post(reverse("wagtailadmin_pages:edit", args=(page.pk,)), edit_form(page))
    assert response.status_code == 302
    page.refresh_from_db()
    assert page.has_unpublished_changes
    assert page.get_latest_revision_as_object().introduction == "Αλλαγμένη εισαγωγή"
    assert not change.now and not change.on_commit


def test_autosave_invalidates_nothing(editor, page, changes):
    with changes() as change:
        response = editor.post(
            reverse("wagtailadmin_pages:edit", args=(page.pk,)),
            edit_form(page),
            HTTP_ACCEPT="application/json",
        )
    assert response.status_code == 200
    assert response.json()["success"] is True
    assert not change.now and not change.on_commit


def test_new_revision_invalidates_nothing(page, changes):
    with changes() as change:
        page.introduction = "Πρόχειρο"
        page.save_revision()
    assert not change.now and not change.on_commit


def test_new_draft_page_through_the_admin_invalidates_nothing(editor, home_el, changes):
    with changes() as change:
        response = editor.post(
            reverse("wagtailadmin_pages:add", args=("home", "standardpage", home_el.pk)),
            page_form("Νέα σελίδα", "nea-selida", introduction=""),
        )
    assert response.status_code == 302
    assert StandardPage.objects.filter(slug="nea-selida", live=False).exists()
    assert not change.now and not change.on_commit


def test_draft_save_of_an_unpublished_page_invalidates_nothing(editor, page, changes):
    page.unpublish()
    page.refresh_from_db()
    with changes() as change:
        response = editor.post(reverse("wagtailadmin_pages:edit", args=(page.pk,)), edit_form(page))
    assert response.status_code == 302
    assert not change.now and not change.on_commit


def test_lock_through_the_admin_invalidates_nothing(editor, page, changes):
    with changes() as change:
        response = editor.post(reverse("wagtailadmin_pages:lock", args=(page.pk,)))
    assert response.status_code == 302
    page.refresh_from_db()
    assert page.locked
    assert not change.now and not change.on_commit


def test_comment_invalidates_nothing(page, admin_user, changes):
    with changes() as change:
        Comment.objects.create(
            page=page, user=admin_user, text="Να ελεγχθεί", contentpath="introduction"
        )
    assert not change.now and not change.on_commit


def test_submitting_for_moderation_invalidates_nothing(editor, page, changes):
    with changes() as change:
        response = editor.post(
            reverse("wagtailadmin_pages:edit", args=(page.pk,)),
            edit_form(page, **{"action-submit": "action-submit"}),
        )
    assert response.status_code == 302
    page.refresh_from_db()
    assert page.current_workflow_state is not None
    assert not change.now and not change.on_commit


def test_a_first_request_writes_a_version_that_later_requests_share(page, client, settings):
    settings.PAGE_CACHE_SECONDS = 300
    cache.delete(VERSION_KEY)
    client.get(page.url)
    version = cache.get(VERSION_KEY)
    assert version is not None
    client.get(page.url)
    assert cache.get(VERSION_KEY) == version


# The fragments (biopa.cache.fragment): the site chrome, the home page's sections and the
# news index's years are built once per content version, with the response cache off too,
# for every visitor alike. A change the public can see shows on the very next request.


@pytest.fixture
def news_home(home_el, site_details):
    from tests.news.conftest import add_news

    index = add_page(home_el, NewsIndexPage(title="Νέα", slug="news", show_in_menus=True))
    add_news(index, "Πρώτο νέο", "first", date=datetime.date(2024, 1, 10))
    return index


def test_fragments_are_reused_until_a_change_then_rebuilt(client, news_home, site_details):
    cold, cold_queries = get_with_queries(client, "/el/")
    warm, warm_queries = get_with_queries(client, "/el/")
    assert warm.text == cold.text
    # The office details, the menu, the latest news and the next events come from the
    # fragments on the second request.
    assert len(warm_queries) <= len(cold_queries) - 4
    assert "Πρώτο νέο" in warm.text and ">Νέα</a>" in warm.text

    from tests.news.conftest import add_news

    add_news(news_home, "Δεύτερο νέο", "second", date=datetime.date(2024, 2, 1))
    news_home.title = "Ειδήσεις"
    publish(news_home)
    greek_details = site_details[0]
    greek_details.phone = "+30 28310 11111"
    greek_details.save()
    text = client.get("/el/").text
    assert "Δεύτερο νέο" in text
    assert ">Ειδήσεις</a>" in text and ">Νέα</a>" not in text
    assert "+30 28310 11111" in text


def test_unpublished_news_leaves_the_home_page_and_the_years_at_once(client, news_home):
    page = NewsPage.objects.get(slug="first")
    assert "Πρώτο νέο" in client.get("/el/").text
    assert '<option value="2024"' in client.get("/el/news/").text
    page.unpublish()
    assert "Πρώτο νέο" not in client.get("/el/").text
    assert '<option value="2024"' not in client.get("/el/news/").text


def test_signed_in_visitors_get_the_same_fragments(client, admin_client, news_home):
    anonymous = client.get("/el/")
    signed_in = admin_client.get("/el/")
    for text in ("Πρώτο νέο", ">Νέα</a>", "Βιοτεχνικό Πάρκο Ρεθύμνου"):
        assert text in anonymous.text and text in signed_in.text


def test_an_ended_event_leaves_the_home_page_when_it_ends(client, news_home, time_machine):
    from tests.news.conftest import add_event, at

    time_machine.move_to(at(2024, 6, 1, 9))
    add_event(news_home, "Ημερίδα", "workshop", start=at(2024, 6, 1, 10), end=at(2024, 6, 1, 12))
    assert "Ημερίδα" in client.get("/el/").text
    time_machine.move_to(at(2024, 6, 1, 11, 59))
    assert "Ημερίδα" in client.get("/el/").text
    time_machine.move_to(at(2024, 6, 1, 12, 0, 1))
    assert "Ημερίδα" not in client.get("/el/").text


def test_a_response_the_cache_cannot_store_costs_no_cache_call(client, settings, monkeypatch):
    from biopa import cache as response_cache

    settings.PAGE_CACHE_SECONDS = 300
    response_cache._unstorable.clear()
    calls = []
    for name in ("get", "set", "add"):
        original = getattr(cache, name)
        monkeypatch.setattr(
            cache, name, lambda *a, _o=original, _n=name, **k: calls.append(_n) or _o(*a, **k)
        )
    client.get("/robots.txt")  # learns that /robots.txt (text/plain) is never stored
    calls.clear()
    for _ in range(3):
        assert client.get("/robots.txt").status_code == 200
    assert calls == []


def _footer(text):
    return text[text.index('<footer class="site-footer">') : text.index("</footer>")]


def test_the_chrome_markup_is_kept_per_language_and_rebuilt_after_a_change(
    client, home_el, home_en, site_details
):
    """The footer and the assets' links are rendered once per content version, host and
    language ({% chrome_fragment %}): each language keeps its own, and a change to what
    they show is on the next page."""
    from biopa.cache import forget_local_fragments

    greek, english = _footer(client.get("/el/").text), _footer(client.get("/en/").text)
    assert "Υποσέλιδο" in greek and "Footer" not in greek
    assert "Footer" in english and "Υποσέλιδο" not in english
    # kept: the same markup as rendered afresh
    assert _footer(client.get("/el/").text) == greek
    forget_local_fragments()
    assert _footer(client.get("/el/").text) == greek

    greek_details = site_details[0]
    greek_details.footer_text = "Νέο υποσέλιδο"
    greek_details.save()
    assert "Νέο υποσέλιδο" in _footer(client.get("/el/").text)
    assert _footer(client.get("/en/").text) == english


def test_the_userbar_is_for_editors_only(client, admin_client, home_el):
    assert "wagtail-userbar" not in client.get("/el/").text
    assert "wagtail-userbar" in admin_client.get("/el/").text


def test_a_response_too_large_to_store_is_built_each_time_with_no_cache_call(
    client, home_el, settings, monkeypatch
):
    """Reading a response larger than PAGE_CACHE_MAX_BYTES back from the shared cache costs
    more than building it: it is not stored, and its path is not looked up for a while
    (the page itself still reads the content version, for its fragments)."""
    from biopa import cache as response_cache

    settings.PAGE_CACHE_SECONDS = 300
    response_cache._unstorable.clear()
    first = client.get("/el/")
    assert first["X-Cache"] == "MISS"  # stored while small enough
    settings.PAGE_CACHE_MAX_BYTES = len(first.content) - 1
    response_cache._unstorable.clear()
    keys = []
    for name in ("get", "set", "add"):
        original = getattr(cache, name)
        monkeypatch.setattr(
            cache, name, lambda key, *a, _o=original, **k: keys.append(key) or _o(key, *a, **k)
        )
    client.get("/el/?again=1")  # too large now: not stored, and the path is remembered
    responses = [key for key in keys if key.startswith("biopa:response:")]
    assert len(responses) == 1  # the one look-up before it was built
    keys.clear()
    for _ in range(3):
        response = client.get("/el/?again=1")
        assert response.status_code == 200 and "X-Cache" not in response
    assert not [key for key in keys if key.startswith("biopa:response:")]
    # only that address: the same path with another query is still looked up
    client.get("/el/?other=1")
    assert [key for key in keys if key.startswith("biopa:response:")]
