"""The search page at /<lang>/search/, through the public URL."""

import datetime
import re
from urllib.parse import quote

import pytest
from wagtail.contrib.search_promotions.models import Query, SearchPromotion
from wagtail.models import Page, PageViewRestriction

from home.models import StandardPage
from search.models import SearchQueryLog
from tests.conftest import add_page, get_with_queries, publish

from .corpus import paragraph


def results(response):
    return [result.page.title for result in response.context["outcome"].results]


def standard(parent, title, slug, introduction="", body=""):
    page = StandardPage(title=title, slug=slug, introduction=introduction)
    if body:
        page.body = paragraph(body)
    return add_page(parent, page)


@pytest.fixture
def news_index(home_el):
    from news.models import NewsIndexPage

    return add_page(home_el, NewsIndexPage(title="Νέα", slug="news"))


def news(index, title, slug, summary, date):
    from news.models import NewsPage

    return add_page(index, NewsPage(title=title, slug=slug, summary=summary, date=date))


# --- one result -------------------------------------------------------------------


def test_a_result_has_title_type_date_link_and_marked_snippet(client, home_el):
    page = standard(
        home_el,
        "Οδηγός επενδυτή",
        "guide",
        "Όσα χρειάζεται μια επιχείρηση για να εγκατασταθεί στο Ρέθυμνο.",
    )

    response = client.get("/el/search/", {"q": "ρεθυμνο"})

    html = response.content.decode()
    assert response.status_code == 200
    assert f'href="{page.url}"' in html
    assert ">Σελίδα<" in html
    assert f'datetime="{page.first_published_at:%Y-%m-%d}"' in html
    assert "εγκατασταθεί στο <mark>Ρέθυμνο</mark>." in html


def test_the_snippet_comes_from_the_body_around_the_match(client, home_el):
    words = " ".join(f"λέξη{i}" for i in range(100))
    standard(home_el, "Σελίδα", "page", "", f"<p>{words} ΟΙΚΟΠΕΔΑ προς πώληση. {words}</p>")

    html = client.get("/el/search/", {"q": "οικοπεδα"}).content.decode()

    snippet = re.search(r'class="search-result__snippet">(.*?)</p>', html, re.S).group(1)
    assert "<mark>ΟΙΚΟΠΕΔΑ</mark> προς πώληση" in snippet
    assert snippet.startswith("…") and snippet.endswith("…")
    assert len(snippet) < 400


def test_a_snippet_in_the_other_language_carries_its_lang(client, home_en):
    standard(
        home_en,
        "Investor guide",
        "guide",
        "Οδηγός για επενδυτές στο Ρέθυμνο: οικόπεδα, άδειες και αιτήσεις (Rethymno).",
    )
    standard(home_en, "Plots", "plots", "Plots for sale in Rethymno, with their prices.")

    html = client.get("/en/search/", {"q": "rethymno"}).content.decode()

    snippets = dict(
        re.findall(
            r'<a href="[^"]+">([^<]+)</a></h3>.*?class="search-result__snippet"(?: lang="(\w+)")?',
            html,
            re.S,
        )
    )
    assert snippets == {"Investor guide": "el", "Plots": ""}


def test_content_and_query_are_escaped(client, home_el):
    standard(
        home_el,
        'Ρέθυμνο <script>alert("x")</script>',
        "xss",
        'Ρέθυμνο & <img src=x onerror="alert(1)"> <b>bold</b>',
    )

    response = client.get("/el/search/", {"q": 'ρεθυμνο"><script>alert(2)</script>'})
    html = response.content.decode()
    assert response.status_code == 200
    assert "<script>alert" not in html
    assert "<img src=x" not in html
    assert "<b>bold" not in html

    response = client.get("/el/search/", {"q": "ρεθυμνο"})
    html = response.content.decode()
    assert "<mark>Ρέθυμνο</mark> &lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;" in html
    assert "<mark>Ρέθυμνο</mark> &amp; &lt;img src=x" in html
    assert "<script>alert" not in html


def test_the_page_is_noindex(client, home_el):
    response = client.get("/el/search/", {"q": "ρεθυμνο"})
    assert '<meta name="robots" content="noindex">' in response.content.decode()
    assert response["X-Robots-Tag"] == "noindex"


