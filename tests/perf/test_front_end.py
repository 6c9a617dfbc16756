"""The front-end budget (issue 8): pages load nothing from other origins; the web font is
served by the site itself, subset, small and covers Greek; static files are fingerprinted
and cached for good; and every page type, with everything it makes a browser fetch
(stylesheets, scripts, fonts, images), weighs under 272 KB. No browser: the HTML is
parsed and the files are measured where Django keeps them."""

import importlib.util
import re
import string
import struct
import sys
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import unquote, urljoin, urlsplit

import pytest
from bs4 import BeautifulSoup
from django.conf import settings
from django.contrib.staticfiles import finders
from django.contrib.staticfiles.storage import ManifestFilesMixin, staticfiles_storage
from django.core.files.storage import storages
from django.core.management import call_command
from django.http import HttpResponseNotFound
from django.templatetags.static import static
from django.test import RequestFactory
from django.utils.module_loading import import_string
from wagtail.models import Page
from whitenoise.middleware import WhiteNoiseMiddleware

from documents.models import DocumentPage
from news.models import EventPage, NewsPage

pytestmark = pytest.mark.django_db

BUDGET = 272 * 1024
FONT_FILE_BUDGET = 40 * 1024
ONE_YEAR = 365 * 24 * 60 * 60
HOST = "testserver"  # the Django test client's host: the site's own origin here
SITE_CSS = "css/site.css"
PRELOADED_FONTS = (
    "fonts/noto-sans-greek-400-normal.woff2",
    "fonts/noto-sans-latin-400-normal.woff2",
)
PRELOADED_FONT = PRELOADED_FONTS[0]
# Modern Greek as the site writes it: the alphabet, final sigma, tonos and dialytika.
GREEK = "ΑΒΓΔΕΖΗΘΙΚΛΜΝΞΟΠΡΣΤΥΦΧΨΩαβγδεζηθικλμνξοπρςστυφχψωΆΈΉΊΌΎΏάέήίόύώΪΫϊϋΐΰ"
BASIC_LATIN = string.ascii_letters + string.digits + string.punctuation + " «»–—…€"
SEARCHES = {"el": "πάρκο", "en": "park"}

FONT_FACE = re.compile(r"@font-face\s*\{([^}]*)\}", re.S)
CSS_URL = re.compile(r"""url\(\s*(['"]?)([^'")]+)\1\s*\)""")
CSS_IMPORT = re.compile(r"""@import\s+(?:url\(\s*)?['"]?([^'")\s;]+)""")
CSS_IMPORT_RULE = re.compile(r"@import[^;]*;")
CSS_COMMENT = re.compile(r"/\*.*?\*/", re.S)
LINKS_FETCHED = {"stylesheet", "preload", "modulepreload", "icon", "apple-touch-icon", "manifest"}


# --- reading files -------------------------------------------------------------------


def read(client, url):
    """The bytes behind a same-origin URL. The test server serves neither static nor media
    files: static ones come from the staticfiles finders, media from the default storage,
    anything else through Django."""
    path = unquote(urlsplit(url).path)
    if path.startswith(settings.STATIC_URL):
        found = finders.find(path.removeprefix(settings.STATIC_URL))
        assert found, f"{url}: no such static file"
        return Path(found).read_bytes()
    if path.startswith(settings.MEDIA_URL):
        with storages["default"].open(path.removeprefix(settings.MEDIA_URL)) as file:
            return file.read()
    response = client.get(url)
    assert response.status_code == 200, f"{url}: {response.status_code}"
    return b"".join(response.streaming_content) if response.streaming else response.content


def same_origin(url):
    parts = urlsplit(url)
    if parts.scheme == "data":
        return True
    return parts.scheme in ("", "http", "https") and parts.netloc in ("", HOST)


def unicode_ranges(value):
    """`U+0370-03FF, U+20AC, U+4??` as a list of (first, last) code points."""
    ranges = []
    for part in value.split(","):
        part = part.strip().upper().removeprefix("U+")
        if "-" in part:
            first, last = part.split("-")
        elif "?" in part:
            first, last = part.replace("?", "0"), part.replace("?", "F")
        else:
            first = last = part
        ranges.append((int(first, 16), int(last, 16)))
    return ranges


