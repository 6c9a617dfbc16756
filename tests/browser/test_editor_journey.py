"""The editor's journey in a real browser, in the Greek admin: an Editor writes a Greek
news item under the news index with one block of every type the news body offers, each
added through the StreamField's "+" menu; the slug field gets the title's ELOT 743 slug;
two categories are ticked; the preview panel shows the content; the item is submitted
for moderation, which the admin confirms in Greek. The item is then in moderation and
not live: an anonymous visitor gets 404 at its address."""

import datetime
import re

import pytest
from django.core.files.base import ContentFile
from django.utils import translation
from playwright.sync_api import TimeoutError as PlaywrightTimeoutError
from playwright.sync_api import expect
from wagtail.embeds.embeds import get_embed_hash
from wagtail.embeds.models import Embed
from wagtail.images.tests.utils import get_test_image_file
from wagtail.models import WorkflowState
from wagtail.users.models import UserProfile

from documents.models import CustomDocument, DocumentIndexPage, DocumentPage
from editorial.groups import public_collection
from home.blocks import BodyBlock
from home.models import CustomImage
from news.models import NewsCategory, NewsPage
from tests.browser.test_editorial_flow import log_in, publish, site  # noqa: F401

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

TITLE = "Νέο σύστημα κρατήσεων στο Ρέθυμνο"
SLUG = "neo-systima-kratiseon-sto-rethymno"
VIDEO = "https://www.youtube.com/watch?v=biopa-demo"


@pytest.fixture
def editor_site(site):  # noqa: F811
    """The shared site, the Editor's admin in Greek, two categories, an image and a
    library entry to choose, and an embed already known (the test runs offline)."""
    editor = site["users"]["Editors"]
    profile = UserProfile.get_for_user(editor)
    profile.preferred_language = "el"
    profile.save()
    greek = site["news"].locale
    for name, slug in (
        ("Ανακοινώσεις", "announcements"),
        ("Επισκέπτες", "visitors"),
        ("Έργα", "works"),
    ):
        NewsCategory.objects.create(name=name, slug=slug, locale=greek)
    collection = public_collection()
    CustomImage.objects.create(title="Φαράγγι", file=get_test_image_file(), collection=collection)
    document = CustomDocument.objects.create(
        title="Κανονισμός",
        file=ContentFile(b"%PDF-1.4 demo", name="kanonismos.pdf"),
        collection=collection,
    )
    library = DocumentIndexPage(title="Έγγραφα", slug="documents")
    site["news"].get_parent().add_child(instance=library)
    publish(library)
    entry = DocumentPage(
        title="Κανονισμός λειτουργίας",
        slug="kanonismos",
        document=document,
        document_date=datetime.date(2026, 1, 15),
    )
    library.add_child(instance=entry)
    publish(entry)
    Embed.objects.create(
        url=VIDEO,
        max_width=None,
        hash=get_embed_hash(VIDEO, None, None),
        type="video",
        html='<iframe title="Βίντεο" src="https://www.youtube-nocookie.com/embed/x"></iframe>',
        title="Βίντεο",
        thumbnail_url="",
        width=640,
        height=360,
    )
    return site


def greek_label(name):
    with translation.override("el"):
        return str(BodyBlock().child_blocks[name].label)


