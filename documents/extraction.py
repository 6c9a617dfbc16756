"""Text extraction from uploaded documents, for the search index.

`extract_text()` never raises on bad input: a damaged, encrypted, empty, scanned or
oversized file comes back as an `ExtractionResult` whose status and message tell the
editor why there is no text. `extract_text_isolated()` runs it in a child process with
caps on time and memory (documents.extract_child), so that no upload can exhaust the
process that reads it. This module must import without configured settings.
"""

import codecs
import csv
import io
import json
import logging
import re
import subprocess
import sys
import unicodedata
import zipfile
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from django.utils.translation import gettext_lazy as _

logger = logging.getLogger(__name__)

STATUS_OK = "ok"
STATUS_EMPTY = "empty"
STATUS_SCANNED = "scanned"
STATUS_ENCRYPTED = "encrypted"
STATUS_BROKEN = "broken"
STATUS_UNSUPPORTED = "unsupported"
STATUS_TOO_LARGE = "too_large"


# The search index stores this much text per document at most.
MAX_TEXT_LENGTH = 1_000_000
# Office files are zip archives: at most this much XML and text is unpacked from one
# (zip bomb guard), counted while inflating rather than trusted from the declared sizes;
# the child process sets it from EXTRACTION_MAX_UNPACKED_MB.
MAX_UNPACKED_SIZE = 20 * 1024 * 1024
# Pictures and other binary members, which parsers such as python-docx load too.
MAX_UNPACKED_BINARY_SIZE = 100 * 1024 * 1024
MAX_ZIP_MEMBERS = 10_000
_INFLATE_CHUNK = 1024 * 1024

SUPPORTED_EXTENSIONS = frozenset({"pdf", "docx", "odt", "ods", "odp", "xlsx", "pptx", "txt", "csv"})

OLE2_SIGNATURE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"

MESSAGE_EMPTY_FILE = _("The file is empty.")
MESSAGE_NO_TEXT = _(
    "No text was found in this file, so only its title and description are searchable."
)
MESSAGE_SCANNED = _(
    "This PDF seems to contain only scanned images, so its text cannot be searched. "
    "Upload a PDF with a text layer (run text recognition, OCR, on it) to make it searchable."
)
MESSAGE_ENCRYPTED = _(
    "This file is protected with a password, so its text cannot be read. "
    "Upload a copy without a password to make it searchable."
)
MESSAGE_BROKEN = _(
    "This file seems to be damaged, or its content does not match its file type, "
    "so its text cannot be read."
)
MESSAGE_TOO_LARGE = _(
    "This file unpacks to an unusually large size, or takes too long or too much memory "
    "to read, so its text was not read. Save it again, or split it into smaller files."
)
MESSAGE_UNSUPPORTED = _(
    "Text is not extracted from this type of file, so only its title and description are "
    "searchable. PDF, DOCX, ODT, ODS, ODP, XLSX, PPTX, TXT and CSV files are searchable "
    "in full."
)


@dataclass(frozen=True)
class ExtractionResult:
    text: str
    status: str
    message: str = ""

    @property
    def ok(self):
        return self.status == STATUS_OK


class _Unreadable(Exception):
    """Raised inside an extractor to stop with a given status and message."""

    def __init__(self, status, message):
        super().__init__(status)
        self.status = status
        self.message = message


def file_extension(filename):
    """The lower-case extension of a file name without the dot ("" when there is none)."""
    name = PurePosixPath(str(filename).replace("\\", "/")).name
    if "." not in name.strip("."):
        return ""
    return name.rsplit(".", 1)[1].lower()


def decode_text(data):
    """Decode a plain-text file: UTF-8 (with or without BOM) or UTF-16 with a BOM,
    falling back to Windows Greek (cp1253), then Latin-1, which accepts any bytes."""
    if data.startswith(b"\xef\xbb\xbf"):
        return data[3:].decode("utf-8", errors="replace")
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return data.decode("utf-16", errors="replace")
    try:
        # Incremental, so that a multi-byte character cut off at the end is no failure.
        return codecs.getincrementaldecoder("utf-8")().decode(data, final=False)
    except UnicodeDecodeError:
        pass
    try:
        return data.decode("cp1253")
    except UnicodeDecodeError:
        return data.decode("latin-1")


_CONTROL_CHARACTERS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\u200b\ufeff]")
_HORIZONTAL_SPACE = re.compile(r"[^\S\n]+")
_LINE_BREAKS = re.compile(r"\s*\n\s*")


