"""Reading the files of an import: every format, recognised from the content.

vCard, CSV (LinkedIn, Google, Outlook, or mapped) or NetCare JSON; every problem is an
``Issue`` with file and line, never an exception.  Hostile or broken input stays data,
and bounded (``MAX_IMPORT_BYTES``, ``MAX_TEXT_CHARS``, ``MAX_PHOTO_BYTES``).
"""

from __future__ import annotations

import contextlib
import stat
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from operator import attrgetter
from pathlib import Path
from typing import Any

from netcare_desktop.core.record import TEXT_FIELDS, ContactRecord, Issue
from netcare_desktop.interop.gcpause import collector_paused

SUFFIXES_VCARD = {".vcf", ".vcard"}
SUFFIXES = SUFFIXES_VCARD | {".csv", ".json"}


@dataclass
class FileReport:
    path: str
    format: str = ""
    records: int = 0
    issues: list[Issue] = field(default_factory=list)
    created: int = 0
    merged: int = 0
    unchanged: int = 0
    possible_duplicates: int = 0
    needs_mapping: bool = False
    header: list[str] = field(default_factory=list)
    mapping: dict[str, str] = field(default_factory=dict)  # a CSV's, guessed by column names
    # The code page of values that declare none and are not UTF-8 ("" when there are
    # none): a guess (uncertain: the preview offers the alternatives) or the person's choice.
    encoding: str = ""
    encoding_certain: bool = True
    encoding_chosen: bool = False
    encoding_alternatives: list[str] = field(default_factory=list)

    @property
    def unreadable(self) -> bool:
        return self.records == 0 and bool(self.issues)


def expand_paths(paths: Iterable[str | Path]) -> list[Path]:
    """Files as given; folders contribute their .vcf/.vcard/.csv/.json files (recursively)."""
    out: list[Path] = []
    for p in paths:
        p = Path(p)
        if p.is_dir():
            out.extend(
                sorted(q for q in p.rglob("*") if q.is_file() and q.suffix.lower() in SUFFIXES)
            )
        else:
            out.append(p)
    return out


def sniff_format(path: Path, head: bytes) -> str:
    """The format from the content's structure, the file's name only when the content
    says nothing: a JSON document starts with an object or an array (a NetCare backup
    whose note quotes a vCard is still JSON); a vCard file has BEGIN:VCARD near its
    start; anything else is CSV."""
    text = head.lstrip(b"\xef\xbb\xbf\xff\xfe\xfe\xff\x00 \t\r\n")
    if b"\x00" in text[:64]:  # UTF-16/32: the structure is in the other bytes
        text = text.replace(b"\x00", b"")
    # A JSON document: an object's first key (or "}"), an array's first item (or "]").
    after = text[1:].lstrip(b" \t\r\n")[:1]
    if after and (text[:1] == b"{" and after in b'"}' or text[:1] == b"[" and after in b'[{]"'):
        return "json"
    if (
        b"BEGIN:VCARD" in head.upper().replace(b"\x00", b"")
        or path.suffix.lower() in SUFFIXES_VCARD
    ):
        return "vcard"
    if text.startswith(b"{") or path.suffix.lower() == ".json":
        return "json"
    return "csv"


_CHOSEN_ENCODING: list[str] = []  # `netcare import --encoding`: see ``chosen_encoding``


def chosen_encoding(name: str | None) -> contextlib.AbstractContextManager[None]:
    """Read every file in a ``with`` block with code page ``name`` (``netcare import
    --encoding``; module-wide, so that the CLI's reading process, a fork, has it too).
    A name Python does not know raises LookupError here, before anything is read."""
    if not name:
        return contextlib.nullcontext()
    from netcare_desktop.interop.codepages import normalize

    codec = normalize(name)

    @contextlib.contextmanager
    def block() -> Iterator[None]:
        _CHOSEN_ENCODING.append(codec)
        try:
            yield
        finally:
            _CHOSEN_ENCODING.pop()

    return block()


def read_file(
    path: str | Path, mapping: dict[str, str] | None = None, encoding: str | None = None
) -> tuple[FileReport, list[ContactRecord]]:
    """Read one file whatever its format; never raises for bad content.  ``encoding``: the
    code page of values that declare none (None: guessed when they are not UTF-8)."""
    records: list[ContactRecord] = []
    for part in read_chunks(path, mapping, size=0, encoding=encoding):
        if isinstance(part, FileReport):
            return part, records
        records.extend(part)
    raise AssertionError("read_chunks ends with the file's report")  # pragma: no cover


