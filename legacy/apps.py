from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class LegacyConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "legacy"
    verbose_name = _("Old site import")
