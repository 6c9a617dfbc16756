import pytest
from django.conf import settings

pytestmark = pytest.mark.django_db

PASSWORD = "correct horse battery staple"


@pytest.fixture
def editor(django_user_model):
    return django_user_model.objects.create_user(
        "editor", "editor@example.com", PASSWORD, is_superuser=True
    )


def login(client, password, username="editor"):
    return client.post("/admin/login/", {"username": username, "password": password})


def test_a_right_password_logs_in(client, editor):
    response = login(client, PASSWORD)
    assert response.status_code == 302
    assert client.get("/admin/").status_code == 200


def test_login_locks_after_repeated_failures_then_unlocks_after_cool_off(
    client, editor, time_machine
):
    time_machine.move_to("2026-03-02 10:00:00+02:00", tick=False)
    limit = settings.AXES_FAILURE_LIMIT
    for _ in range(limit - 1):
        response = login(client, "wrong password")
        assert response.status_code == 200  # the form again, with an error
    assert login(client, "wrong password").status_code == 429
    # Locked: even the right password is refused during the cool-off.
    locked = login(client, PASSWORD)
    assert locked.status_code == 429
    assert client.get("/admin/").status_code == 302  # not logged in

    time_machine.shift(settings.AXES_COOLOFF_TIME.total_seconds() + 60)
    assert login(client, PASSWORD).status_code == 302
    assert client.get("/admin/").status_code == 200


def test_lockout_is_per_username_and_address(client, editor, django_user_model, time_machine):
    time_machine.move_to("2026-03-02 10:00:00+02:00", tick=False)
    for _ in range(settings.AXES_FAILURE_LIMIT):
        login(client, "wrong password")
    assert login(client, PASSWORD).status_code == 429
    # The same account from another address is not locked out.
    other = client.post(
        "/admin/login/", {"username": "editor", "password": PASSWORD}, REMOTE_ADDR="198.51.100.9"
    )
    assert other.status_code == 302


def test_strong_passwords_are_required():
    names = [v["NAME"].rsplit(".", 1)[1] for v in settings.AUTH_PASSWORD_VALIDATORS]
    assert "MinimumLengthValidator" in names and "CommonPasswordValidator" in names


def test_shared_password_privacy_is_off():
    assert settings.WAGTAIL_PRIVATE_PAGE_OPTIONS == {"SHARED_PASSWORD": False}
    assert settings.WAGTAILDOCS_PRIVATE_COLLECTION_OPTIONS == {"SHARED_PASSWORD": False}


def test_sessions_expire():
    assert 0 < settings.SESSION_COOKIE_AGE <= 24 * 60 * 60
