"""Create the PostgreSQL text search configuration ``biopa_search`` (a no-op on SQLite).

See search/DESIGN.md and search/pg_search_config.py. After applying it on a database that
already has an index, run ``manage.py update_index`` once: older entries hold unfolded text.
"""

from django.db import migrations

from search.pg_search_config import create_search_config, drop_search_config


class Migration(migrations.Migration):
    dependencies = [("wagtailsearch", "0010_add_text_fields")]

    operations = [migrations.RunPython(create_search_config, drop_search_config)]
