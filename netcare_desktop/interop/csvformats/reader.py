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
from netcare_desktop.interop.csvformats.guess import suggest_mapping
from netcare_desktop.interop.csvformats.khard import map_khard
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
    decode_csv,
    find_header,
    is_blank,
    norm_name,
    raw_rows,
)
from netcare_desktop.interop.csvformats.thunderbird import map_thunderbird

FORMATS: tuple[str, ...] = ("linkedin", "thunderbird", "khard", "google", "outlook", "generic")


@dataclass
class CsvResult:
    format: str  # one of FORMATS
    header: list[str]
    records: list[ContactRecord] = field(default_factory=list)
    issues: list[Issue] = field(default_factory=list)
    needs_mapping: bool = False  # True for "generic" until a mapping is given
    mapping: dict[str, str] = field(default_factory=dict)  # a generic file's, as used
    guessed: bool = False  # the mapping was guessed from the column names (``guess=True``)
    encoding: str = ""  # how the bytes were read ("utf-8", "utf-16-le", "cp932"...)


def read_csv(
    data: bytes, path: str, mapping: dict[str, str] | None = None, guess: bool = False
) -> CsvResult:
    """Contacts from a CSV file; never raises on bad input (see the module's docstring).

    ``mapping`` (column name -> one of :data:`FIELDS`) is used for a file of unknown format
    (``format == "generic"``); the known formats map themselves and ignore it. Without
    one, ``guess`` maps the columns by their names (:func:`suggest_mapping`), as the command
    line does: a file none of whose columns has a known name is then refused with an issue
    naming its columns. Without either, a generic file ``needs_mapping`` (the window asks).
    """
    text, result_encoding = decode_csv(data)
    delimiter, header_index, fmt = find_header(text)
    result = CsvResult(format=fmt or "generic", header=[], needs_mapping=fmt is None)
    result.encoding = result_encoding
    if result_encoding not in ("utf-8", "cp1252") and not result_encoding.startswith("utf-"):
        result.issues.append(
            Issue(path, 1, f"read as {result_encoding} (the code page was guessed from the bytes)")
        )
    if header_index < 0:
        result.needs_mapping = False  # nothing to map
        empty = not text.strip()
        result.issues.append(
            Issue(
                path,
                1,
                "the file is empty: nothing to import"
                if empty
                else "no header row: the file holds no CSV data",
            )
        )
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
        if mapping is None and guess:
            mapping = suggest_mapping(cols.header)
            if all(target == "ignore" for target in mapping.values()):
                result.needs_mapping = False  # refused: said here, with the columns
                shown = ", ".join(repr(h) for h in cols.header[:12] if h)
                more = len(cols.header) - 12
                result.issues.append(
                    Issue(
                        path,
                        header_row.line,
                        f"no column of this CSV has a name NetCare knows ({shown}"
                        + (f" and {more} more" if more > 0 else "")
                        + "): nothing imported; open it with Import in the window to map"
                        " its columns to fields",
                        True,
                    )
                )
                return result
            result.guessed = True
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
        result.mapping = dict(zip(cols.header, generic_targets, strict=True))

    mapper: Callable[[Row], None] = {
        "linkedin": map_linkedin,
        "thunderbird": map_thunderbird,
        "khard": map_khard,
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
    if not result.records and not any(i.skipped for i in result.issues):
        result.issues.append(
            Issue(
                path,
                header_row.line,
                "the file holds a header but no rows: nothing to import",
                True,
            )
        )
    return result