def covers(ranges, text):
    return {c for c in text if not any(lo <= ord(c) <= hi for lo, hi in ranges)} == set()


def descriptor(block, name):
    match = re.search(rf"(?:^|[;\s{{]){name}\s*:\s*([^;]+)", block)
    return match.group(1).strip() if match else None


@dataclass
class FontFace:
    url: str  # absolute path, resolved against the stylesheet's URL
    weight: str
    style: str
    display: str | None
    ranges: list = field(default_factory=list)


def parse_stylesheet(css, css_url):
    """The @font-face rules of a stylesheet, the stylesheets it @imports and the other
    URLs it names (url()), resolved against the stylesheet's own URL as a browser does."""
    css = CSS_COMMENT.sub("", css)
    faces = []
    for block in FONT_FACE.findall(css):
        sources = [u for _, u in CSS_URL.findall(descriptor(block, "src") or "")]
        assert sources, f"{css_url}: an @font-face without a url() source"
        # A browser takes the first source it supports; the site lists WOFF2 first.
        faces.append(
            FontFace(
                url=urljoin(css_url, sources[0]),
                weight=descriptor(block, "font-weight") or "400",
                style=descriptor(block, "font-style") or "normal",
                display=descriptor(block, "font-display"),
                ranges=unicode_ranges(descriptor(block, "unicode-range") or "U+0-10FFFF"),
            )
        )
    rest = FONT_FACE.sub("", css)
    imports = [urljoin(css_url, u) for u in CSS_IMPORT.findall(rest)]
    rest = CSS_IMPORT_RULE.sub("", rest)
    others = [urljoin(css_url, u) for _, u in CSS_URL.findall(rest) if not u.startswith("#")]
    return faces, imports, others


def site_font_faces():
    url = static(SITE_CSS)
    return parse_stylesheet(Path(finders.find(SITE_CSS)).read_text(), url)[0]


# --- what a page loads -----------------------------------------------------------------


def srcset_urls(value):
    return [candidate.split()[0] for candidate in value.split(",") if candidate.strip()]


@dataclass
class PageLoad:
    url: str
    html: bytes
    fonts: list = field(default_factory=list)  # the @font-face files the page's text uses
    referenced: list = field(default_factory=list)  # every URL the page or its CSS names
    sizes: dict = field(default_factory=dict)

    def add(self, client, *urls):
        """Count the largest of `urls`, the candidates of which a browser fetches one (a
        stylesheet, or an image's src, srcset and <picture> sources), unless one of them
        was counted already."""
        urls = [urljoin(self.url, u) for u in urls]
        self.referenced += urls
        urls = [u for u in urls if not u.startswith("data:")]
        if not urls or any(urlsplit(u).path in self.sizes for u in urls):
            return None
        measured = {urlsplit(u).path: len(read(client, u)) for u in urls}
        largest = max(measured, key=measured.get)
        self.sizes[largest] = measured[largest]
        return largest

    @property
    def total(self):
        return len(self.html) + sum(self.sizes.values())

    def report(self):
        lines = [f"{self.url}: {self.total} bytes (budget {BUDGET}); HTML {len(self.html)}"]
        lines += [f"  {size:>7}  {path}" for path, size in sorted(self.sizes.items())]
        return "\n".join(lines)


def page_text(soup):
    """The characters a browser draws with the page's font: the body's text and the
    values shown in its form fields."""
    body = soup.body
    shown = [body.get_text()]
    for element in body.find_all(["input", "textarea"]):
        shown += [element.get("value", ""), element.get("placeholder", "")]
    return "".join(shown)


