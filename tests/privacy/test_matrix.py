"""The privacy matrix: every public surface × every way content stops being public × where
the change was made.

Generated, not listed by hand: WAYS says which kinds of content each way applies to,
SURFACES which kinds each surface shows, and every (way, kind, surface) that fits is a
cell. One test per place of the change builds content for every way at once (each way on
items of its own), asks every surface anonymously so that the response cache holds it,
applies every change in one go (here, in a `manage.py shell` subprocess, or through the
scheduler), and asks again. A cell fails when its item's title or address still shows;
the assertion lists every failing cell.

Before the change each cell must show its item (else the cell would prove nothing); the
home page's "latest" sections show a few items only, so there at least one item of the
kind must show before, and none after.
"""

import datetime
import json
import os
import subprocess
import sys
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from django.contrib.auth.models import Group
from django.core.files.base import ContentFile
from django.utils import timezone
from wagtail.images import get_image_model
from wagtail.images.tests.utils import get_test_image_file
from wagtail.models import Collection, Page, PageViewRestriction

from documents.models import CustomDocument, DocumentIndexPage, DocumentPage
from home.models import StandardPage
from news.models import EventPage, NewsIndexPage, NewsPage
from tests.conftest import add_page, publish
from tests.servers import database_url

from . import changes

pytestmark = [
    # Committed, so that a subprocess sees the content; the migrations' rows come back
    # for the tests that follow.
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

ROOT = Path(__file__).resolve().parents[2]
SUBPROCESS_SECONDS = 120

# --- the ways ---------------------------------------------------------------------------

PAGE_KINDS = ("standard", "translation", "news", "event", "entry")


@dataclass(frozen=True)
class Way:
    name: str
    code: str  # two letters, unique: the way's search word is built from it
    kinds: tuple = PAGE_KINDS
    change: str = "restrict"  # an action of tests/privacy/changes.py
    restriction: str = PageViewRestriction.LOGIN  # for "restrict"
    ancestor: bool = False  # the change is made on the item's parent, not on the item
    places: tuple = ("same process", "other process")


RESTRICTIONS = {
    "login": PageViewRestriction.LOGIN,
    "password": PageViewRestriction.PASSWORD,
    "group": PageViewRestriction.GROUPS,
}

WAYS = [
    *(
        Way(f"{name} restriction on the page", f"r{name[0]}", restriction=restriction)
        for name, restriction in RESTRICTIONS.items()
    ),
    *(
        Way(
            f"{name} restriction on an ancestor",
            f"a{name[0]}",
            restriction=restriction,
            ancestor=True,
        )
        for name, restriction in RESTRICTIONS.items()
    ),
    Way(
        "file's collection restricted",
        "co",
        kinds=("entry", "image"),
        change="restrict_collection",
    ),
    Way("unpublished", "un", change="unpublish"),
    Way(
        "expired",
        "ex",
        change="expire",
        places=("same process", "other process", "scheduler"),
    ),
    Way(
        "alias of a page restricted afterwards",
        "sa",
        kinds=("standard", "news", "event", "entry"),
    ),
    Way("draft, never published", "dr", change=""),
    Way("draft title of a published page", "dt", change="draft_title"),
]

# --- the content ------------------------------------------------------------------------


@dataclass
class Item:
    way: Way
    kind: str
    word: str  # in the title: what must not show after the change
    slug: str  # in the address
    page: object = None  # the page a visitor would reach (an alias for the alias way)
    target: object = None  # what the change is made on
    locale: str = "el"
    child: object = None  # a page under the item, for breadcrumbs
    greek: object = None  # the Greek page whose switcher must not lead to the translation
    document: object = None
    image: object = None
    index: object = None  # the news index or library the item is listed in
    before_word: str = ""  # the title word that shows before the change
    shows_before: bool = True

    @property
    def cell(self):
        return f"{self.way.name} / {self.kind}"

    def markers(self, *, before=False, title_only=False):
        words = [self.before_word or self.word] if before else [self.word]
        if not title_only and self.slug and (before or not self.before_word):
            words.append(self.slug)
        return words


def way_word(way):
    """The word every item of a way carries in its title: search and suggest find the
    way's items with it. Latin letters only, the same for both databases' analysers."""
    return f"zq{way.code}vis"


def suggest_prefix(way):
    return way_word(way)[:5]


@dataclass
class Content:
    home_el: object
    home_en: object
    items: list = field(default_factory=list)
    block_page: object = None
    group: object = None

    def items_of(self, *kinds):
        return [item for item in self.items if item.kind in kinds]


def new_page(kind, *, title, slug, number, ancestor):
    """A page of `kind`; `number` orders the items of the ways in the listings."""
    soon = timezone.now() + datetime.timedelta(days=3)
    if kind in ("standard", "translation"):
        return StandardPage(title=title, slug=slug, show_in_menus=not ancestor)
    if kind == "news":
        return NewsPage(
            title=title,
            slug=slug,
            date=timezone.localdate() - datetime.timedelta(days=number),
            summary="Περίληψη",
        )
    return EventPage(
        title=title,
        slug=slug,
        date=timezone.localdate(),
        summary="Περίληψη",
        start=soon + datetime.timedelta(hours=number),
        end=soon + datetime.timedelta(hours=number + 1),
    )


def new_entry(*, title, slug, number, document):
    return DocumentPage(
        title=title,
        slug=slug,
        document=document,
        document_date=timezone.localdate() - datetime.timedelta(days=number),
    )


def containers(content, way, shared):
    """Where a way's items live: containers of the way's own when the change is made on
    an ancestor, so that it touches no other way's items; the shared ones otherwise."""
    if not way.ancestor:
        return shared
    home_el, home_en = content.home_el, content.home_en
    news = add_page(home_el, NewsIndexPage(title=f"Ενότητα {way.code}", slug=f"news-{way.code}"))
    library = add_page(
        home_el, DocumentIndexPage(title=f"Αρχείο {way.code}", slug=f"docs-{way.code}")
    )
    parent_el = add_page(
        home_el, StandardPage(title=f"Τμήμα {way.code}", slug=f"section-{way.code}")
    )
    parent_en = parent_el.copy_for_translation(home_en.locale)
    parent_en.title = f"Section {way.code}"
    return {"news": news, "library": library, "el": parent_el, "en": publish(parent_en)}


def build_item(content, way, kind, number, places, collection):
    live = way.code != "dr"
    word = f"zq{way.code}{kind[:2]}title"
    slug = f"zq{way.code}{kind[:2]}addr"
    title = f"{way_word(way)} {word}"
    item = Item(way=way, kind=kind, word=word, slug=slug, shows_before=live)
    parent = {
        "standard": places["el"],
        "translation": places["el"],
        "news": places["news"],
        "event": places["news"],
        "entry": places["library"],
    }.get(kind)
    if kind == "entry":
        item.document = CustomDocument(title=title, collection=collection)
        item.document.file.save(f"{slug}.txt", ContentFile(f"{title}".encode()), save=False)
        item.document._set_document_file_metadata()
        item.document.save()
    if kind in ("news", "event", "entry"):
        item.index = parent

    def make(page_slug):
        if kind == "entry":
            return new_entry(title=title, slug=page_slug, number=number, document=item.document)
        return new_page(kind, title=title, slug=page_slug, number=number, ancestor=way.ancestor)

    if kind == "image":
        item.image = get_image_model().objects.create(
            title=title, file=get_test_image_file(f"{slug}.png"), collection=collection
        )
        item.target = collection
        return item
    if kind == "translation":
        item.greek = add_page(
            parent, StandardPage(title=f"Ελληνική {way.code}", slug=f"greek-{way.code}")
        )
        page = item.greek.copy_for_translation(content.home_en.locale)
        page.title, page.slug = title, slug
        page.save()
        item.page = publish(page) if live else page
        item.locale = "en"
        item.target = places["en"] if way.ancestor else item.page
    elif way.code == "sa":
        source = add_page(parent, make(f"zq{way.code}{kind[:2]}source"))
        item.page = source.create_alias(update_slug=slug)
        item.target = source
    else:
        item.page = add_page(parent, make(slug), live=live)
        item.target = parent if way.ancestor else item.page
    if way.code == "co":
        item.target = collection
    if kind == "standard" and way.code != "sa" and live:
        item.child = add_page(
            item.page, StandardPage(title=f"Υποσελίδα {way.code}", slug=f"child-{way.code}")
        )
    if way.code == "ex":
        Page.objects.filter(pk=item.page.pk).update(
            expire_at=timezone.now() + datetime.timedelta(days=1)
        )
    if way.code == "dt":
        item.before_word, item.word = word, f"zq{way.code}{kind[:2]}draft"
    item.page.refresh_from_db()
    return item


def build(home_el, home_en, ways):
    content = Content(home_el=home_el, home_en=home_en)
    content.group = Group.objects.create(name="matrix readers")
    shared = {
        "news": add_page(home_el, NewsIndexPage(title="Νέα", slug="news")),
        "library": add_page(home_el, DocumentIndexPage(title="Έγγραφα", slug="documents")),
        "el": home_el,
        "en": home_en,
    }
    for number, way in enumerate(ways):
        places = containers(content, way, shared)
        collection = Collection.get_first_root_node().add_child(name=f"Αρχεία {way.code}")
        for kind in way.kinds:
            content.items.append(build_item(content, way, kind, number, places, collection))
    entries = [item.page for item in content.items_of("entry")]
    links = [
        # The label is the editor's, not the page's title: the block page's own text
        # (searchable) must not carry the item's title word. The link shows by its address.
        {"label": f"Σύνδεσμος {item.way.code}", "page": item.page, "url": ""}
        for item in content.items_of("standard")
    ]
    content.block_page = add_page(
        home_el,
        StandardPage(
            title="Λίστες",
            slug="lists",
            body=[
                ("document_list", {"title": "Έγγραφα", "documents": entries}),
                ("link_list", {"title": "Σύνδεσμοι", "links": links}),
            ],
        ),
    )
    return content


# --- the changes ------------------------------------------------------------------------


def plan_for(content, place):
    plan = []
    for item in content.items:
        way, target = item.way, item.target
        if way.change == "restrict":
            step = {"action": "restrict", "page": target.pk, "type": way.restriction}
            if way.restriction == PageViewRestriction.GROUPS:
                step["group"] = content.group.pk
        elif way.change == "restrict_collection":
            step = {"action": "restrict_collection", "collection": target.pk}
        elif way.change == "expire":
            # Another process edits the expiry time; here and for the scheduler the clock
            # passes it, which saves nothing.
            action = "expire" if place == "other process" else "time_passes"
            step = {"action": action, "page": target.pk}
        elif way.change == "draft_title":
            title = f"{way_word(way)} {item.word}"
            step = {"action": "draft_title", "page": target.pk, "title": title}
        elif way.change:
            step = {"action": way.change, "page": target.pk}
        else:
            continue
        # A container shared by several items of a way is changed once.
        if step not in plan:
            plan.append(step)
    return plan


def manage(environment, *args, plan=None):
    """Run `manage.py` in a process of its own, on this test's database and cache."""
    env = {
        **os.environ,
        **environment,
        "DATABASE_URL": database_url(),
        "PRIVACY_PLAN": json.dumps(plan or []),
    }
    env.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
    result = subprocess.run(  # noqa: S603 - this project's own manage.py
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=SUBPROCESS_SECONDS,
        check=False,
    )
    assert result.returncode == 0, result.stderr[-3000:]


APPLY_PLAN = (
    "import json, os; from tests.privacy import changes; "
    "changes.apply(json.loads(os.environ['PRIVACY_PLAN']))"
)


def make_changes(content, place, environment):
    plan = plan_for(content, place)
    if place == "same process":
        changes.apply(plan)
    elif place == "other process":
        manage(environment, "shell", "-c", APPLY_PLAN, plan=plan)
    else:
        changes.apply(plan)  # the clock passes the expiry time: no save, no signal
        manage(environment, "publish_scheduled")


# --- the surfaces -----------------------------------------------------------------------


class Visitor:
    """An anonymous visitor; each address is asked once per round."""

    def __init__(self, client):
        self.client = client
        self.answers = {}

    def get(self, url):
        if url not in self.answers:
            response = self.client.get(url)
            if response.streaming:
                body = b"".join(response.streaming_content)
            else:
                body = response.content
            self.answers[url] = (response.status_code, body.decode("utf-8", "replace"))
        return self.answers[url]

    def text(self, url):
        return self.get(url)[1]

    def ok_text(self, url):
        status, text = self.get(url)
        return text if status == 200 else ""


def between(text, start, end):
    """The part of `text` from the first `start` to the next `end` (empty without one)."""
    first = text.find(start)
    if first < 0:
        return ""
    last = text.find(end, first)
    return text[first : last if last >= 0 else None]


def url_of(page):
    return Page.objects.get(pk=page.pk).url


@dataclass(frozen=True)
class Surface:
    name: str
    kinds: tuple
    read: object  # (visitor, content, item) -> the text the item must not show in
    title_only: bool = False  # the address may show (a refusal's own address, a form)
    latest: bool = False  # the home page's "latest" sections: a few items only
    page_ways_only: bool = False  # shows pages directly under the home page only
    file_ways_only: bool = False  # files: private through their collection, not a page
    markers: object = None  # (item, before) -> what must (not) show, instead of the default


def _home_main(visitor, content, item):
    return between(visitor.text(f"/{item.locale}/"), "<main", "</main>")


def _pages(visitor, url, query):
    """Every page of a paginated listing (ten items a page)."""
    return "".join(visitor.ok_text(f"{url}{query}page={number}") for number in (1, 2, 3))


def _api_pages(visitor, content, item):
    return visitor.text(f"/api/v2/pages/?search={way_word(item.way)}&fields=title")


SURFACES = [
    Surface(
        "the page itself",
        ("standard", "translation", "news", "event", "entry"),
        lambda v, c, i: v.ok_text(url_of(i.page)),
        title_only=True,
    ),
    Surface(
        "menu",
        ("standard",),
        lambda v, c, i: between(v.text("/el/"), '<nav class="main-nav"', "</nav>"),
        page_ways_only=True,
    ),
    Surface(
        "breadcrumbs of a child page",
        ("standard",),
        lambda v, c, i: (
            between(v.ok_text(url_of(i.child)), '<nav class="breadcrumbs', "</nav>")
            if i.child
            else None
        ),
    ),
    Surface("home: latest news", ("news",), _home_main, latest=True),
    Surface("home: upcoming events", ("event",), _home_main, latest=True),
    Surface("home: latest documents", ("entry",), _home_main, latest=True),
    Surface("news listing", ("news", "event"), lambda v, c, i: _pages(v, url_of(i.index), "?")),
    Surface(
        "news listing, filtered",
        ("news", "event"),
        lambda v, c, i: _pages(
            v, url_of(i.index), "?type=news&" if i.kind == "news" else "?when=upcoming&"
        ),
    ),
    Surface("RSS feed", ("news", "event"), lambda v, c, i: v.ok_text(url_of(i.index) + "feed/")),
    Surface("events.ics", ("event",), lambda v, c, i: v.ok_text(url_of(i.index) + "events.ics")),
    Surface(
        "event.ics",
        ("event",),
        lambda v, c, i: v.ok_text(url_of(i.page) + "event.ics"),
        title_only=True,
    ),
    Surface("document library", ("entry",), lambda v, c, i: v.ok_text(url_of(i.index))),
    Surface(
        "document library search",
        ("entry",),
        lambda v, c, i: v.ok_text(url_of(i.index) + f"?q={way_word(i.way)}"),
    ),
    Surface(
        "document download",
        ("entry",),
        lambda v, c, i: v.ok_text(i.document.url),
        file_ways_only=True,
    ),
    Surface(
        "search",
        PAGE_KINDS,
        lambda v, c, i: v.text(f"/{i.locale}/search/?q={way_word(i.way)}"),
    ),
    Surface(
        "suggest",
        PAGE_KINDS,
        lambda v, c, i: v.text(f"/{i.locale}/search/suggest/?q={suggest_prefix(i.way)}"),
    ),
    Surface(
        "sitemap",
        PAGE_KINDS,
        lambda v, c, i: v.text("/sitemap.xml"),
        # The item's own address: a live child of an unpublished page is public, and
        # its address begins with its parent's.
        markers=lambda i, before: (
            [f"{url_of(i.page)}</loc>"] if before or not i.before_word else []
        ),
    ),
    Surface(
        "HTML sitemap",
        PAGE_KINDS,
        lambda v, c, i: between(v.ok_text(f"/{i.locale}/sitemap/"), "<main", "</main>"),
    ),
    Surface("API pages, search", PAGE_KINDS, _api_pages),
    Surface(
        "API page detail",
        ("standard",),  # the listing's queryset; one kind keeps the matrix quick
        lambda v, c, i: v.ok_text(f"/api/v2/pages/{i.page.pk}/"),
    ),
    Surface(
        "API documents",
        ("entry",),
        lambda v, c, i: (
            v.ok_text(f"/api/v2/documents/?title={i.document.title}")
            + v.ok_text(f"/api/v2/documents/{i.document.pk}/")
        ),
        file_ways_only=True,
    ),
    Surface(
        "API images",
        ("image",),
        lambda v, c, i: (
            v.ok_text(f"/api/v2/images/?title={i.image.title}")
            + v.ok_text(f"/api/v2/images/{i.image.pk}/")
        ),
    ),
    Surface(
        "language switcher and hreflang of the other language",
        ("translation",),
        lambda v, c, i: v.ok_text(url_of(i.greek)),
        # The translation's address; a draft title shows nowhere.
        markers=lambda i, before: [url_of(i.page)] if before or not i.before_word else [i.word],
    ),
    Surface(
        "document list block",
        ("entry",),
        lambda v, c, i: between(v.ok_text(url_of(c.block_page)), "<main", "</main>"),
    ),
    Surface(
        "link list block",
        ("standard",),
        lambda v, c, i: between(v.ok_text(url_of(c.block_page)), "<main", "</main>"),
    ),
]


def cells(content):
    for surface in SURFACES:
        for item in content.items:
            if item.kind not in surface.kinds:
                continue
            if surface.page_ways_only and item.way.ancestor:
                continue
            if surface.file_ways_only and item.way.change != "restrict_collection":
                continue
            yield surface, item


def shows(visitor, content, surface, item, *, before):
    text = surface.read(visitor, content, item)
    if text is None:
        return None
    if surface.markers is not None:
        markers = surface.markers(item, before)
    else:
        markers = item.markers(before=before, title_only=surface.title_only)
    return any(marker in text for marker in markers)


def observe(client, content, *, before):
    visitor = Visitor(client)
    return {
        (surface.name, item.cell): shows(visitor, content, surface, item, before=before)
        for surface, item in cells(content)
    }


def missing_before(content, seen):
    """Cells that did not show their item before the change (they would prove nothing)."""
    missing = []
    latest = {}
    for surface, item in cells(content):
        result = seen[(surface.name, item.cell)]
        if result is None or not item.shows_before:
            continue
        if surface.latest:
            latest[surface.name] = latest.get(surface.name, False) or result
        elif not result:
            missing.append(f"{surface.name} × {item.cell}")
    missing += [f"{name} × any item" for name, found in latest.items() if not found]
    return missing


# --- the tests --------------------------------------------------------------------------

PLACES = ("same process", "other process", "scheduler")


@pytest.mark.parametrize("place", PLACES)
def test_nothing_that_stops_being_public_shows_on_any_public_surface(
    place, client, home_el, home_en, shared_cache
):
    ways = [way for way in WAYS if place in way.places]
    content = build(home_el, home_en, ways)

    seen = observe(client, content, before=True)
    missing = missing_before(content, seen)
    assert not missing, "cells without their item before the change:\n" + "\n".join(missing)

    make_changes(content, place, shared_cache)

    after = observe(client, content, before=False)
    leaks = sorted(f"{surface} × {cell}" for (surface, cell), shown in after.items() if shown)
    assert not leaks, (
        f"{place}: {len(leaks)} cells still show what is no longer public:\n" + "\n".join(leaks)
    )
