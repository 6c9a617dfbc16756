"""The demo library's files as committed: documents/demo_documents/<key>/<file> and a
manifest (manifest.json) with each document's metadata and each file's SHA-256.

`load_demo_files()` is what `load_demo_content` reads; it needs nothing beyond the standard
library. The files are made by the generator in documents/demo_files.py (fpdf2, odfpy:
development only, requirements-dev.txt): `manage.py make_demo_files` writes them and the
manifest again, `manage.py make_demo_files --check` says whether they are up to date.
"""

import hashlib
import json
from dataclasses import asdict, dataclass, fields
from datetime import date
from pathlib import Path

DATA_DIR = Path(__file__).resolve().parent / "demo_documents"
MANIFEST = "manifest.json"


@dataclass(frozen=True)
class DemoFile:
    """One document of the demo library.

    `content` is the file in `language` ("both" when it holds both languages); when a
    document has one file per language, `content` is the Greek file and `content_en`
    the English one. `secret_terms` appear in `content`, `secret_terms_en` in
    `content_en`.
    """

    key: str
    filename: str
    content: bytes
    category: str
    date: date
    title_el: str
    title_en: str
    description_el: str
    description_en: str
    language: str
    secret_terms: tuple[str, ...]
    content_en: bytes | None = None
    filename_en: str | None = None
    secret_terms_en: tuple[str, ...] = ()

    @property
    def files(self):
        """(filename, content) of each file of the document, Greek or shared first."""
        files = [(self.filename, self.content)]
        if self.content_en is not None:
            files.append((self.filename_en, self.content_en))
        return files


class DemoFilesChanged(Exception):
    """A committed file no longer matches the manifest."""


def sha256(content):
    return hashlib.sha256(content).hexdigest()


def manifest_of(demos):
    """The manifest's data for these documents: everything but the bytes, and their hashes."""
    entries = []
    for demo in demos:
        entry = {
            name: value
            for name, value in asdict(demo).items()
            if name not in ("content", "content_en")
        }
        entry["date"] = demo.date.isoformat()
        entry["secret_terms"] = list(demo.secret_terms)
        entry["secret_terms_en"] = list(demo.secret_terms_en)
        entry["sha256"] = {filename: sha256(content) for filename, content in demo.files}
        entries.append(entry)
    return {"format": 1, "documents": entries}


def write_demo_files(demos, directory=DATA_DIR):
    """The files and the manifest, in `directory` (emptied of earlier files first)."""
    directory = Path(directory)
    if directory.exists():
        for old in sorted(directory.rglob("*"), reverse=True):
            old.rmdir() if old.is_dir() else old.unlink()
    for demo in demos:
        for filename, content in demo.files:
            path = directory / demo.key / filename
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_bytes(content)
    text = json.dumps(manifest_of(demos), ensure_ascii=False, indent=2, sort_keys=True)
    (directory / MANIFEST).write_text(text + "\n", encoding="utf-8")


def load_demo_files(directory=DATA_DIR):
    """Every demo document with the bytes of its files, as committed; each file checked
    against the manifest's SHA-256."""
    directory = Path(directory)
    manifest = json.loads((directory / MANIFEST).read_text(encoding="utf-8"))
    names = {field.name for field in fields(DemoFile)}
    demos = []
    for entry in manifest["documents"]:
        contents = {}
        for filename, expected in entry["sha256"].items():
            content = (directory / entry["key"] / filename).read_bytes()
            if sha256(content) != expected:
                raise DemoFilesChanged(f"{entry['key']}/{filename} does not match {MANIFEST}")
            contents[filename] = content
        values = {name: value for name, value in entry.items() if name in names}
        values["date"] = date.fromisoformat(entry["date"])
        values["secret_terms"] = tuple(entry["secret_terms"])
        values["secret_terms_en"] = tuple(entry["secret_terms_en"])
        values["content"] = contents[entry["filename"]]
        if entry.get("filename_en"):
            values["content_en"] = contents[entry["filename_en"]]
        demos.append(DemoFile(**values))
    return demos
