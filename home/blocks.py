"""The StreamField block library shared by every page type.

Every block keeps its text in CharBlock/TextBlock/RichTextBlock children so that
wagtail-localize extracts it for translators, including table cells and image alt text.
"""

from django.core.exceptions import ValidationError
from django.forms.utils import ErrorList
from django.utils.translation import gettext_lazy as _
from wagtail import blocks
from wagtail.embeds.blocks import EmbedBlock
from wagtail.images.blocks import ImageChooserBlock


def _locale_id(context):
    """The locale of the page being shown (no query), else of the active language."""
    page = (context or {}).get("page")
    if getattr(page, "locale_id", None):
        return page.locale_id
    from .selectors import active_locale

    return active_locale().pk


def _public_targets(links, context):
    """Each link's page as the public may follow it (None for an outside address or a page
    the public may not see), in one query for all the links."""
    from .selectors import public_localized_pages

    return public_localized_pages(
        [link.get("page") for link in links], locale_id=_locale_id(context)
    )


# Rich text never embeds images: their alt text would escape translation.
RICH_TEXT_FEATURES = ["h2", "h3", "h4", "bold", "italic", "ol", "ul", "link", "document-link"]


class HeadingBlock(blocks.StructBlock):
    text = blocks.CharBlock(label=_("Heading"), max_length=200)
    level = blocks.ChoiceBlock(
        choices=[("h2", _("Level 2")), ("h3", _("Level 3")), ("h4", _("Level 4"))],
        default="h2",
        label=_("Level"),
    )

    class Meta:
        icon = "title"
        label = _("Heading")
        template = "blocks/heading_block.html"


class ImageBlock(blocks.StructBlock):
    image = ImageChooserBlock(label=_("Image"))
    alt_text = blocks.CharBlock(
        label=_("Alternative text"),
        max_length=250,
        help_text=_("Describe the image for people who cannot see it. Required."),
    )
    caption = blocks.CharBlock(label=_("Caption"), required=False, max_length=250)

    class Meta:
        icon = "image"
        label = _("Image")
        template = "blocks/image_block.html"


class GalleryBlock(blocks.StructBlock):
    title = blocks.CharBlock(label=_("Title"), required=False, max_length=200)
    images = blocks.ListBlock(ImageBlock(), min_num=1, label=_("Images"))

    class Meta:
        icon = "image"
        label = _("Gallery")
        template = "blocks/gallery_block.html"


class QuoteBlock(blocks.StructBlock):
    text = blocks.TextBlock(label=_("Quote"))
    attribution = blocks.CharBlock(label=_("Attribution"), required=False, max_length=200)

    class Meta:
        icon = "openquote"
        label = _("Quote")
        template = "blocks/quote_block.html"


class LinkBlock(blocks.StructBlock):
    """A link to a page of the site or to an outside address, with its own label."""

    label = blocks.CharBlock(label=_("Label"), max_length=200)
    page = blocks.PageChooserBlock(label=_("Page"), required=False)
    url = blocks.URLBlock(label=_("External address"), required=False)

    class Meta:
        icon = "link"
        label = _("Link")
        template = "blocks/link_block.html"

    def get_context(self, value, parent_context=None):
        # A link to a page the public may not see is left out, label and all: the label
        # often repeats the page's title.
        context = super().get_context(value, parent_context=parent_context)
        context["target"] = (
            _public_targets([value], parent_context)[0] if value.get("page") else None
        )
        return context

    def clean(self, value):
        value = super().clean(value)
        if bool(value.get("page")) == bool(value.get("url")):
            message = _("Choose either a page or an external address.")
            raise blocks.StructBlockValidationError(
                block_errors={"page": ErrorList([ValidationError(message)])}
            )
        return value


class CallToActionBlock(blocks.StructBlock):
    heading = blocks.CharBlock(label=_("Heading"), max_length=200)
    text = blocks.TextBlock(label=_("Text"), required=False)
    link = LinkBlock(label=_("Button"))

    class Meta:
        icon = "pick"
        label = _("Call to action")
        template = "blocks/call_to_action_block.html"

    def get_context(self, value, parent_context=None):
        # The button goes when its page is one the public may not see (see LinkBlock).
        context = super().get_context(value, parent_context=parent_context)
        link = value["link"]
        context["target"] = _public_targets([link], parent_context)[0] if link.get("page") else None
        return context


