import pytest
from django.core.files.base import ContentFile
from wagtail.documents import get_document_model

pytestmark = pytest.mark.django_db

COMMON = {
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "same-origin",
    "Cross-Origin-Opener-Policy": "same-origin",
}


def assert_common_headers(response):
    for header, value in COMMON.items():
        assert response[header] == value, header
    assert response["X-Frame-Options"] in ("DENY", "SAMEORIGIN")
    policy = response["Permissions-Policy"]
    assert "camera=()" in policy and "geolocation=()" in policy and "microphone=()" in policy


def directives(header):
    parsed = {}
    for part in header.split(";"):
        name, *values = part.strip().split()
        parsed[name] = values
    return parsed


@pytest.mark.parametrize(
    "url", ["/el/", "/en/", "/robots.txt", "/sitemap.xml", "/el/no-such-page/"]
)
def test_public_responses_carry_a_strict_policy(client, home_en, url):
    response = client.get(url)
    assert_common_headers(response)
    csp = directives(response["Content-Security-Policy"])
    assert csp["script-src"] == ["'self'"]
    assert csp["style-src"] == ["'self'"]
    assert csp["default-src"] == ["'self'"]
    assert csp["object-src"] == ["'none'"]
    assert csp["frame-ancestors"] == ["'self'"]
    assert "'unsafe-inline'" not in response["Content-Security-Policy"]
    assert "'unsafe-eval'" not in response["Content-Security-Policy"]


def test_public_templates_have_no_inline_script_or_style(client, home_en):
    html = client.get("/el/").text
    # JSON-LD is data (not run), so a policy without nonces does not block it; any
    # other inline script or style attribute would be blocked and must not exist.
    for script in html.split("<script")[1:]:
        head = script.split(">", 1)[0]
        assert "src=" in head or 'type="application/ld+json"' in head, head
    assert " style=" not in html
    assert "<style" not in html


def test_admin_pages_get_the_admin_policy(client, home_el, django_user_model):
    admin = django_user_model.objects.create_superuser("boss", "b@example.com", "x" * 16)
    client.force_login(admin)
    for url in ("/admin/", f"/admin/pages/{home_el.pk}/edit/", "/admin/login/"):
        response = client.get(url, follow=url == "/admin/login/")
        assert response.status_code == 200, url
        assert_common_headers(response)
        csp = directives(response["Content-Security-Policy"])
        # Wagtail's admin needs inline scripts and styles; framing and plugins stay shut.
        assert "'unsafe-inline'" in csp["script-src"]
        assert csp["frame-ancestors"] == ["'self'"]
        assert csp["object-src"] == ["'none'"]


def test_admin_preview_can_be_framed_by_the_admin(client, home_el, django_user_model):
    admin = django_user_model.objects.create_superuser("boss", "b@example.com", "x" * 16)
    client.force_login(admin)
    response = client.get(f"/admin/pages/{home_el.pk}/edit/preview/")
    assert response.status_code == 200
    assert response["X-Frame-Options"] == "SAMEORIGIN"
    assert directives(response["Content-Security-Policy"])["frame-ancestors"] == ["'self'"]


def test_document_downloads_carry_the_headers(client, home_el, settings, tmp_path):
    # Wagtail serves documents from a local path, which the in-memory test storage lacks.
    settings.MEDIA_ROOT = tmp_path
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    }
    document = get_document_model().objects.create(
        title="Κανονισμός", file=ContentFile(b"hello, park", name="rules.txt")
    )
    response = client.get(document.url)
    assert response.status_code == 200
    assert_common_headers(response)
    assert "Content-Security-Policy" in response


def test_no_hsts_or_secure_cookies_outside_production(client, home_el):
    assert "Strict-Transport-Security" not in client.get("/el/")
