"""Wagtail's private-page and private-document flows, through the public URLs in both
languages: language × restriction (login, password, groups) × who asks (anonymous, a wrong
password, the right password, a logged-in member, a logged-in non-member).

For a password restriction the passwords are the page's or collection's; for login and
group restrictions they are the member's account password, typed into the login form.
Forms are fetched and posted as a browser would, CSRF checks on."""

import html
import re
from urllib.parse import urlencode

import pytest
from django.contrib.auth.models import Group
from django.test import Client
from wagtail.models import Collection, CollectionViewRestriction, PageViewRestriction

from home.models import StandardPage
from tests.conftest import add_page
from tests.documents.factories import make_document

pytestmark = pytest.mark.django_db

SECRET = "SECRET-BOARD-MINUTES-7731"
PAGE_PASSWORD = "page-password-1"  # noqa: S105
ACCOUNT_PASSWORD = "account-password-1"  # noqa: S105
LANGUAGES = ["el", "en"]
RESTRICTIONS = ["login", "password", "groups"]
ACTORS = ["anonymous", "wrong_password", "right_password", "member", "non_member"]

# What each actor ends up with: "content", "password_form", "login_form" (asked to log in),
# "login_error" (the login form re-shown with its error) or "no_access" (logged in, yet
# sent to the login form with the message that the account has no access).
EXPECTED = {
    "password": {
        "anonymous": "password_form",
        "wrong_password": "password_error",
        "right_password": "content",
        # Being logged in does not stand in for the page's password.
        "member": "password_form",
        "non_member": "password_form",
    },
    "login": {
        "anonymous": "login_form",
        "wrong_password": "login_error",
        "right_password": "content",
        "member": "content",
        "non_member": "content",
    },
    "groups": {
        "anonymous": "login_form",
        "wrong_password": "login_error",
        "right_password": "content",
        "member": "content",
        "non_member": "no_access",
    },
}
MATRIX = [
    (language, restriction, actor)
    for language in LANGUAGES
    for restriction in RESTRICTIONS
    for actor in ACTORS
]
CASE_IDS = [f"{language}-{restriction}-{actor}" for language, restriction, actor in MATRIX]


@pytest.fixture
def board(db):
    return Group.objects.create(name="Board")


@pytest.fixture
def people(django_user_model, board):
    member = django_user_model.objects.create_user("member", "m@example.com", ACCOUNT_PASSWORD)
    member.groups.add(board)
    outsider = django_user_model.objects.create_user("outsider", "o@example.com", ACCOUNT_PASSWORD)
    return {"member": member, "non_member": outsider}


def private_page(home, restriction, board):
    page = add_page(
        home, StandardPage(title="Private minutes", slug="minutes", introduction=SECRET)
    )
    rule = PageViewRestriction.objects.create(
        page=page, restriction_type=restriction, password=PAGE_PASSWORD
    )
    if restriction == "groups":
        rule.groups.add(board)
    return page


def private_document(restriction, board):
    collection = Collection.get_first_root_node().add_child(name="Board")
    rule = CollectionViewRestriction.objects.create(
        collection=collection, restriction_type=restriction, password=PAGE_PASSWORD
    )
    if restriction == "groups":
        rule.groups.add(board)
    return make_document(
        title="Minutes", filename="minutes.txt", content=SECRET.encode(), collection=collection
    )


def csrf_token(response):
    match = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', response.text)
    assert match, "the form carries a CSRF token"
    return match.group(1)


def form_action(response):
    posting = [tag for tag in re.findall(r"<form[^>]*>", response.text) if 'method="post"' in tag]
    assert len(posting) == 1, "one form posts"
    return html.unescape(re.search(r'action="([^"]+)"', posting[0]).group(1))


def hidden_value(response, name):
    match = re.search(rf'type="hidden" name="{name}" value="([^"]*)"', response.text)
    assert match, f"the form carries {name}"
    return html.unescape(match.group(1))


def body_of(response):
    """The response's text; a streamed file is read once and kept."""
    if not hasattr(response, "_body_text"):
        if response.streaming:
            response._body_text = b"".join(response.streaming_content).decode()
        else:
            response._body_text = response.content.decode()
    return response._body_text


