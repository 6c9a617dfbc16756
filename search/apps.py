from django.apps import AppConfig
from django.db.models.signals import post_migrate

#: Migrations whose application means the search index must be rebuilt.
REINDEX_MIGRATIONS = {("search", "0003_reindex_stemmed_tokens")}


def rebuild_index_after(sender, plan=None, using="default", **kwargs):
    """After `migrate` applied a REINDEX_MIGRATIONS migration: rebuild the search index
    (if there are pages to index)."""
    applied = {(m.app_label, m.name) for m, backwards in plan or [] if not backwards}
    if not applied & REINDEX_MIGRATIONS:
        return
    from django.core.management import call_command
    from wagtail.models import Page

    if Page.objects.using(using).filter(depth__gt=1).exists():
        call_command("update_index", verbosity=0)


class SearchConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "search"
    label = "search"

    def ready(self):
        post_migrate.connect(rebuild_index_after, sender=self)
