"""axe-core over every public page type, in both languages, and the keyboard paths of
the header. One browser, one demo site: every page is checked in one test so that the
demo content is built once."""

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.core.management import call_command
from wagtail.models import Page

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def public_urls():
    """The first live page of each page type in each locale, plus the non-page views."""
    seen, urls = set(), []
    pages = Page.objects.live().public().filter(depth__gt=1).select_related("locale").specific()
    for page in pages.order_by("path"):
        key = (type(page).__name__, page.locale.language_code)
        if key not in seen:
            seen.add(key)
            urls.append(page.url)
    for lang, query in (("el", "πάρκο"), ("en", "park")):
        urls += [f"/{lang}/search/?q={query}", f"/{lang}/search/", f"/{lang}/no-such-page/"]
    return urls


@pytest.fixture
def demo_site(django_db_serialized_rollback):
    call_command("load_demo_content", verbosity=0)


def test_every_public_page_type_has_no_axe_violations(live_server, new_page, demo_site):
    urls = public_urls()
    assert len(urls) >= 12
    # axe-core is injected as a script, which the site's own CSP would refuse.
    page = new_page(bypass_csp=True)
    axe = Axe()
    problems = []
    for url in urls:
        page.goto(live_server.url + url)
        results = axe.run(page)
        for violation in results.response["violations"]:
            targets = [node["target"] for node in violation["nodes"]][:3]
            problems.append(f"{url}: {violation['id']} ({violation['impact']}) {targets}")
    assert problems == [], "\n".join(problems)


def test_keyboard_reaches_skip_link_and_language_switcher(live_server, new_page, demo_site):
    page = new_page()
    page.goto(live_server.url + "/el/about/")
    page.keyboard.press("Tab")
    skip = page.locator(".skip-link")
    assert skip.evaluate("el => el === document.activeElement")
    assert skip.is_visible()
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "main"

    english = page.get_by_role("link", name="English")
    english.focus()
    page.keyboard.press("Enter")
    page.wait_for_url("**/en/about/")
    assert page.locator("html").get_attribute("lang") == "en"
