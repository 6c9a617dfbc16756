from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class HomeConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "home"
    label = "home"
    verbose_name = _("Home")

    def ready(self):
        from . import rich_text_links  # noqa: F401 - registers the "library-link" feature
        from .translation_labels import install

        # Table cells labelled by row and column in wagtail-localize's translation editor.
        install()
