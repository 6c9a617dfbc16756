"""Checks on uploaded document files: allowed type, size, and content that matches the
extension, so that nobody can publish an HTML page or a script under the park's domain
by calling it "report.pdf". This module must import without a configured database.
"""

import re
import zipfile

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from documents.extraction import OLE2_SIGNATURE, decode_text, file_extension

ALLOWED_EXTENSIONS = (
    "pdf",
    "doc",
    "docx",
    "odt",
    "xls",
    "xlsx",
    "ods",
    "ppt",
    "pptx",
    "odp",
    "txt",
    "csv",
    "zip",
    "jpg",
    "png",
)

ZIP_SIGNATURES = (b"PK\x03\x04", b"PK\x05\x06")  # a zip with members, an empty zip
JPEG_SIGNATURE = b"\xff\xd8\xff"
PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"

# The part every Office Open XML package of that kind holds.
OOXML_MAIN_PARTS = {
    "docx": "word/document.xml",
    "xlsx": "xl/workbook.xml",
    "pptx": "ppt/presentation.xml",
}
# The first member of an OpenDocument package, `mimetype`, names its kind.
ODF_MIMETYPES = {
    "odt": b"application/vnd.oasis.opendocument.text",
    "ods": b"application/vnd.oasis.opendocument.spreadsheet",
    "odp": b"application/vnd.oasis.opendocument.presentation",
}

# Office files that no program writes: a zip that declares more than this unpacked, or a
# member over RATIO_CHECK_MIN_SIZE that unpacks to more than MAX_COMPRESSION_RATIO times
# its packed size (ordinary XML packs 5 to 30 times). Zipfile inflates no member past its
# declared size, so the declared sizes bound what the text extraction could unpack.
MAX_DECLARED_UNPACKED_SIZE = 200 * 1024 * 1024
MAX_COMPRESSION_RATIO = 100
RATIO_CHECK_MIN_SIZE = 10 * 1024 * 1024

# How much of a text file is inspected.
TEXT_SNIFF_SIZE = 64 * 1024
# Browsers sniff HTML in the first bytes of a file; refuse text files that start like
# markup, or carry a script-capable tag near the top.
_MARKUP_START = re.compile(
    r"<(?:!doctype|html|head|body|svg|script|iframe|object|embed|meta|link|style|\?xml|!--)",
    re.IGNORECASE,
)
_MARKUP_TAG = re.compile(r"<\s*/?\s*(?:html|svg|script|iframe|object|embed|body)\b", re.IGNORECASE)
# Control characters a text file does not hold (tab, line feed, form feed, carriage
# return and the old DOS end-of-file mark are fine).
_BINARY_CHARACTERS = re.compile(r"[\x00-\x08\x0b\x0e-\x19\x1b-\x1f\x7f]")

MESSAGE_NO_EXTENSION = _(
    "The file name has no extension, so its type is unknown. Allowed types: %(allowed)s."
)
MESSAGE_EXTENSION_NOT_ALLOWED = _(
    "Files of type “.%(extension)s” cannot be uploaded. Allowed types: %(allowed)s."
)
MESSAGE_TOO_LARGE = _(
    "The file is %(size)s MB, larger than the limit of %(max_size)s MB. "
    "Compress it or split it into smaller files."
)
MESSAGE_CONTENT_MISMATCH = _(
    "The content of this file does not match its extension “.%(extension)s”. "
    "Save it again in that format, or rename it with the extension of its real type."
)
MESSAGE_ZIP_BOMB = _(
    "This file unpacks to %(size)s MB, far more than any ordinary document, so it was "
    "refused. Open it and save it again, or split it into smaller files."
)
MESSAGE_NOT_PLAIN_TEXT = _(
    "This “.%(extension)s” file does not contain plain text. "
    "Web pages, images and scripts cannot be uploaded as text files."
)


def validate_upload(file_obj, filename, *, max_size):
    """Raise ValidationError unless the upload is an allowed type, at most `max_size`
    bytes, with content that matches its extension. An empty file passes (text
    extraction reports it as empty). The file position is left at 0."""
    extension = file_extension(filename)
    allowed = ", ".join(ALLOWED_EXTENSIONS)
    if not extension:
        raise ValidationError(
            MESSAGE_NO_EXTENSION, code="no_extension", params={"allowed": allowed}
        )
    if extension not in ALLOWED_EXTENSIONS:
        raise ValidationError(
            MESSAGE_EXTENSION_NOT_ALLOWED,
            code="extension_not_allowed",
            params={"extension": extension, "allowed": allowed},
        )
    try:
        size = _file_size(file_obj)
        if size > max_size:
            raise ValidationError(
                MESSAGE_TOO_LARGE,
                code="file_too_large",
                params={"size": _megabytes(size, round_up=True), "max_size": _megabytes(max_size)},
            )
        if size == 0:
            return
        file_obj.seek(0)
        _CONTENT_CHECKS[extension](file_obj, extension)
    finally:
        file_obj.seek(0)


