"""The main content of an old page as StreamField blocks of home.blocks.BodyBlock:
headings, rich text (paragraphs and lists, with their links), images, tables and lists of
documents; never one blob of the old HTML.

Links and images are resolved by the importer (`resolver.link(href)` and
`resolver.image(src, alt)`), which knows what became of each old address."""

import re
import uuid
from html import escape

from .pages import clean_text

HEADINGS = {"h1": "h2", "h2": "h2", "h3": "h3", "h4": "h4", "h5": "h4", "h6": "h4"}
CONTAINERS = {
    "div", "td", "th", "tr", "tbody", "thead", "tfoot", "center", "section", "article",
    "main", "body", "html", "blockquote", "dl", "dd", "dt", "span", "font", "fieldset",
}  # fmt: skip
LISTS = {"ul", "ol"}
BLOCK_TAGS = {*HEADINGS, "p", "table", *LISTS, "div", "img", "blockquote", "hr", "pre"}
INLINE_BOLD = {"b", "strong"}
INLINE_ITALIC = {"i", "em"}


_FILE_NOTE = re.compile(r"[\s\-–(),.0-9]|kb|mb|pdf|doc|docx|xls|xlsx|odt|ods", re.IGNORECASE)


def _id():
    return str(uuid.uuid4())


class Converter:
    def __init__(self, resolver, *, table_caption):
        self.resolver = resolver
        self.table_caption = table_caption
        self.blocks = []
        self.rich = []  # HTML of the rich text block being written
        self.inline = []  # loose inline HTML, a paragraph once a block element comes
        self.pending_images = []

    # Output.
    def add(self, block_type, value):
        self.flush_rich()
        self.blocks.append({"type": block_type, "value": value, "id": _id()})

    def flush_inline(self):
        html = "".join(self.inline).strip()
        self.inline = []
        if html and clean_text(html.replace("<br/>", " ")):
            self.rich.append(f"<p>{_trim_breaks(html)}</p>")

    def flush_rich(self):
        self.flush_inline()
        if self.rich:
            self.blocks.append({"type": "paragraph", "value": "".join(self.rich), "id": _id()})
            self.rich = []

    def flush_images(self):
        images, self.pending_images = self.pending_images, []
        for value in images:
            self.add("image", value)

    def convert(self, element):
        self.walk(element)
        self.flush_rich()
        self.flush_images()
        return self.blocks

    # Block level.
    def walk(self, element):
        if element.text and element.text.strip():
            self.inline.append(escape(element.text, quote=False))
        for child in element:
            if not isinstance(child.tag, str):  # comments, processing instructions
                if child.tail and child.tail.strip():
                    self.inline.append(escape(child.tail, quote=False))
                continue
            self.block(child)
            if child.tail and child.tail.strip():
                self.inline.append(escape(child.tail, quote=False))

    def block(self, element):
        tag = element.tag.lower()
        if tag in HEADINGS:
            text = clean_text(element.text_content())[:200]
            if text:
                self.add("heading", {"text": text, "level": HEADINGS[tag]})
        elif tag == "p" or tag == "pre":
            self.flush_inline()
            html = self.render_inline(element)
            if clean_text(html.replace("<br/>", " ")):
                self.rich.append(f"<p>{_trim_breaks(html)}</p>")
            self.flush_images_after_text()
        elif tag in LISTS:
            self.flush_inline()
            self.list(element, tag)
        elif tag == "table":
            if element.xpath(".//p|.//div|.//table|.//h1|.//h2|.//h3|.//ul|.//img"):
                self.walk(element)  # a layout table: its cells hold the content
            else:
                self.table(element)
        elif tag == "img":
            self.flush_inline()
            self.image(element)
            self.flush_images_after_text()
        elif tag in ("br", "hr"):
            if tag == "br":
                self.inline.append("<br/>")
        elif tag in CONTAINERS and element.xpath(
            ".//p|.//div|.//table|.//ul|.//ol|.//h1|.//h2|.//h3|.//h4|.//h5|.//h6|.//img"
        ):
            self.flush_inline()
            self.walk(element)
            self.flush_inline()
        elif tag in CONTAINERS and tag not in ("span", "font"):
            self.flush_inline()
            html = self.render_inline(element)
            if clean_text(html.replace("<br/>", " ")):
                self.rich.append(f"<p>{_trim_breaks(html)}</p>")
            self.flush_images_after_text()
        else:  # inline: a, b, span, font, ...
            self.inline.append(self.render_inline(element))

    def flush_images_after_text(self):
        if self.pending_images:
            self.flush_rich()
            self.flush_images()

    def list(self, element, tag):
        items = element.findall("li")
        documents = []
        for item in items:
            anchors = item.findall(".//a")
            if len(anchors) != 1:
                break
            outside = clean_text(item.text_content()).replace(
                clean_text(anchors[0].text_content()), ""
            )
            target = self.resolver.link(anchors[0].get("href", ""))
            # Around the link, only what says the file's type and size: "(PDF, 12 KB)".
            if target[0] != "document" or _FILE_NOTE.sub("", outside):
                break
            documents.append(target[2])
        else:
            if documents:
                self.add("document_list", {"title": "", "documents": documents})
                return
        rendered = [self.render_inline(item) for item in items]
        rendered = [f"<li>{_trim_breaks(html)}</li>" for html in rendered if clean_text(html)]
        if rendered:
            self.rich.append(f"<{tag}>{''.join(rendered)}</{tag}>")
        self.flush_images_after_text()

    def table(self, element):
        rows = []
        header = None
        for row in element.iter("tr"):
            cells = [c for c in row if isinstance(c.tag, str) and c.tag in ("td", "th")]
            texts = [clean_text(c.text_content()) for c in cells]
            if header is None and cells and all(c.tag == "th" for c in cells):
                header = texts
            elif any(texts):
                rows.append(texts)
        if header is None and rows:
            header = rows.pop(0)
        if not header:
            return
        width = len(header)
        header = [text or "—" for text in header]
        caption = clean_text(element.findtext("caption") or "") or self.table_caption
        self.add(
            "table",
            {
                "caption": caption[:250],
                "header": header,
                "rows": [{"cells": (r + [""] * width)[:width]} for r in rows],
            },
        )

    def image(self, element):
        value = self.resolver.image(element.get("src", ""), element.get("alt"))
        if value is not None:
            self.pending_images.append(value)

    # Inline level: Wagtail's rich-text storage format.
    def render_inline(self, element):
        parts = []
        if element.text:
            parts.append(escape(element.text, quote=False))
        for child in element:
            if isinstance(child.tag, str):
                parts.append(self.inline_element(child))
            if child.tail:
                parts.append(escape(child.tail, quote=False))
        return "".join(parts)

    def inline_element(self, element):
        tag = element.tag.lower()
        if tag == "br":
            return "<br/>"
        if tag == "img":
            self.image(element)
            return ""
        inner = self.render_inline(element)
        if tag in INLINE_BOLD and clean_text(inner):
            return f"<b>{inner}</b>"
        if tag in INLINE_ITALIC and clean_text(inner):
            return f"<i>{inner}</i>"
        if tag == "a" and element.get("href") and clean_text(inner):
            return self.anchor(element.get("href"), inner)
        if tag in ("ul", "ol"):
            items = [f"<li>{self.render_inline(li)}</li>" for li in element.findall("li")]
            return "".join(items)
        return inner

    def anchor(self, href, inner):
        target = self.resolver.link(href)
        kind = target[0]
        if kind == "page":
            return f'<a linktype="page" id="{target[1]}">{inner}</a>'
        if kind == "document":
            return f'<a linktype="document" id="{target[1]}">{inner}</a>'
        if kind == "external":
            return f'<a href="{escape(target[1])}">{inner}</a>'
        return inner  # dead links and in-page anchors: the text stays


def _trim_breaks(html):
    html = html.strip()
    while html.startswith("<br/>"):
        html = html[len("<br/>") :].strip()
    while html.endswith("<br/>"):
        html = html[: -len("<br/>")].strip()
    return html