@pytest.mark.parametrize("query", ["", "   ", "α", "και το της για", "!!!", '""'])
def test_empty_or_too_short_query_gets_a_helpful_page(client, home_el, query):
    response = client.get("/el/search/", {"q": query})
    assert response.status_code == 200
    assert response.context["outcome"].too_short
    assert 'class="search-help"' in response.content.decode()


def test_nothing_found_gets_advice(client, home_el):
    response = client.get("/el/search/", {"q": "ανύπαρκτηλέξη"})
    assert response.status_code == 200
    assert "search-none-heading" in response.content.decode()


def test_the_language_switcher_keeps_the_query(client, home_en):
    html = client.get("/el/search/", {"q": "ρεθυμνο", "type": "page"}).content.decode()
    assert f'href="/en/search/?q={quote("ρεθυμνο")}&amp;type=page"' in html


# --- types, counts, pages -----------------------------------------------------------


def test_filter_by_type_with_counts(client, home_el, news_index):
    standard(home_el, "Ανακύκλωση", "recycling", "Πρόγραμμα ανακύκλωσης.")
    news(news_index, "Νέο πρόγραμμα ανακύκλωσης", "n1", "Ανακύκλωση χαρτιού.", None)
    news(news_index, "Ανακύκλωση μπαταριών", "n2", "Ξεκινά.", None)

    response = client.get("/el/search/", {"q": "ανακύκλωση"})
    counts = {t.key: n for t, n in response.context["outcome"].counts}
    assert counts == {"page": 1, "news": 2}
    html = response.content.decode()
    assert "type=news" in html and "(2)" in html

    response = client.get("/el/search/", {"q": "ανακύκλωση", "type": "news"})
    assert sorted(results(response)) == ["Ανακύκλωση μπαταριών", "Νέο πρόγραμμα ανακύκλωσης"]
    assert {r.type.key for r in response.context["outcome"].results} == {"news"}
    label = str(response.context["outcome"].results[0].type.label)
    assert f'class="search-result__type">{label}<' in response.content.decode()


@pytest.mark.parametrize("bad_type", ["nope", "", "<script>", "page' OR 1=1", "x" * 5000])
def test_an_unknown_type_is_ignored(client, home_el, bad_type):
    standard(home_el, "Ανακύκλωση", "recycling")
    response = client.get("/el/search/", {"q": "ανακύκλωση", "type": bad_type})
    assert response.status_code == 200
    assert results(response) == ["Ανακύκλωση"]


@pytest.fixture
def many(home_el):
    for i in range(23):
        standard(home_el, f"Οικόπεδο {i}", f"plot-{i}", "Οικόπεδο προς πώληση.")


def test_ten_results_a_page(client, many):
    first = client.get("/el/search/", {"q": "οικοπεδο"})
    third = client.get("/el/search/", {"q": "οικοπεδο", "page": "3"})
    assert len(results(first)) == 10
    assert len(results(third)) == 3
    assert first.context["outcome"].total == 23
    assert 'rel="next"' in first.content.decode()


BAD_PAGE_NUMBERS = [
    ("99", 3), ("0", 3), ("-1", 3), ("abc", 10), ("1.5", 10), ("9" * 5000, 3), ("\x00", 10),
]  # fmt: skip


def test_bad_page_numbers_never_fail(client, many):
    # One test for all values: building 23 pages is the slow part.
    for page, shown in BAD_PAGE_NUMBERS:
        response = client.get("/el/search/", {"q": "οικοπεδο", "page": page})
        assert response.status_code == 200, page
        assert len(results(response)) == shown, page


# --- ranking ----------------------------------------------------------------------


def test_a_title_match_ranks_above_a_body_match(client, home_el):
    standard(home_el, "Πολιτική", "body", "Ανακύκλωση, ανακύκλωση, ανακύκλωση παντού.")
    standard(home_el, "Ανακύκλωση", "title", "Πρόγραμμα.")
    assert results(client.get("/el/search/", {"q": "ανακυκλωση"})) == ["Ανακύκλωση", "Πολιτική"]


