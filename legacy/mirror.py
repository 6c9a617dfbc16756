"""A static mirror of the old site, as `wget --mirror` or HTTrack leave it: a folder, a
.zip or a .tar.gz; which old address each file had; and the text of its pages, decoded
from whatever encoding an old Greek site used."""

import codecs
import contextlib
import re
import shutil
import tarfile
import tempfile
import zipfile
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from urllib.parse import parse_qsl, unquote, urlencode, urlsplit

HTML_EXTENSIONS = {".html", ".htm", ".php", ".asp", ".aspx", ".shtml", ""}
FILE_EXTENSIONS = {"pdf", "doc", "docx", "xls", "xlsx", "odt", "ods"}
IMAGE_EXTENSIONS = {"jpg", "jpeg", "png", "gif", "webp"}
# What HTTrack writes at the top of each page it saved.
HTTRACK_ORIGIN = re.compile(rb"<!--\s*Mirrored from\s+(\S+)\s+by HTTrack", re.IGNORECASE)
MAX_ARCHIVE_MEMBERS = 50_000
MAX_UNPACKED_BYTES = 2 * 1024**3


class MirrorError(Exception):
    pass


@contextlib.contextmanager
def open_source(source):
    """The folder of the mirror: `source` itself, or a temporary folder with the archive
    unpacked (refusing members that would land outside it), removed afterwards."""
    source = Path(source)
    if source.is_dir():
        yield source
        return
    if not source.is_file():
        raise MirrorError(f"{source}: no such folder or file")
    workdir = Path(tempfile.mkdtemp(prefix="legacy-import-"))
    try:
        name = source.name.lower()
        if name.endswith(".zip"):
            _unzip(source, workdir)
        elif name.endswith((".tar.gz", ".tgz", ".tar")):
            _untar(source, workdir)
        else:
            raise MirrorError(f"{source}: not a folder, .zip or .tar.gz")
        yield workdir
    finally:
        shutil.rmtree(workdir, ignore_errors=True)


def _unzip(source, workdir):
    try:
        with zipfile.ZipFile(source) as archive:
            members = archive.infolist()
            if len(members) > MAX_ARCHIVE_MEMBERS:
                raise MirrorError("The archive has too many files.")
            if sum(m.file_size for m in members) > MAX_UNPACKED_BYTES:
                raise MirrorError("The archive unpacks to too much data.")
            for member in members:
                target = (workdir / member.filename).resolve()
                if not target.is_relative_to(workdir.resolve()):
                    raise MirrorError(f"Unsafe path in the archive: {member.filename}")
            archive.extractall(workdir)  # noqa: S202 - every member checked above
    except zipfile.BadZipFile as error:
        raise MirrorError(f"{source.name}: not a valid zip archive") from error


def _untar(source, workdir):
    try:
        with tarfile.open(source) as archive:
            members = archive.getmembers()
            if len(members) > MAX_ARCHIVE_MEMBERS:
                raise MirrorError("The archive has too many files.")
            if sum(m.size for m in members) > MAX_UNPACKED_BYTES:
                raise MirrorError("The archive unpacks to too much data.")
            # The "data" filter refuses absolute paths, links out of the folder, devices.
            archive.extractall(workdir, filter="data")  # noqa: S202 - the safe filter
    except (tarfile.TarError, OSError) as error:
        raise MirrorError(f"{source.name}: not a valid tar archive ({error})") from error


@dataclass
class MirrorFile:
    path: Path  # on disk
    url: str  # the old address: "/index.php?option=com_content&id=12"
    kind: str  # "page", "file", "image" or "other"

    @property
    def extension(self):
        return extension_of(self.url)


def extension_of(url):
    name = PurePosixPath(urlsplit(url).path).name
    return name.rsplit(".", 1)[1].lower() if "." in name else ""


def site_root(folder):
    """The folder holding the site: wget puts it in a folder named after the host."""
    folder = Path(folder)
    entries = [p for p in folder.iterdir() if not p.name.startswith((".", "__MACOSX"))]
    while len(entries) == 1 and entries[0].is_dir():
        folder = entries[0]
        entries = [p for p in folder.iterdir() if not p.name.startswith(".")]
    return folder


def scan(folder):
    """Every file of the mirror with its old address, pages first, in a stable order."""
    root = site_root(folder)
    found = {}
    for path in sorted(root.rglob("*")):
        if not path.is_file() or path.name in ("hts-log.txt", "robots.txt"):
            continue
        relative = path.relative_to(root).as_posix()
        if relative.startswith(("hts-cache/", "hts-")):
            continue
        url = url_for(relative, path)
        kind = kind_of(url, path)
        found.setdefault(url, MirrorFile(path=path, url=url, kind=kind))
    return sorted(found.values(), key=lambda f: (f.kind != "page", f.url))


def url_for(relative, path):
    """The old address of a mirrored file: wget keeps the query string in the file name
    (`index.php?option=com_content&id=12`, `.html` appended with --adjust-extension);
    HTTrack renames the file but notes the address at the top of the page."""
    if path.suffix.lower() in (".html", ".htm"):
        with path.open("rb") as handle:
            head = handle.read(2048)
        origin = HTTRACK_ORIGIN.search(head)
        if origin:
            address = origin.group(1).decode("latin-1")
            address = re.sub(r"^[a-z]+://", "", address)
            return normalise("/" + address.split("/", 1)[1] if "/" in address else "/")
    relative = unquote(relative)
    if "?" in relative:
        base, query = relative.split("?", 1)
        if query.endswith(".html") and not base.endswith(".html"):
            query = query[: -len(".html")]  # wget's --adjust-extension
        return normalise(f"/{base}?{query}")
    if relative == "index.html" or relative.endswith("/index.html"):
        return normalise("/" + relative[: -len("index.html")])
    return normalise("/" + relative)


