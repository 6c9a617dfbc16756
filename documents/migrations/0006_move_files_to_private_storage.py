"""Existing document files move out of the media storage, where the web server or
SERVE_MEDIA served them without a privacy check, into the documents storage."""

from django.db import migrations


def move_files(apps, schema_editor):
    from documents.storage import move_documents_to_private_storage

    move_documents_to_private_storage(apps.get_model("documents", "CustomDocument"))


class Migration(migrations.Migration):
    dependencies = [
        ("documents", "0005_private_storage"),
    ]

    operations = [
        migrations.RunPython(move_files, migrations.RunPython.noop, elidable=True),
    ]