def test_recent_news_ranks_above_old_news_at_equal_relevance(client, news_index):
    today = datetime.date.today()
    news(news_index, "Ημερίδα για την ενέργεια", "old", "Ημερίδα.", today.replace(year=2015))
    news(news_index, "Ημερίδα για την ενέργεια", "new", "Ημερίδα.", today)
    news(news_index, "Ημερίδα για την ενέργεια", "mid", "Ημερίδα.", today.replace(year=2020))

    response = client.get("/el/search/", {"q": "ημεριδα ενεργεια"})
    assert [r.page.slug for r in response.context["outcome"].results] == ["new", "mid", "old"]
    assert response.context["outcome"].results[0].date == today


def test_a_quoted_phrase_is_honoured(client, home_el):
    standard(home_el, "Α", "together", "Η ενεργειακή αναβάθμιση των κτιρίων.")
    standard(home_el, "Β", "apart", "Η αναβάθμιση, ενεργειακή και κτιριακή.")
    assert results(client.get("/el/search/", {"q": "ενεργειακη αναβαθμιση"})) != ["Α"]
    assert results(client.get("/el/search/", {"q": '"ενεργειακή αναβάθμιση"'})) == ["Α"]


# --- what is searched -------------------------------------------------------------


def test_only_live_public_pages_of_the_locale(client, home_en):
    home_el = Page.objects.get(locale__language_code="el", depth=2).specific
    standard(home_el, "Ρέθυμνο δημόσιο", "public")
    secret = standard(home_el, "Ρέθυμνο ιδιωτικό", "private")
    PageViewRestriction.objects.create(page=secret, restriction_type=PageViewRestriction.LOGIN)
    draft = StandardPage(title="Ρέθυμνο πρόχειρο", slug="draft", live=False)
    draft.locale = home_el.locale
    home_el.add_child(instance=draft)
    draft.save_revision()
    standard(home_en, "Rethymno public", "en-public")

    assert results(client.get("/el/search/", {"q": "ρεθυμνο"})) == ["Ρέθυμνο δημόσιο"]
    assert results(client.get("/en/search/", {"q": "rethymno"})) == ["Rethymno public"]


def test_the_index_follows_publish_edit_move_unpublish_and_delete(client, home_el):
    def found(query="ζαχαροπλαστείο"):
        return results(client.get("/el/search/", {"q": query}))

    assert found() == []
    page = standard(home_el, "Ζαχαροπλαστείο", "shop")
    assert found() == ["Ζαχαροπλαστείο"]

    page.title = "Αρτοποιείο"
    publish(page)
    assert found() == []
    assert found("αρτοποιειο") == ["Αρτοποιείο"]

    section = standard(home_el, "Ενότητα", "section")
    page.move(section, pos="last-child")
    response = client.get("/el/search/", {"q": "αρτοποιειο"})
    assert response.context["outcome"].results[0].url == "/el/section/shop/"

    page = Page.objects.get(pk=page.pk)
    page.unpublish()
    assert found("αρτοποιειο") == []
    publish(page.specific)
    assert found("αρτοποιειο") == ["Αρτοποιείο"]
    page.delete()
    assert found("αρτοποιειο") == []


# --- promotions -------------------------------------------------------------------


def test_promoted_results_come_first_per_locale(client, home_en):
    home_el = Page.objects.get(locale__language_code="el", depth=2).specific
    standard(home_el, "Ρέθυμνο", "rethymno", "Η πόλη.")
    promoted = standard(home_el, "Πώς θα έρθετε", "directions", "Οδηγίες.")
    english = standard(home_en, "How to get here", "en-directions", "Directions.")
    query = Query.get("Ρέθυμνο")
    SearchPromotion.objects.create(query=query, page=promoted, sort_order=0, description="Χάρτης")
    SearchPromotion.objects.create(query=query, page=english, sort_order=1)

    response = client.get("/el/search/", {"q": "ρεθυμνο"})
    html = response.content.decode()
    promotions = response.context["outcome"].promotions
    assert [p["title"] for p in promotions] == ["Πώς θα έρθετε"]
    assert html.index("Πώς θα έρθετε") < html.index('class="search-results"')
    assert "Χάρτης" in html

    english_promotions = client.get("/en/search/", {"q": "ρεθυμνο"}).context["outcome"].promotions
    assert [p["title"] for p in english_promotions] == ["How to get here"]
    # a page of results other than the first, or a type filter, shows no promotions
    assert (
        client.get("/el/search/", {"q": "ρεθυμνο", "type": "page"}).context["outcome"].promotions
        == []
    )