class TableRowBlock(blocks.StructBlock):
    cells = blocks.ListBlock(blocks.CharBlock(label=_("Cell"), required=False), label=_("Cells"))

    class Meta:
        label = _("Row")


class TableBlock(blocks.StructBlock):
    """A simple data table. Not Wagtail's TableBlock: wagtail-localize cannot extract its
    cells, and every word an editor writes must reach the translators."""

    caption = blocks.CharBlock(label=_("Caption"), max_length=250)
    header = blocks.ListBlock(blocks.CharBlock(label=_("Column heading")), label=_("Columns"))
    rows = blocks.ListBlock(TableRowBlock(), label=_("Rows"))

    class Meta:
        icon = "table"
        label = _("Table")
        template = "blocks/table_block.html"


class AccordionItemBlock(blocks.StructBlock):
    question = blocks.CharBlock(label=_("Question"), max_length=250)
    answer = blocks.RichTextBlock(label=_("Answer"), features=RICH_TEXT_FEATURES)


class AccordionBlock(blocks.StructBlock):
    title = blocks.CharBlock(label=_("Title"), required=False, max_length=200)
    items = blocks.ListBlock(AccordionItemBlock(), min_num=1, label=_("Questions"))

    class Meta:
        icon = "list-ul"
        label = _("Accordion / FAQ")
        template = "blocks/accordion_block.html"


class DocumentListBlock(blocks.StructBlock):
    title = blocks.CharBlock(label=_("Title"), required=False, max_length=200)
    documents = blocks.ListBlock(
        blocks.PageChooserBlock(page_type="documents.DocumentPage", label=_("Document")),
        min_num=1,
        label=_("Documents"),
    )

    class Meta:
        icon = "doc-full"
        label = _("Document list")
        template = "blocks/document_list_block.html"


class LinkListBlock(blocks.StructBlock):
    title = blocks.CharBlock(label=_("Title"), required=False, max_length=200)
    links = blocks.ListBlock(LinkBlock(), min_num=1, label=_("Links"))

    class Meta:
        icon = "list-ul"
        label = _("Link list")
        template = "blocks/link_list_block.html"

    def get_context(self, value, parent_context=None):
        context = super().get_context(value, parent_context=parent_context)
        targets = _public_targets(value["links"], parent_context)
        context["links"] = [
            (link, target)
            for link, target in zip(value["links"], targets, strict=True)
            if target is not None or (not link.get("page") and link.get("url"))
        ]
        return context


class ContactCardBlock(blocks.StructBlock):
    name = blocks.CharBlock(label=_("Name"), max_length=200)
    role = blocks.CharBlock(label=_("Role"), required=False, max_length=200)
    phone = blocks.CharBlock(label=_("Phone"), required=False, max_length=50)
    email = blocks.EmailBlock(label=_("E-mail"), required=False)
    address = blocks.TextBlock(label=_("Address"), required=False)

    class Meta:
        icon = "user"
        label = _("Contact card")
        template = "blocks/contact_card_block.html"


class KeyFigureBlock(blocks.StructBlock):
    value = blocks.CharBlock(label=_("Figure"), max_length=50)
    label = blocks.CharBlock(label=_("What it counts"), max_length=200)


class KeyFiguresBlock(blocks.StructBlock):
    title = blocks.CharBlock(label=_("Title"), required=False, max_length=200)
    figures = blocks.ListBlock(KeyFigureBlock(), min_num=1, label=_("Figures"))

    class Meta:
        icon = "table"
        label = _("Key figures")
        template = "blocks/key_figures_block.html"


class BodyBlock(blocks.StreamBlock):
    heading = HeadingBlock()
    paragraph = blocks.RichTextBlock(
        features=RICH_TEXT_FEATURES,
        label=_("Rich text"),
        template="blocks/paragraph_block.html",
    )
    image = ImageBlock()
    gallery = GalleryBlock()
    quote = QuoteBlock()
    call_to_action = CallToActionBlock()
    embed = EmbedBlock(label=_("Embedded media"), icon="media", template="blocks/embed_block.html")
    table = TableBlock()
    accordion = AccordionBlock()
    document_list = DocumentListBlock()
    link_list = LinkListBlock()
    contact_card = ContactCardBlock()
    key_figures = KeyFiguresBlock()
