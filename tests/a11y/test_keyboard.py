"""Keyboard-only use of the demo site in chromium: the header (skip link, language switcher,
search, main menu), search suggestions, the news filters, the accordion and the contact
form, with a visible focus indicator on everything that Tab reaches.

The demo site is built once for the module: its rows become the content that these
transactional tests restore at the start of each test (serialized rollback), in place of
the migrations' initial content, which is put back when the module is done."""

import time
from urllib.parse import parse_qs, urlsplit

import pytest
from django.core import mail
from django.core.management import call_command
from django.db import connection
from playwright.sync_api import expect
from wagtail.contrib.forms.models import FormSubmission

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def _flush():
    # As TransactionTestCase flushes after a serialized-rollback test: sequences keep
    # counting, so rows created later never collide with the restored ones.
    call_command(
        "flush", interactive=False, verbosity=0, reset_sequences=False, inhibit_post_migrate=True
    )


@pytest.fixture(scope="module")
def demo_site(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock():
        initial = getattr(connection, "_test_serialized_contents", None)
        assert initial is not None, "the tests of this module restore serialized content"
        try:
            _flush()
            connection.creation.deserialize_db_from_string(initial)
            call_command("load_demo_content", verbosity=0)
            connection._test_serialized_contents = connection.creation.serialize_db_to_string()
            _flush()  # each test restores the demo site itself
            yield
        finally:
            connection._test_serialized_contents = initial


# The focused element and whether its focus indicator can be seen: an outline (drawn
# outside the element when its offset is positive, inside when negative) of at least 3:1
# contrast with the background it is drawn on (WCAG 1.4.11), or a box-shadow.
FOCUSED = """() => {
    const el = document.activeElement;
    const style = getComputedStyle(el);
    const rgba = (value) => (value.match(/[\\d.]+/g) || ["0", "0", "0", "0"]).map(Number);
    const luminance = ([r, g, b]) => {
        const channel = (c) => {
            c /= 255;
            return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
        };
        return 0.2126 * channel(r) + 0.7152 * channel(g) + 0.0722 * channel(b);
    };
    const offset = parseFloat(style.outlineOffset) || 0;
    let node = offset < 0 ? el : el.parentElement;
    let background = [255, 255, 255];
    for (; node && node.nodeType === 1; node = node.parentElement) {
        const colour = rgba(getComputedStyle(node).backgroundColor);
        if (colour.length < 4 || colour[3] > 0) { background = colour; break; }
    }
    const outline = style.outlineStyle !== "none" && parseFloat(style.outlineWidth) > 0;
    const a = luminance(rgba(style.outlineColor)), b = luminance(background);
    const contrast = (Math.max(a, b) + 0.05) / (Math.min(a, b) + 0.05);
    return {
        element: el.outerHTML.slice(0, 120),
        body: el === document.body,
        skip: el.matches(".skip-link"),
        outline: outline,
        contrast: Math.round(contrast * 100) / 100,
        shadow: style.boxShadow !== "none",
    };
}"""


def focused(page):
    return page.evaluate(FOCUSED)


def focus_problem(state):
    """Why the focused element's focus cannot be seen, or None."""
    if state["shadow"] or (state["outline"] and state["contrast"] >= 3):
        return None
    if not state["outline"]:
        return f"no focus indicator: {state['element']}"
    return f"focus outline of contrast {state['contrast']}: {state['element']}"


def is_focused(page, selector):
    return page.evaluate("s => document.activeElement.matches(s)", selector)


def tab_to(page, selector, limit=60):
    """Press Tab until `selector` has the focus, checking the focus indicator at each stop."""
    for _ in range(limit):
        page.keyboard.press("Tab")
        problem = focus_problem(focused(page))
        assert problem is None, problem
        if is_focused(page, selector):
            return
    raise AssertionError(f"Tab never reached {selector}")


def test_header_by_tab_alone(live_server, new_page, demo_site):
    page = new_page()
    page.goto(live_server.url + "/el/news/")
    menu = page.locator(".main-nav a").evaluate_all("links => links.map(a => a.pathname)")
    assert len(menu) >= 4
    expected = [
        ".skip-link",
        ".lang-switcher a[hreflang='en']",
        "a.site-name",
        "#site-search",
        ".search-form button[type='submit']",
        *[f".main-nav a[href='{path}']" for path in menu],
        ".breadcrumbs a[href='/el/']",
    ]
    for number, selector in enumerate(expected, start=1):
        page.keyboard.press("Tab")
        state = focused(page)
        assert is_focused(page, selector), f"Tab {number}: {state['element']}, not {selector}"
        assert focus_problem(state) is None, focus_problem(state)

    # The rest of the page, until the focus comes round to the top again.
    problems, stops = [], 0
    for _ in range(200):
        page.keyboard.press("Tab")
        state = focused(page)
        if state["body"] or state["skip"]:
            break
        stops += 1
        if problem := focus_problem(state):
            problems.append(problem)
    else:
        raise AssertionError("the focus never came back to the top of the page")
    assert stops > 10
    assert problems == [], "\n".join(problems)

    # Enter on the switcher link, reached by Tab.
    page.goto(live_server.url + "/el/news/")
    page.keyboard.press("Tab")
    page.keyboard.press("Tab")
    assert is_focused(page, ".lang-switcher a[lang='en']")
    page.keyboard.press("Enter")
    page.wait_for_url(live_server.url + "/en/news/")
    assert page.locator("html").get_attribute("lang") == "en"

    # Enter on a menu link follows it.
    for _ in range(6):
        page.keyboard.press("Tab")
    assert is_focused(page, ".main-nav li:first-child a")
    target = page.evaluate("document.activeElement.pathname")
    assert target not in ("/en/", "/en/news/")
    page.keyboard.press("Enter")
    page.wait_for_url(live_server.url + target)
    assert page.locator(".main-nav a[aria-current='page']").evaluate("a => a.pathname") == target


def test_search_from_the_header_by_keyboard(live_server, new_page, demo_site):
    page = new_page()
    page.goto(live_server.url + "/el/news/")
    tab_to(page, "#site-search", limit=4)
    box = page.locator("#site-search")
    listbox = page.locator("#site-search-suggestions")
    options = listbox.get_by_role("option")

    page.keyboard.type("πάρκ", delay=40)
    expect(listbox).to_be_visible()
    expect(options.first).to_be_visible()
    page.keyboard.press("ArrowDown")
    first = options.nth(0)
    expect(first).to_have_attribute("aria-selected", "true")
    expect(box).to_have_attribute("aria-activedescendant", first.get_attribute("id"))
    assert is_focused(page, "#site-search")

    page.keyboard.press("Escape")
    expect(listbox).to_be_hidden()
    expect(box).to_have_attribute("aria-expanded", "false")
    assert box.get_attribute("aria-activedescendant") is None
    assert is_focused(page, "#site-search")
    assert box.input_value() == "πάρκ"

    page.keyboard.press("ArrowDown")
    expect(first).to_have_attribute("aria-selected", "true")
    url = first.get_attribute("data-url")
    page.keyboard.press("Enter")
    page.wait_for_url(live_server.url + url)

    # Without a choice: Tab leaves the list closed and the button sends the search.
    tab_to(page, "#site-search", limit=4)
    page.keyboard.type("πάρκο", delay=40)
    expect(listbox).to_be_visible()
    page.keyboard.press("Tab")
    assert is_focused(page, ".search-form button[type='submit']")
    expect(listbox).to_be_hidden()
    page.keyboard.press("Enter")
    page.wait_for_url("**/el/search/?q=*")
    expect(page.locator(".search-result").first).to_be_visible()
    # The live server does not serve media files: their 404s are not the script's errors.
    errors = [m.text for m in page.console_errors if "Failed to load resource" not in m.text]
    assert errors == []


def test_news_filters_by_keyboard(live_server, new_page, demo_site):
    page = new_page()
    page.goto(live_server.url + "/el/news/")
    assert page.locator(".news-item--news").count() > 0

    tab_to(page, "#filter-type")
    # A closed native select changes its choice with the arrow keys: All, News, Events.
    page.keyboard.press("ArrowDown")
    page.keyboard.press("ArrowDown")
    assert page.locator("#filter-type").input_value() == "event"
    tab_to(page, ".news-filters button[type='submit']", limit=5)
    page.keyboard.press("Enter")
    page.wait_for_url("**/el/news/?*")

    query = parse_qs(urlsplit(page.url).query)
    assert query["type"] == ["event"]
    items = page.locator(".news-list > li")
    assert items.count() > 0
    assert items.count() == page.locator(".news-list > li.news-item--event").count()
    assert page.locator("#filter-type").input_value() == "event"

    tab_to(page, ".active-filters li:last-child a")
    page.keyboard.press("Enter")
    page.wait_for_url(live_server.url + "/el/news/")
    assert page.locator(".news-item--news").count() > 0


def test_accordion_by_keyboard(live_server, new_page, demo_site):
    page = new_page()
    page.goto(live_server.url + "/el/about/")
    details = page.locator(".block-accordion details").first
    answer = details.locator(".block-accordion__answer")
    is_open = lambda: details.evaluate("d => d.open")  # noqa: E731
    assert not is_open()
    expect(answer).to_be_hidden()

    tab_to(page, ".block-accordion summary")
    assert page.evaluate("document.activeElement.parentElement.open") is False
    page.keyboard.press("Enter")
    assert is_open()
    expect(answer).to_be_visible()
    page.keyboard.press("Enter")
    assert not is_open()
    expect(answer).to_be_hidden()
    page.keyboard.press("Space")
    assert is_open()
    expect(answer).to_be_visible()
    page.keyboard.press("Space")
    assert not is_open()
    # The toggle keeps the focus, and the next Tab reaches the next question.
    assert is_focused(page, ".block-accordion details:first-of-type summary")
    tab_to(page, ".block-accordion details:nth-of-type(2) summary", limit=1)


@pytest.fixture
def contact_settings(settings):
    """A person needs more than the form's minimum time to fill it in; one second is
    enough here, and the tests wait for it as a person would take it."""
    settings.CONTACT_MIN_FILL_SECONDS = 1
    return settings


def wait_minimum_fill_time(started):
    time.sleep(max(0.0, started + 1.1 - time.monotonic()))


def test_contact_form_by_keyboard(live_server, new_page, demo_site, contact_settings):
    page = new_page()
    page.goto(live_server.url + "/el/contact/")
    started = time.monotonic()

    tab_to(page, "#id_name")
    page.keyboard.type("Μαρία Παπαδάκη")
    tab_to(page, "#id_email", limit=1)
    page.keyboard.type("maria@example.com")
    tab_to(page, "#id_subject", limit=1)
    page.keyboard.press("ArrowDown")
    tab_to(page, "#id_message", limit=1)
    page.keyboard.type("Καλημέρα σας.\nΘα ήθελα πληροφορίες για τα οικόπεδα.")
    tab_to(page, "#id_consent", limit=1)
    page.keyboard.press("Space")
    assert page.locator("#id_consent").is_checked()
    tab_to(page, ".contact__form button[type='submit']", limit=2)
    wait_minimum_fill_time(started)
    page.keyboard.press("Space")

    page.wait_for_selector(".contact--thanks")
    expect(page.locator(".contact--thanks [role='status']")).not_to_be_empty()
    submission = FormSubmission.objects.get()
    data = submission.get_data()
    assert data["name"] == "Μαρία Παπαδάκη"
    assert data["email"] == "maria@example.com"
    assert data["subject"] == "Έγγραφα και αιτήσεις"
    assert data["message"].splitlines() == [
        "Καλημέρα σας.",
        "Θα ήθελα πληροφορίες για τα οικόπεδα.",
    ]
    assert len(mail.outbox) == 1


def test_invalid_contact_form_moves_focus_to_the_errors(
    live_server, new_page, demo_site, contact_settings
):
    page = new_page()
    page.goto(live_server.url + "/el/contact/")
    started = time.monotonic()
    tab_to(page, "#id_name")
    page.keyboard.type("Μαρία")
    tab_to(page, "#id_email", limit=1)
    page.keyboard.type("not an address")
    tab_to(page, ".contact__form button[type='submit']")
    wait_minimum_fill_time(started)
    page.keyboard.press("Enter")

    alert = page.locator(".contact__alert[role='alert']")
    expect(alert).to_be_visible()
    # The focus is on the summary of the errors, where a screen reader reads it and from
    # where Tab leads into the form.
    expect(alert).to_be_focused()
    assert focus_problem(focused(page)) is None
    for name in ("email", "message", "consent"):
        field = page.locator(f"#id_{name}")
        expect(field).to_have_attribute("aria-invalid", "true")
        described = field.get_attribute("aria-describedby").split()
        assert f"id_{name}_error" in described
        expect(page.locator(f"#id_{name}_error")).not_to_be_empty()
    expect(page.locator("#id_name")).to_have_value("Μαρία")
    assert page.locator("#id_name").get_attribute("aria-invalid") is None
    tab_to(page, "#id_name", limit=1)
    assert FormSubmission.objects.count() == 0