def test_a_promotion_shows_and_goes_with_the_next_search(client, home_el):
    """The promotions are kept per content version: adding, changing or removing one shows
    on the very next search."""
    standard(home_el, "Ρέθυμνο", "rethymno", "Η πόλη.")
    first = standard(home_el, "Πώς θα έρθετε", "directions", "Οδηγίες.")
    second = standard(home_el, "Χάρτης του πάρκου", "map", "Χάρτης.")

    def promoted():
        outcome = client.get("/el/search/", {"q": "ρεθυμνο"}).context["outcome"]
        return [promotion["title"] for promotion in outcome.promotions]

    rethymno, harbour = Query.get("ρέθυμνο"), Query.get("λιμάνι")
    assert promoted() == []
    promotion = SearchPromotion.objects.create(query=rethymno, page=first)
    assert promoted() == ["Πώς θα έρθετε"]
    promotion.page = second
    promotion.save()
    assert promoted() == ["Χάρτης του πάρκου"]
    promotion.query = harbour
    promotion.save()
    assert promoted() == []
    harbour.query_string = "ΡΕΘΥΜΝΟ"  # the query itself edited
    harbour.save()
    assert promoted() == ["Χάρτης του πάρκου"]
    promotion.delete()
    assert promoted() == []


# --- the query log ----------------------------------------------------------------


def test_each_search_is_logged_normalised_with_zero_results_counted(client, home_el):
    standard(home_el, "Ρέθυμνο", "rethymno")
    client.get("/el/search/", {"q": "Ρέθυμνο"})
    client.get("/el/search/", {"q": "ΡΕΘΥΜΝΟ"})
    client.get("/el/search/", {"q": "ρεθυμνο", "page": "2"})  # paging is not a new search
    client.get("/el/search/", {"q": "ανύπαρκτο"})
    client.get("/el/search/", {"q": "ανυπαρκτο"})
    client.get("/el/search/", {"q": "α"})  # too short: not logged

    rows = {row.query: row for row in SearchQueryLog.objects.all()}
    assert set(rows) == {"ρεθυμνο", "ανυπαρκτο"}
    assert (rows["ρεθυμνο"].searches, rows["ρεθυμνο"].zero_result_searches) == (2, 0)
    assert rows["ρεθυμνο"].last_hits == 1
    assert (rows["ανυπαρκτο"].searches, rows["ανυπαρκτο"].zero_result_searches) == (2, 2)
    assert {row.language for row in rows.values()} == {"el"}


@pytest.fixture(autouse=True)
def _no_login_lockout(settings):
    # django-axes records each login with the client address, which force_login lacks.
    settings.AXES_ENABLED = False


@pytest.fixture
def admin_client(client, django_user_model):
    user = django_user_model.objects.create_superuser("admin", "admin@example.com", "pw-12345678")
    client.force_login(user)
    return client


def test_the_admin_report_lists_searches_and_those_that_found_nothing(admin_client, home_el):
    standard(home_el, "Ρέθυμνο", "rethymno")
    for query in ["ρεθυμνο", "ρεθυμνο", "ρεθυμνο", "ανυπαρκτο"]:
        admin_client.get("/el/search/", {"q": query})

    response = admin_client.get("/admin/reports/site-searches/")
    html = response.content.decode()
    assert response.status_code == 200
    assert "Site searches" in html or "Αναζητήσεις" in html
    assert html.index("ρεθυμνο") < html.index("ανυπαρκτο")  # most searched first

    response = admin_client.get("/admin/reports/site-searches/", {"nothing_found": "true"})
    html = response.content.decode()
    assert "ανυπαρκτο" in html and "ρεθυμνο" not in html

    response = admin_client.get("/admin/reports/site-searches/", {"export": "csv"})
    assert response.status_code == 200
    assert (
        "ρεθυμνο" in b"".join(response.streaming_content).decode()
        if hasattr(response, "streaming_content")
        else "ρεθυμνο" in response.content.decode()
    )

    assert "/admin/reports/site-searches/" in admin_client.get("/admin/").content.decode()


