"""Querysets written to SQL once per process, then run with each call's values.

The ORM spends milliseconds building a query such as the visibility rule or the search's
first pass (filters, `Exists` subqueries, joins resolved and compiled), every time, though
only the values change: the ids, the time, the search terms. A `Statement` builds the
queryset once with markers where those values go, keeps the SQL the ORM wrote, and runs it
with the real values, converting the rows as the ORM would. The rule stays written once, as
a queryset; only the work of writing it again is saved.

    rows = Statement(lambda m: among_ids(Page.objects.all(), m).values_list("pk"))
    rows.run(ids=[1, 2, 3])

Markers are values the ORM passes through unchanged: a large integer, a private string,
a datetime in 1901, a list (PostgreSQL arrays, found by identity). When a marker is missing
from the SQL, or found where it was not expected, the statement falls back to building the
queryset per call with the real values (correct, only slower).
"""

import datetime
import json

from django.core.exceptions import EmptyResultSet, FullResultSet
from django.db import connections


class _ListMarker(list):
    """A list found by identity among the parameters (an array parameter)."""


class Markers:
    """Hands out one distinct marker per name to `build`; with `values`, the values."""

    def __init__(self, vendor, values=None):
        self.vendor = vendor
        self.values = values  # None: hand out markers; otherwise the call's real values
        self.found = {}  # name -> (kind, marker)

    def _mark(self, name, kind, marker):
        if self.values is not None:
            return self.converted(kind, self.values[name])
        self.found[name] = (kind, marker)
        return marker

    def converted(self, kind, value):
        if kind != "array":
            return value
        value = [int(item) for item in value]
        return value if self.vendor == "postgresql" else json.dumps(value)

    def int(self, name):
        return self._mark(name, "int", 7_000_001 + len(self.found))

    def text(self, name):
        return self._mark(name, "text", f"\ufffcbiopa-marker-{len(self.found)}-{name}\ufffc")

    def moment(self, name):
        marker = datetime.datetime(1901, 2, 3, 4, 5, len(self.found) % 60, 606, tzinfo=datetime.UTC)
        return self._mark(name, "moment", marker)

    def array(self, name):
        """Integers as one parameter: an array on PostgreSQL, JSON text on SQLite. The SQL
        that reads it: `among_ids`."""
        if self.vendor == "postgresql":
            marker = _ListMarker()
        else:
            marker = f"\ufffcbiopa-marker-{len(self.found)}-{name}\ufffc"
        return self._mark(name, "array", marker)


def _id_list_condition(column, vendor):
    """SQL for "`column` is one of the ids in the single parameter %s" (Markers.array)."""
    if vendor == "postgresql":
        return f"{column} = ANY(%s)"
    return f"{column} IN (SELECT value FROM json_each(%s))"  # noqa: S608 - a column name


def among_ids(queryset, markers, name="ids", field=None):
    """`queryset` narrowed to the rows whose `field` (the primary key by default) is among
    the integers of the marker `name`, passed as one parameter (Markers.array): a few hundred
    `IN (%s, ...)` parameters cost more to resolve and send than the query takes."""
    model = queryset.model
    model_field = model._meta.pk if field is None else model._meta.get_field(field)
    column = f"{model._meta.db_table}.{model_field.column}"
    return queryset.extra(  # noqa: S610 - constants; the ids are a parameter
        where=[_id_list_condition(column, markers.vendor)], params=[markers.array(name)]
    )


class Statement:
    """A queryset compiled once per process and database (see the module's docstring).

    `build(markers)` returns a queryset (usually `values_list`) whose changing values come
    from `markers` (`markers.int("locale")`, `.text("query")`, `.moment("now")`,
    `.array("ids")`); `run(**values)` returns its rows as tuples."""

    def __init__(self, build, using="default"):
        self.build = build
        self.using = using
        self._compiled = {}  # (vendor, database name) -> (sql, slots, converters) or False

    def _compile(self, connection):
        markers = Markers(connection.vendor)
        compiler = self.build(markers).query.get_compiler(using=self.using)
        try:
            sql, params = compiler.as_sql()
        except (EmptyResultSet, FullResultSet):  # the ORM judged a marker, not a value
            return False
        slots = [_slot(param, markers, connection) for param in params]
        # Every marker handed out must be found: one the ORM changed on its way (wrapped in
        # % signs, say) would otherwise stay in the SQL as a constant. Then: build per call.
        if {name for name, _ in slots} - {None} != set(markers.found):
            return False
        fields = [column for column, _, _ in compiler.select[: compiler.col_count]]
        return sql, slots, compiler.get_converters(fields)

    def run(self, **values):
        """The rows (tuples) of the queryset built with `values`."""
        connection = connections[self.using]
        key = (connection.vendor, connection.settings_dict.get("NAME"))
        if key not in self._compiled:
            self._compiled[key] = self._compile(connection)
        compiled = self._compiled[key]
        if not compiled:
            return [tuple(row) for row in self.build(Markers(connection.vendor, values))]
        sql, slots, converters = compiled
        params = [value if name is None else value(values[name]) for name, value in slots]
        with connection.cursor() as cursor:
            cursor.execute(sql, params)
            rows = cursor.fetchall()
        if not converters:
            return [tuple(row) for row in rows]
        converted = []
        for row in rows:  # as SQLCompiler.apply_converters, with this thread's connection
            row = list(row)
            for position, (functions, expression) in converters.items():
                value = row[position]
                for function in functions:
                    value = function(value, expression, connection)
                row[position] = value
            converted.append(tuple(row))
        return converted


def _slot(param, markers, connection):
    """One parameter of the SQL: (None, the constant), or (a marker's name, a function
    turning the call's value into the parameter as the ORM would have passed it)."""
    for name, (kind, marker) in markers.found.items():
        if isinstance(marker, _ListMarker):
            if param is marker:
                return name, lambda value, kind=kind: markers.converted(kind, value)
        elif type(param) is type(marker) and param == marker:
            return name, lambda value, kind=kind: markers.converted(kind, value)
        elif isinstance(marker, int) and isinstance(param, int) and int(param) == marker:
            return name, type(param)  # an int the backend wrapped (psycopg's Int4): wrap too
        elif kind == "moment" and param == connection.ops.adapt_datetimefield_value(marker):
            return name, connection.ops.adapt_datetimefield_value  # SQLite: text
    return None, param
