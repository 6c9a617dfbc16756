"""Hostile or odd input to /<lang>/search/ and /<lang>/search/suggest/ never fails."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from home.models import StandardPage
from tests.conftest import add_page

from . import corpus

BAD_QUERIES = [
    "x" * 10_000,
    "Ρέθυμνο " * 2_000,
    '"',
    '"""',
    '"ρέθυμνο',
    "ρέθυμνο\"'",
    "((ρέθυμνο",
    "ρέθυμνο))",
    "& | ! : * \\ % _",
    "ρέθ* & !πάρκο | (οδηγός:*)",
    "ρεθυμνο:*",
    "%ρεθυμνο%",
    "ρεθ_μνο",
    "\\",
    "'; DROP TABLE wagtailcore_page; --",
    "1' OR '1'='1",
    "ρεθυμνο UNION SELECT password FROM users_user",
    "\x00",
    "ρέθυμνο\x00πάρκο",
    "😀🎉",
    "Ρέθυμνο 😀 park πάρκο парк 公园",
    "NEAR(ρεθυμνο πάρκο)",
    "{title}: ρεθυμνο",
    "title:ρεθυμνο",
    "<script>alert(1)</script>",
    "\u202eρεθυμνο",
    "ρε\u0301θυμνο",
    "   ",
    "ΐΰϊϋ",
]


def build_site():
    home_el, _home_en = corpus.homes()
    add_page(home_el, StandardPage(title="Το πάρκο στο Ρέθυμνο", slug="park"))
    return home_el


@pytest.fixture
def site(module_site, db):
    return module_site


@pytest.mark.parametrize("query", BAD_QUERIES)
@pytest.mark.parametrize("path", ["/el/search/", "/en/search/", "/el/search/suggest/"])
def test_bad_queries_never_fail(client, site, path, query):
    response = client.get(path, {"q": query, "page": query, "type": query})
    assert response.status_code == 200


@pytest.mark.parametrize("query", BAD_QUERIES)
def test_bad_queries_never_reach_the_database_raw(client, site, query):
    with CaptureQueriesContext(connection) as ctx:
        client.get("/el/search/", {"q": query})
    for captured in ctx.captured_queries:
        sql = captured["sql"]
        assert "DROP TABLE" not in sql
        assert "UNION SELECT password" not in sql
        assert "\x00" not in sql
        assert "<script>" not in sql


@pytest.mark.parametrize("path", ["/el/search/", "/el/search/suggest/"])
def test_invalid_utf8_and_raw_bytes_never_fail(client, site, path):
    # A lone surrogate or broken UTF-8 can only arrive percent-encoded.
    for raw in ["%ED%A0%80", "%FF%FE", "%C0%AF", "%00", "%E2%80%AE%CF%81"]:
        response = client.get(f"{path}?q={raw}&page={raw}&type={raw}")
        assert response.status_code == 200


def test_a_query_is_cut_to_a_sane_length(client, site):
    response = client.get("/el/search/", {"q": "ρέθυμνο " * 1000})
    assert len(response.context["outcome"].query) <= 200
    assert response.context["outcome"].results  # still finds the page


def test_repeated_parameters_and_other_methods(client, site):
    assert (
        client.get("/el/search/?q=ρέθυμνο&q=πάρκο&page=1&page=2&type=x&type=page").status_code
        == 200
    )
    assert client.post("/el/search/", {"q": "ρέθυμνο"}).status_code == 405


@settings(
    max_examples=60,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(
    query=st.text(max_size=300),
    page=st.text(max_size=30),
    type_=st.text(max_size=30),
)
def test_generated_queries_never_fail(client, site, query, page, type_):
    for path in ("/el/search/", "/el/search/suggest/"):
        response = client.get(path, {"q": query, "page": page, "type": type_})
        assert response.status_code == 200


@settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    query=st.text(
        alphabet=st.sampled_from(list("ρεθυμνοΡΈΘΥΜΝΟςσάέ\"'()&|!:*\\%_ -«»\x00😀")), max_size=60
    )
)
def test_generated_syntax_soup_never_fails(client, site, query):
    assert client.get("/el/search/", {"q": query}).status_code == 200
