from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


class EditorialConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "editorial"
    label = "editorial"
    verbose_name = _("Editorial workflow")

    def ready(self):
        from . import workflow  # noqa: F401 - registers its hooks
        from .groups import grant_after_migrate
        from .translation_drafts import install

        # wagtail-localize's submit views create drafts, also from code run outside a
        # request (a management command, a task) before the admin's hooks are loaded.
        install()

        # Models that land after our data migration (new snippets, say) get their
        # permissions on the next `migrate`.
        post_migrate.connect(grant_after_migrate, dispatch_uid="editorial_groups")