def load_page(client, url):
    """Fetch `url` and everything its HTML and stylesheets make a browser fetch."""
    response = client.get(url)
    assert response.status_code == 200, f"{url}: {response.status_code}"
    load = PageLoad(url=url, html=response.content)
    soup = BeautifulSoup(response.content, "html.parser")

    stylesheets = []
    for link in soup.find_all("link", href=True):
        rel = set(link.get("rel", []))
        if rel & LINKS_FETCHED:
            load.add(client, link["href"])
            if "stylesheet" in rel:
                stylesheets.append(urljoin(url, link["href"]))
        else:  # alternates, feeds: named, not fetched
            load.referenced.append(urljoin(url, link["href"]))
    for script in soup.find_all("script", src=True):
        load.add(client, script["src"])
    for image in soup.find_all("img"):
        candidates = [image["src"]] if image.get("src") else []
        candidates += srcset_urls(image.get("srcset", ""))
        if image.parent and image.parent.name == "picture":
            for source in image.parent.find_all("source", srcset=True):
                candidates += srcset_urls(source["srcset"])
        if candidates:
            load.add(client, *candidates)
    for video in soup.find_all("video", poster=True):
        load.add(client, video["poster"])
    inline_css = [tag.get_text() for tag in soup.find_all("style")]
    inline_css += [tag["style"] for tag in soup.find_all(style=True)]
    for css in inline_css:
        _faces, imports, others = parse_stylesheet(css, url)
        stylesheets += imports
        for other in others:
            load.add(client, other)

    text = page_text(soup)
    seen = set()
    while stylesheets:
        css_url = stylesheets.pop(0)
        if css_url in seen:
            continue
        seen.add(css_url)
        faces, imports, others = parse_stylesheet(read(client, css_url).decode(), css_url)
        for other in imports + others:
            load.add(client, other)
        stylesheets += imports
        for face in faces:
            load.referenced.append(face.url)
            # A browser downloads a face only for characters in its unicode-range; every
            # weight of a subset that the text uses is counted, to be safe.
            if any(lo <= ord(c) <= hi for c in text for lo, hi in face.ranges):
                load.add(client, face.url)
                load.fonts.append(urlsplit(face.url).path)
    return load


def page_type_urls():
    """One address of every page type in each language, with the search results and the
    contact form; the first live page of any other page type is added too."""
    pages = Page.objects.live().public().filter(depth__gt=1).select_related("locale")
    pages = list(pages.order_by("path").specific())
    kind = {page.url: (type(page), page.locale.language_code) for page in pages}
    urls = []
    for lang in ("el", "en"):
        urls += [f"/{lang}/", f"/{lang}/about/", f"/{lang}/news/", f"/{lang}/documents/"]
        urls += [f"/{lang}/search/?q={SEARCHES[lang]}", f"/{lang}/contact/"]
        for page_class in (NewsPage, EventPage, DocumentPage):
            page = next((p for p in pages if kind[p.url] == (page_class, lang)), None)
            assert page is not None, f"the demo has no {page_class.__name__} in {lang}"
            urls.append(page.url)
    covered = {kind[url] for url in urls if url in kind}
    for page in pages:
        if kind[page.url] not in covered:
            covered.add(kind[page.url])
            urls.append(page.url)
    return urls


def preload_problems(load):
    """The preloaded files must be fonts the page's text uses: a preload that a page does
    not use is a wasted download (and a console warning). The regular faces are used on
    every page: Greek at least by «Ελληνικά» in the language switcher, Latin by spaces and
    digits."""
    preloaded = [urlsplit(static(name)).path for name in PRELOADED_FONTS]
    links = BeautifulSoup(load.html, "html.parser").find_all("link", rel="preload")
    if [urlsplit(link["href"]).path for link in links] != preloaded:
        return [f"{load.url}: preloads {[link['href'] for link in links]}"]
    problems = []
    for link, path in zip(links, preloaded, strict=True):
        if link.get("as") != "font" or link.get("type") != "font/woff2":
            problems.append(f"{load.url}: {link}")
        if not link.has_attr("crossorigin"):  # fonts are fetched in CORS mode: else twice
            problems.append(f"{load.url}: a font preload without crossorigin")
        if path not in load.fonts:
            problems.append(f"{load.url}: the text does not use the preloaded {path}")
    return problems


