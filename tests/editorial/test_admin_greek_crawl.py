"""The admin speaks Greek to every role: a crawl of the admin pages an Editor, a Moderator
and a Translator reach (dashboard, explorer, the edit and create views of every page type,
snippets, documents, images, workflow screens, reports, the translation editor, account,
search), with the admin in Greek, finds no English UI string.

What counts as English: a word of two or more Latin letters, in a visible text node or in
the title, aria-label, placeholder or alt attribute of an element, or the value of a
button; also the labels in the JSON props of wagtail-localize's translation editor. Proper
names, the fixture's own content (titles, user names, file names) and technical terms
that Greek uses as they are (PDF, URL) are allowed.
"""

import io
import json
import re
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urljoin, urlsplit

import polib
import pytest
import wagtail
import wagtail_localize
from django.contrib.auth import get_user_model
from django.core.files.images import ImageFile
from django.db import transaction
from django.test import Client
from django.urls import reverse
from django.utils.html import strip_tags
from PIL import Image as PILImage
from wagtail.models import Locale, Workflow
from wagtail.users.models import UserProfile
from wagtail_localize.models import Translation, TranslationSource

from documents.models import DocumentIndexPage, DocumentPage
from editorial.groups import EDITORS, MODERATORS, TRANSLATORS, setup_groups
from home.models import CustomImage, SiteDetails, StandardPage
from news.models import EventPage, NewsCategory, NewsIndexPage, NewsPage
from tests.conftest import add_page, make_site_home
from tests.documents.factories import make_category, make_document

ROLES = [EDITORS, MODERATORS, TRANSLATORS]

# Words that are not English UI text: proper names, technical terms used as is in Greek,
# and the fixture's own content.
ALLOWED = {
    # Proper names, brands and formats.
    "wagtail",
    "draftail",
    "pdf",
    "url",
    "urls",
    "html",
    "csv",
    "xlsx",
    "po",
    "id",
    "rss",
    "ical",
    "deepl",
    "google",
    "youtube",
    "gravatar",
    "api",
    "utc",
    "svg",
    "png",
    "jpg",
    "jpeg",
    "gif",
    "webp",
    "avif",
    "txt",
    "docx",
    "odt",
    "mb",
    "kb",
    "px",
    "ctrl",
    "alt",
    "shift",
    "cmd",
    "enter",
    "esc",
    "tab",
    "markdown",
    "english",  # a language's name in its own language (the locale switcher)
    # Terms Wagtail's own Greek keeps ("Σύντομος τίτλος (slug)", "Snippets"), and e-mail.
    "slug",
    "snippet",
    "snippets",
    "javascript",
    "email",
    "mail",
    "byte",
    # The fixture's content.
    "notice",
    "park",
    "editors",  # user names are group names in lower case
    "moderators",
    "translators",
    "example",
    "com",
    "rethymno",
    "home",
    "welcome",
    "news",
    "documents",
    "events",
    "en",
    "el",
    "localhost",
}

LATIN_WORD = re.compile(r"[A-Za-z]{2,}")
# Greek with English glued on: Django's default plural of a Greek verbose_name ("σελίδαs").
MIXED_WORD = re.compile(r"[\u0370-\u03ff\u1f00-\u1fff]+[A-Za-z]+\b")
# Addresses, e-mail addresses, file names, paths and CSS-like tokens are not words.
NOT_WORDS = re.compile(
    r"https?://\S+|\S+@\S+|\b[\w.-]+\.(?:png|jpe?g|gif|txt|pdf|svg|webp)\b|/\S*|#[\w-]+"
    r"|\b[a-z_]+\.[a-z_]+\b"  # app_label.model_name, as the page types report shows them
    r"|%\(\w+\)[sd]|\{\w*\}"  # placeholders in strings that scripts fill in
)
# Greek that Wagtail's catalogue got wrong with a name put after it ("Add %(model_name)s" as
# "Προσθήκη νέο", "Submit to %(workflow_name)s" as "Υποβολή σε Moderation").
UNGRAMMATICAL = re.compile(r"Προσθήκη νέο\b|Υποβολή σε ")
# Content, not interface: the title of Wagtail's own placeholder page (in the site history).
ALLOWED_STRINGS = {"Welcome to your new Wagtail site!"}
SKIPPED_TAGS = {"script", "style", "svg"}
SCRIPT_STRINGS = {"wagtail-config", "checker-axe-configuration"}
ATTRIBUTES = {
    "title",
    "aria-label",
    "placeholder",
    "alt",
    "aria-description",
    "data-w-tooltip-content-value",
}
BUTTON_VALUE = {"submit", "button", "reset"}
# JSON props of React components (wagtail-localize's translation editor): the keys whose
# values the user reads as interface text.
JSON_UI_KEYS = {
    "label",
    "title",
    "helpText",
    "displayName",
    "field",
    "subField",
    "name",
}

