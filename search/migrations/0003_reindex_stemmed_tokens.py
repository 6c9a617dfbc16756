"""The search index's tokens changed (search.tokens: Python stems and phonetic keys,
PostgreSQL config `simple`): entries written before no longer match the queries.

This migration changes no table. Applying it makes `search.apps.rebuild_index_after`
rebuild the index once `migrate` has finished (post_migrate), when every app's tables are
up to date; a fresh database has nothing to rebuild (the demo content and every page
saved later are indexed as they are written)."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [("search", "0002_query_log")]

    operations = [migrations.RunPython(migrations.RunPython.noop, migrations.RunPython.noop)]
