"""The import of the old site: every page, linked file and image of a static mirror into
the new site, with a permanent redirect from every old address.

Each item (a page, a file, an image) is written in its own transaction with its import
record and its redirects, so a run that stops half way leaves no half-imported item and
the next run goes on from there. A second run over the same mirror writes nothing; an
item whose page an editor changed since the import is never overwritten.
"""

import csv
import datetime
import fnmatch
import hashlib
import io
import json
import tomllib
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import unquote, urljoin, urlsplit

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.images import ImageFile
from django.db import transaction
from django.utils import timezone
from wagtail.contrib.redirects.models import Redirect
from wagtail.models import Locale

from .convert import Converter
from .mirror import decode_html, normalise, scan
from .models import ImportRecord
from .pages import clean_text, parse_page
from .slugs import make_slug

# Raised when what the importer writes changes, so that pages are written again.
IMPORTER_VERSION = "1"
DEFAULT_CONFIG = Path(__file__).with_name("default_config.toml")


def load_config(path=None):
    with open(path or DEFAULT_CONFIG, "rb") as handle:
        config = tomllib.load(handle)
    if path:  # an operator's file on top of the defaults
        with open(DEFAULT_CONFIG, "rb") as handle:
            config = {**tomllib.load(handle), **config}
    return config


# What the report counts.
CREATED, UPDATED, UNCHANGED, EDITED = "created", "updated", "unchanged", "skipped-edited"
REDIRECT, SECTION, BROKEN, NO_ALT = "redirect", "section", "broken-link", "image-without-alt"
DATE_GUESSED, TYPE_GUESSED = "date-guessed", "type-guessed"
REFUSED, FAILED, UNREACHABLE = "refused", "failed", "old-address-reported"
SUMMARY_ORDER = [
    CREATED, UPDATED, UNCHANGED, EDITED, REDIRECT, SECTION, BROKEN, NO_ALT,
    DATE_GUESSED, TYPE_GUESSED, UNREACHABLE, REFUSED, FAILED,
]  # fmt: skip


@dataclass
class Report:
    dry_run: bool = False
    rows: list = field(default_factory=list)
    counts: Counter = field(default_factory=Counter)
    _seen: set = field(default_factory=set, repr=False)

    def add(self, action, kind, old_url, target="", note=""):
        row = {"action": action, "kind": kind, "old_url": old_url, "target": target, "note": note}
        seen = tuple(row.values())
        if seen in self._seen:  # the relink pass meets the same dead link again
            return
        self._seen.add(seen)
        self.counts[action] += 1
        self.rows.append(row)

    def summary(self):
        return {action: self.counts.get(action, 0) for action in SUMMARY_ORDER}

    def csv_text(self):
        out = io.StringIO()
        writer = csv.DictWriter(out, ["action", "kind", "old_url", "target", "note"])
        writer.writeheader()
        writer.writerows(self.rows)
        return out.getvalue()

    def write_csv(self, path):
        path = Path(path)
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(self.csv_text(), encoding="utf-8")
        return path

    def console(self):
        title = "Trial run (nothing written)" if self.dry_run else "Import"
        lines = [f"{title}:"]
        lines += [f"  {action:<22} {count}" for action, count in self.summary().items()]
        return "\n".join(lines)


def default_report_path():
    stamp = timezone.localtime().strftime("%Y%m%d-%H%M%S")
    return Path(settings.VAR_DIR) / "legacy-reports" / f"import-{stamp}.csv"


class Targets:
    """Where imported things go in the locale's tree."""

    def __init__(self, locale, dry_run):
        from documents.models import DocumentIndexPage
        from home.models import HomePage
        from news.models import NewsIndexPage

        self.locale = locale
        self.home = HomePage.objects.filter(locale=locale).first()
        if self.home is None:
            raise ImportFailed(f"There is no home page in the language “{locale}”.")
        self.news = NewsIndexPage.objects.child_of(self.home).first()
        self.library = DocumentIndexPage.objects.child_of(self.home).first()
        if not dry_run:
            if self.news is None:
                self.news = self._add(NewsIndexPage(title="Νέα" if _greek(locale) else "News"))
            if self.library is None:
                self.library = self._add(
                    DocumentIndexPage(title="Έγγραφα" if _greek(locale) else "Documents")
                )

    def _add(self, page):
        page.slug = "news" if page.__class__.__name__ == "NewsIndexPage" else "documents"
        page.locale = self.locale
        self.home.add_child(instance=page)
        page.save_revision().publish()
        return page

    def section(self, name):
        if name == "contact":
            from contact.models import ContactPage

            return ContactPage.objects.child_of(self.home).first() or self.home
        return {"news": self.news, "documents": self.library}.get(name) or self.home


