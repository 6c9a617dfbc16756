"""The editorial groups, their permissions and the moderation workflow (editorial/groups.py).

Permissions of models whose migrations run after this one (documents, images, snippets)
are granted by the post_migrate handler in editorial/apps.py, with the same function."""

from django.db import migrations


def forwards(apps, schema_editor):
    from editorial.groups import setup_groups

    setup_groups(apps)


class Migration(migrations.Migration):
    dependencies = [
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("wagtailcore", "0098_apitoken"),
        ("wagtailadmin", "0006_formstate"),
        ("wagtail_localize", "0016_rename_page_revision_translationlog_revision"),
    ]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