def read_chunks(
    path: str | Path,
    mapping: dict[str, str] | None = None,
    size: int = 500,
    first: int = 0,
    guess: bool = False,
    encoding: str | None = None,
) -> Iterator[list[ContactRecord] | FileReport]:
    """``read_file`` a few records at a time: lists of up to ``size`` records (0: all in
    one; ``first``: the first list's size, when it should come sooner), then the file's
    report, last.  A vCard file is parsed as it is handed out, so only one list of records
    is alive at a time; CSV and JSON are parsed whole first."""
    path = Path(path)
    report = FileReport(str(path))
    try:
        st = path.stat()
        length = st.st_size
        if not stat.S_ISREG(st.st_mode):  # /dev/zero never ends, a FIFO waits for a writer
            report.issues.append(
                Issue(str(path), 1, "not a regular file (a device, a pipe or a socket)", True)
            )
            yield report
            return
        if length > MAX_IMPORT_BYTES:
            report.issues.append(
                Issue(
                    str(path),
                    1,
                    f"the file is {length / 1e6:.0f} MB; NetCare imports up to"
                    f" {MAX_IMPORT_BYTES / 1e6:.0f} MB at a time: export or split it into"
                    " smaller files",
                    True,
                )
            )
            yield report
            return
        data = path.read_bytes()
    except OSError as exc:
        report.issues.append(Issue(str(path), 1, f"cannot read the file: {exc.strerror}", True))
        yield report
        return
    kind = sniff_format(path, data[:4096])
    codepage = None
    with collector_paused():
        records: Iterable[ContactRecord]
        if kind == "vcard":
            from netcare_desktop.interop.vcard import iter_vcards
            from netcare_desktop.interop.vcard.lines import Codepage

            report.format = "vcard"
            codepage = Codepage(chosen=encoding or next(reversed(_CHOSEN_ENCODING), None))
            records = _keep_records(iter_vcards(data, str(path), codepage=codepage), report.issues)
        elif kind == "json":
            from netcare_desktop.interop.jsonformat import read_json

            report.format = "json"
            records, report.issues = read_json(data, str(path))
        else:
            from netcare_desktop.interop.csvformats import read_csv

            result = read_csv(data, str(path), mapping, guess=guess)
            report.format = f"csv-{result.format}"
            report.mapping = result.mapping if result.guessed else {}
            report.needs_mapping = result.needs_mapping
            report.header = result.header
            records, report.issues = result.records, result.issues
        del data
        chunk: list[ContactRecord] = []
        wanted = first or size
        for rec in records:
            chunk.append(rec)
            if len(chunk) == wanted:
                _enforce_limits(chunk, report)
                report.records += len(chunk)
                yield chunk
                chunk = []
                wanted = size
        if chunk:
            _enforce_limits(chunk, report)
            report.records += len(chunk)
            yield chunk
    if codepage is not None and codepage.guess is not None:
        found = codepage.guess
        report.encoding, report.encoding_certain = found.codec, found.certain
        report.encoding_chosen = found.chosen
        report.encoding_alternatives = list(found.alternatives)
        report.issues.insert(0, Issue(str(path), 1, found.describe()))
    yield report


def _keep_records(
    items: Iterable[tuple[ContactRecord | None, list[Issue]]], issues: list[Issue]
) -> Iterator[ContactRecord]:
    """The records of a reader's stream; its issues go to ``issues`` as they come."""
    for rec, found in items:
        if found:
            issues.extend(found)
        if rec is not None:
            yield rec


# Hostile or broken input stays data, and bounded: a file is read whole (so it has a
# ceiling), and one value may not be larger than a person's notes or photo could be.
MAX_IMPORT_BYTES = 100 * 1000 * 1000
MAX_TEXT_CHARS = 1_000_000  # any single text value (a note of a million characters is enough)
MAX_PHOTO_BYTES = 10 * 1000 * 1000


_TEXTS = attrgetter(*TEXT_FIELDS)


def _too_big(rec: ContactRecord) -> bool:
    """The cheap question first (one C-level pass over the text fields): is anything big?"""
    big = MAX_TEXT_CHARS
    for values in (rec.extras, rec.emails, rec.phones, rec.urls):
        for x in values:
            if len(x.value) > big:
                return True
    if rec.photo is not None and len(rec.photo) > MAX_PHOTO_BYTES:
        return True
    return max(map(len, _TEXTS(rec))) > big


def _enforce_limits(records: list[ContactRecord], report: FileReport) -> None:
    """Leave out (and report with its line) any value over the limits; the record stays."""
    for rec in records:
        if not _too_big(rec):
            continue
        for name in TEXT_FIELDS:
            value = getattr(rec, name)
            if isinstance(value, str) and len(value) > MAX_TEXT_CHARS:
                setattr(rec, name, "")
                report.issues.append(
                    Issue(
                        report.path,
                        rec.line,
                        f"{name.replace('_', ' ')} of {len(value):,} characters left out"
                        f" (more than {MAX_TEXT_CHARS:,})",
                    )
                )
        if rec.photo is not None and len(rec.photo) > MAX_PHOTO_BYTES:
            report.issues.append(
                Issue(
                    report.path,
                    rec.line,
                    f"photo of {len(rec.photo) / 1e6:.0f} MB left out"
                    f" (more than {MAX_PHOTO_BYTES / 1e6:.0f} MB)",
                )
            )
            rec.photo, rec.photo_mime = None, ""
        kept = [x for x in rec.extras if len(x.value) <= MAX_TEXT_CHARS]
        if len(kept) != len(rec.extras):
            report.issues.append(
                Issue(report.path, rec.line, "a property over a million characters left out")
            )
            rec.extras = kept
        lists: tuple[list[Any], ...] = (rec.emails, rec.phones, rec.urls)
        for items in lists:
            big = [x for x in items if len(x.value) > MAX_TEXT_CHARS]
            for x in big:
                items.remove(x)
                report.issues.append(
                    Issue(report.path, rec.line, "a value over a million characters left out")
                )