def normalise_text(text):
    """NFC-normalise, drop NUL and other control characters, collapse runs of
    whitespace (keeping single line breaks) and cap the length."""
    text = unicodedata.normalize("NFC", text[: MAX_TEXT_LENGTH * 2])
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    text = _CONTROL_CHARACTERS.sub(lambda m: "" if m.group() in "\x00\u200b\ufeff" else " ", text)
    text = _HORIZONTAL_SPACE.sub(" ", text)
    text = _LINE_BREAKS.sub("\n", text).strip()
    return text[:MAX_TEXT_LENGTH].strip()


class _TextCollector:
    """Collects text pieces and stops early once the cap is reached."""

    def __init__(self, limit=MAX_TEXT_LENGTH):
        self.parts = []
        self.length = 0
        self.limit = limit

    @property
    def full(self):
        return self.length >= self.limit

    def add(self, piece):
        if piece and not self.full:
            self.parts.append(piece)
            self.length += len(piece) + 1

    def text(self):
        return "\n".join(self.parts)


def extract_text(file_obj, filename):
    """Extract the searchable text of an uploaded file.

    `file_obj` is any binary file-like object (a Django File or UploadedFile, an open
    file, a BytesIO); its position is put back at 0 afterwards. Never raises for bad
    content: the result's status says what happened.
    """
    extension = file_extension(filename)
    if extension not in SUPPORTED_EXTENSIONS:
        return ExtractionResult("", STATUS_UNSUPPORTED, MESSAGE_UNSUPPORTED)
    data = _read_all(file_obj)
    if not data:
        return ExtractionResult("", STATUS_EMPTY, MESSAGE_EMPTY_FILE)
    try:
        raw_text = _EXTRACTORS[extension](data)
    except _Unreadable as stop:
        return ExtractionResult("", stop.status, stop.message)
    except MemoryError:
        # Past the child process's memory cap (extract_text_isolated).
        return ExtractionResult("", STATUS_TOO_LARGE, MESSAGE_TOO_LARGE)
    except Exception:  # third-party parsers raise anything on bad input
        logger.info("Could not extract text from %r", filename, exc_info=True)
        return ExtractionResult("", STATUS_BROKEN, MESSAGE_BROKEN)
    text = normalise_text(raw_text)
    if not text:
        return ExtractionResult("", STATUS_EMPTY, MESSAGE_NO_TEXT)
    return ExtractionResult(text, STATUS_OK, "")


def _read_all(file_obj):
    if hasattr(file_obj, "seek"):
        file_obj.seek(0)
    try:
        data = file_obj.read()
    finally:
        if hasattr(file_obj, "seek"):
            file_obj.seek(0)
    if isinstance(data, str):  # a file opened in text mode
        data = data.encode("utf-8")
    return data or b""


# PDF


def _extract_pdf(data):
    from pypdf import PdfReader
    from pypdf.errors import DependencyError, FileNotDecryptedError

    try:
        reader = PdfReader(io.BytesIO(data), strict=False)
    except DependencyError as error:
        # Opening needs an optional package only to decrypt (AES needs `cryptography`).
        raise _Unreadable(STATUS_ENCRYPTED, MESSAGE_ENCRYPTED) from error
    if reader.is_encrypted:
        # Many PDFs carry only an owner password ("no printing") and open with an
        # empty user password; those can be read.
        try:
            if not reader.decrypt(""):
                raise _Unreadable(STATUS_ENCRYPTED, MESSAGE_ENCRYPTED)
        except (DependencyError, FileNotDecryptedError, NotImplementedError) as error:
            raise _Unreadable(STATUS_ENCRYPTED, MESSAGE_ENCRYPTED) from error
    collected = _TextCollector()
    try:
        for page in reader.pages:
            if collected.full:
                break
            collected.add(page.extract_text() or "")
    except DependencyError as error:
        # AES-encrypted PDFs need `cryptography` even when they have no user password.
        if reader.is_encrypted:
            raise _Unreadable(STATUS_ENCRYPTED, MESSAGE_ENCRYPTED) from error
        raise
    text = collected.text()
    if not text.strip() and len(reader.pages):
        # Pages but no text layer: a scan, or pictures of text.
        raise _Unreadable(STATUS_SCANNED, MESSAGE_SCANNED)
    return text


# Zip-based office formats


