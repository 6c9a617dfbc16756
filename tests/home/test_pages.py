import io

import pytest
from django.core.files.images import ImageFile
from django.core.management import call_command
from PIL import Image as PILImage
from wagtail.models import Page, Revision
from wagtail.test.utils import WagtailPageTestCase

from documents.models import DocumentIndexPage
from home.models import CustomImage, HomePage, StandardPage
from tests.conftest import add_page

pytestmark = pytest.mark.django_db


class TestPageTree(WagtailPageTestCase):
    def test_home_page_only_at_the_root(self):
        self.assertAllowedParentPageTypes(HomePage, {Page})
        self.assertCanNotCreateAt(StandardPage, HomePage)

    def test_standard_pages_under_home_and_standard_pages(self):
        self.assertAllowedParentPageTypes(StandardPage, {HomePage, StandardPage})
        self.assertCanCreateAt(HomePage, StandardPage)
        self.assertCanCreateAt(StandardPage, StandardPage)
        self.assertCanNotCreateAt(DocumentIndexPage, StandardPage)


def make_image():
    buffer = io.BytesIO()
    PILImage.new("RGB", (64, 48), (20, 120, 60)).save(buffer, "PNG")
    return CustomImage.objects.create(title="Πάρκο", file=ImageFile(buffer, name="park.png"))


def test_every_block_renders(client, home_el):
    from wagtail.embeds.embeds import get_embed_hash
    from wagtail.embeds.models import Embed

    from tests.documents.factories import make_document, make_entry, make_library

    image = make_image()
    entry = make_entry(make_library(home_el), "Κανονισμός λειτουργίας", document=make_document())
    # A stored embed: the block renders it without asking the provider.
    Embed.objects.create(
        hash=get_embed_hash("https://www.youtube.com/watch?v=demo"),
        url="https://www.youtube.com/watch?v=demo",
        max_width=None,
        type="video",
        html='<iframe title="Βίντεο" src="https://www.youtube-nocookie.com/embed/demo"></iframe>',
    )
    body = [
        ("heading", {"text": "Επικεφαλίδα", "level": "h2"}),
        ("paragraph", "<p>Κείμενο <b>έντονο</b></p>"),
        ("image", {"image": image, "alt_text": "Πράσινο ορθογώνιο", "caption": "Λεζάντα"}),
        (
            "gallery",
            {
                "title": "Συλλογή",
                "images": [{"image": image, "alt_text": "Εικόνα συλλογής", "caption": ""}],
            },
        ),
        ("quote", {"text": "Ρητό", "attribution": "Κάποιος"}),
        (
            "call_to_action",
            {
                "heading": "Δράση",
                "text": "Κάντε κάτι",
                "link": {"label": "Πάμε", "page": home_el, "url": ""},
            },
        ),
        ("table", {"caption": "Πίνακας", "header": ["Α", "Β"], "rows": [{"cells": ["α1", "β1"]}]}),
        (
            "accordion",
            {"title": "Ερωτήσεις", "items": [{"question": "Γιατί;", "answer": "<p>Επειδή.</p>"}]},
        ),
        (
            "link_list",
            {
                "title": "Σύνδεσμοι",
                "links": [{"label": "Εξωτερικός", "page": None, "url": "https://example.com/"}],
            },
        ),
        (
            "contact_card",
            {
                "name": "Γραφείο",
                "role": "Υποδοχή",
                "phone": "+30 1",
                "email": "a@example.com",
                "address": "Οδός 1",
            },
        ),
        (
            "key_figures",
            {"title": "Αριθμοί", "figures": [{"value": "42", "label": "Επιχειρήσεις"}]},
        ),
        ("embed", "https://www.youtube.com/watch?v=demo"),
        ("document_list", {"title": "Έγγραφα", "documents": [entry]}),
    ]
    page = add_page(home_el, StandardPage(title="Όλα τα μπλοκ", slug="blocks", body=body))
    response = client.get(page.url)
    html = response.text
    assert response.status_code == 200
    assert '<h2 class="block-heading">Επικεφαλίδα</h2>' in html
    assert "<b>έντονο</b>" in html
    assert 'alt="Πράσινο ορθογώνιο"' in html and "<figcaption>Λεζάντα</figcaption>" in html
    assert "<picture>" in html and "image/avif" in html
    assert 'alt="Εικόνα συλλογής"' in html
    assert "<blockquote><p>Ρητό</p></blockquote>" in html
    assert '<a href="/el/">Πάμε</a>' in html
    assert "<caption>Πίνακας</caption>" in html and '<th scope="row">α1</th>' in html
    assert "<summary>Γιατί;</summary>" in html
    assert '<a href="https://example.com/" rel="noopener">Εξωτερικός</a>' in html
    assert 'href="mailto:a@example.com"' in html
    assert "<dd>42</dd>" in html
    print(html[html.find("<main") :])
    assert 'src="https://www.youtube-nocookie.com/embed/demo"' in html
    print(html[html.find("block-documents") - 200 : html.find("block-documents") + 600])
    assert 'href="/el/documents/' in html and "Κανονισμός λειτουργίας" in html


def test_image_block_requires_alt_text():
    from wagtail.blocks import StructBlockValidationError

    from home.blocks import ImageBlock

    block = ImageBlock()
    with pytest.raises(StructBlockValidationError) as error:
        block.clean(block.to_python({"image": None, "alt_text": "", "caption": ""}))
    assert "alt_text" in error.value.block_errors


def test_link_needs_exactly_one_target():
    from wagtail.blocks import StructBlockValidationError

    from home.blocks import LinkBlock

    block = LinkBlock()
    with pytest.raises(StructBlockValidationError):
        block.clean(block.to_python({"label": "x", "page": None, "url": ""}))


def test_demo_content_builds_both_languages_and_is_idempotent(client, demo_content):
    counts = (Page.objects.count(), Revision.objects.count())
    call_command("load_demo_content", verbosity=0)
    assert (Page.objects.count(), Revision.objects.count()) == counts

    greek = client.get("/el/")
    english = client.get("/en/")
    assert "Καλώς ήρθατε στο Βιοτεχνικό Πάρκο Ρεθύμνου" in greek.text
    assert "Welcome to the Industrial Park of Rethymno" in english.text
    for slug in ("about", "accessibility", "privacy"):
        assert client.get(f"/el/{slug}/").status_code == 200
        assert client.get(f"/en/{slug}/").status_code == 200
    about = client.get("/en/about/").text
    assert "Frequently asked questions" in about and "Services of the office" in about
    assert 'href="/el/about/" hreflang="el"' in about
