"""Machine translation: DeepL when DEEPL_API_KEY is set, otherwise none in production and
wagtail-localize's dummy translator in development and tests."""

import importlib.util
import sys
from pathlib import Path

import pytest
from django.conf import settings
from django.urls import reverse
from wagtail_localize.machine_translators import get_machine_translator
from wagtail_localize.models import Translation

SETTINGS = Path(settings.BASE_DIR) / "biopa" / "settings"
SETTING = "WAGTAILLOCALIZE_MACHINE_TRANSLATOR"
DUMMY = {"CLASS": "wagtail_localize.machine_translators.dummy.DummyTranslator"}


def load(name, monkeypatch):
    """Fresh copies of base.py and the settings module `name`, read with the current
    environment."""

    def fresh(module_name):
        spec = importlib.util.spec_from_file_location(
            f"biopa.settings.{module_name}", SETTINGS / f"{module_name}.py"
        )
        module = importlib.util.module_from_spec(spec)
        module.__package__ = "biopa.settings"
        monkeypatch.setitem(sys.modules, f"biopa.settings.{module_name}", module)
        spec.loader.exec_module(module)
        return module

    fresh("base")
    return fresh(name)


def translator_class(module):
    config = getattr(module, SETTING, None)
    return config and config["CLASS"]


def test_production_uses_deepl_only_with_a_key(monkeypatch):
    monkeypatch.setenv("SECRET_KEY", "production-check")
    # Production refuses a page cache without a store every process shares.
    monkeypatch.setenv("REDIS_URL", "redis://127.0.0.1:6379/0")
    monkeypatch.delenv("DEEPL_API_KEY", raising=False)
    assert translator_class(load("production", monkeypatch)) is None
    monkeypatch.setenv("DEEPL_API_KEY", "key:fx")
    production = load("production", monkeypatch)
    assert translator_class(production).endswith("deepl.DeepLTranslator")
    assert getattr(production, SETTING)["OPTIONS"]["AUTH_KEY"] == "key:fx"


def test_development_and_tests_use_the_dummy_translator(monkeypatch):
    assert translator_class(load("dev", monkeypatch)).endswith("dummy.DummyTranslator")
    assert type(get_machine_translator()).__name__ == "DummyTranslator"


@pytest.mark.django_db
def test_translator_machine_translates_in_the_editor(
    client, members, greek_page, home_en, settings, django_capture_on_commit_callbacks
):
    setattr(settings, SETTING, DUMMY)
    client.force_login(members["Translators"])
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            reverse("wagtail_localize:submit_page_translation", args=(greek_page.pk,)),
            {"locales": [home_en.locale.pk]},
        )
    translation = Translation.objects.get(source__object_id=greek_page.translation_key)
    assert translation.get_progress()[1] == 0
    response = client.post(reverse("wagtail_localize:machine_translate", args=(translation.pk,)))
    assert response.status_code == 302
    total, done = translation.get_progress()
    assert done == total > 0
