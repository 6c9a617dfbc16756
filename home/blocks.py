"""The StreamField block library shared by every page type.

Every block keeps its text in CharBlock/TextBlock/RichTextBlock children so that
wagtail-localize extracts it for translators, including table cells and image alt text.
"""

from html import unescape

from django.core.exceptions import ValidationError
from django.forms.utils import ErrorList
from django.urls import reverse
from django.utils.functional import cached_property
from django.utils.html import strip_tags
from django.utils.translation import gettext_lazy as _
from wagtail import blocks
from wagtail.admin.widgets import AdminPageChooser
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


# Rich text never embeds images: their alt text would escape translation. It links pages
# and library entries, not files ("library-link": home/rich_text_links.py).
RICH_TEXT_FEATURES = ["h2", "h3", "h4", "bold", "italic", "ol", "ul", "link", "library-link"]


class NonEmptyRichTextBlock(blocks.RichTextBlock):
    """A rich-text block that, when required, refuses an editor left empty: Draftail saves
    an empty editor as `<p data-block-key="…"></p>`, which Wagtail's RichTextBlock accepts."""

    def clean(self, value):
        text = unescape(strip_tags(getattr(value, "source", value) or ""))
        if self.required and not text.strip():
            raise ValidationError(self.field.error_messages["required"], code="required")
        return super().clean(value)


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


def parse_table(text):
    """The rows of a pasted table, each a list of cells: one row per line, cells separated
    by tabs (as a spreadsheet copies them) or, in text without a tab, by semicolons."""
    lines = [line.rstrip("\r") for line in (text or "").split("\n")]
    while lines and not lines[-1].strip():
        lines.pop()
    separator = "\t" if any("\t" in line for line in lines) else ";"
    return [[cell.strip() for cell in line.split(separator)] for line in lines]


def format_table(rows):
    """`rows` as the text of a TableDataBlock: tab-separated, one row per line."""
    return "\n".join("\t".join(" ".join(cell.split()) for cell in row) for row in rows)


class TableDataBlock(blocks.TextBlock):
    """The cells of a table as an editor pastes them from a spreadsheet (or types them with
    semicolons), stored as text. wagtail-localize gets one segment per non-empty cell
    (path `<row>.<column>`, counted from 1), not the whole text: translators translate
    cell by cell and the translation keeps the table's shape."""

    def get_translatable_segments(self, value):
        from wagtail_localize.segments import StringSegmentValue

        return [
            StringSegmentValue(f"{row}.{column}", cell)
            for row, cells in enumerate(parse_table(value), start=1)
            for column, cell in enumerate(cells, start=1)
            if cell
        ]

    def restore_translated_segments(self, value, segments):
        rows = parse_table(value)
        for segment in segments:
            row, column = (int(number) for number in segment.path.split("."))
            rows[row - 1][column - 1] = segment.render_text()
        return format_table(rows)

    def clean(self, value):
        value = super().clean(value)
        if value and not any(any(cells) for cells in parse_table(value)):
            raise ValidationError(_("The table has no cells."))
        return value


class TableValue(blocks.StructValue):
    """A table's caption and pasted cells, read as a grid too: `header` (the column
    headings) and `rows` (each `{"cells": [...]}`, padded to the table's width), the shape
    tables had before the paste field."""

    def __missing__(self, key):
        if key not in ("header", "rows"):
            raise KeyError(key)
        rows = parse_table(self.get("data"))
        width = max((len(row) for row in rows), default=0)
        rows = [row + [""] * (width - len(row)) for row in rows]
        if key == "header":
            return rows[0] if rows else []
        return [{"cells": row} for row in rows[1:]]


class TableBlock(blocks.StructBlock):
    """A data table that an editor pastes from a spreadsheet: the first line holds the
    column headings, the first cell of every other line the row's heading. Not Wagtail's
    TableBlock, whose cells wagtail-localize cannot extract: every word an editor writes
    must reach the translators, one cell at a time (TableDataBlock)."""

    caption = blocks.CharBlock(label=_("Caption"), max_length=250)
    data = TableDataBlock(
        label=_("Cells"),
        rows=6,
        help_text=_(
            "Paste the cells from a spreadsheet, or type one row per line with the cells "
            "separated by semicolons (;). The first line holds the column headings, the first "
            "cell of each row the row's heading."
        ),
    )

    class Meta:
        icon = "table"
        label = _("Table")
        template = "blocks/table_block.html"
        value_class = TableValue

    # Tables saved before the paste field (a "header" list and "rows" of "cells") are read
    # as the text they amount to, and saved in the new shape the next time.
    @staticmethod
    def _upgrade(value):
        if not isinstance(value, dict) or "data" in value:
            return value
        if "header" not in value and "rows" not in value:
            return value

        def items(raw):
            # ListBlock values: plain lists, or Wagtail's [{"type": "item", "value": ...}].
            return [
                item["value"] if isinstance(item, dict) and "value" in item else item
                for item in (raw or [])
            ]

        header = items(value.get("header"))
        rows = [items(row.get("cells")) for row in items(value.get("rows"))]
        return {
            "caption": value.get("caption", ""),
            "data": format_table(([header] if header else []) + rows),
        }

    def to_python(self, value):
        return super().to_python(self._upgrade(value))

    def bulk_to_python(self, values):
        return super().bulk_to_python([self._upgrade(value) for value in values])

    def normalize(self, value):
        return super().normalize(self._upgrade(value))


class AccordionItemBlock(blocks.StructBlock):
    question = blocks.CharBlock(label=_("Question"), max_length=250)
    answer = NonEmptyRichTextBlock(label=_("Answer"), features=RICH_TEXT_FEATURES)


class AccordionBlock(blocks.StructBlock):
    title = blocks.CharBlock(label=_("Title"), required=False, max_length=200)
    items = blocks.ListBlock(AccordionItemBlock(), min_num=1, label=_("Questions"))

    class Meta:
        icon = "list-ul"
        label = _("Accordion / FAQ")
        template = "blocks/accordion_block.html"


class LibraryPageChooser(AdminPageChooser):
    """Wagtail's page chooser, opened in the document library (home/admin_views.py):
    Wagtail would start at the root, the common ancestor of both languages' libraries."""

    def get_chooser_modal_url(self):
        return reverse("home_library_chooser")


class LibraryPageChooserBlock(blocks.PageChooserBlock):
    @cached_property
    def widget(self):
        return LibraryPageChooser(
            target_models=self.target_models, can_choose_root=self.can_choose_root
        )


class DocumentListBlock(blocks.StructBlock):
    title = blocks.CharBlock(label=_("Title"), required=False, max_length=200)
    documents = blocks.ListBlock(
        LibraryPageChooserBlock(page_type="documents.DocumentPage", label=_("Document")),
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
    paragraph = NonEmptyRichTextBlock(
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
