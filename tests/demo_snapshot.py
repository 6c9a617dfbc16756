"""The demo site, built once per test process and then written back row by row.

`load_demo_content` takes 15–20 s (pages, translations, document extraction in a child
process, search indexing). Tests that need the whole demo site get it in their own
transaction, which is rolled back, so it would be built again for each of them. Instead the
first such test in a process builds it and records what the build changed, table by table:
the rows it inserted, updated or deleted, keyed by primary key. Later tests apply those
changes with plain SQL inside their own transaction.

The recording is only replayed onto the state it was taken from: if a row the build inserted
already exists, or one it updated or deleted is gone (a fixture that ran first created
content of its own), the demo site is built again the slow way. The files the build wrote
(images, documents) are recorded too and written back when a test has since replaced the
storages (tests run with in-memory storages, which start empty when STORAGES changes), so
the rows that name them stay true.
"""

from dataclasses import dataclass, field

from django.core.files.base import ContentFile
from django.core.files.storage import storages
from django.core.management.color import no_style
from django.db import connection

FILE_STORAGES = ("default", "documents")

# Tables not to record: migrations' own bookkeeping, SQLite's internals, and SQLite's
# full-text index with its shadow tables (triggers on the index entries keep them).
SKIPPED_SUFFIXES = ("_fts", "_fts_config", "_fts_content", "_fts_data", "_fts_docsize", "_fts_idx")
SKIPPED_TABLES = {"django_migrations", "sqlite_sequence"}


@dataclass
class TableChange:
    key: str
    columns: list
    removed: list = field(default_factory=list)  # keys of rows deleted or rewritten
    written: list = field(default_factory=list)  # whole rows inserted or rewritten
    inserted_keys: list = field(default_factory=list)


def _tables():
    with connection.cursor() as cursor:
        names = connection.introspection.table_names(cursor)
    return [
        name
        for name in names
        if name not in SKIPPED_TABLES
        and not name.startswith("sqlite_")
        and not name.endswith(SKIPPED_SUFFIXES)
    ]


# Every table and column name in the SQL below comes from the database's own catalogue
# (introspection) and is quoted; the values are parameters.


def _key_column(cursor, table):
    columns = connection.introspection.get_primary_key_columns(cursor, table) or []
    return columns[0] if len(columns) == 1 else None


def _read(table):
    """{key: row} for `table`, with its column names (the key first)."""
    quote = connection.ops.quote_name
    with connection.cursor() as cursor:
        key = _key_column(cursor, table)
        if key is None:
            return None
        cursor.execute(f"SELECT * FROM {quote(table)} WHERE 1 = 0")  # noqa: S608
        columns = [column[0] for column in cursor.description]
        names = ", ".join(quote(c) for c in columns)
        cursor.execute(f"SELECT {names} FROM {quote(table)}")  # noqa: S608
        rows = cursor.fetchall()
    index = columns.index(key)
    return key, columns, {row[index]: tuple(row) for row in rows}


def _state():
    return {table: _read(table) for table in _tables()}


def record(before, after):
    changes = {}
    for table, now in after.items():
        then = before.get(table)
        if now is None or then is None:
            if now != then:
                raise RuntimeError(f"The demo build changed {table}, which has no single key")
            continue
        key, columns, new_rows = now
        old_rows = then[2]
        change = TableChange(key=key, columns=columns)
        for row_key, row in new_rows.items():
            if row_key not in old_rows:
                change.written.append(row)
                change.inserted_keys.append(row_key)
            elif old_rows[row_key] != row:
                change.removed.append(row_key)
                change.written.append(row)
        change.removed.extend(k for k in old_rows if k not in new_rows)
        if change.removed or change.written:
            changes[table] = change
    return changes


def _chunks(items, size=500):
    for start in range(0, len(items), size):
        yield items[start : start + size]


def _applies(changes):
    """True when the database is in the state the recording was taken from, as far as
    the recorded keys go."""
    quote = connection.ops.quote_name
    with connection.cursor() as cursor:
        for table, change in changes.items():
            key = quote(change.key)
            for keys, expected in ((change.inserted_keys, 0), (change.removed, None)):
                for chunk in _chunks(keys):
                    marks = ", ".join(["%s"] * len(chunk))
                    sql = f"SELECT COUNT(*) FROM {quote(table)} WHERE {key} IN ({marks})"  # noqa: S608
                    cursor.execute(sql, chunk)
                    found = cursor.fetchone()[0]
                    if found != (expected if expected is not None else len(chunk)):
                        return False
    return True


def replay(changes):
    quote = connection.ops.quote_name
    with connection.cursor() as cursor:
        for table, change in changes.items():
            key = quote(change.key)
            for chunk in _chunks(change.removed):
                marks = ", ".join(["%s"] * len(chunk))
                sql = f"DELETE FROM {quote(table)} WHERE {key} IN ({marks})"  # noqa: S608
                cursor.execute(sql, chunk)
        for table, change in changes.items():
            if not change.written:
                continue
            names = ", ".join(quote(c) for c in change.columns)
            marks = ", ".join(["%s"] * len(change.columns))
            sql = f"INSERT INTO {quote(table)} ({names}) VALUES ({marks})"  # noqa: S608
            cursor.executemany(sql, change.written)
        if connection.vendor == "postgresql":
            from django.apps import apps

            statements = connection.ops.sequence_reset_sql(no_style(), apps.get_models())
            for statement in statements:
                cursor.execute(statement)


def _walk(storage, path=""):
    directories, files = storage.listdir(path)
    for name in files:
        yield f"{path}/{name}" if path else name
    for directory in directories:
        yield from _walk(storage, f"{path}/{directory}" if path else directory)


def _files():
    """{(storage alias, name)} of every file in the file storages."""
    found = set()
    for alias in FILE_STORAGES:
        storage = storages[alias]
        try:
            found.update((alias, name) for name in _walk(storage))
        except FileNotFoundError:  # a file-system storage whose root does not exist yet
            continue
    return found


def _read_files(names):
    contents = {}
    for alias, name in names:
        with storages[alias].open(name, "rb") as handle:
            contents[(alias, name)] = handle.read()
    return contents


def restore_files(contents):
    for (alias, name), data in contents.items():
        storage = storages[alias]
        if not storage.exists(name):
            saved = storage.save(name, ContentFile(data))
            assert saved == name, (saved, name)


_recorded = {}
_recorded_files = {}


def load_demo_site(build):
    """The demo site in the current (test) transaction. `build` makes it the slow way
    (`load_demo_content` with its on-commit callbacks run) and is called when there is no
    recording yet or it does not apply."""
    database = connection.settings_dict["NAME"]
    changes = _recorded.get(database)
    if changes is not None and _applies(changes):
        replay(changes)
        restore_files(_recorded_files[database])
        return
    before, files_before = _state(), _files()
    build()
    if changes is None:
        _recorded[database] = record(before, _state())
        _recorded_files[database] = _read_files(_files() - files_before)
