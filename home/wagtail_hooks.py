"""Admin wiring of the home app: Latin slugs in every admin form (home/slugs.py), the
document-list block's chooser that opens in the library (home/admin_views.py)."""

from django.db import models
from django.urls import path
from wagtail import hooks
from wagtail.admin.forms.models import register_form_field_override

from .admin_views import library_chooser
from .slugs import ElotSlugInput, LatinSlugField

# Every slug field of an admin form (pages, categories) proposes and keeps an ELOT 743
# slug; registered after Wagtail's own override for SlugField, which it replaces. Form
# classes are built per request, after the admin has loaded this module.
register_form_field_override(
    models.SlugField, override={"widget": ElotSlugInput, "form_class": LatinSlugField}
)


@hooks.register("register_admin_urls")
def register_library_chooser_urls():
    return [
        path("library-chooser/", library_chooser, name="home_library_chooser"),
        path(
            "library-chooser/<int:parent_page_id>/",
            library_chooser,
            name="home_library_chooser_child",
        ),
    ]