def _greek(locale):
    return locale.language_code == "el"


class ImportFailed(Exception):
    pass


class Importer:
    def __init__(
        self,
        folder,
        *,
        locale="el",
        publish=False,
        dry_run=False,
        config=None,
        progress=None,
        stdout=None,
    ):
        self.folder = Path(folder)
        self.config = config or load_config()
        self.publish = publish
        self.dry_run = dry_run
        self.progress = progress or (lambda done, total: None)
        self.report = Report(dry_run=dry_run)
        self.locale = Locale.objects.filter(language_code=locale).first()
        if self.locale is None:
            raise ImportFailed(f"Unknown language “{locale}”.")
        self.ignore = tuple(self.config.get("ignore_query_params", []))
        self.hosts = {h.lower() for h in self.config.get("hosts", [])}
        self.fingerprint = hashlib.sha256(
            (IMPORTER_VERSION + json.dumps(self.config, sort_keys=True, default=str)).encode()
        ).hexdigest()[:16]

    # Addresses.
    def key(self, url):
        return normalise(url, self.ignore)

    def internal(self, base, href):
        """The old address `href` points to from the page at `base`, or None when it
        leaves the old site (another host, mailto:, javascript:)."""
        href = (href or "").strip()
        if not href or href.startswith(("#", "mailto:", "javascript:", "tel:")):
            return None
        absolute = urljoin("http://old" + base, href)
        parts = urlsplit(absolute)
        if parts.scheme not in ("http", "https"):
            return None
        if parts.hostname not in ({"old"} | self.hosts):
            return None
        path = unquote(parts.path)
        return path + ("?" + parts.query if parts.query else "")

    # The run.
    def run(self):
        files = scan(self.folder)
        self.by_key = {self.key(f.url): f for f in files}
        pages = [f for f in files if f.kind == "page"]
        documents = [f for f in files if f.kind == "file"]
        self.total = len(pages) * 2 + len(documents)
        self.done = 0

        self.targets = Targets(self.locale, self.dry_run)
        self.parsed = {}
        self.aliases = defaultdict(set)  # key -> every spelling seen of that address
        self.link_text = {}
        for file in files:
            self.aliases[self.key(file.url)].add(file.url)
        for file in pages:
            data = file.path.read_bytes()
            text, encoding = decode_html(data, self.config.get("fallback_encoding"))
            page = parse_page(file.url, text, self.config)
            page.encoding = encoding
            page.source_hash = hashlib.sha256(text.encode("utf-8")).hexdigest()
            self.parsed[self.key(file.url)] = page
            for anchor in page.content.iter("a"):
                old = self.internal(file.url, anchor.get("href"))
                if old:
                    self.link_text.setdefault(self.key(old), clean_text(anchor.text_content()))
            for href in page.links:
                old = self.internal(file.url, href)
                if old:
                    self.aliases[self.key(old)].add(old)
            self.step()

        self.page_dates = {}
        for page in self.parsed.values():
            for anchor in page.content.iter("a"):
                old = self.internal(page.url, anchor.get("href"))
                if old and page.date:
                    self.page_dates.setdefault(self.key(old), page.date)

        self.records = {
            (r.kind, r.old_url): r
            for r in ImportRecord.objects.filter(locale=self.locale.language_code)
        }
        self.images = {}
        self.planned_redirects = set()
        for file in documents:
            self.item(self.import_document, file)
            self.step()
        for key, page in self.parsed.items():
            self.item(self.import_page, key, page)
            self.step()
        for key, page in self.parsed.items():
            record = self.records.get(("page", key))
            if record is not None and record.links_pending:
                self.item(self.import_page, key, page, relink=True)
        self.dead_addresses()
        return self.report

    def step(self):
        self.done += 1
        self.progress(self.done, self.total)

    def item(self, function, *args, **kwargs):
        """One item in one transaction: all of it or none of it."""
        try:
            if self.dry_run:
                function(*args, **kwargs)
            else:
                with transaction.atomic():
                    function(*args, **kwargs)
        except Exception as error:  # noqa: BLE001 - reported, the run goes on
            self.report.add(FAILED, "item", str(args[0])[:300], note=f"{error!r}"[:500])

    # Documents.
    def import_document(self, file):
        from documents.models import CustomDocument, DocumentPage
        from documents.validation import validate_upload

        key = self.key(file.url)
        data = file.path.read_bytes()
        content_hash = hashlib.sha256(data).hexdigest()
        record = self.records.get(("document", key))
        if record is not None and record.page_id and record.content_hash == content_hash:
            self.report.add(UNCHANGED, "document", file.url, _url(record.page))
            self.redirects(key, record.page)
            return
        if record is not None and record.page_id:
            self.report.add(
                EDITED, "document", file.url, _url(record.page), "The file changed on the old site"
            )
            return
        filename = Path(unquote(urlsplit(file.url).path)).name
        try:
            validate_upload(
                io.BytesIO(data), filename, max_size=settings.WAGTAILDOCS_MAX_UPLOAD_SIZE
            )
        except ValidationError as error:
            self.report.add(REFUSED, "document", file.url, note=" ".join(error.messages))
            return
        title = self.link_text.get(key) or Path(filename).stem.replace("_", " ")
        date, guessed = self.document_date(key, file, data)
        if guessed:
            self.report.add(DATE_GUESSED, "document", file.url, note=str(date))
        category = self.document_category(filename, title)
        if self.dry_run:
            self.report.add(CREATED, "document", file.url, note=title)
            self.redirects(key, None)
            return
        document = CustomDocument.objects.filter(file_hash=_wagtail_hash(data)).first()
        if document is None:
            from documents.services import extract_document_text
            from editorial.groups import public_collection

            document = CustomDocument(
                title=title[:255],
                collection=public_collection(),
                language=self.locale.language_code,
            )
            document.file.save(filename, ContentFile(data), save=False)
            document._set_document_file_metadata()
            document.save()
            extract_document_text(document)
        page = (
            DocumentPage.objects.filter(document=document, locale=self.locale)
            .order_by("pk")
            .first()
        )
        if page is None:
            page = DocumentPage(
                title=title[:255],
                slug=self.unique_slug(self.targets.library, title),
                locale=self.locale,
                document=document,
                category=category,
                document_date=date,
            )
            self.targets.library.add_child(instance=page)
            revision = page.save_revision()
            if self.publish:
                revision.publish()
        self.remember(key, "document", content_hash, page, document=document)
        self.report.add(CREATED, "document", file.url, _url(page), title)
        self.redirects(key, page)

    def document_date(self, key, file, data):
        """The date of the page that links the file, else the one inside the file, else
        the file's modification time in the mirror (wget keeps the server's); guessed."""
        if key in self.page_dates:
            return self.page_dates[key], False
        inside = _date_inside(data, file.extension)
        if inside:
            return inside, False
        mtime = datetime.datetime.fromtimestamp(file.path.stat().st_mtime, tz=datetime.UTC)
        return mtime.date(), True

    def document_category(self, filename, title):
        from documents.models import DocumentCategory

        for rule in self.config.get("document_categories", []):
            names = (filename.lower(), title.lower())
            if any(fnmatch.fnmatchcase(n, p.lower()) for p in rule["patterns"] for n in names):
                return DocumentCategory.objects.filter(
                    locale=self.locale, slug=rule["category"]
                ).first()
        return None

    # Images.
    def image_for(self, page_url, src, alt):
        old = self.internal(page_url, src)
        key = self.key(old) if old else None
        file = self.by_key.get(key) if key else None
        alt = clean_text(alt or "")
        flag = self.config.get("missing_alt", {}).get(self.locale.language_code, "[MISSING ALT]")
        if file is None or file.kind != "image":
            self.report.add(BROKEN, "image", page_url, src, "The image is not in the mirror")
            return None
        if not alt:
            self.report.add(NO_ALT, "image", file.url, page_url, flag)
        if self.dry_run:
            if ("image", key) not in self.records:
                self.report.add(CREATED, "image", file.url)
            self.redirects(key, None)
            return {"image": None, "alt_text": alt or flag, "caption": ""}
        image = self.images.get(key) or self.import_image(key, file, alt)
        if image is None:
            return None
        return {"image": image.pk, "alt_text": (alt or flag)[:250], "caption": ""}

    def import_image(self, key, file, alt=""):
        from wagtail.images import get_image_model

        from editorial.groups import public_collection

        Image = get_image_model()
        record = self.records.get(("image", key))
        if record is not None and record.image_id:
            image = record.image
        else:
            data = file.path.read_bytes()
            image = Image.objects.filter(file_hash=_wagtail_hash(data)).first()
            if image is None:
                name = Path(unquote(urlsplit(file.url).path)).name
                image = Image(title=(alt or name)[:255], collection=public_collection())
                image.file = ImageFile(ContentFile(data), name=name)
                image._set_image_file_metadata()
                try:
                    image.full_clean(exclude=["file_hash", "file_size"])
                except ValidationError:
                    self.report.add(REFUSED, "image", file.url, note="Not a readable image")
                    return None
                image.save()
            self.remember(key, "image", hashlib.sha256(data).hexdigest(), None, image=image)
            self.report.add(CREATED, "image", file.url, image.file.url)
        self.images[key] = image
        if image.file:
            self.redirects(key, image.file.url)
        return image

    # Pages.
    def import_page(self, key, parsed, relink=False):
        if parsed.kind == "section":
            target = self.targets.section(parsed.target)
            if not relink:
                self.report.add(SECTION, "section", parsed.url, _url(target))
                self.redirects(key, target)
            return
        record = self.records.get(("page", key))
        content_hash = hashlib.sha256(
            (parsed.source_hash + self.fingerprint + self.locale.language_code).encode()
        ).hexdigest()
        page = record.page.specific if record is not None and record.page_id else None
        if page is not None:
            if page.latest_revision_id != record.revision_id:
                if not relink:
                    self.report.add(EDITED, parsed.kind, parsed.url, _url(page))
                    self.redirects(key, page)
                return
            if record.content_hash == content_hash and not record.links_pending:
                self.report.add(UNCHANGED, parsed.kind, parsed.url, _url(page))
                self.redirects(key, page)
                return
        if not relink:
            if parsed.date_guessed:
                self.report.add(DATE_GUESSED, parsed.kind, parsed.url, note=str(parsed.date))
            if parsed.kind_guessed:
                self.report.add(TYPE_GUESSED, parsed.kind, parsed.url, note=parsed.kind)
        self.pending = False
        body = self.body(parsed)
        if self.dry_run:
            self.report.add(UPDATED if page else CREATED, parsed.kind, parsed.url, "", parsed.title)
            self.redirects(key, page)
            return
        created = page is None
        if created:
            page = self.new_page(parsed)
            parent = self.targets.news if parsed.kind in ("news", "event") else self.targets.home
            page.slug = self.unique_slug(parent, parsed.title)
            page.locale = self.locale
            page.body = json.dumps(body)
            page.live = False
            parent.add_child(instance=page)
        else:
            self.fill(page, parsed)
            page.body = json.dumps(body)
        revision = page.save_revision(clean=False)
        if self.publish or page.live:
            revision.publish()
        page.refresh_from_db()
        self.remember(
            key, "page", content_hash, page, revision_id=revision.pk, links_pending=self.pending
        )
        if not relink:
            self.report.add(CREATED if created else UPDATED, parsed.kind, parsed.url, _url(page))
        self.redirects(key, page)

    def new_page(self, parsed):
        from home.models import StandardPage
        from news.models import EventPage, NewsPage

        cls = {"news": NewsPage, "event": EventPage}.get(parsed.kind, StandardPage)
        page = cls()
        self.fill(page, parsed)
        return page

    def fill(self, page, parsed):
        page.title = parsed.title
        summary = (
            parsed.text[:300].rsplit(" ", 1)[0] + "…" if len(parsed.text) > 300 else parsed.text
        )
        if hasattr(page, "summary"):
            page.summary = summary or parsed.title
            page.date = parsed.date
        elif hasattr(page, "introduction"):
            page.introduction = ""
        if hasattr(page, "start"):
            day = parsed.event_date or parsed.date or parsed.registration_opens
            if parsed.event_date is None:
                self.report.add(
                    DATE_GUESSED, "event", parsed.url, note=f"event date {day or 'unknown'}"
                )
            day = day or timezone.localdate()
            start = datetime.datetime.combine(day, datetime.time(0, 0))
            page.start = page.end = timezone.make_aware(start)
            page.all_day = True
            page.registration_opens = parsed.registration_opens
            if page.registration_opens and page.registration_opens > day:
                page.registration_opens = None

    def body(self, parsed):
        resolver = Resolver(self, parsed)
        caption = parsed.title
        return Converter(resolver, table_caption=caption).convert(parsed.content)

    def unique_slug(self, parent, title):
        base = make_slug(title)
        slug, number = base, 1
        siblings = set(parent.get_children().values_list("slug", flat=True))
        while slug in siblings:
            number += 1
            slug = f"{base}-{number}"
        return slug

    def remember(self, key, kind, content_hash, page, **fields):
        record, _created = ImportRecord.objects.update_or_create(
            old_url=key,
            locale=self.locale.language_code,
            kind=kind,
            defaults={"content_hash": content_hash, "page": page, **fields},
        )
        self.records[(kind, key)] = record

    # Redirects.
    def redirects(self, key, target):
        """A permanent redirect from every spelling of the old address seen in the mirror
        (wagtail.contrib.redirects matches the whole query string, sorted)."""
        for alias in sorted(self.aliases.get(key, {key})):
            old_path = Redirect.normalise_path(alias)
            if old_path in self.planned_redirects:
                continue  # another spelling of the same address, seen already
            self.planned_redirects.add(old_path)
            if self.dry_run:
                if not Redirect.objects.filter(old_path=old_path, site=None).exists():
                    self.report.add(REDIRECT, "redirect", alias, _url(target))
                continue
            existing = Redirect.objects.filter(old_path=old_path, site=None).first()
            if existing is not None:
                continue
            Redirect.add_redirect(old_path, target, is_permanent=True)
            self.report.add(REDIRECT, "redirect", alias, _url(target))

    def dead_addresses(self):
        """Old addresses linked from the mirror with no content: to the closest section
        (by the rules' address patterns, then by the address's folders), else reported."""
        for key, spellings in sorted(self.aliases.items()):
            if key in self.by_key:
                continue
            target = self.section_for(key)
            if target is None:
                target = self.closest(key)
            if target is None:
                for spelling in sorted(spellings):
                    self.report.add(UNREACHABLE, "address", spelling, note="No content, no section")
                continue
            self.item(self.redirects, key, target)

    def section_for(self, key):
        """The section an old address belongs to by the rules' address patterns."""
        for rule in self.config["rules"]:
            if rule["type"] == "section" and any(
                fnmatch.fnmatchcase(key, p) for p in rule.get("url_patterns", [])
            ):
                return self.targets.section(rule.get("target", ""))
        return None

    def closest(self, key):
        path = urlsplit(key).path.rstrip("/")
        while "/" in path and path:
            path = path.rsplit("/", 1)[0]
            for candidate in (path + "/", path + "/index.html", path or "/"):
                record = self.records.get(("page", self.key(candidate)))
                if record is not None and record.page_id:
                    return record.page
        return None