def _file_size(file_obj):
    size = getattr(file_obj, "size", None)
    if isinstance(size, int):
        return size
    file_obj.seek(0, 2)
    return file_obj.tell()


def _megabytes(size, *, round_up=False):
    """Bytes as megabytes for a message: "10", "2.5"; never "0" for a non-empty size."""
    megabytes = size / (1024 * 1024)
    rounded = round(megabytes, 1)
    if round_up and rounded <= megabytes:
        rounded = round(rounded + 0.1, 1)
    return f"{rounded:g}"


def _mismatch(extension):
    return ValidationError(
        MESSAGE_CONTENT_MISMATCH, code="content_mismatch", params={"extension": extension}
    )


def _check_pdf(file_obj, extension):
    head = file_obj.read(1024)
    # The PDF header is allowed some leading bytes; markup is never among them.
    if b"%PDF-" not in head or _MARKUP_START.search(head.decode("latin-1")):
        raise _mismatch(extension)


def _check_ole2(file_obj, extension):
    if not file_obj.read(8) == OLE2_SIGNATURE:
        raise _mismatch(extension)


def _check_jpeg(file_obj, extension):
    if not file_obj.read(3) == JPEG_SIGNATURE:
        raise _mismatch(extension)


def _check_png(file_obj, extension):
    if not file_obj.read(8) == PNG_SIGNATURE:
        raise _mismatch(extension)


def _check_zip(file_obj, extension):
    head = file_obj.read(8)
    if extension in OOXML_MAIN_PARTS and head == OLE2_SIGNATURE:
        # A password-protected Office file is an OLE2 container wrapping the package;
        # let it through, text extraction then reports "encrypted".
        file_obj.seek(0)
        if _is_encrypted_ooxml(file_obj):
            return
        raise _mismatch(extension)
    if not head.startswith(ZIP_SIGNATURES):
        raise _mismatch(extension)
    file_obj.seek(0)
    try:
        with zipfile.ZipFile(file_obj) as archive:
            names = set(archive.namelist())
            if extension in OOXML_MAIN_PARTS:
                valid = OOXML_MAIN_PARTS[extension] in names and "[Content_Types].xml" in names
            elif extension in ODF_MIMETYPES:
                valid = "mimetype" in names and (
                    archive.open("mimetype").read(100).strip() == ODF_MIMETYPES[extension]
                )
            else:
                valid = True
            if valid and extension != "zip":
                # Office files are unpacked to read their text; plain zip archives are not.
                _check_unpacked_size(archive.infolist())
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, EOFError, ValueError) as error:
        raise _mismatch(extension) from error
    if not valid:
        raise _mismatch(extension)


def _check_unpacked_size(members):
    declared = sum(member.file_size for member in members)
    inflated = any(
        member.file_size > RATIO_CHECK_MIN_SIZE
        and member.file_size > MAX_COMPRESSION_RATIO * max(member.compress_size, 1)
        for member in members
    )
    if declared > MAX_DECLARED_UNPACKED_SIZE or inflated:
        raise ValidationError(
            MESSAGE_ZIP_BOMB, code="zip_bomb", params={"size": _megabytes(declared)}
        )


def _is_encrypted_ooxml(file_obj):
    marker = "EncryptedPackage".encode("utf-16-le")
    tail = b""
    while chunk := file_obj.read(1024 * 1024):
        if marker in tail + chunk:
            return True
        tail = chunk[-len(marker) :]
    return False


def _check_text(file_obj, extension):
    head = file_obj.read(TEXT_SNIFF_SIZE)
    utf16 = head.startswith((b"\xff\xfe", b"\xfe\xff"))
    if utf16 and len(head) % 2:
        head = head[:-1]
    if b"\x00" in head and not utf16:
        raise ValidationError(
            MESSAGE_NOT_PLAIN_TEXT, code="not_plain_text", params={"extension": extension}
        )
    text = decode_text(head)
    start = text.lstrip("\ufeff \t\r\n")
    if (
        _BINARY_CHARACTERS.search(text)
        or _MARKUP_START.match(start)
        or _MARKUP_TAG.search(text[:1024])
    ):
        raise ValidationError(
            MESSAGE_NOT_PLAIN_TEXT, code="not_plain_text", params={"extension": extension}
        )


_CONTENT_CHECKS = {
    "pdf": _check_pdf,
    "doc": _check_ole2,
    "xls": _check_ole2,
    "ppt": _check_ole2,
    "docx": _check_zip,
    "xlsx": _check_zip,
    "pptx": _check_zip,
    "odt": _check_zip,
    "ods": _check_zip,
    "odp": _check_zip,
    "zip": _check_zip,
    "jpg": _check_jpeg,
    "png": _check_png,
    "txt": _check_text,
    "csv": _check_text,
}
