"""Table cells labelled by row and column in wagtail-localize's translation editor.

A table's cells reach the translators one segment per cell (home.blocks.TableDataBlock,
content path `<field>.<block id>.data.<row>.<column>`), but wagtail-localize 1.14 labels
every segment of a block with the label of its struct child, so each cell read "Cells"
("Κελιά"). Here each cell's label says where it is: "Row 2 · Column 3" in the admin's
language ("Γραμμή 2 · Στήλη 3").

wagtail-localize computes the labels in `views.edit_translation.get_segment_location_info`,
looked up in that module at every call, and has no hook for it. `install()` (from
home.apps.HomeConfig.ready) wraps that function: upstream's result is kept and only its
`subField` is replaced for a table cell. tests/home/test_table_translation_labels.py
fails when upstream's function changes, so that this wrapper is checked against the new
version before `UPSTREAM_SOURCE_SHA256` is updated; on another wagtail-localize series the
wrapper is not installed (the cells keep upstream's label) and a warning says so.
"""

import hashlib
import inspect
import warnings

import wagtail_localize
from django.utils.translation import gettext
from wagtail.fields import StreamField
from wagtail_localize.views import edit_translation

WRITTEN_FOR = "1.14"  # the wagtail-localize series whose get_segment_location_info is wrapped
# sha256 of inspect.getsource(get_segment_location_info) in wagtail-localize 1.14.5
UPSTREAM_SOURCE_SHA256 = "6218eff9b05f4a958fbd5f42b1e354adff929226f7d4cc2d0eae9b390c504aa5"

upstream_get_segment_location_info = getattr(
    edit_translation.get_segment_location_info,
    "__wrapped__",
    edit_translation.get_segment_location_info,
)


def upstream_source_sha256():
    source = inspect.getsource(upstream_get_segment_location_info)
    return hashlib.sha256(source.encode()).hexdigest()


def written_for(version):
    return version == WRITTEN_FOR or version.startswith(WRITTEN_FOR + ".")


def table_cell(source_instance, content_path, field_path):
    """`(row, column)` when the segment at `content_path` is a table cell, else None."""
    from home.blocks import TableDataBlock

    field_names = field_path.split(".")
    try:
        field = source_instance._meta.get_field(field_names[0])
    except Exception:  # noqa: BLE001 - not a model field: not a table cell
        return None
    if not isinstance(field, StreamField):
        return None
    block = field.stream_block
    for name in field_names[1:]:
        children = getattr(block, "child_blocks", None)
        if children is None:
            child = getattr(block, "child_block", None)  # a ListBlock's "item"
            if child is None:
                return None
            block = child
            continue
        if name not in children:
            return None
        block = children[name]
    if not isinstance(block, TableDataBlock):
        return None
    row, column = content_path.split(".")[-2:]
    if not (row.isdigit() and column.isdigit()):
        return None
    return int(row), int(column)


def get_segment_location_info(source_instance, tab_helper, content_path, field_path, **kwargs):
    info = upstream_get_segment_location_info(
        source_instance, tab_helper, content_path, field_path, **kwargs
    )
    cell = table_cell(source_instance, content_path, field_path)
    if cell is not None:
        row, column = cell
        info["subField"] = gettext("Row %(row)s · Column %(column)s") % {
            "row": row,
            "column": column,
        }
    return info


get_segment_location_info.__wrapped__ = upstream_get_segment_location_info


def install():
    if not written_for(wagtail_localize.__version__):
        warnings.warn(
            f"home.translation_labels wraps wagtail-localize {WRITTEN_FOR}'s "
            f"get_segment_location_info; installed is {wagtail_localize.__version__}: "
            "compare home/translation_labels.py with it and update WRITTEN_FOR.",
            stacklevel=2,
        )
        return
    edit_translation.get_segment_location_info = get_segment_location_info