# --- the tests ---------------------------------------------------------------------------


def test_every_page_type_loads_only_its_own_files_under_272_kb(client, demo_content):
    """Every page type in one test, so that the demo site is built once."""
    loads = [load_page(client, url) for url in page_type_urls()]
    assert len(loads) >= 18

    foreign = [
        f"{load.url}: {url}" for load in loads for url in load.referenced if not same_origin(url)
    ]
    assert foreign == [], "third-party resources:\n" + "\n".join(foreign)

    heavy = [load.report() for load in loads if load.total >= BUDGET]
    assert heavy == [], "over the page weight budget:\n" + "\n".join(heavy)
    # What was measured includes the site's stylesheet and fonts for Latin (spaces,
    # digits, punctuation) and for Greek.
    for load in loads:
        assert urlsplit(static(SITE_CSS)).path in load.sizes, load.report()
        assert len(load.fonts) >= 2, load.report()

    wrong = [problem for load in loads for problem in preload_problems(load)]
    assert wrong == [], "\n".join(wrong)


def woff2_header(data):
    """signature, flavor, declared length and number of tables of a WOFF2 file."""
    signature, flavor, length, tables = struct.unpack(">4s4sIH", data[:14])
    return signature, flavor, length, tables


def test_web_font_is_local_woff2_subset_small_and_covers_greek():
    faces = site_font_faces()
    assert faces, f"{SITE_CSS} declares no @font-face"
    problems = []
    for face in faces:
        path = urlsplit(face.url).path
        if not same_origin(face.url) or not path.startswith(settings.STATIC_URL):
            problems.append(f"{face.url}: not one of the site's static files")
            continue
        found = finders.find(path.removeprefix(settings.STATIC_URL))
        if not found:
            problems.append(f"{face.url}: missing")
            continue
        data = Path(found).read_bytes()
        signature, flavor, length, tables = woff2_header(data)
        if signature != b"wOF2" or length != len(data) or tables == 0:
            problems.append(f"{face.url}: not a WOFF2 file")
        if flavor != b"\x00\x01\x00\x00":
            problems.append(f"{face.url}: not TrueType outlines ({flavor!r})")
        if len(data) >= FONT_FILE_BUDGET:
            problems.append(f"{face.url}: {len(data)} bytes, over {FONT_FILE_BUDGET}")
        if face.display != "optional":  # never swapped in late: no layout shift
            problems.append(f"{face.url}: font-display {face.display}, not optional")
        if covers(face.ranges, "\U0010ffff"):
            problems.append(f"{face.url}: no unicode-range, so not a subset")
    assert problems == [], "\n".join(problems)

    # Regular and bold each cover modern Greek and basic Latin.
    for weight in ("400", "700"):
        ranges = [r for face in faces if face.weight == weight for r in face.ranges]
        assert covers(ranges, GREEK + BASIC_LATIN), f"weight {weight}: {ranges}"
    assert any(urlsplit(face.url).path == urlsplit(static(PRELOADED_FONT)).path for face in faces)

    # The files' own glyphs: fontTools reads WOFF2 only with a brotli module; where there
    # is none, the unicode-range above is what is checked.
    if woff2_readable():
        from fontTools.ttLib import TTFont

        for face in faces:
            path = finders.find(urlsplit(face.url).path.removeprefix(settings.STATIC_URL))
            cmap = TTFont(path).getBestCmap()
            wanted = [c for c in GREEK + BASIC_LATIN if covers(face.ranges, c)]
            missing = [c for c in wanted if ord(c) not in cmap]
            assert missing == [], f"{face.url} lacks {''.join(missing)}"


def woff2_readable():
    return any(importlib.util.find_spec(name) for name in ("brotli", "brotlicffi"))


# --- fingerprinting and caching, as production serves static files ------------------------


