"""The layout on a phone and on a wide screen: the page's title high on a 390 px screen, the
main menu behind a button that opens without JavaScript, and the home page's cards across
the whole content area. One demo site, one test, as in tests/a11y/test_axe.py."""

import pytest
from django.core.management import call_command

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

PHONE = {"width": 390, "height": 844}
WIDE = {"width": 1440, "height": 900}


@pytest.fixture
def demo_site(django_db_serialized_rollback):
    call_command("load_demo_content", verbosity=0)


def test_phone_and_wide_screen_layout(live_server, new_page, demo_site):
    # A phone: the title starts within the first 300 px, for each language and page kind.
    page = new_page(viewport=PHONE)
    for path in ("/el/", "/en/about/", "/el/news/", "/el/search/?q=πάρκο"):
        page.goto(live_server.url + path)
        top = page.locator("main h1").first.bounding_box()["y"]
        assert top < 300, f"{path}: the h1 starts at {top:.0f} px"
        assert page.locator(".main-nav summary").is_visible()
        assert not page.locator(".main-nav a").first.is_visible()

    # Without JavaScript the menu opens by its button (a <details> summary) and shows the links.
    page = new_page(viewport=PHONE, javascript=False)
    page.goto(live_server.url + "/en/")
    summary = page.locator(".main-nav summary")
    assert summary.inner_text().strip() == "Menu"
    links = page.locator(".main-nav a")
    assert links.count() >= 4
    assert not links.first.is_visible()
    summary.click()
    for index in range(links.count()):
        assert links.nth(index).is_visible()
    # And by keyboard: the summary takes the focus and Enter closes it again.
    summary.focus()
    page.keyboard.press("Enter")
    assert not links.first.is_visible()

    # A wide screen: no button, the links in a row, and the cards across the content area.
    page = new_page(viewport=WIDE)
    page.goto(live_server.url + "/el/")
    assert not page.locator(".main-nav summary").is_visible()
    assert page.locator(".main-nav a").first.is_visible()
    content = page.locator("main").evaluate(
        """main => {
            const style = getComputedStyle(main);
            return main.clientWidth - parseFloat(style.paddingLeft)
                - parseFloat(style.paddingRight);
        }"""
    )
    lists = page.locator(".card-list")
    assert lists.count() >= 2
    for index in range(lists.count()):
        box = lists.nth(index).bounding_box()
        assert abs(box["width"] - content) <= 2, f"cards {box['width']:.0f} of {content:.0f} px"
        right = lists.nth(index).evaluate(
            "ul => Math.max(...[...ul.children].map(li => li.getBoundingClientRect().right))"
        )
        assert abs(right - (box["x"] + box["width"])) <= 2, "the cards leave the row's end empty"