class Resolver:
    """What the converter asks: where a link of `parsed` now leads, and its images."""

    def __init__(self, importer, parsed):
        self.importer = importer
        self.parsed = parsed

    def link(self, href):
        importer = self.importer
        href = (href or "").strip()
        old = importer.internal(self.parsed.url, href)
        if old is None:
            if href.startswith(("http://", "https://", "mailto:")):
                return ("external", href)
            return ("text",)
        key = importer.key(old)
        file = importer.by_key.get(key)
        if file is None:
            section = importer.section_for(key)
            if section is not None:
                return ("page", section.pk)
            importer.report.add(BROKEN, "link", self.parsed.url, href, "Kept as text")
            return ("dead",)
        if file.kind == "file":
            record = importer.records.get(("document", key))
            if record is not None and record.document_id and record.page_id:
                return ("document", record.document_id, record.page_id)
            if importer.dry_run:
                return ("document", 0, 0)
            return ("external", old)
        if file.kind == "image":
            image = importer.images.get(key)
            return ("external", image.file.url) if image else ("external", old)
        parsed = importer.parsed.get(key)
        if parsed is not None and parsed.kind == "section":
            return ("page", importer.targets.section(parsed.target).pk)
        record = importer.records.get(("page", key))
        if record is not None and record.page_id:
            return ("page", record.page_id)
        if parsed is not None:
            importer.pending = True  # the old address redirects until the relink pass
            return ("external", old)
        importer.report.add(BROKEN, "link", self.parsed.url, href, "Kept as text")
        return ("dead",)

    def image(self, src, alt):
        return self.importer.image_for(self.parsed.url, src, alt)


def _url(target):
    if target is None:
        return ""
    if isinstance(target, str):
        return target
    return target.url_path if not target.url else target.url


def _wagtail_hash(data):
    """The hash Wagtail stores in file_hash (SHA-1 of the content)."""
    return hashlib.sha1(data, usedforsecurity=False).hexdigest()


def _date_inside(data, extension):
    """The creation date a PDF or an Office file records, or None."""
    try:
        if extension == "pdf":
            from pypdf import PdfReader

            created = PdfReader(io.BytesIO(data)).metadata
            when = created.creation_date if created else None
            return when.date() if when else None
        if extension == "docx":
            import docx

            when = docx.Document(io.BytesIO(data)).core_properties.created
            return when.date() if when else None
    except Exception:  # noqa: BLE001 - a damaged file has no date; the mtime serves
        return None
    return None