def _open_zip(data):
    """Open an office file's zip container after checking it cannot blow up."""
    if data.startswith(OLE2_SIGNATURE):
        # Password-protected DOCX/XLSX/PPTX are stored as an OLE2 "EncryptedPackage".
        if "EncryptedPackage".encode("utf-16-le") in data:
            raise _Unreadable(STATUS_ENCRYPTED, MESSAGE_ENCRYPTED)
        raise _Unreadable(STATUS_BROKEN, MESSAGE_BROKEN)
    archive = zipfile.ZipFile(io.BytesIO(data))
    members = archive.infolist()
    if len(members) > MAX_ZIP_MEMBERS:
        raise _Unreadable(STATUS_TOO_LARGE, MESSAGE_TOO_LARGE)
    _check_unpacked_size(archive)
    return archive


def _is_text_member(name):
    return name.endswith((".xml", ".rels")) or name == "mimetype"


def _check_unpacked_size(archive):
    """Inflate every member once, counting the bytes that come out, and stop at the caps.
    The parsers read no more than this afterwards: zipfile never inflates a member past
    its declared size, and a member whose content outgrows it fails its CRC check."""
    unpacked = {True: 0, False: 0}
    caps = {True: MAX_UNPACKED_SIZE, False: MAX_UNPACKED_BINARY_SIZE}
    for member in archive.infolist():
        if member.is_dir():
            continue
        kind = _is_text_member(member.filename)
        with archive.open(member) as stream:
            while chunk := stream.read(_INFLATE_CHUNK):
                unpacked[kind] += len(chunk)
                if unpacked[kind] > caps[kind]:
                    raise _Unreadable(STATUS_TOO_LARGE, MESSAGE_TOO_LARGE)


def _extract_docx(data):
    import docx
    from docx.table import Table

    _open_zip(data).close()
    document = docx.Document(io.BytesIO(data))
    collected = _TextCollector()
    # Keyed by id() but holding the element, so that an id cannot be reused.
    seen_cells = {}

    def walk(container):
        for item in container.iter_inner_content():
            if collected.full:
                return
            if isinstance(item, Table):
                for row in item.rows:
                    for cell in row.cells:
                        # Merged cells are returned once per grid position.
                        if id(cell._tc) not in seen_cells:
                            seen_cells[id(cell._tc)] = cell._tc
                            walk(cell)
            else:
                collected.add(item.text)

    walk(document)
    for section in document.sections:
        for part in (section.header, section.footer):
            if not part.is_linked_to_previous:
                walk(part)
    return collected.text()


def _extract_odf(data):
    """The paragraphs and headings of an OpenDocument file's content.xml, read with a
    streaming parser that drops each paragraph once its text is taken."""
    from defusedxml.ElementTree import iterparse

    archive = _open_zip(data)
    try:
        manifest = archive.read("META-INF/manifest.xml")
    except KeyError:
        manifest = b""
    if b"encryption-data" in manifest:
        raise _Unreadable(STATUS_ENCRYPTED, MESSAGE_ENCRYPTED)
    if "content.xml" not in archive.namelist():
        raise _Unreadable(STATUS_BROKEN, MESSAGE_BROKEN)
    collected = _TextCollector()
    with archive.open("content.xml") as content:
        for _event, element in iterparse(content, events=("end",)):
            if element.tag in _ODF_PARAGRAPHS:
                collected.add(_odf_text(element))
                # A paragraph inside another (a footnote) is read once, with its own.
                element.clear()
                if collected.full:
                    break
    return collected.text()


_ODF_TEXT_NS = "{urn:oasis:names:tc:opendocument:xmlns:text:1.0}"
_ODF_PARAGRAPHS = {f"{_ODF_TEXT_NS}p", f"{_ODF_TEXT_NS}h"}
_ODF_SPACES = {
    f"{_ODF_TEXT_NS}s": " ",
    f"{_ODF_TEXT_NS}tab": " ",
    f"{_ODF_TEXT_NS}line-break": "\n",
}


def _odf_text(element):
    """The text of an ODF paragraph. A <text:s text:c="999999999"/> counts as one space,
    so that it cannot make this allocate a gigabyte of them."""
    parts = [element.text or ""]
    for child in element:
        parts.append(_ODF_SPACES.get(child.tag) or _odf_text(child))
        parts.append(child.tail or "")
    return "".join(parts)


