"""Debian's nginx with the repository's site file (deploy/nginx/biopa.conf) on a loopback
port, in front of gunicorn with the production settings: static files from disk with long
cache headers, public media from disk, private documents only through Django's checking
view. TLS is left out: the HTTPS server's `listen` and `ssl_*` lines become a plain listen."""

import json
import os
import re
import shutil
import subprocess
import time
from http.client import HTTPConnection

import pytest
from wagtail.models import Collection, CollectionViewRestriction

from documents.models import CustomDocument
from tests.deploy.conftest import SITE_FILE
from tests.servers import database_url, free_port, production_environment, running_server

pytestmark = [
    pytest.mark.browser,  # a transactional test: in the second pytest session (see Makefile)
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

NGINX = shutil.which("nginx") or "/usr/sbin/nginx"
VAR = "/srv/biopa/var"


def https_server_block(text):
    """The `upstream` block and the `server` block that listens on 443, as written."""
    blocks, depth, start = [], 0, None
    for match in re.finditer(r"[{}]", text):
        if match.group() == "{":
            if depth == 0:
                start = text.rfind("\n", 0, match.start()) + 1
            depth += 1
        else:
            depth -= 1
            if depth == 0:
                blocks.append(text[start : match.end()])
    upstream = next(block for block in blocks if block.startswith("upstream"))
    https = next(block for block in blocks if "listen 443" in block)
    return upstream, https


def render_site(var_dir, static_root, gunicorn_port, port):
    upstream, https = https_server_block(SITE_FILE.read_text())
    https = re.sub(r"^\s*(listen|ssl_\w+)\s[^;]*;\n", "", https, flags=re.M)
    https = https.replace("server {", f"server {{\n    listen 127.0.0.1:{port};", 1)
    site = f"{upstream}\n{https}\n".replace("127.0.0.1:8000", f"127.0.0.1:{gunicorn_port}")
    site = site.replace(f"{VAR}/static/", f"{static_root}/")
    return site.replace(f"{VAR}/", f"{var_dir}/")


def nginx_conf(directory, site):
    (directory / "site.conf").write_text(site)
    temp = {name: directory / name for name in ("body", "proxy", "fastcgi", "uwsgi", "scgi")}
    user = "user root;" if os.geteuid() == 0 else ""  # workers read the test's own files
    return f"""
{user}
daemon off;
worker_processes 1;
pid {directory}/nginx.pid;
error_log {directory}/error.log warn;
events {{ worker_connections 64; }}
http {{
    include /etc/nginx/mime.types;
    default_type application/octet-stream;
    access_log off;
    client_body_temp_path {temp["body"]};
    proxy_temp_path {temp["proxy"]};
    fastcgi_temp_path {temp["fastcgi"]};
    uwsgi_temp_path {temp["uwsgi"]};
    scgi_temp_path {temp["scgi"]};
    include {directory}/site.conf;
}}
"""


def get(port, path):
    conn = HTTPConnection("127.0.0.1", port, timeout=20)
    try:
        conn.request("GET", path, headers={"Host": "localhost"})
        response = conn.getresponse()
        return response.status, response.headers, response.read()
    finally:
        conn.close()


@pytest.fixture
def files(tmp_path):
    """A public image and two documents' files on disk, as the server's settings place them;
    the documents' records in the test database (one public, one in a private collection)."""
    var = tmp_path / "var"
    image = var / "media" / "original_images" / "park.jpg"
    image.parent.mkdir(parents=True)
    image.write_bytes(b"\xff\xd8 a photo of the park")
    documents = {}
    private = Collection.get_first_root_node().add_child(name="Members only")
    CollectionViewRestriction.objects.create(
        collection=private, restriction_type=CollectionViewRestriction.LOGIN
    )
    for key, collection in (("public", Collection.get_first_root_node()), ("private", private)):
        name = f"documents/{key}0123456789ab/rules-{key}.pdf"
        path = var / "private-documents" / name
        path.parent.mkdir(parents=True)
        path.write_bytes(f"%PDF-1.4 the {key} rules".encode())
        document = CustomDocument(title=f"Rules {key}", collection=collection)
        document.file.name = name
        CustomDocument.objects.bulk_create([document])  # no upload signals: the file is there
        documents[key] = (CustomDocument.objects.get(title=f"Rules {key}"), name, path)
    return var, documents


@pytest.fixture
def nginx(tmp_path, files, production_static):
    var, _documents = files
    env = production_environment(
        database_url=database_url(), var_dir=var, static_root=production_static
    )
    env.update(PAGE_CACHE_SECONDS="0", TRUSTED_PROXY_COUNT="1", FORWARDED_ALLOW_IPS="127.0.0.1")
    with running_server("behind-nginx", env, tmp_path) as gunicorn:
        port = free_port()
        conf_dir = tmp_path / "nginx"
        conf_dir.mkdir()
        site = render_site(var, production_static, gunicorn.port, port)
        (conf_dir / "nginx.conf").write_text(nginx_conf(conf_dir, site))
        args = [
            NGINX,
            "-p",
            str(conf_dir),
            "-c",
            str(conf_dir / "nginx.conf"),
            "-e",
            str(conf_dir / "error.log"),
        ]
        tested = subprocess.run([*args, "-t"], capture_output=True, text=True)  # noqa: S603
        assert tested.returncode == 0, tested.stderr
        process = subprocess.Popen(args, stderr=subprocess.PIPE)  # noqa: S603
        try:
            deadline = time.monotonic() + 10
            while True:
                try:
                    get(port, "/healthz")
                    break
                except OSError:
                    assert process.poll() is None, process.stderr.read()
                    assert time.monotonic() < deadline, "nginx did not start"
                    time.sleep(0.05)
            yield port
        finally:
            process.terminate()
            process.wait(timeout=10)


def test_nginx_serves_static_media_and_documents_as_the_guide_says(
    django_db_serialized_rollback, files, nginx, production_static
):
    _var, documents = files
    # The application, through the proxy.
    status, _headers, body = get(nginx, "/healthz")
    assert status == 200, body

    # A static file under its hashed name: from disk, cached for a year.
    manifest = json.loads((production_static / "staticfiles.json").read_text())
    hashed = next(name for name in manifest["paths"].values() if name.endswith(".css"))
    status, headers, body = get(nginx, f"/static/{hashed}")
    assert status == 200 and body == (production_static / hashed).read_bytes()
    assert headers.get_all("Cache-Control") == ["public, max-age=31536000, immutable"]

    # Public media: from disk.
    status, headers, body = get(nginx, "/media/original_images/park.jpg")
    assert status == 200 and body == b"\xff\xd8 a photo of the park"
    assert headers["X-Content-Type-Options"] == "nosniff"

    # Documents: through the checking view only.
    public, public_name, public_path = documents["public"]
    status, _headers, body = get(nginx, f"/documents/{public.pk}/{public_path.name}")
    assert status == 200 and body == public_path.read_bytes()
    private, private_name, private_path = documents["private"]
    status, headers, body = get(nginx, f"/documents/{private.pk}/{private_path.name}")
    assert status == 302 and "/_util/login/" in headers["Location"]
    assert private_path.read_bytes() not in body
    for name in (public_name, private_name):
        for direct in (
            f"/private-documents/{name}",
            f"/media/{name}",
            f"/media/../private-documents/{name}",
            f"/media/%2e%2e/private-documents/{name}",
            f"/media../private-documents/{name}",
            f"/static/../private-documents/{name}",
            f"/{name}",
        ):
            status, _headers, body = get(nginx, direct)
            assert status in (400, 403, 404), (direct, status)
            assert b"rules" not in body, direct
