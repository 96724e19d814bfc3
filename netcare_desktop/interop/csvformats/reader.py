"""Reading a CSV file of contacts: the format from its header, every row on its own."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from netcare_desktop.core.record import (
    ContactRecord,
    Issue,
)
from netcare_desktop.interop.csvformats.generic import (
    FIELDS,
    map_generic,
)
from netcare_desktop.interop.csvformats.google import (
    map_google,
)
from netcare_desktop.interop.csvformats.linkedin import (
    map_linkedin,
)
from netcare_desktop.interop.csvformats.outlook import (
    map_outlook,
)
from netcare_desktop.interop.csvformats.rows import (
    Columns,
    Row,
)
from netcare_desktop.interop.csvformats.sniff import (
    RawRow,
    decode_bytes,
    find_header,
    is_blank,
    norm_name,
    raw_rows,
)

FORMATS: tuple[str, ...] = ("linkedin", "google", "outlook", "generic")


@dataclass
class CsvResult:
    format: str  # "linkedin", "google", "outlook" or "generic"
    header: list[str]
    records: list[ContactRecord] = field(default_factory=list)
    issues: list[Issue] = field(default_factory=list)
    needs_mapping: bool = False  # True for "generic" until a mapping is given


def read_csv(data: bytes, path: str, mapping: dict[str, str] | None = None) -> CsvResult:
    """Contacts from a CSV file; never raises on bad input (see the module's docstring).

    ``mapping`` (column name -> one of :data:`FIELDS`) is used for a file of unknown format
    (``format == "generic"``); the known formats map themselves and ignore it.
    """
    text = decode_bytes(data)
    delimiter, header_index, fmt = find_header(text)
    result = CsvResult(format=fmt or "generic", header=[], needs_mapping=fmt is None)
    if header_index < 0:
        result.needs_mapping = False  # nothing to map
        result.issues.append(Issue(path, 1, "no header row: the file holds no CSV data"))
        return result
    rows = raw_rows(text, delimiter)
    header_row: RawRow | None = None
    for i, raw in enumerate(rows):
        if i == header_index:
            header_row = raw
            break
    assert header_row is not None
    cols = Columns(header_row.cells)
    cols.neutralised = fmt == "google"
    result.header = list(cols.header)
    width = len(cols.header)

    generic_targets: list[str] = []
    if fmt is None:
        if mapping is None:
            return result
        result.needs_mapping = False
        for name, norm in zip(cols.header, cols.norm, strict=True):
            target = mapping.get(name)
            if target is None:  # tolerate a mapping keyed by the names as typed in the file
                target = next((v for k, v in mapping.items() if norm_name(k) == norm), "ignore")
            if target not in FIELDS:
                result.issues.append(
                    Issue(path, header_row.line, f"column {name!r}: unknown field {target!r}")
                )
                target = "ignore"
            generic_targets.append(target)

    mapper: Callable[[Row], None] = {
        "linkedin": map_linkedin,
        "google": map_google,
        "outlook": map_outlook,
    }.get(fmt or "", lambda row: map_generic(row, generic_targets))

    for raw in rows:
        if raw.problem:
            result.issues.append(
                Issue(path, raw.line, f"row not read: {raw.problem}", skipped=True)
            )
            continue
        cells = raw.cells
        if is_blank(cells):
            continue
        if len(cells) != width:
            if len(cells) > width and is_blank(cells[width:]):
                cells = cells[:width]
            else:
                result.issues.append(
                    Issue(
                        path,
                        raw.line,
                        f"row not read: it has {len(cells)} columns, the header has {width}",
                        skipped=True,
                    )
                )
                continue
        row = Row(cols, cells, path, raw.line)
        try:
            mapper(row)
        except Exception as exc:  # a bug must cost one row, never the import
            result.issues.append(
                Issue(path, raw.line, f"row not read: {type(exc).__name__}: {exc}", skipped=True)
            )
            continue
        result.issues.extend(row.issues)
        if not row.rec.has_identity():
            result.issues.append(
                Issue(path, raw.line, "row skipped: no name, email or phone", skipped=True)
            )
            continue
        result.records.append(row.rec)
    return result
