import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from wagtail_localize.models import StringTranslation, Translation, TranslationSource

from editorial.groups import GROUPS, setup_groups
from home.models import StandardPage
from tests.conftest import add_page


@pytest.fixture(autouse=True)
def _no_axes_for_force_login(settings):
    """django-axes records each login with the client address, which force_login lacks
    (PostgreSQL refuses the 'unknown' it writes instead)."""
    settings.AXES_ENABLED = False


@pytest.fixture
def groups(db):
    return setup_groups()


@pytest.fixture
def make_user(groups):
    def make(*names, username=None):
        user = get_user_model().objects.create_user(
            username=username or "-".join(names).lower() or "nobody",
            email=f"{username or '-'.join(names).lower()}@example.com",
            password="a long test password",
        )
        user.groups.set(Group.objects.filter(name__in=names))
        return user

    return make


@pytest.fixture
def members(make_user):
    """One user per editorial group, keyed by the group's name."""
    return {name: make_user(name) for name in GROUPS}


def translate_all(instance, locale, english=lambda text: f"EN {text}"):
    """The `locale` version of `instance`, made through wagtail-localize with every
    segment translated by `english`; returns (translation, target)."""
    source, _created = TranslationSource.get_or_create_from_instance(instance)
    translation, _created = Translation.objects.get_or_create(source=source, target_locale=locale)
    for segment in source.stringsegment_set.select_related("string", "context"):
        StringTranslation.objects.update_or_create(
            translation_of=segment.string,
            locale=locale,
            context=segment.context,
            defaults={"data": english(segment.string.data)},
        )
    translation.save_target(publish=True)
    return translation, instance.get_translation(locale)


@pytest.fixture
def greek_page(home_el):
    return add_page(
        home_el,
        StandardPage(
            title="Υπηρεσίες",
            slug="ypiresies",
            introduction="Τι προσφέρει το πάρκο",
            body=[
                ("heading", {"text": "Νερό", "level": "h2"}),
                ("paragraph", "<p>Πρώτη παράγραφος.</p><p>Δεύτερη παράγραφος.</p>"),
            ],
        ),
    )