def kind_of(url, path):
    extension = extension_of(url)
    if extension in FILE_EXTENSIONS:
        return "file"
    if extension in IMAGE_EXTENSIONS:
        return "image"
    if not extension or "." + extension in HTML_EXTENSIONS or "?" in url:
        with path.open("rb") as handle:
            head = handle.read(1024).lower()
        if b"<html" in head or b"<!doctype" in head or b"<body" in head or b"<p" in head:
            return "page"
    return "other"


def normalise(url, ignore_params=()):
    """One spelling per address: a leading slash, the query string's parameters sorted
    (as wagtail.contrib.redirects stores them), `ignore_params` dropped, no fragment."""
    parts = urlsplit(url)
    path = parts.path or "/"
    if not path.startswith("/"):
        path = "/" + path
    path = re.sub(r"/{2,}", "/", path)
    query = sorted(
        (key, value)
        for key, value in parse_qsl(parts.query, keep_blank_values=True)
        if key not in ignore_params
    )
    return path + ("?" + urlencode(query, safe="/:,") if query else "")


# Decoding. Old Greek pages: UTF-8, windows-1253 or ISO-8859-7, declared or not, and
# often declared wrong (windows-1253 text labelled ISO-8859-7 or even ISO-8859-1).
_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([-\w.:]+)""", re.IGNORECASE)
_XML_ENCODING = re.compile(rb"""<\?xml[^>]+encoding\s*=\s*["']([-\w.:]+)""", re.IGNORECASE)
_GREEK_BYTE = rb"[\xb8-\xbf\xc1-\xd1\xd3-\xfe]"
# Ά is A2 in windows-1253 and B6 in ISO-8859-7; each is something else in the other.
_ALPHA_TONOS_1253 = re.compile(rb"(?:" + _GREEK_BYTE + rb"\xa2|\xa2" + _GREEK_BYTE + rb"|\xa2)")
_ALPHA_TONOS_8859 = re.compile(rb"(?:" + _GREEK_BYTE + rb"\xb6|\xb6" + _GREEK_BYTE + rb"|\xb6)")
_WINDOWS_ONLY = re.compile(rb"[\x80-\x9f]")  # “ ” – … in windows-1253; controls in ISO
LATIN_LABELS = {
    "iso8859-1",
    "iso-8859-1",
    "latin-1",
    "latin1",
    "windows-1252",
    "cp1252",
    "ascii",
    "us-ascii",
}
GREEK_LABELS = {"windows-1253", "cp1253", "iso-8859-7", "iso8859-7", "greek", "iso-ir-126"}


def declared_encoding(data):
    if data.startswith(codecs.BOM_UTF8):
        return "utf-8"
    head = data[:4096]
    match = _META_CHARSET.search(head) or _XML_ENCODING.search(head)
    if not match:
        return None
    label = match.group(1).decode("ascii", "replace").lower()
    try:
        return codecs.lookup(label).name
    except LookupError:
        return None


def greek_single_byte(data, default="cp1253"):
    """windows-1253 or ISO-8859-7, by the bytes only the one or the other uses (where
    there are none, both read the same: `default`)."""
    windows = len(_ALPHA_TONOS_1253.findall(data)) + 3 * len(_WINDOWS_ONLY.findall(data))
    iso = len(_ALPHA_TONOS_8859.findall(data))
    if windows == iso:
        return default
    return "cp1253" if windows > iso else "iso8859-7"


def decode_html(data, fallback="windows-1253"):
    """The text of a page and the encoding it was read in; never mojibake for the
    encodings above, whatever the page declares."""
    fallback = fallback or "windows-1253"
    declared = declared_encoding(data)
    if data.startswith(codecs.BOM_UTF8):
        return data[len(codecs.BOM_UTF8) :].decode("utf-8", "replace"), "utf-8"
    try:
        text = data.decode("utf-8")
        if declared in (None, "utf-8") or not re.search(rb"[\x80-\xff]", data):
            return text, "utf-8"
        # Declared otherwise but valid UTF-8 with non-ASCII bytes: it is UTF-8.
        return text, "utf-8"
    except UnicodeDecodeError:
        pass
    greek_bytes = len(re.findall(_GREEK_BYTE, data))
    if declared and declared not in GREEK_LABELS and declared != "utf-8":
        if declared in LATIN_LABELS and greek_bytes:
            declared = None  # a Greek page labelled Latin-1 by an old server
        else:
            return data.decode(declared, "replace"), declared
    if declared in GREEK_LABELS or declared is None or declared == "utf-8":
        if declared is None and fallback and codecs.lookup(fallback).name not in GREEK_LABELS:
            return data.decode(fallback, "replace"), codecs.lookup(fallback).name
        default = declared if declared in GREEK_LABELS else codecs.lookup(fallback).name
        encoding = greek_single_byte(data, default if default in GREEK_LABELS else "cp1253")
        return data.decode(encoding, "replace"), encoding
    return data.decode(declared, "replace"), declared
