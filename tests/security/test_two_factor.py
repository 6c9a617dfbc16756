import pytest
from django.contrib.auth.models import Group
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

pytestmark = pytest.mark.django_db


def current_code(device):
    return f"{totp(device.bin_key, step=device.step, digits=device.digits):0{device.digits}d}"


@pytest.fixture
def superuser(django_user_model):
    return django_user_model.objects.create_superuser("boss", "boss@example.com", "x" * 16)


def test_without_a_device_and_without_the_requirement_the_admin_opens(client, superuser):
    client.force_login(superuser)
    assert client.get("/admin/").status_code == 200


def test_user_with_a_device_must_enter_a_code_once_per_session(client, superuser, time_machine):
    time_machine.move_to("2026-03-02 10:00:00+02:00", tick=False)
    device = TOTPDevice.objects.create(user=superuser, name="phone", confirmed=True)
    client.force_login(superuser)
    response = client.get("/admin/pages/")
    assert response.status_code == 302
    assert response["Location"].startswith("/admin/2fa/verify/?next=/admin/pages/")

    wrong = client.post("/admin/2fa/verify/", {"token": "000000", "next": "/admin/pages/"})
    assert wrong.status_code == 200
    assert client.get("/admin/").status_code == 302

    time_machine.shift(30)  # a wrong code makes the device wait before the next try
    right = client.post(
        "/admin/2fa/verify/", {"token": current_code(device), "next": "/admin/pages/"}
    )
    assert right.status_code == 302 and right["Location"] == "/admin/pages/"
    assert client.get("/admin/").status_code == 200


def test_verify_does_not_redirect_off_site(client, superuser):
    device = TOTPDevice.objects.create(user=superuser, name="phone", confirmed=True)
    client.force_login(superuser)
    response = client.post(
        "/admin/2fa/verify/", {"token": current_code(device), "next": "https://evil.example/"}
    )
    assert response["Location"] == "/admin/"


@pytest.mark.parametrize("as_group", [False, True])
def test_administrators_must_set_up_a_device_when_required(
    client, superuser, django_user_model, settings, as_group, time_machine
):
    time_machine.move_to("2026-03-02 10:00:00+02:00", tick=False)
    settings.REQUIRE_2FA_FOR_ADMINS = True
    user = superuser
    if as_group:
        user = django_user_model.objects.create_user("admin2", "a2@example.com", "x" * 16)
        user.groups.add(Group.objects.get_or_create(name="Administrators")[0])
        user.is_staff = True
        user.save()
    client.force_login(user)
    response = client.get("/admin/")
    assert response.status_code == 302 and response["Location"] == "/admin/2fa/setup/"

    setup = client.get("/admin/2fa/setup/")
    assert setup.status_code == 200
    assert "<svg" in setup.text  # the QR code, inline
    device = TOTPDevice.objects.get(user=user, confirmed=False)
    assert client.post("/admin/2fa/setup/", {"token": "123"}).status_code == 200
    time_machine.shift(30)
    confirmed = client.post("/admin/2fa/setup/", {"token": current_code(device)})
    assert confirmed.status_code == 302
    device.refresh_from_db()
    assert device.confirmed
    assert client.get("/admin/").status_code == 200


def test_editors_are_not_forced_to_use_two_factor(client, django_user_model, settings):
    settings.REQUIRE_2FA_FOR_ADMINS = True
    editor = django_user_model.objects.create_user("ed", "ed@example.com", "x" * 16)
    editor.groups.add(Group.objects.get_or_create(name="Editors")[0])
    from django.contrib.auth.models import Permission

    editor.user_permissions.add(Permission.objects.get(codename="access_admin"))
    client.force_login(editor)
    assert client.get("/admin/").status_code == 200


def test_anyone_may_set_up_two_factor(client, django_user_model):
    user = django_user_model.objects.create_superuser("opt", "opt@example.com", "x" * 16)
    client.force_login(user)
    page = client.get("/admin/2fa/setup/")
    assert page.status_code == 200
    device = TOTPDevice.objects.get(user=user)
    client.post("/admin/2fa/setup/", {"token": current_code(device)})
    client.logout()
    client.force_login(user)
    assert client.get("/admin/").status_code == 302  # a code is now asked for


