"""Make the screenshots of docs/first-ten-minutes.md: an editor, a moderator and a
translator in the Greek admin, on a running site with the demo content.

    make run    # or: manage.py migrate, load_demo_content, ensure_admin, runserver
    .venv/bin/python docs/screenshots/make_screenshots.py --base http://127.0.0.1:8000

Run it with the server's own DATABASE_URL: it creates (or resets the password of) one demo
user per role, "editor", "moderator" and "translator", in the groups of
editorial/groups.py with the admin in Greek, then walks through each role's first steps
in chromium (1280x800) and writes the PNG files beside this script. It writes a news item
("Νέο σύστημα κρατήσεων στα καταφύγια"), submits, approves and translates it: run it on a
demo database, not on the park's own.
"""

import argparse
import os
import re
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent.parent
PASSWORD = "a demo password for the screenshots"  # noqa: S105 (demo users of a demo site)
TITLE = "Νέο σύστημα κρατήσεων στα καταφύγια"
ROLES = {"editor": "Editors", "moderator": "Moderators", "translator": "Translators"}


def make_users():
    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "biopa.settings.dev")
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    import django

    django.setup()
    from django.contrib.auth import get_user_model
    from django.contrib.auth.models import Group
    from wagtail.users.models import UserProfile

    from editorial.groups import setup_groups

    setup_groups()
    for username, group in ROLES.items():
        user, _ = get_user_model().objects.get_or_create(
            username=username, defaults={"email": f"{username}@example.com"}
        )
        user.set_password(PASSWORD)
        user.first_name = {"editor": "Ελένη", "moderator": "Μανώλης", "translator": "Θάλεια"}[
            username
        ]
        user.save()
        user.groups.set([Group.objects.get(name=group)])
        profile = UserProfile.get_for_user(user)
        profile.preferred_language = "el"
        profile.save()


def news_index_pk():
    from news.models import NewsIndexPage

    return NewsIndexPage.objects.get(locale__language_code="el").pk


def log_in(page, base, username):
    page.goto(f"{base}/admin/login/")
    page.locator("input[name=username]").fill(username)
    page.locator("input[name=password]").fill(PASSWORD)
    page.locator("form button[type=submit]").first.click()
    page.wait_for_url(re.compile(r"/admin/$"))


def footer_action(page, selector):
    button = page.locator(selector)
    if not button.is_visible():
        page.locator("footer [data-w-dropdown-target='toggle']").last.click()
    return button


def shot(page, name):
    page.wait_for_timeout(400)
    page.screenshot(path=HERE / f"{name}.png")
    print(f"{name}.png")


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--base", default="http://127.0.0.1:8000")
    parser.add_argument("--chromium", default="/usr/bin/chromium")
    base = parser.parse_args().base.rstrip("/")
    chromium = parser.parse_args().chromium
    make_users()
    from news.models import NewsPage

    NewsPage.objects.filter(title=TITLE).delete()
    index = news_index_pk()

    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=chromium, headless=True)

        def new_page():
            context = browser.new_context(viewport={"width": 1280, "height": 800}, locale="el-GR")
            context.set_default_timeout(30_000)
            return context.new_page()

        # The editor.
        page = new_page()
        log_in(page, base, "editor")
        shot(page, "01-editor-dashboard")
        page.goto(f"{base}/admin/pages/add/news/newspage/{index}/")
        page.locator("#id_title").fill(TITLE)
        page.locator("#id_summary").fill(
            "Οι θέσεις στα καταφύγια κλείνονται πλέον από τον ιστότοπο."
        )
        body = page.locator("[data-contentpath='body']")
        body.locator("button.c-sf-add-button").first.click()
        body.scroll_into_view_if_needed()
        shot(page, "02-editor-new-news-blocks")
        page.get_by_role("option", name="Επικεφαλίδα", exact=True).click()
        page.locator("#body-0-value-text").fill("Πώς κλείνετε θέση")
        footer_action(page, "button[name='action-submit']").click()
        page.wait_for_url(re.compile(r"/admin/pages/\d+/$"))
        shot(page, "03-editor-submitted")
        item = NewsPage.objects.get(title=TITLE)

        # The moderator.
        page = new_page()
        log_in(page, base, "moderator")
        shot(page, "04-moderator-dashboard")
        page.goto(f"{base}/admin/pages/{item.pk}/edit/")
        page.wait_for_timeout(2500)
        footer_action(
            page,
            "button[data-workflow-action-name='approve']:not([data-workflow-action-modal-url])",
        )
        shot(page, "05-moderator-approve")
        page.locator(
            "button[data-workflow-action-name='approve']:not([data-workflow-action-modal-url])"
        ).click()
        page.wait_for_url(re.compile(r"/admin/pages/\d+/$"))
        shot(page, "06-moderator-published")

        # The translator.
        page = new_page()
        log_in(page, base, "translator")
        shot(page, "07-translator-dashboard")
        page.goto(f"{base}/admin/localize/submit/page/{item.pk}/")
        page.locator("input[name=locales]").first.check()
        page.locator("form[novalidate] [type=submit]").click()
        page.locator("li.incomplete").first.wait_for()
        shot(page, "08-translator-editor")
        browser.close()


if __name__ == "__main__":
    main()
