import pytest

from contact import demo
from home.demo_tools import Glossary
from home.models import HomePage, StandardPage
from tests.conftest import add_page, publish


@pytest.fixture
def contact_pages(home_en, site_details):
    """The demo contact page in Greek and its English translation, beside a privacy notice."""
    home_el = HomePage.objects.get(locale__language_code="el")
    privacy = add_page(home_el, StandardPage(title="Προστασία δεδομένων", slug="privacy"))
    privacy_en = privacy.copy_for_translation(home_en.locale)
    privacy_en.title = "Privacy notice"
    publish(privacy_en)
    greek = demo.build(Glossary(), log=lambda message: None)
    return greek, greek.get_translation(home_en.locale)