def production_settings(monkeypatch):
    """Fresh copies of base.py and production.py, read with a secret key set; the running
    settings are not touched."""
    monkeypatch.setenv("SECRET_KEY", "front-end-check")
    # Production refuses a page cache without a store every process shares.
    monkeypatch.setenv("REDIS_URL", "redis://127.0.0.1:6379/0")
    folder = Path(settings.BASE_DIR) / "biopa" / "settings"

    def fresh(name):
        spec = importlib.util.spec_from_file_location(
            f"biopa.settings.{name}", folder / f"{name}.py"
        )
        module = importlib.util.module_from_spec(spec)
        module.__package__ = "biopa.settings"
        monkeypatch.setitem(sys.modules, f"biopa.settings.{name}", module)
        spec.loader.exec_module(module)
        return module

    fresh("base")
    return fresh("production")


class ProductionSettings:
    """Django's settings as WhiteNoise reads them, with production's values laid over."""

    def __init__(self, **overrides):
        self.__dict__.update(overrides)

    def __getattr__(self, name):
        return getattr(settings, name)


def test_static_files_are_fingerprinted_and_cached_for_a_year(
    client, home_el, tmp_path, monkeypatch
):
    production = production_settings(monkeypatch)
    config = production.STORAGES["staticfiles"]
    storage_class = import_string(config["BACKEND"])
    assert issubclass(storage_class, ManifestFilesMixin), config
    assert production.WHITENOISE_MAX_AGE >= ONE_YEAR
    # Production's static storage, collecting into tmp_path. It is put in place of the
    # test settings' one directly: overriding STORAGES or STATIC_ROOT would make Django
    # replace the media storage too, and with it the other tests' image files.
    storage = storage_class(location=tmp_path, **config.get("OPTIONS", {}))
    monkeypatch.setattr(staticfiles_storage, "_wrapped", storage)
    call_command("collectstatic", interactive=False, verbosity=0)
    whitenoise_settings = {k: getattr(production, k) for k in dir(production) if "WHITENOISE" in k}
    whitenoise = WhiteNoiseMiddleware(
        lambda request: HttpResponseNotFound(),
        settings=ProductionSettings(STATIC_ROOT=tmp_path, **whitenoise_settings),
    )

    def get(url):
        response = whitenoise(RequestFactory().get(url))
        body = b"".join(response.streaming_content) if response.status_code == 200 else b""
        response.close()
        return response, body

    html = client.get("/el/").content
    soup = BeautifulSoup(html, "html.parser")
    urls = [link["href"] for link in soup.find_all("link", href=True)]
    urls = [u for u in urls if u.startswith(settings.STATIC_URL)]
    urls += [script["src"] for script in soup.find_all("script", src=True)]
    assert static(PRELOADED_FONT) in urls
    site_css = static(SITE_CSS)
    assert site_css in urls
    fonts = []
    for url in urls:
        assert re.search(r"\.[0-9a-f]{12}\.\w+$", url), f"{url} is not fingerprinted"
        response, body = get(url)
        assert response.status_code == 200, url
        cache_control = response["Cache-Control"]
        assert "immutable" in cache_control, f"{url}: {cache_control}"
        max_age = int(re.search(r"max-age=(\d+)", cache_control).group(1))
        assert max_age >= ONE_YEAR, f"{url}: {cache_control}"
        if url == site_css:
            fonts = [face.url for face in parse_stylesheet(body.decode(), url)[0]]

    # The stylesheet names the fingerprinted font files, served as fonts, for good.
    assert len(fonts) == len(site_font_faces())
    for url in fonts:
        assert re.search(r"\.[0-9a-f]{12}\.woff2$", url), f"{url} is not fingerprinted"
        response, body = get(url)
        assert response.status_code == 200, url
        assert response["Content-Type"] == "font/woff2", url
        assert "immutable" in response["Cache-Control"], url
        assert body[:4] == b"wOF2"
    # A file asked for by its plain name (an old link) is still cached, for a year.
    response, _ = get(settings.STATIC_URL + PRELOADED_FONT)
    assert response.status_code == 200
    assert "immutable" not in response["Cache-Control"]
    assert f"max-age={production.WHITENOISE_MAX_AGE}" in response["Cache-Control"]
