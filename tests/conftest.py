import pytest
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from wagtail.models import Locale, Page, Site
from wagtail.test.utils.form_data import inline_formset, nested_form_data, streamfield

from home.models import HomePage, SiteDetails


@pytest.fixture
def locales(db):
    greek, _ = Locale.objects.get_or_create(language_code="el")
    english, _ = Locale.objects.get_or_create(language_code="en")
    return greek, english


@pytest.fixture
def home_el(locales):
    """A Greek home page at the site root, published; Wagtail's placeholder removed."""
    greek, _english = locales
    return make_site_home(greek)


def make_site_home(locale):
    """A home page in `locale` at the site root, published, as the default site's root;
    Wagtail's placeholder removed."""
    root = Page.get_first_root_node()
    for placeholder in root.get_children():
        placeholder.delete()
    home = HomePage(title="Αρχική", slug="home", locale=locale, hero_heading="Καλώς ήρθατε")
    root.add_child(instance=home)
    home.save_revision().publish()
    Site.objects.all().delete()
    Site.objects.create(hostname="localhost", port=80, root_page=home, is_default_site=True)
    return home


@pytest.fixture
def home_en(home_el, locales):
    """The English translation of the home page, published."""
    _greek, english = locales
    home = home_el.copy_for_translation(english)
    home.title = "Home"
    home.hero_heading = "Welcome"
    home.save_revision().publish()
    home.refresh_from_db()
    return home


@pytest.fixture
def site_details(locales):
    greek, english = locales
    el = SiteDetails.objects.create(
        locale=greek,
        site_name="Βιοτεχνικό Πάρκο Ρεθύμνου",
        address="Ρέθυμνο",
        phone="+30 28310 00000",
        email="info@example.com",
        opening_hours="Δευτέρα–Παρασκευή",
        footer_text="Υποσέλιδο",
    )
    en = el.copy_for_translation(english)
    en.site_name = "Industrial Park of Rethymno"
    en.address = "Rethymno"
    en.opening_hours = "Monday–Friday"
    en.footer_text = "Footer"
    en.save()
    return el, en


def publish(page):
    page.save_revision().publish()
    page.refresh_from_db()
    return page


def add_page(parent, page, *, live=True):
    """Add `page` under `parent` in the parent's locale: published, or a draft never
    published (`live=False`)."""
    page.locale = parent.locale
    page.live = live
    parent.add_child(instance=page)
    if live:
        return publish(page)
    page.save_revision()
    page.refresh_from_db()
    return page


def keep_legacy_slug(page, slug):
    """`page` with the Greek slug a page saved before slugs were Latin has (home/slugs.py
    transliterates any slug saved since), stored as such; its descendants' paths follow."""
    old_path = page.url_path
    new_path = old_path[: -len(page.slug) - 1] + slug + "/"
    for descendant in Page.objects.filter(path__startswith=page.path):
        Page.objects.filter(pk=descendant.pk).update(
            url_path=new_path + descendant.url_path[len(old_path) :]
        )
    Page.objects.filter(pk=page.pk).update(slug=slug)
    page.refresh_from_db()
    return page


def page_form(title, slug, **fields):
    """A standard page's add or edit form as the admin posts it: an empty body, no comments;
    `fields` on top (another introduction, an action such as `action-publish`)."""
    return nested_form_data(
        {
            "title": title,
            "slug": slug,
            "introduction": "Εισαγωγή",
            "body": streamfield([]),
            "comments": inline_formset([]),
            **fields,
        }
    )


def get_with_queries(client, url, data=None, **extra):
    """GET `url` with the test client: the response and the SQL queries it ran."""
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url, data, **extra)
    return response, queries.captured_queries


@pytest.fixture
def demo_content(db, django_capture_on_commit_callbacks):
    """The full demo site. wagtail-localize publishes translations on commit, which a test's
    transaction never reaches, so the callbacks are run here. Built once per test process
    and replayed after that (tests/demo_snapshot.py)."""
    from tests.demo_snapshot import load_demo_site

    def build():
        with django_capture_on_commit_callbacks(execute=True):
            call_command("load_demo_content", verbosity=0)

    load_demo_site(build)


@pytest.hookimpl(wrapper=True)
def pytest_runtest_teardown(item, nextitem):
    """Put back what the migrations wrote (root page, locales, content types, groups) once a
    transactional test with `serialized_rollback` has flushed the database. Django restores
    it only when the next such test starts, and skips the post-migrate signal on the flush,
    so an ordinary test that follows in the same process would find an empty database."""
    result = yield
    marker = item.get_closest_marker("django_db")
    # After the last test (no `nextitem`) the session's teardown has destroyed the test
    # database and the connection names the real one again: nothing to put back there.
    if nextitem is None:
        return result
    if marker and marker.kwargs.get("transaction") and marker.kwargs.get("serialized_rollback"):
        from django.db import connections
        from pytest_django.plugin import blocking_manager_key

        with item.config.stash[blocking_manager_key].unblock():
            for connection in connections.all(initialized_only=True):
                contents = getattr(connection, "_test_serialized_contents", None)
                if contents:
                    connection.creation.deserialize_db_from_string(contents)
    return result


@pytest.fixture(autouse=True)
def _clear_cache():
    """Caches outlive a test's transaction: start every test with empty ones (the default
    cache and the image renditions)."""
    from django.core.cache import caches

    for cache in caches.all(initialized_only=True):
        cache.clear()
    yield
    for cache in caches.all(initialized_only=True):
        cache.clear()


@pytest.fixture(scope="session")
def production_static(tmp_path_factory):
    """The static files as production serves them (a manifest, which collectstatic
    writes), collected once for every server of the session (tests/servers.py)."""
    from tests.servers import collect_static, production_environment

    root = tmp_path_factory.mktemp("production-static")
    env = production_environment(
        database_url="sqlite:///unused.sqlite3",
        var_dir=root.parent / "production-static-var",
        static_root=root,
    )
    collect_static(env)
    return root


# Browser tests: Playwright driving Debian's chromium (Playwright's own browser download
# does not work here). Debian's package is installed by `make test` where missing.
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


@pytest.fixture
def browser(monkeypatch):
    """One chromium per test. Playwright's sync API runs an event loop in this thread, and
    the ORM calls the test makes around it are ordinary synchronous ones: Django is told so
    only while the test runs (`check --deploy` refuses the variable)."""
    from playwright.sync_api import sync_playwright

    monkeypatch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS
        )
        yield browser
        browser.close()


@pytest.fixture
def new_page(browser):
    """A page in a fresh browser context (a visitor or a user of their own), with generous
    timeouts; `page.console_errors` collects what the page logs as errors."""
    contexts = []

    def make(*, javascript=True, locale="el-GR", **options):
        context = browser.new_context(locale=locale, java_script_enabled=javascript, **options)
        context.set_default_timeout(30_000)
        contexts.append(context)
        page = context.new_page()
        page.console_errors = []
        page.on(
            "console",
            lambda message: message.type == "error" and page.console_errors.append(message),
        )
        return page

    yield make
    for context in contexts:
        context.close()
