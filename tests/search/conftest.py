import json

import pytest

from home.models import StandardPage
from tests.conftest import add_page


def paragraph(html):
    return json.dumps([{"type": "paragraph", "value": html}])


def standard(parent, title, slug, introduction="", body_html="", **kwargs):
    page = StandardPage(title=title, slug=slug, introduction=introduction, **kwargs)
    if body_html:
        page.body = paragraph(body_html)
    return add_page(parent, page)


@pytest.fixture
def make_page():
    return standard


@pytest.fixture(scope="module")
def module_site(request, django_db_setup, django_db_blocker):
    """The module's `build_site()`, built once for all its tests inside a transaction that
    is rolled back at the end (each test runs in a savepoint of it; request `db` too)."""
    from django.db import transaction

    with django_db_blocker.unblock(), transaction.atomic():
        yield request.module.build_site()
        transaction.set_rollback(True)
