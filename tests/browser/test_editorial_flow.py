"""The editorial path in a real browser: an editor writes a Greek news item and submits
it for moderation; a moderator publishes it; a translator translates it into English in
wagtail-localize's translation editor and publishes; a visitor on the Greek page switches
to English and lands on it."""

import re

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from playwright.sync_api import expect
from wagtail.models import Locale, Page, Site, WorkflowState
from wagtail.users.models import UserProfile

from editorial.groups import setup_groups
from home.models import HomePage
from news.models import NewsIndexPage, NewsPage

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

PASSWORD = "a long browser test password"


def publish(page):
    page.save_revision().publish()
    page.refresh_from_db()
    return page


@pytest.fixture
def site(django_db_serialized_rollback):
    """Both home pages and news sections, the groups and one user in each."""
    greek, _ = Locale.objects.get_or_create(language_code="el")
    english, _ = Locale.objects.get_or_create(language_code="en")
    root = Page.get_first_root_node()
    for child in root.get_children():
        child.delete()
    home = HomePage(title="Αρχική", slug="home", locale=greek, hero_heading="Καλώς ήρθατε")
    root.add_child(instance=home)
    publish(home)
    Site.objects.all().delete()
    Site.objects.create(hostname="localhost", port=80, root_page=home, is_default_site=True)
    home_en = home.copy_for_translation(english)
    home_en.title, home_en.hero_heading = "Home", "Welcome"
    publish(home_en)
    news = NewsIndexPage(title="Νέα", slug="news")
    home.add_child(instance=news)
    publish(news)
    news_en = news.copy_for_translation(english)
    news_en.title = "News"
    publish(news_en)
    setup_groups()
    users = {}
    for name in ("Editors", "Moderators", "Translators"):
        user = get_user_model().objects.create_user(
            username=name.lower(), email=f"{name.lower()}@example.com", password=PASSWORD
        )
        user.groups.add(Group.objects.get(name=name))
        # The admin in English, so that the labels the test looks for are known.
        profile = UserProfile.get_for_user(user)
        profile.preferred_language = "en"
        profile.save()
        users[name] = user
    return {"news": news, "users": users, "english": english}


def log_in(page, base, username):
    page.goto(f"{base}/admin/login/")
    page.locator("input[name=username]").fill(username)
    page.locator("input[name=password]").fill(PASSWORD)
    page.locator("form button[type=submit], form input[type=submit]").first.click()
    expect(page).to_have_url(re.compile(r"/admin/$"))


def test_news_item_from_editor_to_english_visitor(live_server, new_page, site):
    base = live_server.url

    # The editor writes a Greek news item and submits it for moderation.
    editor = new_page()
    log_in(editor, base, "editors")
    editor.goto(f"{base}/admin/pages/add/news/newspage/{site['news'].pk}/")
    editor.locator("#id_title").fill("Νέα ώρα λειτουργίας του γραφείου")
    editor.locator("#id_summary").fill("Το γραφείο ανοίγει πλέον στις οκτώ.")
    # The admin's script writes the slug from the title: submit once it has, as a person
    # would (else the form can be sent with an empty slug, on a busy machine).
    expect(editor.locator("#id_slug")).not_to_have_value("")
    submit = editor.locator("button[name='action-submit']")
    if not submit.is_visible():
        editor.locator("footer [data-w-dropdown-target='toggle']").last.click()
    submit.click()
    expect(editor).to_have_url(re.compile(r"/admin/pages/\d+/$"))
    item = NewsPage.objects.get(title="Νέα ώρα λειτουργίας του γραφείου")
    assert not item.live
    assert WorkflowState.objects.get(object_id=str(item.pk)).status == "in_progress"

    # The moderator approves it, which publishes it.
    moderator = new_page()
    log_in(moderator, base, "moderators")
    moderator.goto(f"{base}/admin/pages/{item.pk}/edit/")
    click_action(
        moderator,
        "button[data-workflow-action-name='approve']:not([data-workflow-action-modal-url])",
    )
    expect(moderator).to_have_url(re.compile(r"/admin/pages/\d+/$"))
    item.refresh_from_db()
    assert item.live

    # The translator translates it into English and publishes.
    translator = new_page()
    log_in(translator, base, "translators")
    translator.goto(f"{base}/admin/localize/submit/page/{item.pk}/")
    english = translator.locator(f"input[name=locales][value='{site['english'].pk}']")
    english.check()
    translator.locator("form[novalidate] [type=submit]").click()
    # wagtail-localize's translation editor: each segment has its Translate button.
    expect(translator.get_by_role("button", name="Translate").first).to_be_visible()
    english_page = item.get_translation(site["english"])
    english_texts = {
        "Νέα ώρα λειτουργίας του γραφείου": "New office opening hours",
        "Το γραφείο ανοίγει πλέον στις οκτώ.": "The office now opens at eight.",
        english_page.slug: "new-office-opening-hours",
    }
    tabs = translator.get_by_role("tab")
    for tab_number in range(tabs.count()):
        tabs.nth(tab_number).click()
        incomplete = translator.locator("li.incomplete:visible")
        while incomplete.count():
            segment = incomplete.first
            source = segment.locator("p").first.inner_text().strip()
            segment.get_by_role("button", name="Translate").click()
            segment.locator("textarea").fill(english_texts[source])
            segment.get_by_role("button", name="Save").click()
            expect(
                translator.locator("li.complete:visible", has_text=english_texts[source])
            ).to_be_visible()
    translator.get_by_role("button", name="Publish in English").click()
    wait_until(translator, lambda: Page.objects.get(pk=english_page.pk).live)
    english_page.refresh_from_db()
    assert english_page.title == "New office opening hours"

    # A visitor on the Greek page switches to English and lands on it.
    visitor = new_page()
    visitor.goto(f"{base}{item.url}")
    expect(visitor.get_by_role("heading", level=1)).to_have_text("Νέα ώρα λειτουργίας του γραφείου")
    visitor.get_by_role("link", name="English").click()
    expect(visitor).to_have_url(f"{base}{english_page.url}")
    expect(visitor.get_by_role("heading", level=1)).to_have_text("New office opening hours")
    expect(visitor.locator("html")).to_have_attribute("lang", "en")


def wait_until(page, condition, seconds=30):
    """Poll the database while the browser's request completes."""
    for _attempt in range(seconds * 4):
        if condition():
            return
        page.wait_for_timeout(250)
    raise AssertionError("condition not met in time")


def click_action(page, selector):
    """Click a footer action, opening the footer's "more actions" menu when it is there."""
    button = page.locator(selector)
    if not button.is_visible():
        page.locator("footer [data-w-dropdown-target='toggle']").last.click()
    button.click()
