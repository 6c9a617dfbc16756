"""One page of the old site, read: its title, date, type (by the operator's rules), the
event's dates, and its main content, found by readability-lxml without the old chrome."""

import fnmatch
import re
from dataclasses import dataclass, field

import lxml.html
from lxml import etree
from readability import Document

from .dates import date_after, fold, parse_date

WHITESPACE = re.compile(r"\s+")


def clean_text(text):
    return WHITESPACE.sub(" ", text or "").strip()


class MainContent(Document):
    """readability-lxml's choice of the main content, without its last clean-up pass,
    which drops lists of links and tables with few words: on the park's pages those are
    lists of application forms and tables of figures, that is, content."""

    def sanitize(self, node, candidates, keep_all_images=False):
        for element in node.iter("script", "style", "form", "iframe", "object", "embed"):
            element.drop_tree()
        return lxml.html.tostring(node, encoding="unicode")


@dataclass
class ParsedPage:
    url: str
    title: str
    kind: str  # "news", "event", "standard" or "section"
    kind_guessed: bool = False
    target: str = ""  # for sections: "news", "documents" or "home"
    date: object = None
    date_guessed: bool = False
    section: str = ""
    registration_opens: object = None
    event_date: object = None
    content: object = None  # lxml element of the main content
    text: str = ""
    links: list = field(default_factory=list)  # hrefs found in the whole page


def css(tree, selector):
    try:
        return tree.cssselect(selector)
    except (etree.XPathError, Exception):  # noqa: BLE001 - an operator's bad selector
        return []


def first_text(tree, selectors):
    for selector in selectors:
        for element in css(tree, selector):
            text = clean_text(element.text_content())
            if text:
                return text
    return ""


def parse_page(url, html_text, config):
    tree = lxml.html.document_fromstring(html_text)
    links = [a.get("href") for a in tree.iter("a") if a.get("href")]

    title = first_text(tree, config["title_selectors"])
    if not title:
        title = clean_text(tree.findtext(".//title") or "")
        for suffix in config.get("title_strip", []):
            title = title.replace(suffix, "")
        title = title.strip(" -|")
    section = first_text(tree, config["section_selectors"])
    date_text = first_text(tree, config["date_selectors"])
    date = parse_date(date_text)

    # The chrome and the title go before the extractor sees the page.
    for selector in [*config["strip_selectors"], *config["title_selectors"]]:
        for element in css(tree, selector):
            if element.getparent() is not None:
                element.drop_tree()
    for selector in config["date_selectors"]:
        for element in css(tree, selector):
            if element.getparent() is not None:
                element.drop_tree()
    cleaned = lxml.html.tostring(tree, encoding="unicode")
    summary = MainContent(cleaned).summary(html_partial=True) if cleaned.strip() else ""
    content = lxml.html.fragment_fromstring(summary or "<div></div>", create_parent="div")
    text = clean_text(content.text_content())

    page = ParsedPage(url=url, title=title[:255], kind="standard", section=section)
    page.content, page.text, page.links = content, text, links
    page.date = date
    if page.date is None:
        page.date = parse_date(text)
        page.date_guessed = page.date is not None
        registration = date_after(text, config["registration_phrases"])
        if page.date is not None and page.date == registration:
            page.date, page.date_guessed = None, False
    page.registration_opens = date_after(text, config["registration_phrases"])
    page.event_date = date_after(text, config["event_date_phrases"])
    classify(page, tree, config)
    if not page.title:
        page.title = clean_text(text[:80]) or url
    return page


def classify(page, tree, config):
    """The first of the operator's rules that matches decides the type."""
    folded_text = fold(page.text)
    for rule in config["rules"]:
        by_text = False
        matched = any(fnmatch.fnmatchcase(page.url, p) for p in rule.get("url_patterns", []))
        matched = matched or any(css(tree, s) for s in rule.get("selectors", []))
        matched = matched or (
            page.section and fold(page.section) in {fold(s) for s in rule.get("sections", [])}
        )
        if not matched and any(fold(p) in folded_text for p in rule.get("text_patterns", [])):
            matched = by_text = True
        if matched:
            page.kind = rule["type"]
            page.target = rule.get("target", "")
            page.kind_guessed = by_text
            return
    page.kind, page.kind_guessed = "standard", True
