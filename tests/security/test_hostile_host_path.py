"""A request path that looks like another host (`//evil.example/...`) never puts that host
in an answer: not in the language switcher, hreflang, og:url or a redirect.

Under gunicorn `GET //evil.example/x` reaches Django with the path `//evil.example/x`,
which `build_absolute_uri`, `translate_url` and browsers read as an address on
evil.example. The Django test client reads such an address as a host and a path, so the
path is also handed to it as the server gives it (PATH_INFO), and one test sends the
requests to a real gunicorn process with the production settings.
"""

import urllib.parse

import pytest

from tests.servers import database_url, production_environment, running_server

HOST = "evil.example"
HOSTILE_PATHS = [
    "//evil.example/x",
    "//evil.example/el/",
    "///evil.example",
    "/el//evil.example/",
    "//evil.example/en/search/?q=park",
    "/\\evil.example/el/",
    "/el/%2F%2Fevil.example/",
]


def hostile_answers(client, path):
    """The answers to `path` as the test client reads it and as a server passes it on."""
    raw_path, _, query = path.partition("?")
    yield client.get(path)
    yield client.get(raw_path, QUERY_STRING=query, PATH_INFO=urllib.parse.unquote(raw_path))


@pytest.mark.django_db
@pytest.mark.parametrize("path", HOSTILE_PATHS)
def test_a_path_naming_another_host_never_links_to_it(home_en, site_details, client, path):
    for response in hostile_answers(client, path):
        assert response.status_code < 500, path
        assert HOST not in response.get("Location", ""), path
        assert HOST not in response.content.decode(), path


@pytest.mark.django_db
def test_a_404_links_every_language_to_its_home_page(home_en, site_details, client):
    response = client.get("/el/no-such-page/")
    assert response.status_code == 404
    body = response.content.decode()
    assert 'href="/en/" hreflang="en"' in body
    assert 'rel="alternate"' not in body and 'property="og:url"' not in body


@pytest.mark.django_db
def test_a_view_links_its_translations_with_the_query(home_en, site_details, client):
    body = client.get("/el/search/?q=park").content.decode()
    assert 'href="/en/search/?q=park" hreflang="en"' in body
    assert '<link rel="alternate" hreflang="en" href="http://testserver/en/search/?q=park">' in body
    assert '<meta property="og:url" content="http://testserver/el/search/?q=park">' in body


@pytest.fixture
def gunicorn(tmp_path, production_static):
    """One gunicorn process with the production settings on the test database, without
    Redis and the page cache off: every answer is the application's own."""
    env = production_environment(
        database_url=database_url(), var_dir=tmp_path / "var", static_root=production_static
    )
    env["PAGE_CACHE_SECONDS"] = "0"
    with running_server("hostile-host-path", env, tmp_path) as server:
        yield server


@pytest.mark.browser  # a transactional test: in the second pytest session (see Makefile)
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_under_gunicorn_a_path_naming_another_host_never_links_to_it(
    django_db_serialized_rollback, home_en, site_details, gunicorn
):
    home = gunicorn.get("/el/")
    assert home.status == 200 and 'hreflang="en"' in home.text  # the site, in both languages
    for path in HOSTILE_PATHS:
        response = gunicorn.get(path)  # sent exactly as given
        assert response.status < 500, (path, gunicorn.log_tail())
        assert HOST not in response.headers.get("Location", ""), path
        assert HOST not in response.text, path