def test_editor_writes_every_block_previews_and_submits(live_server, new_page, editor_site):
    base = live_server.url
    page = new_page()
    log_in(page, base, "editors")
    page.goto(f"{base}/admin/pages/add/news/newspage/{editor_site['news'].pk}/")
    expect(page.locator("html")).to_have_attribute("lang", "el")

    page.locator("#id_title").fill(TITLE)
    page.locator("#id_summary").fill("Οι κρατήσεις για τα καταφύγια γίνονται πλέον online.")
    # The slug is written from the title, in Latin letters (ELOT 743).
    expect(page.locator("#id_slug")).to_have_value(SLUG)

    body = page.locator("[data-contentpath='body']")
    count = 0

    def add(name):
        """Add a block through the "+" menu. Each new block goes to the top (the first "+"
        is always the body's own), and is numbered by the order of creation."""
        nonlocal count
        body.locator("button.c-sf-add-button").first.click()
        page.get_by_role("option", name=greek_label(name), exact=True).click()
        prefix = f"body-{count}-value"
        count += 1
        return prefix

    def rich_text(field_id, text):
        editor = (
            page.locator(f"[id='{field_id}']")
            .locator("xpath=..")
            .locator("[contenteditable='true']")
        )
        editor.click()
        page.keyboard.type(text)

    def choose(field_id, modal_choice):
        button = page.locator(f"[id='{field_id}-chooser'] [data-chooser-action-choose]")
        choice = page.locator(f".modal {modal_choice}").first
        for _attempt in range(3):
            # On a loaded machine a new block's chooser button can be clicked before its
            # script is bound, and nothing opens: click again unless a modal is open.
            if not page.locator(".modal").first.is_visible():
                button.click()
            try:
                choice.wait_for(state="visible", timeout=20_000)
                break
            except PlaywrightTimeoutError:
                continue
        choice.click()
        expect(page.locator(".modal")).to_be_hidden()

    p = add("key_figures")
    page.fill(f"#{p}-figures-0-value-value", "12")
    page.fill(f"#{p}-figures-0-value-label", "καταφύγια")
    p = add("contact_card")
    page.fill(f"#{p}-name", "Γραφείο κρατήσεων")
    page.fill(f"#{p}-email", "kratiseis@example.com")
    p = add("link_list")
    page.fill(f"#{p}-links-0-value-label", "Χάρτης")
    page.fill(f"#{p}-links-0-value-url", "https://example.com/xartis")
    p = add("document_list")
    choose(f"{p}-documents-0-value", "a.choose-page")
    p = add("accordion")
    page.fill(f"#{p}-items-0-value-question", "Πόσο κοστίζει;")
    rich_text(f"{p}-items-0-value-answer", "Δέκα ευρώ τη βραδιά.")
    p = add("table")
    page.fill(f"#{p}-caption", "Τιμές")
    page.fill(f"#{p}-data", "Καταφύγιο\tΤιμή\nΚαλλέργη\t10 €")
    p = add("embed")
    page.fill(f"#{p}", VIDEO)
    p = add("call_to_action")
    page.fill(f"#{p}-heading", "Κλείστε θέση")
    page.fill(f"#{p}-link-label", "Κράτηση")
    page.fill(f"#{p}-link-url", "https://example.com/kratisi")
    p = add("quote")
    page.fill(f"#{p}-text", "Ένα βήμα για τους πεζοπόρους.")
    p = add("gallery")
    choose(f"{p}-images-0-value-image", "[data-chooser-modal-choice]")
    page.fill(f"#{p}-images-0-value-alt_text", "Το φαράγγι")
    p = add("image")
    choose(f"{p}-image", "[data-chooser-modal-choice]")
    page.fill(f"#{p}-alt_text", "Το φαράγγι το πρωί")
    p = add("paragraph")
    rich_text(p, "Από σήμερα οι κρατήσεις γίνονται μέσω του ιστότοπου.")
    p = add("heading")
    page.fill(f"#{p}-text", "Πώς κλείνετε θέση")
    assert count == len(BodyBlock().child_blocks)

    # Categories are checkboxes of the page's own locale.
    page.get_by_role("checkbox", name="Ανακοινώσεις").check()
    page.get_by_role("checkbox", name="Επισκέπτες").check()

    # The preview panel shows the content.
    page.locator("[data-side-panel-toggle='preview']").click()
    preview = page.frame_locator("#w-preview-iframe")
    expect(preview.get_by_role("heading", name="Πώς κλείνετε θέση")).to_be_visible(timeout=30_000)
    expect(preview.locator("body")).to_contain_text("Καλλέργη")
    expect(preview.locator("body")).to_contain_text("Δέκα ευρώ τη βραδιά.")
    page.locator("[data-side-panel-toggle='preview']").click()

    submit = page.locator("button[name='action-submit']")
    if not submit.is_visible():
        page.locator("footer [data-w-dropdown-target='toggle']").last.click()
    submit.click()
    expect(page).to_have_url(re.compile(r"/admin/pages/\d+/$"))
    expect(page.locator(".messages")).to_contain_text(
        re.compile(rf"Η σελίδα '{re.escape(TITLE)}' .*(υποβλήθηκε|προς έλεγχο)")
    )

    item = NewsPage.objects.get(title=TITLE)
    assert item.slug == SLUG
    assert not item.live
    assert WorkflowState.objects.get(object_id=str(item.pk)).status == "in_progress"
    revision = item.latest_revision.as_object()
    assert [block.block_type for block in revision.body] == [
        "heading",
        "paragraph",
        "image",
        "gallery",
        "quote",
        "call_to_action",
        "embed",
        "table",
        "accordion",
        "document_list",
        "link_list",
        "contact_card",
        "key_figures",
    ]
    assert {category.slug for category in revision.categories.all()} == {
        "announcements",
        "visitors",
    }

    visitor = new_page()
    response = visitor.goto(f"{base}/el/news/{SLUG}/")
    assert response.status == 404