# Outside the admin: a session that has not passed its second factor is anonymous.

SECRET = "SECRET-TENANT-LIST-5521"


@pytest.fixture
def private_things(home_en):
    from django.core.files.base import ContentFile
    from wagtail.models import Collection, CollectionViewRestriction, PageViewRestriction

    from documents.models import CustomDocument
    from home.models import StandardPage
    from tests.conftest import add_page

    page = add_page(home_en, StandardPage(title="Tenants", slug="tenants", introduction=SECRET))
    PageViewRestriction.objects.create(page=page, restriction_type=PageViewRestriction.LOGIN)
    collection = Collection.get_first_root_node().add_child(name="Board")
    CollectionViewRestriction.objects.create(
        collection=collection, restriction_type=CollectionViewRestriction.LOGIN
    )
    document = CustomDocument(title="Tenants", collection=collection)
    document.file.save("tenants.txt", ContentFile(SECRET.encode()), save=False)
    document.save()
    return page.get_url(), document.url


def reads(client, url):
    response = client.get(url)
    if response.status_code != 200:
        return False
    body = b"".join(response.streaming_content) if response.streaming else response.content
    return SECRET in body.decode()


@pytest.fixture
def member_with_device(django_user_model):
    user = django_user_model.objects.create_user("tenant", "t@example.com", "x" * 16)
    return user, TOTPDevice.objects.create(user=user, name="phone", confirmed=True)


def test_password_alone_opens_no_private_page_or_document_to_a_user_with_a_device(
    client, member_with_device, private_things
):
    user, _device = member_with_device
    page_url, document_url = private_things
    client.force_login(user)
    for url in (page_url, document_url):
        response = client.get(url)
        assert response.status_code == 302
        # The document's address has no language: the login form comes in the default one.
        assert response["Location"].startswith(("/en/_util/login/?next=", "/el/_util/login/"))
    assert not reads(client, page_url) and not reads(client, document_url)


def test_after_the_code_private_pages_and_documents_open(
    client, member_with_device, private_things
):
    user, device = member_with_device
    page_url, document_url = private_things
    client.force_login(user)
    verified = client.post("/admin/2fa/verify/", {"token": current_code(device), "next": page_url})
    assert verified.status_code == 302 and verified["Location"] == page_url
    assert reads(client, page_url) and reads(client, document_url)


def test_an_unverified_session_still_reads_the_public_site(client, member_with_device, home_en):
    client.force_login(member_with_device[0])
    response = client.get("/en/")
    assert response.status_code == 200


def test_the_site_login_form_leads_to_the_code_and_back_to_the_page(
    member_with_device, private_things
):
    from django.test import Client

    user, device = member_with_device
    page_url, _document_url = private_things
    client = Client()
    login = client.post(
        "/en/_util/login/", {"username": "tenant", "password": "x" * 16, "next": page_url}
    )
    assert login.status_code == 302
    assert login["Location"] == f"/admin/2fa/verify/?next={page_url.replace('/', '%2F')}"
    assert not reads(client, page_url)
    form = client.get(login["Location"])
    assert form.status_code == 200 and f'value="{page_url}"' in form.text
    verified = client.post(login["Location"], {"token": current_code(device), "next": page_url})
    assert verified["Location"] == page_url
    assert reads(client, page_url)


def test_an_administrator_who_must_set_up_a_device_is_anonymous_on_the_site_until_then(
    client, superuser, settings, private_things
):
    settings.REQUIRE_2FA_FOR_ADMINS = True
    page_url, document_url = private_things
    client.force_login(superuser)
    assert not reads(client, page_url) and not reads(client, document_url)
    login = client.post(
        "/en/_util/login/", {"username": "boss", "password": "x" * 16, "next": page_url}
    )
    assert login.status_code == 302 and login["Location"] == "/admin/2fa/setup/"


def test_a_user_without_a_device_reads_private_pages_with_the_password(
    client, django_user_model, private_things
):
    django_user_model.objects.create_user("plain", "p@example.com", "x" * 16)
    page_url, document_url = private_things
    login = client.post(
        "/en/_util/login/", {"username": "plain", "password": "x" * 16, "next": page_url}
    )
    assert login.status_code == 302 and login["Location"] == page_url
    assert reads(client, page_url) and reads(client, document_url)
