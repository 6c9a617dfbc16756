"""PostgreSQL: the search index's GIN indexes without a pending list (`fastupdate = off`).

By default PostgreSQL adds new index entries to a GIN index's unsorted pending list, up to
4 MB, and every search that uses the index reads the whole list. A site whose entries are
written at publication (and all at once by `update_index`) lives with a list that is never
empty: on the bench site the autocomplete index held 31,613 pending entries and a prefix
that matches nothing cost 3.9 ms, all of it in the list. Without the list each entry goes
into its place when written (a publish costs a little more; searches do not pay for it).
The indexes are found by table (in the current schema) and kind: modelsearch names them with
a hash."""

from django.db import migrations

GIN_INDEXES = """
    SELECT index_class.relname
    FROM pg_index
    JOIN pg_class index_class ON index_class.oid = pg_index.indexrelid
    JOIN pg_class table_class ON table_class.oid = pg_index.indrelid
    JOIN pg_am ON pg_am.oid = index_class.relam
    WHERE table_class.relname = 'wagtailsearch_indexentry' AND pg_am.amname = 'gin'
      AND table_class.relnamespace = current_schema()::regnamespace
"""


def _set(schema_editor, fastupdate):
    if schema_editor.connection.vendor != "postgresql":
        return
    with schema_editor.connection.cursor() as cursor:
        cursor.execute(GIN_INDEXES)
        names = [row[0] for row in cursor.fetchall()]
    for name in names:
        quoted = schema_editor.quote_name(name)
        schema_editor.execute(f"ALTER INDEX {quoted} SET (fastupdate = {fastupdate})")
        if fastupdate == "off":
            # What the list already holds goes into the index now.
            schema_editor.execute("SELECT gin_clean_pending_list(%s::regclass)", [quoted])


def turn_off(apps, schema_editor):
    _set(schema_editor, "off")


def turn_on(apps, schema_editor):
    _set(schema_editor, "on")


class Migration(migrations.Migration):
    dependencies = [("search", "0005_entry_join_index_and_statistics")]

    operations = [migrations.RunPython(turn_off, turn_on)]
