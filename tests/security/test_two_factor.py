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
