"""Editors' and Translators' document and image permissions leave the root collection,
which covers private collections too, for the public one (editorial/groups.py). Files
kept directly in the root move into the public collection with them, so that Editors keep
editing them: the root carries no view restriction of its own, so no file changes privacy.
Administrators get the right to manage collections and their privacy."""

from django.conf import settings
from django.db import migrations


def forwards(apps, schema_editor):
    from editorial.groups import EDITORS, public_collection, setup_groups

    Collection = apps.get_model("wagtailcore", "Collection")
    GroupCollectionPermission = apps.get_model("wagtailcore", "GroupCollectionPermission")
    root = Collection.objects.filter(depth=1).order_by("path").first()
    if root is None:
        return
    editors_on_root = GroupCollectionPermission.objects.filter(
        collection=root, group__name=EDITORS
    ).exists()
    if editors_on_root:
        public = public_collection(apps, root)
        for label in [settings.WAGTAILDOCS_DOCUMENT_MODEL, settings.WAGTAILIMAGES_IMAGE_MODEL]:
            apps.get_model(label).objects.filter(collection=root).update(collection=public)
    setup_groups(apps)


class Migration(migrations.Migration):
    dependencies = [
        ("editorial", "0001_groups_and_workflow"),
        ("documents", "0001_initial"),
        ("home", "0001_initial"),
    ]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
