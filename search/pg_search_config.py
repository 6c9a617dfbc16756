"""SQL for the PostgreSQL text search configuration ``biopa_search``.

Greek words go to the built-in Snowball ``greek_stem`` dictionary, which
already folds case, τόνος, διαλυτικά and final sigma (ts_lexize('greek_stem',
'Οδηγός') = ts_lexize('greek_stem', 'οδηγοσ') = {οδηγ}); ASCII words go to
``english_stem`` with PostgreSQL's English stop words. Numbers, e-mails, URLs
etc. stay as in ``simple``. Only dictionaries that ship with every PostgreSQL
are used, so the configuration needs no extension and no file in
$SHAREDIR/tsearch_data (managed PostgreSQL services do not allow writing
there). Greek stop words are removed in Python instead, see
``search.greek.GREEK_STOP_WORDS`` and search/DESIGN.md.

``pg_trgm`` is created when possible, for modelsearch's optional ``Fuzzy``
queries; its absence (no privilege, not installed) is reported as a NOTICE
and is not an error.

Every statement is idempotent. Use from a migration with::

    migrations.RunPython(create_search_config, drop_search_config)

(RunPython rather than RunSQL so that the migration is a no-op on SQLite.)
"""

SEARCH_CONFIG = "biopa_search"

# The name is spelt out (no f-strings) so the SQL is plain constant text.
# No "%" anywhere: Django may pass these through a DB-API cursor with params.
CREATE_SQL = (
    # Optional extension. pg_trgm is a trusted extension (PostgreSQL 13+): a
    # database owner may create it; anyone else just gets a NOTICE.
    """
    DO $biopa$
    BEGIN
        CREATE EXTENSION IF NOT EXISTS pg_trgm;
    EXCEPTION WHEN OTHERS THEN
        RAISE NOTICE USING MESSAGE =
            'biopa_search: pg_trgm not available, Fuzzy search disabled: ' || SQLERRM;
    END
    $biopa$;
    """,
    # CREATE TEXT SEARCH CONFIGURATION has no IF NOT EXISTS.
    """
    DO $biopa$
    BEGIN
        IF NOT EXISTS (
            SELECT 1
            FROM pg_catalog.pg_ts_config c
            JOIN pg_catalog.pg_namespace n ON n.oid = c.cfgnamespace
            WHERE c.cfgname = 'biopa_search' AND n.nspname = current_schema()
        ) THEN
            CREATE TEXT SEARCH CONFIGURATION biopa_search (COPY = pg_catalog.simple);
        END IF;
    END
    $biopa$;
    """,
    # ALTER MAPPING replaces whatever is there, so re-running is harmless.
    """
    ALTER TEXT SEARCH CONFIGURATION biopa_search
        ALTER MAPPING FOR asciiword, asciihword, hword_asciipart
        WITH pg_catalog.english_stem;
    """,
    """
    ALTER TEXT SEARCH CONFIGURATION biopa_search
        ALTER MAPPING FOR word, hword, hword_part
        WITH pg_catalog.greek_stem;
    """,
    """
    COMMENT ON TEXT SEARCH CONFIGURATION biopa_search IS
        'BIOPA site search: Greek snowball (accent, case and final sigma '
        'insensitive) for non-ASCII words, English snowball and stop words for '
        'ASCII words. Greek stop words are removed by the application.';
    """,
)

# The extension is left in place: other objects (modelsearch's trigram
# indexes) may depend on it.
DROP_SQL = ("DROP TEXT SEARCH CONFIGURATION IF EXISTS biopa_search;",)


def create_search_config(apps, schema_editor):
    """RunPython forward function: create ``biopa_search`` on PostgreSQL."""
    if schema_editor.connection.vendor != "postgresql":
        return
    for statement in CREATE_SQL:
        schema_editor.execute(statement, params=None)


def drop_search_config(apps, schema_editor):
    """RunPython reverse function: drop ``biopa_search`` on PostgreSQL."""
    if schema_editor.connection.vendor != "postgresql":
        return
    for statement in DROP_SQL:
        schema_editor.execute(statement, params=None)
