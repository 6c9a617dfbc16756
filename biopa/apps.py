from django.apps import AppConfig


class BiopaConfig(AppConfig):
    """The project's infrastructure: the response cache and the CDN purge listen for changes
    from here, whichever app's content changed."""

    default_auto_field = "django.db.models.BigAutoField"
    name = "biopa"
    label = "biopa"
    verbose_name = "BIOPA"

    def ready(self):
        from biopa.cache import connect_signals as connect_response_cache
        from biopa.frontend_cache import connect_signals as connect_cdn_purge

        connect_response_cache()
        # After wagtail.contrib.frontend_cache's ready() (settings/base.py lists that app
        # first), whose handlers this replaces.
        connect_cdn_purge()
