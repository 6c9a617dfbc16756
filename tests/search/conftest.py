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