def visit(client, url, language, actor, people):
    """Ask for `url` as `actor` would, posting whatever form comes back; what they end up with."""
    headers = {"HTTP_ACCEPT_LANGUAGE": language}
    if actor in ("member", "non_member"):
        client.force_login(people[actor])
    response = client.get(url, **headers)

    if response.status_code == 302:
        login_url = f"/{language}/_util/login/?{urlencode({'next': url}, safe='/')}"
        assert response["Location"] == login_url
        login = client.get(response["Location"], **headers)
        assert login.status_code == 200
        assert 'class="access-form"' in login.text and 'class="site-header"' in login.text
        assert f'lang="{language}"' in login.text
        assert SECRET not in login.text
        if actor in ("anonymous", "member", "non_member"):
            if actor == "non_member":
                assert "does not have access" in login.text or "δεν έχει πρόσβαση" in login.text
                return "no_access"
            return "login_form"
        assert form_action(login) == f"/{language}/_util/login/"
        password = ACCOUNT_PASSWORD if actor == "right_password" else "not-it"
        posted = client.post(
            form_action(login),
            {
                "csrfmiddlewaretoken": csrf_token(login),
                "username": "member",
                "password": password,
                "next": hidden_value(login, "next"),
            },
            **headers,
        )
        if posted.status_code == 200:
            assert 'class="access-form__alert"' in posted.text
            assert SECRET not in posted.text
            return "login_error"
        assert posted.status_code == 302 and posted["Location"] == url
        response = client.get(url, **headers)

    elif response.status_code == 200 and 'name="return_url"' in body_of(response):
        assert 'class="access-form"' in response.text and 'class="site-header"' in response.text
        assert SECRET not in response.text
        assert "Private minutes" not in response.text  # the title may be private too
        if actor not in ("wrong_password", "right_password"):
            return "password_form"
        password = PAGE_PASSWORD if actor == "right_password" else "not-it"
        assert hidden_value(response, "return_url") == url
        posted = client.post(
            form_action(response),
            {
                "csrfmiddlewaretoken": csrf_token(response),
                "password": password,
                "return_url": hidden_value(response, "return_url"),
            },
            **headers,
        )
        if posted.status_code == 200:
            assert 'class="access-form__error"' in posted.text
            assert SECRET not in posted.text
            again = client.get(url, **headers)
            assert SECRET not in body_of(again)
            return "password_error"
        assert posted.status_code == 302 and posted["Location"] == url
        response = client.get(url, **headers)

    assert response.status_code == 200
    assert SECRET in body_of(response)
    return "content"


@pytest.mark.parametrize(("language", "restriction", "actor"), MATRIX, ids=CASE_IDS)
def test_private_page_opens_only_to_whom_its_restriction_allows(
    home_en, board, people, language, restriction, actor
):
    from home.models import HomePage

    home = HomePage.objects.get(locale__language_code=language)
    page = private_page(home, restriction, board)
    client = Client(enforce_csrf_checks=True)
    url = page.get_url()
    assert url == f"/{language}/minutes/"
    assert visit(client, url, language, actor, people) == EXPECTED[restriction][actor]


@pytest.mark.parametrize(("language", "restriction", "actor"), MATRIX, ids=CASE_IDS)
def test_private_document_opens_only_to_whom_its_collection_allows(
    home_en, board, people, language, restriction, actor
):
    document = private_document(restriction, board)
    client = Client(enforce_csrf_checks=True)
    url = document.url
    assert url.startswith(f"/documents/{document.pk}/")
    assert visit(client, url, language, actor, people) == EXPECTED[restriction][actor]


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_private_page_forms_are_routed_before_the_page_route(home_en, language):
    assert Client().get(f"/{language}/_util/login/").status_code == 200
    response = Client().get(f"/{language}/_util/authenticate_with_password/999999/999999/")
    assert response.status_code == 404  # an unknown restriction, not a page path


def test_password_form_does_not_send_the_visitor_off_site(home_en, board):
    page = private_page(home_en, "password", board)
    client = Client()
    form = client.get(page.get_url())
    posted = client.post(
        form_action(form), {"password": PAGE_PASSWORD, "return_url": "https://evil.example/"}
    )
    assert posted.status_code == 302 and posted["Location"] == "/"


def test_login_form_does_not_send_the_visitor_off_site(home_en, people):
    client = Client()
    posted = client.post(
        "/en/_util/login/",
        {"username": "member", "password": ACCOUNT_PASSWORD, "next": "https://evil.example/"},
    )
    assert posted.status_code == 302 and posted["Location"] == "/"


def test_login_form_is_refused_without_its_csrf_token(home_en, people):
    client = Client(enforce_csrf_checks=True)
    posted = client.post("/en/_util/login/", {"username": "member", "password": ACCOUNT_PASSWORD})
    assert posted.status_code == 403


def test_a_page_restricted_to_a_group_is_seen_by_a_superuser(home_en, board, django_user_model):
    page = private_page(home_en, "groups", board)
    client = Client()
    client.force_login(django_user_model.objects.create_superuser("root", "r@example.com", "x"))
    response = client.get(page.get_url())
    assert response.status_code == 200 and SECRET in response.text


def test_a_restriction_on_an_ancestor_covers_its_children(home_en, board):
    parent = private_page(home_en, "password", board)
    child = add_page(parent, StandardPage(title="Annex", slug="annex", introduction=SECRET))
    response = Client().get(child.get_url())
    assert response.status_code == 200
    assert SECRET not in response.text and 'name="return_url"' in response.text


def test_documents_password_form_is_in_the_site_look(home_en, board):
    document = private_document(CollectionViewRestriction.PASSWORD, board)
    response = Client().get(document.url, HTTP_ACCEPT_LANGUAGE="el")
    assert response.status_code == 200
    assert 'class="site-header"' in response.text and '<html lang="el">' in response.text
    assert 'class="access-form"' in response.text and 'type="password"' in response.text
    assert SECRET not in response.text