def _extract_xlsx(data):
    import openpyxl

    _open_zip(data).close()
    workbook = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    collected = _TextCollector()
    try:
        for sheet in workbook.worksheets:
            collected.add(sheet.title)
            for row in sheet.iter_rows(values_only=True):
                if collected.full:
                    break
                collected.add(" ".join(_cell_text(value) for value in row if value is not None))
    finally:
        workbook.close()
    return collected.text()


def _cell_text(value):
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


_SLIDE_NAME = re.compile(r"^ppt/slides/slide(\d+)\.xml$")
_DRAWINGML_NS = "{http://schemas.openxmlformats.org/drawingml/2006/main}"


def _extract_pptx(data):
    from defusedxml import ElementTree

    archive = _open_zip(data)
    slides = sorted(
        (int(match.group(1)), name)
        for name in archive.namelist()
        if (match := _SLIDE_NAME.match(name))
    )
    if "ppt/presentation.xml" not in archive.namelist():
        raise _Unreadable(STATUS_BROKEN, MESSAGE_BROKEN)
    collected = _TextCollector()
    for _number, name in slides:
        if collected.full:
            break
        root = ElementTree.fromstring(archive.read(name))
        for paragraph in root.iter(f"{_DRAWINGML_NS}p"):
            collected.add("".join(node.text or "" for node in paragraph.iter(f"{_DRAWINGML_NS}t")))
    return collected.text()


# Plain text


def _extract_plain_text(data):
    return decode_text(data[: MAX_TEXT_LENGTH * 4])


def _extract_csv(data):
    """The cells of a CSV file separated by spaces, so that snippets read well; the raw
    text when the dialect cannot be guessed."""
    text = _extract_plain_text(data)
    try:
        dialect = csv.Sniffer().sniff(text[:8192], delimiters=";,\t|")
        rows = csv.reader(io.StringIO(text), dialect)
        return "\n".join(" ".join(cell.strip() for cell in row if cell.strip()) for row in rows)
    except csv.Error:
        return text


_EXTRACTORS = {
    "pdf": _extract_pdf,
    "docx": _extract_docx,
    "odt": _extract_odf,
    "ods": _extract_odf,
    "odp": _extract_odf,
    "xlsx": _extract_xlsx,
    "pptx": _extract_pptx,
    "txt": _extract_plain_text,
    "csv": _extract_csv,
}


# In a child process


def message_key(message):
    """The name of a MESSAGE_ constant of this module, for a child process to report
    which message applies ("" for none)."""
    for name, value in globals().items():
        if name.startswith("MESSAGE_") and value is message:
            return name
    return ""


def extract_text_isolated(data, filename, *, timeout, max_memory, max_unpacked):
    """extract_text() in a child process (documents.extract_child) that may use at most
    `max_memory` bytes and `timeout` seconds and unpack at most `max_unpacked` bytes of
    XML or text; a child that passes a cap is killed and the file marked too large.
    `data` is the file's content."""
    # Only the extension reaches the child's command line, never the upload's name.
    extension = file_extension(filename)
    command = [
        sys.executable,
        "-m",
        "documents.extract_child",
        f"file.{extension}" if extension else "file",
        str(max_unpacked),
        str(max_memory),
        str(timeout),
    ]
    try:
        completed = subprocess.run(  # noqa: S603 - fixed command, no shell
            command,
            input=data,
            capture_output=True,
            timeout=timeout,
            cwd=_PROJECT_DIR,
            check=False,
        )
    except subprocess.TimeoutExpired:
        # run() has killed the child.
        logger.warning("Text extraction of %r stopped after %s seconds", filename, timeout)
        return ExtractionResult("", STATUS_TOO_LARGE, MESSAGE_TOO_LARGE)
    if completed.returncode != 0:
        stderr = completed.stderr.decode("utf-8", "replace")[-2000:]
        # A C library that cannot allocate under the memory cap aborts rather than
        # raising MemoryError; a signal means the cap on memory or CPU time was hit.
        if completed.returncode < 0 or "MemoryError" in stderr:
            logger.warning("Text extraction of %r passed its memory cap", filename)
            return ExtractionResult("", STATUS_TOO_LARGE, MESSAGE_TOO_LARGE)
        logger.warning("Text extraction of %r failed: %s", filename, stderr)
        return ExtractionResult("", STATUS_BROKEN, MESSAGE_BROKEN)
    answer = json.loads(completed.stdout)
    name = answer["message"]
    message = globals()[name] if name.startswith("MESSAGE_") and name in globals() else ""
    return ExtractionResult(answer["text"], answer["status"], message)


_PROJECT_DIR = Path(__file__).resolve().parent.parent