# Never followed: they change state, leave the admin or are not HTML.
SKIPPED_URLS = re.compile(
    r"/logout/|/preview/|/download|/po/|/export|\.(?:csv|xlsx|po)$|/jsi18n/|/serve/|/sendfile"
    r"|/revisions/\d+/view/|/revisions/compare/|/stop-sharing|/unlock/|/lock/|/usage/"
)
MAX_PAGES = 160


class VisibleText(HTMLParser):
    """The strings of an admin page a user sees or hears."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.strings = []
        self.links = []
        self.skipping = 0
        self.props = []
        self.option_value = None
        self.in_config = False
        self.in_counter = False

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag in SKIPPED_TAGS:
            self.skipping += 1
        # Wagtail's strings for its scripts (the rich-text "/" menu, autosave, ...) and the
        # messages of the accessibility checks.
        self.in_config = tag == "script" and attrs.get("id") in SCRIPT_STRINGS
        # An option whose text is its value is data (a time zone), not interface.
        self.option_value = attrs.get("value") if tag == "option" else None
        # A counter that Wagtail's script fills in, hidden until then (it says "None").
        self.in_counter = "data-side-panel-toggle-counter" in attrs
        if tag == "a" and attrs.get("href"):
            self.links.append(attrs["href"])
        for name in ATTRIBUTES:
            if attrs.get(name):
                self.strings.append(attrs[name])
        if tag == "input" and attrs.get("type") in BUTTON_VALUE and attrs.get("value"):
            self.strings.append(attrs["value"])
        for name, value in attrs.items():
            if name in {"data-props", "data-w-init-props"} and value:
                self.props.append(value)

    def handle_startendtag(self, tag, attrs):
        self.handle_starttag(tag, attrs)
        if tag in SKIPPED_TAGS:
            self.skipping -= 1

    def handle_endtag(self, tag):
        if tag in SKIPPED_TAGS and self.skipping:
            self.skipping -= 1

    def handle_data(self, data):
        if self.in_config:
            config = json.loads(data)
            self.strings += flatten(config.get("STRINGS", {})) + flatten(config.get("messages", {}))
            self.in_config = False
            return
        if self.option_value is not None and data.strip() == self.option_value:
            return
        if self.in_counter:
            self.in_counter = False
            return
        if not self.skipping and data.strip():
            self.strings.append(data)


def flatten(value):
    if isinstance(value, dict):
        value = list(value.values())
    if isinstance(value, list):
        return [text for item in value for text in flatten(item)]
    return [value] if isinstance(value, str) else []


def json_ui_strings(value, key=None):
    if isinstance(value, dict):
        for k, v in value.items():
            yield from json_ui_strings(v, k)
    elif isinstance(value, list):
        for item in value:
            yield from json_ui_strings(item, key)
    elif isinstance(value, str) and key in JSON_UI_KEYS:
        yield value


def english_words(text, allowed):
    text = NOT_WORDS.sub(" ", text)
    words = [w for w in LATIN_WORD.findall(text) if w.lower() not in allowed]
    return words + MIXED_WORD.findall(text)


def english_strings(html, allowed):
    parser = VisibleText()
    parser.feed(html)
    strings = list(parser.strings)
    for blob in parser.props:
        try:
            strings += json_ui_strings(json.loads(blob))
        except ValueError:
            pass
    found = {
        " ".join(s.split()) for s in strings if english_words(s, allowed) or UNGRAMMATICAL.search(s)
    }
    found -= ALLOWED_STRINGS
    return found, parser.links


def make_image(title, collection):
    buffer = io.BytesIO()
    PILImage.new("RGB", (8, 8), (20, 120, 60)).save(buffer, "PNG")
    return CustomImage.objects.create(
        title=title, collection=collection, file=ImageFile(buffer, name="park.png")
    )


def build_site():
    """One page of each type, each snippet, a file, an image, a page in moderation and an
    English translation in progress; a user per role with the admin in Greek."""
    from editorial.groups import public_collection

    greek, _created = Locale.objects.get_or_create(language_code="el")
    english, _created = Locale.objects.get_or_create(language_code="en")
    home = make_site_home(greek)
    groups = setup_groups()
    users = {}
    for name in ROLES:
        user = get_user_model().objects.create_user(
            username=name.lower(), email=f"{name.lower()}@example.com", password="x" * 20
        )
        user.groups.set([groups[name]])
        profile = UserProfile.get_for_user(user)
        profile.preferred_language = "el"
        profile.save()
        users[name] = user

    collection = public_collection()
    document = make_document(title="Ανακοίνωση", collection=collection)
    image = make_image("Είσοδος", collection)
    category = NewsCategory.objects.create(locale=greek, name="Ανακοινώσεις", slug="anakoinoseis")
    doc_category = make_category(greek, "Αποφάσεις", "apofaseis")
    SiteDetails.objects.create(locale=greek, site_name="Πάρκο", address="Ρέθυμνο")

    standard = add_page(home, StandardPage(title="Υπηρεσίες", slug="ypiresies"))
    news_index = add_page(home, NewsIndexPage(title="Νέα", slug="nea"))
    news = add_page(
        news_index, NewsPage(title="Νέο σύστημα", slug="neo-systima", summary="Περίληψη")
    )
    news.categories.add(category)
    from datetime import date, datetime, timedelta

    from django.utils import timezone

    start = timezone.make_aware(datetime(2026, 5, 1, 10, 0))
    event = add_page(
        news_index,
        EventPage(
            title="Ημερίδα",
            slug="imerida",
            summary="Περίληψη",
            start=start,
            end=start + timedelta(hours=2),
        ),
    )
    library = add_page(home, DocumentIndexPage(title="Έγγραφα", slug="engrafa"))
    entry = add_page(
        library,
        DocumentPage(
            title="Κανονισμός",
            slug="kanonismos",
            document=document,
            category=doc_category,
            document_date=date(2026, 1, 5),
        ),
    )
    # A draft in moderation, submitted by the editor: the moderator has it to review.
    draft = add_page(home, StandardPage(title="Πρόχειρο", slug="proxeiro"), live=False)
    workflow = Workflow.objects.filter(active=True, workflow_pages__isnull=False).first()
    workflow.start(draft, users[EDITORS])

    # The English translation of the standard page, in progress: the translation editor.
    source, _created = TranslationSource.get_or_create_from_instance(standard)
    translation = Translation.objects.create(source=source, target_locale=english)
    translation.save_target(publish=False)
    english_standard = standard.get_translation(english)
    return {
        "users": users,
        "pages": [home, standard, news_index, news, event, library, entry, draft],
        "english_page": english_standard,
        "news_index": news_index,
        "library": library,
        "document": document,
        "image": image,
        "category": category,
        "doc_category": doc_category,
    }


@pytest.fixture(scope="module")
def site(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock(), transaction.atomic():
        yield build_site()
        transaction.set_rollback(True)


def seed_urls(site, role):
    """The admin views a crawl from the dashboard alone would not reach: for Editors (who
    go first) each page type's edit and create views, every listing, searches; for the
    other roles the views where what they may do shows (the dashboard, a page in
    moderation, a live page, the translation editor, the workflow reports)."""
    home, standard, draft = site["pages"][0], site["pages"][1], site["pages"][-1]
    source = TranslationSource.objects.get_for_instance(standard)
    urls = [
        reverse("wagtailadmin_home"),
        reverse("wagtailadmin_account"),
        reverse("wagtailadmin_pages:edit", args=[standard.pk]),
        reverse("wagtailadmin_pages:edit", args=[draft.pk]),
        reverse("wagtailadmin_pages:edit", args=[site["english_page"].pk]),
        reverse("wagtailadmin_reports:workflow"),
        reverse("wagtailadmin_reports:workflow_tasks"),
        reverse("wagtail_localize:submit_page_translation", args=[standard.pk]),
        reverse("wagtail_localize:update_translations", args=[source.pk]),
    ]
    if role != EDITORS:
        return urls
    for page in site["pages"]:
        urls.append(reverse("wagtailadmin_pages:edit", args=[page.pk]))
    for parent, model in [
        (home, "home.standardpage"),
        (home, "news.newsindexpage"),
        (home, "documents.documentindexpage"),
        (site["news_index"], "news.newspage"),
        (site["news_index"], "news.eventpage"),
        (site["library"], "documents.documentpage"),
    ]:
        app_label, model_name = model.split(".")
        urls.append(reverse("wagtailadmin_pages:add", args=[app_label, model_name, parent.pk]))
    urls += [
        reverse("wagtailadmin_pages:add_subpage", args=[home.pk]),
        reverse("wagtailadmin_pages:search") + "?q=Νέο",
        reverse("wagtailadmin_pages:search") + "?q=τίποτα",
        reverse("wagtailadmin_explore_root"),
        reverse("wagtaildocs:index"),
        reverse("wagtaildocs:add"),
        reverse("wagtaildocs:add_multiple"),
        reverse("wagtaildocs:edit", args=[site["document"].pk]),
        reverse("wagtailimages:index"),
        reverse("wagtailimages:add_multiple"),
        reverse("wagtailimages:edit", args=[site["image"].pk]),
        reverse("wagtailsnippets:index"),
        reverse("wagtailadmin_reports:locked_pages"),
        reverse("wagtailadmin_reports:site_history"),
        reverse("wagtailadmin_reports:aging_pages"),
        reverse("wagtailadmin_reports:page_types_usage"),
    ]
    for snippet in [site["category"], site["doc_category"]]:
        meta = snippet._meta
        urls += [
            reverse(f"wagtailsnippets_{meta.app_label}_{meta.model_name}:list"),
            reverse(f"wagtailsnippets_{meta.app_label}_{meta.model_name}:add"),
            reverse(f"wagtailsnippets_{meta.app_label}_{meta.model_name}:edit", args=[snippet.pk]),
        ]
    return urls


def normalise(url):
    """A URL the crawl visits once per shape (ids become N), unless it is a seed."""
    parts = urlsplit(url)
    return re.sub(r"/\d+/", "/N/", parts.path)


def crawl(client, seeds, allowed, seen_shapes):
    """{url: english strings} of every admin page reached from the seeds by links: the
    seeds always, other pages once per shape (`seen_shapes`, shared between the roles)."""
    queue = list(seeds)
    seen = set()
    found = {}
    while queue and len(seen) < MAX_PAGES:
        url = queue.pop(0)
        path = urlsplit(url).path
        if url in seen or not path.startswith("/admin/") or SKIPPED_URLS.search(url):
            continue
        is_seed = url in seeds
        if not is_seed and normalise(url) in seen_shapes:
            continue
        seen.add(url)
        seen_shapes.add(normalise(url))
        response = client.get(url)
        if response.status_code != 200 or "html" not in response.get("Content-Type", ""):
            continue
        strings, links = english_strings(response.content.decode(), allowed)
        if strings:
            found[url] = strings
        for link in links:
            absolute = urljoin(url, link)
            parts = urlsplit(absolute)
            if parts.netloc not in {"", "testserver"}:
                continue
            # Queries (filters, sorting, pages of a listing) show the same words again.
            if parts.path not in seen:
                queue.append(parts.path)
    return found, seen


def content_words(site):
    words = set()
    for user in site["users"].values():
        words |= {w.lower() for w in LATIN_WORD.findall(f"{user.username} {user.email}")}
    for page in site["pages"]:
        words |= {w.lower() for w in LATIN_WORD.findall(page.slug)}
    for snippet in [site["category"], site["doc_category"]]:
        words |= {w.lower() for w in LATIN_WORD.findall(snippet.slug)}
    return words


def report(found):
    pages = {}
    for url, strings in found.items():
        for string in strings:
            pages.setdefault(string, url)
    lines = [f"{len(pages)} English strings on {len(found)} pages:"]
    lines += [f"  {string!r} ({url})" for string, url in sorted(pages.items())]
    return "\n".join(lines)


def test_admin_pages_of_every_role_are_in_greek(site, db):
    """Each role's crawl: the seeds (dashboard, account, every edit and create view, ...)
    as that role, and the pages they link to that no role before has seen in that shape."""
    seen_shapes, reports, crawled = set(), [], 0
    for role in ROLES:
        client = Client(HTTP_ACCEPT_LANGUAGE="el")
        client.force_login(site["users"][role])
        seeds = seed_urls(site, role)
        found, seen = crawl(client, seeds, ALLOWED | content_words(site), seen_shapes)
        crawled += len(seen)
        if found:
            reports.append(f"{role}: {report(found)}")
    assert crawled > 80, crawled
    assert not reports, "\n".join(reports)


def test_login_pages_are_in_greek(db):
    """Before signing in: the login page ("Password", "Remember me") and the password reset."""
    client = Client(HTTP_ACCEPT_LANGUAGE="el")
    login = client.get(reverse("wagtailadmin_login")).content.decode()
    assert "Να με θυμάσαι" in login
    for url in [reverse("wagtailadmin_login"), reverse("wagtailadmin_password_reset")]:
        strings, _links = english_strings(client.get(url).content.decode(), ALLOWED)
        assert not strings, (url, strings)


@pytest.mark.parametrize(
    ("url_name", "package"),
    [
        ("wagtailadmin_javascript_catalog", Path(wagtail.__file__).parent / "admin"),
        ("wagtail_localize:javascript_catalog", Path(wagtail_localize.__file__).parent),
    ],
)
def test_script_strings_are_in_greek(site, db, url_name, package):
    """The strings of Wagtail's and wagtail-localize's scripts (the block menu, the
    translation editor), served by their JavaScript catalogues: every one has Greek."""
    client = Client(HTTP_ACCEPT_LANGUAGE="el")
    client.force_login(site["users"][TRANSLATORS])
    script = client.get(reverse(url_name)).content.decode()
    catalogue = json.loads(re.search(r"const newcatalog = (\{.*?\});\n", script, re.S)[1])
    english = polib.pofile(str(package / "locale" / "en" / "LC_MESSAGES" / "djangojs.po"))
    keys = [f"{e.msgctxt}\x04{e.msgid}" if e.msgctxt else e.msgid for e in english]
    missing = [key for key in keys if key not in catalogue]
    assert not missing, missing


def test_moderation_emails_are_in_greek(site, db, mailoutbox, django_capture_on_commit_callbacks):
    """Submitting, approving and rejecting send Wagtail's notification e-mails; with the
    users' admin in Greek, their subjects and bodies are Greek."""
    editor, moderator = site["users"][EDITORS], site["users"][MODERATORS]
    home = site["pages"][0]
    allowed = ALLOWED | content_words(site) | {"testserver"}
    for title, slug, action in [("Πρώτη", "proti", "approve"), ("Δεύτερη", "defteri", "reject")]:
        page = add_page(home, StandardPage(title=title, slug=slug), live=False)
        workflow = page.get_workflow()
        with django_capture_on_commit_callbacks(execute=True):
            state = workflow.start(page, editor)
            task_state = state.current_task_state
            task_state.task.specific.on_action(
                task_state.specific, moderator, action, comment="Σχόλιο"
            )
    assert len(mailoutbox) >= 4, [m.subject for m in mailoutbox]
    english = {
        line.strip()
        for message in mailoutbox
        for text in [message.subject, message.body, *(c for c, _t in message.alternatives)]
        for line in strip_tags(text).splitlines()
        if english_words(line, allowed)
    }
    assert not english, english