def test_the_report_is_for_editors_with_permission_only(client, django_user_model):
    from django.contrib.auth.models import Permission

    user = django_user_model.objects.create_user("editor", "e@example.com", "pw-12345678")
    user.user_permissions.add(Permission.objects.get(codename="access_admin"))
    client.force_login(user)
    assert client.get("/admin/reports/site-searches/").status_code in (302, 403)
    user.user_permissions.add(Permission.objects.get(codename="view_searchquerylog"))
    user = django_user_model.objects.get(pk=user.pk)
    client.force_login(user)
    assert client.get("/admin/reports/site-searches/").status_code == 200


# --- SQL queries --------------------------------------------------------------------


def test_query_count_does_not_grow_with_the_results_shown(client, home_el):
    def count(query):
        client.get("/el/search/", {"q": query})  # warm per-process caches, create the log row
        response, queries = get_with_queries(client, "/el/search/", {"q": query})
        assert response.status_code == 200
        return len(queries), len(response.context["outcome"].results)

    # 3 and more: fewer exact results add the pass by sound (one query more, tested in
    # test_forgiving.py)
    for i in range(3):
        standard(home_el, f"Ανακύκλωση {i}", f"page-{i}", "Κείμενο.", "<p>Σώμα.</p>")
    small = count("ανακυκλωση")
    for i in range(3, 25):
        standard(home_el, f"Ανακύκλωση {i}", f"page-{i}", "Κείμενο.", "<p>Σώμα.</p>")
    large = count("ανακυκλωση")

    assert small[1] == 3 and large[1] == 10
    # site and home pages (routing's one query), office details and menu, the first pass
    # (bounded), what the public may see among its rows, specific pages, promotions, the
    # query log's UPDATE: the same whatever the number of results, within the budget
    assert small[0] == large[0] <= SEARCH_QUERY_BUDGET, (small, large)


def test_query_count_with_news_is_fixed_per_type_shown(client, home_el, news_index):
    def count(query):
        client.get("/el/search/", {"q": query})
        return len(get_with_queries(client, "/el/search/", {"q": query})[1])

    for i in range(3):
        news(news_index, f"Ανακύκλωση νέα {i}", f"news-{i}", "Περίληψη.", None)
    small = count("ανακυκλωση")
    for i in range(3, 15):
        news(news_index, f"Ανακύκλωση νέα {i}", f"news-{i}", "Περίληψη.", None)
    large = count("ανακυκλωση")
    # at most one more than for pages: the news items' own dates, for the recency ranking
    assert small == large <= SEARCH_QUERY_BUDGET + 1


SEARCH_QUERY_BUDGET = 8  # a budget, not an exact figure: an upgrade may add one


def test_replacing_a_document_file_updates_what_search_finds(
    client, home_el, django_capture_on_commit_callbacks
):
    from django.core.files.base import ContentFile

    from documents.models import CustomDocument, DocumentIndexPage, DocumentPage
    from documents.services import document_file_changed

    def found(query):
        return results(client.get("/el/search/", {"q": query}))

    library = add_page(home_el, DocumentIndexPage(title="Έγγραφα", slug="documents"))
    document = CustomDocument(
        title="Έντυπο", file=ContentFile("Καλλιέργεια: ζαχαροκάλαμο.".encode(), name="a.txt")
    )
    document.save()
    with django_capture_on_commit_callbacks(execute=True):
        document_file_changed(document)
    page = DocumentPage(
        title="Έντυπο", slug="form", document=document, document_date=datetime.date(2025, 1, 1)
    )
    add_page(library, page)
    assert found("ζαχαροκαλαμο") == ["Έντυπο"]

    document.file = ContentFile("Καλλιέργεια: βαμβάκι.".encode(), name="b.txt")
    document.save()
    with django_capture_on_commit_callbacks(execute=True):
        document_file_changed(document)
    assert found("ζαχαροκαλαμο") == []
    assert found("βαμβακι") == ["Έντυπο"]
    response = client.get("/el/search/", {"q": "βαμβακι"})
    assert "<mark>βαμβάκι</mark>" in response.content.decode()
    assert response.context["outcome"].results[0].type.key == "document"
